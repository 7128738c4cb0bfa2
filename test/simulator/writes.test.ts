import { type Order, type Simulator, startSimulator } from './index';
import { SimClient } from './testClient';

const SETTLE_MS = 20;

describe('simulator: writes, async settling and change logs', () => {
	let sim: Simulator;
	let client: SimClient;
	let order: Order;

	beforeEach(async () => {
		sim = await startSimulator({
			asyncSettleMs: SETTLE_MS,
			orders: 6,
			testOrders: 0,
			marketplaceOrders: 0,
			cancelRequests: 0,
			skus: 5,
		});
		client = new SimClient(sim, 'apiToken');
		order = sim.orders()[0];
	});
	afterEach(() => sim.close());

	const shipmentFor = (o: Order, trackingNumber = '1Z999') => ({
		dscoOrderId: o.dscoOrderId,
		shipments: [
			{
				trackingNumber,
				shipCarrier: 'UPS',
				shippingServiceLevelCode: 'UPCG',
				lineItems: o.lineItems.map((l) => ({
					lineNumber: l.lineNumber,
					sku: l.sku,
					quantity: l.quantity,
				})),
			},
		],
	});

	it('acknowledges asynchronously: 202 pending, empty log until settled, then per-item success or failure', async () => {
		// Held, so that "not settled yet" is a state the test sets, not a race with asyncSettleMs on a busy machine.
		sim.holdSettling();
		const res = await client.post('/order/acknowledge', [
			{ id: order.dscoOrderId, type: 'DSCO_ORDER_ID', supplierOrderNumber: 'SO-1' },
			{ id: '999999', type: 'DSCO_ORDER_ID' },
			{ id: order.poNumber, type: 'NOT_A_TYPE' },
		]);
		expect(res.status).toBe(202);
		expect(res.body).toEqual({
			status: 'pending',
			requestId: expect.any(String),
			eventDate: expect.stringMatching(/\+00:00$/),
		});
		const requestId = res.body.requestId as string;

		const early = await client.get('/order/log', { requestId });
		expect(early.body).toEqual({ status: 'PROCESSING', logs: [] });
		expect(sim.getOrder(order.dscoOrderId)!.dscoLifecycle).toBe('created');
		// Past its delay it stays held: a timer started after the simulator's settle timer, with the same delay, fires
		// after it (Node runs timers in the order they fall due), however busy the machine.
		await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
		expect((await client.get('/order/log', { requestId })).body).toEqual({
			status: 'PROCESSING',
			logs: [],
		});
		expect(sim.getOrder(order.dscoOrderId)!.dscoLifecycle).toBe('created');

		sim.releaseSettling();
		await sim.settle();
		const log = await client.get('/order/log', { requestId });
		expect(log.body.status).toBe('COMPLETED');
		expect(log.body.logs.map((l: { status: string }) => l.status)).toEqual([
			'success',
			'failure',
			'failure',
		]);
		expect(log.body.logs[0]).toMatchObject({
			requestId,
			requestMethod: 'api',
			payload: { id: order.dscoOrderId },
		});
		expect(log.body.logs[1].results).toEqual([
			{
				code: 'NOT_FOUND',
				severity: 'error',
				description: 'Order not found: DSCO_ORDER_ID 999999',
			},
		]);
		expect(log.body.logs[2].results[0]).toMatchObject({
			code: 'VALIDATION_FAILED',
			severity: 'error',
		});
		expect(log.body.logs[2].results[0].description).toContain('type must be one of DSCO_ORDER_ID');

		const acknowledged = sim.getOrder(order.dscoOrderId)!;
		expect(acknowledged).toMatchObject({
			dscoLifecycle: 'acknowledged',
			dscoStatus: 'shipment_pending',
			supplierOrderNumber: 'SO-1',
		});
		for (const line of acknowledged.lineItems) expect(line.acceptedQuantity).toBe(line.quantity);
	});

	it('ships synchronously (201 {success:true}), adds the package and completes the order', async () => {
		const res = await client.post('/order/singleShipment', shipmentFor(order));
		expect(res).toMatchObject({ status: 201, body: { success: true } });
		const shipped = (
			await client.get('/order/', { orderKey: 'dscoOrderId', value: order.dscoOrderId })
		).body as Order;
		expect(shipped).toMatchObject({ dscoLifecycle: 'completed', dscoStatus: 'shipped' });
		expect(shipped.packages).toHaveLength(1);
		expect(shipped.packages[0]).toMatchObject({ trackingNumber: '1Z999', shipCarrier: 'UPS' });
		expect(shipped.packages[0].items.reduce((n, i) => n + i.quantity, 0)).toBe(
			order.lineItems.reduce((n, l) => n + l.quantity, 0),
		);
		for (const line of shipped.lineItems)
			expect(line).toMatchObject({ shippedQuantity: line.quantity, remainingQuantity: 0 });

		const again = await client.post('/order/singleShipment', shipmentFor(order, '1Z998'));
		expect(again.status).toBe(400);
		expect(again.body.messages[0].description).toMatch(/exceeds the remaining quantity 0/);
	});

	it('answers 400 with DSCO messages for a sync body that violates the vendor schema', async () => {
		const res = await client.post('/order/singleShipment', {
			dscoOrderId: order.dscoOrderId,
			shipments: [{ lineItems: [{ sku: order.lineItems[0].sku, quantity: 'one' }] }],
		});
		expect(res.status).toBe(400);
		expect(res.body.status).toBe('failure');
		expect(res.body.messages).toEqual(
			expect.arrayContaining([
				{
					code: 'VALIDATION_FAILED',
					severity: 'error',
					description: 'shipments[0].trackingNumber is required',
				},
				{
					code: 'VALIDATION_FAILED',
					severity: 'error',
					description: 'shipments[0].lineItems[0].quantity must be integer',
				},
			]),
		);
		expect(sim.getOrder(order.dscoOrderId)!.packages).toHaveLength(0);
		expect(
			(
				await client.request('POST', '/order/singleShipment', {
					rawBody: '{nope',
					contentType: 'application/json',
				})
			).status,
		).toBe(400);
	});

	it('accepts an invalid batch item with 202 and fails it in the change log, applying the valid ones', async () => {
		const other = sim.orders()[1];
		const res = await client.post('/order/shipment/batch/small', [
			shipmentFor(order),
			{
				dscoOrderId: other.dscoOrderId,
				shipments: [{ lineItems: [{ quantity: 1, sku: other.lineItems[0].sku }] }],
			},
			{
				...shipmentFor(other, 'GEN1'),
				shipments: [{ ...shipmentFor(other).shipments[0], shippingServiceLevelCode: 'GCG' }],
			},
		]);
		expect(res.status).toBe(202);
		await sim.settle();
		const log = (await client.get('/order/log', { requestId: res.body.requestId })).body;
		expect(log.logs.map((l: { status: string }) => l.status)).toEqual([
			'success',
			'failure',
			'failure',
		]);
		expect(log.logs[1].results[0].description).toBe('shipments[0].trackingNumber is required');
		expect(log.logs[2].results[0].description).toMatch(/GCG is not valid/);
		expect(sim.getOrder(order.dscoOrderId)!.dscoLifecycle).toBe('completed');
		expect(sim.getOrder(other.dscoOrderId)!.packages).toHaveLength(0);
	});

	it('acknowledges lines with accepted / cancelled quantities and updates estimated ship dates', async () => {
		const [line] = order.lineItems;
		const other = sim.orders()[1];
		const items = await client.post('/order/acknowledge/items', [
			{
				id: order.poNumber,
				type: 'PO_NUMBER',
				lineItems: [
					{
						lineNumber: line.lineNumber,
						acceptedQuantity: line.quantity - 1,
						cancelledQuantity: 1,
						cancelCode: 'CXSN',
					},
				],
			},
			{
				id: other.dscoOrderId,
				type: 'DSCO_ORDER_ID',
				lineItems: [{ sku: 'NOT-ON-ORDER', acknowledged: true }],
			},
		]);
		const updates = await client.post('/orderupdate/batch/small', [
			{
				dscoOrderId: Number(order.dscoOrderId),
				updateType: 'EST_SHIP_DATE',
				payload: [{ sku: line.sku, estimatedShipDate: '2030-01-02T03:04:05Z' }],
			},
			{ poNumber: order.poNumber, updateType: 'RETAILER_DATA', payload: [{ sku: line.sku }] },
		]);
		await sim.settle();
		const itemLog = (await client.get('/order/log', { requestId: items.body.requestId })).body;
		expect(itemLog.logs.map((l: { status: string }) => l.status)).toEqual(['success', 'failure']);
		expect(itemLog.logs[1].results[0].description).toContain('sku NOT-ON-ORDER');
		const updateLog = (await client.get('/order/log', { requestId: updates.body.requestId })).body;
		expect(updateLog.logs.map((l: { status: string }) => l.status)).toEqual(['success', 'failure']);
		const after = sim.getOrder(order.dscoOrderId)!;
		expect(after.dscoLifecycle).toBe(
			line.quantity === 1 && after.lineItems.length === 1 ? 'completed' : 'acknowledged',
		);
		expect(after.lineItems[0]).toMatchObject({
			acceptedQuantity: line.quantity - 1,
			cancelledQuantity: 1,
			cancelCode: 'CXSN',
			remainingQuantity: line.quantity - 1,
			estimatedShipDate: '2030-01-02T03:04:05+00:00',
		});
	});

	it('cancels lines synchronously (200) and fails quantities over the remaining one', async () => {
		const line = order.lineItems[0];
		const cancel = (quantity: number) =>
			client.post('/order/item/cancel', {
				id: order.dscoOrderId,
				type: 'DSCO_ORDER_ID',
				lineItems: [{ sku: line.sku, cancelledQuantity: quantity, cancelCode: 'CXSS' }],
			});
		const tooMany = await cancel(line.quantity + 1);
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.messages[0].description).toContain(
			`exceeds the remaining quantity ${line.quantity}`,
		);
		const ok = await cancel(line.quantity);
		expect(ok).toMatchObject({
			status: 200,
			body: { status: 'success', requestId: expect.any(String) },
		});
		const after = sim.getOrder(order.dscoOrderId)!.lineItems[0];
		expect(after).toMatchObject({
			cancelledQuantity: line.quantity,
			remainingQuantity: 0,
			status: 'cancelled',
			cancelCode: 'CXSS',
		});
	});

	it('updates inventory (sync and batch) so that GET /inventory changes; unknown SKUs fail unless skipped', async () => {
		const sku = 'SIM-SKU-0002';
		const single = await client.post('/inventory/singleItem', {
			sku,
			status: 'in-stock',
			quantityAvailable: 0,
			warehouses: [{ code: 'WH01', quantity: 0 }],
		});
		expect(single).toMatchObject({ status: 201, body: { success: true } });
		const got = await client.get('/inventory', { itemKey: 'sku', value: sku });
		expect(got.body).toMatchObject({ sku, quantityAvailable: 0, status: 'out-of-stock' });

		const mismatch = await client.post('/inventory/singleItem', {
			sku,
			status: 'in-stock',
			quantityAvailable: 3,
			warehouses: [{ code: 'WH01', quantity: 2 }],
		});
		expect(mismatch.status).toBe(400);

		const item = (qty: number, s = sku) => ({
			sku: s,
			status: 'in-stock',
			quantityAvailable: qty,
			warehouses: [{ code: 'WH01', quantity: qty }],
		});
		const batch = await client.post('/inventory/batch/small', [item(7), item(1, 'NO-SUCH-SKU')]);
		const skipped = await client.post('/inventory/batch/small', [item(9, 'NO-SUCH-SKU')], {
			skipItemsThatDontExist: 'true',
		});
		await sim.settle();
		const log = (await client.get('/inventory/log', { requestId: batch.body.requestId })).body;
		expect(log.logs.map((l: { status: string }) => l.status)).toEqual(['success', 'failure']);
		expect(log.logs[1].results[0]).toEqual({
			code: 'NOT_FOUND',
			severity: 'error',
			description: 'Item not found: sku NO-SUCH-SKU is not in the catalog',
		});
		expect(
			(await client.get('/inventory/log', { requestId: skipped.body.requestId })).body,
		).toEqual({ status: 'COMPLETED', logs: [] });
		expect(sim.inventory(sku)).toMatchObject({ quantityAvailable: 7, status: 'in-stock' });
	});

	it('takes a large inventory batch as JSON Lines PUT to the returned dataUrl', async () => {
		const start = await client.post('/inventory/batch/large', undefined);
		expect(start.status).toBe(200);
		expect(start.body).toMatchObject({
			status: 'success',
			requestId: expect.any(String),
			dataUrl: expect.stringContaining('/__upload/'),
		});
		const lines = [
			JSON.stringify({
				sku: 'SIM-SKU-0003',
				status: 'in-stock',
				quantityAvailable: 11,
				warehouses: [{ code: 'WH01', quantity: 11 }],
			}),
			'{not json',
			JSON.stringify({ sku: 'SIM-SKU-0004', warehouses: 'none' }),
		].join('\n');
		const put = await fetch(start.body.dataUrl, { method: 'PUT', body: `${lines}\n` });
		expect(put.status).toBe(200);
		await sim.settle();
		const log = (await client.get('/inventory/log', { requestId: start.body.requestId })).body;
		expect(log.logs.map((l: { status: string }) => l.status)).toEqual([
			'success',
			'failure',
			'failure',
		]);
		expect(sim.inventory('SIM-SKU-0003')).toMatchObject({ quantityAvailable: 11 });
		expect(sim.requests.map((r) => r.path)).toContain(new URL(start.body.dataUrl).pathname);
	});

	it('creates invoices for existing orders and pages change logs by date with a scrollId', async () => {
		const invoice = (id: string, dscoOrderId: string) => ({
			invoiceId: id,
			totalAmount: 10.5,
			dscoOrderId,
		});
		expect((await client.post('/invoice', invoice('INV-1', order.dscoOrderId))).status).toBe(201);
		expect((await client.post('/invoice', invoice('INV-2', '1'))).status).toBe(400);
		expect((await client.post('/invoice', { invoiceId: 'INV-3' })).status).toBe(400);
		const batch = await client.post(
			'/invoice/batch/small',
			Array.from({ length: 150 }, (_, i) => invoice(`B-${i}`, order.dscoOrderId)),
		);
		await sim.settle();
		expect(sim.invoices()).toHaveLength(151);
		const range = { startDate: '2000-01-01T00:00:00Z', endDate: '2999-01-01T00:00:00Z' };
		const first = (await client.get('/invoice/log', range)).body;
		expect(first.logs).toHaveLength(100);
		expect(first.scrollId).toBeTruthy();
		const second = (await client.get('/invoice/log', { scrollId: first.scrollId })).body;
		expect(second.logs).toHaveLength(52);
		expect((await client.get('/invoice/log', { scrollId: first.scrollId })).body.logs).toEqual([]);
		expect(second.logs.at(-1).requestId).toBe(batch.body.requestId);
		expect((await client.get('/invoice/log', {})).status).toBe(400);
	});

	it('refuses bodies over 5 MB', async () => {
		const big = [{ id: 'x'.repeat(5 * 1024 * 1024), type: 'DSCO_ORDER_ID' }];
		const res = await client.post('/order/acknowledge', big);
		expect(res.status).toBe(413);
		expect(res.body.messages[0].description).toMatch(/exceeds the limit/);
	});
});
