import { type Simulator, startSimulator } from './index';
import { SimClient } from './testClient';

describe('simulator: OAuth2 token, bearer check, unknown routes', () => {
	let sim: Simulator;
	let client: SimClient;

	beforeAll(async () => {
		// Token lifetimes are checked to the second: on the wall clock, a busy machine could spend one between issuing
		// a token and using it. This clock moves only when the test moves it.
		const frozen = Date.parse('2025-11-21T06:34:00Z');
		sim = await startSimulator({ now: () => frozen, tokenTtlSeconds: 60, orders: 2, skus: 3 });
		client = new SimClient(sim);
	});
	afterAll(() => sim.close());

	it('issues a bearer token for valid client credentials', async () => {
		const res = await client.fetchToken();
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			access_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 60,
		});
	});

	it('answers 401 invalid_client for a wrong secret and 400 invalid_request for a bad request', async () => {
		const wrong = await client.fetchToken({
			grant_type: 'client_credentials',
			client_id: sim.clientId,
			client_secret: 'nope',
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({ error: 'invalid_client' });

		const missing = await client.fetchToken({
			grant_type: 'client_credentials',
			client_id: sim.clientId,
		});
		expect(missing.status).toBe(400);
		expect(missing.body.error).toBe('invalid_request');
		expect(missing.body.error_description).toContain('client_secret is required');

		const badGrant = await client.fetchToken({
			grant_type: 'password',
			client_id: sim.clientId,
			client_secret: sim.clientSecret,
		});
		expect(badGrant.status).toBe(400);
		expect(badGrant.body.error).toBe('invalid_request');
	});

	it('accepts "Bearer" and "bearer", the static API token, and refuses missing or unknown tokens', async () => {
		const token = (await client.fetchToken()).body.access_token as string;
		for (const scheme of ['Bearer', 'bearer']) {
			const res = await client.request('GET', '/hello', {
				noAuth: true,
				headers: { authorization: `${scheme} ${token}` },
			});
			expect(res).toMatchObject({ status: 200, body: { hello: 'World!' } });
		}
		expect((await new SimClient(sim, 'apiToken').get('/hello')).status).toBe(200);
		expect((await new SimClient(sim, 'none').get('/hello')).status).toBe(401);
		const unknown = await client.request('GET', '/hello', {
			noAuth: true,
			headers: { authorization: 'Bearer not-a-token' },
		});
		expect(unknown.status).toBe(401);
	});

	it('lets tokens expire by the simulator clock, and expireTokens() invalidates all issued tokens', async () => {
		const token = (await client.fetchToken()).body.access_token as string;
		const hello = () =>
			client.request('GET', '/hello', {
				noAuth: true,
				headers: { authorization: `Bearer ${token}` },
			});
		expect((await hello()).status).toBe(200);
		sim.advanceClock(59_000);
		expect((await hello()).status).toBe(200);
		sim.advanceClock(1_000);
		expect((await hello()).status).toBe(401);

		const fresh = (await client.fetchToken()).body.access_token as string;
		sim.expireTokens();
		const res = await client.request('GET', '/hello', {
			noAuth: true,
			headers: { authorization: `Bearer ${fresh}` },
		});
		expect(res.status).toBe(401);
		expect((await new SimClient(sim, 'apiToken').get('/hello')).status).toBe(200);
	});

	it('answers unknown paths and methods with 403 "Missing Authentication Token", even without a token', async () => {
		const unknown = await new SimClient(sim, 'none').get('/orders/everything');
		expect(unknown).toMatchObject({
			status: 403,
			body: { message: 'Missing Authentication Token' },
		});
		const wrongMethod = await new SimClient(sim, 'apiToken').request('DELETE', '/hello');
		expect(wrongMethod.status).toBe(403);
	});

	it('records requests without the /api/v3 prefix', async () => {
		sim.clearRequests();
		await new SimClient(sim, 'apiToken').get('/hello', { a: ['1', '2'] });
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0]).toMatchObject({
			method: 'GET',
			path: '/hello',
			query: { a: ['1', '2'] },
			status: 200,
		});
		expect(sim.requests[0].headers.authorization).toBe(`bearer ${sim.apiToken}`);
	});
});

describe('simulator: revokeOlderTokens', () => {
	it('keeps several tokens valid by default, and with revokeOlderTokens only the newest', async () => {
		for (const revokeOlderTokens of [false, true]) {
			const sim = await startSimulator({ orders: 1, skus: 1, revokeOlderTokens });
			try {
				const client = new SimClient(sim);
				const older = (await client.fetchToken()).body.access_token as string;
				const newer = (await client.fetchToken()).body.access_token as string;
				const hello = (token: string) =>
					client.request('GET', '/hello', {
						noAuth: true,
						headers: { authorization: `Bearer ${token}` },
					});
				expect((await hello(newer)).status).toBe(200);
				expect((await hello(older)).status).toBe(revokeOlderTokens ? 401 : 200);
				// The static API token is not an OAuth2 token: never revoked.
				expect((await new SimClient(sim, 'apiToken').get('/hello')).status).toBe(200);
			} finally {
				await sim.close();
			}
		}
	});
});
