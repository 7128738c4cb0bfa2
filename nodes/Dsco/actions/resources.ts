import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as acknowledgment from './acknowledgment';
import * as cancellation from './cancellation';
import * as catalog from './catalog';
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
	resource: { name: string; value: string; description?: string };
	description: INodeProperties[];
	operations: Record<string, DscoOperation>;
}

/** Every resource of the node, one line each. The node's description and the router are built from this list. */
export const resources: DscoResource[] = [
	acknowledgment,
	cancellation,
	catalog,
	changeLog,
	inventory,
	invoice,
	order,
	packingSlip,
	shipment,
	shippingLabel,
];

/** The Resource options, alphabetical as n8n lists them. */
export function resourceOptions(): INodePropertyOptions[] {
	return resources.map((r) => r.resource).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every resource's parameters (operation selector and operation fields). */
export function resourceProperties(): INodeProperties[] {
	return resources.flatMap((r) => r.description);
}

/** "resource:operation" → the operation's action label ("Get many orders"), for the canvas subtitle. */
export function operationActions(): Record<string, string> {
	const actions: Record<string, string> = {};
	for (const r of resources) {
		const selector = r.description.find((p) => p.name === 'operation');
		for (const option of (selector?.options ?? []) as INodePropertyOptions[]) {
			actions[`${r.resource.value}:${String(option.value)}`] = option.action ?? option.name;
		}
	}
	return actions;
}

/**
 * The canvas subtitle in words: the chosen operation's action label, looked up in a table built from the operation
 * selectors (so it follows them), falling back to n8n's usual "operation: resource" for anything not in it.
 */
export function subtitleExpression(): string {
	return `={{ (${JSON.stringify(operationActions())})[$parameter["resource"] + ":" + $parameter["operation"]] ?? ($parameter["operation"] + ": " + $parameter["resource"]) }}`;
}
