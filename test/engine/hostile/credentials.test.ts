/**
 * Credentials never leave DSCO's origin, against hostile answers. Tables of (endpoint family × hostile answer):
 * redirects to another origin and to plain http on DSCO's own host, answers that echo the token or the client secret,
 * token answers without a token, and upload URLs that are not https. Every row asserts what DSCO and the other origin
 * received and what the user saw. Then the token fingerprint: the Test button and the runtime never use a token that
 * earlier credential values obtained.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError, Workflow } from 'n8n-workflow';

import { TEST_BASE_URL_EXPRESSION } from '../../../credentials/DscoApi.credentials';
import { resolveBaseUrl } from '../../../nodes/Dsco/transport/baseUrl';
import { asNodeError, errorItem } from '../../../nodes/Dsco/helpers/items';
import { errorText } from '../../../nodes/Dsco/transport/errors';
import { BASE, BASE_PATH, CLIENT_SECRET, TOKENS, oauthCredential, order } from '../fixtures';
import { createHarness, transcript, type Harness } from '../harness';
import { useNock } from '../nockSetup';
import {
	FAMILIES,
	fileItem,
	hostileCall,
	tokenEndpoint,
	watchOrigin,
	type Family,
	type Outcome,
} from './credentialFamilies';

useNock();

const EVIL = 'https://evil.test';
const PLAIN_HTTP = BASE.replace('https:', 'http:');
const QUERY_MARK = 'sig=QUERY-MARK-5b1f';
const REDIRECTS = [301, 302, 303, 307, 308] as const;
const TARGETS = [
	{ name: 'another origin', origin: EVIL, location: `${EVIL}/collect/here?${QUERY_MARK}` },
	{
		name: 'http on the same host',
		origin: PLAIN_HTTP,
		location: `${PLAIN_HTTP}${BASE_PATH}/moved?${QUERY_MARK}`,
	},
] as const;

/** What the user saw: the error that stopped the node, else the first error item. */
function shown(outcome: Outcome): string {
	if (outcome.error) return `${outcome.error.message}\n${outcome.error.description ?? ''}`;
	const item = [...outcome.items, ...outcome.errorItems].find((i) => i.json.error);
	return item ? `${String(item.json.error)}\n${String(item.json.errorDescription ?? '')}` : '';
}

/** Every output, error and log line of the runs since `mark` (the harness records them all). */
const transcriptSince = (mark: number) => transcript.slice(mark).join('\n');

/** A secret as it may come back: as sent, URL-encoded, form-encoded, JSON-escaped. */
function spellings(secret: string): string[] {
	return [
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
	];
}

function countRequests(scope: nock.Scope) {
	const seen: string[] = [];
	scope.on('request', (req) => seen.push(`${req.method} ${req.path}`));
	return seen;
}

describe('redirects are refused: nothing reaches the Location', () => {
	const rows = FAMILIES.flatMap((family) =>
		REDIRECTS.flatMap((status) =>
			TARGETS.map((target) => [family.name, status, target.name, family, target] as const),
		),
	);

	it.each(rows)('%s answers %i to %s', async (_f, status, _t, family, target) => {
		const h = await createHarness(oauthCredential);
		const mark = transcript.length;
		family.before(TOKENS[0]);
		const hostile = hostileCall(
			family,
			(i) => i.reply(status, '', { Location: target.location }),
			family.authenticated ? TOKENS[0] : undefined,
		);
		const hostileHits = countRequests(hostile);
		const evil = watchOrigin(EVIL);
		const plain = watchOrigin(PLAIN_HTTP);

		const outcome = await family.run(h);

		// The other origin, and DSCO's host over plain http, received nothing at all.
		expect(evil.received).toEqual([]);
		expect(plain.received).toEqual([]);
		// DSCO got the call once: a redirect is not retried either.
		expect(hostileHits).toHaveLength(1);
		const text = shown(outcome);
		expect(text).toContain(`HTTP ${status}`);
		expect(text).toContain(`to ${target.origin}`);
		expect(text).toMatch(/not followed/);
		// The Location's path and query are never shown or logged.
		expect(transcriptSince(mark)).not.toContain('QUERY-MARK');
		expect(transcriptSince(mark)).not.toContain('/collect/here');
	});

	it('the upload to the data URL is not redirected either', async () => {
		const h = await createHarness(oauthCredential);
		tokenEndpoint();
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
			.post(`${BASE_PATH}/inventory/batch/large`)
			.reply(200, {
				status: 'success',
				requestId: 'req-up-1',
				dataUrl: 'https://uploads.test/put/req-up-1?X-Sig=abc',
			});
		const upload = nock('https://uploads.test')
			.put('/put/req-up-1')
			.query(true)
			.reply(307, '', { Location: `${EVIL}/put?${QUERY_MARK}` });
		const evil = watchOrigin(EVIL);
		const outcome = await h.run(
			{ resource: 'inventory', operation: 'updateFromFile', options: { waitForResult: false } },
			[],
			{ items: [fileItem()] },
		);
		expect(upload.isDone()).toBe(true);
		expect(evil.received).toEqual([]);
		expect(outcome.error?.message).toMatch(
			/data URL answered the upload with a redirect \(HTTP 307\) to https:\/\/evil\.test, not followed/,
		);
		expect(shown(outcome)).not.toContain('QUERY-MARK');
	});
});

/** A client secret with characters that URL- and form-encoding change, so that every spelling is checked. */
const ODD_SECRET = 'sekret/Client+9f2c=1e&x y"q';
const API_TOKEN = 'api-TOKEN-5f1e77aa9c';

interface EchoRow {
	name: string;
	/** The hostile answer, given the token DSCO received. */
	answer: (token: string) => [number, string | Record<string, unknown>, Record<string, string>?];
}

const API_ECHOES: EchoRow[] = [
	{
		name: 'a 400 whose messages quote the Authorization header',
		answer: (token) => [
			400,
			{
				status: 'failure',
				messages: [
					{
						code: 'AUTH_ECHO',
						severity: 'error',
						description: `bad request with Authorization: Bearer ${token}`,
					},
				],
			},
		],
	},
	{
		name: 'a 403 text body quoting the token',
		answer: (token) => [403, `Forbidden for token ${token}`, { 'Content-Type': 'text/plain' }],
	},
	{
		name: 'a 422 JSON message quoting the token URL-encoded',
		answer: (token) => [422, { message: `cannot use access_token=${encodeURIComponent(token)}` }],
	},
];

const TOKEN_ECHOES: EchoRow[] = [
	{
		name: 'a 401 whose error_description quotes the submitted form',
		answer: () => [
			401,
			{
				error: 'invalid_client',
				error_description: `bad form: ${new URLSearchParams({ client_id: 'client-42', client_secret: ODD_SECRET })}`,
			},
		],
	},
	{
		name: 'a 400 whose error field quotes the secret',
		answer: () => [400, { error: `client_secret ${ODD_SECRET} unknown` }],
	},
	{
		name: 'a 400 text body quoting the JSON-escaped secret',
		answer: () => [
			400,
			`rejected {"client_secret":${JSON.stringify(ODD_SECRET)}}`,
			{ 'Content-Type': 'text/plain' },
		],
	},
];

describe('echoed secrets are redacted from everything the user sees and every log line', () => {
	const credential = { ...oauthCredential, clientSecret: ODD_SECRET };
	const rows: Array<readonly [string, string, Family, EchoRow]> = [
		...FAMILIES.filter((f) => f.authenticated).flatMap((family) =>
			API_ECHOES.map((echo) => [family.name, echo.name, family, echo] as const),
		),
		...FAMILIES.filter((f) => !f.authenticated).flatMap((family) =>
			TOKEN_ECHOES.map((echo) => [family.name, echo.name, family, echo] as const),
		),
	];

	it.each(rows)('%s: %s', async (_f, _e, family, echo) => {
		const h = await createHarness(credential);
		const mark = transcript.length;
		family.before(TOKENS[0]);
		const [status, body, headers] = echo.answer(TOKENS[0]);
		const hostile = hostileCall(
			family,
			(i) => i.reply(status, body, headers),
			family.authenticated ? TOKENS[0] : undefined,
		);
		const outcome = await family.run(h);
		expect(hostile.isDone()).toBe(true);
		expect(shown(outcome)).not.toBe('');
		const all = transcriptSince(mark);
		for (const secret of [TOKENS[0], ODD_SECRET])
			for (const s of spellings(secret)) expect(all).not.toContain(s);
		expect(all).toContain('[redacted]');
	});

	it('a legacy API token echoed in an error body', async () => {
		const h = await createHarness({
			environment: 'custom',
			baseUrl: `${BASE}${BASE_PATH}`,
			authType: 'apiToken',
			apiToken: API_TOKEN,
		});
		const mark = transcript.length;
		const read = FAMILIES.find((f) => f.name.startsWith('read'))!;
		const hostile = hostileCall(
			read,
			(i) =>
				i.reply(400, {
					messages: [{ code: 'X', description: `token ${API_TOKEN} is not allowed here` }],
				}),
			API_TOKEN,
		);
		const outcome = await read.run(h);
		expect(hostile.isDone()).toBe(true);
		expect(outcome.error?.message).toContain('token [redacted] is not allowed here');
		expect(transcriptSince(mark)).not.toContain(API_TOKEN);
	});

	it('a 2xx answer quoting the token: the output items carry [redacted]', async () => {
		const h = await createHarness(credential);
		const mark = transcript.length;
		tokenEndpoint();
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
			.get(`${BASE_PATH}/order/`)
			.query(true)
			.reply(200, order(7, { giftMessage: `sent with Bearer ${TOKENS[0]}` }));
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '7',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			dscoOrderId: '7',
			giftMessage: 'sent with Bearer [redacted]',
		});
		expect(transcriptSince(mark)).not.toContain(TOKENS[0]);
	});

	it('a 503 quoting the token, retried until Max Retries: retry log lines and the final error are clean', async () => {
		const h = await createHarness(credential);
		const mark = transcript.length;
		tokenEndpoint();
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
			.get(`${BASE_PATH}/order/`)
			.query(true)
			.times(2)
			.reply(
				503,
				{ message: `overloaded; your header was Authorization: Bearer ${TOKENS[0]}` },
				{ 'Retry-After': '0' },
			);
		const { error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '7',
			requestOptions: { maxRetries: 1 },
		});
		expect(error?.message).toContain('Authorization: Bearer [redacted]');
		expect(h.logLines().some((l) => /answered 503; retry 1\/1/.test(l))).toBe(true);
		expect(transcriptSince(mark)).not.toContain(TOKENS[0]);
	});

	it('a token refreshed after a 401 is redacted too when DSCO echoes it', async () => {
		const h = await createHarness(credential);
		const mark = transcript.length;
		tokenEndpoint(TOKENS[0]);
		tokenEndpoint(TOKENS[1]);
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
			.get(`${BASE_PATH}/order/`)
			.query(true)
			.reply(401, {});
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[1]}` } })
			.get(`${BASE_PATH}/order/`)
			.query(true)
			.reply(200, order(7, { giftMessage: `new ${TOKENS[1]} old ${TOKENS[0]}` }));
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '7',
		});
		expect(error).toBeUndefined();
		expect(items[0].json.giftMessage).toBe('new [redacted] old [redacted]');
		expect(transcriptSince(mark)).not.toMatch(/tok-(AAA|BBB)/);
	});
});

describe('a token answer without a token is a credential error; nothing is sent with an empty Bearer', () => {
	const rows: Array<
		[
			string,
			number | undefined,
			string | Record<string, unknown> | unknown[],
			Record<string, string>,
			RegExp,
		]
	> = [
		['{}', 200, {}, {}, /HTTP 200 with no access_token instead of a token/],
		[
			'an empty access_token',
			200,
			{ access_token: '', expires_in: 3600 },
			{},
			/HTTP 200 with an empty access_token/,
		],
		[
			'a blank access_token',
			200,
			{ access_token: '   ', expires_in: 3600 },
			{},
			/HTTP 200 with an empty access_token/,
		],
		['a null access_token', 200, { access_token: null }, {}, /HTTP 200 with no access_token/],
		['a list', 200, [], {}, /HTTP 200 with no access_token/],
		[
			'an HTML page',
			200,
			'<html><body>Sign in</body></html>',
			{ 'Content-Type': 'text/html' },
			/HTTP 200 with an HTML page instead of a token/,
		],
		['an empty body', 200, '', {}, /HTTP 200 with an empty body instead of a token/],
	];

	it.each(rows)('%s', async (_name, status, body, headers, message) => {
		const h = await createHarness(oauthCredential);
		// One token call per item: the first item's failure stores nothing, so the second asks again.
		const token = nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`)
			.times(2)
			.reply(status!, body as never, headers);
		const dsco = watchOrigin(BASE);
		const { error, items } = await h.run(
			{ resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: '7' },
			[{}, {}],
			{ continueOnFail: true },
		);
		expect(token.isDone()).toBe(true);
		// Each item says why; DSCO's API received nothing (so no "Bearer " header either).
		expect(error).toBeUndefined();
		expect(items.map((i) => String(i.json.error))).toEqual([
			expect.stringMatching(message),
			expect.stringMatching(message),
		]);
		expect(dsco.received.filter((r) => !r.startsWith('POST /api/v3/oauth2/token'))).toEqual([]);
		expect(h.credentials.store.get('cred-1')!.data.accessToken).toBeUndefined();
	});
});

describe('upload URLs DSCO hands out: absolute https only (loopback http for stand-ins)', () => {
	const bad: Array<{ name: string; dataUrl: unknown; message: RegExp; origin?: string }> = [
		{
			name: 'plain http to another host',
			dataUrl: `http://uploads.test/put?${QUERY_MARK}`,
			message: /not an absolute https address \(it uses http to uploads\.test; /,
			origin: 'http://uploads.test',
		},
		{ name: 'a relative path', dataUrl: '/put/req-1', message: /not an absolute URL/ },
		// Not a string at all: the answer's shape check (transport/answers.ts) stops it first.
		{
			name: 'an empty string',
			dataUrl: '',
			message:
				/^DSCO answered with an unexpected body: HTTP 200 from POST \/inventory\/batch\/large, "dataUrl" is empty, not a string/,
		},
		{
			name: 'a number',
			dataUrl: 42,
			message:
				/^DSCO answered with an unexpected body: HTTP 200 from POST \/inventory\/batch\/large, "dataUrl" is number 42, not a string/,
		},
		{
			name: 'ftp',
			dataUrl: 'ftp://uploads.test/put',
			message: /\(its scheme is ftp; only https is accepted/,
		},
		{
			name: 'user info in the URL',
			dataUrl: 'https://user:pw@uploads.test/put',
			message: /\(it carries a user name or password\)/,
			origin: 'https://uploads.test',
		},
	];

	it.each(bad.map((row) => [row.name, row] as const))(
		'%s is refused before a byte is uploaded',
		async (_name, { dataUrl, message, origin }) => {
			const h = await createHarness(oauthCredential);
			tokenEndpoint();
			const start = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
				.post(`${BASE_PATH}/inventory/batch/large`)
				.reply(200, { status: 'success', requestId: 'req-up-1', dataUrl });
			const target = origin ? watchOrigin(origin) : undefined;
			const { error } = await h.run(
				{ resource: 'inventory', operation: 'updateFromFile', options: { waitForResult: false } },
				[],
				{ items: [fileItem()] },
			);
			expect(start.isDone()).toBe(true);
			expect(error?.message).toMatch(message);
			expect(error?.message).toMatch(
				/(^DSCO handed out an upload URL that is not an absolute https address.*nothing was uploaded|^DSCO did not hand out an upload URL for the file|^DSCO answered with an unexpected body: .*) \[item 0\]$/,
			);
			expect(error?.message).not.toContain('QUERY-MARK');
			expect(target?.received ?? []).toEqual([]);
		},
	);

	it.each([
		['https', 'https://uploads.test/put/req-1?X-Sig=abc', 'https://uploads.test'],
		['loopback http', 'http://127.0.0.1:9/put/req-1?X-Sig=abc', 'http://127.0.0.1:9'],
	])('%s is used, without the DSCO token', async (_name, dataUrl, origin) => {
		const h = await createHarness(oauthCredential);
		tokenEndpoint();
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
			.post(`${BASE_PATH}/inventory/batch/large`)
			.reply(200, { status: 'success', requestId: 'req-up-1', dataUrl });
		const target = watchOrigin(origin);
		const { items, error } = await h.run(
			{ resource: 'inventory', operation: 'updateFromFile', options: { waitForResult: false } },
			[],
			{ items: [fileItem()] },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ requestId: 'req-up-1', status: 'pending', rowsSent: 1 });
		expect(target.received).toEqual(['PUT /put/req-1?X-Sig=abc ']);
	});
});

describe('every error has a message', () => {
	/** A local server that drops the connection of every request (nock cannot, through n8n's HTTP client). */
	async function droppingServer() {
		const server = http.createServer((req) => req.socket.destroy());
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		nock.enableNetConnect('127.0.0.1');
		return {
			origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
			close: () => {
				nock.disableNetConnect();
				server.close();
			},
		};
	}

	it('an upload whose connection drops says what failed, naming only the upload origin', async () => {
		const server = await droppingServer();
		try {
			const h = await createHarness(oauthCredential);
			tokenEndpoint();
			nock(BASE)
				.post(`${BASE_PATH}/inventory/batch/large`)
				.reply(200, {
					status: 'success',
					requestId: 'req-up-1',
					dataUrl: `${server.origin}/put/1?X-Sig=abc`,
				});
			const { error } = await h.run(
				{ resource: 'inventory', operation: 'updateFromFile', options: { waitForResult: false } },
				[],
				{ items: [fileItem()] },
			);
			expect(error?.message).toBe("The upload to DSCO's data URL failed (ECONNRESET) [item 0]");
			expect(error?.description).toMatch(
				new RegExp(`^PUT ${server.origin} \\(DSCO upload URL\\): \\S`),
			);
			expect(error?.description).not.toContain('X-Sig');
		} finally {
			server.close();
		}
	});

	it.each([
		['an Error with an empty message', new Error('')],
		['a thrown object', { code: 'E' }],
		[
			'a NodeOperationError with an empty message',
			new NodeOperationError({ name: 'DSCO' } as INode, ''),
		],
	])('an operation failing with %s ends as a node error with a message', (_name, error) => {
		const node = { name: 'DSCO' } as INode;
		expect(asNodeError(node, error).message).toBe('The node "DSCO" failed without a message');
		expect(errorItem(asNodeError(node, error), 3)).toEqual({
			json: { error: 'The node "DSCO" failed without a message' },
			pairedItem: { item: 3 },
		});
		// Continue-on-fail's error item, also for an error that was not made a node error first.
		expect(errorItem(error as Error, 3).json.error).toMatch(/\S/);
	});

	it.each([
		['an Error with an empty message', new Error(''), 'fallback'],
		['an Error with a blank message', new Error('  '), 'fallback'],
		['a thrown string', 'plain words', 'plain words'],
		['a thrown object', { code: 'E' }, 'fallback'],
		['undefined', undefined, 'fallback'],
		['an Error with a message', new Error('said something'), 'said something'],
	])('errorText of %s', (_name, error, expected) => {
		expect(errorText(error, 'fallback')).toBe(expected);
	});
});

/** The credential as n8n stores it after a run or a test with `secret`: token and fingerprint filled in. */
async function workingCredential(
	h: Harness,
	secret = CLIENT_SECRET,
): Promise<ICredentialDataDecryptedObject> {
	nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`, (b) => b.client_secret === secret)
		.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
	nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
		.get(`${BASE_PATH}/hello`)
		.reply(200, { hello: 'World!' });
	expect(await h.testCredential({ ...oauthCredential, clientSecret: secret })).toEqual({
		status: 'OK',
		message: 'Connection successful!',
	});
	const stored = h.credentials.store.get('cred-1')!.data;
	expect(stored).toMatchObject({
		accessToken: TOKENS[0],
		accessTokenFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
	});
	expect(JSON.stringify(stored.accessTokenFingerprint)).not.toContain(secret);
	nock.cleanAll();
	return { ...stored };
}

/** Every /hello and API request, with the Authorization it carried. */
function recordHello() {
	const seen: string[] = [];
	const scope = nock(BASE);
	scope.on('request', (req) =>
		seen.push(`${req.method} ${req.path} ${String(req.headers.authorization ?? '-')}`),
	);
	return { seen, scope };
}

describe('the Test button checks the credential as it is now (n8n 2.41.1 credentials tester)', () => {
	it('after the secret is changed to a wrong one, the Test fails; the old token is never sent', async () => {
		const h = await createHarness(oauthCredential);
		const stored = await workingCredential(h);
		const { seen, scope } = recordHello();
		const refused = nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`, (b) => b.client_secret === 'wrong-secret-0001')
			.reply(401, { error: 'invalid_client' });
		scope.get(`${BASE_PATH}/hello`).reply(401, { message: 'Unauthorized' });
		// The form's values: the new secret, and the stored token n8n restores from the saved credential.
		const result = await h.testCredential({ ...stored, clientSecret: 'wrong-secret-0001' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/DSCO rejected the Client ID or Client Secret.*invalid_client/);
		expect(refused.isDone()).toBe(true);
		expect(seen).toEqual([`GET ${BASE_PATH}/hello -`]);
	});

	it('after the secret is changed to a right one, the Test succeeds with a token fetched with it', async () => {
		const h = await createHarness(oauthCredential);
		const stored = await workingCredential(h);
		const { seen, scope } = recordHello();
		nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`, (b) => b.client_secret === 'rotated-secret-0002')
			.reply(200, { access_token: TOKENS[1], token_type: 'Bearer', expires_in: 3600 });
		scope.get(`${BASE_PATH}/hello`).reply(401, {});
		scope.get(`${BASE_PATH}/hello`).reply(200, { hello: 'World!' });
		expect(await h.testCredential({ ...stored, clientSecret: 'rotated-secret-0002' })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(seen).toEqual([
			`GET ${BASE_PATH}/hello -`,
			`GET ${BASE_PATH}/hello Bearer ${TOKENS[1]}`,
		]);
	});

	it('after the base URL is changed, the old token never reaches the new address', async () => {
		const h = await createHarness(oauthCredential);
		const stored = await workingCredential(h);
		const other = 'https://dsco-other.test';
		const seen: string[] = [];
		const scope = nock(other);
		scope.on('request', (req) =>
			seen.push(`${req.method} ${req.path} ${String(req.headers.authorization ?? '-')}`),
		);
		scope.get(`${BASE_PATH}/hello`).reply(401, {});
		scope
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: TOKENS[2], expires_in: 3600 });
		scope.get(`${BASE_PATH}/hello`).reply(200, { hello: 'World!' });
		expect((await h.testCredential({ ...stored, baseUrl: `${other}${BASE_PATH}` })).status).toBe(
			'OK',
		);
		expect(seen).toEqual([
			`GET ${BASE_PATH}/hello -`,
			`POST ${BASE_PATH}/oauth2/token -`,
			`GET ${BASE_PATH}/hello Bearer ${TOKENS[2]}`,
		]);
	});

	it('goes to the normalised base URL: no query, fragment or user info carried into /hello', async () => {
		const h = await createHarness(oauthCredential);
		const { seen, scope } = recordHello();
		scope
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: TOKENS[0], expires_in: 3600 });
		scope.get(`${BASE_PATH}/hello`).reply(200, { hello: 'World!' });
		const baseUrl = `https://someone:pa55word@dsco.test${BASE_PATH}/?debug=1#frag`;
		expect(await h.testCredential({ ...oauthCredential, baseUrl })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(seen).toEqual([
			`POST ${BASE_PATH}/oauth2/token -`,
			`GET ${BASE_PATH}/hello Bearer ${TOKENS[0]}`,
		]);
	});

	it('refuses a plain-http base URL off loopback, sending nothing', async () => {
		const h = await createHarness(oauthCredential);
		const plain = watchOrigin('http://dsco.example.com');
		const result = await h.testCredential({
			...oauthCredential,
			baseUrl: 'http://dsco.example.com/api/v3',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must use https/);
		expect(plain.received).toEqual([]);
	});

	it("the base URL expression of the Test request equals the transport's resolveBaseUrl", async () => {
		const h = await createHarness(oauthCredential);
		const node: INode = {
			id: 'n',
			name: 'n',
			type: 'noOp',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = new Workflow({
			nodes: [],
			connections: {},
			active: false,
			nodeTypes: h.nodeTypes,
		});
		const cases: Array<[string, string]> = [
			['production', ''],
			['staging', ''],
			['custom', 'https://api.dsco.io/api/v3'],
			['custom', '  https://api.dsco.io/api/v3/  '],
			['custom', 'https://api.dsco.io/api/v3///'],
			['custom', 'https://u:p@dsco.test/api/v3?x=1#y'],
			['custom', 'https://dsco.test/api/v3#frag'],
			['custom', 'https://dsco.test:8443/api/v3?a=b/c'],
			['custom', 'http://127.0.0.1:4010/api/v3'],
			['custom', 'http://localhost:4010'],
			['custom', 'http://[::1]:4010/api/v3/'],
		];
		for (const [environment, baseUrl] of cases) {
			const evaluated = workflow.expression.getSimpleParameterValue(
				node,
				`={{${TEST_BASE_URL_EXPRESSION}}}`,
				'internal',
				{ $credentials: { environment, baseUrl } },
				undefined,
				'',
			);
			expect([environment, baseUrl, evaluated]).toEqual([
				environment,
				baseUrl,
				resolveBaseUrl(environment, baseUrl),
			]);
		}
	});
});

describe('at runtime a token obtained with other credential values is never sent', () => {
	it('after the secret changed: a new token is fetched with the new secret first', async () => {
		const h = await createHarness(oauthCredential);
		const stored = await workingCredential(h);
		h.credentials.add({
			id: 'cred-1',
			name: 'DSCO test',
			type: 'dscoApi',
			data: { ...stored, clientSecret: 'rotated-secret-0002' },
		});
		const { seen, scope } = recordHello();
		scope
			.post(`${BASE_PATH}/oauth2/token`, (b) => b.client_secret === 'rotated-secret-0002')
			.reply(200, { access_token: TOKENS[1], expires_in: 3600 });
		scope.get(`${BASE_PATH}/order/`).query(true).reply(200, order(7));
		const { items, error } = await h.run({
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: '7',
		});
		expect(error).toBeUndefined();
		expect(items[0].json.dscoOrderId).toBe('7');
		expect(seen).toEqual([
			`POST ${BASE_PATH}/oauth2/token -`,
			`GET ${BASE_PATH}/order/?orderKey=dscoOrderId&value=7 Bearer ${TOKENS[1]}`,
		]);
		expect(h.credentials.store.get('cred-1')!.data).toMatchObject({
			accessToken: TOKENS[1],
			clientSecret: 'rotated-secret-0002',
		});
		expect(h.credentials.store.get('cred-1')!.data.accessTokenFingerprint).not.toBe(
			stored.accessTokenFingerprint,
		);
	});

	it('a token stored without a fingerprint (before this version) is fetched again once, then reused', async () => {
		const h = await createHarness({
			...oauthCredential,
			accessToken: 'legacy-token-0000',
			accessTokenExpiresAt: Date.now() + 3_600_000,
		});
		const { seen, scope } = recordHello();
		scope
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: TOKENS[0], expires_in: 3600 });
		scope.get(`${BASE_PATH}/order/`).query(true).times(2).reply(200, order(7));
		expect(
			(
				await h.run({ resource: 'order', operation: 'get', orderKey: 'dscoOrderId', value: '7' }, [
					{},
					{},
				])
			).error,
		).toBeUndefined();
		expect(seen.map((s) => s.replace(/\?.*? /, ' '))).toEqual([
			`POST ${BASE_PATH}/oauth2/token -`,
			`GET ${BASE_PATH}/order/ Bearer ${TOKENS[0]}`,
			`GET ${BASE_PATH}/order/ Bearer ${TOKENS[0]}`,
		]);
	});

	it("the credential's authenticate (also used by n8n's HTTP Request node) leaves a stale token out and refuses other origins", async () => {
		const h = await createHarness(oauthCredential);
		const stored = await workingCredential(h);
		const authenticate = h.credentialTypes.dscoApi.authenticate as (
			c: ICredentialDataDecryptedObject,
			o: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;
		const url = `${BASE}${BASE_PATH}/hello`;
		expect((await authenticate(stored, { url })).headers).toEqual({
			Authorization: `Bearer ${TOKENS[0]}`,
		});
		// The HTTP Request node sends legacy options (`uri`); the Test button a baseURL and a path.
		expect(
			(await authenticate(stored, { uri: url } as unknown as IHttpRequestOptions)).headers,
		).toEqual({ Authorization: `Bearer ${TOKENS[0]}` });
		expect(
			(await authenticate(stored, { baseURL: `${BASE}${BASE_PATH}`, url: '/hello' })).headers,
		).toEqual({ Authorization: `Bearer ${TOKENS[0]}` });
		await expect(
			authenticate(stored, { uri: `${EVIL}/x` } as unknown as IHttpRequestOptions),
		).rejects.toThrow(/to https:\/\/evil\.test/);
		await expect(
			authenticate(stored, { baseURL: `${BASE}${BASE_PATH}`, url: `${EVIL}/x` }),
		).rejects.toThrow(/to https:\/\/evil\.test/);
		expect(
			(await authenticate({ ...stored, clientSecret: 'other-secret-0003' }, { url })).headers,
		).toBeUndefined();
		expect(
			(await authenticate({ ...stored, clientId: 'other-client' }, { url })).headers,
		).toBeUndefined();
		await expect(authenticate(stored, { url: `${EVIL}/hello` })).rejects.toThrow(
			/Refusing to send the DSCO credential to https:\/\/evil\.test/,
		);
		await expect(authenticate(stored, { url: `${PLAIN_HTTP}${BASE_PATH}/hello` })).rejects.toThrow(
			/to http:\/\/dsco\.test/,
		);
		const apiToken = {
			environment: 'custom',
			baseUrl: `${BASE}${BASE_PATH}`,
			authType: 'apiToken',
			apiToken: API_TOKEN,
		};
		expect((await authenticate(apiToken, { url })).headers).toEqual({
			Authorization: `Bearer ${API_TOKEN}`,
		});
	});
});
