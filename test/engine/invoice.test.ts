/**
 * Invoice → Create inside n8n's engine against the simulator: sync (POST /invoice per item) and batched
 * (POST /invoice/batch/small, verified through /invoice/log), line items from the form or JSON.
 */
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 6, skus: 10 });
});
afterEach(async () => {
	await s?.sim.close();
});

const invoice = (extra: Record<string, unknown> = {}) => ({
	resource: 'invoice',
	operation: 'create',
	invoiceId: '={{ $json.invoiceId }}',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	totalAmount: '={{ $json.total }}',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});

const posts = (path: string) =>
	s.sim.requests.filter((r) => r.method === 'POST' && r.path === path);

function inputFor(orderIndexes: number[]) {
	const orders = s.sim.orders();
	return orderIndexes.map((k, n) => {
		const order = orders[k];
		const line = order.lineItems[0];
		return {
			invoiceId: `INV-${n + 1}`,
			orderId: order.dscoOrderId,
			total: Math.round(line.quantity * 12.5 * 100) / 100,
			lines: [
				{ sku: line.sku, quantity: line.quantity, unitPrice: 12.5, lineNumber: line.lineNumber },
			],
		};
	});
}

describe('batched (POST /invoice/batch/small), verified through /invoice/log', () => {
	it('sends all invoices in one call and outputs each one’s result; an unknown order fails for its item only', async () => {
		const input = inputFor([0, 1, 2]);
		input.splice(1, 0, {
			invoiceId: 'INV-X',
			orderId: '999000123',
			total: 5,
			lines: [{ sku: 'ABC', quantity: 1, unitPrice: 5, lineNumber: 1 }],
		});
		const { items, error } = await s.h.run(invoice(), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		const calls = posts('/invoice/batch/small');
		expect(calls).toHaveLength(1);
		expect(calls[0].body).toEqual(
			input.map((i) => ({
				invoiceId: i.invoiceId,
				dscoOrderId: i.orderId,
				totalAmount: i.total,
				lineItems: i.lines,
			})),
		);
		expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3]);
		expect(items.map((i) => i.json.status)).toEqual(['success', 'failure', 'success', 'success']);
		expect(items.map((i) => i.json.error !== undefined)).toEqual([false, true, false, false]);
		expect(items[1].json.error).toMatch(
			/DSCO did not apply the invoice: NOT_FOUND .*999000123.*\[item 1\]/,
		);
		expect(items[0].json).toMatchObject({
			invoiceId: 'INV-1',
			dscoOrderId: input[0].orderId,
			totalAmount: input[0].total,
			numberOfLineItems: 1,
			requestId: expect.any(String),
		});
		expect(
			s.sim
				.invoices()
				.map((i) => i.invoiceId)
				.sort(),
		).toEqual(['INV-1', 'INV-2', 'INV-3']);
		expect(s.sim.requests.some((r) => r.path === '/invoice/log')).toBe(true);
	});

	it('line items from the form, order by PO number, and the additional fields in DSCO’s shape', async () => {
		const order = s.sim.orders()[3];
		const params = {
			resource: 'invoice',
			operation: 'create',
			invoiceId: 'INV-FORM-1',
			orderId: order.poNumber,
			orderIdType: 'PO_NUMBER',
			totalAmount: 31.49,
			lineItems: {
				lineItem: [
					{
						itemIdType: 'sku',
						itemId: order.lineItems[0].sku,
						quantity: 2,
						unitPrice: 12.5,
						lineNumber: 1,
					},
					{ itemIdType: 'upc', itemId: '012345678905', quantity: 1, unitPrice: 0, lineNumber: 0 },
				],
			},
			additionalFields: {
				currencyCode: 'usd',
				invoiceDate: '2025-11-20T10:00:00Z',
				freightAmount: 6.49,
				trackingNumber: '1Z999AA10123456784',
				shipCarrier: 'UPS',
			},
		};
		const { items, error } = await s.h.run(params);
		expect(error).toBeUndefined();
		expect(posts('/invoice/batch/small')[0].body).toEqual([
			{
				invoiceId: 'INV-FORM-1',
				poNumber: order.poNumber,
				totalAmount: 31.49,
				lineItems: [
					{ sku: order.lineItems[0].sku, quantity: 2, unitPrice: 12.5, lineNumber: 1 },
					{ upc: '012345678905', quantity: 1, unitPrice: 0 },
				],
				freightAmount: 6.49,
				currencyCode: 'USD',
				invoiceDate: '2025-11-20T10:00:00Z',
				ship: { trackingNumber: '1Z999AA10123456784', carrier: 'UPS' },
			},
		]);
		expect(items[0].json).toMatchObject({ invoiceId: 'INV-FORM-1', status: 'success' });
	});
});

describe('one call per item (POST /invoice)', () => {
	it('sends each invoice on its own and outputs success, or DSCO’s refusal for that item', async () => {
		const input = inputFor([0, 1]);
		input.push({
			invoiceId: 'INV-BAD',
			orderId: '999000777',
			total: 1,
			lines: [{ sku: 'ABC', quantity: 1, unitPrice: 1, lineNumber: 1 }],
		});
		const { items, error } = await s.h.run(invoice({ sendMode: 'single' }), input, {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const calls = posts('/invoice');
		expect(calls.map((c) => c.body)).toEqual(
			input.map((i) => ({
				invoiceId: i.invoiceId,
				dscoOrderId: i.orderId,
				totalAmount: i.total,
				lineItems: i.lines,
			})),
		);
		expect(calls.map((c) => c.status)).toEqual([201, 201, 400]);
		expect(items[0].json).toEqual({
			invoiceId: 'INV-1',
			dscoOrderId: input[0].orderId,
			totalAmount: input[0].total,
			numberOfLineItems: 1,
			status: 'success',
		});
		expect(items[2].json.error).toMatch(/NOT_FOUND.*999000777.*\[item 2\]/);
		expect(s.sim.requests.some((r) => r.path.endsWith('/batch/small'))).toBe(false);
	});

	it('without continue-on-fail, a refused invoice stops the node with DSCO’s message', async () => {
		const { error } = await s.h.run(invoice({ sendMode: 'single' }), [
			{
				invoiceId: 'INV-BAD',
				orderId: '999000778',
				total: 1,
				lines: [{ sku: 'ABC', quantity: 1, unitPrice: 1 }],
			},
		]);
		expect(error?.message).toMatch(
			/^DSCO refused the request as invalid: NOT_FOUND \(error\): .*999000778.*\[item 0\]$/,
		);
		expect(error?.description).toMatch(/POST \/invoice → HTTP 400/);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [
		s.sim.clientSecret,
		String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
	]);
});
