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
	shipCodeLocator,
	textThenLocator,
} from '../../helpers/locators';
import {
	isBlank,
	readDate,
	readIdentifier,
	readJson,
	readLineNumber,
	readMoney,
	readNonNegativeNumber,
	ORDER_KEY_VALUES,
	readOrderReference,
	readQuantity,
	readText,
	type IdentifierKind,
} from '../../helpers/validation';
import { sendBatched } from '../../writes/batchWrite';
import type { DscoClient } from '../../transport/client';
import { findInvoices } from '../../transport/invoices';
import { loggedSuccess, type EntryState } from '../../writes/lostBatch';
import { ORDER_RECHECK_PAUSE_MS } from '../../transport/orders';
import { sendEach } from '../../writes/singleWrite';
import { orderReferenceProperties } from '../common';
import { readSendMode, sendModeProperties, waitOnlyInBatch, type SendModeSpec } from '../sendMode';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';

const ITEM_ID_TYPES = [
	{ name: 'DSCO Item ID', value: 'dscoItemId' },
	{ name: 'EAN', value: 'ean' },
	{ name: 'Partner SKU', value: 'partnerSku' },
	{ name: 'SKU', value: 'sku' },
	{ name: 'UPC', value: 'upc' },
];

/** Invoice line fields a JSON line item may carry (the vendor's InvoiceLineItem, without its read-only fields). */
const LINE_FIELDS = new Set([
	'dscoItemId',
	'sku',
	'upc',
	'ean',
	'mpn',
	'isbn',
	'gtin',
	'partnerSku',
	'lineNumber',
	'title',
	'titleI18n',
	'unitPrice',
	'basisOfUnitPrice',
	'quantity',
	'unitOfMeasure',
	'extendedAmount',
	'handlingAmount',
	'shipDate',
	'trackingNumber',
	'shipAmount',
	'shipCarrier',
	'shipMethod',
	'shippingServiceLevelCode',
	'promotionReference',
	'promotionAmount',
	'taxAmount',
	'subtotal',
	'dscoPackageId',
	'shipWeight',
	'shipWeightUnits',
	'warehouseCode',
	'warehouseRetailerCode',
	'warehouseDscoId',
	'ssccBarcode',
	'msrp',
	'shipReferenceNumberQualifier',
	'shipTransportationMethodCode',
	'shipUnitOfMeasure',
	'shipUnitOfMeasurementCode',
	'carrierManifestId',
	'storeNumber',
	'serialNumbers',
	'carbCertifierId',
	'carbFormaldehydeComplianceCode',
	'amountOfSalesTaxCollected',
	'taxableAmountOfSale',
	'taxes',
]);
const LINE_ID_KEYS: IdentifierKind[] = [
	'dscoItemId',
	'sku',
	'partnerSku',
	'upc',
	'ean',
	'mpn',
	'isbn',
	'gtin',
];
/** Line amounts (numbers in the vendor's InvoiceLineItem): read like every other amount, ≥ 0 with 2 decimals. */
const LINE_MONEY_KEYS = new Set([
	'extendedAmount',
	'handlingAmount',
	'shipAmount',
	'promotionAmount',
	'taxAmount',
	'subtotal',
	'msrp',
	'amountOfSalesTaxCollected',
	'taxableAmountOfSale',
]);
/** Other line values read as the same kind of value elsewhere. */
const LINE_READERS: Record<
	string,
	(ctx: IExecuteFunctions, i: number, field: string, value: unknown) => IDataObject[string]
> = {
	shipDate: readDate,
	trackingNumber: (ctx, i, field, value) => readIdentifier(ctx, i, field, 'trackingNumber', value),
	warehouseCode: (ctx, i, field, value) => readIdentifier(ctx, i, field, 'warehouseCode', value),
	dscoPackageId: (ctx, i, field, value) => readQuantity(ctx, i, field, value, { min: 1 }),
	shipWeight: readNonNegativeNumber,
};

/** Invoice amounts (Additional Fields): ≥ 0 with at most 2 decimals. */
const MONEY_FIELDS: Array<[string, string, string]> = [
	['freightAmount', 'Freight Amount', 'Freight charged'],
	['handlingAmount', 'Handling Amount', 'Handling charged'],
	['lineItemsSubtotal', 'Line Items Subtotal', 'Sum of the line items'],
	['salesTaxAmount', 'Sales Tax Amount', 'Sales tax charged'],
	[
		'subtotalExcludingLineItems',
		'Subtotal Excluding Line Items',
		'Charges other than the line items',
	],
];

/** The Send Mode (version 1: single | batch). */
const INVOICE_SEND_MODE: SendModeSpec = {
	v1: { name: 'sendMode', displayName: 'Send Mode', sync: 'single' },
	default: 'batch',
	syncName: 'One Call per Item (Sync)',
	syncDescription: 'POST /invoice per item; DSCO answers each at once',
	batchDescription:
		'All invoices in the fewest calls under 5 MB (POST /invoice/batch/small); results from the change log',
	description: 'How the invoices are sent',
};

export const description: INodeProperties[] = showOnlyFor('invoice', 'create', [
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. INV-2025-0001',
		description: 'Your invoice number, one invoice per input item',
	},
	...orderReferenceProperties('The order this invoice bills'),
	{
		displayName: 'Total Amount',
		name: 'totalAmount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		required: true,
		default: 0,
		description: 'The invoice total (≥ 0, at most 2 decimals)',
	},
	{
		displayName: 'Line Items Input',
		name: 'lineItemsInput',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'One entry per line below' },
			{
				name: 'JSON',
				value: 'json',
				description: 'An array of DSCO invoice line items, e.g. from an expression',
			},
		],
		default: 'fields',
		description: 'How the invoice lines are given',
	},
	{
		displayName: 'Line Items',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line Item',
		default: {},
		displayOptions: { show: { lineItemsInput: ['fields'] } },
		options: [
			{
				displayName: 'Line Item',
				name: 'lineItem',
				values: [
					{
						displayName: 'Item ID',
						name: 'itemId',
						type: 'string',
						default: '',
						placeholder: 'e.g. ABC-123',
						description: 'The item invoiced on this line',
					},
					{
						displayName: 'Item ID Type',
						name: 'itemIdType',
						type: 'options',
						options: ITEM_ID_TYPES,
						default: 'sku',
						description: 'Which identifier Item ID is',
					},
					{
						displayName: 'Line Number',
						name: 'lineNumber',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'The order line invoiced (0 = not given)',
					},
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
						description: 'Units invoiced',
					},
					{
						displayName: 'Unit Price',
						name: 'unitPrice',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						default: 0,
						description: 'Price of one unit (≥ 0, at most 2 decimals)',
					},
				],
			},
		],
	},
	{
		displayName: 'Line Items (JSON)',
		name: 'lineItemsJson',
		type: 'json',
		default: '[\n  { "sku": "ABC-123", "quantity": 1, "unitPrice": 19.99, "lineNumber": 1 }\n]',
		description:
			"An array of invoice lines with the fields of DSCO's InvoiceLineItem; quantity and unitPrice are required",
		displayOptions: { show: { lineItemsInput: ['json'] } },
	},
	...sendModeProperties(INVOICE_SEND_MODE),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: (
			[
				{
					displayName: 'Consumer Order Number',
					name: 'consumerOrderNumber',
					type: 'string',
					default: '',
					description: "The consumer's order number",
				},
				{
					displayName: 'Currency Code',
					name: 'currencyCode',
					type: 'string',
					default: '',
					placeholder: 'e.g. USD',
					description: 'ISO 4217 code of the invoice currency',
				},
				...MONEY_FIELDS.map(
					([name, displayName, text]): INodeProperties => ({
						displayName,
						name,
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						default: 0,
						description: `${text} (≥ 0, at most 2 decimals)`,
					}),
				),
				{
					displayName: 'Invoice Date',
					name: 'invoiceDate',
					type: 'dateTime',
					default: '',
					description: 'Date of the invoice (ISO 8601)',
				},
				{
					displayName: 'Seller Invoice Number',
					name: 'sellerInvoiceNumber',
					type: 'string',
					default: '',
					description: 'Your own invoice number, when different from Invoice ID',
				},
				...textThenLocator(
					{
						displayName: 'Ship Carrier',
						name: 'shipCarrier',
						type: 'string',
						default: '',
						placeholder: 'e.g. UPS',
						description: 'Carrier of the shipment invoiced (sent as ship.carrier)',
					},
					shipCodeLocator('shipCarrier', 'Ship Carrier', 'searchShipCarriers', {
						description: 'Carrier of the shipment invoiced (sent as ship.carrier)',
						listPlaceholder: 'Select a carrier...',
						placeholder: 'e.g. UPS',
					}),
				),
				{
					displayName: 'Ship Date',
					name: 'shipDate',
					type: 'dateTime',
					default: '',
					description: 'When the invoiced goods shipped (sent as ship.date)',
				},
				...textThenLocator(
					{
						displayName: 'Ship Method',
						name: 'shipMethod',
						type: 'string',
						default: '',
						placeholder: 'e.g. Ground',
						description: 'Shipping method (sent as ship.method)',
					},
					shipCodeLocator('shipMethod', 'Ship Method', 'searchShipMethods', {
						description: 'Shipping method (sent as ship.method)',
						listPlaceholder: 'Select a method...',
						placeholder: 'e.g. Ground',
					}),
				),
				{
					displayName: 'Tracking Number',
					name: 'trackingNumber',
					type: 'string',
					default: '',
					description: 'Tracking number of the shipment invoiced (sent as ship.trackingNumber)',
				},
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	waitOnlyInBatch(asyncWriteOptions(), INVOICE_SEND_MODE),
]);

interface Invoice extends IDataObject {
	invoiceId: string;
	totalAmount: number;
	lineItems: IDataObject[];
}

interface LineRow {
	itemIdType?: unknown;
	itemId?: unknown;
	quantity?: unknown;
	unitPrice?: unknown;
	lineNumber?: unknown;
}

function readLine(
	ctx: IExecuteFunctions,
	i: number,
	field: string,
	line: IDataObject,
): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(line)) {
		if (!LINE_FIELDS.has(key)) {
			throw invalidInput(ctx, i, field, `${quote(key)} is not a field of a DSCO invoice line item`);
		}
		if (value === null || value === undefined) continue;
		if ((LINE_ID_KEYS as string[]).includes(key))
			out[key] = readIdentifier(ctx, i, `${field} ${key}`, key as IdentifierKind, value);
		else if (key === 'lineNumber')
			out.lineNumber = readLineNumber(ctx, i, `${field} Line Number`, value);
		else if (LINE_MONEY_KEYS.has(key)) out[key] = readMoney(ctx, i, `${field} ${key}`, value);
		else if (LINE_READERS[key]) out[key] = LINE_READERS[key](ctx, i, `${field} ${key}`, value);
		else out[key] = value;
	}
	if (line.quantity === undefined || line.quantity === null || line.quantity === '') {
		throw invalidInput(
			ctx,
			i,
			field,
			'quantity is missing; each invoice line needs a quantity and a unitPrice',
		);
	}
	out.quantity = readQuantity(ctx, i, `${field} Quantity`, line.quantity, { min: 1 });
	if (line.unitPrice === undefined || line.unitPrice === null || line.unitPrice === '') {
		throw invalidInput(
			ctx,
			i,
			field,
			'unitPrice is missing; each invoice line needs a quantity and a unitPrice',
		);
	}
	out.unitPrice = readMoney(ctx, i, `${field} Unit Price`, line.unitPrice);
	return out;
}

function readLines(ctx: IExecuteFunctions, i: number): IDataObject[] {
	const input = ctx.getNodeParameter('lineItemsInput', i, 'fields') as string;
	if (input === 'json') {
		const parsed = readJson<unknown>(
			ctx,
			i,
			'Line Items (JSON)',
			ctx.getNodeParameter('lineItemsJson', i),
		);
		if (!Array.isArray(parsed) || parsed.length === 0) {
			throw invalidInput(
				ctx,
				i,
				'Line Items (JSON)',
				'give a non-empty array of line items, e.g. [{"sku": "ABC-123", "quantity": 1, "unitPrice": 19.99}]',
			);
		}
		return parsed.map((line, k) => {
			if (!line || typeof line !== 'object' || Array.isArray(line)) {
				throw invalidInput(ctx, i, `Line Item ${k + 1}`, 'each line item must be a JSON object');
			}
			return readLine(ctx, i, `Line Item ${k + 1}`, line as IDataObject);
		});
	}
	if (input !== 'fields')
		throw invalidInput(ctx, i, 'Line Items Input', `${quote(input)} is not one of fields, json`);
	const rows =
		(ctx.getNodeParameter('lineItems', i, {}) as { lineItem?: LineRow[] }).lineItem ?? [];
	if (rows.length === 0)
		throw invalidInput(ctx, i, 'Line Items', 'no line item is given; add at least one');
	return rows.map((row, k) => {
		const field = `Line Item ${k + 1}`;
		const kind = String(row.itemIdType ?? 'sku');
		if (!ITEM_ID_TYPES.some((t) => t.value === kind)) {
			throw invalidInput(
				ctx,
				i,
				`${field} Item ID Type`,
				`${quote(kind)} is not one of ${ITEM_ID_TYPES.map((t) => t.value).join(', ')}`,
			);
		}
		const line = {
			[kind]: row.itemId,
			quantity: row.quantity,
			unitPrice: row.unitPrice,
		} as IDataObject;
		if (row.lineNumber !== undefined && row.lineNumber !== 0 && row.lineNumber !== '')
			line.lineNumber = row.lineNumber;
		if (row.itemId === undefined || row.itemId === '') {
			throw invalidInput(
				ctx,
				i,
				`${field} Item ID`,
				'it is empty; give the SKU (or other identifier) of the item invoiced',
			);
		}
		return readLine(ctx, i, field, line);
	});
}

interface Extra {
	[field: string]: unknown;
}

function readInvoice(ctx: IExecuteFunctions, i: number): Invoice {
	const invoiceId = readIdentifier(
		ctx,
		i,
		'Invoice ID',
		'invoiceId',
		ctx.getNodeParameter('invoiceId', i),
	);
	const ref = readOrderReference(ctx, i);
	const totalAmount = readMoney(ctx, i, 'Total Amount', ctx.getNodeParameter('totalAmount', i));
	const invoice: Invoice = {
		invoiceId,
		[ref.key]: ref.id,
		totalAmount,
		lineItems: readLines(ctx, i),
	};
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as Extra;
	const given = (key: string) => !isBlank(extra[key]);
	for (const [key, field] of MONEY_FIELDS)
		if (given(key)) invoice[key] = readMoney(ctx, i, field, extra[key]);
	if (given('currencyCode')) {
		const code = readText(ctx, i, 'Currency Code', extra.currencyCode).toUpperCase();
		if (!/^[A-Z]{3}$/.test(code))
			throw invalidInput(
				ctx,
				i,
				'Currency Code',
				`${quote(code)} is not a 3-letter ISO 4217 code such as USD`,
			);
		invoice.currencyCode = code;
	}
	if (given('invoiceDate'))
		invoice.invoiceDate = readDate(ctx, i, 'Invoice Date', extra.invoiceDate);
	if (given('sellerInvoiceNumber'))
		invoice.sellerInvoiceNumber = readIdentifier(
			ctx,
			i,
			'Seller Invoice Number',
			'invoiceId',
			extra.sellerInvoiceNumber,
		);
	if (given('consumerOrderNumber'))
		invoice.consumerOrderNumber = readIdentifier(
			ctx,
			i,
			'Consumer Order Number',
			'consumerOrderNumber',
			extra.consumerOrderNumber,
		);
	const ship: IDataObject = {};
	if (given('trackingNumber'))
		ship.trackingNumber = readIdentifier(
			ctx,
			i,
			'Tracking Number',
			'trackingNumber',
			extra.trackingNumber,
		);
	if (!isEmptyLocator(extra.shipCarrier))
		ship.carrier = readIdentifier(
			ctx,
			i,
			'Ship Carrier',
			'shipCode',
			locatorValue(extra.shipCarrier),
		);
	if (!isEmptyLocator(extra.shipMethod))
		ship.method = readIdentifier(ctx, i, 'Ship Method', 'shipCode', locatorValue(extra.shipMethod));
	if (given('shipDate')) ship.date = readDate(ctx, i, 'Ship Date', extra.shipDate);
	if (Object.keys(ship).length) invoice.ship = ship;
	return invoice;
}

function describe(invoice: Invoice): IDataObject {
	const out: IDataObject = { invoiceId: invoice.invoiceId };
	for (const key of ORDER_KEY_VALUES) if (invoice[key] !== undefined) out[key] = invoice[key];
	out.totalAmount = invoice.totalAmount;
	out.numberOfLineItems = invoice.lineItems.length;
	return out;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const mode = readSendMode(this, INVOICE_SEND_MODE);
	if (mode === 'sync') {
		/** Per item, what the check after a lost answer found at DSCO. */
		const found = new Map<number, IDataObject>();
		return await sendEach<Invoice>(this, client, items, {
			path: '/invoice',
			noun: 'invoice',
			// No idempotency key exists: a repeat creates a second invoice. After an ambiguous failure the invoice is
			// looked up by its invoiceId and in the invoice change log, twice a moment apart (DSCO's reads lag); it is
			// sent again only when neither shows it.
			idempotent: false,
			read: (i) => readInvoice(this, i),
			describe,
			checkBeforeResend: (invoice, i) => {
				const since = Date.now();
				return async () => {
					for (let look = 0; look < 2; look++) {
						if (look > 0) await client.wait(ORDER_RECHECK_PAUSE_MS);
						const state = await invoiceState(client, invoice, i);
						if (state.state === 'applied') {
							found.set(i, { message: `${state.message}: not sent again`, ...state.output });
							return 'alreadyApplied';
						}
						const logged = await loggedSuccess(client, 'invoice', since, invoice, i);
						if (logged) {
							found.set(i, {
								message: `DSCO's invoice change log shows invoice ${invoice.invoiceId} created (requestId ${String(logged.requestId ?? 'none')}): not sent again`,
							});
							return 'alreadyApplied';
						}
					}
					return 'resend';
				};
			},
			succeeded: (_invoice, answer, i) =>
				answer.alreadyApplied
					? { status: 'success', resendSkipped: true, ...found.get(i) }
					: { status: 'success' },
		});
	}
	const wait = readAsyncWriteOptions(this);
	return await sendBatched<Invoice>(this, client, items, {
		path: '/invoice/batch/small',
		noun: 'invoice',
		// No idempotency key: after an ambiguous failure, only the invoices that neither DSCO's change log nor a look-up
		// by invoiceId shows are sent again (writes/lostBatch.ts).
		idempotent: false,
		recheck: {
			read: async (entries) => {
				const states = new Map<number, EntryState>();
				for (const { entry, itemIndex } of entries)
					states.set(itemIndex, await invoiceState(client, entry, itemIndex));
				return states;
			},
			whatToCheck: (invoice) => checkInvoice(invoice),
		},
		read: (i) => readInvoice(this, i),
		describe,
		verify: {
			kind: 'invoice',
			key: (p) => (typeof p.invoiceId === 'string' ? p.invoiceId : undefined),
			wait: wait.waitForResult,
			timeoutMs: wait.waitTimeoutMs,
		},
	});
}

/**
 * Whether DSCO has this invoice: one with its invoiceId for the same order (GET /invoice?key=invoiceId). It may predate
 * this run (nothing is read before sending), but either way sending it again would duplicate it.
 */
async function invoiceState(
	client: DscoClient,
	invoice: Invoice,
	itemIndex: number,
): Promise<EntryState> {
	const invoices = await findInvoices(client, 'invoiceId', invoice.invoiceId, itemIndex);
	const same = invoices.find(
		(found) =>
			String(found.invoiceId ?? '') === invoice.invoiceId &&
			ORDER_KEY_VALUES.every(
				(key) =>
					invoice[key] === undefined ||
					found[key] === undefined ||
					found[key] === null ||
					String(found[key]) === String(invoice[key]),
			),
	);
	if (!same) return { state: 'absent' };
	const id =
		same.dscoInvoiceId === undefined ? '' : ` (dscoInvoiceId ${String(same.dscoInvoiceId)})`;
	return {
		state: 'applied',
		// No reading before the send to compare with: taken as proof that DSCO received the batch, so that nothing
		// else of it is sent again on a guess.
		provesReceipt: true,
		message: `DSCO has invoice ${invoice.invoiceId} for this order${id}`,
		output: { dscoInvoiceId: same.dscoInvoiceId ?? null },
	};
}

/** What to look at before sending an invoice again. */
function checkInvoice(invoice: Invoice): string {
	return `look invoice ${invoice.invoiceId} up in DSCO (GET /invoice?key=invoiceId&value=${encodeURIComponent(invoice.invoiceId)}, or the portal).`;
}
