import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { fileNamePart } from '../../helpers/fileOutput';
import { invalidInput } from '../../helpers/items';
import {
	readJson,
	readLineNumber,
	readNonNegativeNumber,
	readOrderReference,
	readQuantity,
	readText,
	type OrderReference,
} from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import { OrderReader } from '../../transport/orders';
import { requestPackingSlip } from '../../transport/packingSlips';
import { orderReferenceProperties } from '../common';
import { produceSlips, readSlipBinaryProperty, readWaitTimeoutMs, slipOptions } from './slips';

const DEFAULT_WAIT_SECONDS = 120;
/** Optional quantities of a PackingSlipCreateOrderItem, besides itemId and lineNumber. */
const QUANTITY_KEYS = ['quantity', 'shipQuantity', 'backorderQuantity', 'cancelQuantity'] as const;
const ITEMS_JSON_LABEL = 'Items (JSON)';
const ITEMS_FIELDS_LABEL = 'Items';

export const description: INodeProperties[] = showOnlyFor('packingSlip', 'create', [
	...orderReferenceProperties(
		'The order to make a packing slip for; one packing slip per input item',
		'={{ $json.dscoOrderId }}',
	),
	{
		displayName: 'Lines',
		name: 'itemsSource',
		type: 'options',
		options: [
			{ name: 'All Lines of the Order', value: 'all' },
			{
				name: 'Listed Below',
				value: 'fields',
				description: 'Lines by DSCO item ID and line number',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'An array of {itemId, lineNumber, quantity?…}, e.g. from an expression',
			},
		],
		default: 'all',
		description: 'Which lines of the order the packing slip lists',
	},
	{
		displayName: ITEMS_FIELDS_LABEL,
		name: 'items',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Item',
		default: {},
		displayOptions: { show: { itemsSource: ['fields'] } },
		options: [
			{
				displayName: 'Item',
				name: 'values',
				values: [
					{
						displayName: 'DSCO Item ID',
						name: 'itemId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 1296620003',
						description: "The line's dscoItemId",
					},
					{
						displayName: 'Line Number',
						name: 'lineNumber',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
					},
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Quantity to print; 0 = not given (the line’s own)',
					},
				],
			},
		],
	},
	{
		displayName: ITEMS_JSON_LABEL,
		name: 'itemsJson',
		type: 'json',
		default: '[\n  {\n    "itemId": 1296620003,\n    "lineNumber": 1\n  }\n]',
		displayOptions: { show: { itemsSource: ['json'] } },
		description: `One object per line: itemId (DSCO item ID) and lineNumber, optional ${QUANTITY_KEYS.join(', ')}`,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Number of Pallets',
				name: 'numberOfPallets',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
			{
				displayName: 'Number of Units',
				name: 'numberOfUnits',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
		],
	},
	slipOptions(
		DEFAULT_WAIT_SECONDS,
		'How long to wait for DSCO to generate the PDFs (after the last one was requested); a slip still pending then is an error for its item, naming its requestId for Packing Slip → Get',
	),
]);

interface SlipInput {
	ref: OrderReference;
	items?: IDataObject[];
	extra: IDataObject;
	binaryPropertyName: string;
}

function readItemId(ctx: IExecuteFunctions, i: number, field: string, value: unknown): number {
	const text = readText(ctx, i, field, value);
	if (!/^\d+$/.test(text))
		throw invalidInput(ctx, i, field, `a DSCO item ID is all digits (got "${text.slice(0, 40)}")`);
	const n = Number(text);
	if (!Number.isSafeInteger(n))
		throw invalidInput(ctx, i, field, `${text} is too large for a DSCO item ID`);
	return n;
}

/** The listed lines as PackingSlipCreateOrderItem objects: itemId and lineNumber required (numbers in the schema). */
function readItems(ctx: IExecuteFunctions, i: number, source: string): IDataObject[] | undefined {
	if (source === 'all') return undefined;
	const fromJson = source === 'json';
	const label = fromJson ? ITEMS_JSON_LABEL : ITEMS_FIELDS_LABEL;
	let raw: unknown[];
	if (fromJson) {
		const parsed = readJson<unknown>(ctx, i, label, ctx.getNodeParameter('itemsJson', i, '[]'));
		if (Array.isArray(parsed)) raw = parsed;
		else if (parsed && typeof parsed === 'object') raw = [parsed];
		else
			throw invalidInput(ctx, i, label, `give an array of objects (got ${JSON.stringify(parsed)})`);
	} else {
		raw = (ctx.getNodeParameter('items', i, {}) as { values?: IDataObject[] }).values ?? [];
	}
	if (raw.length === 0)
		throw invalidInput(
			ctx,
			i,
			label,
			'there are no lines; add at least one, or choose All Lines of the Order',
		);
	return raw.map((entry, k) => {
		const field = (name: string) => `${label} › Line ${k + 1} › ${name}`;
		if (!entry || typeof entry !== 'object' || Array.isArray(entry))
			throw invalidInput(ctx, i, `${label} › Line ${k + 1}`, 'it is not an object');
		const line = entry as IDataObject;
		if (fromJson) {
			const allowed = ['itemId', 'lineNumber', ...QUANTITY_KEYS];
			const unknown = Object.keys(line).find((key) => !allowed.includes(key));
			if (unknown)
				throw invalidInput(
					ctx,
					i,
					`${label} › Line ${k + 1}`,
					`unknown key "${unknown}"; allowed: ${allowed.join(', ')}`,
				);
		}
		const lineNumber = readLineNumber(
			ctx,
			i,
			field(fromJson ? 'lineNumber' : 'Line Number'),
			line.lineNumber,
		);
		if (lineNumber === undefined)
			throw invalidInput(
				ctx,
				i,
				field(fromJson ? 'lineNumber' : 'Line Number'),
				'it is empty; DSCO needs the line number of every listed item',
			);
		const out: IDataObject = {
			itemId: readItemId(ctx, i, field(fromJson ? 'itemId' : 'DSCO Item ID'), line.itemId),
			lineNumber,
		};
		for (const key of QUANTITY_KEYS) {
			const value = line[key];
			if (value === undefined || value === null || value === '' || (!fromJson && value === 0))
				continue;
			out[key] = readQuantity(ctx, i, field(fromJson ? key : 'Quantity'), value, { min: 0 });
		}
		return out;
	});
}

function readInput(ctx: IExecuteFunctions, i: number): SlipInput {
	const ref = readOrderReference(ctx, i);
	const source = ctx.getNodeParameter('itemsSource', i, 'all');
	if (source !== 'all' && source !== 'fields' && source !== 'json')
		throw invalidInput(ctx, i, 'Lines', `"${String(source)}" is not one of all, fields, json`);
	const items = readItems(ctx, i, source);
	const given = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const extra: IDataObject = {};
	for (const [name, label] of [
		['numberOfPallets', 'Number of Pallets'],
		['numberOfUnits', 'Number of Units'],
	]) {
		if (given[name] !== undefined && given[name] !== '' && given[name] !== 0)
			extra[name] = readNonNegativeNumber(ctx, i, label, given[name]);
	}
	return { ref, items, extra, binaryPropertyName: readSlipBinaryProperty(ctx, i) };
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const orders = new OrderReader(client);
	const timeoutMs = readWaitTimeoutMs(this, DEFAULT_WAIT_SECONDS);
	return await produceSlips(
		this,
		client,
		items,
		(i) => readInput(this, i),
		async (i, { ref, items: lines, extra, binaryPropertyName }) => {
			// DSCO identifies the order by dscoOrderId (a number in this schema) or poNumber only.
			let dscoOrderId: string | undefined;
			let poNumber: string | undefined;
			if (ref.type === 'DSCO_ORDER_ID') dscoOrderId = ref.id;
			else if (ref.type === 'PO_NUMBER') poNumber = ref.id;
			else {
				const order = await orders.require(ref, i);
				dscoOrderId = String(order.dscoOrderId);
				poNumber = typeof order.poNumber === 'string' ? order.poNumber : undefined;
			}
			if (dscoOrderId !== undefined && !Number.isSafeInteger(Number(dscoOrderId))) {
				throw invalidInput(
					this,
					i,
					ref.field,
					`${dscoOrderId} is too large for DSCO's packing slip request`,
				);
			}
			const body: IDataObject =
				dscoOrderId !== undefined ? { dscoOrderId: Number(dscoOrderId) } : { poNumber };
			if (lines) body.items = lines;
			Object.assign(body, extra);
			const state = await requestPackingSlip(client, body, i);
			// The PO names the file; an input item that is this order (a DSCO Trigger or Shipping Label item) gives it.
			const input = items[i].json;
			if (
				!poNumber &&
				dscoOrderId !== undefined &&
				String(input.dscoOrderId ?? '') === dscoOrderId &&
				typeof input.poNumber === 'string'
			)
				poNumber = input.poNumber;
			return {
				state,
				fileName: `${fileNamePart(poNumber ?? dscoOrderId)}-packing-slip.pdf`,
				info: { dscoOrderId: dscoOrderId ?? null, poNumber: poNumber ?? null },
				binaryPropertyName,
			};
		},
		{ timeoutMs, readFirst: false },
	);
}
