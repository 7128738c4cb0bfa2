import { type Simulator, startSimulator } from './index';
import { SimClient } from './testClient';

const POSITION = /^z\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d{2}\/\d{13}-\d{7}$/;

interface StreamEvent {
	id: string;
	source: string;
	payload: Record<string, any>;
	eventReasons?: string[];
}

describe('simulator: streams', () => {
	let sim: Simulator;
	let client: SimClient;

	beforeEach(async () => {
		sim = await startSimulator({ orders: 3, skus: 5, asyncSettleMs: 0 });
		client = new SimClient(sim, 'apiToken');
	});
	afterEach(() => sim.close());

	async function createStream(
		body: Record<string, unknown>,
	): Promise<{ id: string; position: string }> {
		const res = await client.post('/stream', body);
		expect(res.status).toBe(201);
		const listed = await client.get('/stream', { id: res.body.id });
		expect(listed.status).toBe(200);
		return { id: res.body.id, position: listed.body[0].partitions[0].position };
	}

	const eventsPath = (id: string, position: string, partition = 0) =>
		`/stream/${encodeURIComponent(id)}/${partition}/${encodeURIComponent(position)}`;

	async function read(id: string, position: string): Promise<StreamEvent[]> {
		const res = await client.get(eventsPath(id, position));
		expect(res.status).toBe(200);
		expect(res.body.partitionId).toBe(0);
		return res.body.events;
	}

	it('creates a stream, lists it with its partition position, 404 for an unknown id', async () => {
		const res = await client.post('/stream', {
			id: 'orders-1',
			description: 'new orders',
			objectType: 'order',
			query: { queryType: 'order' },
		});
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			id: 'orders-1',
			objectType: 'order',
			partitions: [{ partitionId: 0 }],
		});
		const listed = await client.get('/stream', { id: 'orders-1' });
		expect(listed.body).toHaveLength(1);
		expect(listed.body[0].partitions[0].position).toMatch(POSITION);
		expect((await client.get('/stream', { id: 'nope' })).status).toBe(404);
		expect(
			(await client.post('/stream', { objectType: 'order', query: { queryType: 'inventory' } }))
				.status,
		).toBe(400);
		expect((await client.post('/stream', { objectType: 'order' })).status).toBe(400);
	});

	it('reads events strictly after a percent-encoded position and commits positions', async () => {
		const { id, position } = await createStream({
			objectType: 'order',
			query: { queryType: 'order' },
			description: 'x',
		});
		expect(await read(id, position)).toEqual([]);
		const created = sim.createOrders(3);
		const events = await read(id, position);
		expect(events.map((e) => e.payload.dscoOrderId)).toEqual(created.map((o) => o.dscoOrderId));
		for (const event of events) {
			expect(event).toMatchObject({ source: 'stream', eventReasons: ['create'] });
			expect(event.id).toMatch(POSITION);
		}
		expect((await read(id, events[0].id)).map((e) => e.id)).toEqual([events[1].id, events[2].id]);
		expect(await read(id, events[2].id)).toEqual([]);

		const commit = await client.put(eventsPath(id, events[1].id));
		expect(commit).toMatchObject({ status: 200, body: { status: 'success' } });
		const listed = await client.get('/stream', { id });
		expect(listed.body[0].partitions[0].position).toBe(events[1].id);

		// a position whose slashes are not encoded is not a route (API gateway 403)
		const raw = await client.get(`/stream/${id}/0/${events[0].id}`);
		expect(raw.status).toBe(403);
		expect((await client.get(eventsPath('missing', position))).status).toBe(404);
		expect((await client.get(eventsPath(id, 'not-a-position'))).status).toBe(400);
	});

	it('accepts an ISO timestamp as position', async () => {
		const { id } = await createStream({ objectType: 'order', query: { queryType: 'order' } });
		const before = new Date(Date.now() - 1000).toISOString();
		sim.createOrders(2);
		expect(await read(id, before)).toHaveLength(2);
	});

	it('follows order changes with reasons, excludes marketplace orders by default and separates cancel requests', async () => {
		const dropship = await createStream({ objectType: 'order', query: { queryType: 'order' } });
		const everything = await createStream({
			objectType: 'order',
			query: { queryType: 'order', orderTypes: ['dropship', 'marketplace'] },
		});
		const cancels = await createStream({
			objectType: 'order',
			query: { queryType: 'order', onlyIncludeCancelRequests: true },
		});
		const lines = await createStream({
			objectType: 'orderitemchange',
			query: { queryType: 'orderitemchange' },
		});

		const [order] = sim.createOrders(1);
		sim.createOrders(1, { orderType: 'marketplace' });
		sim.requestCancel(order.dscoOrderId);
		const ack = await client.post('/order/acknowledge', [
			{ id: order.dscoOrderId, type: 'DSCO_ORDER_ID' },
		]);
		expect(ack.status).toBe(202);
		await sim.settle();
		const shipment = {
			dscoOrderId: order.dscoOrderId,
			shipments: [
				{
					trackingNumber: 'T-1',
					lineItems: [{ lineNumber: 1, quantity: order.lineItems[0].quantity }],
				},
			],
		};
		expect((await client.post('/order/singleShipment', shipment)).status).toBe(201);

		const reasons = (await read(dropship.id, dropship.position)).map((e) => e.eventReasons);
		expect(reasons[0]).toEqual(['create']);
		expect(reasons[1]).toEqual(['update_status_lifecycle']);
		expect(reasons[2]).toContain('add_shipment');
		expect(reasons).toHaveLength(3);
		expect(await read(everything.id, everything.position)).toHaveLength(4);
		const cancelEvents = await read(cancels.id, cancels.position);
		expect(cancelEvents).toHaveLength(1);
		expect(cancelEvents[0].payload).toMatchObject({
			dscoOrderId: order.dscoOrderId,
			cancelRequested: true,
		});

		const itemChanges = await read(lines.id, lines.position);
		expect(itemChanges).toHaveLength(1);
		expect(itemChanges[0].payload).toMatchObject({
			status: 'shipped',
			trackingNumber: 'T-1',
			lineItems: [{ lineNumber: 1, quantity: order.lineItems[0].quantity }],
			order: { dscoOrderId: order.dscoOrderId },
		});
	});

	it('spreads events over partitions by order id', async () => {
		const res = await client.post('/stream', {
			objectType: 'order',
			query: { queryType: 'order' },
			numPartitions: 3,
		});
		const { id, partitions } = res.body as {
			id: string;
			partitions: Array<{ partitionId: number; position: string }>;
		};
		expect(partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);
		const created = sim.createOrders(12);
		const seen: string[] = [];
		const perPartition: number[] = [];
		for (const p of partitions) {
			const events = (await client.get(eventsPath(id, p.position, p.partitionId))).body
				.events as StreamEvent[];
			seen.push(...events.map((e) => e.payload.dscoOrderId as string));
			perPartition.push(events.length);
		}
		expect(seen.sort()).toEqual(created.map((o) => o.dscoOrderId).sort());
		expect(perPartition.filter((n) => n > 0).length).toBeGreaterThan(1);
		expect((await client.get(eventsPath(id, partitions[0].position, 3))).status).toBe(404);
	});
});
