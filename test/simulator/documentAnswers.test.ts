/**
 * The simulator's answers for the catalog and return endpoints (and their streams) checked against the response
 * schemas of the vendor document itself, trimmed as the request schemas are (scripts/gen-simulator-schemas.ts):
 * whoever builds on these endpoints sees what DSCO documents. Skipped when the vendor document is absent.
 */
import * as fs from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020';
import { parse } from 'yaml';
import { VENDOR_DOC_PATH, trimSchema } from '../../scripts/gen-simulator-schemas';
import { RETAILER_ID } from './data';
import { type Simulator, startSimulator } from './index';
import { createAjv } from './schemas';
import { type Response, SimClient } from './testClient';

const vendorDocExists = fs.existsSync(VENDOR_DOC_PATH);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = { paths: Record<string, Record<string, any>> };

(vendorDocExists ? describe : describe.skip)(
	'simulator answers match the vendor document (catalog, returns, their streams)',
	() => {
		let doc: Doc;
		const ajv = createAjv();
		const compiled = new Map<unknown, ValidateFunction>();
		let sim: Simulator;
		let client: SimClient;

		beforeAll(() => {
			doc = parse(fs.readFileSync(VENDOR_DOC_PATH, 'utf8'), { maxAliasCount: -1 }) as Doc;
		});
		beforeEach(async () => {
			sim = await startSimulator({
				orders: 6,
				testOrders: 0,
				marketplaceOrders: 0,
				cancelRequests: 0,
				skus: 12,
				returns: 2,
				asyncSettleMs: 0,
				changeLogPageSize: 2,
				returnPageSize: 1,
			});
			client = new SimClient(sim, 'apiToken');
		});
		afterEach(() => sim.close());

		function validator(schema: unknown): ValidateFunction {
			let fn = compiled.get(schema);
			if (!fn) {
				fn = ajv.compile(trimSchema(schema));
				compiled.set(schema, fn);
			}
			return fn;
		}

		function responseSchema(path: string, method: string, status: number): unknown {
			const schema =
				doc.paths[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']
					?.schema;
			if (!schema)
				throw new Error(
					`The document has no ${status} JSON answer for ${method.toUpperCase()} ${path}`,
				);
			return schema;
		}

		/** The answer has the documented status, and its body the documented schema. */
		function documented(res: Response, path: string, method: string, status: number) {
			expect(res.status).toBe(status);
			const fn = validator(responseSchema(path, method, status));
			expect([`${method.toUpperCase()} ${path}`, fn(res.body) ? [] : fn.errors]).toEqual([
				`${method.toUpperCase()} ${path}`,
				[],
			]);
		}

		/** A stream event's payload against the document's payload alternative of that title (eventReasons follow api-notes). */
		function documentedPayload(payload: unknown, title: string) {
			const events = responseSchema('/stream/{id}/{partitionId}/{position}', 'get', 200) as {
				properties: {
					events: { items: { properties: { payload: { oneOf: Array<{ title: string }> } } } };
				};
			};
			const alternative = events.properties.events.items.properties.payload.oneOf.find(
				(s) => s.title === title,
			);
			const fn = validator(alternative);
			expect([title, fn(payload) ? [] : fn.errors]).toEqual([title, []]);
		}

		it('catalog: GET /catalog (seeded and created items), the batch answers, /catalog/log with and without scrollId', async () => {
			documented(
				await client.get('/catalog', { itemKey: 'sku', value: 'SIM-SKU-0010' }),
				'/catalog',
				'get',
				200,
			);
			documented(
				await client.get('/catalog', {
					itemKey: 'partnerSku',
					value: 'RTL-0003',
					dscoRetailerId: RETAILER_ID,
				}),
				'/catalog',
				'get',
				200,
			);
			const item = {
				sku: 'DOC-1',
				title: 'Documented',
				productStatus: 'active',
				upc: '036000291452',
				partnerSkuMap: [{ partnerSku: 'P-1', dscoRetailerId: RETAILER_ID }],
			};
			const small = await client.post('/catalog/batch/small', [
				item,
				{ ...item, sku: 'DOC-2' },
				{ ...item, sku: 'DOC-3' },
			]);
			documented(small, '/catalog/batch/small', 'post', 202);
			documented(
				await client.post('/catalog/batch/large', undefined),
				'/catalog/batch/large',
				'post',
				200,
			);
			await sim.settle();
			documented(
				await client.get('/catalog', { itemKey: 'sku', value: 'DOC-2' }),
				'/catalog',
				'get',
				200,
			);
			const log = await client.get('/catalog/log', { requestId: small.body.requestId });
			documented(log, '/catalog/log', 'get', 200);
			expect(log.body.scrollId).toEqual(expect.any(String));
			documented(
				await client.get('/catalog/log', { scrollId: log.body.scrollId }),
				'/catalog/log',
				'get',
				200,
			);
		});

		it('returns: /return/page (first and later pages), create, update, complete, the batch answer and /return/log', async () => {
			const range = { returnsCreatedSince: '2000-01-01T00:00:00Z', until: '2999-01-01T00:00:00Z' };
			const first = await client.get('/return/page', range);
			documented(first, '/return/page', 'get', 200);
			documented(
				await client.get('/return/page', { scrollId: first.body.scrollId }),
				'/return/page',
				'get',
				200,
			);
			const [ret] = sim.returns();
			const line = ret.lineItems[0];
			const update = await client.post('/return/update', {
				dscoReturnId: ret.dscoReturnId,
				packages: [
					{ trackingNumber: 'D-1', carrier: 'UPS', lineItems: [{ sku: line.sku, quantity: 1 }] },
				],
			});
			documented(update, '/return/update', 'post', 201);
			const complete = await client.request('PUT', '/return/', {
				json: {
					dscoReturnId: ret.dscoReturnId,
					lineItems: ret.lineItems.map((l) => ({ lineNumber: l.lineNumber, response: 'accepted' })),
				},
			});
			documented(complete, '/return/', 'put', 200);
			const order = sim.getOrder(sim.returns()[1].dscoOrderId)!;
			const returnable = order.lineItems.find(
				(l) =>
					l.shippedQuantity >
					sim
						.returns()[1]
						.lineItems.filter((r) => r.lineNumber === l.lineNumber)
						.reduce((n, r) => n + r.quantity, 0),
			);
			// A seeded return takes back part of a fully shipped order: some quantity is left to return.
			if (!returnable) throw new Error(`Order ${order.dscoOrderId} has nothing left to return`);
			const created = await client.post('/return/', {
				returnNumber: 'DOC-R',
				dscoOrderId: order.dscoOrderId,
				lineItems: [{ lineNumber: returnable.lineNumber, quantity: 1, reasonCode: 'DAMAGED' }],
			});
			documented(created, '/return/', 'post', 201);
			const batch = await client.post(
				'/return/batch/small',
				[
					{
						dscoReturnId: sim.returns()[1].dscoReturnId,
						lineItems: [
							{ lineNumber: sim.returns()[1].lineItems[0].lineNumber, response: 'rejected' },
						],
					},
				],
				{ operation: 'complete' },
			);
			documented(batch, '/return/batch/small', 'post', 202);
			await sim.settle();
			documented(
				await client.get('/return/log', { requestId: batch.body.requestId }),
				'/return/log',
				'get',
				200,
			);
			documented(
				await client.get('/return/log', {
					startDate: '2000-01-01T00:00:00Z',
					endDate: '2999-01-01T00:00:00Z',
				}),
				'/return/log',
				'get',
				200,
			);
		});

		it('stream payloads: catalog (ItemCatalog), catalogchangelog (ItemCatalogChangeLog), returns (Return), a new inventory record (ItemInventory)', async () => {
			const streams: Record<string, { id: string; position: string }> = {};
			for (const objectType of ['catalog', 'catalogchangelog', 'returns', 'inventory']) {
				const res = await client.post('/stream', { objectType, query: { queryType: objectType } });
				streams[objectType] = { id: res.body.id, position: res.body.partitions[0].position };
			}
			sim.changeCatalogItem({
				sku: 'STREAM-1',
				title: 'Streamed',
				productStatus: 'pending',
				upc: '036000291452',
			});
			sim.createReturns(1);
			await client.post('/inventory/singleItem', {
				sku: 'STREAM-1',
				status: 'in-stock',
				quantityAvailable: 2,
				warehouses: [{ code: 'WH01', quantity: 2 }],
			});
			const read = async (objectType: string) => {
				const { id, position } = streams[objectType];
				const events = (await client.get(`/stream/${id}/0/${encodeURIComponent(position)}`)).body
					.events as Array<{ payload: unknown }>;
				expect(events.length).toBeGreaterThan(0);
				return events;
			};
			for (const event of await read('catalog')) documentedPayload(event.payload, 'ItemCatalog');
			for (const event of await read('catalogchangelog'))
				documentedPayload(event.payload, 'ItemCatalogChangeLog');
			for (const event of await read('returns')) documentedPayload(event.payload, 'Return');
			for (const event of await read('inventory'))
				documentedPayload(event.payload, 'ItemInventory');
		});
	},
);
