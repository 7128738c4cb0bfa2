import { type Simulator, startSimulator } from './index';
import { SimClient } from './testClient';

const SETTLE_MS = 20;

describe('simulator: control API (/__sim) for other processes', () => {
	let sim: Simulator;
	let control: string;

	const call = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${control}${path}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		return { status: res.status, body: text ? JSON.parse(text) : undefined };
	};

	beforeAll(async () => {
		sim = await startSimulator({ orders: 2, skus: 3, asyncSettleMs: SETTLE_MS });
		control = sim.baseUrl.replace(/\/api\/v3$/, '/__sim');
	});
	afterAll(() => sim.close());

	it('reports base URL and credentials', async () => {
		const info = await call('GET', '/info');
		expect(info.body).toMatchObject({
			baseUrl: sim.baseUrl,
			clientId: sim.clientId,
			clientSecret: sim.clientSecret,
			apiToken: sim.apiToken,
		});
	});

	it('creates orders, shows one order, and records cancel requests', async () => {
		const created = await call('POST', '/orders', { count: 2, testFlag: true });
		expect(created.status).toBe(201);
		expect(created.body.orders).toHaveLength(2);
		const id = created.body.orders[0].dscoOrderId as string;
		expect((await call('GET', `/orders/${id}`)).body).toMatchObject({
			dscoOrderId: id,
			testFlag: true,
		});
		expect((await call('GET', '/orders/123')).status).toBe(404);
		expect(
			(await call('POST', `/orders/${id}/cancel-request`, { cancelCode: 'CXRN' })).body,
		).toMatchObject({ cancelRequested: true, cancelRequestedCode: 'CXRN' });
		expect((await call('GET', '/orders')).body).toHaveLength(4);
		expect((await call('POST', '/orders', { count: 0 })).status).toBe(400);
	});

	it('sets faults, moves the clock, expires tokens, lists and clears requests, holds and releases settling, settles', async () => {
		const client = new SimClient(sim);
		expect((await client.get('/hello')).status).toBe(200);

		const faults = await call('POST', '/faults', { failNextRequests: [{ status: 502, count: 1 }] });
		expect(faults.body.failNextRequests).toEqual([{ status: 502, count: 1 }]);
		expect((await client.get('/hello')).status).toBe(502);
		expect((await call('POST', '/faults', { rate429: 5 })).status).toBe(400);

		const before = (await call('GET', '/info')).body.now as number;
		const moved = await call('POST', '/clock', { advanceMs: 3_600_000 });
		expect(moved.body.now).toBeGreaterThanOrEqual(before + 3_600_000);
		expect((await client.get('/hello')).status).toBe(401);

		const fresh = new SimClient(sim);
		expect((await fresh.get('/hello')).status).toBe(200);
		expect((await call('POST', '/expire-tokens')).status).toBe(204);
		expect((await fresh.get('/hello')).status).toBe(401);

		const requests = await call('GET', '/requests');
		expect(requests.body.map((r: { path: string }) => r.path)).toContain('/hello');
		expect((await call('DELETE', '/requests')).status).toBe(204);
		expect(sim.requests).toHaveLength(0);

		const order = sim.orders()[0];
		expect((await call('POST', '/hold-settling')).status).toBe(204);
		await new SimClient(sim, 'apiToken').post('/order/acknowledge', [
			{ id: order.dscoOrderId, type: 'DSCO_ORDER_ID' },
		]);
		// This timer falls due after the simulator's settle timer (same delay, started later): held, nothing applied.
		await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
		expect(sim.getOrder(order.dscoOrderId)!.dscoLifecycle).toBe('created');
		expect((await call('POST', '/release-settling')).status).toBe(204);
		expect((await call('POST', '/settle')).body).toEqual({ settled: true });
		expect(sim.getOrder(order.dscoOrderId)!.dscoLifecycle).toBe('acknowledged');
		expect((await call('GET', '/inventory/SIM-SKU-0001')).body).toMatchObject({
			sku: 'SIM-SKU-0001',
		});
	});

	it('creates and changes catalog items as the portal would (logged with requestMethod portal), and shows them', async () => {
		const created = await call('POST', '/catalog', { count: 2 });
		expect(created.status).toBe(200);
		expect(
			created.body.results.map((r: { status: string; item: { sku: string } }) => [
				r.status,
				r.item.sku,
			]),
		).toEqual([
			['success', 'SIM-CAT-0001'],
			['success', 'SIM-CAT-0002'],
		]);
		expect((await call('GET', '/catalog/SIM-CAT-0002')).body).toMatchObject({
			sku: 'SIM-CAT-0002',
			productStatus: 'active',
			dscoItemId: expect.any(String),
		});
		expect((await call('GET', '/catalog/NOPE')).status).toBe(404);
		const changed = await call('POST', '/catalog', {
			items: [
				{ sku: 'SIM-CAT-0001', title: 'Renamed', productStatus: 'discontinued' },
				{ sku: 'BAD' },
			],
		});
		expect(changed.body.results[0]).toMatchObject({
			status: 'success',
			item: { sku: 'SIM-CAT-0001', title: 'Renamed', productStatus: 'discontinued' },
		});
		expect(changed.body.results[1]).toEqual({
			status: 'failure',
			messages: expect.arrayContaining([
				expect.objectContaining({ description: 'title is required' }),
			]),
		});
		const catalog = (await call('GET', '/catalog')).body as Array<{ sku: string }>;
		expect(catalog.map((i) => i.sku)).toEqual(
			expect.arrayContaining(['SIM-SKU-0001', 'SIM-SKU-0003', 'SIM-CAT-0001', 'SIM-CAT-0002']),
		);
		expect(catalog).toHaveLength(5);
		const log = sim.changeLog('catalog');
		expect(
			log.map((e) => [(e.payload as { message: { sku: string } }).message.sku, e.status]),
		).toEqual([
			['SIM-CAT-0001', 'success'],
			['SIM-CAT-0002', 'success'],
			['SIM-CAT-0001', 'success'],
			['BAD', 'failure'],
		]);
		expect(log.every((e) => e.requestMethod === 'portal')).toBe(true);
		expect((await call('POST', '/catalog', { count: -1 })).status).toBe(400);
		expect((await call('POST', '/catalog', { items: 'x' })).status).toBe(400);
		expect(sim.createCatalogItems(1).map((i) => i.sku)).toEqual(['SIM-CAT-0003']);
		expect(() =>
			sim.changeCatalogItem({ sku: 'SIM-CAT-0003', title: 'T', productStatus: null }),
		).toThrow(
			'DSCO refused the catalog change of SIM-CAT-0003: sku SIM-CAT-0003: productStatus is required by DSCO and cannot be deleted (null)',
		);
	});
});
