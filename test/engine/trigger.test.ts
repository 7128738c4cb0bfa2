/**
 * DSCO Trigger in streams mode against the simulator, through n8n-core's PollContext with static data kept between
 * polls like n8n keeps it: the requests DSCO receives (method, path, body) and the items n8n gets.
 */
import { SimClient } from '../simulator/testClient';
import { streamDefinitionFor } from '../../nodes/Dsco/trigger/events';
import { streamIdFor } from '../../nodes/Dsco/trigger/streamMode';
import { STATE_KEY } from '../../nodes/Dsco/trigger/state';
import { TriggerProcess } from './harness';
import { simHarness, type SimHarness } from './simHarness';
import { itLeaksNoSecrets } from './secrets';

let s: SimHarness;
let dsco: SimClient;
beforeEach(async () => {
	s = await simHarness({ orders: 6 });
	dsco = new SimClient(s.sim, 'apiToken');
});
afterEach(async () => {
	await s.sim.close();
});

/** DSCO calls made by the trigger (token requests and the test's own simulator calls left out). */
function calls() {
	return s.sim.requests
		.filter(
			(r) =>
				r.path !== '/oauth2/token' && !/sim-static-api-token/.test(r.headers.authorization ?? ''),
		)
		.map((r) => ({
			method: r.method,
			path: r.path,
			query: r.query,
			body: r.body,
			status: r.status,
		}));
}
const line = (c: { method: string; path: string }) => `${c.method} ${c.path}`;
const ids = (items: Array<{ json: Record<string, unknown> }> | null) =>
	(items ?? []).map((i) => String(i.json.dscoOrderId));
const enc = encodeURIComponent;
const h = () => s.h;

function expectedStreamId(
	event: 'newOrder' | 'cancelRequested' | 'orderLineChanged',
	nodeId = 'node-trigger',
	orderTypes = ['dropship'],
) {
	const def = streamDefinitionFor({
		event,
		orderTypes,
		includeTestOrders: false,
		lineChangeStatuses: ['cancelled', 'shipped'],
		simplify: false,
	});
	return streamIdFor('wf-trigger', nodeId, def);
}

describe('streams mode: new orders', () => {
	it('first activation creates the stream and returns nothing; orders arrive once each; the position is committed at the next poll; an idle poll is one read', async () => {
		const t = new TriggerProcess(s.h, { event: 'newOrder' });
		const streamId = expectedStreamId('newOrder');

		// Activation: create (after a 404 lookup), seed, nothing emitted even though seeded orders exist.
		const first = await t.poll();
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		const activation = calls();
		expect(activation.map(line)).toEqual(['GET /stream', 'POST /stream']);
		expect(activation[0].query).toEqual({ id: streamId });
		expect(activation[0].status).toBe(404);
		expect(activation[1].body).toEqual({
			id: streamId,
			objectType: 'order',
			query: { queryType: 'order', orderTypes: ['dropship'] },
			description: expect.stringContaining('n8n DSCO Trigger (newOrder): workflow wf-trigger'),
		});
		expect(activation[1].status).toBe(201);
		const seeded = (
			t.persistedNodeStaticData()[STATE_KEY] as { partitions: Array<{ position: string }> }
		).partitions[0].position;
		expect(seeded).toMatch(/^z\/\d{4}\//);

		// Three new orders: one item each, read from the seeded position until empty; nothing committed yet.
		const created = s.sim.createOrders(3);
		s.sim.clearRequests();
		const second = await t.poll();
		expect(ids(second.items)).toEqual(created.map((o) => o.dscoOrderId));
		const lastEvent = second.items![2].json.triggerEvent as {
			id: string;
			type: string;
			source: string;
			reasons: string[];
		};
		expect(lastEvent).toMatchObject({
			type: 'newOrder',
			source: 'stream',
			streamId,
			partitionId: 0,
			reasons: ['create'],
		});
		expect(second.items![0].json).toMatchObject({
			dscoLifecycle: 'created',
			sla: expect.any(Object),
			lineItems: expect.any(Array),
		});
		expect(calls().map(line)).toEqual([
			`GET /stream/${streamId}/0/${enc(seeded)}`,
			`GET /stream/${streamId}/0/${enc(lastEvent.id)}`,
		]);
		// Positions contain slashes: they travel percent-encoded.
		expect(calls()[1].path).toContain('%2F');

		// Next poll: n8n has taken the items, so the position is confirmed to DSCO, then the stream is read.
		s.sim.clearRequests();
		expect((await t.poll()).items).toBeNull();
		expect(calls().map((c) => `${line(c)} ${c.status}`)).toEqual([
			`PUT /stream/${streamId}/0/${enc(lastEvent.id)} 200`,
			`GET /stream/${streamId}/0/${enc(lastEvent.id)} 200`,
		]);
		const listed = await dsco.get('/stream', { id: streamId });
		expect(listed.body[0].partitions[0].position).toBe(lastEvent.id);

		// (b) An idle poll costs exactly one read request.
		s.sim.clearRequests();
		expect((await t.poll()).items).toBeNull();
		const idle = s.sim.requests.map((r) => `${r.method} ${r.path} → ${r.status}`);
		console.log(`idle poll: ${idle.length} request(s):\n  ${idle.join('\n  ')}`);
		expect(s.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /stream/${streamId}/0/${enc(lastEvent.id)}`,
		]);
	});

	it('re-activation and a node that lost its static data adopt the same stream instead of creating another', async () => {
		const t = new TriggerProcess(s.h, { event: 'newOrder' });
		await t.poll();
		const [order] = s.sim.createOrders(1);
		expect(ids((await t.poll()).items)).toEqual([order.dscoOrderId]);
		await t.poll(); // commits

		// Same workflow and node, static data gone (e.g. n8n never saved it): adopt, seed from DSCO's position.
		const fresh = new TriggerProcess(s.h, { event: 'newOrder' });
		s.sim.clearRequests();
		expect((await fresh.poll()).items).toBeNull();
		expect(calls().map((c) => `${line(c)} ${c.status}`)).toEqual(['GET /stream 200']);
		const [next] = s.sim.createOrders(1);
		expect(ids((await fresh.poll()).items)).toEqual([next.dscoOrderId]);

		// Another node of the same workflow gets its own stream.
		const other = new TriggerProcess(s.h, { event: 'newOrder' }, { nodeId: 'node-other' });
		s.sim.clearRequests();
		await other.poll();
		expect(
			calls()
				.filter((c) => c.method === 'POST')
				.map((c) => (c.body as { id: string }).id),
		).toEqual([expectedStreamId('newOrder', 'node-other')]);
	});

	it('adopts a stream whose create races another activation (DSCO: already exists)', async () => {
		const streamId = expectedStreamId('newOrder');
		const other = new TriggerProcess(s.h, { event: 'newOrder' });
		await other.poll();
		// This activation's lookup misses it (404), so it tries to create it: DSCO refuses, the trigger adopts it.
		s.sim.setFaults({ failNextRequests: [{ status: 404, count: 1, path: '/stream' }] });
		s.sim.clearRequests();
		const t = new TriggerProcess(s.h, { event: 'newOrder' });
		const first = await t.poll();
		expect(first.error).toBeUndefined();
		expect(calls().map((c) => `${line(c)} ${c.status}`)).toEqual([
			'GET /stream 404',
			'POST /stream 400',
			'GET /stream 200',
		]);
		const [order] = s.sim.createOrders(1);
		expect(ids((await t.poll()).items)).toEqual([order.dscoOrderId]);
		expect((await dsco.get('/stream')).body.map((x: { id: string }) => x.id)).toEqual([streamId]);
	});

	it('skips updates of known orders, marketplace and test orders by default; includes them when asked', async () => {
		const plain = new TriggerProcess(s.h, { event: 'newOrder' });
		const wide = new TriggerProcess(
			s.h,
			{
				event: 'newOrder',
				options: { orderTypes: ['dropship', 'marketplace'], includeTestOrders: true },
			},
			{ nodeId: 'node-wide' },
		);
		await plain.poll();
		await wide.poll();
		const [dropship] = s.sim.createOrders(1);
		const [marketplace] = s.sim.createOrders(1, { orderType: 'marketplace' });
		const [test] = s.sim.createOrders(1, { testFlag: true });
		// An update of a known order (acknowledge) is not a new order.
		expect(
			(await dsco.post('/order/acknowledge', [{ id: dropship.dscoOrderId, type: 'DSCO_ORDER_ID' }]))
				.status,
		).toBe(202);
		await s.sim.settle();
		expect(ids((await plain.poll()).items)).toEqual([dropship.dscoOrderId]);
		expect(ids((await wide.poll()).items).sort()).toEqual(
			[dropship.dscoOrderId, marketplace.dscoOrderId, test.dscoOrderId].sort(),
		);
		const wideCreate = calls().find(
			(c) =>
				c.method === 'POST' &&
				(c.body as { id: string }).id ===
					expectedStreamId('newOrder', 'node-wide', ['dropship', 'marketplace']),
		);
		expect(wideCreate?.body).toMatchObject({
			query: { queryType: 'order', orderTypes: ['dropship', 'marketplace'] },
		});
	});

	it('Max Events Per Poll: delivers in order across polls, none lost or repeated', async () => {
		const t = new TriggerProcess(s.h, { event: 'newOrder', options: { maxEventsPerPoll: 2 } });
		await t.poll();
		const created = s.sim.createOrders(5).map((o) => o.dscoOrderId);
		const batches: string[][] = [];
		for (let i = 0; i < 5; i++) batches.push(ids((await t.poll()).items));
		expect(batches).toEqual([created.slice(0, 2), created.slice(2, 4), created.slice(4), [], []]);
	});

	it('respects the host’s poll budget: a poll stops reading once half of it is spent (after at least one read)', async () => {
		const roomy = new TriggerProcess(
			s.h,
			{ event: 'newOrder', options: { maxEventsPerPoll: 10000 } },
			{ nodeId: 'n-roomy' },
		);
		const tight = new TriggerProcess(
			s.h,
			{ event: 'newOrder', options: { maxEventsPerPoll: 10000 } },
			{ nodeId: 'n-tight', pollBudgetMs: 1 },
		);
		await roomy.poll();
		await tight.poll();
		const created = s.sim.createOrders(1500).map((o) => o.dscoOrderId);
		// DSCO returns at most 1,000 events a read.
		expect(ids((await roomy.poll()).items)).toEqual(created);
		const first = ids((await tight.poll()).items);
		expect(first).toEqual(created.slice(0, 1000));
		expect(ids((await tight.poll()).items)).toEqual(created.slice(1000));
		expect(
			h()
				.logLines()
				.some((l) => /stopped at the poll time budget; the next poll continues/.test(l)),
		).toBe(true);
	});

	it('Simplify keeps the fields most workflows use', async () => {
		const t = new TriggerProcess(s.h, { event: 'newOrder', options: { simplify: true } });
		await t.poll();
		const [order] = s.sim.createOrders(1);
		const [item] = (await t.poll()).items!;
		expect(item.json).toMatchObject({
			dscoOrderId: order.dscoOrderId,
			poNumber: order.poNumber,
			sla: expect.any(Object),
		});
		expect(Object.keys(item.json)).not.toContain('packages');
		expect((item.json.lineItems as Array<Record<string, unknown>>)[0]).toEqual(
			expect.objectContaining({
				lineNumber: 1,
				sku: order.lineItems[0].sku,
				quantity: order.lineItems[0].quantity,
			}),
		);
	});

	it('backfill: with a start date the first activation delivers the orders since then', async () => {
		const before = s.sim.createOrders(2).map((o) => o.dscoOrderId);
		const t = new TriggerProcess(s.h, {
			event: 'newOrder',
			options: { startDate: new Date(Date.now() - 60_000).toISOString() },
		});
		const first = await t.poll();
		expect(ids(first.items)).toEqual(before);
		const reads = calls().filter((c) => c.method === 'GET' && c.path.startsWith('/stream/'));
		expect(decodeURIComponent(reads[0].path.split('/')[4])).toMatch(
			/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
		);
		expect((await t.poll()).items).toBeNull();
	});
});

describe('(c) each event emits only its own events', () => {
	it('cancelRequested emits only cancel requests, orderLineChanged only shipped / cancelled lines, newOrder only new orders', async () => {
		const newOrders = new TriggerProcess(s.h, { event: 'newOrder' }, { nodeId: 'n-new' });
		const cancels = new TriggerProcess(s.h, { event: 'cancelRequested' }, { nodeId: 'n-cancel' });
		const lines = new TriggerProcess(s.h, { event: 'orderLineChanged' }, { nodeId: 'n-lines' });
		const shippedOnly = new TriggerProcess(
			s.h,
			{ event: 'orderLineChanged', options: { lineChangeStatuses: ['shipped'] } },
			{ nodeId: 'n-shipped' },
		);
		for (const t of [newOrders, cancels, lines, shippedOnly])
			expect((await t.poll()).items).toBeNull();
		const streamBodies = calls()
			.filter((c) => c.method === 'POST')
			.map((c) => c.body as Record<string, unknown>);
		expect(streamBodies.map((b) => [b.objectType, b.query])).toEqual([
			['order', { queryType: 'order', orderTypes: ['dropship'] }],
			['order', { queryType: 'order', orderTypes: ['dropship'], onlyIncludeCancelRequests: true }],
			['orderitemchange', { queryType: 'orderitemchange', statuses: ['cancelled', 'shipped'] }],
			['orderitemchange', { queryType: 'orderitemchange', statuses: ['shipped'] }],
		]);

		const [a, b] = s.sim.createOrders(2);
		s.sim.requestCancel(a.dscoOrderId, 'CXRN');
		const ship = await dsco.post('/order/singleShipment', {
			dscoOrderId: b.dscoOrderId,
			shipments: [
				{
					trackingNumber: 'TRK-1',
					shipCarrier: 'UPS',
					shipMethod: 'Ground',
					lineItems: [{ lineNumber: 1, quantity: b.lineItems[0].quantity }],
				},
			],
		});
		expect(ship.status).toBe(201);
		const cancel = await dsco.post('/order/item/cancel', {
			id: a.dscoOrderId,
			type: 'DSCO_ORDER_ID',
			lineItems: [{ sku: a.lineItems[0].sku, cancelledQuantity: 1, cancelCode: 'CXSS' }],
		});
		expect(cancel.status).toBe(200);

		expect(ids((await newOrders.poll()).items)).toEqual([a.dscoOrderId, b.dscoOrderId]);

		const cancelItems = (await cancels.poll()).items!;
		expect(
			cancelItems.map((i) => [
				i.json.dscoOrderId,
				i.json.cancelRequested,
				i.json.cancelRequestedCode,
			]),
		).toEqual([[a.dscoOrderId, true, 'CXRN']]);
		expect(cancelItems[0].json.triggerEvent).toMatchObject({ type: 'cancelRequested' });

		const lineItems = (await lines.poll()).items!;
		expect(
			lineItems.map((i) => [i.json.status, (i.json.order as { dscoOrderId: string }).dscoOrderId]),
		).toEqual([
			['shipped', b.dscoOrderId],
			['cancelled', a.dscoOrderId],
		]);
		expect(lineItems[0].json).toMatchObject({
			trackingNumber: 'TRK-1',
			eventUuid: expect.any(String),
			triggerEvent: { type: 'orderLineChanged' },
		});
		expect(lineItems[1].json).toMatchObject({ cancelCode: 'CXSS', lineItems: [{ quantity: 1 }] });

		const shipped = (await shippedOnly.poll()).items!;
		expect(shipped.map((i) => i.json.status)).toEqual(['shipped']);

		// Nothing more for anyone.
		for (const t of [newOrders, cancels, lines, shippedOnly])
			expect((await t.poll()).items).toBeNull();
	});
});

describe('Fetch Test Event (manual mode)', () => {
	it('returns the latest order and moves nothing: no stream created, no position confirmed, static data untouched', async () => {
		const t = new TriggerProcess(s.h, { event: 'newOrder' });
		const res = await t.fetchTestEvent();
		expect(res.error).toBeUndefined();
		const visible = s.sim
			.orders()
			.filter((o) => o.orderType === 'dropship' && !o.testFlag)
			.sort((x, y) => Date.parse(x.dscoCreateDate) - Date.parse(y.dscoCreateDate));
		expect(ids(res.items)).toEqual([visible[visible.length - 1].dscoOrderId]);
		expect(res.items![0].json.triggerEvent).toMatchObject({
			type: 'newOrder',
			source: 'orderSearch',
		});
		expect(calls().every((c) => c.method === 'GET' && c.path === '/order/page')).toBe(true);
		expect(t.nodeStaticData()).toEqual({});
	});

	it('for line changes reads the trigger’s stream from a past position without confirming it', async () => {
		const t = new TriggerProcess(s.h, { event: 'orderLineChanged' });
		const before = await t.fetchTestEvent();
		expect(before.error?.message).toMatch(/no DSCO stream yet/);
		await t.poll();
		const [order] = s.sim.createOrders(1);
		await dsco.post('/order/singleShipment', {
			dscoOrderId: order.dscoOrderId,
			shipments: [{ trackingNumber: 'TRK-9', lineItems: [{ lineNumber: 1, quantity: 1 }] }],
		});
		const stateBefore = JSON.stringify(t.nodeStaticData());
		s.sim.clearRequests();
		const res = await t.fetchTestEvent();
		expect(res.items?.map((i) => i.json.trackingNumber)).toEqual(['TRK-9']);
		expect(calls().some((c) => c.method !== 'GET')).toBe(false);
		expect(JSON.stringify(t.nodeStaticData())).toBe(stateBefore);
		// The real poll still delivers it.
		expect((await t.poll()).items?.map((i) => i.json.trackingNumber)).toEqual(['TRK-9']);
	});
});

describe('bad parameters', () => {
	it('are refused before anything is sent, naming the field', async () => {
		const t = new TriggerProcess(s.h, { event: 'newOrder', options: { orderTypes: [] } });
		expect((await t.poll()).error?.message).toBe(
			'Invalid "Order Types": choose at least one of dropship, marketplace, wholesale',
		);
		const u = new TriggerProcess(
			s.h,
			{ event: 'newOrder', options: { startDate: 'yesterday' } },
			{ nodeId: 'n2' },
		);
		expect((await u.poll()).error?.message).toMatch(
			/^Invalid "Start Date": "yesterday" is not a date/,
		);
		expect(calls()).toEqual([]);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [
		s.sim.clientSecret,
		String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
	]);
});
