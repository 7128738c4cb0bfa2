/**
 * The endpoint families of the hostile-answer table: for each, how to run the node (or trigger) so that one DSCO
 * call gets the hostile answer, the calls before it that DSCO answers as documented, and what DSCO must have
 * received in the end. Shared by the table tests: shapes (this helper) and, beside it, redirects and echoed
 * secrets — a new answer kind is a new column over the same rows.
 */
import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BASE, BASE_PATH, TOKENS, order } from '../fixtures';
import { TriggerProcess, type Harness } from '../harness';

/** The legacy API token credential: no token call, so every request in a row is an API call. */
export const API_TOKEN = TOKENS[2];
export const apiTokenCredential = {
	environment: 'custom',
	baseUrl: `${BASE}${BASE_PATH}`,
	authType: 'apiToken',
	apiToken: API_TOKEN,
};

export type Method = 'GET' | 'POST' | 'PUT';

/** One request DSCO received: method, path below the base path (no query) and the parsed JSON body. */
export interface Received {
	method: string;
	path: string;
	body?: unknown;
}

/** Every request nock answered, and every one it had no answer for, in order. */
export const received: Received[] = [];
export const unmatched: string[] = [];

function parse(body: string | undefined): unknown {
	if (!body) return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** A nock scope for DSCO's API that records what it receives and checks the bearer token. */
export function dsco(): nock.Scope {
	return nock(BASE, {
		reqheaders: { authorization: (v) => /^bearer /i.test(v) && v.endsWith(API_TOKEN) },
	}).on('request', (req, _i, body) => {
		received.push({
			method: req.method,
			path: req.path.replace(BASE_PATH, '').split('?')[0],
			body: parse(body),
		});
	});
}

export function resetRecording() {
	received.length = 0;
	unmatched.length = 0;
	nock.emitter.removeAllListeners('no match');
	nock.emitter.on('no match', (req: { method?: string; path?: string }) =>
		unmatched.push(`${req.method} ${req.path}`),
	);
}

/** What the user saw: the error that stopped the node or the poll, and the output items (regular and error output). */
export interface Seen {
	error?: { message: string; description?: string | null };
	items: IDataObject[];
}

/** A hostile answer: status, headers and raw body as the wire carries it. */
export interface Answer {
	status: number;
	body: string;
	headers: Record<string, string>;
}

export interface Family {
	/** Endpoint family, as in the issue: reads, paging, sync writes, batch writes, change-log waits, streams, upload. */
	group: string;
	name: string;
	/** The call that gets the hostile answer. */
	method: Method;
	/** Its path below the base path, as the error must name it. */
	path: string | RegExp;
	/** The 2xx DSCO documents for it. */
	status: number;
	/** Registers the documented answers of the calls before the hostile one. */
	before?: () => void;
	/** Registers `answer` for the hostile call (default: method + path, any query, any body). */
	intercept?: (answer: Answer) => void;
	/** Runs the node (or trigger) up to the hostile answer; returns what the user saw. */
	run: (h: Harness) => Promise<Seen>;
	/** Everything DSCO must have received, in order: nothing re-sent, nothing sent after the hostile answer. */
	calls: Received[];
}

/** Registers the hostile answer for a family's call (its own intercept, or method + path with any query). */
export function interceptHostile(f: Family, answer: Answer) {
	if (f.intercept) return f.intercept(answer);
	if (typeof f.path !== 'string')
		throw new Error(`${f.name}: a RegExp path needs its own intercept`);
	dsco()
		.intercept(`${BASE_PATH}${f.path}`, f.method)
		.query(true)
		.reply(answer.status, answer.body, answer.headers);
}

const seenOf = (r: {
	items: INodeExecutionData[];
	errorItems?: INodeExecutionData[];
	error?: Seen['error'];
}): Seen => ({
	error: r.error ? { message: r.error.message, description: r.error.description } : undefined,
	items: [...r.items, ...(r.errorItems ?? [])].map((i) => i.json),
});

// ---- fixtures of the calls that answer as DSCO documents

const ORDER_ID = '1001';
const SKU = `SKU-${ORDER_ID}`;
const theOrder = () =>
	order(Number(ORDER_ID), {
		shipping: { name: 'A Person' },
		lineItems: [{ lineNumber: 1, quantity: 2, sku: SKU }],
	});
const accepted = (requestId: string) => ({
	status: 'pending',
	requestId,
	eventDate: '2025-11-21T06:34:28+00:00',
});
const orderRead = () =>
	dsco()
		.get(`${BASE_PATH}/order/`)
		.query({ orderKey: 'dscoOrderId', value: ORDER_ID })
		.reply(200, theOrder());

/** Runs the action node once over one input item, with continue-on-fail so that the item itself shows the outcome. */
const action =
	(parameters: IDataObject, input: IDataObject[] = [{}]) =>
	async (h: Harness) =>
		seenOf(await h.run(parameters, input, { continueOnFail: true }));

const ack = (waitForResult: boolean) => ({
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId: ORDER_ID,
	orderIdType: 'DSCO_ORDER_ID',
	options: { waitForResult, waitTimeoutSeconds: 30 },
});
const ackBody = [{ id: ORDER_ID, type: 'DSCO_ORDER_ID' }];

const inventory = (extra: IDataObject) => ({
	resource: 'inventory',
	operation: 'update',
	sku: SKU,
	quantitySource: 'total',
	quantity: 5,
	...extra,
});
const inventoryBody = { sku: SKU, warehouses: [], quantityAvailable: 5, status: 'in-stock' };

/** Catalog → Create or Update over one item (JSON mode); DSCO receives it as one JSON Lines line. */
const catalog = (options: IDataObject) => ({
	resource: 'catalog',
	operation: 'upsert',
	inputMode: 'json',
	itemCatalogJson: JSON.stringify(catalogBody),
	options,
});
const catalogBody = { sku: SKU, title: 'Blue mug', productStatus: 'active' };
const catalogLine = `${JSON.stringify(catalogBody)}\n`;

const lines = [{ sku: SKU, lineNumber: 1, quantity: 2 }];
const shipment = {
	resource: 'shipment',
	operation: 'create',
	mode: 'singleShipment',
	orderId: ORDER_ID,
	orderIdType: 'DSCO_ORDER_ID',
	trackingNumber: '1ZHOSTILE01',
	shipCarrier: 'UPS',
	shipMethod: 'Ground',
	shippingServiceLevelCode: 'UPCG',
	lineItemsInput: 'json',
	lineItemsJson: JSON.stringify(lines),
};

const cancel = (mode: 'sync' | 'batch') => ({
	resource: 'cancellation',
	operation: 'cancelLines',
	mode,
	orderId: ORDER_ID,
	orderIdType: 'DSCO_ORDER_ID',
	cancelCode: 'CXSS',
	lineItemsInput: 'json',
	lineItemsJson: JSON.stringify([{ sku: SKU, lineNumber: 1, cancelledQuantity: 1 }]),
	options: { waitForResult: false },
});
const cancelEntry = {
	id: ORDER_ID,
	type: 'DSCO_ORDER_ID',
	lineItems: [{ sku: SKU, lineNumber: 1, cancelledQuantity: 1, cancelCode: 'CXSS' }],
};

const invoice = (sendMode: 'single' | 'batch', options: IDataObject = {}) => ({
	resource: 'invoice',
	operation: 'create',
	sendMode,
	invoiceId: 'INV-HOSTILE-1',
	orderId: ORDER_ID,
	orderIdType: 'DSCO_ORDER_ID',
	totalAmount: 10,
	lineItemsInput: 'json',
	lineItemsJson: JSON.stringify([{ sku: SKU, quantity: 1, unitPrice: 10, lineNumber: 1 }]),
	options,
});

const RETURN_ID = '300010001';
const returnLines = [{ sku: SKU, lineNumber: 1, quantity: 1 }];
const returnWrite = (operation: 'update' | 'complete', sendMode: 'sync' | 'batch') => ({
	resource: 'return',
	operation,
	sendMode,
	returnIdType: 'dscoReturnId',
	returnId: RETURN_ID,
	trackingNumber: '1ZHOSTILERET',
	lineItemsInput: 'json',
	lineItemsJson: JSON.stringify(
		operation === 'update' ? returnLines : [{ sku: SKU, lineNumber: 1, response: 'accepted' }],
	),
	options: { waitForResult: false },
});
const returnUpdateBody = {
	dscoReturnId: RETURN_ID,
	packages: [{ trackingNumber: '1ZHOSTILERET', lineItems: returnLines }],
};
const returnCompleteBody = {
	dscoReturnId: RETURN_ID,
	lineItems: [{ sku: SKU, lineNumber: 1, response: 'accepted' }],
};

// ---- trigger

/** The trigger's stream: listed with one partition at P0, under whatever id the trigger asks for. */
const P0 = 'z/2025/11/21/06/34/1763706868903-0174608';
const E1 = 'z/2025/11/21/06/35/1763706900000-0000001';
const streamListed = () =>
	dsco()
		.get(`${BASE_PATH}/stream`)
		.query(true)
		.reply(200, (uri) => [
			{
				id: new URL(uri, BASE).searchParams.get('id'),
				objectType: 'order',
				query: { queryType: 'order' },
				partitions: [{ partitionId: 0, position: P0, status: 'active' }],
			},
		]);
const streamPath = (position: string) =>
	new RegExp(`^/api/v3/stream/n8n-[0-9a-f]{32}/0/${encodeURIComponent(position)}$`);
const pathOnly = /^\/stream\/n8n-[0-9a-f]{32}\/0\//;

/** Polls a stream-mode trigger `polls` times (all but the last answered as documented) and reports the last poll. */
const trigger =
	(parameters: IDataObject, polls: number) =>
	async (h: Harness): Promise<Seen> => {
		const t = new TriggerProcess(h, parameters);
		const items: IDataObject[] = [];
		for (let k = 1; k < polls; k++) {
			const outcome = await t.poll();
			if (outcome.error)
				return {
					error: {
						message: `poll ${k} (before the hostile answer) failed: ${outcome.error.message}`,
					},
					items,
				};
		}
		const last = await t.poll();
		return {
			error: last.error
				? { message: last.error.message, description: last.error.description }
				: undefined,
			items: (last.items ?? []).map((i) => i.json),
		};
	};

/** A return and a catalog item as their streams carry them. */
const theReturn = () => ({
	dscoReturnId: 'R-HOSTILE-1',
	dscoOrderId: ORDER_ID,
	status: 'created',
	createDate: '2025-11-21T06:35:00+00:00',
	lineItems: [{ sku: SKU, lineNumber: 1, quantity: 1, reasonCode: 'DAMAGED' }],
});
const theCatalogItem = () => ({
	sku: SKU,
	dscoItemId: '1500000001',
	title: 'Hostile item',
	productStatus: 'active',
	dscoLastUpdateDate: '2025-11-21T06:35:00+00:00',
});

/**
 * The stream read and commit rows of one trigger event: the read of its stream gets the hostile answer; or one
 * event of its object type is read and delivered, and the confirmation of its position gets it.
 */
function streamRows(
	label: string,
	parameters: IDataObject,
	payload: () => IDataObject,
	eventReasons: string[],
): Family[] {
	const prefix = label ? `Trigger, ${label}` : 'Trigger';
	return [
		{
			group: 'streams',
			name: `${prefix}: stream read (GET /stream/{id}/0/{position})`,
			method: 'GET',
			path: pathOnly,
			status: 200,
			before: streamListed,
			intercept: (a) => dsco().get(streamPath(P0)).reply(a.status, a.body, a.headers),
			run: trigger(parameters, 2),
			// No position is confirmed after an unreadable page.
			calls: [
				{ method: 'GET', path: '/stream' },
				{ method: 'GET', path: `/stream/{id}/0/${encodeURIComponent(P0)}` },
			],
		},
		{
			group: 'streams',
			name: `${prefix}: stream commit (PUT /stream/{id}/0/{position})`,
			method: 'PUT',
			path: pathOnly,
			status: 200,
			before: () => {
				streamListed();
				dsco()
					.get(streamPath(P0))
					.reply(200, {
						partitionId: 0,
						events: [{ id: E1, source: 'stream', payload: payload(), eventReasons }],
					});
				dsco().get(streamPath(E1)).reply(200, { partitionId: 0, events: [] });
			},
			intercept: (a) => dsco().put(streamPath(E1)).reply(a.status, a.body, a.headers),
			run: trigger(parameters, 3),
			// The third poll confirms the second poll's position first; nothing is read on after an unreadable confirmation.
			calls: [
				{ method: 'GET', path: '/stream' },
				{ method: 'GET', path: `/stream/{id}/0/${encodeURIComponent(P0)}` },
				{ method: 'GET', path: `/stream/{id}/0/${encodeURIComponent(E1)}` },
				{ method: 'PUT', path: `/stream/{id}/0/${encodeURIComponent(E1)}` },
			],
		},
	];
}

/** A one-item catalog file (the fields ItemCatalog requires). */
const CATALOG_CSV = `sku,title,productStatus\n${SKU},A shirt,active\n`;

function inMemoryCsv(
	csv = `sku,warehouse,quantity\n${SKU},WH-1,3\n`,
	fileName = 'stock.csv',
): INodeExecutionData {
	return {
		json: {},
		binary: {
			data: {
				data: Buffer.from(csv).toString('base64'),
				mimeType: 'text/csv',
				fileName,
				fileExtension: 'csv',
			},
		},
	};
}

export const FAMILIES: Family[] = [
	{
		group: 'reads',
		name: 'Order → Get',
		method: 'GET',
		path: '/order/',
		status: 200,
		run: action({ resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: ORDER_ID }),
		calls: [{ method: 'GET', path: '/order/' }],
	},
	{
		group: 'reads',
		name: 'Inventory → Get',
		method: 'GET',
		path: '/inventory',
		status: 200,
		run: action({ resource: 'inventory', operation: 'get', itemKey: 'sku', value: SKU }),
		calls: [{ method: 'GET', path: '/inventory' }],
	},
	{
		group: 'reads',
		name: 'Catalog → Get',
		method: 'GET',
		path: '/catalog',
		status: 200,
		run: action({ resource: 'catalog', operation: 'get', itemKey: 'sku', value: SKU }),
		calls: [{ method: 'GET', path: '/catalog' }],
	},
	{
		group: 'paging',
		name: 'Order → Get Many',
		method: 'GET',
		path: '/order/page',
		status: 200,
		run: action({
			resource: 'order',
			operation: 'getMany',
			window: 'created',
			since: '2025-11-01T00:00:00Z',
			returnAll: true,
			filters: { until: '2025-11-20T00:00:00Z' },
		}),
		calls: [{ method: 'GET', path: '/order/page' }],
	},
	{
		group: 'reads',
		name: 'Return → Get (/return/page by its ID)',
		method: 'GET',
		path: '/return/page',
		status: 200,
		run: action({
			resource: 'return',
			operation: 'get',
			returnIdType: 'dscoReturnId',
			returnId: RETURN_ID,
		}),
		calls: [{ method: 'GET', path: '/return/page' }],
	},
	{
		group: 'paging',
		name: 'Return → Get Many',
		method: 'GET',
		path: '/return/page',
		status: 200,
		run: action({
			resource: 'return',
			operation: 'getMany',
			searchBy: 'window',
			window: 'updated',
			since: '2025-11-01T00:00:00Z',
			returnAll: true,
			filters: { until: '2025-11-20T00:00:00Z' },
		}),
		calls: [{ method: 'GET', path: '/return/page' }],
	},
	{
		group: 'sync writes',
		name: 'Return → Update (sync)',
		method: 'POST',
		path: '/return/update',
		status: 201,
		run: action(returnWrite('update', 'sync')),
		calls: [{ method: 'POST', path: '/return/update', body: returnUpdateBody }],
	},
	{
		group: 'sync writes',
		name: 'Return → Complete (sync)',
		method: 'PUT',
		path: '/return/',
		status: 200,
		run: action(returnWrite('complete', 'sync')),
		calls: [{ method: 'PUT', path: '/return/', body: returnCompleteBody }],
	},
	{
		group: 'batch writes',
		name: 'Return → Complete (batch)',
		method: 'POST',
		path: '/return/batch/small',
		status: 202,
		run: action(returnWrite('complete', 'batch')),
		calls: [{ method: 'POST', path: '/return/batch/small', body: [returnCompleteBody] }],
	},
	{
		group: 'change-log waits',
		name: 'Return Update batch, Wait for Result (/return/log)',
		method: 'GET',
		path: '/return/log',
		status: 200,
		before: () =>
			dsco()
				.post(`${BASE_PATH}/return/batch/small`, [returnUpdateBody])
				.query({ operation: 'update' })
				.reply(202, accepted('req-ret-1')),
		intercept: (a) =>
			dsco()
				.get(`${BASE_PATH}/return/log`)
				.query({ requestId: 'req-ret-1' })
				.reply(a.status, a.body, a.headers),
		run: action({
			...returnWrite('update', 'batch'),
			options: { waitForResult: true, waitTimeoutSeconds: 30 },
		}),
		calls: [
			{ method: 'POST', path: '/return/batch/small', body: [returnUpdateBody] },
			{ method: 'GET', path: '/return/log' },
		],
	},
	{
		group: 'paging',
		name: 'Trigger, date window (order search)',
		method: 'GET',
		path: '/order/page',
		status: 200,
		run: trigger({ event: 'newOrder', mode: 'dateWindow' }, 1),
		calls: [{ method: 'GET', path: '/order/page' }],
	},
	{
		group: 'paging',
		name: 'Trigger, date window (return search)',
		method: 'GET',
		path: '/return/page',
		status: 200,
		run: trigger({ event: 'newReturn', mode: 'dateWindow' }, 1),
		calls: [{ method: 'GET', path: '/return/page' }],
	},
	{
		group: 'sync writes',
		name: 'Shipment → Create (single shipment)',
		method: 'POST',
		path: '/order/singleShipment',
		status: 201,
		before: orderRead,
		run: action(shipment),
		calls: [
			{ method: 'GET', path: '/order/' },
			{
				method: 'POST',
				path: '/order/singleShipment',
				body: {
					dscoOrderId: ORDER_ID,
					shipments: [
						{
							trackingNumber: '1ZHOSTILE01',
							shipCarrier: 'UPS',
							shipMethod: 'Ground',
							shippingServiceLevelCode: 'UPCG',
							lineItems: lines,
						},
					],
				},
			},
		],
	},
	{
		group: 'sync writes',
		name: 'Inventory → Update (single item)',
		method: 'POST',
		path: '/inventory/singleItem',
		status: 201,
		run: action(inventory({ sendMode: 'single' })),
		calls: [{ method: 'POST', path: '/inventory/singleItem', body: inventoryBody }],
	},
	{
		group: 'sync writes',
		name: 'Invoice → Create (single)',
		method: 'POST',
		path: '/invoice',
		status: 201,
		run: action(invoice('single')),
		calls: [{ method: 'POST', path: '/invoice', body: expectInvoice() }],
	},
	{
		group: 'sync writes',
		name: 'Cancellation → Cancel Lines (sync)',
		method: 'POST',
		path: '/order/item/cancel',
		status: 200,
		before: orderRead,
		run: action(cancel('sync')),
		calls: [
			{ method: 'GET', path: '/order/' },
			{ method: 'POST', path: '/order/item/cancel', body: cancelEntry },
		],
	},
	{
		group: 'batch writes',
		name: 'Acknowledgment → Acknowledge',
		method: 'POST',
		path: '/order/acknowledge',
		status: 202,
		run: action(ack(false)),
		calls: [{ method: 'POST', path: '/order/acknowledge', body: ackBody }],
	},
	{
		group: 'batch writes',
		name: 'Inventory → Update (batch)',
		method: 'POST',
		path: '/inventory/batch/small',
		status: 202,
		run: action(inventory({ options: { waitForResult: false } })),
		calls: [{ method: 'POST', path: '/inventory/batch/small', body: [inventoryBody] }],
	},
	{
		group: 'batch writes',
		name: 'Catalog → Create or Update',
		method: 'POST',
		path: '/catalog/batch/small',
		status: 202,
		run: action(catalog({ waitForResult: false })),
		calls: [{ method: 'POST', path: '/catalog/batch/small', body: catalogBody }],
	},
	{
		group: 'batch writes',
		name: 'Cancellation → Cancel Lines (batch)',
		method: 'POST',
		path: '/order/item/cancel/batch/small',
		status: 202,
		before: orderRead,
		run: action(cancel('batch')),
		calls: [
			{ method: 'GET', path: '/order/' },
			{ method: 'POST', path: '/order/item/cancel/batch/small', body: [cancelEntry] },
		],
	},
	{
		group: 'batch writes',
		name: 'Invoice → Create (batch)',
		method: 'POST',
		path: '/invoice/batch/small',
		status: 202,
		run: action(invoice('batch', { waitForResult: false })),
		calls: [{ method: 'POST', path: '/invoice/batch/small', body: [expectInvoice()] }],
	},
	{
		group: 'change-log waits',
		name: 'Acknowledge, Wait for Result (/order/log)',
		method: 'GET',
		path: '/order/log',
		status: 200,
		before: () =>
			dsco().post(`${BASE_PATH}/order/acknowledge`, ackBody).reply(202, accepted('req-ack-1')),
		intercept: (a) =>
			dsco()
				.get(`${BASE_PATH}/order/log`)
				.query({ requestId: 'req-ack-1' })
				.reply(a.status, a.body, a.headers),
		run: action(ack(true)),
		calls: [
			{ method: 'POST', path: '/order/acknowledge', body: ackBody },
			{ method: 'GET', path: '/order/log' },
		],
	},
	{
		group: 'change-log waits',
		name: 'Inventory batch, Wait for Result (/inventory/log)',
		method: 'GET',
		path: '/inventory/log',
		status: 200,
		before: () =>
			dsco()
				.post(`${BASE_PATH}/inventory/batch/small`, [inventoryBody])
				.reply(202, accepted('req-inv-1')),
		intercept: (a) =>
			dsco()
				.get(`${BASE_PATH}/inventory/log`)
				.query({ requestId: 'req-inv-1' })
				.reply(a.status, a.body, a.headers),
		run: action(inventory({ options: { waitForResult: true, waitTimeoutSeconds: 30 } })),
		calls: [
			{ method: 'POST', path: '/inventory/batch/small', body: [inventoryBody] },
			{ method: 'GET', path: '/inventory/log' },
		],
	},
	{
		group: 'change-log waits',
		name: 'Catalog, Wait for Result (/catalog/log)',
		method: 'GET',
		path: '/catalog/log',
		status: 200,
		before: () =>
			dsco()
				.post(`${BASE_PATH}/catalog/batch/small`, catalogLine)
				.reply(202, accepted('req-cat-1')),
		intercept: (a) =>
			dsco()
				.get(`${BASE_PATH}/catalog/log`)
				.query({ requestId: 'req-cat-1' })
				.reply(a.status, a.body, a.headers),
		run: action(catalog({ waitForResult: true, waitTimeoutSeconds: 30 })),
		calls: [
			{ method: 'POST', path: '/catalog/batch/small', body: catalogBody },
			{ method: 'GET', path: '/catalog/log' },
		],
	},
	{
		group: 'change-log waits',
		name: 'Change Log → Get (/invoice/log)',
		method: 'GET',
		path: '/invoice/log',
		status: 200,
		intercept: (a) =>
			dsco()
				.get(`${BASE_PATH}/invoice/log`)
				.query({ requestId: 'req-inv-9' })
				.reply(a.status, a.body, a.headers),
		run: action({
			resource: 'changeLog',
			operation: 'get',
			logType: 'invoice',
			requestId: 'req-inv-9',
		}),
		calls: [{ method: 'GET', path: '/invoice/log' }],
	},
	{
		group: 'streams',
		name: 'Trigger: stream lookup (GET /stream)',
		method: 'GET',
		path: '/stream',
		status: 200,
		run: trigger({ event: 'newOrder' }, 1),
		// Nothing is created on an answer that says nothing about the stream.
		calls: [{ method: 'GET', path: '/stream' }],
	},
	...streamRows('', { event: 'newOrder' }, theOrder, ['create']),
	...streamRows('New Return', { event: 'newReturn' }, theReturn, []),
	...streamRows('Catalog Item Changed', { event: 'catalogItemChanged' }, theCatalogItem, [
		'catalog_attribute_changed',
	]),
	{
		group: 'upload',
		name: 'Inventory → Update From File (POST /inventory/batch/large)',
		method: 'POST',
		path: '/inventory/batch/large',
		status: 200,
		run: async (h) =>
			seenOf(
				await h.run({ resource: 'inventory', operation: 'updateFromFile' }, [], {
					items: [inMemoryCsv()],
					continueOnFail: true,
				}),
			),
		// No upload URL, so no upload anywhere.
		calls: [{ method: 'POST', path: '/inventory/batch/large' }],
	},
	{
		group: 'upload',
		name: 'Catalog → Update From File (POST /catalog/batch/large)',
		method: 'POST',
		path: '/catalog/batch/large',
		status: 200,
		run: async (h) =>
			seenOf(
				await h.run({ resource: 'catalog', operation: 'updateFromFile' }, [], {
					items: [inMemoryCsv(CATALOG_CSV, 'items.csv')],
					continueOnFail: true,
				}),
			),
		// No upload URL, so no upload anywhere.
		calls: [{ method: 'POST', path: '/catalog/batch/large' }],
	},
	{
		group: 'change-log waits',
		name: 'Catalog → Update From File, Wait for Result (/catalog/log)',
		method: 'GET',
		path: '/catalog/log',
		status: 200,
		before: () => {
			dsco().post(`${BASE_PATH}/catalog/batch/large`).reply(200, {
				status: 'success',
				requestId: 'req-cat-1',
				eventDate: '2026-01-05T10:00:00Z',
				dataUrl: 'https://uploads.example.com/cat-1?sig=abc',
			});
			nock('https://uploads.example.com').put('/cat-1').query(true).reply(200);
		},
		intercept: (a) =>
			dsco()
				.get(`${BASE_PATH}/catalog/log`)
				.query({ requestId: 'req-cat-1' })
				.reply(a.status, a.body, a.headers),
		run: async (h) =>
			seenOf(
				await h.run({ resource: 'catalog', operation: 'updateFromFile' }, [], {
					items: [inMemoryCsv(CATALOG_CSV, 'items.csv')],
					continueOnFail: true,
				}),
			),
		calls: [
			{ method: 'POST', path: '/catalog/batch/large' },
			{ method: 'GET', path: '/catalog/log' },
		],
	},
	{
		group: 'change-log waits',
		name: 'Change Log → Get (/catalog/log)',
		method: 'GET',
		path: '/catalog/log',
		status: 200,
		intercept: (a) =>
			dsco()
				.get(`${BASE_PATH}/catalog/log`)
				.query({ requestId: 'req-cat-9' })
				.reply(a.status, a.body, a.headers),
		run: action({
			resource: 'changeLog',
			operation: 'get',
			logType: 'catalog',
			requestId: 'req-cat-9',
		}),
		calls: [{ method: 'GET', path: '/catalog/log' }],
	},
];

// ---- shipping documents (labels, packing slips)

/** An order a label can be made for: full ship-to, retailer and supplier, carrier-specific ship codes. */
const labelOrder = () =>
	order(Number(ORDER_ID), {
		dscoRetailerId: 'R-1',
		dscoSupplierId: 'S-1',
		shipCarrier: 'UPS',
		shippingServiceLevelCode: 'UPCG',
		shipping: {
			name: 'A Person',
			address: ['1 Main St'],
			city: 'Austin',
			region: 'TX',
			postal: '78701',
			country: 'US',
		},
		lineItems: [{ lineNumber: 1, quantity: 2, sku: SKU }],
	});
const labelOrderRead = () =>
	dsco()
		.get(`${BASE_PATH}/order/`)
		.query({ orderKey: 'dscoOrderId', value: ORDER_ID })
		.reply(200, labelOrder());
export const labelParams = (extra: IDataObject = {}): IDataObject => ({
	resource: 'shippingLabel',
	operation: 'create',
	orderId: ORDER_ID,
	packageType: 'BOX',
	packageWeight: 3,
	shipFromSource: 'address',
	shipFromAddress: {
		address: {
			name: 'Dock 1',
			address1: '9 Pier Rd',
			city: 'Newark',
			state: 'NJ',
			postal: '07105',
			country: 'US',
		},
	},
	...extra,
});
export const labelBody = {
	carrier: 'UPS',
	carrierServiceLevel: 'UPCG',
	carrierSpecs: { weightUnits: 'lbs' },
	currencyCode: 'USD',
	// The address's Address Type is Commercial unless changed (n8n fills a fixedCollection entry's defaults).
	fromAddress: {
		name: 'Dock 1',
		address: ['9 Pier Rd'],
		city: 'Newark',
		state: 'NJ',
		postal: '07105',
		country: 'US',
		addressType: 'commercial',
	},
	labelFormats: 'pdf',
	orderId: ORDER_ID,
	packageType: 'BOX',
	packageWeight: 3,
	referenceId: `PO-${ORDER_ID}`,
	retailerId: 'R-1',
	supplierId: 'S-1',
	toAddress: {
		name: 'A Person',
		address: ['1 Main St'],
		city: 'Austin',
		state: 'TX',
		postal: '78701',
		country: 'US',
	},
	customLabelEntries: { poNumber: `PO-${ORDER_ID}` },
};
export { labelOrderRead };

export const SHIPPING_FAMILIES: Family[] = [
	{
		group: 'shipping documents',
		name: 'Shipping Label → Create (POST /shippinglabels)',
		method: 'POST',
		path: '/shippinglabels',
		status: 200,
		before: labelOrderRead,
		run: action(labelParams()),
		// A label that may have been bought is never asked for twice, and nothing is downloaded.
		calls: [
			{ method: 'GET', path: '/order/' },
			{ method: 'POST', path: '/shippinglabels', body: [labelBody] },
		],
	},
	{
		group: 'shipping documents',
		name: 'Shipping Label → Create, ship-from warehouse (GET /warehouse/page)',
		method: 'GET',
		path: '/warehouse/page',
		status: 200,
		before: labelOrderRead,
		run: action(labelParams({ shipFromSource: 'warehouse', warehouseCode: 'WH01' })),
		calls: [
			{ method: 'GET', path: '/order/' },
			{ method: 'GET', path: '/warehouse/page' },
		],
	},
	{
		group: 'shipping documents',
		name: 'Packing Slip → Create (POST /packingslip)',
		method: 'POST',
		path: '/packingslip',
		status: 202,
		run: action({ resource: 'packingSlip', operation: 'create', orderId: ORDER_ID }),
		calls: [{ method: 'POST', path: '/packingslip', body: { dscoOrderId: Number(ORDER_ID) } }],
	},
	{
		group: 'shipping documents',
		name: 'Packing Slip → Get (GET /packingslip)',
		method: 'GET',
		path: '/packingslip',
		status: 200,
		run: action({
			resource: 'packingSlip',
			operation: 'get',
			requestId: 'req-slip-1',
			options: { waitTimeoutSeconds: 0 },
		}),
		calls: [{ method: 'GET', path: '/packingslip' }],
	},
];
FAMILIES.push(...SHIPPING_FAMILIES);

function expectInvoice(): IDataObject {
	return {
		invoiceId: 'INV-HOSTILE-1',
		dscoOrderId: ORDER_ID,
		totalAmount: 10,
		lineItems: [{ sku: SKU, quantity: 1, unitPrice: 10, lineNumber: 1 }],
	};
}

/** The recorded path with the stream id replaced, so that rows can name stream paths without the derived id. */
export function normalisedPath(path: string): string {
	return path.replace(/^\/stream\/n8n-[0-9a-f]{32}\//, '/stream/{id}/');
}
