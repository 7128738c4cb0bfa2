/**
 * The account's lists: GET /warehouse/page (searches and scrollId paging as documented) and GET /tradingpartner
 * (terminated partners hidden by default, one filter at a time), every answer of the vendor's documented shape.
 */
import { TRADING_PARTNERS, WAREHOUSE_PAGE } from '../../nodes/Dsco/transport/answers';
import { type Simulator, startSimulator } from './index';
import { validateResponse } from './schemas';
import { SimClient } from './testClient';

let sim: Simulator;
let client: SimClient;
afterEach(() => sim.close());

async function start(options: Parameters<typeof startSimulator>[0] = {}) {
	sim = await startSimulator({ orders: 0, skus: 2, ...options });
	client = new SimClient(sim);
}

describe('GET /warehouse/page', () => {
	it('pages with a scrollId that stays the same; an empty page ends it; every page has the vendor shape', async () => {
		await start({ warehouses: 5, warehousePageSize: 2 });
		const first = await client.get('/warehouse/page');
		expect(first.status).toBe(200);
		expect(first.body.warehouses.map((w: { code: string }) => w.code)).toEqual(['WH01', 'WH02']);
		const scrollId = first.body.scrollId as string;
		const codes = [...first.body.warehouses];
		for (;;) {
			const next = await client.get('/warehouse/page', { scrollId });
			expect(next.status).toBe(200);
			expect(next.body.scrollId).toBe(scrollId);
			expect(validateResponse('getWarehouses', next.body)).toEqual([]);
			expect(WAREHOUSE_PAGE.problem(next.body)).toBeUndefined();
			if (next.body.warehouses.length === 0) break;
			codes.push(...next.body.warehouses);
		}
		expect(codes.map((w) => w.code)).toEqual(['WH01', 'WH02', 'WH03', 'WH04', 'WH05']);
		expect(codes.find((w) => w.code === 'WH03')).toMatchObject({
			status: 'inactive',
			name: 'Portland Returns',
		});
	});

	it('one page without scrollId when everything fits; searches by code, status, status and name', async () => {
		await start();
		const all = await client.get('/warehouse/page');
		expect(all.body.scrollId).toBeUndefined();
		expect(all.body.warehouses).toHaveLength(3);
		expect(validateResponse('getWarehouses', all.body)).toEqual([]);
		const byCode = await client.get('/warehouse/page', { idType: 'code', idValue: 'WH02' });
		expect(byCode.body.warehouses.map((w: { code: string }) => w.code)).toEqual(['WH02']);
		const active = await client.get('/warehouse/page', { status: 'active' });
		expect(active.body.warehouses.map((w: { code: string }) => w.code)).toEqual(['WH01', 'WH02']);
		const named = await client.get('/warehouse/page', {
			status: 'active',
			name: 'Austin Overflow',
		});
		expect(named.body.warehouses.map((w: { code: string }) => w.code)).toEqual(['WH02']);
	});

	it.each([
		[{ name: 'Austin Overflow' }, 'name can only be searched together with status'],
		[{ idType: 'code' }, 'idValue is required if idType is present'],
		[
			{ idType: 'code', idValue: 'WH01', status: 'active' },
			'idType/idValue cannot be combined with status or name',
		],
		[{ status: 'closed' }, 'status must be one of active, inactive, got "closed"'],
	])('refuses a search the document does not allow: %j', async (query, description) => {
		await start();
		const res = await client.get('/warehouse/page', query as Record<string, string>);
		expect(res.status).toBe(400);
		expect(res.body.messages).toEqual([
			{ code: 'VALIDATION_FAILED', severity: 'error', description },
		]);
	});

	it('an unknown or expired scrollId answers 404', async () => {
		await start({ warehouses: 3, warehousePageSize: 1 });
		const first = await client.get('/warehouse/page');
		sim.advanceClock(5 * 60_000);
		expect((await client.get('/warehouse/page', { scrollId: first.body.scrollId })).status).toBe(
			404,
		);
		expect((await client.get('/warehouse/page', { scrollId: 'nope' })).status).toBe(404);
	});
});

describe('GET /tradingpartner', () => {
	it('without parameters: every partner not terminated, of the vendor shape', async () => {
		await start();
		const res = await client.get('/tradingpartner');
		expect(res.status).toBe(200);
		expect(res.body.map((p: { accountId: string }) => p.accountId)).toEqual([
			'1000051226',
			'1000051227',
			'1000051228',
		]);
		expect(validateResponse('getTradingPartners', res.body)).toEqual([]);
		expect(TRADING_PARTNERS.problem(res.body)).toBeUndefined();
	});

	it('one filter at a time: status (repeatable), accountId, tradingPartnerId; more than one is a 400', async () => {
		await start();
		const ids = async (query: Record<string, string | string[]>) =>
			(await client.get('/tradingpartner', query)).body.map(
				(p: { accountId: string }) => p.accountId,
			);
		expect(await ids({ status: ['terminated', 'onboarding'] })).toEqual([
			'1000051228',
			'1000051229',
		]);
		expect(await ids({ accountId: '1000051229' })).toEqual(['1000051229']);
		expect(await ids({ tradingPartnerId: 'SIMMARKET' })).toEqual(['1000051227']);
		expect(await ids({ defaultRetailModel: 'marketplace' })).toEqual(['1000051227']);
		const both = await client.get('/tradingpartner', { status: 'active', accountId: '1000051226' });
		expect(both.status).toBe(400);
		expect(both.body.messages[0].description).toBe(
			'Provide only one of accountId, tradingPartnerId or status',
		);
	});
});

it("the vendor's answer schemas catch what DSCO does not send", () => {
	expect(validateResponse('getWarehouses', { warehouses: [{ name: 'no code' }] })).toEqual([
		expect.objectContaining({ description: 'warehouses[0].code is required' }),
	]);
	expect(validateResponse('getTradingPartners', {})).toEqual([
		expect.objectContaining({ description: 'body must be array' }),
	]);
});
