import { SimClock } from './clock';
import { type Simulator, startSimulator } from './index';
import { LIMITS, RateLimiter } from './rateLimit';
import { SimClient } from './testClient';

describe('simulator: rate limits and fault injection', () => {
	let sim: Simulator;
	let client: SimClient;
	let clock: number;

	beforeEach(async () => {
		clock = Date.parse('2025-11-21T06:34:00Z');
		sim = await startSimulator({ now: () => clock, orders: 2, skus: 3 });
		client = new SimClient(sim, 'apiToken');
	});
	afterEach(() => sim.close());

	const item = {
		sku: 'SIM-SKU-0001',
		status: 'in-stock',
		quantityAvailable: 1,
		warehouses: [{ code: 'WH01', quantity: 1 }],
	};

	it('answers 429 past the per-second limit of an endpoint (singleItem: 5/s) and recovers a second later', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++)
			statuses.push((await client.post('/inventory/singleItem', item)).status);
		expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
		// other endpoints have their own budget
		expect((await client.get('/inventory', { itemKey: 'sku', value: 'SIM-SKU-0001' })).status).toBe(
			200,
		);
		clock += 1000;
		expect((await client.post('/inventory/singleItem', item)).status).toBe(201);
	});

	it('enforces the per-minute limit too (GET /order/page: 500/min)', async () => {
		const query = { ordersCreatedSince: '2020-01-01T00:00:00Z', until: '2021-01-01T00:00:00Z' };
		let limited = 0;
		for (let i = 0; i < 510; i++) {
			if (i % 10 === 0) clock += 1000;
			if ((await client.get('/order/page', query)).status === 429) limited++;
		}
		expect(limited).toBe(10);
	});

	it('limits GET /catalog to 10/s, and counts its hourly 10,000 over a sliding hour', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++)
			statuses.push(
				(await client.get('/catalog', { itemKey: 'sku', value: 'SIM-SKU-0001' })).status,
			);
		expect(statuses).toEqual([...Array(10).fill(200), 429]);
		clock += 1000;
		expect((await client.get('/catalog', { itemKey: 'sku', value: 'SIM-SKU-0001' })).status).toBe(
			200,
		);

		// The hour, on the limiter itself: 10,000 requests at 10/s take 1,000 s; the next one waits for the first to age out.
		let now = 0;
		const limiter = new RateLimiter(new SimClock(() => now), true);
		let accepted = 0;
		for (let i = 0; i < 10_000; i++) {
			now = i * 100;
			if (limiter.take('catalog', LIMITS.catalogGet)) accepted++;
		}
		expect(accepted).toBe(10_000);
		now = 3_599_999;
		expect(limiter.take('catalog', LIMITS.catalogGet)).toBe(false);
		now = 3_600_000;
		expect(limiter.take('catalog', LIMITS.catalogGet)).toBe(true);
		expect(limiter.take('catalog', LIMITS.catalogGet)).toBe(false);
	});

	it('documents no limit for the catalog and return writes: a burst is answered in full', async () => {
		const returns = await Promise.all(
			Array.from({ length: 20 }, () =>
				client.get('/return/page', { returnIdType: 'dscoReturnId', returnIdValue: '1' }),
			),
		);
		expect(returns.map((r) => r.status)).toEqual(Array(20).fill(200));
		const batches = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				client.post('/catalog/batch/small', [
					{ sku: `B-${i}`, title: 'B', productStatus: 'active' },
				]),
			),
		);
		expect(batches.map((r) => r.status)).toEqual(Array(20).fill(202));
	});

	it('does not limit when rateLimits is false', async () => {
		const free = await startSimulator({ now: () => clock, rateLimits: false, orders: 1, skus: 1 });
		try {
			const freeClient = new SimClient(free, 'apiToken');
			const statuses = [];
			for (let i = 0; i < 8; i++)
				statuses.push((await freeClient.post('/inventory/singleItem', item)).status);
			expect(statuses.every((s) => s === 201)).toBe(true);
		} finally {
			await free.close();
		}
	});

	it('fails the next requests deterministically, optionally only on one path and with Retry-After', async () => {
		sim.setFaults({
			failNextRequests: [{ status: 503, count: 2, retryAfter: 3, path: '/order/page' }],
		});
		expect((await client.get('/hello')).status).toBe(200);
		const first = await client.get('/order/page', {});
		expect(first.status).toBe(503);
		expect(first.headers.get('retry-after')).toBe('3');
		expect((await client.get('/order/page', {})).status).toBe(503);
		expect((await client.get('/order/page', {})).status).toBe(400);

		// `skip`: the first matching requests go through, the ones after fail.
		sim.setFaults({ failNextRequests: [{ status: 502, count: 1, skip: 2, path: '/hello' }] });
		const statuses = [];
		for (let k = 0; k < 4; k++) statuses.push((await client.get('/hello')).status);
		expect(statuses).toEqual([200, 200, 502, 200]);
		expect(() =>
			sim.setFaults({ failNextRequests: [{ status: 502, count: 1, skip: -1 }] }),
		).toThrow('skip must be an integer >= 0');
	});

	it('drops connections without an answer (status 0 in the log), before or after processing', async () => {
		sim.setFaults({ failNextRequests: [{ status: 0, count: 1 }] });
		await expect(client.get('/hello')).rejects.toThrow();
		expect(sim.requests.at(-1)).toMatchObject({ path: '/hello', status: 0 });

		const order = sim.orders()[0];
		sim.setFaults({
			failNextRequests: [
				{ status: 0, count: 1, afterProcessing: true, path: '/order/singleShipment' },
			],
		});
		const shipment = {
			dscoOrderId: order.dscoOrderId,
			shipments: [{ trackingNumber: 'LOST-1', lineItems: [{ lineNumber: 1, quantity: 1 }] }],
		};
		await expect(client.post('/order/singleShipment', shipment)).rejects.toThrow();
		expect(sim.getOrder(order.dscoOrderId)!.packages.map((p) => p.trackingNumber)).toEqual([
			'LOST-1',
		]);
	});

	it('injects random 429 (some with Retry-After) and 5xx by rate, and latency', async () => {
		sim.setFaults({ rate429: 1 });
		const limited = await Promise.all(Array.from({ length: 20 }, () => client.get('/hello')));
		expect(limited.every((r) => r.status === 429)).toBe(true);
		const withRetryAfter = limited.filter((r) => r.headers.get('retry-after') !== null).length;
		expect(withRetryAfter).toBeGreaterThan(0);
		expect(withRetryAfter).toBeLessThan(20);

		sim.setFaults({ rate429: 0, rate5xx: 1 });
		const failed = await Promise.all(Array.from({ length: 20 }, () => client.get('/hello')));
		for (const r of failed) expect([500, 502, 503, 504]).toContain(r.status);

		sim.setFaults({ rate5xx: 0, latencyMs: 150 });
		// A lower bound only (monotonic clock): load can lengthen the call, never shorten it.
		const started = performance.now();
		expect((await client.get('/hello')).status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		expect(() => sim.setFaults({ dropRate: 2 })).toThrow(/between 0 and 1/);
	});
});
