/**
 * Order lines in write operations (shipment, cancellation, line acknowledgment, estimated ship date): entered as
 * fields (a fixedCollection, one entry per line) or as JSON, read into DSCO's line objects with every value
 * checked, and matched against an order's lines the way DSCO matches them.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, quote } from '../helpers/items';
import {
	isBlank,
	LINE_IDENTIFIER_KEYS,
	readIdentifier,
	readJson,
	readLineNumber,
	type IdentifierKind,
} from '../helpers/validation';

/** An item identifier a line may carry: DSCO's field name, the rule it is checked by, and its label. */
export interface LineIdentifier {
	key: string;
	kind: IdentifierKind;
	name: string;
}

const LABELS: Record<string, string> = {
	dscoItemId: 'DSCO Item ID',
	sku: 'SKU',
	partnerSku: 'Partner SKU',
	upc: 'UPC',
	ean: 'EAN',
	mpn: 'MPN',
};

/** An order line's identifiers (LINE_IDENTIFIER_KEYS), in the order DSCO prefers them. */
export const ORDER_LINE_IDENTIFIERS: LineIdentifier[] = LINE_IDENTIFIER_KEYS.map((key) => ({
	key,
	kind: key,
	name: LABELS[key],
}));

/** The identifiers a return line names its item by (ReturnLineItem: itemId is DSCO's item ID there). */
export const RETURN_LINE_IDENTIFIERS: LineIdentifier[] = [
	{ key: 'itemId', kind: 'dscoItemId', name: LABELS.dscoItemId },
	...(['sku', 'partnerSku', 'upc', 'ean', 'mpn'] as const).map((key) => ({
		key,
		kind: key,
		name: LABELS[key],
	})),
];

/** The keys of RETURN_LINE_IDENTIFIERS, in the same order. */
export const RETURN_LINE_KEYS: readonly string[] = RETURN_LINE_IDENTIFIERS.map((i) => i.key);

/** The Identifier Type options of a line (alphabetical, as n8n lists options). */
function identifierTypeOptions(identifiers: LineIdentifier[]) {
	return identifiers
		.map((i) => ({ name: i.name, value: i.key }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** One operation-specific value of a line (quantity, cancel code, …). */
export interface LineField {
	/** DSCO's field name: the key in JSON mode and in the body, and the parameter name in fields mode. */
	name: string;
	displayName: string;
	/** The parameter in fields mode (name and displayName are added); none = JSON only. */
	property?: Omit<INodeProperties, 'name' | 'displayName'>;
	/** Must be given; otherwise an empty value (or `uiEmpty` in fields mode) leaves the field out. */
	required?: boolean;
	/** The fields-mode value that means "not given" (e.g. 0 for an optional quantity). */
	uiEmpty?: unknown;
	read(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): unknown;
}

export interface LineItemsSpec {
	/** Whether a line may carry DSCO's lineNumber. */
	lineNumber: boolean;
	fields: LineField[];
	/** Default of the JSON parameter. */
	jsonExample: string;
	/** What one line is, in the parameter descriptions ("line shipped in this package"). */
	description: string;
	/** Send dscoItemId as a number (the orderupdate schema types it so). */
	numericDscoItemId?: boolean;
	/** Checks a whole line once its values are read (e.g. a cancel code needed with a cancelled quantity). */
	check?: (ctx: IExecuteFunctions, itemIndex: number, label: string, line: IDataObject) => void;
	/** The item identifiers a line may carry. Default: an order line's (ORDER_LINE_IDENTIFIERS). */
	identifiers?: LineIdentifier[];
}

const FIELDS_LABEL = 'Line Items';
const JSON_LABEL = 'Line Items (JSON)';

/** The parameters: Line Items Input (fields / JSON), the fixedCollection and the JSON alternative. */
export function lineItemsProperties(spec: LineItemsSpec): INodeProperties[] {
	const identifiers = spec.identifiers ?? ORDER_LINE_IDENTIFIERS;
	const values: INodeProperties[] = [
		{
			displayName: 'Identifier Type',
			name: 'identifierType',
			type: 'options',
			options: identifierTypeOptions(identifiers),
			default: 'sku',
			description: 'Which item identifier the Identifier is',
		},
		{
			displayName: 'Identifier',
			name: 'identifier',
			type: 'string',
			default: '',
			placeholder: 'e.g. SKU-1234',
			description: `The ${identifierList(identifiers, 'or')} of the line’s item`,
		},
	];
	if (spec.lineNumber) {
		values.push({
			displayName: 'Line Number',
			name: 'lineNumber',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'The line number on the order, when the same item is on several lines; 0 = not given',
		});
	}
	for (const f of spec.fields) {
		if (f.property)
			values.push({ ...f.property, name: f.name, displayName: f.displayName } as INodeProperties);
	}
	const jsonExample = spec.jsonExample;
	const jsonKeys = [
		...identifiers.map((i) => i.key),
		...(spec.lineNumber ? ['lineNumber'] : []),
		...spec.fields.map((f) => f.name),
	];
	return [
		{
			displayName: 'Line Items Input',
			name: 'lineItemsInput',
			type: 'options',
			options: [
				{ name: 'Fields Below', value: 'fields', description: 'One entry per line' },
				{
					name: 'JSON',
					value: 'json',
					description: 'An array of DSCO line objects, e.g. mapped from an expression',
				},
			],
			default: 'fields',
			description: 'How to give the lines',
		},
		{
			displayName: FIELDS_LABEL,
			name: 'lineItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line Item',
			default: {},
			displayOptions: { show: { lineItemsInput: ['fields'] } },
			description: `Each ${spec.description}`,
			options: [{ displayName: 'Line Item', name: 'values', values }],
		},
		{
			displayName: JSON_LABEL,
			name: 'lineItemsJson',
			type: 'json',
			default: jsonExample,
			displayOptions: { show: { lineItemsInput: ['json'] } },
			description: `An array with one object per ${spec.description}. Keys: ${jsonKeys.join(', ')}; each line needs one of ${identifiers.map((i) => i.key).join(', ')}.`,
		},
	];
}

/** "SKU, DSCO item ID, partner SKU, UPC or EAN": the identifiers in words, the order line's wording kept. */
function identifierList(identifiers: LineIdentifier[], last: string): string {
	const words = identifiers.map((i) => (i.name === LABELS.dscoItemId ? 'DSCO item ID' : i.name));
	const sku = words.indexOf('SKU');
	if (sku > 0) words.unshift(...words.splice(sku, 1));
	const lower = words.map((w) => (w === 'Partner SKU' ? 'partner SKU' : w));
	return `${lower.slice(0, -1).join(', ')} ${last} ${lower[lower.length - 1]}`;
}

/** Reads the lines of one input item into DSCO line objects; refuses anything DSCO would refuse. */
export function readLineItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: LineItemsSpec,
): IDataObject[] {
	const input = ctx.getNodeParameter('lineItemsInput', itemIndex, 'fields') as string;
	if (input !== 'fields' && input !== 'json') {
		throw invalidInput(
			ctx,
			itemIndex,
			'Line Items Input',
			`${quote(input)} is not one of fields, json`,
		);
	}
	const fromJson = input === 'json';
	let raw: unknown[];
	if (fromJson) {
		const parsed = readJson<unknown>(
			ctx,
			itemIndex,
			JSON_LABEL,
			ctx.getNodeParameter('lineItemsJson', itemIndex, '[]'),
		);
		if (Array.isArray(parsed)) raw = parsed;
		else if (parsed && typeof parsed === 'object') raw = [parsed];
		else
			throw invalidInput(
				ctx,
				itemIndex,
				JSON_LABEL,
				`give an array of line objects (got ${quote(parsed)})`,
			);
	} else {
		const collection = ctx.getNodeParameter('lineItems', itemIndex, {}) as {
			values?: IDataObject[];
		};
		raw = collection.values ?? [];
	}
	if (raw.length === 0) {
		throw invalidInput(
			ctx,
			itemIndex,
			fromJson ? JSON_LABEL : FIELDS_LABEL,
			'there are no lines; add at least one',
		);
	}
	return raw.map((line, k) => readLine(ctx, itemIndex, spec, line, k, fromJson));
}

function readLine(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: LineItemsSpec,
	raw: unknown,
	k: number,
	fromJson: boolean,
): IDataObject {
	const lineLabel = `${fromJson ? JSON_LABEL : FIELDS_LABEL} › Line ${k + 1}`;
	const label = (name: string) => `${lineLabel} › ${name}`;
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
		throw invalidInput(
			ctx,
			itemIndex,
			lineLabel,
			`it is not an object (got ${Array.isArray(raw) ? 'an array' : quote(raw)})`,
		);
	}
	const source = raw as IDataObject;
	const out: IDataObject = {};
	const identifiers = spec.identifiers ?? ORDER_LINE_IDENTIFIERS;

	if (fromJson) {
		const allowed = new Set<string>([
			...identifiers.map((i) => i.key),
			...(spec.lineNumber ? ['lineNumber'] : []),
			...spec.fields.map((f) => f.name),
		]);
		const unknown = Object.keys(source).filter((key) => !allowed.has(key));
		if (unknown.length) {
			throw invalidInput(
				ctx,
				itemIndex,
				lineLabel,
				`unknown key ${quote(unknown[0])}; allowed: ${[...allowed].join(', ')}`,
			);
		}
		for (const id of identifiers) {
			if (!isBlank(source[id.key]))
				out[id.key] = identifier(ctx, itemIndex, label(id.key), id, source[id.key], spec);
		}
		if (!identifiers.some((id) => out[id.key] !== undefined)) {
			throw invalidInput(
				ctx,
				itemIndex,
				lineLabel,
				`it has no item identifier; give one of ${identifiers.map((i) => i.key).join(', ')}`,
			);
		}
		if (spec.lineNumber) {
			const n = readLineNumber(ctx, itemIndex, label('lineNumber'), source.lineNumber);
			if (n !== undefined) out.lineNumber = n;
		}
	} else {
		const id = identifiers.find((i) => i.key === source.identifierType);
		if (!id) {
			throw invalidInput(
				ctx,
				itemIndex,
				label('Identifier Type'),
				`${quote(source.identifierType)} is not one of ${identifiers.map((i) => i.key).join(', ')}`,
			);
		}
		out[id.key] = identifier(ctx, itemIndex, label('Identifier'), id, source.identifier, spec);
		if (spec.lineNumber && source.lineNumber !== 0 && source.lineNumber !== '0') {
			const n = readLineNumber(ctx, itemIndex, label('Line Number'), source.lineNumber);
			if (n !== undefined) out.lineNumber = n;
		}
	}

	for (const f of spec.fields) {
		const value = source[f.name];
		const field = label(fromJson ? f.name : f.displayName);
		const empty = isBlank(value) || (!fromJson && f.uiEmpty !== undefined && value === f.uiEmpty);
		if (empty && !f.required) continue;
		if (isBlank(value))
			throw invalidInput(ctx, itemIndex, field, 'it is missing; every line needs it');
		const read = f.read(ctx, itemIndex, field, value);
		if (read !== undefined) out[f.name] = read as IDataObject[string];
	}
	spec.check?.(ctx, itemIndex, lineLabel, out);
	return out;
}

function identifier(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	id: LineIdentifier,
	value: unknown,
	spec: LineItemsSpec,
) {
	const text = readIdentifier(ctx, itemIndex, field, id.kind, value);
	if (id.key !== 'dscoItemId' || !spec.numericDscoItemId) return text;
	const n = Number(text);
	if (!Number.isSafeInteger(n))
		throw invalidInput(ctx, itemIndex, field, `${text} is too large for a DSCO item ID`);
	return n;
}

/** A line of a DSCO order, as far as matching and quantities go. */
export interface OrderLine extends IDataObject {
	lineNumber?: number;
	quantity?: number;
	remainingQuantity?: number;
	cancelledQuantity?: number;
	shippedQuantity?: number;
}

export function orderLines(order: IDataObject): OrderLine[] {
	return Array.isArray(order.lineItems)
		? (order.lineItems.filter((l) => l && typeof l === 'object') as OrderLine[])
		: [];
}

/**
 * The order line a line reference points at, as DSCO resolves it: by lineNumber when given, else by the first
 * identifier given (dscoItemId, sku, partnerSku, upc, ean), preferring a line with quantity still open.
 */
export function findOrderLine(order: IDataObject, ref: IDataObject): OrderLine | undefined {
	const lines = orderLines(order);
	if (!isBlank(ref.lineNumber)) {
		const byNumber = lines.find((l) => Number(l.lineNumber) === Number(ref.lineNumber));
		const key = LINE_IDENTIFIER_KEYS.find((k) => !isBlank(ref[k]));
		// A line number that names a different item is a mismatch, not a match.
		if (byNumber && key && !isBlank(byNumber[key]) && String(byNumber[key]) !== String(ref[key]))
			return undefined;
		return byNumber;
	}
	const key = LINE_IDENTIFIER_KEYS.find((k) => !isBlank(ref[k]));
	if (!key) return undefined;
	const matches = lines.filter((l) => String(l[key]) === String(ref[key]));
	return matches.find((l) => Number(l.remainingQuantity ?? 1) > 0) ?? matches[0];
}

/** Quantity of a line that is neither shipped nor cancelled (DSCO's remainingQuantity when it gives one). */
export function openQuantity(line: OrderLine): number {
	if (typeof line.remainingQuantity === 'number') return line.remainingQuantity;
	return Math.max(
		0,
		Number(line.quantity ?? 0) -
			Number(line.cancelledQuantity ?? 0) -
			Number(line.shippedQuantity ?? 0),
	);
}

/** "line 2 (sku ABC-1)": how a line reference reads in messages (an order line's keys unless others are given). */
export function describeLineRef(
	ref: IDataObject,
	keys: readonly string[] = LINE_IDENTIFIER_KEYS,
): string {
	const key = keys.find((k) => !isBlank(ref[k]));
	const id = key ? `${key} ${String(ref[key])}` : 'no identifier';
	return isBlank(ref.lineNumber) ? id : `line ${String(ref.lineNumber)} (${id})`;
}

/** The first identifier of an order line (as DSCO prefers them), with its lineNumber: a reference for a write. */
export function lineReference(
	line: OrderLine,
	opts: { lineNumber: boolean; numericDscoItemId?: boolean } = { lineNumber: true },
): IDataObject {
	const ref: IDataObject = {};
	const key = LINE_IDENTIFIER_KEYS.find((k) => !isBlank(line[k]));
	if (key)
		ref[key] =
			key === 'dscoItemId' && opts.numericDscoItemId ? Number(line[key]) : String(line[key]);
	if (opts.lineNumber && typeof line.lineNumber === 'number') ref.lineNumber = line.lineNumber;
	return ref;
}
