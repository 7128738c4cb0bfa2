/**
 * Lost answers of batch writes against exact DSCO exchanges (nock): what the node reads after the failure, in what
 * order, what it sends again, and what it outputs — including answers the simulator does not give (a batch DSCO
 * still reports PROCESSING, a change log that also holds other writes, an invoice look-up with an unexpected body,
 * cancelled quantities that grew by another amount, a dropped connection and a timeout).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { BASE, BASE_PATH, TOKENS, oauthCredential, order } from './fixtures';
import { createHarness, type Harness } from './harness';
import { useNock } from './nockSetup';

useNock();

interface Exchange {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
}

type Reply = [number, nock.ReplyBody];
type Answer = Reply | { error: string } | { delayMs: number; answer: Reply };
type Handler = (req: Exchange, nth: number) => Answer | undefined;

let exchanges: Exchange[] = [];
let h: Harness;

/**
 * A DSCO stand-in: every request is recorded and answered by the first handler that answers it. The token endpoint is
 * answered here; a request nobody answers fails the test with a 599.
 */
function fakeDsco(handlers: Record<string, Handler>) {
	const counts = new Map<string, number>();
	for (const method of ['GET', 'POST']) {
		nock(BASE)
			.persist()
			.intercept((uri) => uri.startsWith(BASE_PATH), method)
			.reply(function (uri, body, callback) {
				const url = new URL(uri, BASE);
				const exchange: Exchange = {
					method,
					path: url.pathname.slice(BASE_PATH.length),
					query: Object.fromEntries(url.searchParams),
					body: typeof body === 'string' && body.startsWith('[') ? JSON.parse(body) : body,
				};
				const key = `${method} ${exchange.path}`;
				if (key === 'POST /oauth2/token') {
					callback(null, [
						200,
						{ access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 },
					]);
					return;
				}
				exchanges.push(exchange);
				const nth = counts.get(key) ?? 0;
				counts.set(key, nth + 1);
				const answer = handlers[key]?.(exchange, nth);
				if (!answer) return callback(null, [599, { message: `no answer for ${key}` }]);
				if ('error' in answer)
					return callback(Object.assign(new Error('socket hang up'), { code: answer.error }), [
						0,
						'',
					]);
				if ('delayMs' in answer) {
					setTimeout(() => callback(null, answer.answer), answer.delayMs);
					return;
				}
				callback(null, answer);
			});
	}
}

const calls = () =>
	exchanges.map(
		(e) =>
			`${e.method} ${e.path}${e.query.requestId ? `?requestId=${e.query.requestId}` : e.query.startDate ? '?startDate…' : ''}`,
	);
const posts = (path: string) => exchanges.filter((e) => e.method === 'POST' && e.path === path);

beforeEach(async () => {
	exchanges = [];
	h = await createHarness(oauthCredential);
});

const ship = (extra: IDataObject = {}) => ({
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
	mode: 'batch',
	options: { waitTimeoutSeconds: 1 },
	...extra,
});
const pkg = (id: number, tracking: string) => ({
	orderId: String(id),
	tracking,
	lines: [{ sku: `SKU-${id}`, quantity: 1 }],
});
const shipmentEntry = (id: number, tracking: string) => ({
	dscoOrderId: String(id),
	shipments: [
		{
			trackingNumber: tracking,
			shipCarrier: 'UPS',
			shipMethod: 'Ground',
			shippingServiceLevelCode: 'UPCG',
			lineItems: [{ sku: `SKU-${id}`, quantity: 1 }],
		},
	],
});
const logEntry = (
	payload: unknown,
	requestId: string,
	status = 'success',
	results?: unknown[],
) => ({
	payload,
	dateProcessed: new Date().toISOString(),
	status,
	requestMethod: 'api',
	requestId,
	...(results ? { results } : {}),
});
const ordersWithout =
	(ids: number[]): Handler =>
	(req) => {
		const id = Number(req.query.value);
		return ids.includes(id) ? [200, order(id, { packages: [] })] : undefined;
	};

describe('shipments (batch)', () => {
	it('a dropped connection before DSCO took the batch: looks in the change log by date and on the orders, then sends the same body again', async () => {
		let firstSend = 0;
		fakeDsco({
			'GET /order/': ordersWithout([77, 78]),
			'POST /order/shipment/batch/small': (_req, nth) => {
				if (nth > 0) return [202, { status: 'pending', requestId: 'req-2' }];
				firstSend = Date.now();
				return { error: 'ECONNRESET' };
			},
			'GET /order/log': (req) =>
				req.query.requestId === 'req-2'
					? [
							200,
							{
								status: 'COMPLETED',
								logs: [
									logEntry(shipmentEntry(77, '1ZA'), 'req-2'),
									logEntry(shipmentEntry(78, '1ZB'), 'req-2'),
								],
							},
						]
					: [200, { logs: [] }],
		});
		const { items, error } = await h.run(ship(), [pkg(77, '1ZA'), pkg(78, '1ZB')]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				trackingNumber: '1ZA',
				status: 'success',
				requestId: 'req-2',
				resent: true,
			}),
			expect.objectContaining({
				trackingNumber: '1ZB',
				status: 'success',
				requestId: 'req-2',
				resent: true,
			}),
		]);
		const sent = posts('/order/shipment/batch/small');
		expect(sent.map((p) => p.body)).toEqual([
			[shipmentEntry(77, '1ZA'), shipmentEntry(78, '1ZB')],
			[shipmentEntry(77, '1ZA'), shipmentEntry(78, '1ZB')],
		]);
		// Between the two sends: the change log by date first, then the orders; the last look reads the orders again.
		const sequence = calls();
		const first = sequence.indexOf('POST /order/shipment/batch/small');
		const second = sequence.lastIndexOf('POST /order/shipment/batch/small');
		const between = sequence.slice(first + 1, second);
		expect(between[0]).toBe('GET /order/log?startDate…');
		expect(between.slice(1, 3)).toEqual(['GET /order/', 'GET /order/']);
		expect(between.slice(-2)).toEqual(['GET /order/', 'GET /order/']);
		expect(between.every((c) => c === 'GET /order/' || c === 'GET /order/log?startDate…')).toBe(
			true,
		);
		expect(sequence.slice(second + 1)).toEqual(['GET /order/log?requestId=req-2']);
		// The window starts 2 minutes (room for clock skew) before the first send and ends 2 minutes after the look.
		const windows = exchanges.filter((e) => e.query.startDate).map((e) => e.query);
		for (const w of windows) {
			expect(Date.parse(w.startDate)).toBeLessThanOrEqual(firstSend - 120_000);
			expect(Date.parse(w.endDate)).toBeGreaterThanOrEqual(firstSend + 120_000);
		}
	});

	it('a 503 after DSCO took the batch: its requestId is found in the change log (among other writes) and each entry gets its own result', async () => {
		fakeDsco({
			'GET /order/': ordersWithout([77, 78]),
			'POST /order/shipment/batch/small': () => [503, { message: 'Service Unavailable' }],
			'GET /order/log': (req) => {
				const failed = logEntry(shipmentEntry(78, '1ZB'), 'lost-1', 'failure', [
					{ code: 'VALIDATION_FAILED', severity: 'error', description: 'Ship carrier is required' },
				]);
				if (req.query.requestId === 'lost-1')
					return [
						200,
						{ status: 'COMPLETED', logs: [logEntry(shipmentEntry(77, '1ZA'), 'lost-1'), failed] },
					];
				if (req.query.requestId === 'other-9')
					return [
						200,
						{
							status: 'COMPLETED',
							logs: [
								logEntry(shipmentEntry(77, '1ZA'), 'other-9'),
								logEntry(shipmentEntry(90, '1ZX'), 'other-9'),
							],
						},
					];
				// Another workflow's batch names one of the same packages too, but holds other writes: not this batch.
				return [
					200,
					{
						logs: [
							logEntry(shipmentEntry(77, '1ZA'), 'other-9'),
							logEntry(shipmentEntry(90, '1ZX'), 'other-9'),
							logEntry(shipmentEntry(77, '1ZA'), 'lost-1'),
							failed,
						],
					},
				];
			},
		});
		const { items, error } = await h.run(ship(), [pkg(77, '1ZA'), pkg(78, '1ZB')], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			trackingNumber: '1ZA',
			status: 'success',
			requestId: 'lost-1',
			resendSkipped: true,
		});
		expect(items[0].json.message).toBe(
			'DSCO answered HTTP 503 to the batch, but its change log shows the batch arrived (requestId lost-1): not sent again',
		);
		expect(items[1].json.error).toBe(
			'DSCO did not apply the shipment: VALIDATION_FAILED (error): Ship carrier is required [item 1]',
		);
		expect(items[1].json.requestId).toBe('lost-1');
		expect(posts('/order/shipment/batch/small')).toHaveLength(1);
		expect(calls()).toEqual([
			'GET /order/',
			'GET /order/',
			'POST /order/shipment/batch/small',
			'GET /order/log?startDate…',
			'GET /order/log?requestId=other-9',
			'GET /order/log?requestId=lost-1',
		]);
	});

	it('a batch DSCO reports PROCESSING until the quiet period ends: never sent again; the error names the requestId to look up', async () => {
		fakeDsco({
			'GET /order/': ordersWithout([77]),
			'POST /order/shipment/batch/small': () => [504, { message: 'Endpoint request timed out' }],
			'GET /order/log': (req) =>
				req.query.requestId === 'slow-3'
					? [
							200,
							{
								status: 'PROCESSING',
								logs: [logEntry(shipmentEntry(77, '1ZA'), 'slow-3', 'pending')],
							},
						]
					: [200, { logs: [logEntry(shipmentEntry(77, '1ZA'), 'slow-3', 'pending')] }],
		});
		const { items, error } = await h.run(ship(), [pkg(77, '1ZA')], { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(
			/^DSCO received the batch but had not processed this shipment after \d+ s of checking \[item 0\]$/,
		);
		expect(items[0].json.errorDescription).toMatch(
			/its change log shows the batch under requestId slow-3\. Not sent again\. Look it up later with Change Log → Get \(requestId slow-3\)/,
		);
		expect(items[0].json.errorDescription).toMatch(
			/read the order \(Order → Get, dscoOrderId 77\) and see whether tracking number 1ZA is on it/,
		);
		expect(posts('/order/shipment/batch/small')).toHaveLength(1);
	});

	it('with Max Retries 0, a batch DSCO shows nothing of is not sent again: each item says what to check', async () => {
		fakeDsco({
			'GET /order/': ordersWithout([77]),
			'POST /order/shipment/batch/small': () => ({ error: 'ECONNRESET' }),
			'GET /order/log': () => [200, { logs: [] }],
		});
		const { error } = await h.run(ship({ requestOptions: { maxRetries: 0 } }), [pkg(77, '1ZA')]);
		expect(error?.message).toMatch(
			/^The batch got no answer from DSCO \(the connection dropped\), and DSCO showed nothing of this shipment after \d+ s of checking; Max Retries \(0\) is used up, so it was not sent again \[item 0\]$/,
		);
		expect(error?.description).toMatch(
			/DSCO may still process it\. Before running it again: read the order .*tracking number 1ZA.* DSCO's order change log from .* on shows what arrived/,
		);
		expect(posts('/order/shipment/batch/small')).toHaveLength(1);
		expect(calls().filter((c) => c.startsWith('GET /order/log')).length).toBeGreaterThanOrEqual(1);
	});

	it('a timeout after DSCO applied the package: the order shows it (the change log does not yet), so it is not sent again', async () => {
		fakeDsco({
			'GET /order/': (req, nth) =>
				nth === 0
					? [200, order(77, { packages: [] })]
					: [200, order(77, { packages: [{ trackingNumber: '1za', dscoPackageId: 5 }] })],
			'POST /order/shipment/batch/small': () => ({
				delayMs: 2500,
				answer: [202, { status: 'pending', requestId: 'late-1' }],
			}),
			'GET /order/log': () => [200, { logs: [] }],
		});
		const { items, error } = await h.run(ship({ requestOptions: { timeoutSeconds: 1 } }), [
			pkg(77, '1ZA'),
		]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'success',
			resendSkipped: true,
			requestId: null,
			package: { trackingNumber: '1za', dscoPackageId: 5 },
		});
		expect(items[0].json.message).toMatch(
			/^The batch got no answer from DSCO \(the call timed out\), but reading the order showed tracking number 1ZA on it: not sent again$/,
		);
		expect(posts('/order/shipment/batch/small')).toHaveLength(1);
	});
});

describe('cancellations (batch)', () => {
	const cancel = {
		resource: 'cancellation',
		operation: 'cancelLines',
		orderId: '={{ $json.orderId }}',
		orderIdType: 'DSCO_ORDER_ID',
		cancelCode: 'CXSS',
		lineItemsInput: 'json',
		lineItemsJson: '={{ $json.lines }}',
		mode: 'batch',
		options: { waitTimeoutSeconds: 1 },
	};
	const line = (cancelledQuantity: number) => [
		{ lineNumber: 1, sku: 'SKU-77', quantity: 3, cancelledQuantity, shippedQuantity: 0 },
	];

	it('cancelled quantities that grew by another amount than sent: an error for the item, never sent again', async () => {
		fakeDsco({
			'GET /order/': (_req, nth) => [200, order(77, { lineItems: line(nth === 0 ? 0 : 2) })],
			'POST /order/item/cancel/batch/small': () => [502, { message: 'Bad Gateway' }],
			'GET /order/log': () => [200, { logs: [] }],
		});
		const { items, error } = await h.run(
			cancel,
			[{ orderId: '77', lines: [{ sku: 'SKU-77', lineNumber: 1, cancelledQuantity: 1 }] }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(
			"The cancellation may have been applied in part: the order's cancelled quantities changed, but not by the amounts sent [item 0]",
		);
		expect(items[0].json.errorDescription).toMatch(
			/DSCO answered HTTP 502 to the batch; not sent again\. Before running it again: read the order \(Order → Get, dscoOrderId 77\)/,
		);
		expect(posts('/order/item/cancel/batch/small')).toHaveLength(1);
	});

	it('two items on the same line in one lost batch: grown by their sum = both applied', async () => {
		fakeDsco({
			'GET /order/': (_req, nth) => [200, order(77, { lineItems: line(nth === 0 ? 0 : 2) })],
			'POST /order/item/cancel/batch/small': () => [503, {}],
			'GET /order/log': () => [200, { logs: [] }],
		});
		const one = { orderId: '77', lines: [{ sku: 'SKU-77', lineNumber: 1, cancelledQuantity: 1 }] };
		const { items, error } = await h.run(cancel, [one, one]);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.status, i.json.resendSkipped])).toEqual([
			['success', true],
			['success', true],
		]);
		expect(posts('/order/item/cancel/batch/small')).toHaveLength(1);
	});
});

describe('invoices', () => {
	const invoice = (sendMode: string) => ({
		resource: 'invoice',
		operation: 'create',
		invoiceId: '={{ $json.invoiceId }}',
		orderId: '77',
		orderIdType: 'DSCO_ORDER_ID',
		totalAmount: 25,
		lineItemsInput: 'json',
		lineItemsJson: '[{"sku":"SKU-77","quantity":2,"unitPrice":12.5}]',
		sendMode,
		options: { waitTimeoutSeconds: 1 },
	});
	const sentInvoice = {
		invoiceId: 'INV-1',
		dscoOrderId: '77',
		totalAmount: 25,
		lineItems: [{ sku: 'SKU-77', quantity: 2, unitPrice: 12.5 }],
	};

	it('batch: the invoice found by its invoiceId for the same order is not sent again; the output names it', async () => {
		fakeDsco({
			'POST /invoice/batch/small': () => [503, {}],
			'GET /invoice/log': () => [200, { logs: [] }],
			'GET /invoice': (req) =>
				req.query.key === 'invoiceId' && req.query.value === 'INV-1'
					? [
							200,
							{
								invoices: [
									{ invoiceId: 'INV-1', dscoOrderId: '77', dscoInvoiceId: '9001', totalAmount: 25 },
								],
							},
						]
					: undefined,
		});
		const { items, error } = await h.run(invoice('batch'), [{ invoiceId: 'INV-1' }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			invoiceId: 'INV-1',
			status: 'success',
			resendSkipped: true,
			dscoInvoiceId: '9001',
		});
		expect(items[0].json.message).toBe(
			'DSCO answered HTTP 503 to the batch, but DSCO has invoice INV-1 for this order (dscoInvoiceId 9001): not sent again',
		);
		expect(posts('/invoice/batch/small').map((p) => p.body)).toEqual([[sentInvoice]]);
	});

	it('batch: an invoice look-up that answers {} is an error, never read as "no such invoice": not sent again', async () => {
		fakeDsco({
			'POST /invoice/batch/small': () => [503, {}],
			'GET /invoice/log': () => [200, { logs: [] }],
			'GET /invoice': () => [200, {}],
		});
		const { items, error } = await h.run(invoice('batch'), [{ invoiceId: 'INV-1' }], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(
			'DSCO answered HTTP 503 to the batch, and reading what DSCO has of this invoice failed: not sent again [item 0]',
		);
		expect(items[0].json.errorDescription).toMatch(
			/^DSCO answered with an unexpected body: HTTP 200 from GET \/invoice, "invoices" is missing, not a list\. Body: \{\} \[item 0\] — GET \/invoice → HTTP 200/,
		);
		expect(items[0].json.errorDescription).toMatch(
			/Before running it again: look invoice INV-1 up in DSCO/,
		);
		expect(posts('/invoice/batch/small')).toHaveLength(1);
	});

	it('sync: the invoice change log shows the invoice created although the look-up by id does not yet: not sent again', async () => {
		fakeDsco({
			'POST /invoice': () => [503, {}],
			'GET /invoice': () => [200, { invoices: [] }],
			'GET /invoice/log': () => [
				200,
				{ logs: [logEntry({ ...sentInvoice, dscoInvoiceId: '9002' }, 'r-7')] },
			],
		});
		const { items, error } = await h.run(invoice('single'), [{ invoiceId: 'INV-1' }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			invoiceId: 'INV-1',
			status: 'success',
			resendSkipped: true,
		});
		expect(items[0].json.message).toBe(
			"DSCO's invoice change log shows invoice INV-1 created (requestId r-7): not sent again",
		);
		expect(calls()).toEqual(['POST /invoice', 'GET /invoice', 'GET /invoice/log?startDate…']);
	});

	it('sync: neither the look-up (twice) nor the change log shows it: sent again, once', async () => {
		fakeDsco({
			'POST /invoice': (_req, nth) =>
				nth === 0 ? { error: 'ECONNRESET' } : [201, { success: true }],
			'GET /invoice': () => [200, { invoices: [] }],
			'GET /invoice/log': () => [200, { logs: [] }],
		});
		const { items, error } = await h.run(invoice('single'), [{ invoiceId: 'INV-1' }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'success' });
		expect(items[0].json.resendSkipped).toBeUndefined();
		expect(calls()).toEqual([
			'POST /invoice',
			'GET /invoice',
			'GET /invoice/log?startDate…',
			'GET /invoice',
			'GET /invoice/log?startDate…',
			'POST /invoice',
		]);
		expect(posts('/invoice').map((p) => p.body)).toEqual([sentInvoice, sentInvoice]);
	});
});
