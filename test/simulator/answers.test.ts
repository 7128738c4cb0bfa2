/**
 * The simulator's success answers have the shapes the package's guards (nodes/Dsco/transport/answers.ts, written
 * from the vendor document) accept, endpoint by endpoint — so that the stand-in every other test talks to answers
 * as DSCO documents, and a guard stricter than the document would show here first.
 */
import {
	CHANGE_LOG_PAGE,
	INVENTORY,
	LARGE_BATCH_START,
	ORDER,
	ORDER_PAGE,
	STREAM_COMMIT,
	STREAM_CREATED,
	STREAM_EVENTS,
	STREAM_LIST,
	SYNC_WRITE,
	WRITE_ACCEPT,
	type AnswerShape,
} from '../../nodes/Dsco/transport/answers';
import { type Simulator, startSimulator } from './index';
import { isoBefore, SimClient, type Response } from './testClient';

let sim: Simulator;
let client: SimClient;
beforeEach(async () => {
	sim = await startSimulator({
		orders: 6,
		skus: 5,
		cancelRequests: 0,
		asyncSettleMs: 0,
		changeLogPageSize: 1,
	});
	client = new SimClient(sim, 'apiToken');
});
afterEach(() => sim.close());

/** Asserts a 2xx answer whose body the guard accepts. */
function fits(res: Response, shape: AnswerShape, status: number) {
	expect(res.status).toBe(status);
	expect(shape.problem(res.body)).toBeUndefined();
}

const position = (p: string) => encodeURIComponent(p);

describe('simulator answers satisfy the package’s answer guards', () => {
	it('reads: order by key, order pages (with and without scrollId), inventory by key (one and several)', async () => {
		const [order] = sim.orders();
		fits(
			await client.get('/order/', { orderKey: 'dscoOrderId', value: order.dscoOrderId }),
			ORDER,
			200,
		);
		const now = Date.now();
		const first = await client.get('/order/page', {
			ordersCreatedSince: isoBefore(now, 7 * 86_400_000),
			until: isoBefore(now, 10_000),
			ordersPerPage: '10',
		});
		fits(first, ORDER_PAGE, 200);
		expect(first.body.orders.length).toBeGreaterThan(0);
		if (first.body.scrollId)
			fits(await client.get('/order/page', { scrollId: first.body.scrollId }), ORDER_PAGE, 200);
		const sku = order.lineItems[0].sku!;
		fits(await client.get('/inventory', { itemKey: 'sku', value: sku }), INVENTORY, 200);
		fits(
			await client.get('/inventory', { itemKey: 'sku', value: sku, returnMultiple: 'true' }),
			INVENTORY,
			200,
		);
	});

	it('writes: every async accept, the sync 201s and the sync cancel, and the change logs with and without scrollId', async () => {
		const [a, b, c, d] = sim.orders();
		const line = (o: typeof a) => o.lineItems[0];
		const ack = await client.post('/order/acknowledge', [
			{ id: a.dscoOrderId, type: 'DSCO_ORDER_ID' },
			{ id: b.dscoOrderId, type: 'DSCO_ORDER_ID' },
		]);
		fits(ack, WRITE_ACCEPT, 202);
		fits(
			await client.post('/order/acknowledge/items', [
				{
					id: c.dscoOrderId,
					type: 'DSCO_ORDER_ID',
					lineItems: [{ lineNumber: line(c).lineNumber, acceptedQuantity: line(c).quantity }],
				},
			]),
			WRITE_ACCEPT,
			202,
		);
		const shipment = {
			dscoOrderId: a.dscoOrderId,
			shipments: [
				{
					trackingNumber: '1ZSIM0001',
					shippingServiceLevelCode: 'UPCG',
					lineItems: [{ sku: line(a).sku, lineNumber: line(a).lineNumber, quantity: 1 }],
				},
			],
		};
		fits(await client.post('/order/singleShipment', shipment), SYNC_WRITE, 201);
		fits(
			await client.post('/order/shipment/batch/small', [
				{ ...shipment, shipments: [{ ...shipment.shipments[0], trackingNumber: '1ZSIM0002' }] },
			]),
			WRITE_ACCEPT,
			202,
		);
		const cancel = {
			id: d.dscoOrderId,
			type: 'DSCO_ORDER_ID',
			lineItems: [
				{
					sku: line(d).sku,
					lineNumber: line(d).lineNumber,
					cancelledQuantity: 1,
					cancelCode: 'CXSS',
				},
			],
		};
		fits(await client.post('/order/item/cancel', cancel), WRITE_ACCEPT, 200);
		fits(await client.post('/order/item/cancel/batch/small', [cancel]), WRITE_ACCEPT, 202);
		fits(
			await client.post('/orderupdate/batch/small', [
				{
					dscoOrderId: b.dscoOrderId,
					updateType: 'EST_SHIP_DATE',
					payload: [{ estimatedShipDate: '2099-01-01T00:00:00Z' }],
				},
			]),
			WRITE_ACCEPT,
			202,
		);
		const item = {
			sku: line(a).sku,
			warehouses: [{ code: 'WH-1', quantity: 3 }],
			quantityAvailable: 3,
			status: 'in-stock',
		};
		fits(await client.post('/inventory/singleItem', item), SYNC_WRITE, 201);
		fits(await client.post('/inventory/batch/small', [item]), WRITE_ACCEPT, 202);
		const invoice = {
			invoiceId: 'INV-SIM-1',
			dscoOrderId: a.dscoOrderId,
			totalAmount: 5,
			lineItems: [{ sku: line(a).sku, quantity: 1, unitPrice: 5 }],
		};
		fits(await client.post('/invoice', invoice), SYNC_WRITE, 201);
		const invoices = await client.post('/invoice/batch/small', [
			{ ...invoice, invoiceId: 'INV-SIM-2' },
		]);
		fits(invoices, WRITE_ACCEPT, 202);
		fits(await client.post('/inventory/batch/large', {}), LARGE_BATCH_START, 200);

		await sim.settle();
		// Two acknowledgements, one entry a page: the first page carries a scrollId.
		const log = await client.get('/order/log', { requestId: ack.body.requestId });
		fits(log, CHANGE_LOG_PAGE, 200);
		expect(log.body).toMatchObject({ status: 'COMPLETED', scrollId: expect.any(String) });
		fits(await client.get('/order/log', { scrollId: log.body.scrollId }), CHANGE_LOG_PAGE, 200);
		fits(
			await client.get('/invoice/log', { requestId: invoices.body.requestId }),
			CHANGE_LOG_PAGE,
			200,
		);
		fits(
			await client.get('/inventory/log', { requestId: 'not-settled-or-unknown' }),
			CHANGE_LOG_PAGE,
			200,
		);
	});

	it('streams: create, list, read (with events and caught up), commit', async () => {
		const created = await client.post('/stream', {
			id: 'sim-shapes',
			objectType: 'order',
			query: { queryType: 'order' },
		});
		fits(created, STREAM_CREATED, 201);
		const listed = await client.get('/stream', { id: 'sim-shapes' });
		fits(listed, STREAM_LIST, 200);
		const start = listed.body[0].partitions[0].position as string;
		sim.createOrders(2);
		const read = await client.get(`/stream/sim-shapes/0/${position(start)}`);
		fits(read, STREAM_EVENTS, 200);
		expect(read.body.events.length).toBe(2);
		const last = read.body.events[1].id as string;
		const caughtUp = await client.get(`/stream/sim-shapes/0/${position(last)}`);
		fits(caughtUp, STREAM_EVENTS, 200);
		expect(caughtUp.body.events).toEqual([]);
		fits(await client.put(`/stream/sim-shapes/0/${position(last)}`), STREAM_COMMIT, 200);
	});
});
