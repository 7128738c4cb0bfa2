import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DscoClient } from '../transport/client';
import * as acknowledgment from './acknowledgment';
import { readTransportSettings } from './common';
import * as order from './order';
import type { DscoOperation } from './types';

/** resource → operation → implementation. The node's description is built from the same modules. */
export const operations: Record<string, Record<string, DscoOperation>> = {
	order: { get: order.get, getMany: order.getMany },
	acknowledgment: { acknowledge: acknowledgment.acknowledge },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const implementation = operations[resource]?.[operation];
	if (!implementation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	const client = await DscoClient.create(this, readTransportSettings(this));
	return [await implementation.execute.call(this, client, items)];
}
