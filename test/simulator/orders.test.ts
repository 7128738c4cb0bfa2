import { type Simulator, startSimulator } from './index';
import { SimClient, isoBefore } from './testClient';

const NOW = Date.parse('2025-11-21T12:00:00Z');

describe('simulator: order reads (GET /order/, GET /order/page)', () => {
	let sim: Simulator;
	let client: SimClient;
	let clock: number;

	beforeEach(async () => {
		clock = NOW;
		sim = await startSimulator({
			now: () => clock,
			orders: 25,
			testOrders: 2,
			marketplaceOrders: 2,
			cancelRequests: 2,
			seed: 3,
		});
		client = new SimClient(sim, 'apiToken');
	});
	afterEach(() => sim.close());

	const window = (extra: Record<string, string | string[]> = {}) => ({
		ordersCreatedSince: '2020-01-01T00:00:00Z',
		until: isoBefore(clock, 5_000),
		...extra,
	});

	it('seeds deterministic orders from the seed', async () => {
		const again = await startSimulator({ now: () => NOW, orders: 25, seed: 3 });
		const other = await startSimulator({ now: () => NOW, orders: 25, seed: 4 });
		try {
			expect(again.orders()).toEqual(sim.orders());
			expect(other.orders().map((o) => o.poNumber)).not.toEqual(
				sim.orders().map((o) => o.poNumber),
			);
		} finally {
			await Promise.all([again.close(), other.close()]);
		}
		const orders = sim.orders();
		expect(orders.filter((o) => o.testFlag)).toHaveLength(2);
		expect(orders.filter((o) => o.orderType === 'marketplace')).toHaveLength(2);
		expect(orders.filter((o) => o.cancelRequested)).toHaveLength(2);
		expect(orders[0].dscoOrderId).toMatch(/^\d+$/);
		expect(orders[0].dscoCreateDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
	});

	it('finds an order by dscoOrderId or poNumber, 404 for an unknown one', async () => {
		const order = sim.orders()[3];
		const byId = await client.get('/order/', { orderKey: 'dscoOrderId', value: order.dscoOrderId });
		expect(byId).toMatchObject({
			status: 200,
			body: { dscoOrderId: order.dscoOrderId, poNumber: order.poNumber },
		});
		const byPo = await client.get('/order/', {
			orderKey: 'poNumber',
			value: order.poNumber,
			returnMultiple: 'true',
		});
		expect(byPo.body).toEqual([expect.objectContaining({ dscoOrderId: order.dscoOrderId })]);
		expect((await client.get('/order/', { orderKey: 'dscoOrderId', value: '42' })).status).toBe(
			404,
		);
		expect((await client.get('/order/', { orderKey: 'nope', value: '42' })).status).toBe(400);
	});

	it('rejects an until less than 5 s in the past, bad ordersPerPage and a missing since', async () => {
		const recent = await client.get('/order/page', window({ until: isoBefore(clock, 4_000) }));
		expect(recent.status).toBe(400);
		expect(recent.body).toMatchObject({
			status: 'failure',
			messages: [
				{
					code: 'VALIDATION_FAILED',
					severity: 'error',
					description: 'until must be at least 5 seconds in the past',
				},
			],
		});
		for (const ordersPerPage of ['9', '1001', 'ten']) {
			expect((await client.get('/order/page', window({ ordersPerPage }))).status).toBe(400);
		}
		expect((await client.get('/order/page', { until: isoBefore(clock, 10_000) })).status).toBe(400);
		expect((await client.get('/order/page', window({ status: ['created', 'bogus'] }))).status).toBe(
			400,
		);
	});

	it('pages with a constant scrollId, ends with an empty page, and ignores other parameters with a scrollId', async () => {
		const first = await client.get('/order/page', window({ ordersPerPage: '10' }));
		expect(first.status).toBe(200);
		expect(first.body.orders).toHaveLength(10);
		const scrollId = first.body.scrollId as string;
		expect(scrollId).toBeTruthy();
		const second = await client.get('/order/page', {
			scrollId,
			ordersPerPage: '9999',
			until: 'garbage',
		});
		expect(second.status).toBe(200);
		expect(second.body.scrollId).toBe(scrollId);
		const third = await client.get('/order/page', { scrollId });
		const last = await client.get('/order/page', { scrollId });
		expect(last.body.orders).toEqual([]);
		const ids = [...first.body.orders, ...second.body.orders, ...third.body.orders].map(
			(o: { dscoOrderId: string }) => o.dscoOrderId,
		);
		// 25 seeded minus 2 test orders (excluded by default)
		expect(ids).toHaveLength(23);
		expect(new Set(ids).size).toBe(23);
	});

	it('pages through the orders as they were when the search ran: a write after it does not show', async () => {
		const first = await client.get('/order/page', window({ ordersPerPage: '10' }));
		const scrollId = first.body.scrollId as string;
		// The 11th order of the search: on the scroll's second page.
		const all = await client.get('/order/page', window());
		const later = (all.body.orders as { dscoOrderId: string }[])[10];
		const ack = await client.post('/order/acknowledge', [
			{ id: later.dscoOrderId, type: 'DSCO_ORDER_ID', supplierOrderNumber: 'SO-SNAP' },
		]);
		expect(ack.status).toBe(202);
		await sim.settle();
		expect(sim.getOrder(later.dscoOrderId)).toMatchObject({
			dscoLifecycle: 'acknowledged',
			supplierOrderNumber: 'SO-SNAP',
		});
		// The same order, one page further on in the scroll that started before the write: as it was then.
		const next = await client.get('/order/page', { scrollId });
		const seen = (next.body.orders as { dscoOrderId: string }[]).find(
			(o) => o.dscoOrderId === later.dscoOrderId,
		);
		expect(seen).toMatchObject({ dscoLifecycle: 'created' });
		expect(seen).not.toHaveProperty('supplierOrderNumber', 'SO-SNAP');
		// A search after the write sees it.
		const fresh = await client.get('/order/page', window());
		expect(
			(fresh.body.orders as { dscoOrderId: string; supplierOrderNumber?: string }[]).find(
				(o) => o.dscoOrderId === later.dscoOrderId,
			),
		).toMatchObject({ supplierOrderNumber: 'SO-SNAP' });
	});

	it('includes test orders only when asked, and filters by repeated status', async () => {
		const all = await client.get('/order/page', window({ includeTestOrders: 'true' }));
		expect(all.body.orders).toHaveLength(25);
		expect(all.body.scrollId).toBeUndefined();
		const created = await client.get('/order/page', window({ status: ['shipped', 'created'] }));
		expect(created.body.orders).toHaveLength(23);
		const shipped = await client.get('/order/page', window({ status: 'shipped' }));
		expect(shipped.body.orders).toHaveLength(0);
	});

	it('expires a scroll unused for 5 minutes of simulator time (404)', async () => {
		const first = await client.get('/order/page', window({ ordersPerPage: '10' }));
		clock += 4 * 60_000;
		expect((await client.get('/order/page', { scrollId: first.body.scrollId })).status).toBe(200);
		sim.advanceClock(5 * 60_000);
		const expired = await client.get('/order/page', { scrollId: first.body.scrollId });
		expect(expired.status).toBe(404);
	});

	it('treats ordersCreatedSince as inclusive and ordersUpdatedSince as exclusive', async () => {
		const [order] = sim.createOrders(1);
		clock += 10_000;
		const created = await client.get(
			'/order/page',
			window({ ordersCreatedSince: order.dscoCreateDate }),
		);
		expect(created.body.orders.map((o: { dscoOrderId: string }) => o.dscoOrderId)).toEqual([
			order.dscoOrderId,
		]);
		const updatedAt = await client.get('/order/page', {
			ordersUpdatedSince: order.dscoLastUpdate,
			until: isoBefore(clock, 5_000),
		});
		expect(updatedAt.body.orders).toEqual([]);
		const justBefore = new Date(Date.parse(order.dscoLastUpdate) - 1000).toISOString();
		const updated = await client.get('/order/page', {
			ordersUpdatedSince: justBefore,
			until: isoBefore(clock, 5_000),
		});
		expect(updated.body.orders.map((o: { dscoOrderId: string }) => o.dscoOrderId)).toEqual([
			order.dscoOrderId,
		]);
		// an order created less than 5 s ago is outside any allowed window
		sim.createOrders(1);
		const recent = await client.get('/order/page', window());
		expect(recent.body.orders.map((o: { dscoOrderId: string }) => o.dscoOrderId)).toContain(
			order.dscoOrderId,
		);
		expect(recent.body.orders).toHaveLength(24);
	});
});
