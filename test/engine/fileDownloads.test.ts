/**
 * The files DSCO hands out by URL (a label's labelUrl, a packing slip's url), against nock: never fetched with the
 * DSCO token; a URL on plain http to another host or of another scheme refused before any download; a 3xx not
 * followed; 5xx and dropped connections retried (within Max Retries and the URL's own lifetime); 403/404 a clear
 * "expired" error; a body that is not the file (an HTML page, nothing) an error. Each error names the item, and a
 * label's error says the label was already bought.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { createHarness, type Harness } from './harness';
import {
	API_TOKEN,
	apiTokenCredential,
	dsco,
	labelBody,
	labelOrderRead,
	labelParams,
	received,
	resetRecording,
} from './hostile/families';
import { BASE_PATH } from './fixtures';
import { useNock } from './nockSetup';
import { itLeaksNoSecrets } from './secrets';

useNock();
let h: Harness;
beforeEach(async () => {
	h = await createHarness(apiTokenCredential);
	resetRecording();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
const TRACKING = '1Z999AA10123456784';
const FILES = 'https://labels.example';
const SIGNED = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=feedface';
const labelUrl = (query = SIGNED, base = FILES) => `${base}/l/abc/label.pdf?${query}`;

/** The documented answer of POST /shippinglabels for one label whose file is at `url`. */
const labelAnswer = (url: string) => [
	{
		success: true,
		status: 'Label created',
		trackingNumber: TRACKING,
		trackingLink: `https://www.ups.com/track?tracknum=${TRACKING}`,
		labelUrl: url,
		carrier: 'UPS',
		carrierServiceLevel: 'UPCG',
	},
];

/** DSCO's calls for one label: the order read, then the label answered with `url`. */
function dscoLabel(url: string) {
	labelOrderRead();
	dsco().post(`${BASE_PATH}/shippinglabels`, [labelBody]).reply(200, labelAnswer(url));
}

/** Every request the file host got: method, path and the Authorization header (there must be none). */
const fileRequests: Array<{ host: string; path: string; authorization?: string }> = [];
function fileHost(base = FILES) {
	return nock(base).on('request', (req) =>
		fileRequests.push({
			host: base,
			path: req.path,
			authorization: req.headers.authorization as string | undefined,
		}),
	);
}
beforeEach(() => {
	fileRequests.length = 0;
});

const runLabel = (extra: IDataObject = {}, continueOnFail = false) =>
	h.run(labelParams(extra), [{}], { continueOnFail });

describe('label file download', () => {
	it('fetches labelUrl without the DSCO token and keeps the PDF; the API calls carried it', async () => {
		dscoLabel(labelUrl());
		fileHost()
			.get('/l/abc/label.pdf')
			.query(true)
			.reply(200, PDF, { 'Content-Type': 'application/pdf' });
		const { items, error } = await runLabel();
		expect(error).toBeUndefined();
		expect(fileRequests).toEqual([
			{ host: FILES, path: `/l/abc/label.pdf?${SIGNED}`, authorization: undefined },
		]);
		expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /order/',
			'POST /shippinglabels',
		]);
		expect(Buffer.from(items[0].binary!.label.data, 'base64').equals(PDF)).toBe(true);
		expect(items[0].json).toMatchObject({
			trackingNumber: TRACKING,
			status: 'Label created',
			fileName: `PO-1001-${TRACKING}.pdf`,
		});
	});

	it.each([
		[
			'http to another host',
			labelUrl(SIGNED, 'http://labels.example'),
			'it uses http to labels.example; files are fetched only over https',
		],
		['http to a private address', labelUrl(SIGNED, 'http://10.1.2.3'), 'it uses http to 10.1.2.3'],
		['ftp', 'ftp://labels.example/l/abc/label.pdf', 'its scheme is ftp'],
		['file', 'file:///etc/passwd', 'its scheme is file'],
		[
			'credentials in the URL',
			`https://user:pw@labels.example/l/abc/label.pdf`,
			'it carries a user name or password',
		],
	])('a labelUrl over %s is refused before any download', async (_case, url, problem) => {
		dscoLabel(url);
		const host = fileHost('http://labels.example').get(/.*/).reply(200, PDF);
		const { error } = await runLabel();
		expect(error?.message).toContain(`DSCO's URL for the label file was not fetched: ${problem}`);
		expect(error?.message).toMatch(/\[item 0\]$/);
		expect(error?.description).toContain(`The label was created: tracking number ${TRACKING}`);
		expect(fileRequests).toEqual([]);
		expect(host.isDone()).toBe(false);
		nock.cleanAll();
	});

	it('a 5xx then 200 is retried; neither try carries the token', async () => {
		dscoLabel(labelUrl());
		fileHost()
			.get('/l/abc/label.pdf')
			.query(true)
			.reply(503, 'Slow Down')
			.get('/l/abc/label.pdf')
			.query(true)
			.reply(200, PDF);
		const { items, error } = await runLabel();
		expect(error).toBeUndefined();
		expect(fileRequests.map((r) => r.authorization)).toEqual([undefined, undefined]);
		expect(items[0].json.trackingNumber).toBe(TRACKING);
		// DSCO was asked for the label once.
		expect(received.filter((r) => r.path === '/shippinglabels')).toHaveLength(1);
	});

	it('a dropped connection then 200 is retried', async () => {
		dscoLabel(labelUrl());
		fileHost()
			.get('/l/abc/label.pdf')
			.query(true)
			.reply((_uri, _body, callback) =>
				callback(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), [0, '']),
			)
			.get('/l/abc/label.pdf')
			.query(true)
			.reply(200, PDF);
		const { error } = await runLabel();
		expect(error).toBeUndefined();
		expect(fileRequests).toHaveLength(2);
	});

	it('gives up after Max Retries, saying the label was bought', async () => {
		dscoLabel(labelUrl());
		fileHost().get('/l/abc/label.pdf').query(true).times(2).reply(502, 'Bad Gateway');
		const { error } = await runLabel({ requestOptions: { maxRetries: 1 } });
		expect(error?.message).toBe("DSCO's URL for the label file answered 502 [item 0]");
		expect(error?.description).toContain('Gave up after 1 retries');
		expect(error?.description).toContain('Running this item again would buy a second label.');
		expect(fileRequests).toHaveLength(2);
	});

	it('is not retried past the URL’s own expiry (X-Amz-Date + X-Amz-Expires)', async () => {
		const issued = new Date(Date.now() - 10 * 60_000)
			.toISOString()
			.replace(/[-:]/g, '')
			.replace(/\.\d+Z$/, 'Z');
		const url = labelUrl(`X-Amz-Date=${issued}&X-Amz-Expires=60&X-Amz-Signature=feedface`);
		dscoLabel(url);
		fileHost().get('/l/abc/label.pdf').query(true).reply(503, 'Service Unavailable');
		const { error } = await runLabel();
		expect(error?.message).toBe("DSCO's URL for the label file answered 503 [item 0]");
		expect(error?.description).toMatch(
			/Not tried again: the URL expires at \d{4}-\d\d-\d\dT[\d:.]+Z, before another try\./,
		);
		expect(fileRequests).toHaveLength(1);
	});

	it.each([403, 404, 410])(
		'HTTP %i: the URL expired — a clear error, not retried',
		async (status) => {
			dscoLabel(labelUrl());
			fileHost()
				.get('/l/abc/label.pdf')
				.query(true)
				.reply(
					status,
					'<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
				);
			const { error } = await runLabel();
			expect(error?.message).toBe(
				`DSCO's URL for the label file has expired or is not valid (HTTP ${status}) [item 0]`,
			);
			expect(error?.description).toContain('temporary');
			expect(error?.description).toContain(`GET ${FILES}/l/abc/label.pdf → HTTP ${status}`);
			expect(error?.description).not.toContain('feedface');
			expect(fileRequests).toHaveLength(1);
		},
	);

	it('a 3xx is not followed', async () => {
		dscoLabel(labelUrl());
		fileHost()
			.get('/l/abc/label.pdf')
			.query(true)
			.reply(302, '', { Location: 'https://elsewhere.example/steal?token=1' });
		const elsewhere = nock('https://elsewhere.example').get(/.*/).reply(200, PDF);
		const { error } = await runLabel();
		expect(error?.message).toBe(
			"DSCO's URL for the label file answered a redirect (HTTP 302), which is not followed [item 0]",
		);
		expect(error?.description).toContain('Redirect to: https://elsewhere.example/steal');
		expect(elsewhere.isDone()).toBe(false);
		expect(fileRequests).toHaveLength(1);
		nock.cleanAll();
	});

	it.each([
		[
			'an HTML page',
			'<!DOCTYPE html><html><body>Access denied</body></html>',
			'did not answer a PDF file: the body starts with "<!DOCTYPE html><html><body>Access denied</body></html>"',
		],
		[
			'JSON',
			'{"message":"ok"}',
			'did not answer a PDF file: the body starts with "{"message":"ok"}"',
		],
		[
			'a PNG although PDF was asked for',
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			'did not answer a PDF file',
		],
		['an empty body', '', 'answered an empty body'],
	])('%s with 200 is an error, not a label', async (_case, body, message) => {
		dscoLabel(labelUrl());
		fileHost().get('/l/abc/label.pdf').query(true).reply(200, body);
		const { items, error } = await runLabel({}, true);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toContain(`DSCO's URL for the label file ${message}`);
		expect(items[0].binary).toBeUndefined();
		expect(fileRequests).toHaveLength(1);
	});

	it('a label DSCO did not create (success false) fetches nothing and shows DSCO’s status', async () => {
		labelOrderRead();
		dsco()
			.post(`${BASE_PATH}/shippinglabels`, [labelBody])
			.reply(200, [
				{
					success: false,
					status: 'Address validation failed: postal code 78701 does not match state NJ',
				},
			]);
		const { error } = await runLabel();
		expect(error?.message).toBe(
			'DSCO could not create the label: Address validation failed: postal code 78701 does not match state NJ [item 0]',
		);
		expect(fileRequests).toEqual([]);
	});

	it('two results for one label requested: an error listing the tracking numbers, nothing downloaded', async () => {
		labelOrderRead();
		dsco()
			.post(`${BASE_PATH}/shippinglabels`, [labelBody])
			.reply(200, [
				...labelAnswer(labelUrl()),
				{ ...labelAnswer(labelUrl())[0], trackingNumber: '1ZOTHER' },
			]);
		const { error } = await runLabel();
		expect(error?.message).toBe(
			`DSCO answered 2 labels for the one requested: tracking numbers ${TRACKING}, 1ZOTHER [item 0]`,
		);
		expect(fileRequests).toEqual([]);
	});

	it('a 5xx on POST /shippinglabels is not sent again (a label may have been bought)', async () => {
		labelOrderRead();
		dsco()
			.post(`${BASE_PATH}/shippinglabels`, [labelBody])
			.reply(503, { message: 'Service Unavailable' });
		const { error } = await runLabel();
		expect(error?.message).toContain('DSCO is unavailable');
		expect(error?.description).toContain('Not sent again');
		expect(error?.description).toContain(
			'A label may have been created at the carrier all the same',
		);
		expect(received.filter((r) => r.path === '/shippinglabels')).toHaveLength(1);
	});
});

describe('packing slip download', () => {
	const SLIPS = 'https://slips.example';
	const slipUrl = `${SLIPS}/s/req-1.pdf?${SIGNED}`;
	const create = { resource: 'packingSlip', operation: 'create', orderId: '1001' };

	it('POST 202, GET pending, GET success: the PDF fetched without the token', async () => {
		dsco().post(`${BASE_PATH}/packingslip`, { dscoOrderId: 1001 }).reply(202, {
			status: 'pending',
			requestId: 'req-1',
			eventDate: '2025-11-21T06:34:28+00:00',
		});
		dsco()
			.get(`${BASE_PATH}/packingslip`)
			.query({ requestId: 'req-1' })
			.reply(200, { status: 'pending', url: null });
		dsco()
			.get(`${BASE_PATH}/packingslip`)
			.query({ requestId: 'req-1' })
			.reply(200, { status: 'success', url: slipUrl });
		fileHost(SLIPS).get('/s/req-1.pdf').query(true).reply(200, PDF);
		const { items, error } = await h.run(create, [{ dscoOrderId: '1001', poNumber: 'PO-1001' }]);
		expect(error).toBeUndefined();
		expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /packingslip',
			'GET /packingslip',
			'GET /packingslip',
		]);
		expect(fileRequests).toEqual([
			{ host: SLIPS, path: `/s/req-1.pdf?${SIGNED}`, authorization: undefined },
		]);
		expect(items[0].json.packingSlip).toEqual({
			requestId: 'req-1',
			status: 'success',
			dscoOrderId: '1001',
			poNumber: 'PO-1001',
			fileName: 'PO-1001-packing-slip.pdf',
		});
		expect(items[0].binary!.packingSlip.mimeType).toBe('application/pdf');
	});

	it('a url on plain http to another host is refused before any download', async () => {
		dsco()
			.post(`${BASE_PATH}/packingslip`, { dscoOrderId: 1001 })
			.reply(200, { requestId: 'req-1', url: 'http://slips.example/s/req-1.pdf' });
		const { error } = await h.run(create);
		expect(error?.message).toBe(
			"DSCO's URL for the packing slip PDF was not fetched: it uses http to slips.example; files are fetched only over https (http only on loopback addresses: 127.0.0.0/8, ::1, localhost) [item 0]",
		);
		expect(fileRequests).toEqual([]);
	});

	it('a 202 that says failure is DSCO’s refusal, with its messages', async () => {
		dsco()
			.post(`${BASE_PATH}/packingslip`, { dscoOrderId: 1001 })
			.reply(202, {
				status: 'failure',
				requestId: 'req-2',
				eventDate: '2025-11-21T06:34:28+00:00',
				messages: [{ code: 'NOT_FOUND', severity: 'error', description: 'Order 1001 not found' }],
			});
		const { error } = await h.run(create);
		expect(error?.message).toBe(
			'DSCO refused the packing slip request: NOT_FOUND (error): Order 1001 not found [item 0]',
		);
		expect(received).toHaveLength(1);
	});

	it('a 503 on the slip request is retried (asking again only generates the PDF again)', async () => {
		dsco()
			.post(`${BASE_PATH}/packingslip`, { dscoOrderId: 1001 })
			.reply(503, { message: 'Service Unavailable' });
		dsco()
			.post(`${BASE_PATH}/packingslip`, { dscoOrderId: 1001 })
			.reply(200, { requestId: 'req-3', url: `${SLIPS}/s/req-3.pdf` });
		fileHost(SLIPS).get('/s/req-3.pdf').reply(200, PDF);
		const { error } = await h.run(create);
		expect(error).toBeUndefined();
		expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /packingslip',
			'POST /packingslip',
		]);
	});
});

itLeaksNoSecrets(() => [API_TOKEN]);
