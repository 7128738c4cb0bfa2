import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

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
	const end = /[\uD800-\uDBFF]/.test(text[MAX_QUOTED_LENGTH - 1]) ? MAX_QUOTED_LENGTH - 1 : MAX_QUOTED_LENGTH;
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
		out += isControl(ch.charCodeAt(0)) ? (ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : ch;
	}
	return out;
}

/** A NodeOperationError for a bad parameter: names the item and the field and says what is allowed. */
export function invalidInput(ctx: IExecuteFunctions, itemIndex: number, field: string, problem: string) {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field}" [item ${itemIndex}]: ${problem}`, {
		itemIndex,
		description: `Fix the "${field}" parameter for input item ${itemIndex}; nothing was sent to DSCO for this item.`,
	});
}
