/**
 * Inventory Get and Update run inside n8n's engine against the simulator: the requests DSCO receives (batches and
 * their sizes, single-item calls, query parameters), the items n8n outputs, and results verified through the
 * inventory change log, each paired to its input.
 */
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

/** DSCO's body limit for batch calls. */
const FIVE_MB = 5 * 1024 * 1024;

let s: SimHarness;
afterEach(async () => {
	await s?.sim.close();
});

const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;

const update = (extra: Record<string, unknown> = {}) => ({
	resource: 'inventory',
	operation: 'update',
	sku: '={{ $json.sku }}',
	quantitySource: 'warehousesJson',
	warehousesJson: '={{ $json.warehouses }}',
	...extra,
});

const posts = (sim: SimHarness['sim'], path: string) =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === path);
const paired = (items: Array<{ pairedItem?: unknown }>) =>
	items.map((i) => (i.pairedItem as { item: number }).item);

describe('update, batched (POST /inventory/batch/small)', () => {
	it('10,000 SKUs in 2 warehouses each: the fewest calls under 5 MB; 3 unknown SKUs fail, each paired to its input', async () => {
		s = await simHarness({ skus: 10_000, orders: 2 });
		const unknownAt = [17, 4_242, 9_998];
		const input = Array.from({ length: 10_000 }, (_, k) => ({
			sku: unknownAt.includes(k) ? `NO-SUCH-SKU-${k}` : sku(k + 1),
			warehouses: [
				{ code: 'WH-EAST', quantity: k % 7 },
				{ code: 'WH-WEST', quantity: (k * 3) % 11 },
			],
		}));
		const { items, error } = await s.h.run(update(), input, { continueOnFail: true });
		expect(error).toBeUndefined();

		// Calls and bytes: one array of 10,000 entries is ~1.4 MB, so one call; each call's bytes on the wire.
		const calls = posts(s.sim, '/inventory/batch/small');
		const bytes = calls.map((c) => Number(c.headers['content-length']));
		const entries = calls.flatMap((c) => c.body as Array<Record<string, unknown>>);
		const payload = Buffer.byteLength(JSON.stringify(entries));
		expect(calls.length).toBeGreaterThanOrEqual(Math.ceil(payload / FIVE_MB));
		expect(calls.length).toBeLessThanOrEqual(Math.ceil(payload / FIVE_MB) + 1);
		expect(calls).toHaveLength(1);
		for (const b of bytes) expect(b).toBeLessThanOrEqual(FIVE_MB);
		expect(bytes[0]).toBe(payload);
		// Every input once, in order, with quantityAvailable the warehouse sum and the status inferred from it.
		expect(entries.map((e) => e.sku)).toEqual(input.map((i) => i.sku));
		expect(entries[1]).toEqual({
			sku: sku(2),
			warehouses: [
				{ code: 'WH-EAST', quantity: 1 },
				{ code: 'WH-WEST', quantity: 3 },
			],
			quantityAvailable: 4,
			status: 'in-stock',
		});
		expect(entries[0]).toMatchObject({ quantityAvailable: 0, status: 'out-of-stock' });

		// One output per input, paired; the three unknown SKUs fail with DSCO's NOT_FOUND, the rest succeed.
		expect(items).toHaveLength(10_000);
		expect(paired(items)).toEqual(input.map((_, k) => k));
		const failedAt = items.flatMap((item, k) => (item.json.error ? [k] : []));
		expect(failedAt).toEqual(unknownAt);
		for (const k of unknownAt) {
			expect(items[k].json.error).toMatch(
				new RegExp(
					`DSCO did not apply the inventory update: NOT_FOUND .*NO-SUCH-SKU-${k}.*\\[item ${k}\\]`,
				),
			);
			expect(items[k].json.sku).toBe(`NO-SUCH-SKU-${k}`);
		}
		expect(items.filter((i) => i.json.status === 'success')).toHaveLength(9_997);
		expect(items[1].json).toMatchObject({
			sku: sku(2),
			status: 'success',
			quantityAvailable: 4,
			inventoryStatus: 'in-stock',
		});
		expect(s.sim.inventory(sku(2))).toMatchObject({ quantityAvailable: 4, status: 'in-stock' });
		// Results come from the change log of the one requestId.
		const logReads = s.sim.requests.filter((r) => r.path === '/inventory/log');
		expect(logReads.length).toBeGreaterThanOrEqual(1);
		expect(new Set(logReads.map((r) => r.query.requestId ?? 'scroll')).size).toBeLessThanOrEqual(2);
	});

	it('splits a payload over 5 MB into the fewest calls, keeping input order', async () => {
		s = await simHarness({ skus: 10_000, orders: 2 });
		const codes = Array.from({ length: 40 }, (_, w) => `WAREHOUSE-${String(w).padStart(2, '0')}`);
		const input = Array.from({ length: 10_000 }, (_, k) => ({
			sku: sku(k + 1),
			warehouses: codes.map((code, w) => ({ code, quantity: (k + w) % 50 })),
		}));
		const { items, error } = await s.h.run(update({ options: { waitForResult: false } }), input);
		expect(error).toBeUndefined();
		const calls = posts(s.sim, '/inventory/batch/small');
		const entries = calls.flatMap((c) => c.body as Array<{ sku: string }>);
		const payload = Buffer.byteLength(JSON.stringify(entries));
		expect(payload).toBeGreaterThan(2 * FIVE_MB);
		expect(calls.length).toBeGreaterThanOrEqual(Math.ceil(payload / FIVE_MB));
		expect(calls.length).toBeLessThanOrEqual(Math.ceil(payload / FIVE_MB) + 1);
		for (const c of calls) expect(Number(c.headers['content-length'])).toBeLessThanOrEqual(FIVE_MB);
		expect(calls.every((c) => c.status === 202)).toBe(true);
		expect(entries.map((e) => e.sku)).toEqual(input.map((i) => i.sku));
		// Each output names its call; without waiting, DSCO's requestId and "pending".
		expect(items).toHaveLength(10_000);
		expect(items[0].json).toMatchObject({
			status: 'pending',
			requestId: expect.any(String),
			batch: { number: 1, of: calls.length },
		});
		expect(items[9_999].json).toMatchObject({ batch: { number: calls.length, of: calls.length } });
		expect(s.sim.requests.some((r) => r.path === '/inventory/log')).toBe(false);
	});

	it('Skip Items That Don’t Exist: sent as skipItemsThatDontExist=true; unknown SKUs come back as skipped', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const input = [sku(1), 'GHOST-1', sku(2), 'GHOST-2'].map((id, k) => ({
			sku: id,
			warehouses: [{ code: 'WH-1', quantity: k + 1 }],
		}));
		const { items, error } = await s.h.run(
			update({ options: { skipItemsThatDontExist: true } }),
			input,
		);
		expect(error).toBeUndefined();
		const [call] = posts(s.sim, '/inventory/batch/small');
		expect(call.query).toEqual({ skipItemsThatDontExist: 'true' });
		expect(items.map((i) => [i.json.sku, i.json.status])).toEqual([
			[sku(1), 'success'],
			['GHOST-1', 'skipped'],
			[sku(2), 'success'],
			['GHOST-2', 'skipped'],
		]);
		expect(paired(items)).toEqual([0, 1, 2, 3]);
		expect(s.sim.inventory(sku(2))?.quantityAvailable).toBe(3);
	});

	it('safety stock: subtracted from each warehouse (floored at 0) and from a lone total; status follows what remains', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const params = {
			resource: 'inventory',
			operation: 'update',
			sku: '={{ $json.sku }}',
			quantitySource: '={{ $json.warehouses ? "warehousesJson" : "total" }}',
			warehousesJson: '={{ $json.warehouses ?? [] }}',
			quantity: '={{ $json.quantity ?? 0 }}',
			options: { safetyStock: 5 },
		};
		const input = [
			{
				sku: sku(1),
				warehouses: [
					{ code: 'WH-1', quantity: 12 },
					{ code: 'WH-2', quantity: 3 },
				],
			},
			{ sku: sku(2), quantity: 4 },
			{ sku: sku(3), quantity: 9 },
		];
		const { items, error } = await s.h.run(params, input);
		expect(error).toBeUndefined();
		const [call] = posts(s.sim, '/inventory/batch/small');
		expect(call.body).toEqual([
			{
				sku: sku(1),
				warehouses: [
					{ code: 'WH-1', quantity: 7 },
					{ code: 'WH-2', quantity: 0 },
				],
				quantityAvailable: 7,
				status: 'in-stock',
			},
			{ sku: sku(2), warehouses: [], quantityAvailable: 0, status: 'out-of-stock' },
			{ sku: sku(3), warehouses: [], quantityAvailable: 4, status: 'in-stock' },
		]);
		expect(items.map((i) => i.json.status)).toEqual(['success', 'success', 'success']);
		expect(s.sim.inventory(sku(2))).toMatchObject({ quantityAvailable: 0, status: 'out-of-stock' });
	});

	it('refuses a total that is not the warehouse sum, naming item and field, before anything is sent', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const input = [
			{ sku: sku(1), warehouses: [{ code: 'A', quantity: 2 }], total: 2 },
			{
				sku: sku(2),
				warehouses: [
					{ code: 'A', quantity: 10 },
					{ code: 'B', quantity: 5 },
				],
				total: 20,
			},
		];
		const { error } = await s.h.run(
			update({ additionalFields: { totalQuantity: '={{ $json.total }}' } }),
			input,
		);
		expect(error?.message).toBe(
			'Invalid "Total Quantity" [item 1]: 20 is not the sum of the warehouse quantities (A 10 + B 5 = 15); DSCO requires quantityAvailable to equal that sum (leave the total empty to have it summed)',
		);
		expect(s.sim.requests.filter((r) => r.path.startsWith('/inventory'))).toEqual([]);
	});

	it('sends the fields of the form: warehouses with cost and status, item status, cost, availability date', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const params = {
			resource: 'inventory',
			operation: 'update',
			sku: sku(4),
			quantitySource: 'warehouses',
			warehouses: {
				warehouse: [
					{ code: 'WH-1', quantity: 0, cost: '7.25', status: 'out-of-stock' },
					{ code: 'WH-2', quantity: 6, cost: '', status: '' },
				],
			},
			status: 'discontinued',
			additionalFields: {
				cost: 12.5,
				estimatedAvailabilityDate: '2026-01-15T00:00:00Z',
				totalQuantity: 6,
			},
		};
		const { items, error } = await s.h.run(params);
		expect(error).toBeUndefined();
		expect(posts(s.sim, '/inventory/batch/small')[0].body).toEqual([
			{
				sku: sku(4),
				warehouses: [
					{ code: 'WH-1', quantity: 0, cost: 7.25, status: 'out-of-stock' },
					{ code: 'WH-2', quantity: 6 },
				],
				quantityAvailable: 6,
				status: 'discontinued',
				cost: 12.5,
				estimatedAvailabilityDate: '2026-01-15T00:00:00Z',
			},
		]);
		expect(items[0].json).toMatchObject({
			sku: sku(4),
			status: 'success',
			inventoryStatus: 'discontinued',
		});
		// DSCO's rule: discontinued with a quantity above 0 becomes in-stock.
		expect(s.sim.inventory(sku(4))).toMatchObject({
			status: 'in-stock',
			quantityAvailable: 6,
			cost: 12.5,
		});
	});

	it('a total with a Warehouse Code goes to that warehouse', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const params = {
			resource: 'inventory',
			operation: 'update',
			sku: sku(5),
			quantitySource: 'total',
			quantity: 11,
			additionalFields: { warehouseCode: 'MAIN' },
		};
		const { error } = await s.h.run(params);
		expect(error).toBeUndefined();
		expect(posts(s.sim, '/inventory/batch/small')[0].body).toEqual([
			{
				sku: sku(5),
				warehouses: [{ code: 'MAIN', quantity: 11 }],
				quantityAvailable: 11,
				status: 'in-stock',
			},
		]);
	});
});

describe('update, one call per item (POST /inventory/singleItem)', () => {
	it('sends one call per item, paced under 5/s (DSCO never answers 429), and outputs each result', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const input = Array.from({ length: 8 }, (_, k) => ({ sku: sku(k + 1), quantity: k }));
		const params = {
			resource: 'inventory',
			operation: 'update',
			sku: '={{ $json.sku }}',
			quantitySource: 'total',
			quantity: '={{ $json.quantity }}',
			sendMode: 'single',
		};
		const { items, error } = await s.h.run(params, input);
		expect(error).toBeUndefined();
		const calls = posts(s.sim, '/inventory/singleItem');
		expect(calls.map((c) => c.status)).toEqual(Array(8).fill(201));
		expect(calls.map((c) => c.body)).toEqual(
			input.map((i) => ({
				sku: i.sku,
				warehouses: [],
				quantityAvailable: i.quantity,
				status: i.quantity > 0 ? 'in-stock' : 'out-of-stock',
			})),
		);
		expect(items.map((i) => i.json)).toEqual(
			input.map((i) => ({
				sku: i.sku,
				quantityAvailable: i.quantity,
				inventoryStatus: i.quantity > 0 ? 'in-stock' : 'out-of-stock',
				warehouses: [],
				status: 'success',
			})),
		);
		expect(paired(items)).toEqual(input.map((_, k) => k));
		expect(s.sim.inventory(sku(8))?.quantityAvailable).toBe(7);
	});

	it('an unknown SKU fails with DSCO’s message, or is reported as skipped when asked', async () => {
		s = await simHarness({ skus: 3, orders: 2 });
		const input = [{ sku: sku(1) }, { sku: 'GHOST-9' }, { sku: sku(2) }];
		const params = (options = {}) => ({
			resource: 'inventory',
			operation: 'update',
			sku: '={{ $json.sku }}',
			quantity: 3,
			sendMode: 'single',
			options,
		});
		const failed = await s.h.run(params(), input, { continueOnFail: true });
		expect(failed.items.map((i) => i.json.status ?? 'error')).toEqual([
			'success',
			'error',
			'success',
		]);
		expect(failed.items[1].json.error).toMatch(/NOT_FOUND.*GHOST-9.*\[item 1\]/);
		const skipped = await s.h.run(params({ skipItemsThatDontExist: true }), input);
		expect(skipped.error).toBeUndefined();
		expect(skipped.items.map((i) => i.json.status)).toEqual(['success', 'skipped', 'success']);
		expect(skipped.items[1].json.messages).toEqual([
			expect.objectContaining({ code: 'NOT_FOUND' }),
		]);
	});
});

describe('get (GET /inventory)', () => {
	const get = (extra: Record<string, unknown> = {}) => ({
		resource: 'inventory',
		operation: 'get',
		itemKey: 'sku',
		value: '={{ $json.value }}',
		...extra,
	});

	it('gets an item by SKU and by UPC', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const item = s.sim.inventory(sku(3))!;
		const bySku = await s.h.run(get(), [{ value: sku(3) }]);
		expect(bySku.items.map((i) => i.json)).toEqual([item]);
		const byUpc = await s.h.run(get({ itemKey: 'upc' }), [{ value: item.upc }]);
		expect(byUpc.items[0].json.sku).toBe(sku(3));
		const reads = s.sim.requests.filter((r) => r.path === '/inventory');
		expect(reads.map((r) => r.query)).toEqual([
			{ itemKey: 'sku', value: sku(3) },
			{ itemKey: 'upc', value: item.upc },
		]);
	});

	it('a partner SKU is looked up with the retailer ID; all matches on request', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const { items, error } = await s.h.run(
			get({
				itemKey: 'partnerSku',
				dscoRetailerId: '1000012345',
				options: { returnMultiple: true },
			}),
			[{ value: 'RTL-0002' }],
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.sku)).toEqual([sku(2)]);
		expect(s.sim.requests.find((r) => r.path === '/inventory')?.query).toEqual({
			itemKey: 'partnerSku',
			value: 'RTL-0002',
			dscoRetailerId: '1000012345',
			returnMultiple: 'true',
		});
	});

	it('an unknown item is a clear "item not found" error, or an error item under continue-on-fail', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const stopped = await s.h.run(get(), [{ value: 'NOPE-1' }]);
		expect(stopped.error?.message).toBe('Item not found: no DSCO item with sku "NOPE-1" [item 0]');
		const { items } = await s.h.run(get(), [{ value: 'NOPE-1' }, { value: sku(1) }], {
			continueOnFail: true,
		});
		expect(items[0].json.error).toBe('Item not found: no DSCO item with sku "NOPE-1" [item 0]');
		expect(items[1].json.sku).toBe(sku(1));
		expect(paired(items)).toEqual([0, 1]);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [
		s.sim.clientSecret,
		String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
	]);
});
