/**
 * DSCO Trigger, New Return and Catalog Item Changed, against the simulator through n8n-core's PollContext with
 * static data kept between polls like n8n keeps it (TriggerProcess): the streams they create, the requests DSCO
 * receives, the items n8n gets, and the New Order guarantees (once each, nothing lost over restarts, Fetch Test
 * Event moves nothing) for the new object types. New Return also in date-window mode over /return/page.
 */
import { streamDefinitionFor, type TriggerEventType } from '../../nodes/Dsco/trigger/events';
import { STATE_KEY } from '../../nodes/Dsco/trigger/state';
import { streamIdFor } from '../../nodes/Dsco/trigger/streamMode';
import { SimClient } from '../simulator/testClient';
import { fakeDate } from './fakeDate';
import { TriggerProcess } from './harness';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
let dsco: SimClient;
beforeEach(async () => {
	s = await simHarness({ orders: 6 });
	dsco = new SimClient(s.sim, 'apiToken');
});
afterEach(async () => {
	jest.useRealTimers();
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
const returnIds = (items: Array<{ json: Record<string, unknown> }> | null) =>
	(items ?? []).map((i) => String(i.json.dscoReturnId));
const enc = encodeURIComponent;

function expectedStreamId(event: TriggerEventType, nodeId = 'node-trigger') {
	const def = streamDefinitionFor({
		event,
		orderTypes: ['dropship'],
		includeTestOrders: false,
		lineChangeStatuses: ['cancelled', 'shipped'],
		simplify: false,
	});
	return streamIdFor('wf-trigger', nodeId, def);
}

/** The item without the trigger's own field: what DSCO gave. */
function dscoPart(json: Record<string, unknown>) {
	const { triggerEvent: _t, ...rest } = json;
	return rest;
}

describe('New Return, streams mode', () => {
	it('creates a returns stream of created returns; each new return arrives once, as DSCO gives it; the position is confirmed at the next poll; the supplier’s own update and completion do not start the workflow again', async () => {
		const t = new TriggerProcess(s.h, { event: 'newReturn' });
		const streamId = expectedStreamId('newReturn');
		expect((await t.poll()).items).toBeNull();
		const activation = calls();
		expect(activation.map((c) => `${line(c)} ${c.status}`)).toEqual([
			'GET /stream 404',
			'POST /stream 201',
		]);
		expect(activation[1].body).toEqual({
			id: streamId,
			objectType: 'returns',
			query: { queryType: 'returns', statuses: ['created'] },
			description: expect.stringContaining('n8n DSCO Trigger (newReturn): workflow wf-trigger'),
		});
		const seeded = (
			t.persistedNodeStaticData()[STATE_KEY] as { partitions: Array<{ position: string }> }
		).partitions[0].position;

		const created = s.sim.createReturns(3);
		s.sim.clearRequests();
		const second = await t.poll();
		expect(returnIds(second.items)).toEqual(created.map((r) => r.dscoReturnId));
		// The Return as DSCO stores it, plus where it came from.
		expect(second.items!.map((i) => dscoPart(i.json))).toEqual(
			created.map((r) => s.sim.getReturn(r.dscoReturnId)),
		);
		const lastEvent = second.items![2].json.triggerEvent as { id: string };
		expect(second.items![0].json.triggerEvent).toMatchObject({
			type: 'newReturn',
			source: 'stream',
			streamId,
			partitionId: 0,
		});
		expect(calls().map(line)).toEqual([
			`GET /stream/${streamId}/0/${enc(seeded)}`,
			`GET /stream/${streamId}/0/${enc(lastEvent.id)}`,
		]);

		// The supplier receives a package of the first return (it stays `created`) and completes the second.
		const [first, secondReturn] = created;
		const update = await dsco.post('/return/update', {
			dscoReturnId: first.dscoReturnId,
			packages: [
				{
					trackingNumber: 'RET-PKG-1',
					lineItems: [{ lineNumber: first.lineItems[0].lineNumber, quantity: 1 }],
				},
			],
		});
		expect(update.status).toBe(201);
		const complete = await dsco.request('PUT', '/return', {
			json: {
				dscoReturnId: secondReturn.dscoReturnId,
				lineItems: secondReturn.lineItems.map((l) => ({
					lineNumber: l.lineNumber,
					response: 'accepted',
				})),
			},
		});
		expect(complete.status).toBe(200);
		expect(s.sim.getReturn(secondReturn.dscoReturnId)?.status).toBe('completed');

		// Next poll: confirms the previous position, reads the update (suppressed) — the completion is not in the stream.
		s.sim.clearRequests();
		expect((await t.poll()).items).toBeNull();
		expect(calls().map((c) => `${c.method} ${c.status}`)).toEqual([
			'PUT 200',
			'GET 200',
			'GET 200',
			'PUT 200',
		]);
		expect(
			h()
				.logLines()
				.some((l) => /0 delivered, 1 duplicates suppressed/.test(l)),
		).toBe(true);
		const listed = await dsco.get('/stream', { id: streamId });
		expect(listed.body[0].partitions[0].position).not.toBe(lastEvent.id);

		// An idle poll costs exactly one read.
		s.sim.clearRequests();
		expect((await t.poll()).items).toBeNull();
		expect(calls().map(line)).toEqual([expect.stringMatching(/^GET \/stream\//)]);
	});

	it('nothing lost or repeated over restarts: a crash before n8n took the items re-delivers them, a restart between emit and commit does not', async () => {
		const t = new TriggerProcess(s.h, { event: 'newReturn', options: { maxEventsPerPoll: 2 } });
		await t.poll();
		const created = s.sim.createReturns(5).map((r) => r.dscoReturnId);
		// n8n dies after the poll and before it saved anything: the items were never taken.
		expect((await t.poll({ crashBeforeHandOff: true })).items).toBeNull();
		expect(returnIds((await t.poll()).items)).toEqual(created.slice(0, 2));
		// n8n took the items and saved the pending position, then restarted before confirming it.
		t.restart();
		expect(returnIds((await t.poll()).items)).toEqual(created.slice(2, 4));
		t.restart();
		expect(returnIds((await t.poll()).items)).toEqual(created.slice(4));
		expect((await t.poll()).items).toBeNull();
		expect(t.delivered.map((i) => String(i.json.dscoReturnId))).toEqual(created);
	});

	it('a node switched to another event reads that event’s own stream; switched back, it adopts its first stream and goes on from its confirmed position', async () => {
		const t = new TriggerProcess(s.h, { event: 'newOrder' });
		await t.poll();
		const [order] = s.sim.createOrders(1);
		expect((await t.poll()).items?.map((i) => i.json.dscoOrderId)).toEqual([order.dscoOrderId]);
		await t.poll(); // confirms

		t.node.parameters.event = 'newReturn';
		s.sim.clearRequests();
		expect((await t.poll()).items).toBeNull();
		expect(
			calls()
				.filter((c) => c.method === 'POST')
				.map((c) => [(c.body as { id: string }).id, (c.body as { objectType: string }).objectType]),
		).toEqual([[expectedStreamId('newReturn'), 'returns']]);
		expect(expectedStreamId('newReturn')).not.toBe(expectedStreamId('newOrder'));
		const [ret] = s.sim.createReturns(1);
		expect(returnIds((await t.poll()).items)).toEqual([ret.dscoReturnId]);
		await t.poll();

		// Back to New Order: the order stream is adopted (no second create) at the position it confirmed, so the order
		// that arrived meanwhile (the simulator made and shipped one to be returned) is delivered, then the next one.
		t.node.parameters.event = 'newOrder';
		s.sim.clearRequests();
		expect((await t.poll()).items).toBeNull();
		expect(calls().filter((c) => c.method === 'POST')).toEqual([]);
		const [next] = s.sim.createOrders(1);
		const meanwhile = s.sim.getReturn(ret.dscoReturnId)!.dscoOrderId;
		expect(meanwhile).not.toBe(order.dscoOrderId);
		expect((await t.poll()).items?.map((i) => i.json.dscoOrderId)).toEqual([
			meanwhile,
			next.dscoOrderId,
		]);
	});

	it('Fetch Test Event returns the latest return from /return/page and moves nothing', async () => {
		// Date-window searches end 10 s before now: Date (the node's and the simulator's) moves only when told.
		fakeDate();
		const t = new TriggerProcess(s.h, { event: 'newReturn' });
		const none = await t.fetchTestEvent();
		expect(none.error?.message).toBe('No return in the last 30 days');
		s.sim.createReturns(1);
		jest.setSystemTime(Date.now() + 2000);
		const [latest] = s.sim.createReturns(1);
		jest.setSystemTime(Date.now() + 11_000);
		s.sim.clearRequests();
		const res = await t.fetchTestEvent();
		expect(res.error).toBeUndefined();
		expect(returnIds(res.items)).toEqual([latest.dscoReturnId]);
		expect(res.items![0].json.triggerEvent).toMatchObject({
			type: 'newReturn',
			source: 'returnSearch',
		});
		const searches = calls();
		expect(searches.map(line)).toEqual(['GET /return/page']);
		expect(Object.keys(searches[0].query).sort()).toEqual(['returnsCreatedSince', 'until']);
		expect(t.nodeStaticData()).toEqual({});
	});
});

describe('Catalog Item Changed (streams only)', () => {
	it('creates a catalog stream; every created or changed item arrives once with the whole ItemCatalog, two changes within one second included; the date-window mode does not apply', async () => {
		// Date frozen, so that two changes fall within one second.
		fakeDate();
		// A saved "mode: dateWindow" (hidden for this event) is not read: catalog items come only from a stream.
		const t = new TriggerProcess(s.h, { event: 'catalogItemChanged', mode: 'dateWindow' });
		const streamId = expectedStreamId('catalogItemChanged');
		expect((await t.poll()).items).toBeNull();
		expect(calls().map(line)).toEqual(['GET /stream', 'POST /stream']);
		expect(calls()[1].body).toMatchObject({
			id: streamId,
			objectType: 'catalog',
			query: { queryType: 'catalog' },
		});

		const [a, b] = s.sim.createCatalogItems(2);
		const changed = s.sim.changeCatalogItem({
			sku: a.sku,
			productStatus: a.productStatus,
			title: 'Changed title',
		});
		// The same second, another change of the same item: same dscoLastUpdateDate, another state.
		const again = s.sim.changeCatalogItem({
			sku: a.sku,
			productStatus: a.productStatus,
			title: 'Changed again',
		});
		expect(again.dscoLastUpdateDate).toBe(changed.dscoLastUpdateDate);
		const items = (await t.poll()).items!;
		expect(items.map((i) => [i.json.sku, i.json.title])).toEqual([
			[a.sku, a.title],
			[b.sku, b.title],
			[a.sku, 'Changed title'],
			[a.sku, 'Changed again'],
		]);
		expect(dscoPart(items[3].json)).toEqual(s.sim.catalogItem(a.sku));
		expect(items.map((i) => (i.json.triggerEvent as { reasons: string[] }).reasons)).toEqual([
			['catalog_object_created'],
			['catalog_object_created'],
			['catalog_attribute_changed'],
			['catalog_attribute_changed'],
		]);
		expect(calls().some((c) => c.path === '/catalog' || c.path === '/catalog/log')).toBe(false);
		expect((await t.poll()).items).toBeNull();
	});

	it('Fetch Test Event reads the trigger’s own stream from a past position without confirming it', async () => {
		const t = new TriggerProcess(s.h, { event: 'catalogItemChanged' });
		const before = await t.fetchTestEvent();
		expect(before.error?.message).toBe(
			'This trigger has no DSCO stream yet, so there is no catalog change to show',
		);
		await t.poll();
		const [item] = s.sim.createCatalogItems(1);
		const stateBefore = JSON.stringify(t.nodeStaticData());
		s.sim.clearRequests();
		const res = await t.fetchTestEvent();
		expect(res.items?.map((i) => i.json.sku)).toEqual([item.sku]);
		expect(calls().some((c) => c.method !== 'GET')).toBe(false);
		expect(JSON.stringify(t.nodeStaticData())).toBe(stateBefore);
		// The real poll still delivers it.
		expect((await t.poll()).items?.map((i) => i.json.sku)).toEqual([item.sku]);
	});
});

describe('New Return, date-window mode (/return/page)', () => {
	const POLL_GAP_MS = 11_000;
	const later = () => jest.setSystemTime(Date.now() + POLL_GAP_MS);

	it('first activation learns the existing returns; new returns arrive once each, across restarts; the search is returnsCreatedSince + until', async () => {
		fakeDate();
		const t = new TriggerProcess(s.h, { event: 'newReturn', mode: 'dateWindow' });
		s.sim.createReturns(2);
		later();
		s.sim.clearRequests();
		expect((await t.poll()).items).toBeNull();
		const seedSearch = calls();
		expect(seedSearch.map(line)).toEqual(['GET /return/page']);
		expect(Object.keys(seedSearch[0].query).sort()).toEqual(['returnsCreatedSince', 'until']);
		expect(t.persistedNodeStaticData()[STATE_KEY]).toMatchObject({
			mode: 'dateWindow',
			event: 'newReturn',
		});

		const first = s.sim.createReturns(3).map((r) => r.dscoReturnId);
		later();
		const got = await t.poll();
		expect(returnIds(got.items)).toEqual(first);
		expect(got.items![0].json.triggerEvent).toEqual({
			type: 'newReturn',
			id: null,
			source: 'dateWindow',
		});
		t.restart();
		const second = s.sim.createReturns(2).map((r) => r.dscoReturnId);
		later();
		// The overlap returns the first three again: they are not delivered twice.
		expect(returnIds((await t.poll()).items)).toEqual(second);
		later();
		expect((await t.poll()).items).toBeNull();
		expect(t.delivered.map((i) => String(i.json.dscoReturnId))).toEqual([...first, ...second]);
		expect(calls().every((c) => c.path === '/return/page')).toBe(true);
	});

	it('a date-window state kept for New Order is not taken for New Return: the switched node starts afresh', async () => {
		fakeDate();
		const t = new TriggerProcess(s.h, { event: 'newOrder', mode: 'dateWindow' });
		later();
		await t.poll();
		s.sim.createReturns(1);
		t.node.parameters.event = 'newReturn';
		later();
		// Seeding again for returns: the return created before the switch is not new.
		expect((await t.poll()).items).toBeNull();
		const [ret] = s.sim.createReturns(1);
		later();
		expect(returnIds((await t.poll()).items)).toEqual([ret.dscoReturnId]);
	});
});

const h = () => s.h;
