import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { useFastParameters } from '../helpers/parameters';
import { DscoClient } from '../transport/client';
import { readTransportSettings } from '../helpers/requestOptions';
import { resources } from './resources';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// Per-item parameters without n8n's per-item expression cost where the answer is the same (helpers/parameters.ts).
	const restore = useFastParameters(this, items);
	try {
		return await route.call(this, items);
	} finally {
		restore();
	}
}

async function route(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const implementation = resources.find((r) => r.resource.value === resource)?.operations[
		operation
	];
	if (!implementation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const client = await DscoClient.create(this, readTransportSettings(this));
	const output = await implementation.execute.call(this, client, items);
	if (this.getNode().onError !== 'continueErrorOutput') return [output];
	return [output.map(toErrorOutputShape)];
}

/**
 * Operations mark a failed item with `json.error` (continue-on-fail) next to what identifies it (order id, SKU,
 * requestId, DSCO's messages). With "On Error: Continue (using error output)", n8n moves an item to the error
 * output only when its JSON holds nothing but `error`, `message` and `details`: the other fields go under `details`
 * (n8n then adds the input item's fields too).
 */
function toErrorOutputShape(item: INodeExecutionData): INodeExecutionData {
	if (typeof item.json.error !== 'string') return item;
	const { error, ...details } = item.json;
	return { ...item, json: Object.keys(details).length ? { error, details } : { error } };
}
