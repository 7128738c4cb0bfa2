import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { errorItemOrThrow, invalidInput, quote } from '../../helpers/items';
import {
	isEmptyLocator,
	locatorValue,
	shipCodeLocator,
	textThenLocator,
	warehouseLocator,
} from '../../helpers/locators';
import {
	readDate,
	readIdentifier,
	readMoney,
	readNonNegativeNumber,
	ORDER_KEYS,
	orderKeyIn,
	readOrderReference,
	readQuantity,
	readText,
	readUrl,
	type OrderReference,
} from '../../helpers/validation';
import { sendBatched } from '../../writes/batchWrite';
import { sendEach } from '../../writes/singleWrite';
import type { DscoClient } from '../../transport/client';
import type { EntryState, LostBatchEntry } from '../../writes/lostBatch';
import { fetchOrder, ORDER_RECHECK_PAUSE_MS, OrderReader } from '../../transport/orders';
import { orderReferenceProperties } from '../common';
import {
	readSendMode,
	sendModeProperties,
	waitOnlyInBatch,
	type SendMode,
	type SendModeSpec,
} from '../sendMode';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';
import {
	lineItemsProperties,
	lineReference,
	openQuantity,
	orderLines,
	readLineItems,
	type LineItemsSpec,
} from '../lineItems';

/** The generic order-level ship code DSCO refuses on packages (api-notes). */
const GENERIC_SHIP_CODE = 'GCG';
const SHIP_CODE_FIELDS = ['shipCarrier', 'shipMethod', 'shippingServiceLevelCode'] as const;
const WEIGHT_UNITS = ['g', 'kg', 'lb', 'oz'];
/**
 * Tracking Number's default: the input item's trackingNumber, as Shipping Label → Create outputs it. Left to this
 * default on a label item (one with a carrierServiceLevel), the carrier, service level and tracking link also come
 * from it, and with no lines given the package holds the order's open lines: Label → Shipment needs no mapping.
 * (Saved workflows always stored their own Tracking Number, a required parameter whose default used to be empty;
 * one that stored exactly this expression changes only for label items, with which it could not work before.)
 */
export const TRACKING_FROM_INPUT = '={{ $json.trackingNumber }}';

export const SHIPMENT_LINES: LineItemsSpec = {
	lineNumber: true,
	description: 'line shipped in this package',
	jsonExample: '[\n  {\n    "sku": "SKU-1",\n    "quantity": 1\n  }\n]',
	fields: [
		{
			name: 'quantity',
			displayName: 'Quantity',
			required: true,
			property: {
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'How many of the item are in this package',
			},
			read: (ctx, i, field, value) => readQuantity(ctx, i, field, value, { min: 1 }),
		},
	],
};

const weightUnitOptions = [
	{ name: 'Grams', value: 'g' },
	{ name: 'Kilograms', value: 'kg' },
	{ name: 'Ounces', value: 'oz' },
	{ name: 'Pounds', value: 'lb' },
];

const shipFromValues: INodeProperties[] = [
	{
		displayName: 'Address Line 1',
		name: 'address1',
		type: 'string',
		default: '',
		description: 'Street address (required)',
	},
	{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
	{ displayName: 'City', name: 'city', type: 'string', default: '', description: 'Required' },
	{ displayName: 'Company', name: 'company', type: 'string', default: '' },
	{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'e.g. US' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	{
		displayName: 'Postal Code',
		name: 'postal',
		type: 'string',
		default: '',
		description: 'Required',
	},
	{
		displayName: 'Region',
		name: 'region',
		type: 'string',
		default: '',
		placeholder: 'e.g. NJ',
		description: 'State or province (required)',
	},
];

/** Shipment → Create's Send Mode (version 1: "Mode", singleShipment | batch). */
export const SHIPMENT_SEND_MODE: SendModeSpec = {
	v1: { name: 'mode', displayName: 'Mode', sync: 'singleShipment' },
	default: 'sync',
	syncName: 'Single Shipment (Sync)',
	syncDescription:
		"One POST /order/singleShipment per package; DSCO's validation errors come back at once",
	batchDescription:
		'All packages in as few POST /order/shipment/batch/small calls as the 5 MB limit allows; DSCO processes them later and reports each in its change log',
	description: 'How the packages are sent to DSCO',
};

export const description: INodeProperties[] = showOnlyFor('shipment', 'create', [
	...orderReferenceProperties(
		'The order the package belongs to; one package per input item',
		'={{ $json.dscoOrderId }}',
	),
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		required: true,
		default: TRACKING_FROM_INPUT,
		placeholder: 'e.g. 1Z999AA10123456784',
		description:
			"The package's tracking number. DSCO has no idempotency key: the duplicate guard (see Options) keeps a tracking number from being shipped twice. Left to its default after Shipping Label → Create, the label's carrier, service level and tracking link are sent too, and with no Line Items the package holds the order's open lines.",
	},
	{
		displayName: 'Ship Codes',
		name: 'shipCodeSource',
		type: 'options',
		options: [
			{
				name: 'Enter Below',
				value: 'enter',
				description: 'Give carrier, method and service level code here',
			},
			{
				name: "From the Order's Final Codes",
				value: 'order',
				description:
					'Read the order and use its shipCarrier, shipMethod and shippingServiceLevelCode',
			},
		],
		default: 'enter',
		description: 'Where the carrier, method and service level code of the package come from',
		hint: 'Some retailers refuse a package without a carrier and a service level code',
	},
	...textThenLocator(
		{
			displayName: 'Ship Carrier',
			name: 'shipCarrier',
			type: 'string',
			default: '',
			placeholder: 'e.g. UPS',
			displayOptions: { show: { shipCodeSource: ['enter'] } },
			description: 'The carrier. Some retailers require it.',
		},
		shipCodeLocator('shipCarrier', 'Ship Carrier', 'searchShipCarriers', {
			description:
				'The carrier. Some retailers require it; DSCO needs a service level code, or a carrier and a method.',
			listPlaceholder: 'Select a carrier...',
			placeholder: 'e.g. UPS',
		}),
	),
	...textThenLocator(
		{
			displayName: 'Ship Method',
			name: 'shipMethod',
			type: 'string',
			default: '',
			placeholder: 'e.g. Ground',
			displayOptions: { show: { shipCodeSource: ['enter'] } },
		},
		shipCodeLocator('shipMethod', 'Ship Method', 'searchShipMethods', {
			description: "The carrier's service, e.g. Ground",
			listPlaceholder: 'Select a method...',
			placeholder: 'e.g. Ground',
		}),
	),
	...textThenLocator(
		{
			displayName: 'Shipping Service Level Code',
			name: 'shippingServiceLevelCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. UPCG',
			displayOptions: { show: { shipCodeSource: ['enter'] } },
			description:
				'A carrier-specific code (e.g. UPCG, USGA, FECG); DSCO refuses the generic GCG on packages',
		},
		{
			...shipCodeLocator(
				'shippingServiceLevelCode',
				'Shipping Service Level Code',
				'searchServiceLevels',
				{
					description: 'A carrier-specific code such as UPCG, USGA or FECG',
					listPlaceholder: 'Select a service level...',
					placeholder: 'e.g. UPCG',
				},
			),
			hint: "DSCO refuses the generic GCG on packages; a code must be enabled in the retailer's Ship Mappings in DSCO",
		},
	),
	{
		displayName: 'Ship Date',
		name: 'shipDate',
		type: 'dateTime',
		default: '',
		description: 'When the package shipped (ISO 8601). Empty: none is sent.',
	},
	...lineItemsProperties(SHIPMENT_LINES),
	...sendModeProperties(SHIPMENT_SEND_MODE),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Ship Cost',
				name: 'shipCost',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: 'What shipping the package cost',
			},
			{
				displayName: 'Ship From',
				name: 'shipFrom',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Address',
				description: 'Where the package shipped from',
				options: [{ displayName: 'Address', name: 'address', values: shipFromValues }],
			},
			{
				displayName: 'Tracking URL',
				name: 'trackingUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://www.ups.com/track?tracknum=1Z999AA10123456784',
				description: "The carrier's tracking page for the package",
			},
			...textThenLocator(
				{
					displayName: 'Warehouse Code',
					name: 'warehouseCode',
					type: 'string',
					default: '',
					placeholder: 'e.g. WH01',
					description: 'Your code of the warehouse that shipped the package',
				},
				warehouseLocator('warehouseCode', 'Warehouse', 'The warehouse that shipped the package'),
			),
			{
				displayName: 'Weight',
				name: 'shipWeight',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'The weight of the package',
			},
			{
				displayName: 'Weight Units',
				name: 'shipWeightUnits',
				type: 'options',
				options: weightUnitOptions,
				default: 'lb',
				description: 'The unit of Weight',
			},
		],
	},
	waitOnlyInBatch(
		asyncWriteOptions([
			{
				displayName: 'Skip Tracking Numbers Already Shipped',
				name: 'duplicateGuard',
				type: 'boolean',
				default: true,
				description:
					'Whether to read the order first and skip a package whose tracking number is already on it (output with status alreadyShipped), so that a re-run never ships it twice',
			},
		]),
		SHIPMENT_SEND_MODE,
	),
]);

interface ShipmentEntry extends IDataObject {
	dscoOrderId?: string;
	poNumber?: string;
	supplierOrderNumber?: string;
	shipments: IDataObject[];
}

function trackingOf(entry: IDataObject): string | undefined {
	const shipments = entry.shipments as IDataObject[] | undefined;
	const tracking = Array.isArray(shipments) ? shipments[0]?.trackingNumber : undefined;
	return typeof tracking === 'string' ? tracking : undefined;
}

/** Pairs change-log entries with the shipments sent: order key + tracking number. */
function shipmentKey(payload: IDataObject): string | undefined {
	const order = orderKeyIn(payload);
	const tracking = trackingOf(payload);
	return order && tracking ? `${order.pairing}|${tracking}` : undefined;
}

/** A tracking number as compared for duplicates: carriers' numbers do not depend on case or spacing. */
export function normalizeTracking(trackingNumber: string): string {
	return trackingNumber.replace(/\s+/g, '').toUpperCase();
}

/** The packages of an order that carry this tracking number. */
export function packagesWithTracking(order: IDataObject, trackingNumber: string): IDataObject[] {
	const packages = Array.isArray(order.packages) ? (order.packages as IDataObject[]) : [];
	const wanted = normalizeTracking(trackingNumber);
	return packages.filter(
		(p) =>
			p && typeof p === 'object' && normalizeTracking(String(p.trackingNumber ?? '')) === wanted,
	);
}

function readShipFrom(ctx: IExecuteFunctions, i: number, raw: unknown): IDataObject | undefined {
	const address = (raw as { address?: IDataObject } | undefined)?.address;
	if (!address) return undefined;
	const text = (name: string, label: string, required: boolean) => {
		const value = address[name];
		if (value === undefined || value === null || String(value).trim() === '') {
			if (required)
				throw invalidInput(
					ctx,
					i,
					`Ship From › ${label}`,
					'it is empty; a ship-from address needs address line 1, city, region and postal code',
				);
			return undefined;
		}
		return readText(ctx, i, `Ship From › ${label}`, value);
	};
	const line1 = text('address1', 'Address Line 1', true)!;
	const line2 = text('address2', 'Address Line 2', false);
	const out: IDataObject = {
		address: line2 ? [line1, line2] : [line1],
		city: text('city', 'City', true),
		region: text('region', 'Region', true),
		postal: text('postal', 'Postal Code', true),
	};
	for (const [name, label] of [
		['name', 'Name'],
		['company', 'Company'],
		['country', 'Country'],
		['phone', 'Phone'],
	]) {
		const value = text(name, label, false);
		if (value !== undefined) out[name] = value;
	}
	return out;
}

function readShipCode(
	ctx: IExecuteFunctions,
	i: number,
	name: (typeof SHIP_CODE_FIELDS)[number],
	label: string,
): string | undefined {
	const raw = ctx.getNodeParameter(name, i, '');
	if (isEmptyLocator(raw)) return undefined;
	const value = locatorValue(raw);
	const code = readIdentifier(ctx, i, label, 'shipCode', value);
	if (name === 'shippingServiceLevelCode' && code.toUpperCase() === GENERIC_SHIP_CODE) {
		throw invalidInput(
			ctx,
			i,
			label,
			`DSCO refuses the generic code ${GENERIC_SHIP_CODE} on packages; use a carrier-specific code such as UPCG, USGA or FECG`,
		);
	}
	return code;
}

/** One run of Shipment → Create: the node's settings and what reading the items learned, shared by the steps below. */
interface ShipmentRun {
	ctx: IExecuteFunctions;
	client: DscoClient;
	items: INodeExecutionData[];
	mode: SendMode;
	/** Options → Duplicate Guard: read the order first and skip a package whose tracking number is already on it. */
	guard: boolean;
	/** Tracking Number left to its default, the input item's trackingNumber (a Shipping Label → Create item). */
	trackingFromInput: boolean;
	refs: Map<number, OrderReference>;
	/** Items whose ship codes come from the order (Ship Codes → From the Order). */
	codesFromOrder: Set<number>;
	/** Label items without lines: the package holds the order's open lines. */
	linesFromOrder: Set<number>;
	/** The first item of each (order, tracking number) package in this run. */
	firstOfPackage: Map<string, number>;
	/** The preflight's order reads: several packages of one order read it once. */
	orders: OrderReader;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const run: ShipmentRun = {
		ctx: this,
		client,
		items,
		mode: readSendMode(this, SHIPMENT_SEND_MODE),
		guard:
			(this.getNodeParameter('options', 0, {}) as { duplicateGuard?: boolean }).duplicateGuard ??
			true,
		trackingFromInput:
			String(this.getNode().parameters.trackingNumber ?? '').trim() === TRACKING_FROM_INPUT,
		refs: new Map(),
		codesFromOrder: new Set(),
		linesFromOrder: new Set(),
		firstOfPackage: new Map(),
		orders: new OrderReader(client),
	};
	return run.mode === 'batch' ? await sendShipmentBatch(run) : await sendSingleShipments(run);
}

/** A Shipping Label → Create item: it names the service level the label was bought with. */
function isLabelItem(run: ShipmentRun, i: number): boolean {
	const json = run.items[i].json;
	return (
		run.trackingFromInput &&
		typeof json.carrierServiceLevel === 'string' &&
		json.carrierServiceLevel !== ''
	);
}

/** Reads one input item as one package (a ShipmentEntry for one order); bad input is an error naming the item and field. */
function readShipment(run: ShipmentRun, i: number): ShipmentEntry {
	const { ctx } = run;
	const ref = readOrderReference(ctx, i);
	const trackingNumber = readIdentifier(
		ctx,
		i,
		'Tracking Number',
		'trackingNumber',
		ctx.getNodeParameter('trackingNumber', i),
	);
	const shipment: IDataObject = { trackingNumber };
	readShipmentCodes(run, i, shipment);
	const shipDate = ctx.getNodeParameter('shipDate', i, '');
	if (shipDate !== '' && shipDate !== null && shipDate !== undefined)
		shipment.shipDate = readDate(ctx, i, 'Ship Date', shipDate);
	if (isLabelItem(run, i) && noLinesGiven(ctx, i)) {
		run.linesFromOrder.add(i);
		shipment.lineItems = [];
	} else shipment.lineItems = readLineItems(ctx, i, SHIPMENT_LINES);
	readShipmentAdditionalFields(run, i, shipment);
	claimPackage(run, i, ref, trackingNumber);
	run.refs.set(i, ref);
	return { [ref.key]: ref.id, shipments: [shipment] } as ShipmentEntry;
}

/** Ship Codes: entered (or a label item's), or marked to be taken from the order when it is read before sending. */
function readShipmentCodes(run: ShipmentRun, i: number, shipment: IDataObject): void {
	const { ctx } = run;
	const source = ctx.getNodeParameter('shipCodeSource', i, 'enter') as string;
	if (source === 'order') run.codesFromOrder.add(i);
	else if (source === 'enter') {
		const labels = {
			shipCarrier: 'Ship Carrier',
			shipMethod: 'Ship Method',
			shippingServiceLevelCode: 'Shipping Service Level Code',
		};
		for (const name of SHIP_CODE_FIELDS) {
			const code = readShipCode(ctx, i, name, labels[name]);
			if (code !== undefined) shipment[name] = code;
		}
		if (isLabelItem(run, i) && !SHIP_CODE_FIELDS.some((name) => shipment[name] !== undefined)) {
			Object.assign(shipment, labelShipCodes(ctx, i, run.items[i].json));
		}
	} else throw invalidInput(ctx, i, 'Ship Codes', `${quote(source)} is not one of enter, order`);
}

/** Additional Fields: cost, weight, warehouse, tracking URL (or a label item's tracking link) and ship-from address. */
function readShipmentAdditionalFields(run: ShipmentRun, i: number, shipment: IDataObject): void {
	const { ctx } = run;
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	if (extra.shipCost !== undefined)
		shipment.shipCost = readMoney(ctx, i, 'Ship Cost', extra.shipCost);
	if (extra.shipWeight !== undefined)
		shipment.shipWeight = readNonNegativeNumber(ctx, i, 'Weight', extra.shipWeight);
	if (extra.shipWeightUnits !== undefined) {
		if (!WEIGHT_UNITS.includes(extra.shipWeightUnits as string)) {
			throw invalidInput(
				ctx,
				i,
				'Weight Units',
				`${quote(extra.shipWeightUnits)} is not one of ${WEIGHT_UNITS.join(', ')}`,
			);
		}
		shipment.shipWeightUnits = extra.shipWeightUnits;
	}
	if (!isEmptyLocator(extra.warehouseCode)) {
		shipment.warehouseCode = readIdentifier(
			ctx,
			i,
			'Warehouse Code',
			'warehouseCode',
			locatorValue(extra.warehouseCode),
		);
	}
	if (extra.trackingUrl !== undefined && extra.trackingUrl !== '')
		shipment.trackingUrl = readUrl(ctx, i, 'Tracking URL', extra.trackingUrl);
	else if (isLabelItem(run, i) && isHttpUrl(run.items[i].json.trackingLink))
		shipment.trackingUrl = run.items[i].json.trackingLink;
	const shipFrom = readShipFrom(ctx, i, extra.shipFrom);
	if (shipFrom) shipment.shipFrom = shipFrom;
}

/** One input item is one package: a second item with the same order and tracking number is refused, not sent. */
function claimPackage(
	run: ShipmentRun,
	i: number,
	ref: OrderReference,
	trackingNumber: string,
): void {
	const packageKey = `${ref.type}:${ref.id}|${normalizeTracking(trackingNumber)}`;
	const first = run.firstOfPackage.get(packageKey);
	if (first !== undefined) {
		throw invalidInput(
			run.ctx,
			i,
			'Tracking Number',
			`${quote(trackingNumber)} for this order is already item ${first} of this run; one input item is one package, so give all of its lines in one item`,
		);
	}
	run.firstOfPackage.set(packageKey, i);
}

/** The output fields of one package, in the words outputs have always used. */
function describeShipment(run: ShipmentRun, entry: ShipmentEntry): IDataObject {
	const key = orderKeyIn(entry)?.key ?? 'dscoOrderId';
	return {
		orderId: entry[key] ?? null,
		orderIdType: ORDER_KEYS[key].type,
		trackingNumber: trackingOf(entry) ?? null,
		// As outputs have always named it, in either version: the DSCO call it went out as.
		mode: run.mode === 'sync' ? 'singleShipment' : 'batch',
		lineItems: (entry.shipments[0]?.lineItems ?? []) as IDataObject[],
	};
}

/** Reads each order once: the duplicate guard and the order's ship codes and open lines. Settles skipped and failed items. */
async function preflightShipments(
	run: ShipmentRun,
	valid: Array<{ itemIndex: number; value: ShipmentEntry }>,
): Promise<Map<number, IDataObject>> {
	const { ctx, guard } = run;
	const settled = new Map<number, IDataObject>();
	const inThisRun = new Map<string, number>();
	for (const { itemIndex: i, value } of valid) {
		if (!guard && !run.codesFromOrder.has(i) && !run.linesFromOrder.has(i)) continue;
		try {
			const ref = run.refs.get(i)!;
			const order = await run.orders.require(ref, i);
			const shipment = value.shipments[0];
			if (guard) {
				const alreadyShipped = guardAgainstRepeat(run, i, value, ref, order, inThisRun);
				if (alreadyShipped) {
					settled.set(i, alreadyShipped);
					continue;
				}
			}
			if (run.codesFromOrder.has(i)) applyOrderCodes(ctx, i, order, shipment);
			if (run.linesFromOrder.has(i)) shipment.lineItems = openLinesOf(ctx, i, order);
		} catch (error) {
			settled.set(i, errorItemOrThrow(ctx, error, i, describeShipment(run, value)).json);
		}
	}
	return settled;
}

/**
 * The duplicate guard for one package: its output item when the order already carries the tracking number (not sent
 * again); an error when an earlier item of this run is the same package of the same DSCO order.
 */
function guardAgainstRepeat(
	run: ShipmentRun,
	i: number,
	value: ShipmentEntry,
	ref: OrderReference,
	order: IDataObject,
	inThisRun: Map<string, number>,
): IDataObject | undefined {
	const trackingNumber = value.shipments[0].trackingNumber as string;
	const existing = packagesWithTracking(order, trackingNumber);
	if (existing.length) {
		return {
			...describeShipment(run, value),
			dscoOrderId: order.dscoOrderId ?? null,
			status: 'alreadyShipped',
			message: `Tracking number ${trackingNumber} is already on DSCO order ${String(order.dscoOrderId ?? ref.id)}: not sent again`,
			package: existing[0],
		};
	}
	const key = `${String(order.dscoOrderId ?? `${ref.type}:${ref.id}`)}|${normalizeTracking(trackingNumber)}`;
	const first = inThisRun.get(key);
	if (first !== undefined) {
		throw invalidInput(
			run.ctx,
			i,
			'Tracking Number',
			`${quote(trackingNumber)} for DSCO order ${String(order.dscoOrderId)} is already item ${first} of this run`,
		);
	}
	inThisRun.set(key, i);
	return undefined;
}

/** Batch: the packages go to /order/shipment/batch/small and are verified on the orders (Wait for Result). */
async function sendShipmentBatch(run: ShipmentRun): Promise<INodeExecutionData[]> {
	const { ctx, client, items, refs } = run;
	const options = readAsyncWriteOptions(ctx);
	return await sendBatched<ShipmentEntry>(ctx, client, items, {
		path: '/order/shipment/batch/small',
		noun: 'shipment',
		// No idempotency key: a repeat adds a second package. After an ambiguous failure, only the packages that
		// neither DSCO's change log nor the order shows are sent again (writes/lostBatch.ts).
		idempotent: false,
		recheck: {
			read: async (entries) => await recheckPackages(run, entries),
			whatToCheck: (entry, i) => {
				const ref = refs.get(i)!;
				return `read the order (Order → Get, ${ref.key} ${ref.id}) and see whether tracking number ${trackingOf(entry)} is on it.`;
			},
		},
		read: (i) => readShipment(run, i),
		describe: (entry) => describeShipment(run, entry),
		preflight: async (valid) => await preflightShipments(run, valid),
		verify: {
			kind: 'order',
			key: shipmentKey,
			wait: options.waitForResult,
			timeoutMs: options.waitTimeoutMs,
		},
	});
}

/** After a batch failed in a way that may have reached DSCO: reads each order afresh to see which packages it took. */
async function recheckPackages(
	run: ShipmentRun,
	entries: Array<LostBatchEntry<ShipmentEntry>>,
): Promise<Map<number, EntryState>> {
	const fresh = new OrderReader(run.client);
	const states = new Map<number, EntryState>();
	for (const { entry, itemIndex: i } of entries) {
		const order = await fresh.read(run.refs.get(i)!, i);
		const trackingNumber = trackingOf(entry)!;
		if (!order) {
			states.set(i, {
				state: 'unknown',
				reason: 'DSCO did not find the order when it was read again',
			});
			continue;
		}
		const existing = packagesWithTracking(order, trackingNumber);
		states.set(
			i,
			existing.length
				? {
						state: 'applied',
						// With the guard on, the order was read before sending and had no such package.
						provesReceipt: run.guard,
						message: `reading the order showed tracking number ${trackingNumber} on it`,
						output: { dscoOrderId: order.dscoOrderId ?? null, package: existing[0] },
					}
				: { state: 'absent' },
		);
	}
	return states;
}

/** Single: one POST /order/singleShipment per package, re-sent after a lost answer only when the order lacks it. */
async function sendSingleShipments(run: ShipmentRun): Promise<INodeExecutionData[]> {
	const { ctx, client, items, refs } = run;
	return await sendEach<ShipmentEntry>(ctx, client, items, {
		path: '/order/singleShipment',
		noun: 'shipment',
		// No idempotency key: after a failure that may have reached DSCO, re-sent only when the order lacks the package.
		idempotent: false,
		read: (i) => readShipment(run, i),
		describe: (entry) => describeShipment(run, entry),
		describeFailures: true,
		preflight: async (valid) => await preflightShipments(run, valid),
		checkBeforeResend: (entry, i) => async () =>
			(await trackingOnOrder(client, refs.get(i)!, i, trackingOf(entry)!))
				? 'alreadyApplied'
				: 'resend',
		succeeded: (entry, answer) => {
			if (!answer.alreadyApplied) return {};
			return {
				status: 'success',
				resendSkipped: true,
				message: `The call failed after it may have reached DSCO; reading the order showed tracking number ${trackingOf(entry)} on it, so it was not sent again`,
			};
		},
	});
}

/** Whether Line Items were left empty (fields mode without entries). */
function noLinesGiven(ctx: IExecuteFunctions, i: number): boolean {
	if (ctx.getNodeParameter('lineItemsInput', i, 'fields') !== 'fields') return false;
	return (
		((ctx.getNodeParameter('lineItems', i, {}) as { values?: unknown[] }).values ?? []).length === 0
	);
}

function isHttpUrl(value: unknown): value is string {
	return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value);
}

/** A Shipping Label item's carrier and service level (a DSCO ship code) as the package's shipCarrier and shippingServiceLevelCode. */
function labelShipCodes(ctx: IExecuteFunctions, i: number, json: IDataObject): IDataObject {
	const codes: IDataObject = {};
	if (typeof json.carrier === 'string' && json.carrier.trim())
		codes.shipCarrier = readText(ctx, i, 'Ship Carrier', json.carrier);
	if (typeof json.carrierServiceLevel === 'string' && json.carrierServiceLevel.trim()) {
		const code = readText(ctx, i, 'Shipping Service Level Code', json.carrierServiceLevel);
		if (code.toUpperCase() === GENERIC_SHIP_CODE) {
			throw invalidInput(
				ctx,
				i,
				'Shipping Service Level Code',
				`the input item's carrierServiceLevel is the generic ${GENERIC_SHIP_CODE}, which DSCO refuses on packages; enter a carrier-specific code`,
			);
		}
		codes.shippingServiceLevelCode = code;
	}
	return codes;
}

/** Every line of the order with quantity still open, whole: the package of a label bought for the order. */
function openLinesOf(ctx: IExecuteFunctions, i: number, order: IDataObject): IDataObject[] {
	const lines = orderLines(order)
		.filter((line) => openQuantity(line) > 0)
		// By SKU where the line has one: a production retailer required line SKUs on packages (api-notes).
		.map((line) => {
			const ref: IDataObject =
				typeof line.sku === 'string' && line.sku
					? { sku: line.sku }
					: lineReference(line, { lineNumber: false });
			if (typeof line.lineNumber === 'number') ref.lineNumber = line.lineNumber;
			return { ...ref, quantity: openQuantity(line) };
		});
	if (!lines.length)
		throw invalidInput(
			ctx,
			i,
			'Line Items',
			`DSCO order ${String(order.dscoOrderId)} has no open lines left to ship; list the package's lines`,
		);
	return lines;
}

function applyOrderCodes(
	ctx: IExecuteFunctions,
	i: number,
	order: IDataObject,
	shipment: IDataObject,
) {
	let found = 0;
	for (const name of SHIP_CODE_FIELDS) {
		const value = order[name];
		if (typeof value === 'string' && value.trim() !== '') {
			shipment[name] = value.trim();
			found++;
		}
	}
	if (found === 0) {
		throw invalidInput(
			ctx,
			i,
			'Ship Codes',
			`DSCO order ${String(order.dscoOrderId)} has no final ship codes (shipCarrier, shipMethod, shippingServiceLevelCode); choose "Enter Below"`,
		);
	}
	if (String(shipment.shippingServiceLevelCode ?? '').toUpperCase() === GENERIC_SHIP_CODE) {
		throw invalidInput(
			ctx,
			i,
			'Ship Codes',
			`the order's service level code is the generic ${GENERIC_SHIP_CODE}, which DSCO refuses on packages; choose "Enter Below" and give a carrier-specific code`,
		);
	}
}

/**
 * Whether the order now carries the tracking number: asked after a POST /order/singleShipment failed in a way that
 * may have reached DSCO (timeout, 5xx, dropped connection). Read twice, a moment apart, as DSCO's reads lag; only
 * when neither read shows the package is it sent again.
 */
async function trackingOnOrder(
	client: DscoClient,
	ref: OrderReference,
	i: number,
	trackingNumber: string,
): Promise<boolean> {
	for (let read = 0; read < 2; read++) {
		if (read > 0) await client.wait(ORDER_RECHECK_PAUSE_MS);
		const order = await fetchOrder(client, ref, i);
		if (order && packagesWithTracking(order, trackingNumber).length > 0) return true;
	}
	return false;
}
