/**
 * Cancellation → Cancel Lines and Respond to Request against the simulator: sync (POST /order/item/cancel) and
 * batched (POST /order/item/cancel/batch/small, verified in the change log), cancel codes, the check against the
 * order's open quantities, re-sending only after reading the order, and accepting retailer cancel requests.
 */
import type { Order } from '../simulator';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 12, cancelRequests: 2 });
});
afterEach(async () => {
	await s.sim.close();
});

const cancel = (extra: Record<string, unknown> = {}) => ({
	resource: 'cancellation',
	operation: 'cancelLines',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	cancelCode: 'CXSS',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});
const respond = {
	resource: 'cancellation',
	operation: 'respondToRequest',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
};

const plain = () => s.sim.orders().filter((o) => !o.cancelRequested);
const calls = (path: string) =>
	s.sim.requests.filter((r) => r.method === 'POST' && r.path === path);
const sequence = () =>
	s.sim.requests.filter((r) => r.path !== '/oauth2/token').map((r) => `${r.method} ${r.path}`);
const line = (id: string, k = 0) => s.sim.getOrder(id)!.lineItems[k];
const firstLine = (o: Order, quantity = 1) => ({
	orderId: o.dscoOrderId,
	lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, cancelledQuantity: quantity }],
});

describe('cancel lines, sync', () => {
	it('reads the order, then cancels with the chosen code and reason; the output carries DSCO’s requestId', async () => {
		const [a, b] = plain();
		const { items, error } = await s.h.run(cancel({ cancelledReason: 'Out until March' }), [
			firstLine(a),
			firstLine(b, b.lineItems[0].quantity),
		]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				orderId: a.dscoOrderId,
				orderIdType: 'DSCO_ORDER_ID',
				status: 'success',
				requestId: expect.any(String),
				mode: 'sync',
			}),
			expect.objectContaining({ orderId: b.dscoOrderId, status: 'success' }),
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(calls('/order/item/cancel').map((r) => r.body)).toEqual([
			{
				id: a.dscoOrderId,
				type: 'DSCO_ORDER_ID',
				lineItems: [
					{
						sku: a.lineItems[0].sku,
						lineNumber: 1,
						cancelledQuantity: 1,
						cancelCode: 'CXSS',
						cancelledReason: 'Out until March',
					},
				],
			},
			{
				id: b.dscoOrderId,
				type: 'DSCO_ORDER_ID',
				lineItems: [
					{
						sku: b.lineItems[0].sku,
						lineNumber: 1,
						cancelledQuantity: b.lineItems[0].quantity,
						cancelCode: 'CXSS',
						cancelledReason: 'Out until March',
					},
				],
			},
		]);
		expect(sequence()).toEqual([
			'GET /order/',
			'GET /order/',
			'POST /order/item/cancel',
			'POST /order/item/cancel',
		]);
		expect(line(a.dscoOrderId)).toMatchObject({
			cancelledQuantity: 1,
			cancelCode: 'CXSS',
			cancelledReason: 'Out until March',
		});
		expect(line(b.dscoOrderId)).toMatchObject({
			cancelledQuantity: b.lineItems[0].quantity,
			status: 'cancelled',
		});
	});

	it('sends a custom code, and a line’s own code from JSON', async () => {
		const [a] = plain();
		const input = {
			orderId: a.dscoOrderId,
			lines: [{ sku: a.lineItems[0].sku, cancelledQuantity: 1, cancelCode: 'CXSD' }],
		};
		await s.h.run(cancel({ cancelCode: 'custom', customCancelCode: 'CXRX1' }), [input]);
		expect((calls('/order/item/cancel')[0].body as { lineItems: unknown[] }).lineItems).toEqual([
			{ sku: a.lineItems[0].sku, cancelledQuantity: 1, cancelCode: 'CXSD' },
		]);
		const [b] = plain().slice(1);
		await s.h.run(cancel({ cancelCode: 'custom', customCancelCode: 'CXRX1' }), [firstLine(b)]);
		expect(
			(calls('/order/item/cancel')[1].body as { lineItems: Array<{ cancelCode: string }> })
				.lineItems[0].cancelCode,
		).toBe('CXRX1');
		expect(line(b.dscoOrderId).cancelCode).toBe('CXRX1');
	});

	it('takes the lines from the fields UI', async () => {
		const [a] = plain();
		const l = a.lineItems[0];
		const { items } = await s.h.run(
			cancel({
				lineItemsInput: 'fields',
				lineItems: {
					values: [
						{
							identifierType: 'dscoItemId',
							identifier: l.dscoItemId,
							lineNumber: 0,
							cancelledQuantity: 1,
						},
					],
				},
			}),
			[{ orderId: a.dscoOrderId }],
		);
		expect(items[0].json.status).toBe('success');
		expect((calls('/order/item/cancel')[0].body as { lineItems: unknown[] }).lineItems).toEqual([
			{ dscoItemId: l.dscoItemId, cancelledQuantity: 1, cancelCode: 'CXSS' },
		]);
	});

	it('refuses a cancelled quantity above what is open on the line, before anything is cancelled', async () => {
		const [a, b] = plain();
		const over = a.lineItems[0].quantity + 1;
		const { items, error } = await s.h.run(cancel(), [firstLine(a, over), firstLine(b)], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(
			`Invalid "Line Items (JSON) › Line 1 › cancelledQuantity" [item 0]: ${over} is above the ${a.lineItems[0].quantity} still open on line 1 (sku ${a.lineItems[0].sku}) of DSCO order ${a.dscoOrderId} (ordered ${a.lineItems[0].quantity}, shipped 0, cancelled 0)`,
		);
		expect(items[1].json.status).toBe('success');
		expect(calls('/order/item/cancel').map((r) => (r.body as { id: string }).id)).toEqual([
			b.dscoOrderId,
		]);
		expect(line(a.dscoOrderId).cancelledQuantity).toBe(0);

		const stop = await s.h.run(cancel(), [firstLine(a, over)]);
		expect(stop.error?.message).toMatch(
			/^Invalid "Line Items \(JSON\) › Line 1 › cancelledQuantity" \[item 0\]: .* is above the/,
		);
		expect(calls('/order/item/cancel')).toHaveLength(1);
	});

	it('counts earlier items of the same order in the run against the open quantity', async () => {
		const a = plain().find((o) => o.lineItems[0].quantity >= 2)!;
		const q = a.lineItems[0].quantity;
		const { items } = await s.h.run(cancel(), [firstLine(a, q - 1), firstLine(a, 2)], {
			continueOnFail: true,
		});
		expect(items[0].json.status).toBe('success');
		expect(items[1].json.error).toMatch(
			/Invalid ".*cancelledQuantity" \[item 1\]: 2 \(plus \d+ cancelled earlier in this run\) is above the \d+ still open/,
		);
		expect(calls('/order/item/cancel')).toHaveLength(1);
	});

	it('refuses a line the order does not have', async () => {
		const [a] = plain();
		const { error } = await s.h.run(cancel(), [
			{ orderId: a.dscoOrderId, lines: [{ sku: 'NOT-ON-ORDER', cancelledQuantity: 1 }] },
		]);
		expect(error?.message).toBe(
			`Invalid "Line Items (JSON) › Line 1" [item 0]: DSCO order ${a.dscoOrderId} has no sku NOT-ON-ORDER`,
		);
		expect(calls('/order/item/cancel')).toHaveLength(0);
	});

	it('with the check off, sends without reading and passes DSCO’s own refusal through', async () => {
		const [a] = plain();
		const { error } = await s.h.run(cancel({ options: { checkAgainstOrder: false } }), [
			firstLine(a, a.lineItems[0].quantity + 1),
		]);
		expect(sequence()).toEqual(['POST /order/item/cancel']);
		expect(error?.message).toMatch(
			/VALIDATION_FAILED .*cancelledQuantity \d+ exceeds the remaining quantity \d+ \[item 0\]/,
		);
	});
});

describe('cancel lines: ambiguous failures', () => {
	it('a 503 after DSCO cancelled: the re-read shows it, so it is not sent again', async () => {
		const [a] = plain();
		s.sim.setFaults({
			failNextRequests: [
				{ status: 503, count: 1, path: '/order/item/cancel', afterProcessing: true },
			],
		});
		const { items, error } = await s.h.run(cancel(), [firstLine(a)]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'success', resendSkipped: true });
		expect(calls('/order/item/cancel')).toHaveLength(1);
		expect(line(a.dscoOrderId).cancelledQuantity).toBe(1);
	});

	it('a dropped connection before DSCO acted: the re-read shows nothing cancelled, so it is sent again, once', async () => {
		const [a] = plain();
		s.sim.setFaults({ failNextRequests: [{ status: 0, count: 1, path: '/order/item/cancel' }] });
		const { items } = await s.h.run(cancel(), [firstLine(a)]);
		expect(items[0].json.status).toBe('success');
		expect(calls('/order/item/cancel').map((r) => r.status)).toEqual([0, 200]);
		expect(line(a.dscoOrderId).cancelledQuantity).toBe(1);
	});

	it('without the order read there is nothing to compare with: never re-sent', async () => {
		const [a] = plain();
		s.sim.setFaults({
			failNextRequests: [
				{ status: 503, count: 1, path: '/order/item/cancel', afterProcessing: true },
			],
		});
		const { error } = await s.h.run(cancel({ options: { checkAgainstOrder: false } }), [
			firstLine(a),
		]);
		expect(error?.description).toMatch(/Not sent again: the request may have reached DSCO/);
		expect(calls('/order/item/cancel')).toHaveLength(1);
		expect(line(a.dscoOrderId).cancelledQuantity).toBe(1);
	});
});

describe('cancel lines, batch', () => {
	it('sends all orders in one call and pairs each change-log result with its input', async () => {
		const orders = plain().slice(0, 4);
		const input = orders.map((o) => firstLine(o));
		// Unknown to DSCO: with the check off it fails in the change log, not before.
		input[2] = {
			orderId: '999000001',
			lines: [{ sku: 'SKU-X', lineNumber: 1, cancelledQuantity: 1 }],
		};
		const { items, error } = await s.h.run(
			cancel({ mode: 'batch', options: { checkAgainstOrder: false } }),
			input,
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		items.forEach((item, k) => expect(item.pairedItem).toEqual({ item: k }));
		expect(items.map((i) => i.json.status ?? 'error')).toEqual([
			'success',
			'success',
			'failure',
			'success',
		]);
		expect(items[2].json.error).toMatch(
			/DSCO did not apply the cancellation: NOT_FOUND .*Order not found.*\[item 2\]/,
		);
		expect(calls('/order/item/cancel/batch/small')).toHaveLength(1);
		expect(calls('/order/item/cancel/batch/small')[0].body).toHaveLength(4);
		for (const k of [0, 1, 3]) expect(line(orders[k].dscoOrderId).cancelledQuantity).toBe(1);
	});

	it('with the check on, refuses the over-quantity item and batches the rest', async () => {
		const [a, b] = plain();
		const { items } = await s.h.run(cancel({ mode: 'batch' }), [firstLine(a), firstLine(b, 99)], {
			continueOnFail: true,
		});
		expect(items[0].json.status).toBe('success');
		expect(items[1].json.error).toMatch(/Invalid ".*cancelledQuantity" \[item 1\]: 99 is above/);
		expect((calls('/order/item/cancel/batch/small')[0].body as unknown[]).length).toBe(1);
	});
});

describe('respond to a retailer cancel request', () => {
	it('accepts by cancelling the requested lines with the requested code; a second run finds nothing to cancel', async () => {
		const requested = s.sim.orders().find((o) => o.cancelRequested)!;
		expect(requested.cancelRequestedCode).toBe('CXRO');
		const { items, error } = await s.h.run(respond, [{ orderId: requested.dscoOrderId }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'success',
			response: 'accept',
			dscoOrderId: requested.dscoOrderId,
			cancelRequestedCode: 'CXRO',
		});
		expect(calls('/order/item/cancel')[0].body).toEqual({
			id: requested.dscoOrderId,
			type: 'DSCO_ORDER_ID',
			lineItems: requested.lineItems.map((l) => ({
				dscoItemId: l.dscoItemId,
				lineNumber: l.lineNumber,
				cancelledQuantity: l.quantity,
				cancelCode: 'CXRO',
			})),
		});
		expect(s.sim.getOrder(requested.dscoOrderId)).toMatchObject({
			dscoStatus: 'cancelled',
			dscoLifecycle: 'completed',
		});

		const again = await s.h.run(respond, [{ orderId: requested.dscoOrderId }]);
		expect(again.items[0].json).toMatchObject({ status: 'nothingToCancel' });
		expect(calls('/order/item/cancel')).toHaveLength(1);
	});

	it('cancels only the lines still open when part of the order shipped before the request', async () => {
		const o = plain().find((x) => x.lineItems.length >= 2)!;
		await s.h.run(
			{
				resource: 'shipment',
				operation: 'create',
				orderId: o.dscoOrderId,
				trackingNumber: '1ZPART0001',
				shippingServiceLevelCode: 'UPCG',
				lineItemsInput: 'json',
				lineItemsJson: JSON.stringify([
					{ sku: o.lineItems[0].sku, lineNumber: 1, quantity: o.lineItems[0].quantity },
				]),
			},
			[{}],
		);
		s.sim.requestCancel(o.dscoOrderId, 'CXRR');
		const { items } = await s.h.run(respond, [{ orderId: o.dscoOrderId }]);
		expect(items[0].json.status).toBe('success');
		const sent = (
			calls('/order/item/cancel')[0].body as {
				lineItems: Array<{ lineNumber: number; cancelCode: string }>;
			}
		).lineItems;
		expect(sent.map((l) => l.lineNumber)).toEqual(o.lineItems.slice(1).map((l) => l.lineNumber));
		expect(sent.every((l) => l.cancelCode === 'CXRR')).toBe(true);
		expect(line(o.dscoOrderId, 0).cancelledQuantity).toBe(0);
	});

	it('refuses an order without a cancel request, sending nothing; other items go on under continue-on-fail', async () => {
		const [a] = plain();
		const requested = s.sim.orders().find((o) => o.cancelRequested)!;
		const { items } = await s.h.run(
			respond,
			[{ orderId: a.dscoOrderId }, { orderId: requested.dscoOrderId }],
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toBe(
			`DSCO order ${a.dscoOrderId} has no cancel request from the retailer [item 0]`,
		);
		expect(items[1].json.status).toBe('success');
		expect(calls('/order/item/cancel').map((r) => (r.body as { id: string }).id)).toEqual([
			requested.dscoOrderId,
		]);
	});

	it('an unknown order is a clear error for its item', async () => {
		const { error } = await s.h.run(respond, [{ orderId: '999000123' }]);
		expect(error?.message).toBe(
			'Order not found: no DSCO order with dscoOrderId "999000123" [item 0]',
		);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [s.sim.clientSecret]);
});
