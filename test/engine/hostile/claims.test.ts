/**
 * No result DSCO did not state: answers that are well-formed JSON but do not say what the package would otherwise
 * report. A write comes out success / pending / skipped only when DSCO said so, an order is "not found" only on a
 * 404, Get Many and the triggers never end early or page forever on a scroll that repeats itself, and the stream
 * trigger never drops an event it cannot read. Engine level, nock: what DSCO received and what the user saw.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { BASE_PATH, order } from '../fixtures';
import { createHarness, TriggerProcess, type Harness } from '../harness';
import { useNock } from '../nockSetup';
import { itLeaksNoSecrets } from '../secrets';
import {
	API_TOKEN,
	apiTokenCredential,
	dsco,
	normalisedPath,
	received,
	resetRecording,
	unmatched,
} from './families';

let h: Harness;
// Declared before useNock's clean-up, so that it runs first: every answer set up was asked for, nothing else was.
afterEach(() => {
	expect(unmatched).toEqual([]);
	expect(nock.pendingMocks()).toEqual([]);
});
useNock();
beforeEach(async () => {
	h = await createHarness(apiTokenCredential);
	resetRecording();
});

const calls = () => received.map((r) => `${r.method} ${normalisedPath(r.path)}`);
const accepted = (requestId: string) => ({
	status: 'pending',
	requestId,
	eventDate: '2025-11-21T06:34:28+00:00',
});
const logEntry = (payload: IDataObject, status = 'success') => ({
	payload,
	status,
	dateProcessed: '2025-11-21T06:35:00+00:00',
	requestMethod: 'api',
	requestId: 'r',
});
const ack = (options: IDataObject = {}) => ({
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId: '={{ $json.id }}',
	orderIdType: 'DSCO_ORDER_ID',
	options,
});

describe('async writes: the change log must account for every entry', () => {
	it('an acknowledgment missing from a COMPLETED change log is an error for its item, not "skipped"', async () => {
		dsco().post(`${BASE_PATH}/order/acknowledge`).reply(202, accepted('req-1'));
		dsco()
			.get(`${BASE_PATH}/order/log`)
			.query({ requestId: 'req-1' })
			.reply(200, { status: 'COMPLETED', logs: [logEntry({ id: '1001', type: 'DSCO_ORDER_ID' })] });
		const { items, error } = await h.run(ack(), [{ id: '1001' }, { id: '1002' }], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ orderId: '1001', status: 'success', requestId: 'req-1' });
		// An error item: no success, pending or skipped; its status names what happened.
		expect(items[1].json.status).toBe('missing');
		expect(items[1].json.error).toBe(
			"DSCO's change log has no entry for this acknowledgment, although it reports the request completed [item 1]",
		);
		expect(items[1].json.errorDescription).toMatch(/requestId req-1 .*before sending it again/);
		expect(calls()).toEqual(['POST /order/acknowledge', 'GET /order/log']);
		expect(received[0].body).toEqual([
			{ id: '1001', type: 'DSCO_ORDER_ID' },
			{ id: '1002', type: 'DSCO_ORDER_ID' },
		]);
	});

	it('with Skip Items That Don’t Exist, an inventory update DSCO did not log is "skipped" (DSCO was asked to skip it)', async () => {
		const params = {
			resource: 'inventory',
			operation: 'update',
			sku: '={{ $json.sku }}',
			quantitySource: 'total',
			quantity: 4,
		};
		for (const skip of [true, false]) {
			resetRecording();
			dsco()
				.post(`${BASE_PATH}/inventory/batch/small`)
				.query(skip ? { skipItemsThatDontExist: 'true' } : {})
				.reply(202, accepted('req-inv'));
			dsco()
				.get(`${BASE_PATH}/inventory/log`)
				.query({ requestId: 'req-inv' })
				.reply(200, { status: 'COMPLETED', logs: [logEntry({ sku: 'KNOWN' })] });
			const { items } = await h.run(
				{ ...params, options: { skipItemsThatDontExist: skip } },
				[{ sku: 'KNOWN' }, { sku: 'GHOST' }],
				{ continueOnFail: true },
			);
			expect(items[0].json).toMatchObject({ sku: 'KNOWN', status: 'success' });
			if (skip) expect(items[1].json).toMatchObject({ sku: 'GHOST', status: 'skipped' });
			else
				expect(items[1].json).toMatchObject({
					error: expect.stringMatching(
						/change log has no entry for this inventory update.*\[item 1\]/,
					),
				});
			expect(calls()).toEqual(['POST /inventory/batch/small', 'GET /inventory/log']);
		}
	});

	it('a change log without its processing status, or whose logs are not a list, is an error (never read as COMPLETED)', async () => {
		for (const [body, problem] of [
			[{ logs: [] }, '"status" is missing, not one of PROCESSING, COMPLETED'],
			[{ status: 'COMPLETED', logs: { entries: [] } }, '"logs" is an object, not a list'],
			[{ status: 'COMPLETED', logs: ['done'] }, 'logs[0]: plain text instead of a JSON object'],
		] as const) {
			resetRecording();
			dsco().post(`${BASE_PATH}/order/acknowledge`).reply(202, accepted('req-2'));
			dsco().get(`${BASE_PATH}/order/log`).query({ requestId: 'req-2' }).reply(200, body);
			const { items } = await h.run(ack(), [{ id: '1001' }], { continueOnFail: true });
			expect(items).toHaveLength(1);
			expect(items[0].json.status).toBeUndefined();
			expect(items[0].json.error).toBe(
				`DSCO answered with an unexpected body: HTTP 200 from GET /order/log, ${problem}. Body: ${JSON.stringify(body)} [item 0]`,
			);
			expect(calls()).toEqual(['POST /order/acknowledge', 'GET /order/log']);
		}
	});

	it('an accept without a requestId is an error, not "pending"; a rejection without one is DSCO’s rejection', async () => {
		dsco()
			.post(`${BASE_PATH}/order/acknowledge`)
			.reply(202, { status: 'pending', eventDate: '2025-11-21T06:34:28+00:00' });
		const { items } = await h.run(ack({ waitForResult: false }), [{ id: '1001' }], {
			continueOnFail: true,
		});
		expect(items[0].json.status).toBeUndefined();
		expect(items[0].json.error).toMatch(
			/^DSCO answered with an unexpected body: HTTP 202 from POST \/order\/acknowledge, "requestId" is missing, not a string\. Body: \{"status":"pending".*\[item 0\]$/,
		);

		resetRecording();
		dsco()
			.post(`${BASE_PATH}/order/acknowledge`)
			.reply(202, {
				status: 'failure',
				messages: [
					{ code: 'VALIDATION_FAILED', severity: 'error', description: 'Body is not a list' },
				],
			});
		const rejected = await h.run(ack({ waitForResult: false }), [{ id: '1001' }], {
			continueOnFail: true,
		});
		expect(rejected.items[0].json.error).toMatch(
			/^DSCO rejected the whole batch: VALIDATION_FAILED \(error\): Body is not a list \[item 0\]$/,
		);
		expect(calls()).toEqual(['POST /order/acknowledge']);
	});
});

describe('Update From File: every item sent is accounted for', () => {
	const csv = 'sku,warehouse,quantity\nSKU-1,WH-1,3\nSKU-2,WH-1,4\n';
	const file = {
		json: {},
		binary: {
			data: {
				data: Buffer.from(csv).toString('base64'),
				mimeType: 'text/csv',
				fileName: 'stock.csv',
				fileExtension: 'csv',
			},
		},
	};

	it('items missing from the completed change log are an error, unless DSCO was asked to skip unknown SKUs', async () => {
		for (const skip of [false, true]) {
			resetRecording();
			dsco()
				.post(`${BASE_PATH}/inventory/batch/large`)
				.query(skip ? { skipItemsThatDontExist: 'true' } : {})
				.reply(200, {
					status: 'success',
					requestId: 'req-file',
					eventDate: '2025-11-21T06:34:28+00:00',
					dataUrl: 'https://upload.dsco.test/in/req-file?sig=1',
				});
			const upload = nock('https://upload.dsco.test')
				.put('/in/req-file')
				.query({ sig: '1' })
				.reply(200);
			dsco()
				.get(`${BASE_PATH}/inventory/log`)
				.query({ requestId: 'req-file' })
				.times(2)
				.reply(200, { status: 'COMPLETED', logs: [logEntry({ sku: 'SKU-1' })] });
			const params = {
				resource: 'inventory',
				operation: 'updateFromFile',
				options: { skipItemsThatDontExist: skip },
			};
			const { items } = await h.run(params, [], { items: [file], continueOnFail: true });
			expect(upload.isDone()).toBe(true);
			expect(calls()).toEqual([
				'POST /inventory/batch/large',
				'GET /inventory/log',
				'GET /inventory/log',
			]);
			if (skip) {
				expect(items[0].json).toMatchObject({
					status: 'completed',
					itemsSent: 2,
					result: { success: 1, failure: 0, skipped: 1 },
				});
			} else {
				expect(items[0].json.status).toBeUndefined();
				expect(items[0].json.error).toBe(
					"DSCO's change log has no entry for 1 of the 2 items sent, although it reports the file processed [item 0]",
				);
			}
		}
	});
});

describe('sync writes report what DSCO said', () => {
	const inventory = {
		resource: 'inventory',
		operation: 'update',
		sku: 'SKU-1',
		quantitySource: 'total',
		quantity: 5,
		sendMode: 'single',
	};

	it('201 {success: false} is an error for the item; {success: true} is success', async () => {
		dsco().post(`${BASE_PATH}/inventory/singleItem`).reply(201, { success: false });
		dsco().post(`${BASE_PATH}/inventory/singleItem`).reply(201, { success: true });
		const { items } = await h.run(inventory, [{}, {}], { continueOnFail: true });
		expect(items[0].json.error).toMatch(/^DSCO did not apply the inventory update \[item 0\]$/);
		expect(items[1].json).toMatchObject({ sku: 'SKU-1', status: 'success' });
		expect(calls()).toEqual(['POST /inventory/singleItem', 'POST /inventory/singleItem']);
	});

	it('a sync cancel that DSCO answers "pending" comes out pending with its requestId, not success', async () => {
		const theOrder = order(1001, {
			shipping: {},
			lineItems: [{ lineNumber: 1, quantity: 2, sku: 'SKU-1001' }],
		});
		dsco().get(`${BASE_PATH}/order/`).query(true).reply(200, theOrder);
		dsco().post(`${BASE_PATH}/order/item/cancel`).reply(202, accepted('req-cancel'));
		const params = {
			resource: 'cancellation',
			operation: 'cancelLines',
			mode: 'sync',
			orderId: '1001',
			orderIdType: 'DSCO_ORDER_ID',
			cancelCode: 'CXSS',
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([{ sku: 'SKU-1001', lineNumber: 1, cancelledQuantity: 1 }]),
		};
		const { items, error } = await h.run(params);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			orderId: '1001',
			status: 'pending',
			requestId: 'req-cancel',
		});
		expect(calls()).toEqual(['GET /order/', 'POST /order/item/cancel']);
	});
});

describe('only a 404 means "not found"', () => {
	it('an order read before a shipment that answers [] ends the item with the unexpected body; nothing is shipped', async () => {
		dsco()
			.get(`${BASE_PATH}/order/`)
			.query({ orderKey: 'dscoOrderId', value: '1001' })
			.reply(200, []);
		const params = {
			resource: 'shipment',
			operation: 'create',
			mode: 'singleShipment',
			orderId: '1001',
			orderIdType: 'DSCO_ORDER_ID',
			trackingNumber: '1ZNOTFOUND1',
			shippingServiceLevelCode: 'UPCG',
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([{ sku: 'SKU-1001', lineNumber: 1, quantity: 1 }]),
		};
		const { items } = await h.run(params, [{}], { continueOnFail: true });
		expect(items[0].json.status).toBeUndefined();
		expect(items[0].json.error).toMatch(
			/^DSCO answered with an unexpected body: HTTP 200 from GET \/order\/, an empty list instead of a JSON object\. Body: \[\] \[item 0\]$/,
		);
		expect(String(items[0].json.error)).not.toMatch(/not found/i);
		expect(calls()).toEqual(['GET /order/']);
	});

	it('a 404 is "Order not found"', async () => {
		dsco().get(`${BASE_PATH}/order/`).query(true).reply(404, { message: 'Not Found' });
		const { error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '1001',
		});
		expect(error?.message).toBe('Order not found: no DSCO order with dscoOrderId "1001" [item 0]');
	});
});

describe('order scrolls end, and never early', () => {
	const getMany = {
		resource: 'order',
		operation: 'getMany',
		window: 'created',
		since: '2025-11-01T00:00:00Z',
		returnAll: true,
		filters: { until: '2025-11-20T00:00:00Z' },
	};
	const search = (q: IDataObject) => q.ordersCreatedSince !== undefined;

	it('a scroll that sends the same page again stops with a clear error after that page', async () => {
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query(search)
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.times(2)
			.reply(200, { scrollId: 'S', orders: [order(3)] });
		const { error, items } = await h.run(getMany);
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			"DSCO's order scroll repeats itself: it sent the same page of 1 orders again (same scrollId); stopped after 3 orders [item 0]",
		);
		expect(calls()).toEqual(['GET /order/page', 'GET /order/page', 'GET /order/page']);
	});

	it('a scroll that keeps sending orders already read (alternating pages) stops after a bounded number of pages', async () => {
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query(search)
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		let n = 0;
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.times(5)
			.reply(200, () => ({
				scrollId: 'S',
				orders: n++ % 2 === 0 ? [order(3)] : [order(1), order(2)],
			}));
		const { error } = await h.run(getMany);
		expect(error?.message).toBe(
			"DSCO's order scroll repeats itself: its last 4 pages held only orders already read; stopped after 3 orders [item 0]",
		);
		// The search, the page with order 3, then four pages of orders already read.
		expect(calls()).toHaveLength(6);
	});

	it('a page without an orders list is an error, not the end of the search', async () => {
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query(search)
			.reply(200, { scrollId: 'S', orders: [order(1)] });
		dsco().get(`${BASE_PATH}/order/page`).query({ scrollId: 'S' }).reply(200, { scrollId: 'S' });
		const { error, items } = await h.run(getMany);
		expect(items).toEqual([]);
		expect(error?.message).toBe(
			'DSCO answered with an unexpected body: HTTP 200 from GET /order/page, "orders" is missing, not a list. Body: {"scrollId":"S"} [item 0]',
		);
	});

	it('the date-window trigger fails the poll on a repeating scroll and keeps its state', async () => {
		const t = new TriggerProcess(h, { event: 'newOrder', mode: 'dateWindow' });
		const recent = (id: number) =>
			order(id, { dscoCreateDate: new Date(Date.now() - 60_000).toISOString() });
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query(search)
			.reply(200, { orders: [recent(1)] });
		expect((await t.poll()).error).toBeUndefined();
		const before = JSON.stringify(t.nodeStaticData());
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query(search)
			.reply(200, { scrollId: 'S', orders: [recent(1), recent(2)] });
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.times(2)
			.reply(200, { scrollId: 'S', orders: [recent(2)] });
		const poll = await t.poll();
		expect(poll.items).toBeNull();
		expect(poll.error?.message).toMatch(
			/^DSCO's order scroll repeats itself: it sent the same page of 1 orders again/,
		);
		expect(JSON.stringify(t.nodeStaticData())).toBe(before);
		expect(calls()).toEqual([
			'GET /order/page',
			'GET /order/page',
			'GET /order/page',
			'GET /order/page',
		]);
	});
});

describe('the stream trigger drops no event', () => {
	const P0 = 'z/2025/11/21/06/34/1763706868903-0174608';
	const E2 = 'z/2025/11/21/06/36/1763706960000-0000002';
	const read = (position: string) =>
		new RegExp(`^/api/v3/stream/n8n-[0-9a-f]{32}/0/${encodeURIComponent(position)}$`);

	it('a page with an event it cannot read (no id) fails the poll; the position stays, nothing is confirmed', async () => {
		dsco()
			.get(`${BASE_PATH}/stream`)
			.query(true)
			.reply(200, (uri) => [
				{
					id: new URL(uri, 'https://x').searchParams.get('id'),
					objectType: 'order',
					query: { queryType: 'order' },
					partitions: [{ partitionId: 0, position: P0 }],
				},
			]);
		const t = new TriggerProcess(h, { event: 'newOrder' });
		expect((await t.poll()).error).toBeUndefined();
		dsco()
			.get(read(P0))
			.reply(200, {
				partitionId: 0,
				events: [
					{ source: 'stream', payload: order(1) },
					{ id: E2, source: 'stream', payload: order(2) },
				],
			});
		const poll = await t.poll();
		expect(poll.items).toBeNull();
		expect(poll.error?.message).toMatch(
			/^DSCO answered with an unexpected body: HTTP 200 from GET \/stream\/n8n-[0-9a-f]{32}\/0\/z%2F.*, events\[0\]: "id" is missing, not a string\./,
		);
		const partitions = (
			t.nodeStaticData().dscoTrigger as {
				partitions: Array<{ position: string; committed: string }>;
			}
		).partitions;
		expect(partitions).toEqual([expect.objectContaining({ position: P0, committed: P0 })]);
		expect(calls()).toEqual(['GET /stream', `GET /stream/{id}/0/${encodeURIComponent(P0)}`]);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [API_TOKEN]);
});
