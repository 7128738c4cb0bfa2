import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError, errorText, itemLabel } from '../transport/errors';
import { isRateLimitGiveUp } from '../transport/pacing';

/** Kept here too: operations take their item-handling helpers from this file. */
export { asNodeError };

/** An error item for continue-on-fail, paired to its input; `extra` (e.g. what identifies the item's write) first. */
export function errorItem(
	error: Error & { description?: string | null },
	itemIndex: number,
	extra?: IDataObject,
): INodeExecutionData {
	const json: IDataObject = {
		...extra,
		error: errorText(error, 'The item failed without a message'),
	};
	if (error.description) json.errorDescription = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The rule for a failed item, where a failure must stop the node at once (reading and checking items, the checks
 * before anything is sent): under continue-on-fail, the item's error item; otherwise the node stops with the error.
 */
export function errorItemOrThrow(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	extra?: IDataObject,
): INodeExecutionData {
	if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error);
	return errorItem(error as Error, itemIndex, extra);
}

/**
 * Items whose call DSCO kept refusing with 429 past the node's Max Total Wait on Rate Limit. Such an item was not
 * processed, and the items after it are independent of it, so without continue-on-fail the loop still goes on to
 * them; the node then fails with the first throttled item's error, saying which items were not processed.
 */
export class ThrottledItems {
	private readonly failures: Array<{
		itemIndexes: number[];
		error: NodeApiError | NodeOperationError;
	}> = [];

	constructor(private readonly node: INode) {}

	/** Keeps the failure when it is a rate-limit give-up (true), so that the caller moves on to the next item(s). */
	keep(error: unknown, itemIndexes: number | readonly number[]): boolean {
		if (!isRateLimitGiveUp(error)) return false;
		this.failures.push({
			itemIndexes: typeof itemIndexes === 'number' ? [itemIndexes] : [...itemIndexes],
			error: asNodeError(this.node, error),
		});
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

/** What one input item gives: the JSON of one output item or of several, or an output item with files. */
export type ItemOutput = IDataObject | IDataObject[] | ItemWithBinary;

/**
 * The one home of per-item error handling: each input item's output, paired to it and kept by item index, returned
 * in input order whatever order the items were settled in (checked, sent, verified). A failed item becomes its error
 * item under continue-on-fail and stops the node otherwise; `failOrHold` also lets the items after a rate-limit
 * give-up go out first (see ThrottledItems).
 */
export class ItemResults {
	/** By item index (an array: 100,000 Map insertions cost more than the writes). */
	private readonly slots: Array<INodeExecutionData | INodeExecutionData[] | undefined>;

	private readonly throttled: ThrottledItems;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly count: number,
	) {
		this.slots = new Array<INodeExecutionData | undefined>(count).fill(undefined);
		this.throttled = new ThrottledItems(ctx.getNode());
	}

	/** validateAll, with the bad items' error items in their slots: returns the valid items. */
	validate<T>(read: (itemIndex: number) => T): Array<{ itemIndex: number; value: T }> {
		const { valid, failed } = checkEach(this.ctx, this.count, read);
		for (const [i, item] of failed) this.slots[i] = item;
		return valid;
	}

	/**
	 * `validate`, then `settle` (e.g. a check against DSCO before sending) on the valid items: an item it returns the
	 * output of takes that output. Returns the valid items it left, to send.
	 */
	async validateAndSettle<T>(
		read: (itemIndex: number) => T,
		settle?: (valid: Array<{ itemIndex: number; value: T }>) => Promise<Map<number, IDataObject>>,
	): Promise<Array<{ itemIndex: number; value: T }>> {
		const valid = this.validate(read);
		if (!settle) return valid;
		const settled = await settle(valid);
		for (const [i, json] of settled) this.set(i, json);
		return valid.filter((v) => !settled.has(v.itemIndex));
	}

	/** The item's output, paired to it (in place of any it had). */
	set(itemIndex: number, output: ItemOutput): void {
		if (output instanceof ItemWithBinary) {
			const { json, binary } = output;
			this.slots[itemIndex] = { json, binary, pairedItem: { item: itemIndex } };
		} else if (Array.isArray(output))
			this.slots[itemIndex] = output.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		else this.slots[itemIndex] = { json: output, pairedItem: { item: itemIndex } };
	}

	/**
	 * Items that failed together (their one call, or their check): under continue-on-fail each gets its error item
	 * (`extra` first); otherwise the node stops with the error.
	 */
	fail(itemIndexes: number | readonly number[], error: unknown, extra?: IDataObject): void {
		if (!this.ctx.continueOnFail()) throw asNodeError(this.ctx.getNode(), error);
		for (const i of typeof itemIndexes === 'number' ? [itemIndexes] : itemIndexes)
			this.slots[i] = errorItem(error as Error, i, extra);
	}

	/**
	 * As `fail`, for items whose failed call the next items do not depend on: without continue-on-fail, a rate-limit
	 * give-up is held, the loop goes on, and `throwHeld` (or `output`) throws it once the other items were sent.
	 */
	failOrHold(itemIndexes: number | readonly number[], error: unknown, extra?: IDataObject): void {
		if (!this.ctx.continueOnFail() && this.throttled.keep(error, itemIndexes)) return;
		this.fail(itemIndexes, error, extra);
	}

	/** Throws the held rate-limit give-ups, if any (naming every item they kept from DSCO). */
	throwHeld(): void {
		this.throttled.throwIfAny(this.count);
	}

	/** Every item's output in input order, after throwHeld. */
	output(): INodeExecutionData[] {
		this.throwHeld();
		const out: INodeExecutionData[] = [];
		for (const slot of this.slots) {
			if (slot === undefined) continue;
			if (Array.isArray(slot)) out.push(...slot);
			else out.push(slot);
		}
		return out;
	}
}

/**
 * Runs `fn` for each input item and pairs what it returns to that item. A failure becomes an error item under
 * continue-on-fail and stops the node otherwise (except a rate-limit give-up: see ThrottledItems).
 */
export async function forEachItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	fn: (itemIndex: number) => Promise<ItemOutput>,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(ctx, items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			results.set(i, await fn(i));
		} catch (error) {
			results.failOrHold(i, error);
		}
	}
	return results.output();
}

/**
 * For operations that send many items in few calls, or writes sent one by one: validates every item before anything
 * is sent. Without continue-on-fail the first bad item stops the node and nothing is sent; with it, bad items become
 * error items (`failed`; `errors` holds the errors themselves) and the rest go ahead. (ItemResults.validate puts the
 * error items in their slots.)
 */
export function validateAll<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => T,
): {
	valid: Array<{ itemIndex: number; value: T }>;
	failed: Map<number, INodeExecutionData>;
	errors: Map<number, Error>;
} {
	return checkEach(ctx, items.length, read);
}

function checkEach<T>(ctx: IExecuteFunctions, count: number, read: (itemIndex: number) => T) {
	const valid: Array<{ itemIndex: number; value: T }> = [];
	const failed = new Map<number, INodeExecutionData>();
	const errors = new Map<number, Error>();
	for (let i = 0; i < count; i++) {
		try {
			valid.push({ itemIndex: i, value: read(i) });
		} catch (error) {
			failed.set(i, errorItemOrThrow(ctx, error, i));
			errors.set(i, error as Error);
		}
	}
	return { valid, failed, errors };
}

/** Errors quote at most this many characters of a value: a huge value must not flood a message, a log or run data. */
export const MAX_QUOTED_LENGTH = 100;

/** A value as an error quotes it: in double quotes, cut after MAX_QUOTED_LENGTH characters (its length then said). */
export function quote(value: unknown): string {
	let text: string;
	if (typeof value === 'string') text = value;
	else if (value !== null && typeof value === 'object') {
		try {
			text = JSON.stringify(value) ?? String(value);
		} catch {
			text = String(value);
		}
	} else text = String(value);
	if (text.length <= MAX_QUOTED_LENGTH) return `"${visible(text)}"`;
	// Not through the middle of a surrogate pair.
	const end = /[\uD800-\uDBFF]/.test(text[MAX_QUOTED_LENGTH - 1])
		? MAX_QUOTED_LENGTH - 1
		: MAX_QUOTED_LENGTH;
	return `"${visible(text.slice(0, end))}…" (${text.length} characters)`;
}

function isControl(code: number): boolean {
	return code < 0x20 || code === 0x7f;
}

/** Whether text holds a control character (U+0000 to U+001F, U+007F): a line break, a tab, a NUL. */
export function hasControlCharacter(text: string): boolean {
	for (let k = 0; k < text.length; k++) if (isControl(text.charCodeAt(k))) return true;
	return false;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters written as escapes (\n, \u0000), so that a quoted value stays on one line and shows them. */
function visible(text: string): string {
	if (!hasControlCharacter(text)) return text;
	let out = '';
	for (const ch of text) {
		out += isControl(ch.charCodeAt(0))
			? (ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
			: ch;
	}
	return out;
}

/** A NodeOperationError for a bad parameter: names the item and the field and says what is allowed. */
export function invalidInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	problem: string,
) {
	return new NodeOperationError(
		ctx.getNode(),
		`Invalid "${field}" [item ${itemIndex}]: ${problem}`,
		{
			itemIndex,
			description: `Fix the "${field}" parameter for input item ${itemIndex}; nothing was sent to DSCO for this item.`,
		},
	);
}
