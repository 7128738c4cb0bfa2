import type { INodeProperties } from 'n8n-workflow';

import * as acknowledgment from './acknowledgment';
import * as cancellation from './cancellation';
import * as changeLog from './changeLog';
import * as inventory from './inventory';
import * as invoice from './invoice';
import * as order from './order';
import * as packingSlip from './packingSlip';
import * as shipment from './shipment';
import * as shippingLabel from './shippingLabel';
import type { DscoOperation } from './types';

/** A resource of the DSCO node: its picker entry, its parameters and its operations. */
export interface DscoResource {
	resource: { name: string; value: string };
	description: INodeProperties[];
	operations: Record<string, DscoOperation>;
}

/** Every resource of the node, one line each. The node's description and the router are built from this list. */
export const resources: DscoResource[] = [acknowledgment, cancellation, changeLog, inventory, invoice, order, packingSlip, shipment, shippingLabel];
