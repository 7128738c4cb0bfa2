/**
 * The order resource locator (`order`, node version 2) and its list (`searchOrders`), inside n8n's engine:
 * - every operation that acts on one order sends DSCO the same requests with the locator, in each of its modes, as a
 *   saved version 1 node does with Order ID / Order ID Type (Order Key / Value on Order → Get), against the simulator;
 * - bad locator input is refused naming the item and the field, and nothing is sent;
 * - the order list against the simulator (what it shows, PO search, paging by DSCO's scrollId) and against hostile
 *   answers through nock (errors as n8n shows them in a dropdown).
 */
import nock from 'nock';
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import {
	MAX_ORDER_PAGES_PER_SEARCH,
	ORDER_LIST_DAYS,
	ORDER_LIST_PAGE_SIZE,
} from '../../nodes/Dsco/methods/listSearch';
import type { Order } from '../simulator/types';
import { BASE, BASE_PATH, CLIENT_SECRET, TOKENS, oauthCredential } from './fixtures';
import { PACKAGE, createHarness, type Harness } from './harness';
import { useNock } from './nockSetup';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness | undefined;
afterEach(async () => {
	await s?.sim.close();
	s = undefined;
});

const rl = (value: string, mode: string) => ({ __rl: true, mode, value });
const SUPPLIER_ORDER_NUMBER = 'SO-LOC-1';

/** A simulator with three plain orders (same seed every time: the same orders and state). */
async function freshSimulator(): Promise<{ s: SimHarness; order: Order }> {
	s = await simHarness({
		orders: 3,
		testOrders: 0,
		marketplaceOrders: 0,
		cancelRequests: 0,
		packingSlipReadyMs: 0,
	});
	const order = s.sim.orders()[0];
	return { s, order };
}

/** What DSCO received that the order reference decides: writes and reads, without token calls or result polling. */
function sent(sim: SimHarness['sim']) {
	return sim.requests
		.filter(
			(r) =>
				r.path !== '/oauth2/token' &&
				!r.path.endsWith('/log') &&
				!r.path.startsWith('/__files') &&
				!(r.method === 'GET' && r.path === '/packingslip'),
		)
		.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body }));
}

interface OperationCase {
	name: string;
	params: (o: Order) => IDataObject;
	/** Before the run, in every fresh simulator (v1 and v2 alike). */
	prepare?: (sim: SimHarness['sim'], o: Order) => void;
	/** Order → Get's version 1 parameters are Order Key + Value. */
	orderKeyAndValue?: boolean;
	/** The request that carries the order, to check it is there at all. */
	path: string;
}

const firstLine = (o: Order) => o.lineItems[0];
const CASES: OperationCase[] = [
	{
		name: 'Order → Get',
		params: () => ({ resource: 'order', operation: 'get' }),
		orderKeyAndValue: true,
		path: '/order/',
	},
	{
		name: 'Order → Update Estimated Ship Date',
		params: () => ({
			resource: 'order',
			operation: 'updateEstimatedShipDate',
			estimatedShipDate: '2030-01-02T00:00:00Z',
			lineSelection: 'all',
		}),
		path: '/orderupdate/batch/small',
	},
	{
		name: 'Acknowledgment → Acknowledge',
		params: () => ({ resource: 'acknowledgment', operation: 'acknowledge' }),
		path: '/order/acknowledge',
	},
	{
		name: 'Acknowledgment → Acknowledge Lines',
		params: (o) => ({
			resource: 'acknowledgment',
			operation: 'acknowledgeLines',
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([
				{
					lineNumber: firstLine(o).lineNumber,
					sku: firstLine(o).sku,
					acceptedQuantity: firstLine(o).quantity,
				},
			]),
		}),
		path: '/order/acknowledge/items',
	},
	{
		name: 'Cancellation → Cancel Lines',
		params: (o) => ({
			resource: 'cancellation',
			operation: 'cancelLines',
			cancelCode: 'CXSS',
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([
				{ sku: firstLine(o).sku, lineNumber: firstLine(o).lineNumber, cancelledQuantity: 1 },
			]),
		}),
		path: '/order/item/cancel',
	},
	{
		name: 'Cancellation → Respond to Request',
		params: () => ({ resource: 'cancellation', operation: 'respondToRequest' }),
		prepare: (sim, o) => sim.requestCancel(o.dscoOrderId, 'CXCR'),
		path: '/order/item/cancel',
	},
	{
		name: 'Shipment → Create',
		params: (o) => ({
			resource: 'shipment',
			operation: 'create',
			trackingNumber: '1ZLOCATOR1',
			shipCodeSource: 'order',
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([
				{
					sku: firstLine(o).sku,
					lineNumber: firstLine(o).lineNumber,
					quantity: firstLine(o).quantity,
				},
			]),
		}),
		path: '/order/singleShipment',
	},
	{
		name: 'Invoice → Create',
		params: (o) => ({
			resource: 'invoice',
			operation: 'create',
			invoiceId: 'INV-LOC-1',
			totalAmount: 10,
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([{ sku: firstLine(o).sku, quantity: 1, unitPrice: 10 }]),
			sendMode: 'single',
		}),
		path: '/invoice',
	},
	{
		name: 'Shipping Label → Create',
		params: () => ({
			resource: 'shippingLabel',
			operation: 'create',
			packageWeight: 2.5,
			length: 12,
			width: 9,
			height: 4,
			warehouseCode: 'WH01',
		}),
		path: '/shippinglabels',
	},
	{
		name: 'Packing Slip → Create',
		params: () => ({ resource: 'packingSlip', operation: 'create' }),
		path: '/packingslip',
	},
];

/** Version 1 keys (Order ID Type) and the version 2 modes that must send the same. */
const KEYS: Array<{
	type: string;
	key: 'dscoOrderId' | 'poNumber' | 'supplierOrderNumber';
	modes: Array<'list' | 'dscoOrderId' | 'poNumber' | 'supplierOrderNumber'>;
}> = [
	{ type: 'DSCO_ORDER_ID', key: 'dscoOrderId', modes: ['list', 'dscoOrderId'] },
	{ type: 'PO_NUMBER', key: 'poNumber', modes: ['poNumber'] },
	{ type: 'SUPPLIER_ORDER_NUMBER', key: 'supplierOrderNumber', modes: ['supplierOrderNumber'] },
];

/** The order's identifiers as the input item holds them (the supplier order number is given by `prepare` below). */
const inputOf = (o: Order) => ({
	dscoOrderId: o.dscoOrderId,
	poNumber: o.poNumber,
	supplierOrderNumber: SUPPLIER_ORDER_NUMBER,
});

/** Runs one operation in a fresh simulator whose order has a supplier order number, and returns what DSCO received. */
async function runFresh(
	c: OperationCase,
	orderParams: (o: Order) => IDataObject,
	typeVersion: number,
) {
	const { s: fresh, order } = await freshSimulator();
	// Record a supplier order number on the order, in every run alike, so that it can be referred to by it.
	const ack = await fresh.h.run({
		resource: 'acknowledgment',
		operation: 'acknowledge',
		orderId: order.dscoOrderId,
		orderIdType: 'DSCO_ORDER_ID',
		additionalFields: { supplierOrderNumber: SUPPLIER_ORDER_NUMBER },
	});
	expect(ack.error).toBeUndefined();
	await fresh.sim.settle();
	expect(fresh.sim.getOrder(order.dscoOrderId)!.supplierOrderNumber).toBe(SUPPLIER_ORDER_NUMBER);
	c.prepare?.(fresh.sim, order);
	fresh.sim.clearRequests();
	const run = await fresh.h.run({ ...c.params(order), ...orderParams(order) }, [inputOf(order)], {
		typeVersion,
	});
	const requests = sent(fresh.sim);
	await fresh.sim.close();
	s = undefined;
	return { run, requests, order };
}

describe('each operation sends the same with the order locator, in each mode, as with the version 1 parameters', () => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		for (const { type, key, modes } of KEYS) {
			const v1 = await runFresh(
				c,
				(o) =>
					c.orderKeyAndValue
						? { orderKey: key, value: inputOf(o)[key] }
						: { orderId: inputOf(o)[key], orderIdType: type },
				1,
			);
			expect(v1.run.error).toBeUndefined();
			expect(v1.requests.some((r) => r.path === c.path)).toBe(true);
			for (const mode of modes) {
				// Literal values and expressions both: From List and By PO Number literal, the others by expression.
				const locator = (o: Order) =>
					mode === 'list' || mode === 'poNumber'
						? rl(inputOf(o)[key], mode)
						: rl(`={{ $json.${key} }}`, mode);
				// Version 2's Send Mode values are sync | batch (version 1's invoice said single).
				const v2 = await runFresh(
					c,
					(o) => ({
						order: locator(o),
						...(c.params(o).sendMode === 'single' ? { sendMode: 'sync' } : {}),
					}),
					2,
				);
				expect({ type, mode, error: v2.run.error?.message }).toEqual({
					type,
					mode,
					error: undefined,
				});
				expect({ type, mode, requests: v2.requests }).toEqual({
					type,
					mode,
					requests: v1.requests,
				});
				expect(v2.run.items.map((i) => i.json.status)).toEqual(
					v1.run.items.map((i) => i.json.status),
				);
			}
		}
	});
});

describe('bad order locator input: an error naming the item and the field, nothing sent', () => {
	const ack = { resource: 'acknowledgment', operation: 'acknowledge' };
	const apiCalls = () => s!.sim.requests.filter((r) => r.path !== '/oauth2/token');

	it.each([
		[
			'an expression giving nothing (From List)',
			rl('={{ $json.missing }}', 'list'),
			{},
			'Invalid "Order (From List)" [item 0]: it is empty; give a value',
		],
		[
			'an empty PO number',
			rl('  ', 'poNumber'),
			{},
			'Invalid "Order (By PO Number)" [item 0]: it is empty; give a value (got string)',
		],
		[
			'an expression giving an object',
			rl('={{ $json.order }}', 'dscoOrderId'),
			{ order: { dscoOrderId: '1' } },
			'Invalid "Order (By DSCO Order ID)" [item 0]: the expression gave an object ("{"dscoOrderId":"1"}"), not a DSCO Order ID; give one value, e.g. {{ $json.dscoOrderId }}',
		],
		[
			'an expression giving a list',
			rl('={{ $json.ids }}', 'poNumber'),
			{ ids: ['PO-1', 'PO-2'] },
			'Invalid "Order (By PO Number)" [item 0]: the expression gave a list ("["PO-1","PO-2"]"), not a PO Number; give one value, e.g. {{ $json.poNumber }}',
		],
		[
			'letters as a DSCO order ID',
			rl('PO-1', 'dscoOrderId'),
			{},
			'Invalid "Order (By DSCO Order ID)" [item 0]: a DSCO order ID is all digits (got "PO-1")',
		],
		[
			'a mode the node does not have',
			rl('https://app.dsco.io/order/1', 'url'),
			{},
			'Invalid "Order" [item 0]: mode "url" is not one of list, dscoOrderId, poNumber, supplierOrderNumber',
		],
	])('%s', async (_kind, order, input, message) => {
		await freshSimulator();
		const { error } = await s!.h.run({ ...ack, order }, [input], { typeVersion: 2 });
		expect(error?.message).toBe(message);
		expect(error?.description).toContain('nothing was sent to DSCO for this item');
		expect(apiCalls()).toEqual([]);
	});

	it("a From List left empty is n8n's own required-parameter issue: the workflow does not start, nothing is sent", async () => {
		await freshSimulator();
		await expect(
			s!.h.run({ ...ack, order: rl('', 'list') }, [{}], { typeVersion: 2 }),
		).rejects.toThrow('Parameter "Order" is required.');
		expect(apiCalls()).toEqual([]);
	});

	it('with Continue On Fail, the bad item becomes an error item and the good one is still sent', async () => {
		const { order } = await freshSimulator();
		const { items, error } = await s!.h.run(
			{ ...ack, order: rl('={{ $json.id }}', 'dscoOrderId') },
			[{ id: {} }, { id: order.dscoOrderId }],
			{
				typeVersion: 2,
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(
			/^Invalid "Order \(By DSCO Order ID\)" \[item 0\]: the expression gave an object/,
		);
		const acks = s!.sim.requests.filter(
			(r) => r.method === 'POST' && r.path === '/order/acknowledge',
		);
		expect(acks.map((r) => r.body)).toEqual([[{ id: order.dscoOrderId, type: 'DSCO_ORDER_ID' }]]);
	});
});

describe("what n8n makes of each version's order parameters", () => {
	const { Dsco } = require('../../dist/nodes/Dsco/Dsco.node.js') as {
		Dsco: new () => { description: INodeTypeDescription };
	};
	const description = new Dsco().description;
	const resolved = (typeVersion: number, parameters: INodeParameters) => {
		const node: INode = {
			id: 'n',
			name: 'DSCO',
			type: `${PACKAGE}.dsco`,
			typeVersion,
			position: [0, 0],
			parameters,
		};
		return NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			node,
			description,
		)!;
	};

	it('version 1 keeps Order ID / Order ID Type (Order Key / Value on Order → Get); version 2 has only the locator', () => {
		const v1Ack = resolved(1, {
			resource: 'acknowledgment',
			operation: 'acknowledge',
			orderId: '42',
		});
		expect([v1Ack.orderId, v1Ack.orderIdType, v1Ack.order]).toEqual([
			'42',
			'DSCO_ORDER_ID',
			undefined,
		]);
		const v1Get = resolved(1, { resource: 'order', operation: 'get', value: '42' });
		expect([v1Get.orderKey, v1Get.value, v1Get.order]).toEqual(['dscoOrderId', '42', undefined]);
		for (const [resource, operation] of [
			['acknowledgment', 'acknowledge'],
			['order', 'get'],
			['invoice', 'create'],
		]) {
			const v2 = resolved(2, { resource, operation });
			expect(v2.order).toEqual({ __rl: true, mode: 'list', value: '' });
			expect([v2.orderId, v2.orderIdType, v2.orderKey, v2.value]).toEqual([
				undefined,
				undefined,
				undefined,
				undefined,
			]);
		}
	});

	it("operations that follow an order list default to By DSCO Order ID with the input's dscoOrderId, as version 1 did", () => {
		for (const resource of ['shipment', 'shippingLabel', 'packingSlip']) {
			expect(resolved(1, { resource, operation: 'create' }).orderId).toBe(
				'={{ $json.dscoOrderId }}',
			);
			expect(resolved(2, { resource, operation: 'create' }).order).toEqual({
				__rl: true,
				mode: 'dscoOrderId',
				value: '={{ $json.dscoOrderId }}',
			});
		}
	});
});

describe('the order list (searchOrders) against the simulator', () => {
	const pageCalls = () => s!.sim.requests.filter((r) => r.path === '/order/page');

	it(`shows recent orders as "PO · retailer · status" with the DSCO order ID as value; one search of the last ${ORDER_LIST_DAYS} days`, async () => {
		s = await simHarness({ orders: 6, testOrders: 1, marketplaceOrders: 0, cancelRequests: 1 });
		const result = await s.h.listSearch!('searchOrders');
		const orders = s.sim.orders();
		expect(result.paginationToken).toBeUndefined();
		expect(result.results.map((r) => r.value).sort()).toEqual(
			orders.map((o) => o.dscoOrderId).sort(),
		);
		// Newest first.
		const newestFirst = [...orders].sort((a, b) =>
			b.dscoCreateDate.localeCompare(a.dscoCreateDate),
		);
		expect(result.results.map((r) => r.value)).toEqual(newestFirst.map((o) => o.dscoOrderId));
		for (const o of orders) {
			const status = `${o.dscoLifecycle}${o.cancelRequested ? ', cancel requested' : ''}`;
			expect(result.results.find((r) => r.value === o.dscoOrderId)).toEqual({
				name: `${o.poNumber} · Simulated Retailer · ${status}${o.testFlag ? ' [test]' : ''}`,
				value: o.dscoOrderId,
				description: `DSCO order ${o.dscoOrderId}, created ${o.dscoCreateDate.slice(0, 10)}`,
			});
		}
		expect(result.results.filter((r) => r.name.endsWith(' [test]'))).toHaveLength(1);
		expect(result.results.filter((r) => r.name.includes('cancel requested'))).toHaveLength(1);
		const [call] = pageCalls();
		expect(pageCalls()).toHaveLength(1);
		expect(Object.keys(call.query).sort()).toEqual([
			'includeTestOrders',
			'ordersCreatedSince',
			'ordersPerPage',
			'until',
		]);
		expect(call.query).toMatchObject({
			includeTestOrders: 'true',
			ordersPerPage: String(ORDER_LIST_PAGE_SIZE),
		});
		const days =
			(Date.parse(String(call.query.until)) - Date.parse(String(call.query.ordersCreatedSince))) /
			86_400_000;
		expect(Math.round(days)).toBe(ORDER_LIST_DAYS);
		expect(s.sim.requests.filter((r) => r.path === '/tradingpartner')).toHaveLength(1);
	});

	it('searches by PO number (any part, any case), also by DSCO order ID; the value picks the order in a run', async () => {
		s = await simHarness({ orders: 5, testOrders: 0, marketplaceOrders: 0, cancelRequests: 0 });
		const [a, b] = s.sim.orders();
		const byPo = await s.h.listSearch!('searchOrders', {
			filter: a.poNumber.slice(-4).toLowerCase(),
		});
		expect(byPo.results.map((r) => r.value)).toContain(a.dscoOrderId);
		expect(
			byPo.results.every((r) =>
				String(r.name).toLowerCase().includes(a.poNumber.slice(-4).toLowerCase()),
			),
		).toBe(true);
		expect(
			(await s.h.listSearch!('searchOrders', { filter: b.dscoOrderId })).results.map(
				(r) => r.value,
			),
		).toEqual([b.dscoOrderId]);
		expect((await s.h.listSearch!('searchOrders', { filter: 'no such PO' })).results).toEqual([]);

		s.sim.clearRequests();
		const picked = byPo.results.find((r) => r.value === a.dscoOrderId)!;
		const { items, error } = await s.h.run(
			{
				resource: 'order',
				operation: 'get',
				order: { ...rl(String(picked.value), 'list'), cachedResultName: picked.name },
			},
			[{}],
			{ typeVersion: 2 },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.poNumber).toBe(a.poNumber);
		expect(s.sim.requests.filter((r) => r.path === '/order/').map((r) => r.query)).toEqual([
			{ orderKey: 'dscoOrderId', value: a.dscoOrderId },
		]);
	});

	it('pages with the scrollId as the pagination token: every order once, the next calls send only the scrollId', async () => {
		s = await simHarness({
			orders: ORDER_LIST_PAGE_SIZE + 30,
			testOrders: 0,
			marketplaceOrders: 0,
			cancelRequests: 0,
		});
		const seen: string[] = [];
		let token: string | undefined;
		let calls = 0;
		do {
			const page = await s.h.listSearch!('searchOrders', { paginationToken: token });
			seen.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken;
			calls++;
		} while (token && calls < 10);
		expect(seen.sort()).toEqual(
			s.sim
				.orders()
				.map((o) => o.dscoOrderId)
				.sort(),
		);
		// 100 + 30, then the empty page that ends the scroll.
		expect(pageCalls().map((r) => Object.keys(r.query).includes('scrollId'))).toEqual([
			false,
			true,
			true,
		]);
		expect(
			pageCalls()
				.slice(1)
				.every((r) => Object.keys(r.query).length === 1),
		).toBe(true);
	});
});

describe('the order list against hostile answers (nock)', () => {
	useNock();
	let h: Harness;
	let received: string[];
	beforeEach(async () => {
		h = await createHarness(oauthCredential);
		received = [];
	});
	const token = (t: string) =>
		nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: t, token_type: 'Bearer', expires_in: 3600 });
	const api = (t = TOKENS[0]) =>
		nock(BASE, { reqheaders: { authorization: `Bearer ${t}` } }).on('request', (req) =>
			received.push(req.path),
		);
	const order = (id: string, extra: IDataObject = {}) => ({
		dscoOrderId: id,
		poNumber: `PO-${id}`,
		dscoRetailerId: '1000051226',
		dscoLifecycle: 'created',
		lineItems: [],
		...extra,
	});
	const partners = [
		{
			accountId: '1000051226',
			tradingPartnerId: 'SIMRETAIL',
			tradingPartnerName: 'Simulated Retailer',
			status: 'active',
		},
	];

	it.each([
		[
			'an HTML page',
			'<html><body>Gateway</body></html>',
			'an HTML or XML page instead of a JSON object',
		],
		['an empty object', {}, '"orders" is missing, not a list'],
		[
			'an order without poNumber',
			{ orders: [{ dscoOrderId: '1', lineItems: [] }] },
			'orders[0]: "poNumber" is missing, not a string',
		],
	])(
		'a 200 with %s is an error naming the endpoint, never an empty list',
		async (_kind, body, problem) => {
			token(TOKENS[0]);
			api()
				.get(`${BASE_PATH}/order/page`)
				.query(true)
				.reply(200, body as nock.Body);
			const failure = h.listSearch!('searchOrders');
			await expect(failure).rejects.toMatchObject({
				message: expect.stringMatching(
					/^DSCO answered with an unexpected body: HTTP 200 from GET \/order\/page, /,
				),
				description: expect.stringContaining('Expected {orders: [Order…], scrollId?}'),
			});
			await expect(failure).rejects.toMatchObject({ message: expect.stringContaining(problem) });
			expect(received).toHaveLength(1);
		},
	);

	it('a 429 is waited out and retried; then the list shows, with the retailer name', async () => {
		token(TOKENS[0]);
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(429, { message: 'Too Many Requests' }, { 'Retry-After': '0' });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, {
				orders: [order('11'), order('12', { dscoLifecycle: 'acknowledged', testFlag: true })],
			});
		api().get(`${BASE_PATH}/tradingpartner`).reply(200, partners);
		expect(await h.listSearch!('searchOrders')).toEqual({
			results: [
				{ name: 'PO-11 · Simulated Retailer · created', value: '11', description: 'DSCO order 11' },
				{
					name: 'PO-12 · Simulated Retailer · acknowledged [test]',
					value: '12',
					description: 'DSCO order 12',
				},
			],
		});
		expect(received.map((p) => p.split('?')[0])).toEqual([
			`${BASE_PATH}/order/page`,
			`${BASE_PATH}/order/page`,
			`${BASE_PATH}/tradingpartner`,
		]);
	});

	it('a 401 fetches a new token once and sends the page call again with it', async () => {
		token(TOKENS[0]);
		token(TOKENS[1]);
		api(TOKENS[0])
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(401, { message: 'Unauthorized' });
		api(TOKENS[1])
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { orders: [order('21')] });
		api(TOKENS[1]).get(`${BASE_PATH}/tradingpartner`).reply(200, partners);
		expect((await h.listSearch!('searchOrders')).results.map((r) => r.value)).toEqual(['21']);
		expect(received).toHaveLength(3);
	});

	it("a 401 that lasts is shown as DSCO's refusal of the credentials", async () => {
		nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`)
			.times(20)
			.reply(200, { access_token: TOKENS[2], token_type: 'Bearer', expires_in: 3600 });
		nock(BASE)
			.on('request', (req) => received.push(req.path))
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.times(20)
			.reply(401, { message: 'Unauthorized' });
		await expect(h.listSearch!('searchOrders')).rejects.toMatchObject({
			httpCode: '401',
			message: expect.stringContaining('DSCO refused the credentials'),
		});
		// A few new tokens (the transport's bounded recoveries), never a loop.
		const pages = received.filter((p) => p.startsWith(`${BASE_PATH}/order/page`)).length;
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(pages).toBeLessThanOrEqual(8);
	});

	it(`a PO search without a match reads at most ${MAX_ORDER_PAGES_PER_SEARCH} pages per call, then hands n8n the scrollId`, async () => {
		token(TOKENS[0]);
		api()
			.get(`${BASE_PATH}/order/page`)
			.query((q) => !q.scrollId)
			.reply(200, { scrollId: 's1', orders: [order('31')] });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 's1' })
			.times(20)
			.reply(200, { scrollId: 's1', orders: [order('32')] });
		expect(await h.listSearch!('searchOrders', { filter: 'PO-99' })).toEqual({
			results: [],
			paginationToken: 's1',
		});
		expect(received).toHaveLength(MAX_ORDER_PAGES_PER_SEARCH);
	});

	it('a scrollId DSCO no longer knows (404) says to open the list again', async () => {
		token(TOKENS[0]);
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'old' })
			.reply(404, { message: 'Not Found' });
		await expect(h.listSearch!('searchOrders', { paginationToken: 'old' })).rejects.toMatchObject({
			message: "DSCO's order list expired before its next page was read",
			description: expect.stringContaining('Close the list and open it again'),
		});
	});
});

itLeaksNoSecrets(() => [CLIENT_SECRET, ...TOKENS]);
