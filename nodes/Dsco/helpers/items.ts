import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { errorText } from '../transport/errors';

/** The error as an n8n node error (DSCO's own errors already are one), never with an empty message. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(node, error as Error);
	if (!nodeError.message.trim()) nodeError.message = errorText(error, `The node "${node.name}" failed without a message`);
	return nodeError;
}

/** An error item for continue-on-fail, paired to its input. */
export function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: errorText(error, 'The item failed without a message') };
	if (error.description) json.errorDescription = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Runs `fn` for each input item and pairs what it returns to that item. A failure becomes an error item under
 * continue-on-fail and stops the node otherwise.
 */
export async function forEachItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	fn: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await fn(i);
			for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error);
			out.push(errorItem(error as Error, i));
		}
	}
	return out;
}

/**
 * For operations that send many items in few calls: validates every item before anything is sent. Without
 * continue-on-fail the first bad item stops the node and nothing is sent; with it, bad items become error items
 * and the rest go ahead.
 */
export function validateAll<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => T,
): { valid: Array<{ itemIndex: number; value: T }>; failed: Map<number, INodeExecutionData> } {
	const valid: Array<{ itemIndex: number; value: T }> = [];
	const failed = new Map<number, INodeExecutionData>();
	for (let i = 0; i < items.length; i++) {
		try {
			valid.push({ itemIndex: i, value: read(i) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error);
			failed.set(i, errorItem(error as Error, i));
		}
	}
	return { valid, failed };
}

/** A NodeOperationError for a bad parameter: names the item and the field and says what is allowed. */
export function invalidInput(ctx: IExecuteFunctions, itemIndex: number, field: string, problem: string) {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field}" [item ${itemIndex}]: ${problem}`, {
		itemIndex,
		description: `Fix the "${field}" parameter for input item ${itemIndex}; nothing was sent to DSCO for this item.`,
	});
}
