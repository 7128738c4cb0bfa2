/**
 * Work overlapped with DSCO's answers, observed through exact exchanges (nock) and hooks, not timings: the transport
 * runs on a real n8n-core ExecuteContext (n8n's request helper, the credential's token fetch), and the test is the
 * caller that holds a page, or the operation whose `describe` reports when output items are built.
 * - paging: page 2 is asked for while the caller still holds page 1; never two pages ahead; a caller that stops
 *   abandons it (not sent again after the loop ended); a page read ahead that fails fails the item;
 * - batches: batch 2 is sent before batch 1's answer is turned into output items, and that is done while batch 2 is
 *   in flight; each body is the entries' JSON sent once as it is; nothing is sent while any item is bad;
 *   a batch DSCO refuses still stops the ones after it.
 */
import nock from 'nock';
import { ExecuteContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IRunExecutionData,
} from 'n8n-workflow';

import { sendBatched, type BatchWriteSpec } from '../../nodes/Dsco/writes/batchWrite';
import { CallAbandoned, DscoClient, type DscoRequest } from '../../nodes/Dsco/transport/client';
import { EndpointPacer } from '../../nodes/Dsco/transport/pacing';
import { scrollOrders } from '../../nodes/Dsco/transport/paging';
import { REDACTED, Redactor } from '../../nodes/Dsco/transport/redact';
import { BASE, BASE_PATH, TOKENS, oauthCredential, order } from './fixtures';
import { createHarness, DEFAULT_CREDENTIAL_ID, logger, PACKAGE, type Harness } from './harness';
import { useNock } from './nockSetup';

useNock();

let h: Harness;
beforeEach(async () => {
	h = await createHarness(oauthCredential);
	nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`)
		.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
});
afterEach(() => jest.restoreAllMocks());
// The originals, for spies that record the order of the steps and still do them.
const settleOriginal = (
	EndpointPacer.prototype as unknown as { settle: (...a: unknown[]) => unknown }
).settle;
const valueOriginal = Redactor.prototype.value;
const api = () => nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } });

/** The DSCO node's ExecuteContext as n8n-core builds it for one run over `input`. */
function executeContext(input: IDataObject[], continueOnFail = false): IExecuteFunctions {
	const node: INode = {
		id: 'node-dsco',
		name: 'DSCO',
		type: `${PACKAGE}.dsco`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { dscoApi: { id: DEFAULT_CREDENTIAL_ID, name: 'DSCO test' } },
		continueOnFail,
		onError: continueOnFail ? 'continueRegularOutput' : undefined,
	};
	const workflow = new Workflow({
		id: 'wf-overlap',
		name: 'overlap',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: h.nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});
	const items: INodeExecutionData[] = input.map((json) => ({ json }));
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: {},
			nodeExecutionStack: [],
		},
	} as unknown as IRunExecutionData;
	return new ExecuteContext(
		workflow,
		node,
		h.additionalData(),
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
}

/** A promise and its resolve function. */
function signal<T = void>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

describe('paging reads one page ahead', () => {
	const search = {
		ordersCreatedSince: '2025-11-01T00:00:00Z',
		until: '2025-11-20T00:00:00Z',
		ordersPerPage: 2,
	};

	it('asks for page 2 before handing over page 1, and DSCO gets that call while the caller still holds page 1', async () => {
		let handedOver = 0;
		let holding = false;
		/** Pages handed over to the caller when each call was started (the transport's request). */
		const handedOverWhenStarted: number[] = [];
		/** Whether the caller held a page when DSCO received each scroll call. */
		const heldWhenReceived: boolean[] = [];
		const page2Received = signal();
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		for (const orders of [[order(3), order(4)], []]) {
			api()
				.get(`${BASE_PATH}/order/page`)
				.query({ scrollId: 'S' })
				.reply(200, () => {
					heldWhenReceived.push(holding);
					page2Received.resolve();
					return { scrollId: 'S', orders };
				});
		}

		const client = await DscoClient.create(executeContext([{}]));
		const request = client.request.bind(client);
		client.request = (req) => {
			handedOverWhenStarted.push(handedOver);
			return request(req);
		};
		const got: string[] = [];
		for await (const page of scrollOrders(client, search)) {
			handedOver++;
			holding = true;
			// Page 1 is held until DSCO has received the call for page 2: without the read-ahead that never happens (the
			// test then ends on Jest's timeout).
			if (handedOver === 1) await page2Received.promise;
			got.push(...page.orders.map((o) => String(o.dscoOrderId)));
			holding = false;
		}
		expect(got).toEqual(['1', '2', '3', '4']);
		// Page 2 was asked for before page 1 was handed over, page 3 once page 1 was and before page 2 was: one page
		// ahead, never two.
		expect(handedOverWhenStarted).toEqual([0, 0, 1]);
		expect(heldWhenReceived[0]).toBe(true);
	});

	it('reads the credential from n8n once after the token fetch, not once per page, and again after a 401', async () => {
		// The clock stands still, so that every call falls within CREDENTIAL_REUSE_MS whatever the machine's load.
		jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-11-20T12:00:00Z'));
		const reads = jest.spyOn(h.credentials, 'getDecrypted');
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.reply(200, { scrollId: 'S', orders: [order(3), order(4)] });
		// DSCO revoked the token (another process fetched one): the credential is read again and a new token fetched.
		api().get(`${BASE_PATH}/order/page`).query({ scrollId: 'S' }).reply(401, {});
		nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: TOKENS[1], token_type: 'Bearer', expires_in: 3600 });
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[1]}` } })
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.reply(200, { scrollId: 'S', orders: [] });
		const client = await DscoClient.create(executeContext([{}]));
		expect(reads).toHaveBeenCalledTimes(1);
		const got: string[] = [];
		for await (const page of scrollOrders(client, search))
			got.push(...page.orders.map((o) => String(o.dscoOrderId)));
		expect(got).toEqual(['1', '2', '3', '4']);
		// 1: DscoClient.create (no token yet: the first call fetches TOKENS[0]); 2: the call after that fetch reads the
		// token stored (page 3's call reuses that read); 3: after the 401, the credential is read again (it still holds
		// the revoked token, so that call fetches TOKENS[1]). Reading per call, as before, made 5 reads for these 4 pages.
		expect(reads).toHaveBeenCalledTimes(3);
		expect(nock.isDone()).toBe(true);
	});

	it("gives the pacer a page's answer time before walking the page for secrets, and returns the page redacted", async () => {
		const order1 = { ...order(1), note: `echo ${TOKENS[0]}` };
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { orders: [order1] });
		const steps: string[] = [];
		const settle = jest.spyOn(
			EndpointPacer.prototype as unknown as { settle: () => void },
			'settle',
		);
		settle.mockImplementation(function (this: unknown, ...args: unknown[]) {
			steps.push('pacer has the answer');
			return settleOriginal.apply(this, args);
		});
		const value = jest.spyOn(Redactor.prototype, 'value');
		value.mockImplementation(function (this: Redactor, body: unknown) {
			steps.push('body redacted');
			return valueOriginal.call(this, body);
		});
		const client = await DscoClient.create(executeContext([{}]));
		const pages: IDataObject[][] = [];
		for await (const page of scrollOrders(client, search)) pages.push(page.orders);
		expect(steps).toEqual(['pacer has the answer', 'body redacted']);
		expect(pages[0][0].note).toBe(`echo ${REDACTED}`);
	});

	it('a caller that fails while page 2 is read ahead gets its own error, and page 2 is not sent again (503) after the loop ended', async () => {
		const abandoned = signal();
		let retried = 0;
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		// Page 2 is answered 503 (retryable, Retry-After 0) only once the caller has stopped.
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.reply((_uri, _body, callback) => {
				void abandoned.promise.then(() =>
					callback(null, [503, { message: 'busy' }, { 'Retry-After': '0' }]),
				);
			});
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.optionally()
			.reply(200, () => {
				retried++;
				return { scrollId: 'S', orders: [order(3)] };
			});

		const client = await DscoClient.create(executeContext([{}]));
		const request = client.request.bind(client);
		const calls: Array<Promise<unknown>> = [];
		client.request = <T>(req: DscoRequest) => {
			req.signal?.addEventListener('abort', () => abandoned.resolve());
			const call = request<T>(req);
			calls.push(call.catch((error: Error) => error));
			return call;
		};
		const scan = async () => {
			for await (const page of scrollOrders(client, search))
				throw new Error(`caller failed holding ${page.orders.length} orders`);
		};
		await expect(scan()).rejects.toThrow('caller failed holding 2 orders');
		// When the caller's loop is over, the call read ahead has settled: abandoned, not retried.
		expect(calls).toHaveLength(2);
		const ahead = await calls[1];
		expect(ahead).toBeInstanceOf(CallAbandoned);
		expect((ahead as Error).message).toBe(
			'GET /order/page was not sent: its caller no longer wanted the answer',
		);
		expect(retried).toBe(0);
	});

	it('a page read ahead waiting to be sent again (429, Retry-After 30 s) stops waiting once the caller stopped', async () => {
		// A later page is sent again only after a failure that proves DSCO did not read it (a 429, a refused connection);
		// after a 503 the search runs again instead (lostPages.test.ts). Another DSCO host, so that the 30 s pause of
		// /order/page (the pacer is per account) does not hold the tests after this one.
		const other = 'https://dsco-throttled.test';
		h = await createHarness({ ...oauthCredential, baseUrl: `${other}${BASE_PATH}` });
		nock(other)
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
		const dsco = () => nock(other, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } });
		let retried = 0;
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.reply(429, { message: 'Too Many Requests' }, { 'Retry-After': '30' });
		dsco()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.optionally()
			.reply(200, () => {
				retried++;
				return { scrollId: 'S', orders: [order(3)] };
			});
		const client = await DscoClient.create(executeContext([{}]));
		const firstLine = logger.lines.length;
		const waiting = () =>
			logger.lines
				.slice(firstLine)
				.some((l) => /DSCO rate limit \(429\) on GET \/order\/page/.test(l.message));
		const stopped = (async () => {
			for await (const page of scrollOrders(client, search)) {
				// The caller holds page 1 until the transport waits to send page 2 again, then stops.
				while (!waiting()) await new Promise((resolve) => setImmediate(resolve));
				return page.orders.length;
			}
			return 0;
		})();
		// Without the abort the loop would end only after the 30 s pause and a second call for page 2.
		expect(await stopped).toBe(2);
		expect(retried).toBe(0);
		nock.cleanAll();
	});

	it('Get Many: a page read ahead that DSCO refuses fails the item; no order is output twice or from a partial scan', async () => {
		api()
			.get(`${BASE_PATH}/order/page`)
			.query(true)
			.reply(200, { scrollId: 'S', orders: [order(1), order(2)] });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.reply(400, { message: 'scrollId not valid' });
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'getMany',
			window: 'created',
			since: '2025-11-01T00:00:00Z',
			returnAll: true,
			filters: { until: '2025-11-20T00:00:00Z' },
		});
		expect(error?.message).toBe('DSCO refused the request as invalid: scrollId not valid [item 0]');
		expect(items).toEqual([]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('Get Many with a Limit the first page fills reads no page ahead', async () => {
		let scrollCalls = 0;
		api()
			.get(`${BASE_PATH}/order/page`)
			.query((q) => q.ordersCreatedSince !== undefined && q.ordersPerPage === '10')
			.reply(200, { scrollId: 'S', orders: Array.from({ length: 10 }, (_, k) => order(k + 1)) });
		api()
			.get(`${BASE_PATH}/order/page`)
			.query({ scrollId: 'S' })
			.optionally()
			.reply(200, () => {
				scrollCalls++;
				return { scrollId: 'S', orders: [order(3)] };
			});
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'getMany',
			window: 'created',
			since: '2025-11-01T00:00:00Z',
			limit: 10,
			filters: { until: '2025-11-20T00:00:00Z' },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.dscoOrderId)).toEqual([
			'1',
			'2',
			'3',
			'4',
			'5',
			'6',
			'7',
			'8',
			'9',
			'10',
		]);
		expect(scrollCalls).toBe(0);
	});
});

interface Entry extends IDataObject {
	sku: string;
	pad: string;
}

describe('batches: the next call goes out before the last answer is turned into output items', () => {
	/** Six entries of about 1.5 MB: two calls of three under DSCO's 5 MB. */
	const ENTRY_PAD = 1_500_000;
	const input = Array.from({ length: 6 }, (_, k) => ({ sku: `SKU-${k}` }));

	/**
	 * The operation's part; `answered` is told when an entry's output item takes its batch's answer (its requestId),
	 * i.e. when that answer is turned into output items.
	 */
	function spec(
		answered: (entry: Entry) => void,
		read?: (i: number) => Entry,
	): BatchWriteSpec<Entry> {
		return {
			path: '/inventory/batch/small',
			noun: 'inventory update',
			idempotent: true,
			read: read ?? ((i) => ({ sku: `SKU-${i}`, pad: String(i).repeat(ENTRY_PAD) })),
			describe: (entry) => {
				const out: IDataObject = { sku: entry.sku };
				Object.defineProperty(out, 'requestId', {
					configurable: true,
					enumerable: true,
					set(value: unknown) {
						answered(entry);
						Object.defineProperty(out, 'requestId', {
							value,
							writable: true,
							enumerable: true,
							configurable: true,
						});
					},
				});
				return out;
			},
		};
	}

	it('sends batch 2 before turning batch 1’s answer into output items, and does that while batch 2 is in flight', async () => {
		const answered: string[] = [];
		const batch1Answered = signal();
		/** Output items that had their batch's answer when each call was started (the transport's request) and answered. */
		const answeredWhenStarted: number[] = [];
		const answeredWhenReplied: number[] = [];
		const received: Array<{ contentType: string; body: unknown }> = [];
		api()
			.post(`${BASE_PATH}/inventory/batch/small`)
			.times(2)
			.reply(202, async function (_uri, body) {
				received.push({ contentType: String(this.req.headers['content-type']), body });
				const n = received.length;
				// Batch 2's answer waits until batch 1's items have their answer: only a node that does this while batch 2 is
				// in flight gets it (a node that did it afterwards would wait here until Jest's timeout).
				if (n === 2) await batch1Answered.promise;
				answeredWhenReplied.push(answered.length);
				return { status: 'success', requestId: `req-${n}`, eventDate: '2025-11-21T06:34:00+00:00' };
			});

		const ctx = executeContext(input);
		const client = await DscoClient.create(ctx);
		const request = client.request.bind(client);
		client.request = (req) => {
			answeredWhenStarted.push(answered.length);
			return request(req);
		};
		const items = await sendBatched(
			ctx,
			client,
			ctx.getInputData(),
			spec((entry) => {
				answered.push(entry.sku);
				if (entry.sku === 'SKU-2') batch1Answered.resolve();
			}),
		);

		// Batch 2 was sent once batch 1 was answered, before that answer went into any output item.
		expect(answeredWhenStarted).toEqual([0, 0]);
		// Batch 1's three items took their answer while batch 2 was in flight; batch 2's after its answer.
		expect(answeredWhenReplied).toEqual([0, 3]);
		expect(answered).toEqual(['SKU-0', 'SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5']);
		// Each body is the batch's entries as JSON, sent as JSON.
		const entries = input.map((_, i) => ({ sku: `SKU-${i}`, pad: String(i).repeat(ENTRY_PAD) }));
		expect(received.map((r) => r.contentType)).toEqual(['application/json', 'application/json']);
		expect(received.map((r) => r.body)).toEqual([entries.slice(0, 3), entries.slice(3)]);
		// One output per input, paired, with its batch's answer and the batch it went in.
		const bytes = [entries.slice(0, 3), entries.slice(3)].map((b) =>
			Buffer.byteLength(JSON.stringify(b)),
		);
		expect(items).toHaveLength(6);
		items.forEach((item, k) => {
			const b = k < 3 ? 0 : 1;
			expect(item.pairedItem).toEqual({ item: k });
			expect(item.json).toEqual({
				sku: `SKU-${k}`,
				requestId: `req-${b + 1}`,
				status: 'success',
				batch: { number: b + 1, of: 2, items: 3, bytes: bytes[b] },
			});
			expect(Object.keys(item.json)).toEqual(['sku', 'requestId', 'status', 'batch']);
		});
	});

	it('sends nothing while any item is bad, even the last one', async () => {
		let calls = 0;
		api()
			.post(`${BASE_PATH}/inventory/batch/small`)
			.optionally()
			.reply(202, () => {
				calls++;
				return { status: 'success', requestId: 'req-x' };
			});
		const ctx = executeContext(input);
		const client = await DscoClient.create(ctx);
		const read = (i: number): Entry => {
			if (i === 5) throw new Error('Invalid "SKU" [item 5]: it is empty');
			return { sku: `SKU-${i}`, pad: String(i).repeat(ENTRY_PAD) };
		};
		await expect(
			sendBatched(
				ctx,
				client,
				ctx.getInputData(),
				spec(() => {}, read),
			),
		).rejects.toThrow('Invalid "SKU" [item 5]');
		expect(calls).toBe(0);
		// An entry too large for any call, last of all, is bad input too.
		const tooLarge = (i: number): Entry => ({
			sku: `SKU-${i}`,
			pad: i === 5 ? 'x'.repeat(6 * 1024 * 1024) : 'y',
		});
		await expect(
			sendBatched(
				ctx,
				client,
				ctx.getInputData(),
				spec(() => {}, tooLarge),
			),
		).rejects.toThrow(/One inventory update is too large for a DSCO call/);
		expect(calls).toBe(0);
	});

	it('a batch DSCO refuses stops the ones after it (without Continue On Fail), as before', async () => {
		let calls = 0;
		api()
			.post(`${BASE_PATH}/inventory/batch/small`)
			.times(2)
			.reply(202, () => {
				calls++;
				return {
					status: 'failure',
					messages: [{ code: 'INVALID', severity: 'error', description: 'bad batch' }],
				};
			});
		const ctx = executeContext(input);
		const client = await DscoClient.create(ctx);
		await expect(
			sendBatched(
				ctx,
				client,
				ctx.getInputData(),
				spec(() => {}),
			),
		).rejects.toThrow(/DSCO rejected the whole batch/);
		expect(calls).toBe(1);
	});
});
