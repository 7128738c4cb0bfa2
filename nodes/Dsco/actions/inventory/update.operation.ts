import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { invalidInput, quote } from '../../helpers/items';
import {
	isEmptyLocator,
	locatorValue,
	textThenLocator,
	warehouseLocator,
} from '../../helpers/locators';
import { parseDecimal, readJson, readQuantity } from '../../helpers/validation';
import { sendBatched } from '../../writes/batchWrite';
import type { DscoClient } from '../../transport/client';
import { sendEach } from '../../writes/singleWrite';
import { readSendMode, sendModeProperties, waitOnlyInBatch, type SendModeSpec } from '../sendMode';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';
import {
	buildItemInventory,
	isBlank,
	missingFromCatalogHint,
	STATUS_OPTIONS,
	type ItemInventoryEntry,
	type RawInventory,
} from './itemInventory';

/** Options shared by Update and Update From File. */
export const safetyStockOption: INodeProperties = {
	displayName: 'Safety Stock',
	name: 'safetyStock',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Units held back from DSCO: subtracted from each warehouse quantity (floored at 0), the total being the sum of what remains; when only a total is given, subtracted from the total once. A SKU in 2 warehouses with safety stock 5 thus shows up to 10 fewer units.',
};

export const skipItemsOption: INodeProperties = {
	displayName: "Skip Items That Don't Exist",
	name: 'skipItemsThatDontExist',
	type: 'boolean',
	default: false,
	description:
		'Whether DSCO should skip SKUs that are missing from your DSCO catalog instead of failing them (they are reported with status "skipped"). Otherwise such a SKU fails with DSCO\'s NOT_FOUND message: DSCO takes inventory only for items in the catalog, so create them first with Catalog → Create or Update.',
};

/** The Send Mode (version 1: single | batch). */
const INVENTORY_SEND_MODE: SendModeSpec = {
	v1: { name: 'sendMode', displayName: 'Send Mode', sync: 'single' },
	default: 'batch',
	syncName: 'One Call per Item (Sync)',
	syncDescription:
		'POST /inventory/singleItem per item, at most 5 per second; DSCO answers each at once',
	batchDescription:
		'All items in the fewest calls under 5 MB (POST /inventory/batch/small); results from the change log',
	description: 'How the updates are sent. Inventory updates can safely be sent again.',
};

export const description: INodeProperties[] = showOnlyFor('inventory', 'update', [
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.sku }}',
		description: 'The SKU to update, one per input item (at most 90 characters)',
	},
	{
		displayName: 'Quantity Given As',
		name: 'quantitySource',
		type: 'options',
		options: [
			{ name: 'Total Quantity', value: 'total', description: 'One quantity for the SKU' },
			{
				name: 'Per Warehouse',
				value: 'warehouses',
				description: 'A quantity per warehouse; the total is their sum',
			},
			{
				name: 'Per Warehouse (JSON)',
				value: 'warehousesJson',
				description: 'An array of warehouses as JSON, e.g. from an expression',
			},
		],
		default: 'total',
		description: 'Whether the quantity is one total or per warehouse',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0 },
		required: true,
		default: 0,
		description: 'Units available to sell (a whole number ≥ 0), sent as quantityAvailable',
		displayOptions: { show: { quantitySource: ['total'] } },
	},
	{
		displayName: 'Warehouses',
		name: 'warehouses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Warehouse',
		default: {},
		description: 'Quantity per warehouse; quantityAvailable is their sum',
		displayOptions: { show: { quantitySource: ['warehouses'] } },
		options: [
			{
				displayName: 'Warehouse',
				name: 'warehouse',
				values: [
					...textThenLocator(
						{
							displayName: 'Code',
							name: 'code',
							type: 'string',
							default: '',
							placeholder: 'e.g. WH-01',
							description: 'Your code for the warehouse, as set up in DSCO',
						},
						warehouseLocator(
							'code',
							'Warehouse',
							'The warehouse, from your warehouses in DSCO or by its code',
						),
					),
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Units available in this warehouse',
					},
					{
						displayName: 'Cost',
						name: 'cost',
						type: 'string',
						default: '',
						placeholder: 'e.g. 12.50',
						description:
							'Optional cost at this warehouse (≥ 0, at most 2 decimals); empty to leave it out',
					},
					{
						displayName: 'Status',
						name: 'status',
						type: 'options',
						options: [{ name: 'Not Set', value: '' }, ...STATUS_OPTIONS],
						default: '',
						description: 'Optional status at this warehouse',
					},
				],
			},
		],
	},
	{
		displayName: 'Warehouses (JSON)',
		name: 'warehousesJson',
		type: 'json',
		default: '[\n  { "code": "WH-01", "quantity": 10 },\n  { "code": "WH-02", "quantity": 5 }\n]',
		description:
			'An array of {code, quantity, cost?, status?}; quantityAvailable is the sum of the quantities',
		displayOptions: { show: { quantitySource: ['warehousesJson'] } },
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [{ name: 'Infer From Quantity', value: 'auto' }, ...STATUS_OPTIONS],
		default: 'auto',
		description:
			'Infer From Quantity sends in-stock when the quantity is above 0 and out-of-stock at 0, as DSCO would. Note that DSCO itself turns in-stock with 0 into out-of-stock, and out-of-stock or discontinued with a quantity above 0 into in-stock.',
	},
	...sendModeProperties(INVENTORY_SEND_MODE),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Cost',
				name: 'cost',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: 'Your cost for the item (≥ 0, at most 2 decimals)',
			},
			{
				displayName: 'Estimated Availability Date',
				name: 'estimatedAvailabilityDate',
				type: 'dateTime',
				default: '',
				description: 'When an out-of-stock item is expected back (ISO 8601)',
			},
			{
				displayName: 'Total Quantity',
				name: 'totalQuantity',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'A total to check against the warehouse quantities: the item is refused when it differs from their sum',
			},
			...textThenLocator(
				{
					displayName: 'Warehouse Code',
					name: 'warehouseCode',
					type: 'string',
					default: '',
					placeholder: 'e.g. WH-01',
					description: 'With a total quantity: send it as the quantity of this warehouse',
				},
				warehouseLocator(
					'warehouseCode',
					'Warehouse',
					'With a total quantity: send it as the quantity of this warehouse',
				),
			),
		],
	},
	waitOnlyInBatch(asyncWriteOptions([safetyStockOption, skipItemsOption]), INVENTORY_SEND_MODE),
]);

interface WarehouseRow {
	code?: unknown;
	quantity?: unknown;
	cost?: unknown;
	status?: unknown;
}

interface AdditionalFields {
	cost?: unknown;
	estimatedAvailabilityDate?: unknown;
	totalQuantity?: unknown;
	warehouseCode?: unknown;
}

/** The ItemInventory of one input item, checked. */
function readUpdate(ctx: IExecuteFunctions, i: number): ItemInventoryEntry {
	const source = ctx.getNodeParameter('quantitySource', i) as string;
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as AdditionalFields;
	const options = ctx.getNodeParameter('options', i, {}) as { safetyStock?: unknown };
	const safetyStock = isBlank(options.safetyStock)
		? 0
		: readQuantity(ctx, i, 'Safety Stock', options.safetyStock);
	const raw: RawInventory = {
		sku: ctx.getNodeParameter('sku', i),
		status: ctx.getNodeParameter('status', i, 'auto'),
		cost: extra.cost,
		estimatedAvailabilityDate: extra.estimatedAvailabilityDate,
	};
	if (source === 'total') {
		raw.quantity = ctx.getNodeParameter('quantity', i);
	} else if (source === 'warehouses') {
		const rows =
			(ctx.getNodeParameter('warehouses', i, {}) as { warehouse?: WarehouseRow[] }).warehouse ?? [];
		if (rows.length === 0)
			throw invalidInput(ctx, i, 'Warehouses', 'no warehouse is given; add at least one');
		raw.warehouses = rows.map((row) => ({ ...row, code: locatorValue(row.code) }));
		raw.quantity = extra.totalQuantity;
	} else if (source === 'warehousesJson') {
		const parsed = readJson<unknown>(
			ctx,
			i,
			'Warehouses (JSON)',
			ctx.getNodeParameter('warehousesJson', i),
		);
		if (
			!Array.isArray(parsed) ||
			parsed.length === 0 ||
			!parsed.every((w) => w && typeof w === 'object' && !Array.isArray(w))
		) {
			throw invalidInput(
				ctx,
				i,
				'Warehouses (JSON)',
				'give a non-empty array of objects like {"code": "WH-01", "quantity": 10}',
			);
		}
		raw.warehouses = parsed as WarehouseRow[];
		raw.quantity = extra.totalQuantity;
	} else {
		throw invalidInput(
			ctx,
			i,
			'Quantity Given As',
			`${quote(source)} is not one of total, warehouses, warehousesJson`,
		);
	}
	if (source === 'total' && !isBlank(extra.totalQuantity)) {
		const total = readQuantity(ctx, i, 'Total Quantity', extra.totalQuantity);
		const quantity = parseDecimal(raw.quantity);
		if (quantity !== undefined && total !== quantity)
			throw invalidInput(ctx, i, 'Total Quantity', `${total} differs from Quantity ${quantity}`);
	}
	const warehouseCode = isEmptyLocator(extra.warehouseCode)
		? ''
		: String(locatorValue(extra.warehouseCode)).trim();
	const label = (field: string) =>
		field === 'Quantity' && source !== 'total' ? 'Total Quantity' : field;
	return buildItemInventory(ctx, i, raw, { safetyStock, warehouseCode }, label);
}

/** What identifies an update in its output item (`status` there is DSCO's result, so the sent status is renamed). */
function describe(entry: ItemInventoryEntry): IDataObject {
	const out: IDataObject = {
		sku: entry.sku,
		quantityAvailable: entry.quantityAvailable,
		inventoryStatus: entry.status,
		warehouses: entry.warehouses,
	};
	if (entry.cost !== undefined) out.cost = entry.cost;
	if (entry.estimatedAvailabilityDate !== undefined)
		out.estimatedAvailabilityDate = entry.estimatedAvailabilityDate;
	return out;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const mode = readSendMode(this, INVENTORY_SEND_MODE);
	const options = this.getNodeParameter('options', 0, {}) as { skipItemsThatDontExist?: boolean };
	const skip = options.skipItemsThatDontExist === true;
	if (mode === 'sync') {
		return await sendEach<ItemInventoryEntry>(this, client, items, {
			path: '/inventory/singleItem',
			noun: 'inventory update',
			// Setting a quantity again has no further effect.
			idempotent: true,
			read: (i) => readUpdate(this, i),
			describe,
			// singleItem has no skip parameter: an unknown SKU answers NOT_FOUND, reported as skipped when asked.
			skipWhen: skip ? (m) => m.code === 'NOT_FOUND' : undefined,
			failureHint: missingFromCatalogHint,
		});
	}
	const wait = readAsyncWriteOptions(this);
	return await sendBatched<ItemInventoryEntry>(this, client, items, {
		path: '/inventory/batch/small',
		qs: skip ? { skipItemsThatDontExist: true } : undefined,
		noun: 'inventory update',
		idempotent: true,
		read: (i) => readUpdate(this, i),
		describe,
		failureHint: missingFromCatalogHint,
		verify: {
			kind: 'inventory',
			key: (p) => (typeof p.sku === 'string' ? p.sku : undefined),
			wait: wait.waitForResult,
			timeoutMs: wait.waitTimeoutMs,
			// With skipItemsThatDontExist, DSCO logs nothing for an unknown SKU: its absence means "skipped".
			skipsUnlogged: skip,
		},
	});
}
