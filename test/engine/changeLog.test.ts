/**
 * Change Log → Get inside n8n's engine against the simulator: by requestId for inventory, invoice and order writes,
 * every page read, as a summary item or one item per entry.
 */
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
afterEach(async () => {
	await s?.sim.close();
});

const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;
const getLog = (extra: Record<string, unknown> = {}) => ({
	resource: 'changeLog',
	operation: 'get',
	logType: 'inventory',
	requestId: '={{ $json.requestId }}',
	...extra,
});

/** Sends 5 inventory updates (2 unknown SKUs) without waiting and returns DSCO's requestId once it has settled. */
async function inventoryRequest(): Promise<string> {
	const input = [sku(1), 'NOPE-A', sku(2), sku(3), 'NOPE-B'].map((id, k) => ({
		sku: id,
		quantity: k,
	}));
	const params = {
		resource: 'inventory',
		operation: 'update',
		sku: '={{ $json.sku }}',
		quantity: '={{ $json.quantity }}',
		options: { waitForResult: false },
	};
	const { items } = await s.h.run(params, input);
	await s.sim.settle();
	s.sim.clearRequests();
	return String(items[0].json.requestId);
}

describe('inventory change log', () => {
	it('summary: reads every page, counts by status and lists the failures', async () => {
		s = await simHarness({ skus: 5, orders: 2, changeLogPageSize: 2 });
		const requestId = await inventoryRequest();
		const { items, error } = await s.h.run(getLog(), [{ requestId }]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			requestId,
			changeLog: 'inventory',
			processingStatus: 'COMPLETED',
			entries: 5,
			success: 3,
			failure: 2,
			pending: 0,
			firstFailures: [
				expect.objectContaining({
					payload: expect.objectContaining({ sku: 'NOPE-A' }),
					messages: [expect.objectContaining({ code: 'NOT_FOUND' })],
				}),
				expect.objectContaining({ payload: expect.objectContaining({ sku: 'NOPE-B' }) }),
			],
		});
		// 5 entries at 2 a page: the first call by requestId, then the scroll until a page ends it.
		const reads = s.sim.requests.filter((r) => r.path === '/inventory/log');
		expect(reads[0].query).toEqual({ requestId });
		expect(
			reads
				.slice(1)
				.every((r) => typeof r.query.scrollId === 'string' && r.query.requestId === undefined),
		).toBe(true);
		expect(reads.length).toBeGreaterThanOrEqual(3);
	});

	it('entries: one output item per log entry, paired to the input; a status filter goes to DSCO', async () => {
		s = await simHarness({ skus: 5, orders: 2, changeLogPageSize: 2 });
		const requestId = await inventoryRequest();
		const all = await s.h.run(getLog({ output: 'entries' }), [{ requestId }]);
		expect(all.items.map((i) => [(i.json.payload as { sku: string }).sku, i.json.status])).toEqual([
			[sku(1), 'success'],
			['NOPE-A', 'failure'],
			[sku(2), 'success'],
			[sku(3), 'success'],
			['NOPE-B', 'failure'],
		]);
		expect(
			all.items.every(
				(i) =>
					(i.pairedItem as { item: number }).item === 0 && i.json.processingStatus === 'COMPLETED',
			),
		).toBe(true);
		s.sim.clearRequests();
		const failures = await s.h.run(getLog({ output: 'entries', options: { status: 'failure' } }), [
			{ requestId },
		]);
		expect(failures.items.map((i) => (i.json.payload as { sku: string }).sku)).toEqual([
			'NOPE-A',
			'NOPE-B',
		]);
		expect(s.sim.requests[0].query).toEqual({ requestId, status: 'failure' });
	});

	it('a request DSCO has not processed yet is PROCESSING with no entries; Wait for Completion waits for it', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		// DSCO holds the request until the test lets it go: "not processed yet" does not depend on how fast this runs.
		s.sim.holdSettling();
		const params = {
			resource: 'inventory',
			operation: 'update',
			sku: sku(1),
			quantity: 2,
			options: { waitForResult: false },
		};
		const requestId = String((await s.h.run(params)).items[0].json.requestId);
		const early = await s.h.run(getLog(), [{ requestId }]);
		expect(early.items[0].json).toMatchObject({ processingStatus: 'PROCESSING', entries: 0 });
		const none = await s.h.run(getLog({ output: 'entries' }), [{ requestId }]);
		expect(none.items).toEqual([]);
		expect(s.sim.inventory(sku(1))?.quantityAvailable).not.toBe(2);

		// Waiting: DSCO processes the request only after the node has read it PROCESSING once.
		s.sim.clearRequests();
		const waiting = s.h.run(
			getLog({ options: { waitForCompletion: true, waitTimeoutSeconds: 30 } }),
			[{ requestId }],
		);
		const firstRead = await s.sim.nextRequest((r) => r.path === '/inventory/log');
		expect(firstRead).toMatchObject({ query: { requestId }, status: 200 });
		s.sim.releaseSettling();
		const waited = await waiting;
		expect(waited.items[0].json).toMatchObject({
			processingStatus: 'COMPLETED',
			entries: 1,
			success: 1,
		});
		expect(s.sim.requests.filter((r) => r.path === '/inventory/log').length).toBeGreaterThanOrEqual(
			2,
		);
	});
});

describe('invoice and order change logs', () => {
	it('reads /invoice/log and /order/log by requestId, one input item each', async () => {
		s = await simHarness({ skus: 5, orders: 4 });
		const order = s.sim.orders()[0];
		const inv = await s.h.run({
			resource: 'invoice',
			operation: 'create',
			invoiceId: 'INV-LOG-1',
			orderId: order.dscoOrderId,
			totalAmount: 10,
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([{ sku: order.lineItems[0].sku, quantity: 1, unitPrice: 10 }]),
			options: { waitForResult: false },
		});
		const ack = await s.h.run({
			resource: 'acknowledgment',
			operation: 'acknowledge',
			orderId: order.dscoOrderId,
			orderIdType: 'DSCO_ORDER_ID',
			options: { waitForResult: false },
		});
		await s.sim.settle();
		s.sim.clearRequests();
		const input = [
			{ kind: 'invoice', requestId: inv.items[0].json.requestId },
			{ kind: 'order', requestId: ack.items[0].json.requestId },
		];
		const { items, error } = await s.h.run(
			getLog({ logType: '={{ $json.kind }}', output: 'entries' }),
			input,
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [(i.pairedItem as { item: number }).item, i.json.status])).toEqual([
			[0, 'success'],
			[1, 'success'],
		]);
		expect((items[0].json.payload as { invoiceId: string }).invoiceId).toBe('INV-LOG-1');
		expect((items[1].json.payload as { id: string }).id).toBe(order.dscoOrderId);
		expect(s.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /invoice/log',
			'GET /order/log',
		]);
	});

	it('refuses an empty request ID or an unknown log, before anything is sent', async () => {
		s = await simHarness({ skus: 2, orders: 2 });
		const empty = await s.h.run(getLog(), [{ requestId: '  ' }]);
		expect(empty.error?.message).toBe(
			'Invalid "Request ID" [item 0]: it is empty; give a value (got string)',
		);
		const unknown = await s.h.run(getLog({ logType: '={{ "shipment" }}' }), [{ requestId: 'abc' }]);
		expect(unknown.error?.message).toBe(
			'Invalid "Change Log" [item 0]: "shipment" is not one of order, inventory, invoice, catalog',
		);
		expect(s.sim.requests.filter((r) => r.path.endsWith('/log'))).toEqual([]);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [
		s.sim.clientSecret,
		String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
	]);
});
