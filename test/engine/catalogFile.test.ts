/**
 * Catalog → Update From File inside n8n's engine: against the simulator (a CSV or JSON Lines binary becomes POST
 * /catalog/batch/large + a PUT of checked ItemCatalog lines to the dataUrl, the result read from /catalog/log), and
 * against nock for answers DSCO should not give (3xx, 503 on the start, a dataUrl elsewhere, a malformed log).
 * Also Inventory Update naming an item missing from the DSCO catalog.
 */
import nock from 'nock';
import { BINARY_ENCODING } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BASE, BASE_PATH } from './fixtures';
import { createHarness, type Harness } from './harness';
import { useNock } from './nockSetup';
import { simHarness, type SimHarness } from './simHarness';

const fromFile = (extra: IDataObject = {}) => ({
	resource: 'catalog',
	operation: 'updateFromFile',
	...extra,
});
const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;

function fileItem(content: string, fileName: string, mimeType = 'text/csv'): INodeExecutionData {
	return {
		json: {},
		binary: {
			data: {
				data: Buffer.from(content, 'utf8').toString(BINARY_ENCODING),
				mimeType,
				fileName,
				fileExtension: fileName.split('.').pop(),
			},
		},
	};
}

describe('against the simulator', () => {
	let s: SimHarness;
	afterEach(async () => {
		await s?.sim.close();
	});
	const uploads = () =>
		s.sim.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/__upload/'));
	const dscoCalls = () =>
		s.sim.requests
			.filter((r) => r.path !== '/oauth2/token' && !r.path.startsWith('/__'))
			.map((r) => `${r.method} ${r.path}`);

	it('CSV: field columns in any case, numbers, true/false, "|" lists, attribute:<name> columns and a JSON cell become one ItemCatalog each, created and updated by DSCO', async () => {
		s = await simHarness({ skus: 5, orders: 1 });
		const csv = [
			'SKU,Title,productStatus,cost,hazmatFlag,keywords,attribute:Fabric,attribute:Fit,listingPrices,brand',
			`NEW-1,Linen shirt,active,12.5,false,summer|linen,Linen,Slim,"{""USD"":39.99}",Acme`,
			`${sku(1)},Renamed item,active,3,,,Cotton,,,`,
			'',
		].join('\r\n');
		const { items, error } = await s.h.run(fromFile(), [], {
			items: [fileItem(csv, 'items.csv')],
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			fileName: 'items.csv',
			itemsSent: 2,
			rowsRefused: 0,
			status: 'completed',
			result: { success: 2, failure: 0, skipped: 0, firstFailures: [] },
		});
		expect(dscoCalls()).toEqual([
			'POST /catalog/batch/large',
			...dscoCalls()
				.slice(1)
				.map(() => 'GET /catalog/log'),
		]);
		const [upload] = uploads();
		expect(upload.path).toBe(`/__upload/${items[0].json.requestId}`);
		expect(upload.headers.authorization).toBeUndefined();
		expect(upload.body).toEqual({ bytes: items[0].json.bytesSent, lines: 2 });
		expect(s.sim.catalogItem('NEW-1')).toMatchObject({
			sku: 'NEW-1',
			title: 'Linen shirt',
			productStatus: 'active',
			cost: 12.5,
			hazmatFlag: false,
			keywords: ['summer', 'linen'],
			attributes: [
				{ name: 'Fabric', value: 'Linen' },
				{ name: 'Fit', value: 'Slim' },
			],
			listingPrices: { USD: 39.99 },
			brand: 'Acme',
		});
		expect(s.sim.catalogItem(sku(1))).toMatchObject({
			title: 'Renamed item',
			cost: 3,
			attributes: [{ name: 'Fabric', value: 'Cotton' }],
		});
	});

	it('JSON Lines: each ItemCatalog sent as given (null deletes a field), DSCO failures listed with their line', async () => {
		s = await simHarness({ skus: 5, orders: 1 });
		const lines = [
			JSON.stringify({ sku: 'J-1', title: 'Mug', productStatus: 'active', brand: 'Acme' }),
			JSON.stringify({ sku: 'J-1b', title: 'Cup', productStatus: 'pending' }),
			JSON.stringify({ sku: sku(2), title: 'Kept', productStatus: 'active', description: null }),
		].join('\n');
		const { items, error } = await s.h.run(fromFile(), [], {
			items: [fileItem(lines, 'items.jsonl', 'application/x-ndjson')],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ itemsSent: 3, status: 'completed' });
		const result = items[0].json.result as IDataObject;
		// DSCO refuses deleting a field it requires (description): the failure names the SKU and its line.
		expect(result).toMatchObject({ success: 2, failure: 1 });
		expect(result.firstFailures).toEqual([expect.objectContaining({ line: 3, sku: sku(2) })]);
		expect(s.sim.catalogItem('J-1')).toMatchObject({ title: 'Mug', brand: 'Acme' });
	});

	it.each([
		[
			'a value the schema refuses',
			'sku,title,productStatus\nA-1,Shirt,active\nA-2,Hat,sold-out\n',
			'Invalid "productStatus at line 3" [item 0]: is "sold-out", must be one of pending, active, discontinued_sell_through, discontinued (DSCO\'s ItemCatalog)',
			3,
		],
		[
			'a required field missing',
			'sku,title,productStatus\nA-1,Shirt,active\nA-2,,active\n',
			'Invalid "title at line 3" [item 0]: is required (DSCO\'s ItemCatalog)',
			3,
		],
		[
			'a decimal comma that splits a cell',
			'sku,title,productStatus,cost\nA-1,Shirt,active,12,50\n',
			'Invalid "Line 2" [item 0]: it has 5 fields but the header has 4 (a value holding the delimiter must be in double quotes)',
			2,
		],
		[
			'a cost below 0',
			'sku,title,productStatus,cost\nA-1,Shirt,active,-1\n',
			'Invalid "cost at line 2" [item 0]: is -1, must be at least 0 (DSCO\'s ItemCatalog)',
			2,
		],
		[
			'a UPC of the wrong length',
			'sku,title,productStatus,upc\nA-1,Shirt,active,12345\n',
			'Invalid "upc at line 2" [item 0]: is "12345", must match ^(\\d{6}|\\d{12})$ (DSCO\'s ItemCatalog)',
			2,
		],
		[
			'a boolean that is not one',
			'sku,title,productStatus,hazmatFlag\nA-1,Shirt,active,maybe\n',
			'Invalid "hazmatFlag at line 2" [item 0]: is "maybe", must be true or false',
			2,
		],
		[
			'a repeated SKU',
			'sku,title,productStatus\nA-1,Shirt,active\nA-1,Shirt 2,active\n',
			'Invalid "SKU at line 3" [item 0]: "A-1" already appeared at line 2; give each SKU on one line only',
			3,
		],
		[
			'a bad JSON cell',
			'sku,title,productStatus,images\nA-1,Shirt,active,[{oops\n',
			'Invalid "images at line 2" [item 0]: is not valid JSON',
			2,
		],
	])(
		'%s stops the node naming its line and field, before anything is sent',
		async (_, csv, message, line) => {
			s = await simHarness({ skus: 2, orders: 1 });
			const { error } = await s.h.run(fromFile(), [], { items: [fileItem(csv, 'bad.csv')] });
			expect(error?.message.startsWith(message)).toBe(true);
			expect(error?.description).toContain(
				`Nothing was sent to DSCO. Fix line ${line} of "bad.csv"`,
			);
			expect(dscoCalls()).toEqual([]);
		},
	);

	it('a column that is not an ItemCatalog field stops the node (before anything is sent) unless Ignore Unknown Fields is on', async () => {
		s = await simHarness({ skus: 2, orders: 1 });
		const csv = 'sku,titel,title,productStatus,Shopify Handle\nU-1,x,Shirt,active,shirt\n';
		const refused = await s.h.run(fromFile(), [], { items: [fileItem(csv, 'shop.csv')] });
		expect(refused.error?.message).toBe(
			'Invalid "Input Binary Field" [item 0]: the file\'s header has columns that are not ItemCatalog fields: "titel", "Shopify Handle" (rename them to ItemCatalog fields, name attributes "attribute:<name>", or turn on "Ignore Unknown Fields")',
		);
		expect(dscoCalls()).toEqual([]);
		const { items, error } = await s.h.run(
			fromFile({ options: { ignoreUnknownFields: true } }),
			[],
			{ items: [fileItem(csv, 'shop.csv')] },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ itemsSent: 1, result: { success: 1 } });
		expect(s.sim.catalogItem('U-1')).not.toHaveProperty('titel');
	});

	it('Skip Bad Rows sends the good rows and lists the bad ones', async () => {
		s = await simHarness({ skus: 2, orders: 1 });
		const csv = 'sku,title,productStatus\nG-1,Shirt,active\nG-2,Hat,nope\nG-3,Cap,pending\n';
		const { items, error } = await s.h.run(fromFile({ options: { skipBadRows: true } }), [], {
			items: [fileItem(csv, 'mixed.csv')],
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			itemsSent: 2,
			rowsRefused: 1,
			refusedRows: [
				{ line: 3, sku: 'G-2', error: expect.stringContaining('productStatus at line 3') },
			],
			result: { success: 2 },
		});
		expect(uploads()[0].body).toMatchObject({ lines: 2 });
		expect(s.sim.catalogItem('G-2')).toBeUndefined();
	});

	it("Change Log → Get reads /catalog/log for the file's requestId", async () => {
		s = await simHarness({ skus: 2, orders: 1 });
		const csv = 'sku,title,productStatus\nC-1,Shirt,active\n';
		const sent = await s.h.run(fromFile({ options: { waitForResult: false } }), [], {
			items: [fileItem(csv, 'one.csv')],
		});
		expect(sent.items[0].json.status).toBe('pending');
		const { items, error } = await s.h.run(
			{
				resource: 'changeLog',
				operation: 'get',
				logType: 'catalog',
				requestId: sent.items[0].json.requestId,
				output: 'entries',
				options: { waitForCompletion: true },
			},
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			status: 'success',
			processingStatus: 'COMPLETED',
			payload: { message: { sku: 'C-1', title: 'Shirt' } },
		});
		expect(
			s.sim.requests
				.filter((r) => r.path === '/catalog/log')
				.every((r) => r.query.requestId === sent.items[0].json.requestId),
		).toBe(true);
	});

	it("Inventory Update of a SKU missing from the DSCO catalog fails saying so and how to fix it; Skip Items That Don't Exist skips it", async () => {
		s = await simHarness({ skus: 2, orders: 1 });
		const update = (options: IDataObject) => ({
			resource: 'inventory',
			operation: 'update',
			sku: '={{ $json.sku }}',
			quantity: 4,
			warehouseCode: 'WH-1',
			options,
		});
		const failed = await s.h.run(update({}), [{ sku: 'NOT-IN-CATALOG' }], { continueOnFail: true });
		expect(failed.items[0].json.error).toMatch(/NOT_FOUND.*not in the catalog/);
		expect(failed.items[0].json.errorDescription).toContain(
			'The item is missing from the DSCO catalog',
		);
		expect(failed.items[0].json.errorDescription).toContain('Catalog → Create or Update');
		expect(failed.items[0].json.errorDescription).toContain("Skip Items That Don't Exist");
		const skipped = await s.h.run(update({ skipItemsThatDontExist: true }), [
			{ sku: 'NOT-IN-CATALOG' },
		]);
		expect(skipped.error).toBeUndefined();
		expect(skipped.items[0].json.status).toBe('skipped');
		const batches = s.sim.requests.filter((r) => r.path === '/inventory/batch/small');
		expect(batches.map((r) => r.query.skipItemsThatDontExist)).toEqual([undefined, 'true']);
	});
});

describe('against answers DSCO should not give (nock)', () => {
	useNock();
	let h: Harness;
	beforeEach(async () => {
		h = await createHarness({
			environment: 'custom',
			baseUrl: `${BASE}${BASE_PATH}`,
			authType: 'apiToken',
			apiToken: 'tok-cat-1',
		});
	});
	const csv = 'sku,title,productStatus\nN-1,Shirt,active\n';
	const run = async (options: IDataObject = {}) =>
		await h.run(fromFile({ options }), [], {
			items: [fileItem(csv, 'n.csv')],
			continueOnFail: true,
		});
	const started = (dataUrl: string) => ({
		status: 'success',
		requestId: 'req-n-1',
		eventDate: '2026-01-05T10:00:00Z',
		dataUrl,
	});

	it('a 3xx on the start is an error; nothing is uploaded anywhere', async () => {
		const start = nock(BASE)
			.post(`${BASE_PATH}/catalog/batch/large`)
			.reply(302, '', { Location: 'https://elsewhere.example.com/x' });
		const elsewhere = nock('https://elsewhere.example.com').post('/x').reply(200, {});
		const { items } = await run();
		expect(String(items[0].json.error)).toMatch(
			/redirect \(HTTP 302\) to https:\/\/elsewhere\.example\.com, not followed/,
		);
		expect(start.isDone()).toBe(true);
		expect(elsewhere.isDone()).toBe(false);
	});

	it('a 503 on the start is retried (asking again only opens another URL), then the file goes to the URL DSCO handed out', async () => {
		const scope = nock(BASE)
			.post(`${BASE_PATH}/catalog/batch/large`)
			.reply(503, 'busy')
			.post(`${BASE_PATH}/catalog/batch/large`)
			.reply(200, started('https://bucket.example.com/up/1?sig=s'));
		let uploaded = '';
		let auth: string | undefined;
		const put = nock('https://bucket.example.com')
			.put('/up/1')
			.query({ sig: 's' })
			.reply(function (_uri, body) {
				uploaded = typeof body === 'string' ? body : JSON.stringify(body);
				auth = this.req.headers.authorization as string | undefined;
				return [200, ''];
			});
		const { items } = await run({ waitForResult: false });
		expect(items[0].json).toMatchObject({ requestId: 'req-n-1', status: 'pending', itemsSent: 1 });
		expect(scope.isDone()).toBe(true);
		expect(put.isDone()).toBe(true);
		expect(uploaded).toBe('{"sku":"N-1","title":"Shirt","productStatus":"active"}\n');
		expect(auth).toBeUndefined();
	});

	it('a dataUrl that is not https is refused: the file is not sent there', async () => {
		nock(BASE)
			.post(`${BASE_PATH}/catalog/batch/large`)
			.reply(200, started('http://plain.example.com/up'));
		const plain = nock('http://plain.example.com').put('/up').reply(200);
		const { items } = await run();
		expect(String(items[0].json.error)).toMatch(/https/);
		expect(plain.isDone()).toBe(false);
	});

	it('a catalog log whose entries lack the {message: ItemCatalog} payload is an unexpected answer, not a result', async () => {
		nock(BASE)
			.post(`${BASE_PATH}/catalog/batch/large`)
			.reply(200, started('https://bucket.example.com/up/2'));
		nock('https://bucket.example.com').put('/up/2').reply(200);
		nock(BASE)
			.get(`${BASE_PATH}/catalog/log`)
			.query({ requestId: 'req-n-1' })
			.reply(200, {
				status: 'COMPLETED',
				logs: [
					{ status: 'success', payload: { sku: 'N-1' }, dateProcessed: '2026-01-05T10:00:01Z' },
				],
			});
		const { items } = await run();
		expect(String(items[0].json.error)).toContain('DSCO answered with an unexpected body');
		expect(String(items[0].json.error)).toContain('"payload.message" is missing');
		expect(items[0].json.status).toBeUndefined();
	});
});
