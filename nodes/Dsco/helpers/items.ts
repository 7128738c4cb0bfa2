import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { itemLabel } from '../transport/errors';
import { isRateLimitGiveUp } from '../transport/pacing';

/** The error as an n8n node error (DSCO's own errors already are one). */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

/** An error item for continue-on-fail, paired to its input. */
export function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.errorDescription = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Items whose call DSCO kept refusing with 429 past the node's Max Total Wait on Rate Limit. Such an item was not
 * processed, and the items after it are independent of it, so without continue-on-fail the loop still goes on to
 * them; the node then fails with the first throttled item's error, saying which items were not processed.
 */
export class ThrottledItems {
	private readonly failures: Array<{ itemIndexes: number[]; error: NodeApiError | NodeOperationError }> = [];

	constructor(private readonly node: INode) {}

	/** Keeps the failure when it is a rate-limit give-up (true), so that the caller moves on to the next item(s). */
	keep(error: unknown, itemIndexes: number | readonly number[]): boolean {
		if (!isRateLimitGiveUp(error)) return false;
		this.failures.push({ itemIndexes: typeof itemIndexes === 'number' ? [itemIndexes] : [...itemIndexes], error: asNodeError(this.node, error) });
		return true;
	}

	/** Throws the first kept failure, naming every item DSCO did not process, once the other items were sent. */
	throwIfAny(total: number): void {
		if (!this.failures.length) return;
		const first = this.failures[0].error;
		const indexes = this.failures.flatMap((f) => f.itemIndexes);
		const summary = `DSCO's rate limit kept ${indexes.length} of ${total} items from being processed${itemLabel(indexes)}; the others were sent. Nothing was applied for these: run them again, or turn on Continue On Fail to get them as error items.`;
		first.description = [first.description, summary].filter(Boolean).join('\n');
		throw first;
	}
}

/** An output item that carries files (binary data), for forEachItem; a plain object is the output item's JSON. */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/**
 * Runs `fn` for each input item and pairs what it returns to that item. A failure becomes an error item under
 * continue-on-fail and stops the node otherwise (except a rate-limit give-up: see ThrottledItems).
 */
export async function forEachItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	fn: (itemIndex: number) => Promise<IDataObject | IDataObject[] | ItemWithBinary>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const throttled = new ThrottledItems(ctx.getNode());
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await fn(i);
			if (result instanceof ItemWithBinary) out.push({ json: result.json, binary: result.binary, pairedItem: { item: i } });
			else for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (ctx.continueOnFail()) out.push(errorItem(error as Error, i));
			else if (!throttled.keep(error, i)) throw asNodeError(ctx.getNode(), error);
		}
	}
	throttled.throwIfAny(items.length);
	return out;
}

/**
 * For operations that send many items in few calls, or writes sent one by one: validates every item before anything
 * is sent. Without continue-on-fail the first bad item stops the node and nothing is sent; with it, bad items become
 * error items (`failed`; `errors` holds the errors themselves) and the rest go ahead.
 */
export function validateAll<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => T,
): { valid: Array<{ itemIndex: number; value: T }>; failed: Map<number, INodeExecutionData>; errors: Map<number, Error> } {
	const valid: Array<{ itemIndex: number; value: T }> = [];
	const failed = new Map<number, INodeExecutionData>();
	const errors = new Map<number, Error>();
	for (let i = 0; i < items.length; i++) {
		try {
			valid.push({ itemIndex: i, value: read(i) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error);
			failed.set(i, errorItem(error as Error, i));
			errors.set(i, error as Error);
		}
	}
	return { valid, failed, errors };
}

/** A NodeOperationError for a bad parameter: names the item and the field and says what is allowed. */
export function invalidInput(ctx: IExecuteFunctions, itemIndex: number, field: string, problem: string) {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field}" [item ${itemIndex}]: ${problem}`, {
		itemIndex,
		description: `Fix the "${field}" parameter for input item ${itemIndex}; nothing was sent to DSCO for this item.`,
	});
}
