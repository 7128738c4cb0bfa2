/**
 * The endpoint families of DSCO's API as hostile-answer tables use them: for each, how to run the node so that one
 * call of that family is made, with everything before it answered normally. A table row is (family × hostile
 * answer): the row replies to the family's `hostile` call with its answer, then asserts what DSCO (or another
 * origin) received and what the user saw.
 */
import nock from 'nock';
import { BINARY_ENCODING } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BASE, BASE_PATH, TOKENS, order } from '../fixtures';
import { TriggerProcess, type Harness } from '../harness';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface Outcome {
	items: INodeExecutionData[];
	errorItems: INodeExecutionData[];
	error?: Error & { description?: string | null };
}

export interface Family {
	/** The family, as a table row names it. */
	name: string;
	/** The call a hostile answer replaces. */
	hostile: { method: HttpMethod; path: string; query?: boolean };
	/** Whether the call carries the DSCO token (every family but the token endpoint). */
	authenticated: boolean;
	/** Answers, normally, every call the run makes before the hostile one (the token call included). */
	before(token: string): void;
	run(h: Harness): Promise<Outcome>;
}

/** The token endpoint, answering normally with `token`. */
export function tokenEndpoint(token = TOKENS[0]) {
	return nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`)
		.reply(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
}

const csv = 'SKU,Warehouse,Quantity\nSKU-1,WH-1,5\n';

/** One CSV file on one input item, as n8n's in-memory binary mode holds it. */
export const fileItem = (): INodeExecutionData => ({
	json: {},
	binary: {
		data: {
			data: Buffer.from(csv, 'utf8').toString(BINARY_ENCODING),
			mimeType: 'text/csv',
			fileName: 'stock.csv',
			fileExtension: 'csv',
		},
	},
});

const ackParams = (waitForResult: boolean) => ({
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId: '11',
	orderIdType: 'DSCO_ORDER_ID',
	options: { waitForResult },
});

async function runNode(
	h: Harness,
	parameters: IDataObject,
	input: IDataObject[] | INodeExecutionData[] = [{}],
): Promise<Outcome> {
	const items = (input as INodeExecutionData[]).every((i) => 'json' in i)
		? (input as INodeExecutionData[])
		: undefined;
	const {
		items: out,
		errorItems,
		error,
	} = await h.run(parameters, items ? [] : (input as IDataObject[]), items ? { items } : {});
	return { items: out, errorItems, error };
}

const api = (token: string) => nock(BASE, { reqheaders: { authorization: `Bearer ${token}` } });

export const FAMILIES: Family[] = [
	{
		name: 'token endpoint',
		hostile: { method: 'POST', path: '/oauth2/token' },
		authenticated: false,
		before: () => {},
		run: (h) =>
			runNode(h, { resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: '7' }),
	},
	{
		name: 'read (order get)',
		hostile: { method: 'GET', path: '/order/', query: true },
		authenticated: true,
		before: (token) => tokenEndpoint(token),
		run: (h) =>
			runNode(h, { resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: '7' }),
	},
	{
		name: 'paging (order get many)',
		hostile: { method: 'GET', path: '/order/page', query: true },
		authenticated: true,
		before: (token) => tokenEndpoint(token),
		run: (h) =>
			runNode(h, {
				resource: 'order',
				operation: 'getMany',
				window: 'created',
				since: '2025-11-01T00:00:00Z',
				returnAll: true,
				filters: { until: '2025-11-20T00:00:00Z' },
			}),
	},
	{
		name: 'sync write (single shipment)',
		hostile: { method: 'POST', path: '/order/singleShipment' },
		authenticated: true,
		before: (token) => tokenEndpoint(token),
		run: (h) =>
			runNode(
				h,
				{
					resource: 'shipment',
					operation: 'create',
					orderId: '={{ $json.orderId }}',
					orderIdType: 'DSCO_ORDER_ID',
					trackingNumber: '={{ $json.tracking }}',
					shipCarrier: 'UPS',
					shipMethod: 'Ground',
					shippingServiceLevelCode: 'UPCG',
					lineItemsInput: 'json',
					lineItemsJson: '={{ $json.lines }}',
					options: { duplicateGuard: false },
				},
				[{ orderId: '77', tracking: '1ZHOSTILE1', lines: [{ sku: 'SKU-77', quantity: 1 }] }],
			),
	},
	{
		name: 'batch write (acknowledge)',
		hostile: { method: 'POST', path: '/order/acknowledge' },
		authenticated: true,
		before: (token) => tokenEndpoint(token),
		run: (h) => runNode(h, ackParams(false)),
	},
	{
		name: 'change-log wait (acknowledge, verified)',
		hostile: { method: 'GET', path: '/order/log', query: true },
		authenticated: true,
		before: (token) => {
			tokenEndpoint(token);
			api(token).post(`${BASE_PATH}/order/acknowledge`).reply(202, {
				status: 'pending',
				requestId: 'req-hostile-1',
				eventDate: '2025-11-20T00:00:00Z',
			});
		},
		run: (h) => runNode(h, ackParams(true)),
	},
	{
		name: 'stream (trigger)',
		hostile: { method: 'GET', path: '/stream', query: true },
		authenticated: true,
		before: (token) => tokenEndpoint(token),
		run: async (h) => {
			const outcome = await new TriggerProcess(h, { event: 'newOrder' }).poll();
			return { items: outcome.items ?? [], errorItems: [], error: outcome.error };
		},
	},
	{
		name: 'upload start (inventory from file)',
		hostile: { method: 'POST', path: '/inventory/batch/large', query: true },
		authenticated: true,
		before: (token) => tokenEndpoint(token),
		run: (h) =>
			runNode(
				h,
				{ resource: 'inventory', operation: 'updateFromFile', options: { waitForResult: false } },
				[fileItem()],
			),
	},
];

/** An interceptor for the family's hostile call, answering `reply`. */
export function hostileCall(
	family: Family,
	reply: (scope: nock.Interceptor) => nock.Scope,
	authenticatedWith?: string,
) {
	const scope = authenticatedWith ? api(authenticatedWith) : nock(BASE);
	const path = `${BASE_PATH}${family.hostile.path}`;
	const interceptor =
		family.hostile.method === 'GET'
			? scope.get(path)
			: family.hostile.method === 'POST'
				? scope.post(path)
				: scope.put(path);
	return reply(family.hostile.query ? interceptor.query(true) : interceptor);
}

/** Every request an origin receives, on any path and method; the scope stays in place for the whole test. */
export function watchOrigin(origin: string) {
	const received: string[] = [];
	const scope = nock(origin).persist();
	for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head'] as const) {
		scope[method](/.*/)
			.query(true)
			.reply(function (uri) {
				received.push(`${this.req.method} ${uri} ${String(this.req.headers.authorization ?? '')}`);
				return [200, { access_token: 'stolen', orders: [] }];
			});
	}
	return { received, scope };
}

/** Any order, for reads that should answer normally. */
export const anOrder = order(7);
