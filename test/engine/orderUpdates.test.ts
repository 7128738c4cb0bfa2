/**
 * Order → Update Estimated Ship Date (POST /orderupdate/batch/small, updateType EST_SHIP_DATE) and Acknowledgment →
 * Acknowledge Lines (POST /order/acknowledge/items) against the simulator: batched, verified through the order
 * change log, each result paired to its input.
 */
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 12, cancelRequests: 0 });
});
afterEach(async () => {
	await s.sim.close();
});

const calls = (path: string) =>
	s.sim.requests.filter((r) => r.method === 'POST' && r.path === path);
const sequence = () =>
	s.sim.requests
		.filter((r) => r.path !== '/oauth2/token' && r.path !== '/order/log')
		.map((r) => `${r.method} ${r.path}`);

const estShip = (extra: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation: 'updateEstimatedShipDate',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	estimatedShipDate: '={{ $json.date }}',
	...extra,
});

describe('update estimated ship date', () => {
	it('all open lines: reads each order, sends one entry per order in one call, verifies, pairs the results', async () => {
		const orders = s.sim.orders().slice(0, 3);
		const input = orders.map((o, k) => ({
			orderId: o.dscoOrderId,
			date: `2025-12-0${k + 1}T10:00:00Z`,
		}));
		const { items, error } = await s.h.run(estShip(), input);
		expect(error).toBeUndefined();
		expect(sequence()).toEqual([
			'GET /order/',
			'GET /order/',
			'GET /order/',
			'POST /orderupdate/batch/small',
		]);
		expect(calls('/orderupdate/batch/small')[0].body).toEqual(
			orders.map((o, k) => ({
				dscoOrderId: Number(o.dscoOrderId),
				updateType: 'EST_SHIP_DATE',
				payload: [...new Map(o.lineItems.map((l) => [l.dscoItemId, l])).values()].map((l) => ({
					dscoItemId: Number(l.dscoItemId),
					estimatedShipDate: `2025-12-0${k + 1}T10:00:00Z`,
				})),
			})),
		);
		expect(items.map((i) => i.json.status)).toEqual(['success', 'success', 'success']);
		items.forEach((item, k) => {
			expect(item.pairedItem).toEqual({ item: k });
			expect(item.json).toMatchObject({
				orderId: orders[k].dscoOrderId,
				orderIdType: 'DSCO_ORDER_ID',
				requestId: expect.any(String),
			});
		});
		orders.forEach((o, k) => {
			for (const l of s.sim.getOrder(o.dscoOrderId)!.lineItems)
				expect(Date.parse(l.estimatedShipDate!)).toBe(Date.parse(`2025-12-0${k + 1}T10:00:00Z`));
		});
	});

	it('listed lines by PO number, a line’s own date from JSON; no order read', async () => {
		const o = s.sim
			.orders()
			.find((x) => x.lineItems.length >= 2 && x.lineItems[0].sku !== x.lineItems[1].sku)!;
		const [l1, l2] = o.lineItems;
		const { items, error } = await s.h.run(
			estShip({
				orderIdType: 'PO_NUMBER',
				lineSelection: 'listed',
				lineItemsInput: 'json',
				lineItemsJson: JSON.stringify([
					{ sku: l1.sku },
					{ upc: l2.upc, estimatedShipDate: '2026-01-15T00:00:00Z' },
				]),
			}),
			[{ orderId: o.poNumber, date: '2025-12-20T00:00:00Z' }],
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'success',
			orderId: o.poNumber,
			orderIdType: 'PO_NUMBER',
		});
		expect(sequence()).toEqual(['POST /orderupdate/batch/small']);
		expect(calls('/orderupdate/batch/small')[0].body).toEqual([
			{
				poNumber: o.poNumber,
				updateType: 'EST_SHIP_DATE',
				payload: [
					{ sku: l1.sku, estimatedShipDate: '2025-12-20T00:00:00Z' },
					{ upc: l2.upc, estimatedShipDate: '2026-01-15T00:00:00Z' },
				],
			},
		]);
		const after = s.sim.getOrder(o.dscoOrderId)!.lineItems;
		expect(Date.parse(after[1].estimatedShipDate!)).toBe(Date.parse('2026-01-15T00:00:00Z'));
	});

	it('a failure in the change log is an error for its own item only', async () => {
		const [a, b] = s.sim.orders();
		const input = [
			{ orderId: a.dscoOrderId, date: '2025-12-01T00:00:00Z', sku: a.lineItems[0].sku },
			{ orderId: b.dscoOrderId, date: '2025-12-01T00:00:00Z', sku: 'NOT-ON-ORDER' },
		];
		const { items, error } = await s.h.run(
			estShip({
				lineSelection: 'listed',
				lineItemsInput: 'fields',
				lineItems: { values: [{ identifierType: 'sku', identifier: '={{ $json.sku }}' }] },
			}),
			input,
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('success');
		expect(items[1].json.error).toMatch(
			/DSCO did not apply the estimated ship date update: NOT_FOUND .*Line item not found.*\[item 1\]/,
		);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(calls('/orderupdate/batch/small')).toHaveLength(1);
	});

	it('all open lines of an unknown order: refused after the read, the others sent', async () => {
		const [a] = s.sim.orders();
		const { items } = await s.h.run(
			estShip(),
			[
				{ orderId: '999000777', date: '2025-12-01T00:00:00Z' },
				{ orderId: a.dscoOrderId, date: '2025-12-01T00:00:00Z' },
			],
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toBe(
			'Order not found: no DSCO order with dscoOrderId "999000777" [item 0]',
		);
		expect(items[1].json.status).toBe('success');
		expect((calls('/orderupdate/batch/small')[0].body as unknown[]).length).toBe(1);
	});

	it('without waiting, outputs DSCO’s requestId and pending', async () => {
		const [a] = s.sim.orders();
		const { items } = await s.h.run(estShip({ options: { waitForResult: false } }), [
			{ orderId: a.dscoOrderId, date: '2025-12-01T00:00:00Z' },
		]);
		expect(items[0].json).toMatchObject({ status: 'pending', requestId: expect.any(String) });
		expect(s.sim.requests.some((r) => r.path === '/order/log')).toBe(false);
	});
});

const ackLines = (extra: Record<string, unknown> = {}) => ({
	resource: 'acknowledgment',
	operation: 'acknowledgeLines',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});

describe('acknowledge lines', () => {
	it('accepts, cancels with a code and dates lines; one call; each order’s result paired to its input', async () => {
		const a = s.sim.orders().find((o) => o.lineItems.length >= 2 && o.lineItems[1].quantity >= 2)!;
		const b = s.sim.orders().find((o) => o !== a && o.dscoOrderId !== a.dscoOrderId)!;
		const [l1, l2] = a.lineItems;
		const input = [
			{
				orderId: a.dscoOrderId,
				lines: [
					{
						lineNumber: 1,
						sku: l1.sku,
						acceptedQuantity: l1.quantity,
						estimatedShipDate: '2025-12-05T00:00:00Z',
					},
					{
						lineNumber: 2,
						sku: l2.sku,
						cancelledQuantity: 1,
						cancelCode: 'CXSN',
						cancelledReason: 'Only some left',
					},
				],
			},
			{ orderId: b.dscoOrderId, lines: [{ dscoItemId: b.lineItems[0].dscoItemId }] },
		];
		const { items, error } = await s.h.run(ackLines(), input);
		expect(error).toBeUndefined();
		expect(calls('/order/acknowledge/items')[0].body).toEqual([
			{
				id: a.dscoOrderId,
				type: 'DSCO_ORDER_ID',
				lineItems: [
					{
						sku: l1.sku,
						lineNumber: 1,
						acceptedQuantity: l1.quantity,
						estimatedShipDate: '2025-12-05T00:00:00Z',
					},
					{
						sku: l2.sku,
						lineNumber: 2,
						cancelledQuantity: 1,
						cancelCode: 'CXSN',
						cancelledReason: 'Only some left',
					},
				],
			},
			{
				id: b.dscoOrderId,
				type: 'DSCO_ORDER_ID',
				lineItems: [{ dscoItemId: b.lineItems[0].dscoItemId }],
			},
		]);
		expect(items.map((i) => i.json.status)).toEqual(['success', 'success']);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const after = s.sim.getOrder(a.dscoOrderId)!;
		expect(after.dscoLifecycle).toBe('acknowledged');
		expect(after.lineItems[0]).toMatchObject({ acceptedQuantity: l1.quantity });
		expect(after.lineItems[1]).toMatchObject({
			cancelledQuantity: 1,
			cancelCode: 'CXSN',
			acceptedQuantity: l2.quantity - 1,
		});
	});

	it('fields mode: 0 leaves a quantity out; a failure in the change log is that item’s error only', async () => {
		const [a, b] = s.sim.orders();
		const { items, error } = await s.h.run(
			ackLines({
				lineItemsInput: 'fields',
				lineItems: {
					values: [
						{
							identifierType: 'sku',
							identifier: '={{ $json.sku }}',
							lineNumber: 0,
							acceptedQuantity: 0,
							cancelledQuantity: 0,
						},
					],
				},
			}),
			[
				{ orderId: a.dscoOrderId, sku: a.lineItems[0].sku },
				{ orderId: b.dscoOrderId, sku: 'NOT-ON-ORDER' },
			],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(
			(calls('/order/acknowledge/items')[0].body as Array<{ lineItems: unknown[] }>)[0].lineItems,
		).toEqual([{ sku: a.lineItems[0].sku }]);
		expect(items[0].json.status).toBe('success');
		expect(items[1].json.error).toMatch(
			/DSCO did not apply the line acknowledgment: NOT_FOUND .*\[item 1\]/,
		);
		expect(s.sim.getOrder(a.dscoOrderId)!.lineItems[0].acceptedQuantity).toBe(
			a.lineItems[0].quantity,
		);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [s.sim.clientSecret]);
});
