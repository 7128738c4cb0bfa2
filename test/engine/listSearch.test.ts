/**
 * The DSCO node's editor lists (methods.listSearch) called as n8n's editor backend calls them: n8n-core's
 * LoadOptionsContext over a one-node workflow with the panel's parameters and credential, through the package's
 * transport (OAuth2 token, pacing, retries, answer shapes). Asserted: what DSCO receives, the list n8n shows
 * (name / value / description, no url), search, paging, and the errors n8n shows in the dropdown for odd answers.
 */
import nock from 'nock';
import type { INodeListSearchResult } from 'n8n-workflow';

import { MAX_WAREHOUSE_PAGES_PER_SEARCH } from '../../nodes/Dsco/methods/listSearch';
import { SERVICE_LEVEL_CODES, SHIP_CARRIERS } from '../../nodes/Dsco/methods/shipCodes';
import { BASE, BASE_PATH, CLIENT_SECRET, TOKENS, oauthCredential } from './fixtures';
import { createHarness, type Harness, type ListSearchOptions } from './harness';
import { useNock } from './nockSetup';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let h: Harness;
/** What DSCO received: method and path with query. */
let received: Array<{ method: string; path: string }>;

const list = (method: string, options: ListSearchOptions = {}): Promise<INodeListSearchResult> =>
	h.listSearch!(method, options);

describe('against nock', () => {
	useNock();
	let tokenCalls: nock.Scope;
	beforeEach(async () => {
		h = await createHarness(oauthCredential);
		received = [];
		tokenCalls = nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
	});

	const api = () =>
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } }).on('request', (req) =>
			received.push({ method: req.method, path: req.path }),
		);
	const warehouse = (code: string, extra: Record<string, unknown> = {}) => ({
		warehouseId: `id-${code}`,
		code,
		status: 'active',
		...extra,
	});

	describe('warehouses (GET /warehouse/page)', () => {
		it('one page: "name (code)" with the place as description, the code as value, no url; one GET without parameters', async () => {
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.reply(200, {
					warehouses: [
						warehouse('WH01', { name: 'Ridgefield Main', city: 'RIDGEFIELD', region: 'NJ' }),
						warehouse('WH02'),
						warehouse('WH03', { name: 'Portland Returns', status: 'inactive' }),
					],
				});
			const result = await list('searchWarehouses');
			expect(result).toEqual({
				results: [
					{ name: 'Ridgefield Main (WH01)', value: 'WH01', description: 'RIDGEFIELD, NJ' },
					{ name: 'WH02', value: 'WH02' },
					{ name: 'Portland Returns (WH03) [inactive]', value: 'WH03' },
				],
			});
			expect(received).toEqual([{ method: 'GET', path: `${BASE_PATH}/warehouse/page` }]);
			expect(tokenCalls.isDone()).toBe(true);
		});

		it('pages: the scrollId is the pagination token, the next call sends only it, and an empty page ends the list', async () => {
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.reply(200, { scrollId: 'scroll-1', warehouses: [warehouse('WH01'), warehouse('WH02')] });
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.query({ scrollId: 'scroll-1' })
				.reply(200, { scrollId: 'scroll-1', warehouses: [warehouse('WH03')] });
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.query({ scrollId: 'scroll-1' })
				.reply(200, { scrollId: 'scroll-1', warehouses: [] });
			const first = await list('searchWarehouses');
			expect(first).toEqual({
				results: [
					expect.objectContaining({ value: 'WH01' }),
					expect.objectContaining({ value: 'WH02' }),
				],
				paginationToken: 'scroll-1',
			});
			const second = await list('searchWarehouses', { paginationToken: first.paginationToken });
			expect(second).toEqual({
				results: [expect.objectContaining({ value: 'WH03' })],
				paginationToken: 'scroll-1',
			});
			const third = await list('searchWarehouses', { paginationToken: second.paginationToken });
			expect(third).toEqual({ results: [] });
			expect(received.map((r) => r.path)).toEqual([
				`${BASE_PATH}/warehouse/page`,
				`${BASE_PATH}/warehouse/page?scrollId=scroll-1`,
				`${BASE_PATH}/warehouse/page?scrollId=scroll-1`,
			]);
		});

		it('search text matches code or name, any case; a search reads on until a page has a match', async () => {
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.reply(200, {
					scrollId: 's',
					warehouses: [warehouse('WH01', { name: 'Ridgefield Main' })],
				});
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.query({ scrollId: 's' })
				.reply(200, {
					scrollId: 's',
					warehouses: [warehouse('WH02', { name: 'Austin Overflow' }), warehouse('AUS-2')],
				});
			const result = await list('searchWarehouses', { filter: 'aus' });
			expect(result).toEqual({
				results: [
					{ name: 'Austin Overflow (WH02)', value: 'WH02' },
					{ name: 'AUS-2', value: 'AUS-2' },
				],
				paginationToken: 's',
			});
			expect(received).toHaveLength(2);
		});

		it(`a search without a match stops after ${MAX_WAREHOUSE_PAGES_PER_SEARCH} pages in one call and hands n8n the token to go on`, async () => {
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.reply(200, { scrollId: 's', warehouses: [warehouse('WH01')] });
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.query({ scrollId: 's' })
				.times(50)
				.reply(200, { scrollId: 's', warehouses: [warehouse('WH09')] });
			const result = await list('searchWarehouses', { filter: 'nowhere' });
			expect(result).toEqual({ results: [], paginationToken: 's' });
			expect(received).toHaveLength(MAX_WAREHOUSE_PAGES_PER_SEARCH);
		});

		it('a scrollId DSCO no longer knows (404 after 5 minutes) says to open the list again', async () => {
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.query({ scrollId: 'old' })
				.reply(404, { message: 'Not Found' });
			await expect(list('searchWarehouses', { paginationToken: 'old' })).rejects.toMatchObject({
				message: "DSCO's warehouse list expired before its next page was read",
				description: expect.stringContaining(
					'Close the list and open it again, or enter the code with By Code',
				),
			});
		});

		it.each([
			[
				'an HTML page',
				'<html><body>Gateway</body></html>',
				'an HTML or XML page instead of a JSON object',
			],
			['an empty object', {}, '"warehouses" is missing, not a list'],
			[
				'a warehouse without code',
				{ warehouses: [warehouse('WH01'), { name: 'No code' }] },
				'warehouses[1]: "code" is missing, not a string',
			],
			[
				'an unknown status',
				{ warehouses: [warehouse('WH01', { status: 'closed' })] },
				'warehouses[0]: "status" is "closed", not one of active, inactive',
			],
		])(
			'a 200 with %s is an error naming the endpoint, never an empty list',
			async (_kind, body, problem) => {
				api()
					.get(`${BASE_PATH}/warehouse/page`)
					.reply(200, body as nock.Body);
				const failure = list('searchWarehouses');
				await expect(failure).rejects.toMatchObject({
					message: expect.stringMatching(
						/^DSCO answered with an unexpected body: HTTP 200 from GET \/warehouse\/page, /,
					),
					description: expect.stringContaining(
						'Expected {warehouses: [{code, name?, status?}…], scrollId?}',
					),
				});
				await expect(failure).rejects.toMatchObject({ message: expect.stringContaining(problem) });
				expect(received).toHaveLength(1);
			},
		);

		it("retries a 429 and a 5xx, and gives up after the editor's 2 retries with DSCO's status", async () => {
			api().get(`${BASE_PATH}/warehouse/page`).reply(429, { message: 'Too Many Requests' });
			api().get(`${BASE_PATH}/warehouse/page`).reply(503, { message: 'Service Unavailable' });
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.reply(200, { warehouses: [warehouse('WH01')] });
			expect((await list('searchWarehouses')).results.map((r) => r.value)).toEqual(['WH01']);
			expect(received).toHaveLength(3);

			received = [];
			api()
				.get(`${BASE_PATH}/warehouse/page`)
				.times(3)
				.reply(503, { message: 'Service Unavailable' });
			await expect(list('searchWarehouses')).rejects.toMatchObject({
				message: expect.stringMatching(/^DSCO is unavailable/),
				description: expect.stringContaining('Gave up after 2 retries'),
			});
			expect(received).toHaveLength(3);
		});
	});

	describe('trading partners (GET /tradingpartner)', () => {
		const partners = [
			{
				accountId: '1000051226',
				tradingPartnerId: 'SIMRETAIL',
				tradingPartnerName: 'Simulated Retailer',
				status: 'active',
			},
			{
				accountId: '1000051228',
				tradingPartnerId: null,
				tradingPartnerName: 'Onboarding Outfitters',
				status: 'onboarding',
			},
			{
				accountId: '1000051230',
				tradingPartnerId: 'NONAME',
				tradingPartnerName: null,
				status: 'paused',
			},
		];

		it('retailers by DSCO account ID: "name (account ID)", status when not active; one GET without parameters', async () => {
			api().get(`${BASE_PATH}/tradingpartner`).reply(200, partners);
			expect(await list('searchRetailers')).toEqual({
				results: [
					{ name: 'Simulated Retailer (1000051226)', value: '1000051226' },
					{ name: 'Onboarding Outfitters [onboarding] (1000051228)', value: '1000051228' },
					{ name: 'Unnamed partner [paused] (1000051230)', value: '1000051230' },
				],
			});
			expect(received).toEqual([{ method: 'GET', path: `${BASE_PATH}/tradingpartner` }]);
		});

		it('search text matches the name, DSCO account ID or your ID', async () => {
			api().get(`${BASE_PATH}/tradingpartner`).times(3).reply(200, partners);
			expect(
				(await list('searchRetailers', { filter: 'OUTFIT' })).results.map((r) => r.value),
			).toEqual(['1000051228']);
			expect(
				(await list('searchRetailers', { filter: '51230' })).results.map((r) => r.value),
			).toEqual(['1000051230']);
			expect(
				(await list('searchRetailers', { filter: 'simretail' })).results.map((r) => r.value),
			).toEqual(['1000051226']);
		});

		it('trading partners by your own ID: those without one are left out', async () => {
			api().get(`${BASE_PATH}/tradingpartner`).reply(200, partners);
			expect(
				await list('searchTradingPartnerIds', { path: 'parameters.options.dscoTradingPartnerId' }),
			).toEqual({
				results: [
					{
						name: 'Simulated Retailer (SIMRETAIL)',
						value: 'SIMRETAIL',
						description: 'DSCO account 1000051226',
					},
					{
						name: 'Unnamed partner [paused] (NONAME)',
						value: 'NONAME',
						description: 'DSCO account 1000051230',
					},
				],
			});
		});

		it.each([
			['an empty object', {}, 'a JSON object instead of a JSON list'],
			[
				'an HTML page',
				'<!doctype html><html></html>',
				'an HTML or XML page instead of a JSON list',
			],
			[
				'a partner without accountId',
				[{ tradingPartnerName: 'X' }],
				'partners[0]: "accountId" is missing, not a string',
			],
		])('a 200 with %s is an error, never an empty list', async (_kind, body, problem) => {
			api()
				.get(`${BASE_PATH}/tradingpartner`)
				.reply(200, body as nock.Body);
			await expect(list('searchRetailers')).rejects.toMatchObject({
				message: `DSCO answered with an unexpected body: HTTP 200 from GET /tradingpartner, ${problem}. Body: ${typeof body === 'string' ? body : JSON.stringify(body)}`,
			});
		});

		it("a DSCO refusal (403) is shown with DSCO's status and message", async () => {
			api()
				.get(`${BASE_PATH}/tradingpartner`)
				.reply(403, { message: 'User is not authorized to access this resource' });
			await expect(list('searchRetailers')).rejects.toMatchObject({
				httpCode: '403',
				message: expect.stringContaining('DSCO refused access'),
			});
		});
	});

	describe('ship codes: documented lists, nothing sent', () => {
		it('carriers, methods and service levels, searchable; no request reaches DSCO (not even a token fetch)', async () => {
			expect((await list('searchShipCarriers')).results.map((r) => r.value)).toEqual(
				SHIP_CARRIERS.map((c) => c.value),
			);
			expect((await list('searchShipCarriers', { filter: 'fed' })).results).toEqual([
				{ name: 'FedEx', value: 'FedEx', description: 'Shipping labels and rate shopping carrier' },
			]);
			expect((await list('searchServiceLevels')).results.map((r) => r.value)).toEqual(
				SERVICE_LEVEL_CODES.map((c) => c.value),
			);
			expect(
				(await list('searchServiceLevels', { filter: 'ground advantage' })).results.map(
					(r) => r.value,
				),
			).toEqual(['USGA']);
			expect((await list('searchServiceLevels')).results.map((r) => r.value)).not.toContain('GCG');
			expect((await list('searchShipMethods')).results).toEqual([
				{ name: 'Ground', value: 'Ground', description: 'FedEx, UPS (FECG, UPCG)' },
				{ name: 'Ground Advantage', value: 'Ground Advantage', description: 'USPS (USGA)' },
			]);
			expect(received).toEqual([]);
			expect(tokenCalls.isDone()).toBe(false);
		});
	});
});

describe('against the simulator', () => {
	let s: SimHarness;
	afterEach(async () => {
		await s?.sim.close();
	});
	const listRequests = () =>
		s.sim.requests.filter((r) => r.path === '/warehouse/page' || r.path === '/tradingpartner');

	it('walks every page of the warehouses with the tokens n8n hands back, authenticated with the OAuth2 token', async () => {
		s = await simHarness({ warehouses: 5, warehousePageSize: 2, orders: 0 });
		h = s.h;
		const codes: string[] = [];
		let token: string | undefined;
		let calls = 0;
		do {
			const page = await list('searchWarehouses', { paginationToken: token });
			codes.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken;
			calls++;
		} while (token && calls < 10);
		expect(codes).toEqual(s.sim.warehouses().map((w) => w.code));
		expect(codes).toEqual(['WH01', 'WH02', 'WH03', 'WH04', 'WH05']);
		// 3 pages of 2, 2, 1 and the empty page that ends the scroll.
		expect(listRequests().map((r) => [r.status, Object.keys(r.query)])).toEqual([
			[200, []],
			[200, ['scrollId']],
			[200, ['scrollId']],
			[200, ['scrollId']],
		]);
		expect(listRequests().every((r) => /^Bearer .+/.test(String(r.headers.authorization)))).toBe(
			true,
		);
	});

	it('finds a warehouse by name and lists the retailers that are not terminated', async () => {
		s = await simHarness({ orders: 0 });
		h = s.h;
		expect((await list('searchWarehouses', { filter: 'austin' })).results).toEqual([
			{ name: 'Austin Overflow (WH02)', value: 'WH02', description: 'AUSTIN, TX' },
		]);
		const retailers = await list('searchRetailers');
		const notTerminated = s.sim.tradingPartners().filter((p) => p.status !== 'terminated');
		expect(retailers.results.map((r) => r.value)).toEqual(notTerminated.map((p) => p.accountId));
		expect(retailers.results.map((r) => r.value)).not.toContain('1000051229');
		expect((await list('searchTradingPartnerIds')).results.map((r) => r.value)).toEqual([
			'SIMRETAIL',
			'SIMMARKET',
		]);
	});
});

itLeaksNoSecrets(() => [CLIENT_SECRET, ...TOKENS]);
