/**
 * DSCO's 429 ("not processed, later") inside n8n's engine, against nock: retried while DSCO keeps answering, bounded
 * by time (Max Total Wait on Rate Limit), not by Max Retries; one warning per throttling episode; and an item DSCO
 * kept refusing never leaves the items after it unsent, with or without Continue On Fail.
 */
import nock from 'nock';

import { createHarness, type Harness } from './harness';
import { BASE, BASE_PATH, TOKENS, oauthCredential, order } from './fixtures';
import { useNock } from './nockSetup';

let h: Harness;
/** What DSCO received: method, path with query, body. */
let received: Array<{ method: string; path: string; body?: unknown }>;

useNock();
beforeEach(async () => {
	h = await createHarness(oauthCredential);
	received = [];
	nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`)
		.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
});

const api = () =>
	nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } }).on(
		'request',
		(req, _i, body) =>
			received.push({
				method: req.method,
				path: req.path,
				body: body ? JSON.parse(body) : undefined,
			}),
	);
const THROTTLED = {
	messages: [{ code: 'THROTTLED', severity: 'error', description: 'Too many requests' }],
};
const warnings = () => h.logLines().filter((l) => l.startsWith('DSCO rate limit (429)'));

it('keeps sending a call DSCO refuses with 429 beyond Max Retries while DSCO answers, with one warning for the episode', async () => {
	api().get(`${BASE_PATH}/order/`).query(true).times(4).reply(429, THROTTLED);
	api().get(`${BASE_PATH}/order/`).query(true).reply(200, order(5));
	const { items, error } = await h.run({
		resource: 'order',
		operation: 'get',
		orderKey: 'dscoOrderId',
		value: '5',
		requestOptions: { maxRetries: 1 },
	});
	expect(error).toBeUndefined();
	expect(items.map((i) => i.json.dscoOrderId)).toEqual(['5']);
	expect(received).toHaveLength(5);
	expect(warnings()).toHaveLength(1);
	expect(warnings()[0]).toMatch(
		/^DSCO rate limit \(429\) on GET \/order\/: this n8n process now sends at most [\d.]+ calls\/s there \(documented limit 10\/s per DSCO account/,
	);
	expect(
		h.logLines().filter((l) => /^DSCO 429 on GET \/order\/ \(\d in this episode\)/.test(l)),
	).toHaveLength(3);
});

it('fails a call once DSCO has refused it for Max Total Wait on Rate Limit, with DSCO’s message and the option’s name', async () => {
	api().get(`${BASE_PATH}/order/`).query(true).times(100).reply(429, THROTTLED);
	const { error } = await h.run({
		resource: 'order',
		operation: 'get',
		orderKey: 'dscoOrderId',
		value: '5',
		requestOptions: { maxRateLimitWaitMinutes: 0.01 },
	});
	expect(error?.message).toBe(
		'DSCO rate limit reached: THROTTLED (error): Too many requests [item 0]',
	);
	expect(error?.description).toMatch(
		/GET \/order\/ → HTTP 429[\s\S]*refused calls to GET \/order\/ with 429 \(rate limit\) for \d+ s without accepting one \(node option "Max Total Wait on Rate Limit"\)/,
	);
	// Retried until the budget ran out (0.6 s here), not after one attempt.
	expect(received.length).toBeGreaterThan(1);
});

describe('an item DSCO keeps refusing does not leave the others unsent', () => {
	const update = {
		resource: 'inventory',
		operation: 'update',
		sku: '={{ $json.sku }}',
		quantitySource: 'total',
		quantity: 4,
		sendMode: 'single',
		requestOptions: { maxRateLimitWaitMinutes: 0 },
	};
	const input = [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }];
	function dsco() {
		api()
			.post(`${BASE_PATH}/inventory/singleItem`, (b) => b.sku === 'B')
			.times(10)
			.reply(429, THROTTLED);
		api()
			.post(`${BASE_PATH}/inventory/singleItem`, (b) => b.sku !== 'B')
			.times(2)
			.reply(201, { success: true });
	}
	const sent = () => received.map((r) => (r.body as { sku: string }).sku);

	it('without Continue On Fail: the next items are sent, then the node fails naming the refused one', async () => {
		dsco();
		const { error } = await h.run(update, input);
		expect(sent()).toEqual(['A', 'B', 'C']);
		expect(error?.message).toBe(
			'DSCO rate limit reached: THROTTLED (error): Too many requests [item 1]',
		);
		expect(error?.description).toContain(
			"DSCO's rate limit kept 1 of 3 items from being processed [item 1]; the others were sent.",
		);
	});

	it('with Continue On Fail: an error item for the refused one, the others’ results', async () => {
		dsco();
		const { items, error } = await h.run(update, input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(sent()).toEqual(['A', 'B', 'C']);
		expect(items.map((i) => i.json.status ?? i.json.error)).toEqual([
			'success',
			'DSCO rate limit reached: THROTTLED (error): Too many requests [item 1]',
			'success',
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('reads too (Order Get): the next orders are read, then the node fails naming the refused one', async () => {
		api()
			.get(`${BASE_PATH}/order/`)
			.query((q) => q.value === '2')
			.times(10)
			.reply(429, THROTTLED);
		api()
			.get(`${BASE_PATH}/order/`)
			.query((q) => q.value !== '2')
			.times(2)
			.reply(200, (uri) => order(Number(new URL(uri, BASE).searchParams.get('value'))));
		const { error } = await h.run(
			{
				resource: 'order',
				operation: 'get',
				orderKey: 'dscoOrderId',
				value: '={{ $json.id }}',
				requestOptions: { maxRateLimitWaitMinutes: 0 },
			},
			[{ id: '1' }, { id: '2' }, { id: '3' }],
		);
		expect(received.map((r) => new URL(r.path, BASE).searchParams.get('value'))).toEqual([
			'1',
			'2',
			'3',
		]);
		expect(error?.description).toContain(
			"DSCO's rate limit kept 1 of 3 items from being processed [item 1]",
		);
	});

	it('batches too (Acknowledge): a batch DSCO kept refusing fails the node only after the other batches, naming its items', async () => {
		api().post(`${BASE_PATH}/order/acknowledge`).times(10).reply(429, THROTTLED);
		const { error } = await h.run(
			{
				resource: 'acknowledgment',
				operation: 'acknowledge',
				orderId: '={{ $json.id }}',
				orderIdType: 'DSCO_ORDER_ID',
				options: { waitForResult: false },
				requestOptions: { maxRateLimitWaitMinutes: 0 },
			},
			[{ id: '1' }, { id: '2' }],
		);
		expect(received.map((r) => r.body)).toEqual([
			[
				{ id: '1', type: 'DSCO_ORDER_ID' },
				{ id: '2', type: 'DSCO_ORDER_ID' },
			],
		]);
		expect(error?.description).toContain(
			"DSCO's rate limit kept 2 of 2 items from being processed [items 0–1]",
		);
	});
});
