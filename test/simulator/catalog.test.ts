import { RETAILER_ID, RETAILER_TRADING_PARTNER_ID } from './data';
import { checkedReply } from './http';
import { type Simulator, startSimulator } from './index';
import { validateResponse } from './schemas';
import { SimClient } from './testClient';

const NOW = Date.parse('2025-11-21T12:00:00Z');

interface LogEntry {
	payload: { message: Record<string, unknown> };
	status: string;
	requestMethod: string;
	requestMethodDetail?: string;
	requestId: string;
	results?: Array<{ code: string; severity: string; description: string }>;
}

const newItem = (sku: string, extra: Record<string, unknown> = {}) => ({
	sku,
	title: `Item ${sku}`,
	productStatus: 'active',
	upc: '012345678905',
	mpn: `MPN-${sku}`,
	brand: 'Acme',
	description: `The ${sku}`,
	...extra,
});

describe('simulator: catalog (GET /catalog, /catalog/batch/small, /catalog/batch/large, /catalog/log)', () => {
	let sim: Simulator;
	let client: SimClient;
	let clock: number;

	beforeEach(async () => {
		clock = NOW;
		sim = await startSimulator({ now: () => clock, orders: 2, skus: 20, asyncSettleMs: 0 });
		client = new SimClient(sim, 'apiToken');
	});
	afterEach(() => sim.close());

	/** GET /catalog a tenth of a second apart on the simulator clock: within its 10/s. */
	const getCatalog = (query: Record<string, string>) => {
		clock += 100;
		return client.get('/catalog', query);
	};

	async function settledLog(requestId: string): Promise<LogEntry[]> {
		await sim.settle();
		const log = await client.get('/catalog/log', { requestId });
		expect(log.status).toBe(200);
		expect(log.body.status).toBe('COMPLETED');
		return log.body.logs;
	}

	it('has every seeded SKU in the catalog, found by each item key the document allows', async () => {
		const seeded = sim.inventory('SIM-SKU-0010')!;
		const item = sim.catalogItem('SIM-SKU-0010')!;
		expect(item).toMatchObject({
			sku: 'SIM-SKU-0010',
			dscoItemId: seeded.dscoItemId,
			upc: seeded.upc,
			ean: seeded.ean,
			mpn: seeded.mpn,
			gtin: `00${seeded.upc}`,
			isbn: '9780000000010',
			title: seeded.title,
			productStatus: 'active',
			partnerSkuMap: [{ partnerSku: seeded.partnerSku, dscoRetailerId: RETAILER_ID }],
		});
		for (const [itemKey, value] of Object.entries({
			sku: item.sku,
			dscoItemId: item.dscoItemId,
			upc: item.upc,
			ean: item.ean,
			mpn: item.mpn,
			isbn: item.isbn,
			gtin: item.gtin,
		})) {
			const res = await getCatalog({ itemKey, value: String(value) });
			expect([itemKey, res.status, res.body.sku]).toEqual([itemKey, 200, 'SIM-SKU-0010']);
		}
		const partnerSku = String(seeded.partnerSku);
		expect(
			(await getCatalog({ itemKey: 'partnerSku', value: partnerSku, dscoRetailerId: RETAILER_ID }))
				.body.sku,
		).toBe('SIM-SKU-0010');
		expect(
			(
				await getCatalog({
					itemKey: 'partnerSku',
					value: partnerSku,
					dscoTradingPartnerId: RETAILER_TRADING_PARTNER_ID,
				})
			).body.sku,
		).toBe('SIM-SKU-0010');
		expect(
			(await getCatalog({ itemKey: 'partnerSku', value: partnerSku, dscoRetailerId: '42' })).status,
		).toBe(404);
		const noPartner = await getCatalog({ itemKey: 'partnerSku', value: partnerSku });
		expect(noPartner.status).toBe(400);
		expect(noPartner.body.messages[0].description).toBe(
			'dscoRetailerId or dscoTradingPartnerId is required when itemKey is partnerSku',
		);
		expect((await getCatalog({ itemKey: 'sku', value: 'NOPE' })).body).toMatchObject({
			status: 'failure',
			messages: [{ code: 'NOT_FOUND', severity: 'error', description: 'Item not found: sku NOPE' }],
		});
		expect((await getCatalog({ itemKey: 'color', value: 'red' })).status).toBe(400);
		expect((await getCatalog({ itemKey: 'sku' })).status).toBe(400);
	});

	it('answers the first match, or all of them with returnMultiple=true', async () => {
		sim.changeCatalogItem(newItem('TWIN-A', { mpn: 'SHARED-MPN' }));
		sim.changeCatalogItem(newItem('TWIN-B', { mpn: 'SHARED-MPN' }));
		const one = await getCatalog({ itemKey: 'mpn', value: 'SHARED-MPN' });
		expect(one.body).toMatchObject({ sku: 'TWIN-A' });
		const all = await getCatalog({ itemKey: 'mpn', value: 'SHARED-MPN', returnMultiple: 'true' });
		expect(all.body.map((i: { sku: string }) => i.sku)).toEqual(['TWIN-A', 'TWIN-B']);
		expect(
			(await getCatalog({ itemKey: 'mpn', value: 'SHARED-MPN', returnMultiple: 'yes' })).status,
		).toBe(400);
	});

	it('small batch (JSON array): 202, PROCESSING while held, then one entry per item; invalid items fail with DSCO messages', async () => {
		sim.holdSettling();
		const res = await client.post('/catalog/batch/small', [
			newItem('NEW-1'),
			{ sku: 'NEW-2', title: 'No status' },
			newItem('NEW-3', { upc: '12', productStatus: 'sold-out' }),
			{
				sku: 'SIM-SKU-0001',
				title: 'Kept',
				brand: 'Rebranded',
				description: null,
				productStatus: 'discontinued',
			},
		]);
		expect(res.status).toBe(202);
		expect(res.body).toEqual({
			status: 'pending',
			requestId: expect.any(String),
			eventDate: '2025-11-21T12:00:00+00:00',
		});
		expect((await client.get('/catalog/log', { requestId: res.body.requestId })).body).toEqual({
			status: 'PROCESSING',
			logs: [],
		});
		expect((await client.get('/catalog', { itemKey: 'sku', value: 'NEW-1' })).status).toBe(404);
		sim.releaseSettling();

		const logs = await settledLog(res.body.requestId);
		expect(logs.map((l) => [l.payload.message.sku, l.status])).toEqual([
			['NEW-1', 'success'],
			['NEW-2', 'failure'],
			['NEW-3', 'failure'],
			['SIM-SKU-0001', 'failure'],
		]);
		for (const log of logs)
			expect(log).toMatchObject({
				requestMethod: 'api',
				requestMethodDetail: 'updateCatalogSmallBatch',
				requestId: res.body.requestId,
			});
		expect(logs[0].results).toBeUndefined();
		expect(logs[1].results).toEqual([
			{ code: 'VALIDATION_FAILED', severity: 'error', description: 'productStatus is required' },
		]);
		// The vendor schema requires title and productStatus on every item, an update too.
		expect(logs[2].results!.map((r) => r.description)).toEqual(
			expect.arrayContaining([
				'upc must match pattern "^(\\d{6}|\\d{12})$"',
				'productStatus must be one of pending, active, discontinued_sell_through, discontinued, null',
			]),
		);
		expect(logs[3].results).toEqual([
			{
				code: 'VALIDATION_FAILED',
				severity: 'error',
				description:
					'sku SIM-SKU-0001: description is required by DSCO and cannot be deleted (null)',
			},
		]);

		const created = (await client.get('/catalog', { itemKey: 'sku', value: 'NEW-1' })).body;
		expect(created).toMatchObject({
			...newItem('NEW-1'),
			dscoItemId: expect.stringMatching(/^\d+$/),
			dscoCreateDate: '2025-11-21T12:00:00+00:00',
		});
		expect(sim.catalogItem('SIM-SKU-0001')).toMatchObject({
			brand: 'Simulated Goods',
			productStatus: 'active',
		});
	});

	it('merges updates into an item (null deletes an attribute), keeps DSCO-set fields and stamps the dates', async () => {
		const before = sim.catalogItem('SIM-SKU-0002')!;
		clock += 60_000;
		const res = await client.post('/catalog/batch/small', [
			{
				sku: 'SIM-SKU-0002',
				title: 'Renamed',
				productStatus: 'discontinued_sell_through',
				mpn: null,
				dscoItemId: '1',
				cost: 9.5,
			},
		]);
		expect((await settledLog(res.body.requestId)).map((l) => l.status)).toEqual(['success']);
		const after = sim.catalogItem('SIM-SKU-0002')!;
		expect(after).toMatchObject({
			title: 'Renamed',
			productStatus: 'discontinued_sell_through',
			cost: 9.5,
			dscoItemId: before.dscoItemId,
			upc: before.upc,
			dscoCreateDate: before.dscoCreateDate,
			dscoLastUpdateDate: '2025-11-21T12:01:00+00:00',
			dscoLastProductStatusUpdateDate: '2025-11-21T12:01:00+00:00',
			dscoLastCostUpdateDate: '2025-11-21T12:01:00+00:00',
		});
		expect(after).not.toHaveProperty('mpn');
		expect(
			(await client.get('/catalog', { itemKey: 'mpn', value: String(before.mpn) })).status,
		).toBe(404);
	});

	it('small batch as JSON Lines (the format its description asks for): one entry a line, a line that is not JSON fails', async () => {
		const body = `${JSON.stringify(newItem('LINE-1'))}\n\n{not json\n${JSON.stringify(newItem('LINE-2'))}\n`;
		const res = await client.request('POST', '/catalog/batch/small', {
			rawBody: body,
			contentType: 'application/x-ndjson',
		});
		expect(res.status).toBe(202);
		const logs = await settledLog(res.body.requestId);
		expect(logs.map((l) => l.status)).toEqual(['success', 'failure', 'success']);
		expect(logs[1].results).toEqual([
			{ code: 'VALIDATION_FAILED', severity: 'error', description: 'Line is not valid JSON' },
		]);
		expect(sim.catalogItem('LINE-2')).toMatchObject({ title: 'Item LINE-2' });
		// The request log holds the parsed lines, as it holds a JSON array.
		const sent = sim.requests.find((r) => r.path === '/catalog/batch/small')!;
		expect(
			(sent.body as Array<string | { sku: string }>).map((e) =>
				typeof e === 'string' ? e : e.sku,
			),
		).toEqual(['LINE-1', '{not json', 'LINE-2']);
	});

	it('refuses a small batch that is empty, malformed, not a list or over 5 MB', async () => {
		const raw = (body: string) =>
			client.request('POST', '/catalog/batch/small', {
				rawBody: body,
				contentType: 'application/json',
			});
		expect((await raw('')).body.messages[0].description).toBe('A request body is required');
		expect((await raw('[{"sku": ')).body.messages[0].description).toBe(
			'The request body is not valid JSON',
		);
		expect((await raw('[]')).body.messages[0].description).toBe(
			'The request body must contain at least one item',
		);
		const big = await client.post('/catalog/batch/small', [
			newItem('BIG', { description: 'x'.repeat(5 * 1024 * 1024) }),
		]);
		expect(big.status).toBe(413);
		expect(sim.changeLog('catalog')).toEqual([]);
	});

	it('large batch: dataUrl, Content-Length required like the inventory upload, lines checked and settled into /catalog/log', async () => {
		const start = await client.post('/catalog/batch/large', undefined);
		expect(start.status).toBe(200);
		expect(start.body).toEqual({
			status: 'success',
			requestId: expect.any(String),
			eventDate: expect.any(String),
			dataUrl: expect.stringContaining('/__upload/'),
		});
		const lines = [
			JSON.stringify(newItem('FILE-1')),
			JSON.stringify({ sku: 'FILE-2' }),
			JSON.stringify(newItem('FILE-3')),
		].join('\n');
		// A streamed body without a length (chunked), as a pre-signed S3 URL refuses it.
		const chunked = await fetch(start.body.dataUrl, {
			method: 'PUT',
			body: new ReadableStream({
				start: (c) => (c.enqueue(new TextEncoder().encode(lines)), c.close()),
			}),
			duplex: 'half',
		} as RequestInit);
		expect(chunked.status).toBe(411);
		expect((await fetch(start.body.dataUrl, { method: 'PUT', body: lines })).status).toBe(200);
		expect((await fetch(start.body.dataUrl, { method: 'PUT', body: lines })).status).toBe(409);
		const logs = await settledLog(start.body.requestId);
		expect(logs.map((l) => [l.payload.message.sku, l.status, l.requestMethodDetail])).toEqual([
			['FILE-1', 'success', 'updateCatalogLargeBatch'],
			['FILE-2', 'failure', 'updateCatalogLargeBatch'],
			['FILE-3', 'success', 'updateCatalogLargeBatch'],
		]);
		expect(logs[1].results!.map((r) => r.description)).toEqual([
			'productStatus is required',
			'title is required',
		]);
	});

	it('change log by date window with scrollId paging; the scroll expires after 5 minutes unused', async () => {
		const paged = await startSimulator({
			now: () => clock,
			orders: 1,
			skus: 2,
			asyncSettleMs: 0,
			changeLogPageSize: 2,
		});
		try {
			const c = new SimClient(paged, 'apiToken');
			await c.post(
				'/catalog/batch/small',
				['A', 'B', 'C', 'D', 'E'].map((sku) => newItem(sku)),
			);
			await paged.settle();
			const range = { startDate: '2025-11-21T11:00:00Z', endDate: '2025-11-21T13:00:00Z' };
			const first = await c.get('/catalog/log', range);
			expect(first.body).toMatchObject({ status: 'COMPLETED', scrollId: expect.any(String) });
			const skus: string[] = first.body.logs.map((l: LogEntry) => l.payload.message.sku);
			for (;;) {
				const next = await c.get('/catalog/log', { scrollId: first.body.scrollId });
				expect(next.body.scrollId).toBe(first.body.scrollId);
				if (next.body.logs.length === 0) break;
				skus.push(...next.body.logs.map((l: LogEntry) => l.payload.message.sku));
			}
			expect(skus).toEqual(['A', 'B', 'C', 'D', 'E']);
			const again = await c.get('/catalog/log', range);
			clock += 5 * 60_000;
			expect((await c.get('/catalog/log', { scrollId: again.body.scrollId })).status).toBe(404);
			expect((await c.get('/catalog/log', { status: 'failure', ...range })).body.logs).toEqual([]);
			expect((await c.get('/catalog/log', { startDate: range.startDate })).status).toBe(400);
		} finally {
			await paged.close();
		}
	});

	it('streams catalog changes (catalog) and change-log entries (catalogchangelog), with the query filters', async () => {
		const stream = async (objectType: string, query: Record<string, unknown> = {}) => {
			const res = await client.post('/stream', {
				objectType,
				query: { queryType: objectType, ...query },
			});
			expect(res.status).toBe(201);
			return { id: res.body.id as string, position: res.body.partitions[0].position as string };
		};
		const read = async (s: { id: string; position: string }) =>
			(await client.get(`/stream/${s.id}/0/${encodeURIComponent(s.position)}`)).body
				.events as Array<{ payload: any; eventReasons?: string[] }>;
		const all = await stream('catalog');
		const discontinued = await stream('catalog', { productStatuses: ['discontinued'] });
		const updatesOnly = await stream('catalog', { omitNonUpdates: true });
		const failures = await stream('catalogchangelog', { status: ['failure'] });
		const logEntries = await stream('catalogchangelog');

		const res = await client.post('/catalog/batch/small', [
			newItem('S-1'),
			{ sku: 'SIM-SKU-0003', title: 'Last one', productStatus: 'discontinued' },
			{ sku: 'SIM-SKU-0003', title: 'Last one', productStatus: 'discontinued' },
			{ sku: 'S-2', title: 'No status' },
		]);
		await sim.settle();

		const events = await read(all);
		expect(events.map((e) => [e.payload.sku, e.eventReasons])).toEqual([
			['S-1', ['catalog_object_created']],
			['SIM-SKU-0003', ['catalog_attribute_changed']],
			['SIM-SKU-0003', ['catalog_attribute_changed']],
		]);
		expect(events[0].payload).toMatchObject({ ...newItem('S-1'), dscoItemId: expect.any(String) });
		expect((await read(discontinued)).map((e) => e.payload.sku)).toEqual([
			'SIM-SKU-0003',
			'SIM-SKU-0003',
		]);
		// The second identical update changed nothing but the update date.
		expect((await read(updatesOnly)).map((e) => e.payload.sku)).toEqual(['S-1', 'SIM-SKU-0003']);
		const entries = await read(logEntries);
		expect(
			entries.map((e) => [e.payload.payload.message.sku, e.payload.status, e.payload.requestId]),
		).toEqual([
			['S-1', 'success', res.body.requestId],
			['SIM-SKU-0003', 'success', res.body.requestId],
			['SIM-SKU-0003', 'success', res.body.requestId],
			['S-2', 'failure', res.body.requestId],
		]);
		expect((await read(failures)).map((e) => e.payload.payload.message.sku)).toEqual(['S-2']);
	});
});

describe('simulator: inventory needs the catalog item first, as DSCO does', () => {
	const item = (sku: string, quantity = 4) => ({
		sku,
		status: 'in-stock',
		quantityAvailable: quantity,
		warehouses: [{ code: 'WH01', quantity }],
	});

	it('refuses inventory for a SKU not in the catalog (skipped with skipItemsThatDontExist) and creates it once the item is listed', async () => {
		const sim = await startSimulator({ orders: 1, skus: 3, asyncSettleMs: 0 });
		try {
			const client = new SimClient(sim, 'apiToken');
			const stream = await client.post('/stream', {
				objectType: 'inventory',
				query: { queryType: 'inventory' },
			});
			const single = await client.post('/inventory/singleItem', item('NEW-SKU'));
			expect(single.status).toBe(400);
			expect(single.body.messages).toEqual([
				{
					code: 'NOT_FOUND',
					severity: 'error',
					description: 'Item not found: sku NEW-SKU is not in the catalog',
				},
			]);
			const skipped = await client.post('/inventory/batch/small', [item('NEW-SKU')], {
				skipItemsThatDontExist: 'true',
			});
			await sim.settle();
			expect(
				(await client.get('/inventory/log', { requestId: skipped.body.requestId })).body,
			).toEqual({ status: 'COMPLETED', logs: [] });
			expect(sim.inventory('NEW-SKU')).toBeUndefined();

			const listed = sim.changeCatalogItem({
				sku: 'NEW-SKU',
				title: 'New',
				productStatus: 'active',
				upc: '036000291452',
			});
			expect((await client.get('/inventory', { itemKey: 'sku', value: 'NEW-SKU' })).status).toBe(
				404,
			);
			const batch = await client.post('/inventory/batch/small', [
				item('NEW-SKU', 6),
				item('STILL-UNKNOWN'),
			]);
			await sim.settle();
			const log = (await client.get('/inventory/log', { requestId: batch.body.requestId })).body;
			expect(log.logs.map((l: { status: string }) => l.status)).toEqual(['success', 'failure']);
			expect(log.logs[1].results[0].description).toBe(
				'Item not found: sku STILL-UNKNOWN is not in the catalog',
			);
			expect(sim.inventory('NEW-SKU')).toMatchObject({
				sku: 'NEW-SKU',
				dscoItemId: listed.dscoItemId,
				upc: '036000291452',
				quantityAvailable: 6,
				status: 'in-stock',
			});
			expect(
				(await client.get('/inventory', { itemKey: 'upc', value: '036000291452' })).body.sku,
			).toBe('NEW-SKU');

			const events = (
				await client.get(
					`/stream/${stream.body.id}/0/${encodeURIComponent(stream.body.partitions[0].position)}`,
				)
			).body.events;
			expect(
				events.map((e: { payload: { sku: string }; eventReasons: string[] }) => [
					e.payload.sku,
					e.eventReasons,
				]),
			).toEqual([['NEW-SKU', ['inventory_object_created']]]);
		} finally {
			await sim.close();
		}
	});

	it('with requireCatalog false, inventory for an unknown SKU creates its record (skipItemsThatDontExist still skips it)', async () => {
		const sim = await startSimulator({
			orders: 1,
			skus: 3,
			asyncSettleMs: 0,
			requireCatalog: false,
		});
		try {
			const client = new SimClient(sim, 'apiToken');
			expect((await client.post('/inventory/singleItem', item('FREE-1', 2))).status).toBe(201);
			expect(sim.inventory('FREE-1')).toMatchObject({
				quantityAvailable: 2,
				dscoItemId: expect.stringMatching(/^\d+$/),
			});
			expect(sim.catalogItem('FREE-1')).toBeUndefined();
			await client.post('/inventory/batch/small', [item('FREE-2')], {
				skipItemsThatDontExist: 'true',
			});
			await sim.settle();
			expect(sim.inventory('FREE-2')).toBeUndefined();
		} finally {
			await sim.close();
		}
	});

	it('seeds the catalog of a large bench seed (100,000 SKUs) without building it: the last SKU is listed and takes inventory', async () => {
		const sim = await startSimulator({ orders: 2, skus: 100_000, asyncSettleMs: 0 });
		try {
			const client = new SimClient(sim, 'apiToken');
			expect((await client.post('/inventory/singleItem', item('SIM-SKU-100000'))).status).toBe(201);
			expect(
				(await client.get('/catalog', { itemKey: 'sku', value: 'SIM-SKU-100000' })).body,
			).toMatchObject({ sku: 'SIM-SKU-100000', productStatus: 'active' });
			const upc = sim.inventory('SIM-SKU-99999')!.upc!;
			expect((await client.get('/catalog', { itemKey: 'upc', value: upc })).body.sku).toBe(
				'SIM-SKU-99999',
			);
		} finally {
			await sim.close();
		}
	});
});

it("checks GET /catalog and GET /return/page answers against the vendor's answer schemas (what DSCO does not send answers 500)", () => {
	expect(
		validateResponse('getCatalogById', { title: 'No sku', productStatus: 'active', dscoItemId: 5 }),
	).toEqual([
		expect.objectContaining({ description: 'sku is required' }),
		expect.objectContaining({ description: 'dscoItemId must be string' }),
	]);
	expect(validateResponse('getReturns', { returns: [{}] })).toEqual([
		expect.objectContaining({ description: 'returns[0].lineItems is required' }),
	]);
	const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
	try {
		const list = checkedReply(
			'getCatalogById',
			[
				{ sku: 'A', title: 'A', productStatus: 'active' },
				{ sku: 'B', title: 'B', productStatus: 'sold' },
			],
			{ list: true },
		);
		expect(list).toEqual({ status: 500, body: { message: 'Internal server error' } });
		expect(stderr).toHaveBeenCalledWith(
			expect.stringContaining(
				'getCatalogById answer does not fit the vendor schema: productStatus must be one of',
			),
		);
	} finally {
		stderr.mockRestore();
	}
	expect(
		checkedReply('getCatalogById', [{ sku: 'A', title: 'A', productStatus: 'active' }], {
			list: true,
		}).status,
	).toBe(200);
});
