/**
 * The action node's order and acknowledgment operations and the shared transport, run inside n8n's execution
 * engine against nock: exact requests DSCO receives, output items, retries, paging, errors and bad input.
 */
import http from 'node:http';

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { fakeDate } from './fakeDate';
import { createHarness, type Harness } from './harness';
import { BASE, BASE_PATH, CLIENT_SECRET, TOKENS, oauthCredential, order } from './fixtures';
import { useNock } from './nockSetup';
import { itLeaksNoSecrets } from './secrets';

let h: Harness;
/** Every request nock saw: method, path, query, body, whether it carried a bearer token. */
let requests: Array<{ method: string; path: string; body: unknown; auth?: string }>;

useNock();
beforeEach(async () => {
	h = await createHarness(oauthCredential);
	requests = [];
	nock.emitter.removeAllListeners('no match');
});

function record(scope: nock.Scope) {
	return scope.on('request', (req, _i, body) => {
		requests.push({
			method: req.method,
			path: req.path,
			body: body ? safeParse(body) : undefined,
			auth: req.headers.authorization as string | undefined,
		});
	});
}
function safeParse(s: string) {
	try {
		return JSON.parse(s);
	} catch {
		return s;
	}
}

function tokenEndpoint(tokens: string[] = [TOKENS[0]], expiresIn = 3600) {
	const scope = nock(BASE);
	for (const t of tokens) {
		scope
			.post(
				`${BASE_PATH}/oauth2/token`,
				(b) =>
					b.grant_type === 'client_credentials' &&
					b.client_id === 'client-42' &&
					b.client_secret === CLIENT_SECRET,
			)
			.reply(200, { access_token: t, token_type: 'Bearer', expires_in: expiresIn });
	}
	return record(scope);
}
const api = (token = TOKENS[0]) =>
	record(nock(BASE, { reqheaders: { authorization: `Bearer ${token}` } }));

/** DSCO's answer to the next call of scroll 'S' (a JSON value, or a JSON text sent as it is). */
const scrollPage = (body: IDataObject | string) =>
	api()
		.get(`${BASE_PATH}/order/page`)
		.query({ scrollId: 'S' })
		.reply(200, body, { 'Content-Type': 'application/json' });

const getMany = (extra: Record<string, unknown> = {}) => ({
	resource: 'order',
	operation: 'getMany',
	window: 'created',
	since: '2025-11-01T00:00:00Z',
	filters: { until: '2025-11-20T00:00:00Z' },
	...extra,
});
const ack = (extra: Record<string, unknown> = {}) => ({
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId: '={{ $json.id }}',
	orderIdType: 'DSCO_ORDER_ID',
	options: { waitForResult: false },
	...extra,
});

describe('authentication', () => {
	it('fetches one token for many requests and sends it as a bearer header', async () => {
		const token = tokenEndpoint();
		const scope = api()
			.get(`${BASE_PATH}/order/`)
			.query(true)
			.times(5)
			.reply(200, (uri) => order(Number(new URL(uri, BASE).searchParams.get('value'))));
		const { items, error } = await h.run(
			{ resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: '={{ $json.id }}' },
			[1, 2, 3, 4, 5].map((id) => ({ id: String(id) })),
		);
		expect(error).toBeUndefined();
		expect(token.isDone() && scope.isDone()).toBe(true);
		expect(requests.filter((r) => r.path.endsWith('/oauth2/token'))).toHaveLength(1);
		expect(requests.filter((r) => r.path.includes('/order/?')).map((r) => r.auth)).toEqual(
			Array(5).fill(`Bearer ${TOKENS[0]}`),
		);
		expect(items.map((i) => i.json.dscoOrderId)).toEqual(['1', '2', '3', '4', '5']);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		// The token is stored in the credential (as n8n persists it), not fetched again by the next execution.
		expect(h.credentials.store.get('cred-1')!.data.accessToken).toBe(TOKENS[0]);
	});

	it('fetches a new token after DSCO answers 401, and resends the request once', async () => {
		tokenEndpoint([TOKENS[0], TOKENS[1]]);
		api(TOKENS[0]).get(`${BASE_PATH}/order/`).query(true).reply(401, { message: 'Unauthorized' });
		api(TOKENS[1]).get(`${BASE_PATH}/order/`).query(true).reply(200, order(9));
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '9',
		});
		expect(error).toBeUndefined();
		expect(items[0].json.dscoOrderId).toBe('9');
		// Both fetches through the credential's preAuthentication, n8n handed the credential with the refused token blanked.
		expect(h.credentials.preAuthCalls).toHaveLength(2);
		expect(h.credentials.store.get('cred-1')!.data.accessToken).toBe(TOKENS[1]);
		expect(requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.auth ?? ''}`)).toEqual([
			`POST ${BASE_PATH}/oauth2/token `,
			`GET ${BASE_PATH}/order/ Bearer ${TOKENS[0]}`,
			`POST ${BASE_PATH}/oauth2/token `,
			`GET ${BASE_PATH}/order/ Bearer ${TOKENS[1]}`,
		]);
	});

	it('refreshes a token that is about to expire before using it again', async () => {
		// expires_in 60 s is inside the refresh margin: the second item must not reuse the first token.
		tokenEndpoint([TOKENS[0], TOKENS[1]], 60);
		api(TOKENS[0]).get(`${BASE_PATH}/order/`).query(true).reply(200, order(1));
		api(TOKENS[1]).get(`${BASE_PATH}/order/`).query(true).reply(200, order(2));
		const { error } = await h.run(
			{ resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: '={{ $json.id }}' },
			[{ id: '1' }, { id: '2' }],
		);
		expect(error).toBeUndefined();
		expect(requests.filter((r) => r.path.endsWith('/oauth2/token'))).toHaveLength(2);
		expect(h.credentials.store.get('cred-1')!.data.accessToken).toBe(TOKENS[1]);
	});

	it('says clearly when DSCO rejects the client secret, without repeating it', async () => {
		record(nock(BASE).post(`${BASE_PATH}/oauth2/token`).reply(401, { error: 'invalid_client' }));
		const { error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '9',
		});
		expect(error?.message).toMatch(/rejected the Client ID or Client Secret.*invalid_client/);
		expect(requests.some((r) => r.path.includes('/order/'))).toBe(false);
	});

	it('retries the token endpoint after a 503, then uses the token', async () => {
		record(nock(BASE).post(`${BASE_PATH}/oauth2/token`).reply(503, 'busy'));
		tokenEndpoint();
		api().get(`${BASE_PATH}/order/`).query(true).reply(200, order(4));
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '4',
		});
		expect(error).toBeUndefined();
		expect(items[0].json.dscoOrderId).toBe('4');
		expect(requests.filter((r) => r.path.endsWith('/oauth2/token'))).toHaveLength(2);
	});

	it('says the token endpoint is unavailable, not that the secret is wrong, when it keeps failing', async () => {
		record(
			nock(BASE)
				.post(`${BASE_PATH}/oauth2/token`)
				.times(4)
				.reply(503, 'busy', { 'Retry-After': '0' }),
		);
		const { error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '4',
		});
		expect(error?.message).toMatch(
			/token endpoint is unavailable \(still HTTP 503 after 3 retries\): try again later/,
		);
		expect(requests.filter((r) => r.path.endsWith('/oauth2/token'))).toHaveLength(4);
		expect(requests.some((r) => r.path.includes('/order/'))).toBe(false);
	});

	it('sends a legacy API token as the bearer header without a token call', async () => {
		h = await createHarness({
			environment: 'custom',
			baseUrl: `${BASE}${BASE_PATH}`,
			authType: 'apiToken',
			apiToken: TOKENS[2],
		});
		api(TOKENS[2]).get(`${BASE_PATH}/order/`).query(true).reply(200, order(3));
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '3',
		});
		expect(error).toBeUndefined();
		expect(items[0].json.dscoOrderId).toBe('3');
		expect(requests.map((r) => r.path.split('?')[0])).toEqual([`${BASE_PATH}/order/`]);
	});

	it('refuses a plain-http custom base URL that is not loopback, sending nothing', async () => {
		h = await createHarness({ ...oauthCredential, baseUrl: 'http://dsco.example.com/api/v3' });
		const { error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '3',
		});
		expect(error?.message).toMatch(/must use https.*loopback/);
		expect(requests).toHaveLength(0);
	});
});

describe('retries', () => {
	it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
		tokenEndpoint();
		api()
			.get(`${BASE_PATH}/order/`)
			.query(true)
			.reply(429, { message: 'slow down' }, { 'Retry-After': '1' });
		api().get(`${BASE_PATH}/order/`).query(true).reply(200, order(5));
		const started = performance.now();
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '5',
		});
		expect(error).toBeUndefined();
		expect(items[0].json.dscoOrderId).toBe('5');
		// A lower bound only (on the monotonic clock): a busy machine can make the run longer, never shorter.
		expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
		expect(requests.filter((r) => r.path.includes('/order/?'))).toHaveLength(2);
		expect(
			h
				.logLines()
				.filter((l) =>
					/DSCO rate limit \(429\) on GET \/order\/: this n8n process now sends at most [\d.]+ calls\/s there .* \[item 0\]$/.test(
						l,
					),
				),
		).toHaveLength(1);
	});

	it('gives up after Max Retries on 5xx, with DSCO message', async () => {
		tokenEndpoint();
		api()
			.get(`${BASE_PATH}/order/`)
			.query(true)
			.times(3)
			.reply(503, {
				messages: [{ code: 'UNAVAILABLE', severity: 'error', description: 'Try later' }],
			});
		const { error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '5',
			requestOptions: { maxRetries: 2 },
		});
		expect(requests.filter((r) => r.path.includes('/order/?'))).toHaveLength(3);
		expect(error?.message).toContain('UNAVAILABLE (error): Try later');
		expect(error?.description).toContain('Gave up after 2 retries');
		expect(
			h.logLines().filter((l) => /answered 503; retry \d\/2 in \d+ ms \[item 0\]$/.test(l)),
		).toHaveLength(2);
	});

	it('retries a 503 and then succeeds', async () => {
		tokenEndpoint();
		api().get(`${BASE_PATH}/order/page`).query(true).reply(503, 'Service Unavailable');
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { scrollId: 's1', orders: [order(1)] });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 's1' })
			.reply(200, { scrollId: 's1', orders: [] });
		const { items, error } = await h.run(getMany({ returnAll: true }));
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.dscoOrderId)).toEqual(['1']);
	});

	it('retries a dropped connection on a read', async () => {
		// A real socket closed without an answer (nock cannot drop a connection through n8n's HTTP client).
		let hits = 0;
		const server = http.createServer((req, res) => {
			hits++;
			if (req.url?.includes('/oauth2/token'))
				return void res.end(JSON.stringify({ access_token: TOKENS[0], expires_in: 3600 }));
			if (hits === 2) return void req.socket.destroy();
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(order(8)));
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		nock.enableNetConnect('127.0.0.1');
		try {
			const port = (server.address() as { port: number }).port;
			h = await createHarness({ ...oauthCredential, baseUrl: `http://127.0.0.1:${port}/api/v3` });
			const { items, error } = await h.run({
				resource: 'order',
				operation: 'get',
				orderKey: 'dscoOrderId',
				value: '8',
			});
			expect(error).toBeUndefined();
			expect(items[0].json.dscoOrderId).toBe('8');
			expect(hits).toBe(3);
			expect(
				h.logLines().some((l) => /GET \/order\/ failed \(ECONNRESET\); retry 1\/5/.test(l)),
			).toBe(true);
		} finally {
			nock.disableNetConnect();
			server.close();
		}
	});

	it('reports a permanent 400 with DSCO messages, the status, the requestId and the item', async () => {
		tokenEndpoint();
		api()
			.post(`${BASE_PATH}/order/acknowledge`)
			.reply(400, {
				status: 'failure',
				requestId: 'req-400-abc',
				messages: [
					{ code: 'VALIDATION_FAILED', severity: 'error', description: 'type is invalid' },
				],
			});
		const { error } = await h.run(ack(), [{ id: '11' }]);
		expect(requests.filter((r) => r.path.endsWith('/acknowledge'))).toHaveLength(1);
		expect(error?.message).toBe(
			'DSCO refused the request as invalid: VALIDATION_FAILED (error): type is invalid [item 0]',
		);
		expect(error?.description).toContain('POST /order/acknowledge → HTTP 400');
		expect(error?.description).toContain('requestId: req-400-abc');
		expect(error?.httpCode).toBe('400');
	});
});

describe('order.getMany', () => {
	it('sends the window, statuses and test-order flag, and pages until Limit is reached', async () => {
		tokenEndpoint();
		const page = (from: number) => Array.from({ length: 10 }, (_, k) => order(from + k));
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({
				ordersCreatedSince: '2025-11-01T00:00:00Z',
				until: '2025-11-20T00:00:00Z',
				ordersPerPage: '25',
				status: ['created', 'shipment_pending'],
				includeTestOrders: 'true',
			})
			.reply(200, { scrollId: 'scroll-1', orders: page(100) });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'scroll-1' })
			.times(2)
			.reply(
				200,
				(() => {
					let n = 110;
					return () => {
						const p = { scrollId: 'scroll-1', orders: page(n) };
						n += 10;
						return p;
					};
				})(),
			);
		const { items, error } = await h.run(
			getMany({
				limit: 25,
				filters: {
					until: '2025-11-20T00:00:00Z',
					statuses: ['created', 'shipment_pending'],
					includeTestOrders: true,
				},
			}),
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(25);
		expect(items[24].json.dscoOrderId).toBe('124');
		// Three pages read, the fourth never asked for.
		expect(requests.filter((r) => r.path.includes('/order/page'))).toHaveLength(3);
		expect(
			items.every(
				(i) =>
					typeof (i.json.sla as { acknowledgeOverdue?: boolean }).acknowledgeOverdue === 'boolean',
			),
		).toBe(true);
	});

	it('reads every page with Return All until an empty page', async () => {
		tokenEndpoint();
		api()
			.get(`${BASE_PATH}/order/page`)
			.query((q) => q.ordersUpdatedSince === '2025-11-01T00:00:00Z' && q.ordersPerPage === '1000')
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		scrollPage({ scrollId: 'S', orders: [order(3)] });
		scrollPage({ scrollId: 'S', orders: [] });
		const { items, error } = await h.run(getMany({ window: 'updated', returnAll: true }));
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.dscoOrderId)).toEqual(['1', '2', '3']);
	});

	it('reads pages of 1 KiB and more as they arrive, with the same checks: names in any script kept, a secret DSCO echoes redacted (also JSON-escaped), no call after the empty page', async () => {
		tokenEndpoint();
		// Pages long enough to be read as they arrive (the page after is asked for then).
		const page = (from: number, extra: IDataObject = {}) =>
			Array.from({ length: 10 }, (_, k) => order(from + k, { notes: 'x'.repeat(200), ...extra }));
		const escaped = TOKENS[0].replace('A', '\\u0041');
		api()
			.get(`${BASE_PATH}/order/page`)
			.query((q) => q.ordersUpdatedSince === '2025-11-01T00:00:00Z')
			.reply(200, { scrollId: 'S', orders: page(1) });
		scrollPage(
			JSON.stringify({
				scrollId: 'S',
				orders: page(11, { shipToName: 'Jürgen Müller' }),
			}).replace('"notes"', `"echo":"Bearer ${TOKENS[0]}","notes"`),
		);
		scrollPage(
			JSON.stringify({ scrollId: 'S', orders: page(21) })
				.replace('"notes"', '"echo":"TOKEN","notes"')
				.replace('TOKEN', escaped),
		);
		scrollPage({ scrollId: 'S', orders: [] });
		const { items, error } = await h.run(getMany({ window: 'updated', returnAll: true }));
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.dscoOrderId)).toEqual(
			Array.from({ length: 30 }, (_, k) => String(k + 1)),
		);
		expect(items[10].json.shipToName).toBe('Jürgen Müller');
		expect(items[10].json.echo).toBe('Bearer [redacted]');
		expect(items[20].json.echo).toBe('[redacted]');
		expect(JSON.stringify(items)).not.toContain(TOKENS[0]);
		// Four pages asked for, the last one empty, and nothing after it.
		expect(requests.filter((r) => r.path.includes('/order/page'))).toHaveLength(4);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('runs the search again when the scroll expires (404) and skips orders already returned', async () => {
		tokenEndpoint();
		const first = (q: Record<string, unknown>) => q.ordersCreatedSince !== undefined;
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(first)
			.reply(200, { scrollId: 'old', orders: [order(1), order(2)] });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'old' })
			.reply(404, { message: 'scroll not found' });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(first)
			.reply(200, { scrollId: 'new', orders: [order(1), order(2), order(3)] });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'new' })
			.reply(200, { scrollId: 'new', orders: [] });
		const { items, error } = await h.run(getMany({ returnAll: true }));
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.dscoOrderId)).toEqual(['1', '2', '3']);
	});

	it('stops with a clear error when the scroll keeps expiring', async () => {
		tokenEndpoint();
		const first = (q: Record<string, unknown>) => q.ordersCreatedSince !== undefined;
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(first)
			.times(4)
			.reply(200, { scrollId: 'x', orders: [order(1)] });
		api().get(`${BASE_PATH}/order/page`).query({ scrollId: 'x' }).times(4).reply(404, 'gone');
		const { error } = await h.run(getMany({ returnAll: true }));
		expect(error?.message).toMatch(/scroll expired 4 times/);
	});
});

describe('acknowledgment.acknowledge', () => {
	it('acknowledges 2,500 orders in as few calls as 5 MB allows, one output per input, paired', async () => {
		tokenEndpoint();
		const bodies: unknown[][] = [];
		api()
			.post(`${BASE_PATH}/order/acknowledge`)
			.times(10)
			.reply(202, (_uri, body) => {
				bodies.push(body as unknown[]);
				return {
					status: 'pending',
					requestId: `req-${bodies.length}`,
					eventDate: '2025-11-21T06:34:00+00:00',
				};
			});
		const input = Array.from({ length: 2500 }, (_, k) => ({
			id: String(1_000_000 + k),
			son: `SON-${k}`,
		}));
		const { items, error } = await h.run(
			ack({ additionalFields: { supplierOrderNumber: '={{ $json.son }}' } }),
			input,
		);
		expect(error).toBeUndefined();
		const sizes = bodies.map((b) => Buffer.byteLength(JSON.stringify(b)));
		const total = sizes.reduce((a, b) => a + b, 0);
		expect(bodies).toHaveLength(Math.ceil(total / (5 * 1024 * 1024)));
		for (const s of sizes) expect(s).toBeLessThan(5 * 1024 * 1024);
		expect(bodies.flat()).toHaveLength(2500);
		expect(bodies[0][0]).toEqual({
			id: '1000000',
			type: 'DSCO_ORDER_ID',
			supplierOrderNumber: 'SON-0',
		});
		expect(items).toHaveLength(2500);
		items.forEach((item, k) => {
			expect(item.pairedItem).toEqual({ item: k });
			expect(item.json).toMatchObject({
				orderId: String(1_000_000 + k),
				orderIdType: 'DSCO_ORDER_ID',
				status: 'pending',
			});
		});
		expect(items[0].json.requestId).toBe('req-1');
	});

	it('continue-on-fail: bad items become error items, the rest are sent and paired', async () => {
		tokenEndpoint();
		api()
			.post(`${BASE_PATH}/order/acknowledge`)
			.reply(202, { status: 'pending', requestId: 'req-x' });
		const { items, error } = await h.run(ack(), [{ id: '1' }, { id: 'abc' }, { id: '3' }], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(requests.find((r) => r.path.endsWith('/acknowledge'))!.body).toEqual([
			{ id: '1', type: 'DSCO_ORDER_ID' },
			{ id: '3', type: 'DSCO_ORDER_ID' },
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toMatch(
			/Invalid "Order ID" \[item 1\]: a DSCO order ID is all digits/,
		);
		expect(items[2].json).toMatchObject({ orderId: '3', requestId: 'req-x' });
	});

	it('continue-on-fail: a batch DSCO rejects whole fails each of its items', async () => {
		tokenEndpoint();
		api()
			.post(`${BASE_PATH}/order/acknowledge`)
			.reply(202, {
				status: 'failure',
				requestId: 'req-f',
				messages: [{ code: 'BAD', severity: 'error', description: 'nope' }],
			});
		const { items } = await h.run(ack(), [{ id: '1' }, { id: '2' }], { continueOnFail: true });
		expect(items.map((i) => i.json.error)).toEqual([
			'DSCO rejected the whole batch: BAD (error): nope [items 0–1]',
			'DSCO rejected the whole batch: BAD (error): nope [items 0–1]',
		]);
	});
});

describe('bad input is refused before anything is sent', () => {
	// "Until" is checked against the time the node reads; the expressions here read n8n's $now. With Date frozen both
	// see the same instant, so a slow moment between the two cannot turn "2 s ago" into "in the future".
	beforeEach(() => fakeDate());
	afterEach(() => jest.useRealTimers());
	const cases: Array<[string, IDataObject, IDataObject[], RegExp]> = [
		['empty order id', ack(), [{ id: '' }], /Invalid "Order ID" \[item 0\]: it is empty/],
		[
			'unknown id type',
			ack({ orderIdType: 'ORDER_NUMBER' }),
			[{ id: '1' }],
			/Invalid "Order ID Type" \[item 0\]: "ORDER_NUMBER" is not one of DSCO_ORDER_ID, PO_NUMBER, SUPPLIER_ORDER_NUMBER/,
		],
		[
			'non-numeric DSCO order id (2nd item)',
			ack(),
			[{ id: '1' }, { id: '12a' }],
			/Invalid "Order ID" \[item 1\]: a DSCO order ID is all digits/,
		],
		[
			'window start after until',
			getMany({ since: '2025-11-21T00:00:00Z' }),
			[{}],
			/Invalid "Since" \[item 0\]: 2025-11-21T00:00:00Z is not before the window's end 2025-11-20T00:00:00Z/,
		],
		[
			'until in the future',
			getMany({ filters: { until: '2999-01-01T00:00:00Z' } }),
			[{}],
			/Invalid "Until" \[item 0\]: .* is in the future; DSCO requires at least 5 seconds in the past/,
		],
		[
			'until 2 s ago',
			getMany({ filters: { until: '={{ $now.minus({ seconds: 2 }).toISO() }}' } }),
			[{}],
			/Invalid "Until" \[item 0\]: .* less than 5 seconds in the past/,
		],
		[
			'since not a date',
			getMany({ since: 'yesterday' }),
			[{}],
			/Invalid "Since" \[item 0\]: "yesterday" is not a date/,
		],
		[
			'empty get value',
			{ resource: 'order', operation: 'get', orderKey: 'poNumber', value: '  ' },
			[{}],
			/Invalid "Value" \[item 0\]: it is empty/,
		],
		[
			'non-numeric dscoOrderId lookup',
			{ resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: 'PO-1' },
			[{}],
			/Invalid "Value" \[item 0\]: a DSCO order ID is all digits/,
		],
	];
	it.each(cases)('%s', async (_name, params, input, message) => {
		tokenEndpoint();
		const { error } = await h.run(params, input);
		expect(error?.message).toMatch(message);
		expect(requests).toHaveLength(0);
	});
});

describe('order.get not found', () => {
	it('a 404 is a clear "order not found" error, or an error item under continue-on-fail', async () => {
		tokenEndpoint();
		api().get(`${BASE_PATH}/order/`).query(true).times(2).reply(404, { message: 'not found' });
		const stopped = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'poNumber',
			value: 'PO-404',
		});
		expect(stopped.error?.message).toBe(
			'Order not found: no DSCO order with poNumber "PO-404" [item 0]',
		);
		const continued = await h.run(
			{ resource: 'order', operation: 'get', orderKey: 'poNumber', value: 'PO-404' },
			[{}],
			{ continueOnFail: true },
		);
		expect(continued.items).toEqual([
			{
				json: expect.objectContaining({
					error: 'Order not found: no DSCO order with poNumber "PO-404" [item 0]',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [CLIENT_SECRET, ...TOKENS]);
});
