/**
 * Async writes verified through DSCO's change log, against the simulator: each input item gets its own DSCO result,
 * paired to it; failed items are errors for those items only.
 */
import { simHarness, type SimHarness } from './simHarness';
import { itLeaksNoSecrets } from './secrets';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 10 });
});
afterEach(async () => {
	await s.sim.close();
});

const ack = (options: Record<string, unknown> = {}) => ({
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId: '={{ $json.id }}',
	orderIdType: 'DSCO_ORDER_ID',
	options,
});

describe('acknowledge with Wait for Result', () => {
	it('reports each order’s own result; three unknown orders fail, each paired to its input', async () => {
		const known = s.sim
			.orders()
			.slice(0, 7)
			.map((o) => String(o.dscoOrderId));
		const input = [
			known[0],
			'999000001',
			known[1],
			known[2],
			'999000002',
			known[3],
			known[4],
			known[5],
			'999000003',
			known[6],
		].map((id) => ({ id }));
		const { items, error } = await s.h.run(ack(), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(10);
		items.forEach((item, k) => expect(item.pairedItem).toEqual({ item: k }));
		const failedAt = items.flatMap((item, k) => (item.json.error ? [k] : []));
		expect(failedAt).toEqual([1, 4, 8]);
		for (const k of failedAt) {
			expect(items[k].json.error).toMatch(
				new RegExp(`DSCO did not apply the acknowledgment: NOT_FOUND .*\\[item ${k}\\]`),
			);
			expect(items[k].json.orderId).toBe(input[k].id);
		}
		for (const k of [0, 2, 3, 5, 6, 7, 9]) {
			expect(items[k].json).toMatchObject({ orderId: input[k].id, status: 'success' });
			expect(s.sim.getOrder(input[k].id)?.dscoLifecycle).toBe('acknowledged');
		}
		// One write call for all ten, then the change log read until COMPLETED.
		const calls = s.sim.requests.map((r) => `${r.method} ${r.path}`);
		expect(calls.filter((c) => c === 'POST /order/acknowledge')).toHaveLength(1);
		expect(calls.filter((c) => c === 'GET /order/log').length).toBeGreaterThanOrEqual(1);
	});

	it('On Error "continue using error output": failed items go to the error output, what identifies them under details', async () => {
		const known = s.sim
			.orders()
			.slice(0, 2)
			.map((o) => String(o.dscoOrderId));
		const input = [
			{ id: known[0], erpRef: 'A' },
			{ id: '999000005', erpRef: 'B' },
			{ id: known[1], erpRef: 'C' },
		];
		const { items, errorItems, error } = await s.h.run(ack(), input, { errorOutput: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.pairedItem, i.json.orderId, i.json.status])).toEqual([
			[{ item: 0 }, known[0], 'success'],
			[{ item: 2 }, known[1], 'success'],
		]);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].pairedItem).toEqual({ item: 1 });
		// (In a workflow n8n also merges in the input item's fields; here the node is the first one, without a source.)
		expect(errorItems[0].json).toMatchObject({
			error: expect.stringMatching(/NOT_FOUND .*\[item 1\]/),
			details: {
				orderId: '999000005',
				orderIdType: 'DSCO_ORDER_ID',
				requestId: expect.any(String),
				status: 'failure',
			},
		});
	});

	it('without continue-on-fail, a failed item stops the node with DSCO’s message and the item', async () => {
		const { error } = await s.h.run(ack(), [
			{ id: String(s.sim.orders()[0].dscoOrderId) },
			{ id: '999000009' },
		]);
		expect(error?.message).toMatch(/DSCO did not apply the acknowledgment: NOT_FOUND .*\[item 1\]/);
	});

	it('reports items DSCO has not processed within the wait timeout with their requestId', async () => {
		// DSCO holds the request for as long as the node waits, however slowly this machine runs.
		s.sim.holdSettling();
		const order = String(s.sim.orders()[0].dscoOrderId);
		const { items } = await s.h.run(ack({ waitTimeoutSeconds: 1 }), [{ id: order }], {
			continueOnFail: true,
		});
		expect(items[0].json.error).toMatch(
			/accepted the acknowledgment but had not processed it after 1 s \[item 0\]/,
		);
		expect(items[0].json.errorDescription).toMatch(/requestId .*Change Log → Get/);
		// It did ask: the change log of that request, read until the timeout; nothing was applied meanwhile.
		const reads = s.sim.requests.filter((r) => r.path === '/order/log');
		expect(reads.length).toBeGreaterThanOrEqual(1);
		expect(items[0].json.errorDescription).toContain(String(reads[0].query.requestId));
		expect(s.sim.getOrder(order)?.dscoLifecycle).toBe('created');
	});

	it('without waiting, outputs DSCO’s requestId and pending status', async () => {
		const { items } = await s.h.run(ack({ waitForResult: false }), [
			{ id: String(s.sim.orders()[0].dscoOrderId) },
		]);
		expect(items[0].json).toMatchObject({ status: 'pending', requestId: expect.any(String) });
		expect(s.sim.requests.some((r) => r.path === '/order/log')).toBe(false);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [
		s.sim.clientSecret,
		String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
	]);
});
