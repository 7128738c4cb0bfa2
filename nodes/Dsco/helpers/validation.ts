import type { IExecuteFunctions } from 'n8n-workflow';

import { toDscoDate, toEpochMs } from './dates';
import { invalidInput } from './items';

export const ORDER_ID_TYPE_VALUES = ['DSCO_ORDER_ID', 'PO_NUMBER', 'SUPPLIER_ORDER_NUMBER'] as const;
export type OrderIdType = (typeof ORDER_ID_TYPE_VALUES)[number];

export interface OrderReference {
	id: string;
	type: OrderIdType;
}

/** A required text parameter, trimmed; numbers are accepted and turned into text. */
export function readText(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidInput(ctx, itemIndex, field, `it is empty; give a value${value === undefined || value === null || value === '' ? '' : ` (got ${typeof value})`}`);
	}
	return value.trim();
}

/** An order identifier and its type, checked the way DSCO reads them (a DSCO order ID is all digits). */
export function readOrderReference(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rawId: unknown,
	rawType: unknown,
	fields: { id: string; type?: string } = { id: 'Order ID', type: 'Order ID Type' },
): OrderReference {
	const typeField = fields.type ?? 'Order ID Type';
	if (!ORDER_ID_TYPE_VALUES.includes(rawType as OrderIdType)) {
		throw invalidInput(ctx, itemIndex, typeField, `"${String(rawType)}" is not one of ${ORDER_ID_TYPE_VALUES.join(', ')}`);
	}
	const type = rawType as OrderIdType;
	const id = readText(ctx, itemIndex, fields.id, rawId);
	if (type === 'DSCO_ORDER_ID' && !/^\d+$/.test(id)) {
		throw invalidInput(ctx, itemIndex, fields.id, `a DSCO order ID is all digits (got "${id.slice(0, 40)}")`);
	}
	if (id.length > 100) throw invalidInput(ctx, itemIndex, fields.id, 'it is longer than 100 characters');
	return { id, type };
}

/** A whole-number quantity within bounds (strings of digits from expressions are accepted). */
export function readQuantity(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	bounds: { min?: number; max?: number } = {},
): number {
	const min = bounds.min ?? 0;
	const n = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) {
		throw invalidInput(ctx, itemIndex, field, `"${String(value)}" is not a number; give a whole number of at least ${min}`);
	}
	if (!Number.isInteger(n)) throw invalidInput(ctx, itemIndex, field, `${n} is not a whole number`);
	if (n < min) throw invalidInput(ctx, itemIndex, field, `${n} is below the minimum of ${min}`);
	if (bounds.max !== undefined && n > bounds.max) throw invalidInput(ctx, itemIndex, field, `${n} is above the maximum of ${bounds.max}`);
	return n;
}

/** A money amount ≥ 0 with at most 2 decimals (DSCO's rule for cost and prices). */
export function readMoney(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) throw invalidInput(ctx, itemIndex, field, `"${String(value)}" is not a number`);
	if (n < 0) throw invalidInput(ctx, itemIndex, field, `${n} is negative`);
	if (Math.abs(n * 100 - Math.round(n * 100)) > 1e-6) {
		throw invalidInput(ctx, itemIndex, field, `${n} has more than 2 decimals`);
	}
	return n;
}

/** A date parameter as DSCO's ISO 8601 form (UTC, seconds). */
export function readDate(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	const ms = toEpochMs(value);
	if (ms === undefined) {
		throw invalidInput(ctx, itemIndex, field, `"${String(value)}" is not a date; use ISO 8601, e.g. 2025-11-06T00:00:00Z`);
	}
	return toDscoDate(ms);
}

/** A SKU (or other item identifier) of at most `max` characters (DSCO: 90 for sku). */
export function readIdentifier(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown, max = 90): string {
	const text = readText(ctx, itemIndex, field, value);
	if (text.length > max) throw invalidInput(ctx, itemIndex, field, `it is ${text.length} characters long; DSCO allows at most ${max}`);
	return text;
}

/** A JSON parameter (object or array), parsed when given as text. */
export function readJson<T = unknown>(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): T {
	if (typeof value !== 'string') return value as T;
	try {
		return JSON.parse(value) as T;
	} catch (error) {
		throw invalidInput(ctx, itemIndex, field, `it is not valid JSON (${(error as Error).message})`);
	}
}

/** The item identifiers DSCO accepts on an order line, in the order DSCO prefers them when several are given. */
export const LINE_IDENTIFIER_KEYS = ['dscoItemId', 'sku', 'partnerSku', 'upc', 'ean'] as const;
export type LineIdentifierKey = (typeof LINE_IDENTIFIER_KEYS)[number];

/**
 * A line's item identifier, checked as DSCO's schema checks it: a DSCO item ID is all digits, a UPC 6 or 12 digits,
 * an EAN 8 or 13 digits, a SKU or partner SKU at most 90 characters.
 */
export function readLineIdentifier(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	key: LineIdentifierKey,
	value: unknown,
): string {
	const text = readIdentifier(ctx, itemIndex, field, value, 90);
	const digits = (what: string, lengths: string, re: RegExp) => {
		if (!re.test(text)) throw invalidInput(ctx, itemIndex, field, `${what} is ${lengths} digits (got "${text.slice(0, 40)}")`);
	};
	if (key === 'dscoItemId' && !/^\d+$/.test(text)) {
		throw invalidInput(ctx, itemIndex, field, `a DSCO item ID is all digits (got "${text.slice(0, 40)}")`);
	}
	if (key === 'upc') digits('a UPC', '6 or 12', /^(\d{6}|\d{12})$/);
	if (key === 'ean') digits('an EAN', '8 or 13', /^(\d{8}|\d{13})$/);
	return text;
}

/** An optional order line number: a whole number of at least 1, or undefined when empty. */
export function readLineNumber(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
		throw invalidInput(ctx, itemIndex, field, `"${String(value)}" is not a line number; line numbers are whole numbers from 1`);
	}
	return n;
}

/** A decimal number ≥ 0 (e.g. a weight); strings of digits from expressions are accepted. */
export function readNonNegativeNumber(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) throw invalidInput(ctx, itemIndex, field, `"${String(value)}" is not a number`);
	if (n < 0) throw invalidInput(ctx, itemIndex, field, `${n} is negative; give 0 or more`);
	return n;
}

/** An http(s) address. */
export function readUrl(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	const text = readText(ctx, itemIndex, field, value);
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw invalidInput(ctx, itemIndex, field, `"${text.slice(0, 60)}" is not an http(s) address, e.g. https://carrier.example/track?n=1Z999`);
	}
	return text;
}

/**
 * Any DSCO item key (inventory lookups, invoice lines): the line identifiers as readLineIdentifier checks them, plus
 * an MPN (text), an ISBN (10 or 13 digits) and a GTIN (8 or 12 to 14 digits), as the vendor's Item schema has them.
 */
export function readItemId(ctx: IExecuteFunctions, itemIndex: number, field: string, kind: string, value: unknown): string {
	if ((LINE_IDENTIFIER_KEYS as readonly string[]).includes(kind)) {
		return readLineIdentifier(ctx, itemIndex, field, kind as LineIdentifierKey, value);
	}
	const text = readIdentifier(ctx, itemIndex, field, value, 200);
	if (kind === 'isbn' && !/^(\d{10}|\d{13})$/.test(text)) {
		throw invalidInput(ctx, itemIndex, field, `an ISBN is 10 or 13 digits (got "${text.slice(0, 40)}")`);
	}
	if (kind === 'gtin' && !/^(\d{8}|\d{12,14})$/.test(text)) {
		throw invalidInput(ctx, itemIndex, field, `a GTIN is 8 or 12 to 14 digits (got "${text.slice(0, 40)}")`);
	}
	return text;
}
