import type { IDataObject } from 'n8n-workflow';

import type { Order, Simulator } from '../../simulator';
import type { BadInputCase } from './types';

/** Orders that ship and cancel normally (no retailer cancel request). */
const plain = (sim: Simulator): Order[] => sim.orders().filter((o) => !o.cancelRequested);
const firstLine = (o: Order) => o.lineItems[0];

// Shipment → Create: lines as JSON from the input item, so each case can break one value of one item.
const ship = (extra: IDataObject = {}): IDataObject => ({
	resource: 'shipment',
	operation: 'create',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	trackingNumber: '={{ $json.tracking }}',
	shippingServiceLevelCode: 'UPCG',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});
const pkg = (o: Order, tracking: string, line: IDataObject = {}): IDataObject => ({
	orderId: o.dscoOrderId,
	tracking,
	lines: [{ sku: firstLine(o).sku, lineNumber: 1, quantity: 1, ...line }],
});
/** A valid package for order k, then the given bad one at index 1. */
const shipCase =
	(bad: (o: Order) => IDataObject, params: IDataObject = ship()) =>
	(sim: Simulator) => {
		const [a, b] = plain(sim);
		return { params, input: [pkg(a, '1ZGOOD0001'), bad(b)], badItem: 1 };
	};

const shipFields = ship({
	lineItemsInput: 'fields',
	lineItems: {
		values: [
			{
				identifierType: 'sku',
				identifier: '={{ $json.sku }}',
				lineNumber: '={{ $json.lineNumber ?? 0 }}',
				quantity: '={{ $json.qty ?? 1 }}',
			},
		],
	},
});
const fieldsPkg = (o: Order, tracking: string, extra: IDataObject = {}) => ({
	orderId: o.dscoOrderId,
	tracking,
	sku: firstLine(o).sku,
	...extra,
});

const cancel = (extra: IDataObject = {}): IDataObject => ({
	resource: 'cancellation',
	operation: 'cancelLines',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	cancelCode: 'CXSS',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});
const cancelOne = (o: Order, line: IDataObject = {}, extra: IDataObject = {}): IDataObject => ({
	orderId: o.dscoOrderId,
	lines: [{ sku: firstLine(o).sku, lineNumber: 1, cancelledQuantity: 1, ...line }],
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
const estListed = estShip({
	lineSelection: 'listed',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
});

const ackLines = (extra: IDataObject = {}): IDataObject => ({
	resource: 'acknowledgment',
	operation: 'acknowledgeLines',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	additionalFields: { supplierOrderNumber: '={{ $json.son ?? "" }}' },
	...extra,
});
const ackOne = (o: Order, line: IDataObject = {}, extra: IDataObject = {}): IDataObject => ({
	orderId: o.dscoOrderId,
	lines: [{ sku: firstLine(o).sku, lineNumber: 1, ...line }],
	...extra,
});

const JSON_LINE = 'Line Items (JSON) › Line 1';

export const shippingCases: BadInputCase[] = [
	{
		name: 'ship: negative line quantity',
		field: `${JSON_LINE} › quantity`,
		message: /-1 is below the minimum of 1/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-NEGQTY-1', { quantity: -1 }))(sim),
			marker: 'X-NEGQTY-1',
		}),
	},
	{
		name: 'ship: fractional line quantity',
		field: `${JSON_LINE} › quantity`,
		message: /1\.5 is not a whole number/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-FRACQTY-1', { quantity: 1.5 }))(sim),
			marker: 'X-FRACQTY-1',
		}),
	},
	{
		name: 'ship: NaN line quantity',
		field: `${JSON_LINE} › quantity`,
		message: /"NaN" is not a number/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-NANQTY-1', { quantity: 'NaN' }))(sim),
			marker: 'X-NANQTY-1',
		}),
	},
	{
		name: 'ship: text line quantity',
		field: `${JSON_LINE} › quantity`,
		message: /"two" is not a number/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-TXTQTY-1', { quantity: 'two' }))(sim),
			marker: 'X-TXTQTY-1',
		}),
	},
	{
		name: 'ship: zero-quantity line (fields UI)',
		field: 'Line Items › Line 1 › Quantity',
		message: /0 is below the minimum of 1/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: shipFields,
				input: [fieldsPkg(a, '1ZGOOD0001'), fieldsPkg(b, 'X-ZEROQTY-1', { qty: 0 })],
				badItem: 1,
				marker: 'X-ZEROQTY-1',
			};
		},
	},
	{
		name: 'ship: empty tracking number',
		field: 'Tracking Number',
		message: /it is empty/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, '  ', { sku: 'X-NOTRACK-SKU' }))(sim),
			marker: 'X-NOTRACK-SKU',
		}),
	},
	{
		name: 'ship: line without item identifier (JSON)',
		field: JSON_LINE,
		message: /no item identifier; give one of dscoItemId, sku, partnerSku, upc, ean/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship(),
				input: [
					pkg(a, '1ZGOOD0001'),
					{
						orderId: b.dscoOrderId,
						tracking: 'X-NOIDENT-1',
						lines: [{ lineNumber: 1, quantity: 1 }],
					},
				],
				badItem: 1,
				marker: 'X-NOIDENT-1',
			};
		},
	},
	{
		name: 'ship: line without item identifier (fields UI)',
		field: 'Line Items › Line 1 › Identifier',
		message: /it is empty/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: shipFields,
				input: [fieldsPkg(b, 'X-NOIDUI-1', { sku: '' }), fieldsPkg(a, '1ZGOOD0001')],
				badItem: 0,
				marker: 'X-NOIDUI-1',
			};
		},
	},
	{
		name: 'ship: malformed ship date',
		field: 'Ship Date',
		message: /"2025-13-45T99:00:00Z" is not a date/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship({ shipDate: '={{ $json.shipDate }}' }),
				input: [
					{ ...pkg(a, '1ZGOOD0001'), shipDate: '2025-11-20T10:00:00Z' },
					{ ...pkg(b, 'X-BADDATE-1'), shipDate: '2025-13-45T99:00:00Z' },
				],
				badItem: 1,
				marker: 'X-BADDATE-1',
			};
		},
	},
	{
		name: 'ship: invalid JSON in JSON mode',
		field: 'Line Items (JSON)',
		message: /it is not valid JSON/,
		build: (sim) => {
			const [a, b] = plain(sim);
			const good = pkg(a, '1ZGOOD0001');
			return {
				params: ship({ lineItemsJson: '={{ $json.linesText }}' }),
				input: [
					{ ...good, linesText: JSON.stringify(good.lines) },
					{
						orderId: b.dscoOrderId,
						tracking: 'X-BADJSON-1',
						linesText: '[{"sku": "A", quantity: 1',
					},
				],
				badItem: 1,
				marker: 'X-BADJSON-1',
			};
		},
	},
	{
		name: 'ship: JSON lines that are not an array of objects',
		field: 'Line Items (JSON)',
		message: /give an array of line objects/,
		build: (sim) => {
			const [a, b] = plain(sim);
			const good = pkg(a, '1ZGOOD0001');
			return {
				params: ship({ lineItemsJson: '={{ $json.linesText }}' }),
				input: [
					{ ...good, linesText: JSON.stringify(good.lines) },
					{ orderId: b.dscoOrderId, tracking: 'X-NOTARRAY-1', linesText: '"SKU-1 x2"' },
				],
				badItem: 1,
				marker: 'X-NOTARRAY-1',
			};
		},
	},
	{
		name: 'ship: no lines at all',
		field: 'Line Items (JSON)',
		message: /there are no lines/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship(),
				input: [
					pkg(a, '1ZGOOD0001'),
					{ orderId: b.dscoOrderId, tracking: 'X-NOLINES-1', lines: [] },
				],
				badItem: 1,
				marker: 'X-NOLINES-1',
			};
		},
	},
	{
		name: 'ship: unknown key in a JSON line',
		field: JSON_LINE,
		message: /unknown key "qty"/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship(),
				input: [
					pkg(a, '1ZGOOD0001'),
					{
						orderId: b.dscoOrderId,
						tracking: 'X-BADKEY-1',
						lines: [{ sku: firstLine(b).sku, quantity: 1, qty: 2 }],
					},
				],
				badItem: 1,
				marker: 'X-BADKEY-1',
			};
		},
	},
	{
		name: 'ship: negative weight',
		field: 'Weight',
		message: /-2 is negative/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship({
					additionalFields: { shipWeight: '={{ $json.weight }}', shipWeightUnits: 'lb' },
				}),
				input: [
					{ ...pkg(a, '1ZGOOD0001'), weight: 1.2 },
					{ ...pkg(b, 'X-NEGWEIGHT-1'), weight: -2 },
				],
				badItem: 1,
				marker: 'X-NEGWEIGHT-1',
			};
		},
	},
	{
		name: 'ship: unknown weight unit',
		field: 'Weight Units',
		message: /"stone" is not one of g, kg, lb, oz/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship({
					additionalFields: { shipWeight: 3, shipWeightUnits: '={{ $json.units }}' },
				}),
				input: [
					{ ...pkg(a, '1ZGOOD0001'), units: 'kg' },
					{ ...pkg(b, 'X-STONE-1'), units: 'stone' },
				],
				badItem: 1,
				marker: 'X-STONE-1',
			};
		},
	},
	{
		name: 'ship: line number zero (JSON)',
		field: `${JSON_LINE} › lineNumber`,
		message: /"0" is not a line number/,
		build: (sim) => ({
			...shipCase((o) => pkg(o, 'X-LINEZERO-1', { lineNumber: 0 }))(sim),
			marker: 'X-LINEZERO-1',
		}),
	},
	{
		name: 'ship: negative line number (fields UI)',
		field: 'Line Items › Line 1 › Line Number',
		message: /"-3" is not a line number/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: shipFields,
				input: [fieldsPkg(a, '1ZGOOD0001'), fieldsPkg(b, 'X-LINENEG-1', { lineNumber: -3 })],
				badItem: 1,
				marker: 'X-LINENEG-1',
			};
		},
	},
	{
		name: 'ship: UPC of the wrong length',
		field: `${JSON_LINE} › upc`,
		message: /a UPC is 6 or 12 digits/,
		build: (sim) => ({
			...shipCase((o) => ({
				orderId: o.dscoOrderId,
				tracking: 'X-BADUPC-1',
				lines: [{ upc: '12345', quantity: 1 }],
			}))(sim),
			marker: 'X-BADUPC-1',
		}),
	},
	{
		name: 'ship: DSCO item ID that is not all digits',
		field: `${JSON_LINE} › dscoItemId`,
		message: /a DSCO item ID is all digits/,
		build: (sim) => ({
			...shipCase((o) => ({
				orderId: o.dscoOrderId,
				tracking: 'X-BADITEMID-1',
				lines: [{ dscoItemId: 'ITEM-9', quantity: 1 }],
			}))(sim),
			marker: 'X-BADITEMID-1',
		}),
	},
	{
		name: 'ship: generic GCG service level code',
		field: 'Shipping Service Level Code',
		message: /DSCO refuses the generic code GCG on packages/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship({ shippingServiceLevelCode: '={{ $json.code }}' }),
				input: [
					{ ...pkg(a, '1ZGOOD0001'), code: 'UPCG' },
					{ ...pkg(b, 'X-GCG-1'), code: 'GCG' },
				],
				badItem: 1,
				marker: 'X-GCG-1',
			};
		},
	},
	{
		name: 'ship: tracking URL that is not http(s)',
		field: 'Tracking URL',
		message: /is not an http\(s\) address/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship({ additionalFields: { trackingUrl: '={{ $json.url }}' } }),
				input: [
					{ ...pkg(a, '1ZGOOD0001'), url: 'https://t.example/1ZGOOD0001' },
					{ ...pkg(b, 'X-BADURL-1'), url: 'ftp://t.example/X' },
				],
				badItem: 1,
				marker: 'X-BADURL-1',
			};
		},
	},
	{
		name: 'ship: ship cost with three decimals',
		field: 'Ship Cost',
		message: /more than 2 decimals/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship({ additionalFields: { shipCost: '={{ $json.cost }}' } }),
				input: [
					{ ...pkg(a, '1ZGOOD0001'), cost: 4.5 },
					{ ...pkg(b, 'X-COST-1'), cost: 4.555 },
				],
				badItem: 1,
				marker: 'X-COST-1',
			};
		},
	},
	{
		name: 'ship: ship-from address without postal code',
		field: 'Ship From › Postal Code',
		message: /a ship-from address needs address line 1, city, region and postal code/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ship({
					additionalFields: {
						shipFrom: {
							address: {
								address1: '1 Dock Rd',
								city: 'Austin',
								region: 'TX',
								postal: '={{ $json.postal }}',
							},
						},
					},
				}),
				input: [
					{ ...pkg(a, '1ZGOOD0001'), postal: '78701' },
					{ ...pkg(b, 'X-NOPOSTAL-1'), postal: '' },
				],
				badItem: 1,
				marker: 'X-NOPOSTAL-1',
			};
		},
	},
	{
		name: 'ship: same order and tracking number twice in one run',
		field: 'Tracking Number',
		message: /"1ZTWICE0001" for this order is already item 0 of this run/,
		build: (sim) => {
			const [a] = plain(sim);
			return {
				params: ship(),
				input: [pkg(a, '1ZTWICE0001'), { ...pkg(a, '1ZTWICE0001'), tag: 'X-TWICE-1' }],
				badItem: 1,
				marker: 'X-TWICE-1',
			};
		},
	},
	{
		name: 'cancel: custom cancel code of the wrong form',
		field: 'Custom Code',
		message: /"cx ss!" is not a cancel code; codes are 2 to 10 upper-case letters or digits/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel({ cancelCode: 'custom', customCancelCode: '={{ $json.code }}' }),
				input: [
					cancelOne(a, {}, { code: 'CXRX' }),
					cancelOne(b, { sku: 'X-CODE-SKU' }, { code: 'cx ss!' }),
				],
				badItem: 1,
				marker: 'X-CODE-SKU',
			};
		},
	},
	{
		name: 'cancel: lower-case cancel code from an expression',
		field: 'Cancel Code',
		message: /"cxss" is not a cancel code/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel({ cancelCode: '={{ $json.code }}' }),
				input: [
					cancelOne(a, {}, { code: 'cxss', tag: 'X-LOWER-1' }),
					cancelOne(b, {}, { code: 'CXSD' }),
				],
				badItem: 0,
				marker: 'X-LOWER-1',
			};
		},
	},
	{
		name: 'cancel: a line’s own cancel code too short (JSON)',
		field: `${JSON_LINE} › cancelCode`,
		message: /"X" is not a cancel code/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel(),
				input: [cancelOne(a), cancelOne(b, { cancelCode: 'X', cancelledReason: 'X-SHORTCODE-1' })],
				badItem: 1,
				marker: 'X-SHORTCODE-1',
			};
		},
	},
	{
		name: 'cancel: negative cancelled quantity',
		field: `${JSON_LINE} › cancelledQuantity`,
		message: /-2 is below the minimum of 1/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel(),
				input: [cancelOne(a), cancelOne(b, { cancelledQuantity: -2, cancelledReason: 'X-CNEG-1' })],
				badItem: 1,
				marker: 'X-CNEG-1',
			};
		},
	},
	{
		name: 'cancel: zero cancelled quantity (fields UI)',
		field: 'Line Items › Line 1 › Cancelled Quantity',
		message: /0 is below the minimum of 1/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel({
					lineItemsInput: 'fields',
					cancelledReason: '={{ $json.reason }}',
					lineItems: {
						values: [
							{
								identifierType: 'sku',
								identifier: '={{ $json.sku }}',
								cancelledQuantity: '={{ $json.qty }}',
							},
						],
					},
				}),
				input: [
					{ orderId: a.dscoOrderId, sku: firstLine(a).sku, qty: 1, reason: 'fine' },
					{ orderId: b.dscoOrderId, sku: firstLine(b).sku, qty: 0, reason: 'X-CZERO-1' },
				],
				badItem: 1,
				marker: 'X-CZERO-1',
			};
		},
	},
	{
		name: 'cancel: EAN of the wrong length',
		field: `${JSON_LINE} › ean`,
		message: /an EAN is 8 or 13 digits/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: cancel(),
				input: [
					cancelOne(a),
					{
						orderId: b.dscoOrderId,
						lines: [{ ean: '123456789', cancelledQuantity: 1, cancelledReason: 'X-BADEAN-1' }],
					},
				],
				badItem: 1,
				marker: 'X-BADEAN-1',
			};
		},
	},
	{
		name: 'respond to request: DSCO order ID that is not all digits',
		field: 'Order ID',
		message: /a DSCO order ID is all digits/,
		build: (sim) => {
			const requested = sim.orders().find((o) => o.cancelRequested)!;
			return {
				params: {
					resource: 'cancellation',
					operation: 'respondToRequest',
					orderId: '={{ $json.orderId }}',
					orderIdType: 'DSCO_ORDER_ID',
				},
				input: [{ orderId: requested.dscoOrderId }, { orderId: 'X-NOTDIGITS-1' }],
				badItem: 1,
				marker: 'X-NOTDIGITS-1',
			};
		},
	},
	{
		name: 'estimated ship date: malformed date',
		field: 'Estimated Ship Date',
		message: /"next tuesday" is not a date/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: estShip(),
				input: [
					{ orderId: a.dscoOrderId, date: '2025-12-01T00:00:00Z' },
					{ orderId: b.dscoOrderId, date: 'next tuesday', tag: 'X-ESTBAD-1' },
				],
				badItem: 1,
				marker: 'X-ESTBAD-1',
			};
		},
	},
	{
		name: 'estimated ship date: empty date',
		field: 'Estimated Ship Date',
		message: /is not a date/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: estShip(),
				input: [
					{ orderId: a.dscoOrderId, date: '', tag: 'X-ESTEMPTY-1' },
					{ orderId: b.dscoOrderId, date: '2025-12-01T00:00:00Z' },
				],
				badItem: 0,
				marker: 'X-ESTEMPTY-1',
			};
		},
	},
	{
		name: 'estimated ship date: malformed date of one listed line',
		field: `${JSON_LINE} › estimatedShipDate`,
		message: /"2025-02-30x" is not a date/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: estListed,
				input: [
					{
						orderId: a.dscoOrderId,
						date: '2025-12-01T00:00:00Z',
						lines: [{ sku: firstLine(a).sku }],
					},
					{
						orderId: b.dscoOrderId,
						date: '2025-12-01T00:00:00Z',
						lines: [{ sku: 'X-ESTLINE-SKU', estimatedShipDate: '2025-02-30x' }],
					},
				],
				badItem: 1,
				marker: 'X-ESTLINE-SKU',
			};
		},
	},
	{
		name: 'estimated ship date: line number on a listed line (not in the EST_SHIP_DATE payload)',
		field: JSON_LINE,
		message: /unknown key "lineNumber"/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: estListed,
				input: [
					{
						orderId: a.dscoOrderId,
						date: '2025-12-01T00:00:00Z',
						lines: [{ sku: firstLine(a).sku }],
					},
					{
						orderId: b.dscoOrderId,
						date: '2025-12-01T00:00:00Z',
						lines: [{ sku: 'X-ESTLN-SKU', lineNumber: 1 }],
					},
				],
				badItem: 1,
				marker: 'X-ESTLN-SKU',
			};
		},
	},
	{
		name: 'acknowledge lines: cancelled quantity without a cancel code',
		field: `${JSON_LINE} › Cancel Code`,
		message: /a line with a cancelled quantity needs a cancel code/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ackLines(),
				input: [ackOne(a), ackOne(b, { cancelledQuantity: 1, cancelledReason: 'X-ACKNOCODE-1' })],
				badItem: 1,
				marker: 'X-ACKNOCODE-1',
			};
		},
	},
	{
		name: 'acknowledge lines: fractional accepted quantity',
		field: `${JSON_LINE} › acceptedQuantity`,
		message: /0\.5 is not a whole number/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ackLines(),
				input: [ackOne(a, { acceptedQuantity: 0.5, acceptedReason: 'X-ACKFRAC-1' }), ackOne(b)],
				badItem: 0,
				marker: 'X-ACKFRAC-1',
			};
		},
	},
	{
		name: 'acknowledge lines: acknowledged that is not true or false',
		field: `${JSON_LINE} › acknowledged`,
		message: /"yes" is not true or false/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ackLines(),
				input: [ackOne(a), ackOne(b, { acknowledged: 'yes', acceptedReason: 'X-ACKBOOL-1' })],
				badItem: 1,
				marker: 'X-ACKBOOL-1',
			};
		},
	},
	{
		name: 'acknowledge lines: supplier order number over 100 characters',
		field: 'Supplier Order Number',
		message: /at most 100 characters/,
		build: (sim) => {
			const [a, b] = plain(sim);
			return {
				params: ackLines(),
				input: [
					ackOne(a, {}, { son: 'SON-1' }),
					ackOne(b, {}, { son: `X-LONGSON-${'9'.repeat(95)}` }),
				],
				badItem: 1,
				marker: 'X-LONGSON-',
			};
		},
	},
];
