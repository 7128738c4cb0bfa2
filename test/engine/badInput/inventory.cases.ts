import type { Simulator } from '../../simulator';
import type { BadInputCase } from './types';

/** The simulator of the table seeds SIM-SKU-0001 … SIM-SKU-0020. */
const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;

const total = (extra: Record<string, unknown> = {}) => ({
	resource: 'inventory',
	operation: 'update',
	sku: '={{ $json.sku }}',
	quantitySource: 'total',
	quantity: '={{ $json.q }}',
	...extra,
});
const perWarehouse = (extra: Record<string, unknown> = {}) => ({
	resource: 'inventory',
	operation: 'update',
	sku: '={{ $json.sku }}',
	quantitySource: 'warehousesJson',
	warehousesJson: '={{ $json.wh }}',
	...extra,
});
const get = {
	resource: 'inventory',
	operation: 'get',
	itemKey: '={{ $json.key ?? "sku" }}',
	value: '={{ $json.value }}',
};
const invoice = {
	resource: 'invoice',
	operation: 'create',
	invoiceId: '={{ $json.id }}',
	orderId: '={{ $json.order }}',
	orderIdType: 'DSCO_ORDER_ID',
	totalAmount: '={{ $json.total ?? 10 }}',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	additionalFields: { currencyCode: '={{ $json.currency ?? "USD" }}' },
};

/** A valid invoice for the simulator's first order. */
const goodInvoice = (sim: Simulator, id: string) => {
	const order = sim.orders()[0];
	return {
		id,
		order: order.dscoOrderId,
		lines: [{ sku: order.lineItems[0].sku, quantity: 1, unitPrice: 10 }],
	};
};

export const inventoryCases: BadInputCase[] = [
	{
		name: 'inventory update: negative quantity',
		field: 'Quantity',
		message: /-2 is below the minimum of 0/,
		build: () => ({
			params: total(),
			input: [
				{ sku: sku(1), q: 5 },
				{ sku: sku(11), q: -2 },
			],
			badItem: 1,
			marker: sku(11),
		}),
	},
	{
		name: 'inventory update: fractional quantity',
		field: 'Quantity',
		message: /2\.5 is not a whole number/,
		build: () => ({
			params: total(),
			input: [
				{ sku: sku(12), q: 2.5 },
				{ sku: sku(1), q: 5 },
			],
			badItem: 0,
			marker: sku(12),
		}),
	},
	{
		name: 'inventory update: NaN quantity',
		field: 'Quantity',
		message: /"NaN" is not a number/,
		build: () => ({
			params: total(),
			input: [
				{ sku: sku(1), q: 1 },
				{ sku: sku(13), q: 'NaN' },
			],
			badItem: 1,
			marker: sku(13),
		}),
	},
	{
		name: 'inventory update: quantity as words',
		field: 'Quantity',
		message: /"ten" is not a number/,
		build: () => ({
			params: total(),
			input: [
				{ sku: sku(1), q: 1 },
				{ sku: sku(14), q: 'ten' },
			],
			badItem: 1,
			marker: sku(14),
		}),
	},
	{
		name: 'inventory update: missing SKU',
		field: 'SKU',
		message: /it is empty/,
		build: () => ({
			params: perWarehouse(),
			input: [
				{ sku: sku(1), wh: [{ code: 'WH-1', quantity: 1 }] },
				{ sku: '', wh: [{ code: 'WH-NO-SKU', quantity: 1 }] },
			],
			badItem: 1,
			marker: 'WH-NO-SKU',
		}),
	},
	{
		name: 'inventory update: SKU over 90 characters',
		field: 'SKU',
		message: /91 characters long; DSCO allows at most 90/,
		build: () => ({
			params: total(),
			input: [
				{ sku: `LONG-${'X'.repeat(86)}`, q: 1 },
				{ sku: sku(1), q: 1 },
			],
			badItem: 0,
			marker: 'LONG-XXX',
		}),
	},
	{
		name: 'inventory update: total that is not the warehouse sum',
		field: 'Total Quantity',
		message: /20 is not the sum of the warehouse quantities \(A 10 \+ B 5 = 15\)/,
		build: () => ({
			params: perWarehouse({ additionalFields: { totalQuantity: '={{ $json.total }}' } }),
			input: [
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }], total: 1 },
				{
					sku: sku(15),
					wh: [
						{ code: 'A', quantity: 10 },
						{ code: 'B', quantity: 5 },
					],
					total: 20,
				},
			],
			badItem: 1,
			marker: sku(15),
		}),
	},
	{
		name: 'inventory update: unknown status',
		field: 'Status',
		message: /"available" is not one of in-stock, out-of-stock, discontinued, hidden/,
		build: () => ({
			params: total({ status: '={{ $json.status ?? "auto" }}' }),
			input: [
				{ sku: sku(16), q: 1, status: 'available' },
				{ sku: sku(1), q: 1 },
			],
			badItem: 0,
			marker: sku(16),
		}),
	},
	{
		name: 'inventory update: cost with 3 decimals',
		field: 'Cost',
		message: /1\.255 has more than 2 decimals/,
		build: () => ({
			params: total({ additionalFields: { cost: '={{ $json.cost }}' } }),
			input: [
				{ sku: sku(1), q: 1, cost: 2.5 },
				{ sku: sku(17), q: 1, cost: 1.255 },
			],
			badItem: 1,
			marker: sku(17),
		}),
	},
	{
		name: 'inventory update: negative cost',
		field: 'Cost',
		message: /-4 is negative/,
		build: () => ({
			params: total({ additionalFields: { cost: '={{ $json.cost }}' } }),
			input: [
				{ sku: sku(1), q: 1, cost: 2 },
				{ sku: sku(18), q: 1, cost: -4 },
			],
			badItem: 1,
			marker: sku(18),
		}),
	},
	{
		name: 'inventory update: malformed estimated availability date',
		field: 'Estimated Availability Date',
		message: /"next tuesday" is not a date/,
		build: () => ({
			params: total({ additionalFields: { estimatedAvailabilityDate: '={{ $json.eta }}' } }),
			input: [
				{ sku: sku(19), q: 0, eta: 'next tuesday' },
				{ sku: sku(1), q: 0, eta: '2026-03-01T00:00:00Z' },
			],
			badItem: 0,
			marker: sku(19),
		}),
	},
	{
		name: 'inventory update: warehouse without a code',
		field: 'Warehouse 1 Code',
		build: () => ({
			params: perWarehouse(),
			input: [
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }] },
				{ sku: sku(20), wh: [{ code: ' ', quantity: 3 }] },
			],
			badItem: 1,
			marker: sku(20),
		}),
	},
	{
		name: 'inventory update: the same warehouse twice',
		field: 'Warehouse 2 Code',
		message: /warehouse "DUP-WH" is listed twice/,
		build: () => ({
			params: perWarehouse(),
			input: [
				{
					sku: sku(2),
					wh: [
						{ code: 'DUP-WH', quantity: 1 },
						{ code: 'DUP-WH', quantity: 2 },
					],
				},
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }] },
			],
			badItem: 0,
			marker: 'DUP-WH',
		}),
	},
	{
		name: 'inventory update: negative warehouse quantity',
		field: 'Warehouse 2 Quantity',
		message: /-1 is below the minimum of 0/,
		build: () => ({
			params: perWarehouse(),
			input: [
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }] },
				{
					sku: sku(3),
					wh: [
						{ code: 'A', quantity: 1 },
						{ code: 'NEG-WH', quantity: -1 },
					],
				},
			],
			badItem: 1,
			marker: 'NEG-WH',
		}),
	},
	{
		name: 'inventory update: unknown warehouse status',
		field: 'Warehouse 1 Status',
		message: /"closed" is not one of in-stock, out-of-stock, discontinued, hidden$/,
		build: () => ({
			params: perWarehouse(),
			input: [
				{ sku: sku(4), wh: [{ code: 'CLOSED-WH', quantity: 1, status: 'closed' }] },
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }] },
			],
			badItem: 0,
			marker: 'CLOSED-WH',
		}),
	},
	{
		name: 'inventory update: warehouses JSON that does not parse',
		field: 'Warehouses (JSON)',
		message: /it is not valid JSON/,
		build: () => ({
			params: perWarehouse(),
			input: [
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }] },
				{ sku: sku(5), wh: '[{"code": "BROKEN-JSON", "quantity": ' },
			],
			badItem: 1,
			marker: sku(5),
		}),
	},
	{
		name: 'inventory update: warehouses JSON that is not an array',
		field: 'Warehouses (JSON)',
		message: /give a non-empty array/,
		build: () => ({
			params: perWarehouse(),
			input: [
				{ sku: sku(6), wh: { code: 'A', quantity: 1 } },
				{ sku: sku(1), wh: [{ code: 'A', quantity: 1 }] },
			],
			badItem: 0,
			marker: sku(6),
		}),
	},
	{
		name: 'inventory update: negative safety stock',
		field: 'Safety Stock',
		build: () => ({
			params: total({ options: { safetyStock: '={{ $json.safety ?? 0 }}' } }),
			input: [
				{ sku: sku(1), q: 3 },
				{ sku: sku(7), q: 3, safety: -1 },
			],
			badItem: 1,
			marker: sku(7),
		}),
	},
	{
		name: 'inventory update, one call per item: negative quantity (refused before any call)',
		field: 'Quantity',
		build: () => ({
			params: total({ sendMode: 'single' }),
			input: [
				{ sku: sku(1), q: 2 },
				{ sku: sku(8), q: -5 },
			],
			badItem: 1,
			marker: sku(8),
		}),
	},
	{
		name: 'inventory get: UPC with letters',
		field: 'Value',
		message: /a UPC is 6 or 12 digits/,
		build: () => ({
			params: get,
			input: [{ value: sku(1) }, { key: 'upc', value: '01234567890X' }],
			badItem: 1,
			marker: '01234567890X',
		}),
	},
	{
		name: 'inventory get: partner SKU without a retailer',
		field: 'Retailer ID',
		build: () => ({
			params: get,
			input: [{ key: 'partnerSku', value: 'RTL-NO-RETAILER' }, { value: sku(1) }],
			badItem: 0,
			marker: 'RTL-NO-RETAILER',
		}),
	},
	{
		name: 'invoice: missing unitPrice on a line',
		field: 'Line Item 1',
		message: /unitPrice is missing/,
		build: (sim) => ({
			params: invoice,
			input: [
				goodInvoice(sim, 'INV-OK-1'),
				{ ...goodInvoice(sim, 'INV-NO-PRICE'), lines: [{ sku: 'X', quantity: 1 }] },
			],
			badItem: 1,
			marker: 'INV-NO-PRICE',
		}),
	},
	{
		name: 'invoice: empty invoice id',
		field: 'Invoice ID',
		build: (sim) => ({
			params: invoice,
			input: [
				{ ...goodInvoice(sim, ''), lines: [{ sku: 'EMPTY-ID-LINE', quantity: 1, unitPrice: 10 }] },
				goodInvoice(sim, 'INV-OK-2'),
			],
			badItem: 0,
			marker: 'EMPTY-ID-LINE',
		}),
	},
	{
		name: 'invoice: line items JSON that does not parse',
		field: 'Line Items (JSON)',
		message: /it is not valid JSON/,
		build: (sim) => ({
			params: invoice,
			input: [
				goodInvoice(sim, 'INV-OK-3'),
				{ ...goodInvoice(sim, 'INV-BAD-JSON'), lines: '[{"sku": "A", ' },
			],
			badItem: 1,
			marker: 'INV-BAD-JSON',
		}),
	},
	{
		name: 'invoice: total with 3 decimals',
		field: 'Total Amount',
		message: /10\.005 has more than 2 decimals/,
		build: (sim) => ({
			params: invoice,
			input: [
				{ ...goodInvoice(sim, 'INV-BAD-TOTAL'), total: 10.005 },
				goodInvoice(sim, 'INV-OK-4'),
			],
			badItem: 0,
			marker: 'INV-BAD-TOTAL',
		}),
	},
	{
		name: 'invoice: line quantity 0',
		field: 'Line Item 1 Quantity',
		message: /0 is below the minimum of 1/,
		build: (sim) => ({
			params: invoice,
			input: [
				goodInvoice(sim, 'INV-OK-5'),
				{ ...goodInvoice(sim, 'INV-ZERO-QTY'), lines: [{ sku: 'A', quantity: 0, unitPrice: 1 }] },
			],
			badItem: 1,
			marker: 'INV-ZERO-QTY',
		}),
	},
	{
		name: 'invoice: a line field DSCO does not have',
		field: 'Line Item 1',
		message: /"price" is not a field of a DSCO invoice line item/,
		build: (sim) => ({
			params: invoice,
			input: [
				{
					...goodInvoice(sim, 'INV-ODD-FIELD'),
					lines: [{ sku: 'A', quantity: 1, unitPrice: 1, price: 1 }],
				},
				goodInvoice(sim, 'INV-OK-6'),
			],
			badItem: 0,
			marker: 'INV-ODD-FIELD',
		}),
	},
	{
		name: 'invoice: non-numeric DSCO order id',
		field: 'Order ID',
		message: /all digits/,
		build: (sim) => ({
			params: invoice,
			input: [
				goodInvoice(sim, 'INV-OK-7'),
				{ ...goodInvoice(sim, 'INV-BAD-ORDER'), order: 'PO-123' },
			],
			badItem: 1,
			marker: 'INV-BAD-ORDER',
		}),
	},
	{
		name: 'invoice: currency code that is not ISO 4217',
		field: 'Currency Code',
		message: /"DOLLARS" is not a 3-letter ISO 4217 code/,
		build: (sim) => ({
			params: invoice,
			input: [
				{ ...goodInvoice(sim, 'INV-BAD-CUR'), currency: 'dollars' },
				goodInvoice(sim, 'INV-OK-8'),
			],
			badItem: 0,
			marker: 'INV-BAD-CUR',
		}),
	},
	{
		name: 'change log get: empty request id',
		field: 'Request ID',
		build: () => ({
			params: {
				resource: 'changeLog',
				operation: 'get',
				logType: 'inventory',
				requestId: '={{ $json.requestId }}',
			},
			input: [{ requestId: ' ', tag: 'X-EMPTY-REQUEST' }, { requestId: 'req-never-sent-1' }],
			badItem: 0,
			marker: 'X-EMPTY-REQUEST',
		}),
	},
];
