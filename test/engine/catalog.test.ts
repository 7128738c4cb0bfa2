/**
 * Catalog → Get and Catalog → Create or Update inside n8n's engine: against the simulator (what DSCO receives — the
 * query, the JSON Lines bodies and their sizes —, the catalog it ends with, and the items n8n outputs, each paired
 * to its input and verified through /catalog/log), and against nock for answers the simulator does not give (an
 * item failed in the change log, 429, a 3xx).
 */
import nock from 'nock';
import type { IDataObject, INodeType } from 'n8n-workflow';

import { catalogMapperFields } from '../../nodes/Dsco/helpers/itemCatalog';
import { BASE, BASE_PATH, TOKENS } from './fixtures';
import { createHarness } from './harness';
import { useNock } from './nockSetup';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

/** DSCO's body limit for batch calls. */
const FIVE_MB = 5 * 1024 * 1024;

let s: SimHarness | undefined;
/** Every client secret and token this file's runs held, for the final no-secrets check. */
const secrets = new Set<string>([TOKENS[2]]);
afterEach(async () => {
	if (s) {
		secrets.add(s.sim.clientSecret);
		const token = s.h.credentials.store.get('cred-1')?.data.accessToken;
		if (typeof token === 'string') secrets.add(token);
	}
	await s?.sim.close();
	s = undefined;
});

const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;
const posts = (sim: SimHarness['sim'], path: string) =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === path);
const paired = (items: Array<{ pairedItem?: unknown }>) =>
	items.map((i) => (i.pairedItem as { item: number }).item);
const sentToDsco = (sim: SimHarness['sim']) =>
	sim.requests.filter((r) => r.path !== '/oauth2/token');

/** The resource mapper's value as the editor saves it (mode "Map Each Field"; the schema as getCatalogFields gave it). */
const mapped = (value: IDataObject) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});

const upsertFields = (value: IDataObject, options: IDataObject = {}) => ({
	resource: 'catalog',
	operation: 'upsert',
	inputMode: 'fields',
	fields: mapped(value),
	options,
});
const upsertJson = (options: IDataObject = {}) => ({
	resource: 'catalog',
	operation: 'upsert',
	inputMode: 'json',
	itemCatalogJson: '={{ $json.item }}',
	options,
});

describe('get (GET /catalog)', () => {
	const get = (extra: IDataObject = {}) => ({
		resource: 'catalog',
		operation: 'get',
		itemKey: 'sku',
		value: '={{ $json.value }}',
		...extra,
	});

	it('gets an item by SKU and by UPC: the ItemCatalog DSCO holds, one output item each, with the query DSCO documents', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const item = s.sim.catalogItem(sku(3))!;
		const bySku = await s.h.run(get(), [{ value: sku(3) }]);
		expect(bySku.error).toBeUndefined();
		expect(bySku.items.map((i) => i.json)).toEqual([item]);
		const byUpc = await s.h.run(get({ itemKey: 'upc' }), [{ value: item.upc }]);
		expect(byUpc.items.map((i) => i.json.sku)).toEqual([sku(3)]);
		expect(s.sim.requests.filter((r) => r.path === '/catalog').map((r) => r.query)).toEqual([
			{ itemKey: 'sku', value: sku(3) },
			{ itemKey: 'upc', value: item.upc },
		]);
	});

	it('a partner SKU is looked up with the retailer (version 2: the Retailer locator); all matches on request', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const partnerSku = s.sim.catalogItem(sku(2))!.partnerSkuMap![0].partnerSku;
		const { items, error } = await s.h.run(
			get({
				itemKey: 'partnerSku',
				dscoRetailerId: { __rl: true, mode: 'accountId', value: '1000051226' },
				options: { returnMultiple: true },
			}),
			[{ value: partnerSku }],
			{ typeVersion: 2 },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.sku)).toEqual([sku(2)]);
		expect(s.sim.requests.find((r) => r.path === '/catalog')?.query).toEqual({
			itemKey: 'partnerSku',
			value: partnerSku,
			dscoRetailerId: '1000051226',
			returnMultiple: 'true',
		});
	});

	it('a partner SKU without retailer or trading partner is refused naming the field, nothing sent', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const { error } = await s.h.run(get({ itemKey: 'partnerSku' }), [{ value: 'RTL-0002' }]);
		expect(error?.message).toContain('Invalid "Retailer ID" [item 0]');
		expect(sentToDsco(s.sim)).toEqual([]);
	});

	it('an unknown item is a clear "not found" error, or an error item under continue-on-fail', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const stopped = await s.h.run(get(), [{ value: 'NOPE-1' }]);
		expect(stopped.error?.message).toBe(
			'Item not found: no DSCO catalog item with sku "NOPE-1" [item 0]',
		);
		const { items } = await s.h.run(get(), [{ value: 'NOPE-1' }, { value: sku(1) }], {
			continueOnFail: true,
		});
		expect(items[0].json.error).toBe(
			'Item not found: no DSCO catalog item with sku "NOPE-1" [item 0]',
		);
		expect(items[1].json.sku).toBe(sku(1));
		expect(paired(items)).toEqual([0, 1]);
	});
});

describe('create or update (POST /catalog/batch/small as JSON Lines, verified in /catalog/log)', () => {
	it('mapped fields: one JSON Lines call for every item, values in their schema types, each result from the change log, paired', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const input = [
			{ sku: 'NEW-1', title: 'Blue mug', cost: '12.50', weight: 0.4, hazmat: 'false' },
			{ sku: sku(2), title: 'Renamed item', cost: 3, weight: '', hazmat: '' },
			{ sku: 'NEW-2', title: 'Red mug', cost: 7.25, weight: 1, hazmat: true },
		];
		const { items, error } = await s.h.run(
			upsertFields({
				sku: '={{ $json.sku }}',
				title: '={{ $json.title }}',
				productStatus: 'active',
				cost: '={{ $json.cost }}',
				weight: '={{ $json.weight }}',
				weightUnits: 'lb',
				hazmatFlag: '={{ $json.hazmat }}',
				brand: '',
				attributes: '[{"name": "material", "value": "stoneware"}]',
			}),
			input,
		);
		expect(error).toBeUndefined();

		const calls = posts(s.sim, '/catalog/batch/small');
		expect(calls).toHaveLength(1);
		const lines = [
			{
				sku: 'NEW-1',
				title: 'Blue mug',
				productStatus: 'active',
				cost: 12.5,
				weight: 0.4,
				weightUnits: 'lb',
				hazmatFlag: false,
				attributes: [{ name: 'material', value: 'stoneware' }],
			},
			// Empty fields are left out: an empty field must not delete the attribute at DSCO.
			{
				sku: sku(2),
				title: 'Renamed item',
				productStatus: 'active',
				cost: 3,
				weightUnits: 'lb',
				attributes: [{ name: 'material', value: 'stoneware' }],
			},
			{
				sku: 'NEW-2',
				title: 'Red mug',
				productStatus: 'active',
				cost: 7.25,
				weight: 1,
				weightUnits: 'lb',
				hazmatFlag: true,
				attributes: [{ name: 'material', value: 'stoneware' }],
			},
		];
		expect(calls[0].body).toEqual(lines);
		// JSON Lines on the wire: one entry a line, each ending in a line break, no brackets.
		const wire = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
		expect(Number(calls[0].headers['content-length'])).toBe(Buffer.byteLength(wire));

		const requestId = items[0].json.requestId;
		expect(typeof requestId).toBe('string');
		expect(items.map((i) => i.json)).toEqual(
			lines.map((l) => ({
				sku: l.sku,
				title: l.title,
				productStatus: 'active',
				requestId,
				status: 'success',
				messages: [],
				dateProcessed: expect.any(String),
				batch: { number: 1, of: 1, items: 3, bytes: Buffer.byteLength(wire) },
			})),
		);
		expect(paired(items)).toEqual([0, 1, 2]);
		const logReads = s.sim.requests.filter((r) => r.path === '/catalog/log');
		expect(logReads.length).toBeGreaterThanOrEqual(1);
		for (const r of logReads) expect(r.query).toEqual({ requestId });

		// DSCO's catalog: two new items, one changed, the rest of it kept.
		expect(s.sim.catalogItem('NEW-1')).toMatchObject({
			...lines[0],
			dscoItemId: expect.any(String),
		});
		expect(s.sim.catalogItem(sku(2))).toMatchObject({
			title: 'Renamed item',
			cost: 3,
			brand: expect.any(String),
			description: expect.any(String),
		});
	});

	it("mapped fields with the schema the editor saves: n8n's own conversions (a date picker's value, numbers) arrive in DSCO's types", async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const used = ['sku', 'title', 'productStatus', 'cost', 'productAvailabilityStartDate'];
		const schema = catalogMapperFields()
			.filter((f) => used.includes(f.id))
			.map((f) => ({ ...f, removed: false }));
		const { error } = await s.h.run(
			{
				...upsertFields({}),
				fields: {
					...mapped({
						sku: 'DATED-1',
						title: 'Dated',
						productStatus: 'pending',
						cost: '={{ "8.40" }}',
						productAvailabilityStartDate: '2026-03-01T09:30:00Z',
					}),
					schema,
				},
			},
			[{}],
		);
		expect(error).toBeUndefined();
		const [sent] = posts(s.sim, '/catalog/batch/small')[0].body as IDataObject[];
		expect(sent).toMatchObject({ sku: 'DATED-1', cost: 8.4, productStatus: 'pending' });
		expect(Date.parse(String(sent.productAvailabilityStartDate))).toBe(
			Date.parse('2026-03-01T09:30:00Z'),
		);
	});

	it('JSON mode: a whole ItemCatalog with images, categories and attributes; a null deletes that attribute at DSCO', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		expect(s.sim.catalogItem(sku(1))?.brand).toBeDefined();
		const full = {
			sku: 'NEW-JSON-1',
			title: 'Teapot',
			productStatus: 'pending',
			description: 'A teapot',
			brand: 'Acme',
			upc: '012345678905',
			cost: 20,
			listingPrices: { USD: 39.99 },
			images: [{ name: 'front', reference: 'https://cdn.example.com/teapot.jpg' }],
			categories: { default: ['Kitchen', 'Tea'] },
			attributes: [{ name: 'capacity', value: '1 l' }],
			length: 20,
			width: 15,
			height: 18,
			dimensionUnits: 'cm',
			productAvailabilityStartDate: '2026-01-01T00:00:00Z',
		};
		const deleteBrand = { sku: sku(1), title: 'Kept title', productStatus: 'active', brand: null };
		const { items, error } = await s.h.run(upsertJson(), [{ item: full }, { item: deleteBrand }]);
		expect(error).toBeUndefined();
		expect(posts(s.sim, '/catalog/batch/small').map((c) => c.body)).toEqual([[full, deleteBrand]]);
		expect(items.map((i) => [i.json.sku, i.json.status])).toEqual([
			['NEW-JSON-1', 'success'],
			[sku(1), 'success'],
		]);
		expect(s.sim.catalogItem('NEW-JSON-1')).toMatchObject(full);
		expect(s.sim.catalogItem(sku(1))?.brand).toBeUndefined();
		expect(s.sim.catalogItem(sku(1))?.title).toBe('Kept title');
	});

	it("Wait for Result off: outputs DSCO's acceptance (pending, requestId) without reading the change log", async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const { items, error } = await s.h.run(upsertJson({ waitForResult: false }), [
			{ item: { sku: 'NEW-3', title: 'Cup', productStatus: 'active' } },
		]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ sku: 'NEW-3', status: 'pending' });
		expect(typeof items[0].json.requestId).toBe('string');
		expect(s.sim.requests.filter((r) => r.path === '/catalog/log')).toEqual([]);
	});

	it('over 5 MB: the fewest JSON Lines calls, each under 5 MB, every item once and in order', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const description = 'x'.repeat(3000);
		const input = Array.from({ length: 2500 }, (_, k) => ({
			item: { sku: `BULK-${k}`, title: `Item ${k}`, productStatus: 'active', description },
		}));
		const { items, error } = await s.h.run(upsertJson({ waitForResult: false }), input);
		expect(error).toBeUndefined();
		const calls = posts(s.sim, '/catalog/batch/small');
		const bytes = calls.map((c) => Number(c.headers['content-length']));
		const total = input.reduce((n, i) => n + Buffer.byteLength(JSON.stringify(i.item)) + 1, 0);
		expect(calls).toHaveLength(Math.ceil(total / FIVE_MB));
		for (const b of bytes) expect(b).toBeLessThanOrEqual(FIVE_MB);
		expect(bytes.reduce((a, b) => a + b, 0)).toBe(total);
		const sent = calls.flatMap((c) => (c.body as IDataObject[]).map((e) => e.sku));
		expect(sent).toEqual(input.map((i) => i.item.sku));
		expect(paired(items)).toEqual(input.map((_, k) => k));
		expect(new Set(items.map((i) => (i.json.batch as IDataObject).of))).toEqual(
			new Set([calls.length]),
		);
	});

	it('10,000 products with realistic fields: the fewest JSON Lines calls under 5 MB, every item verified in the change log (prints calls and bytes)', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const input = Array.from({ length: 10_000 }, (_, k) => ({
			item: {
				sku: `PUSH-${String(k).padStart(5, '0')}`,
				title: `Stoneware mug no. ${k}, 12 oz`,
				productStatus: 'active',
				description: `Hand-glazed stoneware mug no. ${k}. Dishwasher and microwave safe. ${'Made in small batches; each glaze varies a little. '.repeat(4)}`,
				brand: 'Acme Kitchen',
				cost: 4 + (k % 100) / 100,
				msrp: 14.99,
				upc: String(100_000_000_000 + k),
				images: [{ name: 'main', reference: `https://cdn.example.com/p/${k}.jpg` }],
				attributes: [{ name: 'material', value: 'stoneware' }],
				weight: 0.9,
				weightUnits: 'lb',
			},
		}));
		const { items, error } = await s.h.run(upsertJson({ waitTimeoutSeconds: 120 }), input);
		expect(error).toBeUndefined();
		const calls = posts(s.sim, '/catalog/batch/small');
		const bytes = calls.map((c) => Number(c.headers['content-length']));
		const total = input.reduce((n, i) => n + Buffer.byteLength(JSON.stringify(i.item)) + 1, 0);
		expect(calls).toHaveLength(Math.ceil(total / FIVE_MB));
		for (const b of bytes) expect(b).toBeLessThanOrEqual(FIVE_MB);
		expect(bytes.reduce((a, b) => a + b, 0)).toBe(total);
		const verified = items.filter((i) => i.json.status === 'success');
		expect(verified).toHaveLength(10_000);
		expect(paired(items)).toEqual(input.map((_, k) => k));
		expect(s.sim.changeLog('catalog').filter((e) => e.status === 'success')).toHaveLength(10_000);
		console.log(
			`Catalog push of 10,000 items: ${calls.length} calls to POST /catalog/batch/small, bytes per call ${bytes.join(', ')} (JSON Lines, limit ${FIVE_MB}), ${verified.length} of 10,000 verified success in /catalog/log`,
		);
	});

	it('bad input is refused before anything is sent, naming the item and the field (its path in the ItemCatalog)', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const cases: Array<[IDataObject, string]> = [
			[{ sku: 'B-1', title: 'T', productStatus: 'live' }, 'Invalid "productStatus" [item 0]'],
			[{ sku: 'B-1', productStatus: 'active' }, 'Invalid "title" [item 0]'],
			[{ sku: 'B-1', title: 'T', productStatus: 'active', cost: -1 }, 'Invalid "cost" [item 0]'],
			[{ sku: 'B-1', title: 'T', productStatus: 'active', upc: '12' }, 'Invalid "upc" [item 0]'],
			[
				{ sku: 'B-1', title: 'T', productStatus: 'active', images: [{ name: 'front' }] },
				'Invalid "images[0].reference" [item 0]',
			],
			[
				{ sku: 'B-1', title: 'T', productStatus: 'active', description: null },
				'Invalid "description" [item 0]',
			],
			[{ sku: 'B\n1', title: 'T', productStatus: 'active' }, 'Invalid "sku" [item 0]'],
		];
		for (const [item, message] of cases) {
			const { error } = await s.h.run(upsertJson(), [{ item }]);
			expect(error?.message).toContain(message);
		}
		const { error } = await s.h.run(
			upsertFields({ sku: 'B-2', title: 'T', productStatus: 'active', maxShipSingleBox: 1.5 }),
			[{}],
		);
		expect(error?.message).toContain('Invalid "maxShipSingleBox" [item 0]');
		expect(sentToDsco(s.sim)).toEqual([]);
	});

	it('under continue-on-fail a bad item is an error item; the others are sent and verified', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		const { items, error } = await s.h.run(
			upsertJson(),
			[
				{ item: { sku: 'OK-1', title: 'A', productStatus: 'active' } },
				{ item: { sku: 'BAD-1', title: 'B', productStatus: 'active', weightUnits: 'stone' } },
				{ item: { sku: 'OK-2', title: 'C', productStatus: 'active' } },
			],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.error ?? i.json.status)).toEqual([
			'success',
			expect.stringContaining('Invalid "weightUnits" [item 1]'),
			'success',
		]);
		expect(paired(items)).toEqual([0, 1, 2]);
		expect(posts(s.sim, '/catalog/batch/small').map((c) => c.body)).toEqual([
			[
				{ sku: 'OK-1', title: 'A', productStatus: 'active' },
				{ sku: 'OK-2', title: 'C', productStatus: 'active' },
			],
		]);
		expect(s.sim.catalogItem('BAD-1')).toBeUndefined();
	});

	it('503 after DSCO applied the batch: sent again (a catalog upsert of full values is idempotent), every item succeeds', async () => {
		s = await simHarness({ skus: 5, orders: 2 });
		s.sim.setFaults({
			failNextRequests: [
				{ status: 503, count: 1, path: '/catalog/batch/small', afterProcessing: true },
			],
		});
		const item = { sku: 'NEW-503', title: 'Jug', productStatus: 'active', cost: 5 };
		const { items, error } = await s.h.run(upsertJson({ waitTimeoutSeconds: 1 }), [{ item }]);
		expect(error).toBeUndefined();
		const calls = posts(s.sim, '/catalog/batch/small');
		expect(calls.map((c) => c.status)).toEqual([503, 202]);
		expect(calls[1].body).toEqual(calls[0].body);
		expect(items.map((i) => i.json.status)).toEqual(['success']);
		expect(s.sim.catalogItem('NEW-503')).toMatchObject(item);
	});
});

describe('create or update, answers the simulator does not give (nock)', () => {
	useNock();
	const line = (entry: IDataObject) => `${JSON.stringify(entry)}\n`;
	const a = { sku: 'A-1', title: 'A', productStatus: 'active' };
	const b = { sku: 'B-1', title: 'B', productStatus: 'active' };
	const run = async (continueOnFail = true) => {
		const h = await createHarness({
			environment: 'custom',
			baseUrl: `${BASE}${BASE_PATH}`,
			authType: 'apiToken',
			apiToken: TOKENS[2],
		});
		return await h.run(upsertJson({ waitTimeoutSeconds: 30 }), [{ item: a }, { item: b }], {
			continueOnFail,
		});
	};

	it("an item the change log reports failed is an error item with DSCO's message; the other succeeds", async () => {
		const api = nock(BASE)
			.post(`${BASE_PATH}/catalog/batch/small`, line(a) + line(b))
			.reply(202, { status: 'pending', requestId: 'req-c1', eventDate: '2026-01-01T00:00:00Z' })
			.get(`${BASE_PATH}/catalog/log`)
			.query({ requestId: 'req-c1' })
			.reply(200, {
				status: 'COMPLETED',
				logs: [
					{
						payload: { message: b },
						status: 'failure',
						requestId: 'req-c1',
						dateProcessed: 'x',
						requestMethod: 'api',
						results: [
							{
								code: 'VALIDATION_FAILED',
								severity: 'error',
								description: 'Brand is required by retailer rules',
							},
						],
					},
					{
						payload: { message: a },
						status: 'success',
						requestId: 'req-c1',
						dateProcessed: 'x',
						requestMethod: 'api',
					},
				],
			});
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(api.isDone()).toBe(true);
		expect(items.map((i) => i.json.status)).toEqual(['success', 'failure']);
		expect(String(items[1].json.error)).toContain('Brand is required by retailer rules');
		expect(String(items[1].json.error)).toContain('[item 1]');
		expect(paired(items)).toEqual([0, 1]);
	});

	it('429 then 202: sent again after the pause, the same body; both items verified', async () => {
		const api = nock(BASE)
			.post(`${BASE_PATH}/catalog/batch/small`, line(a) + line(b))
			.reply(429, { message: 'Too Many Requests' }, { 'Retry-After': '0' })
			.post(`${BASE_PATH}/catalog/batch/small`, line(a) + line(b))
			.reply(202, { status: 'pending', requestId: 'req-c2', eventDate: '2026-01-01T00:00:00Z' })
			.get(`${BASE_PATH}/catalog/log`)
			.query({ requestId: 'req-c2' })
			.reply(200, {
				status: 'COMPLETED',
				logs: [a, b].map((message) => ({
					payload: { message },
					status: 'success',
					requestId: 'req-c2',
					dateProcessed: 'x',
					requestMethod: 'api',
				})),
			});
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(api.isDone()).toBe(true);
		expect(items.map((i) => i.json.status)).toEqual(['success', 'success']);
	});

	it('a 3xx is an error: not followed, not sent again, no item claims success', async () => {
		const api = nock(BASE)
			.post(`${BASE_PATH}/catalog/batch/small`)
			.reply(302, '', { Location: 'https://elsewhere.example.com/catalog' });
		const elsewhere = nock('https://elsewhere.example.com').post(/.*/).reply(202, {});
		const { items, error } = await run(false);
		expect(api.isDone()).toBe(true);
		expect(elsewhere.isDone()).toBe(false);
		expect(items).toEqual([]);
		expect(error?.message).toMatch(/302/);
	});
});

describe('the field mapper (methods.resourceMapping.getCatalogFields)', () => {
	it('lists the ItemCatalog fields of the vendor schema: sku, title and productStatus required, types and choices from it', async () => {
		const h = await createHarness({
			environment: 'production',
			authType: 'apiToken',
			apiToken: TOKENS[2],
		});
		const node = h.nodeTypes.getByNameAndVersion('n8n-nodes-dsco.dsco', 2) as INodeType;
		const method = node.methods?.resourceMapping?.getCatalogFields;
		expect(method).toBeDefined();
		const { fields } = await method!.call({} as never);
		const byId = new Map(fields.map((f) => [f.id, f]));
		expect(fields.slice(0, 3).map((f) => [f.id, f.required])).toEqual([
			['sku', true],
			['title', true],
			['productStatus', true],
		]);
		expect(fields.filter((f) => f.required).map((f) => f.id)).toEqual([
			'sku',
			'title',
			'productStatus',
		]);
		expect(byId.get('productStatus')).toMatchObject({
			type: 'options',
			options: ['pending', 'active', 'discontinued_sell_through', 'discontinued'].map((v) => ({
				name: v,
				value: v,
			})),
		});
		expect(byId.get('cost')).toMatchObject({ type: 'number', displayName: 'Cost' });
		expect(byId.get('images')?.type).toBe('array');
		expect(byId.get('categories')?.type).toBe('object');
		expect(byId.get('hazmatFlag')?.type).toBe('boolean');
		expect(byId.get('productAvailabilityStartDate')?.type).toBe('dateTime');
		expect(byId.get('colorPrimaryNrfCode')?.displayName).toBe('Color Primary NRF Code');
		// What DSCO sets, read-only or deprecated fields are not offered.
		for (const id of ['dscoItemId', 'dscoCreateDate', 'commissionAmount', 'category', 'partnerSku'])
			expect(byId.has(id)).toBe(false);
		expect(fields.length).toBeGreaterThan(100);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [...secrets]);
});
