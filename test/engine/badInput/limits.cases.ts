import type { IDataObject } from 'n8n-workflow';

import type { Order, Simulator } from '../../simulator';
import type { BadInputCase } from './types';

/**
 * Bounds across the operations: identifiers longer than DSCO's documented maxLength (or the package's bound where
 * DSCO documents none), integers above 2^31 − 1 or beyond 2^53 − 1, numbers in hex / binary / exponent notation,
 * impossible calendar dates, zone-less dates that do not exist in the workflow's timezone, and Request Options
 * from expressions.
 */

/** `prefix` padded with X to `length` characters. */
const long = (prefix: string, length: number) => prefix + 'X'.repeat(length - prefix.length);
/** An error quotes a long value cut at 100 characters, with its length. */
const cut = (length: number) => new RegExp(`…" \\(${length} characters\\)`);

const plain = (sim: Simulator): Order[] => sim.orders().filter((o) => !o.cancelRequested);
const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;
const JSON_LINE = 'Line Items (JSON) › Line 1';

const ack = (extra: IDataObject = {}) => ({
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId: '={{ $json.id }}',
	orderIdType: '={{ $json.type ?? "DSCO_ORDER_ID" }}',
	additionalFields: { supplierOrderNumber: '={{ $json.son ?? "" }}' },
	...extra,
});
const getOrder = (extra: IDataObject = {}) => ({
	resource: 'order',
	operation: 'get',
	orderKey: '={{ $json.key ?? "dscoOrderId" }}',
	value: '={{ $json.value }}',
	...extra,
});
const getMany = (extra: IDataObject = {}) => ({
	resource: 'order',
	operation: 'getMany',
	window: 'created',
	since: '={{ $json.since ?? "2025-11-01T00:00:00Z" }}',
	limit: '={{ $json.limit ?? 5 }}',
	...extra,
});
const ship = (extra: IDataObject = {}): IDataObject => ({
	resource: 'shipment',
	operation: 'create',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	trackingNumber: '={{ $json.tracking }}',
	shippingServiceLevelCode: '={{ $json.code ?? "UPCG" }}',
	shipDate: '={{ $json.shipDate ?? "" }}',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});
const pkg = (
	o: Order,
	tracking: string,
	line: IDataObject = {},
	extra: IDataObject = {},
): IDataObject => ({
	orderId: o.dscoOrderId,
	tracking,
	lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, quantity: 1, ...line }],
	...extra,
});
/** A valid package for one order, and the bad one (built by `bad`) for another, at index `badItem`. */
const shipCase =
	(bad: (o: Order) => IDataObject, params: IDataObject = ship(), badItem = 1) =>
	(sim: Simulator) => {
		const [a, b] = plain(sim);
		const input = [pkg(a, '1ZGOOD0001', {}, { shipDate: '2025-11-20T10:00:00Z' }), bad(b)];
		return { params, input: badItem === 1 ? input : input.reverse(), badItem };
	};
const cancel = (extra: IDataObject = {}): IDataObject => ({
	resource: 'cancellation',
	operation: 'cancelLines',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	cancelCode: '={{ $json.code ?? "CXSS" }}',
	customCancelCode: '={{ $json.custom ?? "" }}',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});
const cancelOne = (o: Order, line: IDataObject = {}, extra: IDataObject = {}): IDataObject => ({
	orderId: o.dscoOrderId,
	lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, cancelledQuantity: 1, ...line }],
	...extra,
});
const estShip = (extra: IDataObject = {}): IDataObject => ({
	resource: 'order',
	operation: 'updateEstimatedShipDate',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	estimatedShipDate: '={{ $json.date }}',
	...extra,
});
const ackLines = (): IDataObject => ({
	resource: 'acknowledgment',
	operation: 'acknowledgeLines',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
});
const ackLine = (o: Order, line: IDataObject = {}): IDataObject => ({
	orderId: o.dscoOrderId,
	lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, ...line }],
});
const inventory = (extra: IDataObject = {}) => ({
	resource: 'inventory',
	operation: 'update',
	sku: '={{ $json.sku }}',
	quantitySource: 'total',
	quantity: '={{ $json.q ?? 1 }}',
	additionalFields: {
		cost: '={{ $json.cost ?? "" }}',
		estimatedAvailabilityDate: '={{ $json.date ?? "" }}',
	},
	...extra,
});
const warehouses = () => ({
	resource: 'inventory',
	operation: 'update',
	sku: '={{ $json.sku }}',
	quantitySource: 'warehousesJson',
	warehousesJson: '={{ $json.wh }}',
});
const getInventory = {
	resource: 'inventory',
	operation: 'get',
	itemKey: '={{ $json.key ?? "sku" }}',
	value: '={{ $json.value }}',
	dscoRetailerId: '={{ $json.retailer ?? "" }}',
};
const invoice = (extra: IDataObject = {}) => ({
	resource: 'invoice',
	operation: 'create',
	invoiceId: '={{ $json.id }}',
	orderId: '={{ $json.order }}',
	orderIdType: 'DSCO_ORDER_ID',
	totalAmount: 10,
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	additionalFields: {
		invoiceDate: '={{ $json.date ?? "2025-11-20T00:00:00Z" }}',
		trackingNumber: '={{ $json.tracking ?? "1ZINV" }}',
	},
	...extra,
});
const goodInvoice = (
	sim: Simulator,
	id: string,
	line: IDataObject = {},
	extra: IDataObject = {},
) => {
	const order = sim.orders()[0];
	return {
		id,
		order: order.dscoOrderId,
		lines: [{ sku: order.lineItems[0].sku, quantity: 1, unitPrice: 10, ...line }],
		...extra,
	};
};
const changeLog = (extra: IDataObject = {}) => ({
	resource: 'changeLog',
	operation: 'get',
	logType: 'order',
	requestId: '={{ $json.requestId }}',
	...extra,
});

const identifierCases: BadInputCase[] = [
	{
		name: 'acknowledge: PO number of 150 characters (quoted cut at 100)',
		field: 'Order ID',
		message: /is 150 characters long; poNumber takes at most 100 characters/,
		build: (sim) => ({
			params: ack(),
			input: [{ id: plain(sim)[0].dscoOrderId }, { id: long('X-LONGPO-', 150), type: 'PO_NUMBER' }],
			badItem: 1,
			marker: 'X-LONGPO-',
		}),
	},
	{
		name: 'acknowledge: DSCO order ID of 101 digits',
		field: 'Order ID',
		message: /is 101 characters long; dscoOrderId takes at most 100 characters/,
		build: (sim) => ({
			params: ack(),
			input: [{ id: '7'.repeat(101) }, { id: plain(sim)[0].dscoOrderId }],
			badItem: 0,
			marker: '7'.repeat(40),
		}),
	},
	{
		name: 'acknowledge: supplier order number with a line break',
		field: 'Supplier Order Number',
		message: /"X-SONBREAK\\n2" contains a control character/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ack(),
				input: [
					{ id: a.dscoOrderId, son: 'SON-1' },
					{ id: b.dscoOrderId, son: 'X-SONBREAK\n2' },
				],
				badItem: 1,
				marker: 'X-SONBREAK',
			};
		},
	},
	{
		name: 'order get: supplier order number of 5,000 characters',
		field: 'Value',
		message: cut(5000),
		build: (sim) => ({
			params: getOrder(),
			input: [
				{ key: 'supplierOrderNumber', value: long('X-LONGSON-', 5000) },
				{ value: plain(sim)[0].dscoOrderId },
			],
			badItem: 0,
			marker: 'X-LONGSON-',
		}),
	},
	{
		name: 'ship: tracking number of 101 characters',
		field: 'Tracking Number',
		message: /is 101 characters long; trackingNumber takes at most 100 characters/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, long('X-LONGTRACK-', 101)))(sim),
			marker: 'X-LONGTRACK-',
		}),
	},
	{
		name: 'ship: SKU of 91 characters on a line',
		field: `${JSON_LINE} › sku`,
		message: /is 91 characters long; DSCO allows at most 90/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-LONGSKU-1', { sku: long('LONG-', 91) }))(sim),
			marker: 'X-LONGSKU-1',
		}),
	},
	{
		name: 'ship: partner SKU of 10,000 characters (quoted cut at 100)',
		field: `${JSON_LINE} › partnerSku`,
		message: cut(10_000),
		build: (sim) => ({
			...shipCase((o) => ({
				orderId: o.dscoOrderId,
				tracking: 'X-LONGPSKU-1',
				lines: [{ partnerSku: long('P-', 10_000), quantity: 1 }],
			}))(sim),
			marker: 'X-LONGPSKU-1',
		}),
	},
	{
		name: 'ship: warehouse code of 101 characters',
		field: 'Warehouse Code',
		message: /warehouseCode takes at most 100 characters/,
		build: (sim) => ({
			...shipCase(
				(o) => pkg(o, 'X-LONGWH-1', {}, { wh: long('WH-', 101) }),
				ship({ additionalFields: { warehouseCode: '={{ $json.wh ?? "WH-1" }}' } }),
			)(sim),
			marker: 'X-LONGWH-1',
		}),
	},
	{
		name: 'ship: service level code of 101 characters',
		field: 'Shipping Service Level Code',
		message: /shipCode takes at most 100 characters/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-LONGCODE-1', {}, { code: long('UPCG', 101) }))(sim),
			marker: 'X-LONGCODE-1',
		}),
	},
	{
		name: 'cancel: custom cancel code of 5,000 characters (quoted cut at 100)',
		field: 'Custom Code',
		message: cut(5000),
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel(),
				input: [
					cancelOne(a),
					cancelOne(
						b,
						{ cancelledReason: 'X-LONGCXCODE-1' },
						{ code: 'custom', custom: long('CX', 5000) },
					),
				],
				badItem: 1,
				marker: 'X-LONGCXCODE-1',
			};
		},
	},
	{
		name: 'invoice: invoice id of 101 characters',
		field: 'Invoice ID',
		message: /invoiceId takes at most 100 characters/,
		build: (sim) => ({
			params: invoice(),
			input: [goodInvoice(sim, 'INV-OK-L1'), goodInvoice(sim, long('X-LONGINV-', 101))],
			badItem: 1,
			marker: 'X-LONGINV-',
		}),
	},
	{
		name: 'invoice: tracking number of 101 characters on a line',
		field: 'Line Item 1 trackingNumber',
		message: /trackingNumber takes at most 100 characters/,
		build: (sim) => ({
			params: invoice(),
			input: [
				goodInvoice(sim, 'X-INVLINETRK-1', { trackingNumber: long('1Z', 101) }),
				goodInvoice(sim, 'INV-OK-L2'),
			],
			badItem: 0,
			marker: 'X-INVLINETRK-1',
		}),
	},
	{
		name: 'invoice: shipment tracking number of 101 characters',
		field: 'Tracking Number',
		message: /trackingNumber takes at most 100 characters/,
		build: (sim) => ({
			params: invoice(),
			input: [
				goodInvoice(sim, 'INV-OK-L3'),
				goodInvoice(sim, 'X-INVTRK-1', {}, { tracking: long('1Z', 101) }),
			],
			badItem: 1,
			marker: 'X-INVTRK-1',
		}),
	},
	{
		name: 'inventory update: warehouse code of 101 characters',
		field: 'Warehouse 1 Code',
		message: /warehouseCode takes at most 100 characters/,
		build: () => ({
			params: warehouses(),
			input: [
				{ sku: sku(1), wh: [{ code: 'WH-1', quantity: 1 }] },
				{ sku: sku(16), wh: [{ code: long('WH-', 101), quantity: 1 }] },
			],
			badItem: 1,
			marker: sku(16),
		}),
	},
	{
		name: 'inventory get: MPN of 101 characters',
		field: 'Value',
		message: /mpn takes at most 100 characters/,
		build: () => ({
			params: getInventory,
			input: [{ key: 'mpn', value: long('X-LONGMPN-', 101) }, { value: sku(1) }],
			badItem: 0,
			marker: 'X-LONGMPN-',
		}),
	},
	{
		name: 'inventory get: retailer ID of 101 characters',
		field: 'Retailer ID',
		message: /partnerId takes at most 100 characters/,
		build: () => ({
			params: getInventory,
			input: [
				{ key: 'partnerSku', value: 'X-PSKU-1', retailer: long('R-', 101) },
				{ value: sku(1) },
			],
			badItem: 0,
			marker: 'X-PSKU-1',
		}),
	},
	{
		name: 'change log get: requestId of 101 characters',
		field: 'Request ID',
		message: /requestId takes at most 100 characters/,
		build: () => ({
			params: changeLog(),
			input: [{ requestId: long('X-LONGREQ-', 101) }, { requestId: 'req-never-sent-2' }],
			badItem: 0,
			marker: 'X-LONGREQ-',
		}),
	},
];

const integerCases: BadInputCase[] = [
	{
		name: 'ship: line quantity 2^31',
		field: `${JSON_LINE} › quantity`,
		message: /2147483648 is above the maximum of 2147483647/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-QTY31-1', { quantity: 2 ** 31 }))(sim),
			marker: 'X-QTY31-1',
		}),
	},
	{
		name: 'ship: line quantity 2^53',
		field: `${JSON_LINE} › quantity`,
		message: /"9007199254740992" is beyond 2\^53 − 1/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-QTY53-1', { quantity: 2 ** 53 }))(sim),
			marker: 'X-QTY53-1',
		}),
	},
	{
		name: 'ship: line number above DSCO’s maximum of 1,000,000',
		field: `${JSON_LINE} › lineNumber`,
		message: /"1000001" is not a line number; line numbers are whole numbers from 1 to 1000000/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-LINEMAX-1', { lineNumber: 1_000_001 }))(sim),
			marker: 'X-LINEMAX-1',
		}),
	},
	{
		name: 'cancel: cancelled quantity "2147483648" as text',
		field: `${JSON_LINE} › cancelledQuantity`,
		message: /2147483648 is above the maximum of 2147483647/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel(),
				input: [
					cancelOne(a, { cancelledQuantity: '2147483648', cancelledReason: 'X-CX31-1' }),
					cancelOne(b),
				],
				badItem: 0,
				marker: 'X-CX31-1',
			};
		},
	},
	{
		name: 'inventory update: quantity 2^31',
		field: 'Quantity',
		message: /2147483648 is above the maximum of 2147483647/,
		build: () => ({
			params: inventory(),
			input: [
				{ sku: sku(1), q: 5 },
				{ sku: sku(17), q: 2 ** 31 },
			],
			badItem: 1,
			marker: sku(17),
		}),
	},
	{
		name: 'inventory update: warehouse quantities that add up beyond 2^31 − 1',
		field: 'Total Quantity',
		message:
			/the warehouse quantities add up to 2147483648, above DSCO's maximum quantityAvailable of 2147483647/,
		build: () => ({
			params: warehouses(),
			input: [
				{
					sku: sku(18),
					wh: [
						{ code: 'A', quantity: 2 ** 30 },
						{ code: 'B', quantity: 2 ** 30 },
					],
				},
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }] },
			],
			badItem: 0,
			marker: sku(18),
		}),
	},
	{
		name: 'invoice: line quantity "9007199254740993" (beyond 2^53 − 1)',
		field: 'Line Item 1 Quantity',
		message: /"9007199254740993" is beyond 2\^53 − 1/,
		build: (sim) => ({
			params: invoice(),
			input: [
				goodInvoice(sim, 'INV-OK-N1'),
				goodInvoice(sim, 'X-INV53-1', { quantity: '9007199254740993' }),
			],
			badItem: 1,
			marker: 'X-INV53-1',
		}),
	},
	{
		name: 'order get many: limit 2^31',
		field: 'Limit',
		message: /2147483648 is above the maximum of 2147483647/,
		build: () => ({
			params: getMany(),
			input: [{ limit: 2 ** 31 }],
			badItem: 0,
			marker: '2147483648',
		}),
	},
];

const notationCases: BadInputCase[] = [
	{
		name: 'ship: line quantity "0x10" (hex)',
		field: `${JSON_LINE} › quantity`,
		message: /"0x10" is not a number/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-HEXQTY-1', { quantity: '0x10' }))(sim),
			marker: 'X-HEXQTY-1',
		}),
	},
	{
		name: 'ship: ship cost "0b101" (binary)',
		field: 'Ship Cost',
		message: /"0b101" is not a number/,
		build: (sim) => ({
			...shipCase(
				(o) => pkg(o, 'X-BINCOST-1', {}, { cost: '0b101' }),
				ship({ additionalFields: { shipCost: '={{ $json.cost ?? 4.5 }}' } }),
			)(sim),
			marker: 'X-BINCOST-1',
		}),
	},
	{
		name: 'ship: weight "0x10" (hex)',
		field: 'Weight',
		message: /"0x10" is not a number/,
		build: (sim) => ({
			...shipCase(
				(o) => pkg(o, 'X-HEXWEIGHT-1', {}, { weight: '0x10' }),
				ship({
					additionalFields: { shipWeight: '={{ $json.weight ?? 1.5 }}', shipWeightUnits: 'lb' },
				}),
			)(sim),
			marker: 'X-HEXWEIGHT-1',
		}),
	},
	{
		name: 'inventory update: quantity "0x10" (hex)',
		field: 'Quantity',
		message: /"0x10" is not a number/,
		build: () => ({
			params: inventory(),
			input: [
				{ sku: sku(19), q: '0x10' },
				{ sku: sku(1), q: 16 },
			],
			badItem: 0,
			marker: sku(19),
		}),
	},
	{
		name: 'inventory update: cost "0b101" (binary)',
		field: 'Cost',
		message: /"0b101" is not a number/,
		build: () => ({
			params: inventory(),
			input: [
				{ sku: sku(1), cost: '5' },
				{ sku: sku(20), cost: '0b101' },
			],
			badItem: 1,
			marker: sku(20),
		}),
	},
	{
		name: 'inventory update: cost "1e3" (exponent)',
		field: 'Cost',
		message: /"1e3" is not a number/,
		build: () => ({
			params: inventory(),
			input: [
				{ sku: sku(2), cost: '1e3' },
				{ sku: sku(1), cost: '1000' },
			],
			badItem: 0,
			marker: sku(2),
		}),
	},
	{
		name: 'inventory update: cost "Infinity"',
		field: 'Cost',
		message: /"Infinity" is not a number/,
		build: () => ({
			params: inventory(),
			input: [
				{ sku: sku(1), cost: 2 },
				{ sku: sku(3), cost: 'Infinity' },
			],
			badItem: 1,
			marker: sku(3),
		}),
	},
	{
		name: 'invoice: unit price "0b101" (binary)',
		field: 'Line Item 1 Unit Price',
		message: /"0b101" is not a number/,
		build: (sim) => ({
			params: invoice(),
			input: [
				goodInvoice(sim, 'X-INVBIN-1', { unitPrice: '0b101' }),
				goodInvoice(sim, 'INV-OK-H1'),
			],
			badItem: 0,
			marker: 'X-INVBIN-1',
		}),
	},
	{
		name: 'invoice: line extendedAmount "1e3" (exponent)',
		field: 'Line Item 1 extendedAmount',
		message: /"1e3" is not a number/,
		build: (sim) => ({
			params: invoice(),
			input: [
				goodInvoice(sim, 'INV-OK-H2'),
				goodInvoice(sim, 'X-INVEXP-1', { extendedAmount: '1e3' }),
			],
			badItem: 1,
			marker: 'X-INVEXP-1',
		}),
	},
	{
		name: 'invoice: line dscoPackageId "0x10" (hex)',
		field: 'Line Item 1 dscoPackageId',
		message: /"0x10" is not a number/,
		build: (sim) => ({
			params: invoice(),
			input: [
				goodInvoice(sim, 'INV-OK-H3'),
				goodInvoice(sim, 'X-INVPKG-1', { dscoPackageId: '0x10' }),
			],
			badItem: 1,
			marker: 'X-INVPKG-1',
		}),
	},
];

const dateCases: BadInputCase[] = [
	{
		name: 'ship: ship date 2026-02-30 (impossible)',
		field: 'Ship Date',
		message: /"2026-02-30T10:00:00Z" is not a date: February 2026 has 28 days/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-FEB30-1', {}, { shipDate: '2026-02-30T10:00:00Z' }))(sim),
			marker: 'X-FEB30-1',
		}),
	},
	{
		name: 'estimated ship date: 2025-02-29 (not a leap year)',
		field: 'Estimated Ship Date',
		message: /February 2025 has 28 days/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: estShip(),
				input: [
					{ orderId: a.dscoOrderId, date: '2025-02-29', tag: 'X-FEB29-1' },
					{ orderId: b.dscoOrderId, date: '2025-12-01T00:00:00Z' },
				],
				badItem: 0,
				marker: 'X-FEB29-1',
			};
		},
	},
	{
		name: 'acknowledge lines: estimated ship date at 24:00',
		field: `${JSON_LINE} › estimatedShipDate`,
		message: /is not a time of day/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ackLines(),
				input: [
					ackLine(a),
					ackLine(b, { estimatedShipDate: '2025-11-06T24:00:00Z', acceptedReason: 'X-H24-1' }),
				],
				badItem: 1,
				marker: 'X-H24-1',
			};
		},
	},
	{
		name: 'invoice: invoice date 2025-04-31 (impossible)',
		field: 'Invoice Date',
		message: /April 2025 has 30 days/,
		build: (sim) => ({
			params: invoice(),
			input: [
				goodInvoice(sim, 'INV-OK-D1'),
				goodInvoice(sim, 'X-APR31-1', {}, { date: '2025-04-31T00:00:00Z' }),
			],
			badItem: 1,
			marker: 'X-APR31-1',
		}),
	},
	{
		name: 'inventory update: estimated availability date 2026-02-30 (impossible)',
		field: 'Estimated Availability Date',
		message: /February 2026 has 28 days/,
		build: () => ({
			params: inventory(),
			input: [
				{ sku: sku(4), date: '2026-02-30' },
				{ sku: sku(1), date: '2026-02-28' },
			],
			badItem: 0,
			marker: sku(4),
		}),
	},
	{
		name: 'order get many: since 2026-02-30 (impossible)',
		field: 'Since',
		message: /February 2026 has 28 days/,
		build: () => ({
			params: getMany(),
			input: [{ since: '2026-02-30T00:00:00Z' }],
			badItem: 0,
			marker: '2026-02-30',
		}),
	},
	{
		name: 'estimated ship date: zone-less time skipped by daylight saving in the workflow timezone (America/New_York)',
		field: 'Estimated Ship Date',
		message: /"2026-03-08T02:30:00" does not exist in the workflow's timezone America\/New_York/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: estShip(),
				input: [
					{ orderId: a.dscoOrderId, date: '2026-03-08T03:30:00' },
					{ orderId: b.dscoOrderId, date: '2026-03-08T02:30:00', tag: 'X-DSTGAP-1' },
				],
				badItem: 1,
				marker: 'X-DSTGAP-1',
				timezone: 'America/New_York',
			};
		},
	},
	{
		name: 'acknowledge lines: zone-less time skipped by daylight saving in the workflow timezone (Europe/Berlin)',
		field: `${JSON_LINE} › estimatedShipDate`,
		message: /does not exist in the workflow's timezone Europe\/Berlin/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ackLines(),
				input: [
					ackLine(a, { estimatedShipDate: '2026-03-29T02:30:00', acceptedReason: 'X-DSTGAP-2' }),
					ackLine(b, { estimatedShipDate: '2026-03-29T03:30:00' }),
				],
				badItem: 0,
				marker: 'X-DSTGAP-2',
				timezone: 'Europe/Berlin',
			};
		},
	},
	{
		name: 'ship: zone-less ship date in a workflow timezone this system does not know',
		field: 'Ship Date',
		message: /the workflow's timezone "Mars\/Olympus" is not a timezone this system knows/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-MARS-1', {}, { shipDate: '2025-11-20T10:00:00' }))(sim),
			marker: 'X-MARS-1',
			timezone: 'Mars/Olympus',
		}),
	},
];

/** Request Options and Wait Timeout apply to the whole run: read for item 0, nothing is sent for any item. */
const requestOptionCases: BadInputCase[] = [
	{
		name: 'acknowledge: Request Options timeout 0 from an expression',
		field: 'Request Options › Timeout (Seconds)',
		message: /0 is below the minimum of 1 second/,
		scope: 'node',
		build: (sim) => ({
			params: ack({ requestOptions: { timeoutSeconds: '={{ 0 }}' } }),
			input: [{ id: plain(sim)[0].dscoOrderId }],
			badItem: 0,
			marker: 'never',
		}),
	},
	{
		name: 'ship: Request Options timeout -5',
		field: 'Request Options › Timeout (Seconds)',
		message: /-5 is below the minimum of 1 second/,
		scope: 'node',
		build: (sim) => ({
			...shipCase(
				(o) => pkg(o, '1ZGOOD0002'),
				ship({ requestOptions: { timeoutSeconds: '={{ -5 }}' } }),
				0,
			)(sim),
			marker: 'never',
		}),
	},
	{
		name: 'ship: Request Options timeout that is not a number',
		field: 'Request Options › Timeout (Seconds)',
		message: /"soon" is not a number of seconds/,
		scope: 'node',
		build: (sim) => ({
			...shipCase(
				(o) => pkg(o, '1ZGOOD0003'),
				ship({ requestOptions: { timeoutSeconds: '={{ "soon" }}' } }),
				0,
			)(sim),
			marker: 'never',
		}),
	},
	{
		name: 'inventory update: Request Options max retries -1',
		field: 'Request Options › Max Retries',
		message: /-1 is below the minimum of 0/,
		scope: 'node',
		build: () => ({
			params: inventory({ requestOptions: { maxRetries: '={{ -1 }}' } }),
			input: [{ sku: sku(1) }, { sku: sku(2) }],
			badItem: 0,
			marker: 'never',
		}),
	},
	{
		name: 'cancel: Request Options max retries 2.5',
		field: 'Request Options › Max Retries',
		message: /2\.5 is not a whole number/,
		scope: 'node',
		build: (sim) => ({
			params: cancel({ requestOptions: { maxRetries: '={{ 2.5 }}' } }),
			input: [cancelOne(plain(sim)[0])],
			badItem: 0,
			marker: 'never',
		}),
	},
	{
		name: 'order get: Request Options max retries 1,000,000 (absurd)',
		field: 'Request Options › Max Retries',
		message: /1000000 is above the maximum of 20/,
		scope: 'node',
		build: (sim) => ({
			params: getOrder({ requestOptions: { maxRetries: '={{ 1000000 }}' } }),
			input: [{ value: plain(sim)[0].dscoOrderId }],
			badItem: 0,
			marker: 'never',
		}),
	},
	{
		name: 'order get many: Request Options max retries that is not a number',
		field: 'Request Options › Max Retries',
		message: /"lots" is not a number/,
		scope: 'node',
		build: () => ({
			params: getMany({ requestOptions: { maxRetries: '={{ "lots" }}' } }),
			input: [{}],
			badItem: 0,
			marker: 'never',
		}),
	},
	{
		name: 'invoice: Request Options max wait 0',
		field: 'Request Options › Max Wait Between Retries (Seconds)',
		message: /0 is below the minimum of 1 second/,
		scope: 'node',
		build: (sim) => ({
			params: invoice({ requestOptions: { maxRetryWaitSeconds: '={{ 0 }}' } }),
			input: [goodInvoice(sim, 'INV-OK-R1')],
			badItem: 0,
			marker: 'never',
		}),
	},
	{
		name: 'change log get: Request Options timeout 0',
		field: 'Request Options › Timeout (Seconds)',
		scope: 'node',
		build: () => ({
			params: changeLog({ requestOptions: { timeoutSeconds: '={{ 0 }}' } }),
			input: [{ requestId: 'req-never-sent-3' }],
			badItem: 0,
			marker: 'never',
		}),
	},
	{
		name: 'acknowledge: Wait Timeout 0 from an expression',
		field: 'Wait Timeout (Seconds)',
		message: /0 is below the minimum of 1/,
		scope: 'node',
		build: (sim) => ({
			params: ack({ options: { waitTimeoutSeconds: '={{ 0 }}' } }),
			input: [{ id: plain(sim)[0].dscoOrderId }],
			badItem: 0,
			marker: 'never',
		}),
	},
];

export const limitCases: BadInputCase[] = [
	...identifierCases,
	...integerCases,
	...notationCases,
	...dateCases,
	...requestOptionCases,
];
