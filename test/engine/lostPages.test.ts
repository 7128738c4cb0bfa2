/**
 * A later page of an order search whose answer is lost after DSCO read the call (a 503, a dropped connection), against
 * the simulator, whose scroll moves on when it reads a call, as DSCO's does: asking again with the scrollId would bring
 * the page after the lost one, and its orders would be missing from the output without an error. The node runs the
 * search again instead and skips the orders it already returned: every order once.
 */
import { simHarness, type SimHarness } from './simHarness';

const ORDERS = 2500; // 3 pages of 1,000 and the empty one

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({
		orders: ORDERS,
		testOrders: 0,
		marketplaceOrders: 0,
		cancelRequests: 0,
		skus: 6,
	});
});
afterEach(async () => {
	await s.sim.close();
});

const getManyAll = () => ({
	resource: 'order',
	operation: 'getMany',
	window: 'created',
	since: new Date(Date.now() - 3 * 24 * 3600_000).toISOString(),
	returnAll: true,
});

const pageCalls = () =>
	s.sim.requests
		.filter((r) => r.path === '/order/page')
		.map((r) => `${r.query.scrollId ? 'scroll' : 'search'} ${r.status}`);

describe('an order page whose answer is lost after DSCO read the call', () => {
	it.each([
		['503', 503],
		['dropped connection', 0],
	])('%s: the search runs again, every order is returned once', async (_name, status) => {
		// The second call (page 2, by scrollId) is read by DSCO, which moves the scroll on, and its answer is lost.
		s.sim.setFaults({
			failNextRequests: [{ status, count: 1, path: '/order/page', skip: 1, afterProcessing: true }],
		});
		s.sim.clearRequests();
		const { items, error } = await s.h.run(getManyAll());
		expect(error).toBeUndefined();
		const ids = items.map((i) => String(i.json.dscoOrderId));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual(
			s.sim
				.orders()
				.map((o) => String(o.dscoOrderId))
				.sort(),
		);
		expect(ids).toHaveLength(ORDERS);
		// Page 2 was not asked for again by its scrollId: the search ran again and was paged to its end.
		expect(pageCalls()).toEqual([
			'search 200',
			`scroll ${status}`,
			'search 200',
			'scroll 200',
			'scroll 200',
			'scroll 200',
		]);
	});
});
