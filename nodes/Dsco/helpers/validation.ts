import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseDate, toDscoDate } from './dates';
import { hasControlCharacter, invalidInput, quote } from './items';
import { LISTS_VERSION } from './locators';

/**
 * The one definition of how an order is referred to. DSCO names the same three identifiers two ways: `GET /order/`
 * takes an orderKey (also the field of shipment, invoice and order-update bodies: `dscoOrderId`, `poNumber`,
 * `supplierOrderNumber`), acknowledgments and cancellations a type (`DSCO_ORDER_ID`, …). This table is the only map
 * between them; the order locator's modes are named by the orderKey.
 */
export const ORDER_KEYS = {
	dscoOrderId: { type: 'DSCO_ORDER_ID', label: 'DSCO Order ID' },
	poNumber: { type: 'PO_NUMBER', label: 'PO Number' },
	supplierOrderNumber: { type: 'SUPPLIER_ORDER_NUMBER', label: 'Supplier Order Number' },
} as const;
export type OrderKey = keyof typeof ORDER_KEYS;
export type OrderIdType = (typeof ORDER_KEYS)[OrderKey]['type'];
export const ORDER_KEY_VALUES = Object.keys(ORDER_KEYS) as OrderKey[];
export const ORDER_ID_TYPE_VALUES = ORDER_KEY_VALUES.map((key) => ORDER_KEYS[key].type);

/** One order, as every operation that acts on one order reads it (`readOrderReference`). */
export interface OrderReference {
	id: string;
	/** Acknowledgment / cancellation form. */
	type: OrderIdType;
	/** `GET /order/` orderKey and body field form. */
	key: OrderKey;
	/** The parameter it was read from, for errors about it: "Order (By PO Number)", "Order ID", … */
	field: string;
}

/** Whether an optional value was left out: n8n leaves an unset field undefined, null or empty text. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/**
 * The order key a body names its order by (shipments, order updates, invoices carry one of dscoOrderId, poNumber,
 * supplierOrderNumber), and "key:value" to pair change-log entries with what was sent.
 */
export function orderKeyIn(body: IDataObject): { key: OrderKey; pairing: string } | undefined {
	const key = ORDER_KEY_VALUES.find((k) => !isBlank(body[k]));
	return key ? { key, pairing: `${key}:${String(body[key])}` } : undefined;
}

/** The orderKey of an order ID type. */
export function orderKeyOfType(type: OrderIdType): OrderKey {
	return ORDER_KEY_VALUES.find((key) => ORDER_KEYS[key].type === type)!;
}

/** A required text parameter, trimmed; numbers are accepted and turned into text. */
export function readText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`it is empty; give a value${value === undefined || value === null || value === '' ? '' : ` (got ${typeof value})`}`,
		);
	}
	return value.trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

/**
 * Identifiers DSCO's document gives no length for (order ids, PO numbers, tracking numbers, warehouse codes,
 * invoice ids, requestIds, …) are bounded here, far above any real value, so that a runaway expression is caught
 * before it is sent.
 */
export const MAX_IDENTIFIER_LENGTH = 100;

interface IdentifierRule {
	maxLength: number;
	/** Whether the length is DSCO's documented maxLength (else the package's MAX_IDENTIFIER_LENGTH). */
	documented?: boolean;
	/** The form DSCO's document requires, and how an error says it. */
	pattern?: RegExp;
	form?: string;
}

const DIGITS = /^\d+$/;

/** Per identifier: DSCO's documented limit where the vendor document has one (sku ≤ 90, UPC/EAN/ISBN/GTIN forms). */
export const IDENTIFIER_RULES = {
	dscoOrderId: {
		maxLength: MAX_IDENTIFIER_LENGTH,
		pattern: DIGITS,
		form: 'a DSCO order ID is all digits',
	},
	poNumber: { maxLength: MAX_IDENTIFIER_LENGTH },
	supplierOrderNumber: { maxLength: MAX_IDENTIFIER_LENGTH },
	consumerOrderNumber: { maxLength: MAX_IDENTIFIER_LENGTH },
	dscoItemId: {
		maxLength: MAX_IDENTIFIER_LENGTH,
		pattern: DIGITS,
		form: 'a DSCO item ID is all digits',
	},
	sku: { maxLength: 90, documented: true },
	partnerSku: { maxLength: 90, documented: true },
	upc: { maxLength: 12, pattern: /^(\d{6}|\d{12})$/, form: 'a UPC is 6 or 12 digits' },
	ean: { maxLength: 13, pattern: /^(\d{8}|\d{13})$/, form: 'an EAN is 8 or 13 digits' },
	isbn: { maxLength: 13, pattern: /^(\d{10}|\d{13})$/, form: 'an ISBN is 10 or 13 digits' },
	gtin: { maxLength: 14, pattern: /^(\d{8}|\d{12,14})$/, form: 'a GTIN is 8 or 12 to 14 digits' },
	mpn: { maxLength: MAX_IDENTIFIER_LENGTH },
	warehouseCode: { maxLength: MAX_IDENTIFIER_LENGTH },
	trackingNumber: { maxLength: MAX_IDENTIFIER_LENGTH },
	invoiceId: { maxLength: MAX_IDENTIFIER_LENGTH },
	/** dscoReturnId, returnNumber, partnerReturnNumber (the document gives them no form). */
	returnId: { maxLength: MAX_IDENTIFIER_LENGTH },
	requestId: { maxLength: MAX_IDENTIFIER_LENGTH },
	/** dscoRetailerId, dscoTradingPartnerId. */
	partnerId: { maxLength: MAX_IDENTIFIER_LENGTH },
	/** Carrier, method and service level codes. */
	shipCode: { maxLength: MAX_IDENTIFIER_LENGTH },
} satisfies Record<string, IdentifierRule>;
export type IdentifierKind = keyof typeof IDENTIFIER_RULES;

/**
 * An identifier, trimmed and checked against its rule before anything is sent: the length, the documented form, and
 * no control characters. Errors quote at most 100 characters of the value.
 */
export function readIdentifier(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	kind: IdentifierKind,
	value: unknown,
): string {
	const text = readText(ctx, itemIndex, field, value);
	const rule: IdentifierRule = IDENTIFIER_RULES[kind];
	if (rule.pattern && !rule.pattern.test(text))
		throw invalidInput(ctx, itemIndex, field, `${rule.form} (got ${quote(text)})`);
	if (text.length > rule.maxLength) {
		const limit = rule.documented
			? `DSCO allows at most ${rule.maxLength}`
			: `${kind} takes at most ${rule.maxLength} characters`;
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`${quote(text)} is ${text.length} characters long; ${limit}`,
		);
	}
	// A control character (a line break from a CSV cell, a NUL) is never part of an identifier DSCO matches on.
	if (hasControlCharacter(text)) {
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`${quote(text)} contains a control character (line break, tab, …); an identifier is one line of text`,
		);
	}
	return text;
}

/** Whether `kind` is an identifier this module knows (for item keys chosen by expression). */
export function isIdentifierKind(kind: unknown): kind is IdentifierKind {
	return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(IDENTIFIER_RULES, kind);
}

/**
 * The version 1 parameters an operation chose its order with: Order ID + Order ID Type (`DSCO_ORDER_ID`, …), or on
 * Order → Get, Order Key (`dscoOrderId`, …) + Value. Version 2 nodes have the `order` resource locator instead.
 */
export type V1OrderParameters = 'orderIdAndType' | 'orderKeyAndValue';

/** The order locator's mode names: From List (its value is a DSCO order ID), then one per orderKey. */
export const ORDER_LOCATOR_MODES: Record<'list' | OrderKey, string> = {
	list: 'From List',
	dscoOrderId: 'By DSCO Order ID',
	poNumber: 'By PO Number',
	supplierOrderNumber: 'By Supplier Order Number',
};

const isOrderKey = (key: unknown): key is OrderKey =>
	typeof key === 'string' && ORDER_KEY_VALUES.includes(key as OrderKey);

/**
 * The order an item acts on, whichever way the node asks for it: the `order` locator from version 2 on (LISTS_VERSION),
 * the version 1 parameters before. Checked the way DSCO reads them (a DSCO order ID is all digits) before anything is
 * sent; an error names the item and the field.
 */
export function readOrderReference(
	ctx: IExecuteFunctions,
	itemIndex: number,
	v1: V1OrderParameters = 'orderIdAndType',
): OrderReference {
	if (ctx.getNode().typeVersion >= LISTS_VERSION)
		return readOrderLocator(ctx, itemIndex, ctx.getNodeParameter('order', itemIndex));
	if (v1 === 'orderKeyAndValue') {
		const key = ctx.getNodeParameter('orderKey', itemIndex);
		if (!isOrderKey(key))
			throw invalidInput(
				ctx,
				itemIndex,
				'Order Key',
				`${quote(key)} is not one of ${ORDER_KEY_VALUES.join(', ')}`,
			);
		return checkedOrderReference(
			ctx,
			itemIndex,
			'Value',
			key,
			ctx.getNodeParameter('value', itemIndex),
		);
	}
	const type = ctx.getNodeParameter('orderIdType', itemIndex);
	if (!ORDER_ID_TYPE_VALUES.includes(type as OrderIdType)) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Order ID Type',
			`${quote(type)} is not one of ${ORDER_ID_TYPE_VALUES.join(', ')}`,
		);
	}
	return checkedOrderReference(
		ctx,
		itemIndex,
		'Order ID',
		orderKeyOfType(type as OrderIdType),
		ctx.getNodeParameter('orderId', itemIndex),
	);
}

function readOrderLocator(ctx: IExecuteFunctions, itemIndex: number, raw: unknown): OrderReference {
	// A plain value (a workflow written by hand or through n8n's API) is a DSCO order ID, as From List gives.
	if (typeof raw === 'string' || typeof raw === 'number')
		return checkedOrderReference(ctx, itemIndex, 'Order', 'dscoOrderId', raw);
	if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('mode' in raw)) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Order',
			`${quote(raw)} is not an order; pick one From List, or give a DSCO order ID, PO number or supplier order number`,
		);
	}
	const { mode, value } = raw as { mode: unknown; value?: unknown };
	const key = mode === 'list' ? 'dscoOrderId' : mode;
	if (!isOrderKey(key)) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Order',
			`mode ${quote(mode)} is not one of ${Object.keys(ORDER_LOCATOR_MODES).join(', ')}`,
		);
	}
	return checkedOrderReference(
		ctx,
		itemIndex,
		`Order (${ORDER_LOCATOR_MODES[mode as 'list' | OrderKey]})`,
		key,
		value,
	);
}

function checkedOrderReference(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	key: OrderKey,
	value: unknown,
): OrderReference {
	if (value !== null && typeof value === 'object') {
		// Typically an expression such as {{ $json }} or {{ $json.order }} where {{ $json.dscoOrderId }} was meant.
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`the expression gave ${Array.isArray(value) ? 'a list' : 'an object'} (${quote(value)}), not a ${ORDER_KEYS[key].label}; give one value, e.g. {{ $json.${key} }}`,
		);
	}
	return {
		id: readIdentifier(ctx, itemIndex, field, key, value),
		type: ORDER_KEYS[key].type,
		key,
		field,
	};
}

/** The item identifiers DSCO accepts on an order line, in the order DSCO prefers them when several are given. */
export const LINE_IDENTIFIER_KEYS = ['dscoItemId', 'sku', 'partnerSku', 'upc', 'ean'] as const;
export type LineIdentifierKey = (typeof LINE_IDENTIFIER_KEYS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/**
 * The largest whole number DSCO stores in its integer fields (quantities, ids it counts): a signed 32-bit integer.
 * Above it, DSCO's answer is undefined, so such a value is refused here.
 */
export const MAX_DSCO_INTEGER = 2 ** 31 - 1;
/** DSCO's documented maximum of an order line's lineNumber. */
export const MAX_LINE_NUMBER = 1_000_000;
/** Above this, an amount has no exact cents in a JavaScript number. */
export const MAX_MONEY = Math.floor(Number.MAX_SAFE_INTEGER / 100);

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * The one reading of a number given as input (parameters, expressions, JSON lines, CSV cells): a finite JSON number,
 * or text in plain decimal notation — digits, an optional minus sign and decimal point — with spaces around it
 * ignored: "12", "-3", "12.50". Hex (0x10), binary (0b101), octal (0o17), exponents (1e3), Infinity, NaN, "+5",
 * ".5", thousands separators and empty text are not numbers here, although JavaScript's Number() reads most of them.
 */
export function parseDecimal(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (!DECIMAL_TEXT.test(text)) return undefined;
	const n = Number(text);
	return Number.isFinite(n) ? n : undefined;
}

/**
 * Why a value is not a whole number within [min, max] (undefined when it is one). JavaScript holds whole numbers
 * exactly only up to 2^53 − 1: beyond that two inputs can read as the same number, so they are refused as well.
 */
export function wholeNumberProblem(
	value: unknown,
	n: number | undefined,
	min: number,
	max: number,
): string | undefined {
	if (n === undefined)
		return `${quote(value)} is not a number; give a whole number of at least ${min}`;
	if (!Number.isInteger(n)) return `${n} is not a whole number`;
	if (!Number.isSafeInteger(n))
		return `${quote(value)} is beyond 2^53 − 1, the largest whole number JavaScript holds exactly`;
	if (n < min) return `${n} is below the minimum of ${min}`;
	if (n > max)
		return `${n} is above the maximum of ${max}${max === MAX_DSCO_INTEGER ? " (DSCO's integers are 32-bit)" : ''}`;
	return undefined;
}

/** A whole-number quantity within bounds (at most MAX_DSCO_INTEGER); decimal text from expressions is accepted. */
export function readQuantity(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	bounds: { min?: number; max?: number } = {},
): number {
	const min = bounds.min ?? 0;
	const max = Math.min(bounds.max ?? MAX_DSCO_INTEGER, MAX_DSCO_INTEGER);
	const n = parseDecimal(value);
	const problem = wholeNumberProblem(value, n, min, max);
	if (problem) throw invalidInput(ctx, itemIndex, field, problem);
	return n as number;
}

/** A money amount ≥ 0 with at most 2 decimals (DSCO's rule for cost and prices), read by parseDecimal. */
export function readMoney(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): number {
	const n = parseDecimal(value);
	if (n === undefined) throw invalidInput(ctx, itemIndex, field, `${quote(value)} is not a number`);
	if (n < 0) throw invalidInput(ctx, itemIndex, field, `${n} is negative`);
	if (n > MAX_MONEY)
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`${quote(value)} is above ${MAX_MONEY}, beyond which cents are not exact`,
		);
	if (Math.abs(n * 100 - Math.round(n * 100)) > 1e-6) {
		throw invalidInput(ctx, itemIndex, field, `${n} has more than 2 decimals`);
	}
	return n;
}

/** An optional order line number: a whole number from 1 to DSCO's maximum, or undefined when empty. */
export function readLineNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = parseDecimal(value);
	if (n === undefined || !Number.isInteger(n) || n < 1 || n > MAX_LINE_NUMBER) {
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`${quote(value)} is not a line number; line numbers are whole numbers from 1 to ${MAX_LINE_NUMBER}`,
		);
	}
	return n;
}

/** A decimal number ≥ 0 (e.g. a weight), read by parseDecimal. */
export function readNonNegativeNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): number {
	const n = parseDecimal(value);
	if (n === undefined) throw invalidInput(ctx, itemIndex, field, `${quote(value)} is not a number`);
	if (n < 0) throw invalidInput(ctx, itemIndex, field, `${n} is negative; give 0 or more`);
	return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates, JSON, URLs

/** The workflow's timezone (its Timezone setting, else the instance's), in which dates without a zone are read. */
export function workflowTimezone(ctx: { getTimezone(): string }): string {
	return ctx.getTimezone();
}

/** A date parameter as DSCO's ISO 8601 form (UTC, seconds); see dates.ts for what is read and how. */
export function readDate(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	return toDscoDate(readEpochMs(ctx, itemIndex, field, value));
}

/** A date parameter as epoch milliseconds. */
export function readEpochMs(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): number {
	const reading = parseDate(value, workflowTimezone(ctx));
	if (reading.problem !== undefined) throw invalidInput(ctx, itemIndex, field, reading.problem);
	return reading.ms;
}

/** A JSON parameter (object or array), parsed when given as text. */
export function readJson<T = unknown>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): T {
	if (typeof value !== 'string') return value as T;
	try {
		return JSON.parse(value) as T;
	} catch (error) {
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`it is not valid JSON (${(error as Error).message.slice(0, 200)})`,
		);
	}
}

/** An http(s) address. */
export function readUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const text = readText(ctx, itemIndex, field, value);
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`${quote(text)} is not an http(s) address, e.g. https://carrier.example/track?n=1Z999`,
		);
	}
	return text;
}
