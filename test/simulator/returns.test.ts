import { RETAILER_ID, RETAILER_TRADING_PARTNER_ID, SUPPLIER_ID } from './data';
import { type Return, type Simulator, startSimulator } from './index';
import { SimClient } from './testClient';

const NOW = Date.parse('2025-11-21T12:00:00Z');
const MINUTE = 60_000;

interface StreamEvent {
	id: string;
	payload: Return;
	eventReasons?: string[];
}

describe('simulator: returns (GET /return/page, POST and PUT /return/, /return/update, /return/batch/small, /return/log)', () => {
	let sim: Simulator;
	let client: SimClient;
	let clock: number;

	beforeEach(async () => {
		clock = NOW;
		sim = await startSimulator({
			now: () => clock,
			orders: 12,
			testOrders: 1,
			marketplaceOrders: 1,
			cancelRequests: 1,
			returns: 3,
			skus: 10,
			asyncSettleMs: 0,
			returnPageSize: 2,
		});
		client = new SimClient(sim, 'apiToken');
	});
	afterEach(() => sim.close());

	const page = (query: Record<string, string | string[]>) => client.get('/return/page', query);
	const window = { returnsCreatedSince: '2025-11-18T00:00:00Z', until: '2025-11-21T12:00:00Z' };
	/** All returns of a search, page after page, with the one scrollId the first page gave. */
	async function allPages(query: Record<string, string | string[]>): Promise<Return[]> {
		const first = await page(query);
		expect(first.status).toBe(200);
		const found: Return[] = [...first.body.returns];
		if (!first.body.scrollId) return found;
		for (;;) {
			const next = await page({ scrollId: first.body.scrollId });
			expect(next.body.scrollId).toBe(first.body.scrollId);
			if (next.body.returns.length === 0) return found;
			found.push(...next.body.returns);
		}
	}

	it('seeds returns of the oldest seeded dropship orders, which are shipped and flagged returned', async () => {
		const returns = sim.returns();
		expect(returns).toHaveLength(3);
		for (const ret of returns) {
			const order = sim.getOrder(ret.dscoOrderId)!;
			expect(order).toMatchObject({
				orderType: 'dropship',
				testFlag: false,
				cancelRequested: false,
				dscoLifecycle: 'completed',
				dscoStatus: 'shipped',
			});
			expect(order.packages[0]).toMatchObject({
				returnedFlag: true,
				returnNumber: ret.partnerReturnNumber,
				returnDate: ret.returnDate,
			});
			expect(ret).toMatchObject({
				dscoRetailerId: RETAILER_ID,
				dscoSupplierId: SUPPLIER_ID,
				initiatedBy: RETAILER_ID,
				poNumber: order.poNumber,
				partnerReturnNumber: expect.stringMatching(/^RMA-\d{6}$/),
				status: 'created',
				statusTags: [],
				packages: [],
				trackingNumbers: [expect.stringMatching(/^1ZRET/)],
			});
			expect(ret).not.toHaveProperty('returnNumber');
			for (const line of ret.lineItems) {
				const orderLine = order.lineItems.find((l) => l.lineNumber === line.lineNumber)!;
				expect(line).toMatchObject({
					sku: orderLine.sku,
					itemId: orderLine.dscoItemId,
					reasonCode: expect.any(String),
				});
				expect(line.quantity).toBeGreaterThan(0);
				expect(line.quantity).toBeLessThanOrEqual(orderLine.shippedQuantity);
			}
		}
		// The other seeded orders are untouched, and the returned ones show in /order/page?returnedOnly=true.
		expect(
			sim
				.orders()
				.filter((o) => o.dscoLifecycle !== 'created')
				.map((o) => o.dscoOrderId)
				.sort(),
		).toEqual(returns.map((r) => r.dscoOrderId).sort());
		const returned = await client.get('/order/page', {
			ordersCreatedSince: '2025-11-18T00:00:00Z',
			until: '2025-11-21T11:59:00Z',
			returnedOnly: 'true',
		});
		expect(returned.body.orders.map((o: { dscoOrderId: string }) => o.dscoOrderId).sort()).toEqual(
			returns.map((r) => r.dscoOrderId).sort(),
		);
		// Seeded history is in no stream, even one read from a time before it.
		const stream = await client.post('/stream', {
			objectType: 'returns',
			query: { queryType: 'returns' },
		});
		const read = await client.get(
			`/stream/${stream.body.id}/0/${encodeURIComponent('2025-11-01T00:00:00Z')}`,
		);
		expect(read.body.events).toEqual([]);
	});

	it('pages a date window with one scrollId until an empty page; the scroll expires after 5 minutes unused', async () => {
		sim.createReturns(2);
		const created = await allPages(window);
		expect(created.map((r) => r.dscoReturnId)).toEqual(
			sim
				.returns()
				.slice(0, 3)
				.map((r) => r.dscoReturnId),
		);
		const first = await page(window);
		expect(first.body.returns).toHaveLength(2);
		clock += 5 * MINUTE;
		expect((await page({ scrollId: first.body.scrollId })).status).toBe(404);
		const everything = await allPages({
			returnsCreatedSince: '2025-11-18T00:00:00Z',
			until: '2025-11-22T00:00:00Z',
		});
		expect(everything).toHaveLength(5);
		// until is exclusive, updatedSince too: the returns made at 12:00 are not "updated since 12:00".
		expect(
			await allPages({
				returnsUpdatedSince: '2025-11-21T12:00:00Z',
				until: '2025-11-22T00:00:00Z',
			}),
		).toEqual([]);
		expect(
			(
				await allPages({
					returnsUpdatedSince: '2025-11-21T11:59:59Z',
					until: '2025-11-22T00:00:00Z',
				})
			).map((r) => r.dscoReturnId),
		).toEqual(
			sim
				.returns()
				.slice(3)
				.map((r) => r.dscoReturnId),
		);
	});

	it('finds one return by dscoReturnId, returnNumber or partnerReturnNumber (with the account), and the returns of an order', async () => {
		const [ret] = sim.returns();
		expect(
			(await page({ returnIdType: 'dscoReturnId', returnIdValue: ret.dscoReturnId })).body,
		).toEqual({ returns: [ret] });
		const byPartner = {
			returnIdType: 'partnerReturnNumber',
			returnIdValue: ret.partnerReturnNumber!,
		};
		const noAccount = await page(byPartner);
		expect(noAccount.status).toBe(400);
		expect(noAccount.body.messages[0].description).toBe(
			'accountIdType and accountIdValue are required with returnIdType partnerReturnNumber',
		);
		expect(
			(await page({ ...byPartner, accountIdType: 'dscoAccountId', accountIdValue: RETAILER_ID }))
				.body.returns,
		).toEqual([ret]);
		expect(
			(
				await page({
					...byPartner,
					accountIdType: 'tradingPartnerId',
					accountIdValue: RETAILER_TRADING_PARTNER_ID,
				})
			).body.returns,
		).toEqual([ret]);
		expect(
			(await page({ ...byPartner, accountIdType: 'dscoAccountId', accountIdValue: '1' })).body,
		).toEqual({ returns: [] });
		expect(
			(await page({ orderIdType: 'dscoOrderId', orderIdValue: ret.dscoOrderId })).body.returns,
		).toEqual([ret]);
		expect((await page({ orderIdType: 'poNumber', orderIdValue: ret.poNumber })).status).toBe(400);
		expect(
			(
				await page({
					orderIdType: 'poNumber',
					orderIdValue: ret.poNumber,
					accountIdType: 'dscoAccountId',
					accountIdValue: RETAILER_ID,
				})
			).body.returns,
		).toEqual([ret]);
		expect(
			(await page({ returnIdType: 'returnNumber', returnIdValue: 'S-RET-1' })).body.returns,
		).toEqual([]);
		await client.post('/return/update', {
			dscoReturnId: ret.dscoReturnId,
			returnNumber: 'S-RET-1',
			packages: [
				{
					trackingNumber: 'T1',
					lineItems: [{ lineNumber: ret.lineItems[0].lineNumber, quantity: 1 }],
				},
			],
		});
		expect(
			(await page({ returnIdType: 'returnNumber', returnIdValue: 'S-RET-1' })).body.returns.map(
				(r: Return) => r.dscoReturnId,
			),
		).toEqual([ret.dscoReturnId]);
		expect((await page({ ...window, status: 'completed' })).body.returns).toEqual([]);
	});

	it('refuses searches the document does not allow', async () => {
		const refused = async (query: Record<string, string>, description: string) => {
			const res = await page(query);
			expect(res.status).toBe(400);
			expect(res.body.messages.map((m: { description: string }) => m.description)).toContain(
				description,
			);
		};
		await refused(
			{},
			'One of returnIdType/returnIdValue, orderIdType/orderIdValue, returnsCreatedSince/until, returnsUpdatedSince/until or scrollId is required',
		);
		await refused(
			{ returnsCreatedSince: '2025-11-18T00:00:00Z' },
			'until is required with returnsCreatedSince or returnsUpdatedSince',
		);
		await refused(
			{ ...window, returnsUpdatedSince: '2025-11-18T00:00:00Z' },
			'Only one of returnsCreatedSince or returnsUpdatedSince may be given',
		);
		await refused(
			{ returnIdType: 'dscoReturnId' },
			'returnIdType and returnIdValue are required together',
		);
		await refused(
			{ ...window, returnIdType: 'dscoReturnId', returnIdValue: '1' },
			'Search by only one of returnIdType/returnIdValue, orderIdType/orderIdValue or a date window',
		);
		await refused(
			{ ...window, status: 'open' },
			'status must be one of created, acknowledged, completed, got "open"',
		);
		await refused(
			{ returnIdType: 'rma', returnIdValue: '1' },
			'returnIdType must be one of dscoReturnId, returnNumber, partnerReturnNumber, got "rma"',
		);
	});

	it('updates packages synchronously (201 ReturnResponse): re-sending a tracking number replaces its package; impossible ones answer 400', async () => {
		const [ret] = sim.returns();
		const line = ret.lineItems[0];
		const update = (
			packages: unknown,
			ref: Record<string, unknown> = { dscoReturnId: ret.dscoReturnId },
		) => client.post('/return/update', { ...ref, packages });
		clock += MINUTE;
		const pkg = {
			trackingNumber: '1ZBACK001',
			carrier: 'UPS',
			receiptDate: '2025-11-21T12:01:00+00:00',
			lineItems: [{ sku: line.sku, quantity: line.quantity }],
		};
		const ok = await update([pkg]);
		expect(ok.status).toBe(201);
		expect(ok.body).toMatchObject({
			status: 'success',
			return: {
				dscoReturnId: ret.dscoReturnId,
				lastUpdate: '2025-11-21T12:01:00+00:00',
				status: 'created',
			},
		});
		expect(ok.body.return.packages).toEqual([
			{
				...pkg,
				lineItems: [
					{
						sku: line.sku,
						itemId: line.itemId,
						lineNumber: line.lineNumber,
						quantity: line.quantity,
					},
				],
			},
		]);
		expect(ok.body.return.trackingNumbers).toEqual([...ret.trackingNumbers, '1ZBACK001']);
		expect(ok.body.return.returnTrackingNumbers).toMatchObject({ '1ZBACK001': 'UPS' });
		expect((await update([pkg])).status).toBe(201);
		expect(sim.getReturn(ret.dscoReturnId)!.packages).toHaveLength(1);

		const refusals: Array<[unknown, Record<string, unknown> | undefined, string, string]> = [
			[
				[
					{
						...pkg,
						trackingNumber: 'MORE',
						lineItems: [{ lineNumber: line.lineNumber, quantity: 1 }],
					},
				],
				undefined,
				'VALIDATION_FAILED',
				`line ${line.lineNumber}: ${line.quantity + 1} in packages exceeds the returned quantity ${line.quantity}`,
			],
			[
				[{ ...pkg, lineItems: [{ sku: 'NOT-RETURNED', quantity: 1 }] }],
				undefined,
				'NOT_FOUND',
				`Line item not found on return ${ret.dscoReturnId}: sku NOT-RETURNED`,
			],
			[[pkg], { dscoReturnId: '1' }, 'NOT_FOUND', 'Return not found: dscoReturnId 1'],
			[
				[pkg],
				{ partnerReturnNumber: ret.partnerReturnNumber },
				'VALIDATION_FAILED',
				'dscoAccountId or dscoTradingPartnerId is required with partnerReturnNumber',
			],
			[[pkg], {}, 'VALIDATION_FAILED', 'dscoReturnId or partnerReturnNumber is required'],
			[[], undefined, 'VALIDATION_FAILED', 'packages is required: at least one package to update'],
		];
		for (const [packages, ref, code, description] of refusals) {
			const res = await update(packages, ref);
			expect([res.status, res.body.status, res.body.messages]).toEqual([
				400,
				'failure',
				[{ code, severity: 'error', description }],
			]);
		}
		const byNumber = await update([pkg], {
			partnerReturnNumber: ret.partnerReturnNumber,
			dscoAccountId: RETAILER_ID,
		});
		expect(byNumber.status).toBe(201);
		// A schema violation (a package without trackingNumber, a string quantity) is a 400 before anything changes.
		const invalid = await update([{ lineItems: [{ sku: line.sku, quantity: 'one' }] }]);
		expect(invalid.status).toBe(400);
		expect(invalid.body.messages.map((m: { description: string }) => m.description)).toEqual([
			'packages[0].trackingNumber is required',
			'packages[0].lineItems[0].quantity must be integer',
		]);
		// Sync writes leave change-log entries too (schema violations excepted).
		expect(sim.changeLog('return').map((e) => e.status)).toEqual([
			'success',
			'success',
			'failure',
			'failure',
			'failure',
			'failure',
			'failure',
			'failure',
			'success',
		]);
	});

	it('completes line by line (PUT /return/, 200): accepted and rejected tags, completed once every line answered, then refuses changes', async () => {
		// Seed 1: the third seeded return has two lines.
		const ret = sim.returns()[2];
		expect(ret.lineItems).toHaveLength(2);
		const [first, second] = ret.lineItems;
		const complete = (lineItems: unknown[], extra: Record<string, unknown> = {}) =>
			client.request('PUT', '/return/', {
				json: { dscoReturnId: ret.dscoReturnId, lineItems, ...extra },
			});
		const partial = await complete([{ lineNumber: first.lineNumber, response: 'accepted' }], {
			returnNumber: 'S-9',
			responseReason: 'Received in good shape',
		});
		expect(partial.status).toBe(200);
		expect(partial.body.return).toMatchObject({
			status: 'created',
			statusTags: ['accepted'],
			returnNumber: 'S-9',
			responseReason: 'Received in good shape',
		});
		expect(partial.body.return.lineItems[0]).toMatchObject({
			response: 'accepted',
			completedBy: SUPPLIER_ID,
		});
		expect(partial.body.return.lineItems[1]).not.toHaveProperty('response');
		const again = await complete([{ lineNumber: first.lineNumber, response: 'rejected' }]);
		expect(again.body.messages[0].description).toBe(
			`line ${first.lineNumber}: the line was already accepted`,
		);
		const twice = await complete([
			{ sku: second.sku, response: 'rejected' },
			{ lineNumber: second.lineNumber, response: 'accepted' },
		]);
		expect(twice.body.messages[0].description).toBe(
			`line ${second.lineNumber}: the line is named twice`,
		);
		// The supplier's own number is kept from the first time it gives one.
		const done = await complete([{ sku: second.sku, response: 'rejected' }], {
			returnNumber: 'S-10',
		});
		expect(done.status).toBe(200);
		expect(done.body.return).toMatchObject({
			status: 'completed',
			statusTags: ['accepted', 'rejected'],
			returnNumber: 'S-9',
		});

		const late = await complete([{ lineNumber: first.lineNumber, response: 'accepted' }]);
		expect(late.body.messages).toEqual([
			{
				code: 'VALIDATION_FAILED',
				severity: 'error',
				description: `Return ${ret.dscoReturnId} is already completed`,
			},
		]);
		const update = await client.post('/return/update', {
			dscoReturnId: ret.dscoReturnId,
			packages: [
				{ trackingNumber: 'X', lineItems: [{ lineNumber: first.lineNumber, quantity: 1 }] },
			],
		});
		expect(update.body.messages[0].description).toBe(
			`Return ${ret.dscoReturnId} is completed: its packages can no longer be updated`,
		);
		const schema = await complete([{ lineNumber: first.lineNumber, response: 'maybe' }]);
		expect(schema.body.messages[0].description).toBe(
			'lineItems[0].response must be one of accepted, rejected',
		);
	});

	it('creates a supplier return of shipped quantities only (POST /return/, 201)', async () => {
		// Seed 1: the third seeded return's order shipped line 3 (one unit) and the retailer did not return it.
		const shipped = sim.getOrder(sim.returns()[2].dscoOrderId)!;
		const line = shipped.lineItems.find((l) => l.lineNumber === 3)!;
		expect(line.shippedQuantity).toBe(1);
		const unshipped = sim
			.orders()
			.find((o) => o.dscoLifecycle === 'created' && o.orderType === 'dropship')!;
		const body = (extra: Record<string, unknown>) => ({
			returnNumber: 'SUP-1',
			dscoOrderId: shipped.dscoOrderId,
			lineItems: [{ sku: line.sku, quantity: 1, reasonCode: 'DAMAGED' }],
			...extra,
		});
		const tooMany = await client.post(
			'/return/',
			body({ lineItems: [{ sku: line.sku, quantity: 2, reasonCode: 'DAMAGED' }] }),
		);
		expect(tooMany.body.messages[0].description).toBe(
			`sku ${line.sku}: quantity 2 exceeds the shipped quantity not yet returned (1)`,
		);
		const notShipped = await client.post(
			'/return/',
			body({
				dscoOrderId: unshipped.dscoOrderId,
				lineItems: [{ lineNumber: 1, quantity: 1, reasonCode: 'DAMAGED' }],
			}),
		);
		expect(notShipped.body.messages[0].description).toBe(
			'line 1: quantity 1 exceeds the shipped quantity not yet returned (0)',
		);
		expect(
			(await client.post('/return/', body({ dscoOrderId: undefined, poNumber: shipped.poNumber })))
				.body.messages[0].description,
		).toBe('dscoAccountId or dscoTradingPartnerId is required with poNumber');
		expect(
			(await client.post('/return/', { dscoOrderId: shipped.dscoOrderId, lineItems: [] })).body
				.messages[0].description,
		).toBe('returnNumber is required');

		const created = await client.post(
			'/return/',
			body({
				dscoOrderId: undefined,
				poNumber: shipped.poNumber,
				dscoTradingPartnerId: RETAILER_TRADING_PARTNER_ID,
			}),
		);
		expect(created.status).toBe(201);
		expect(created.body.return).toMatchObject({
			returnNumber: 'SUP-1',
			initiatedBy: SUPPLIER_ID,
			status: 'created',
			dscoOrderId: shipped.dscoOrderId,
		});
		expect(created.body.return.lineItems).toEqual([
			{ sku: line.sku, itemId: line.dscoItemId, lineNumber: 3, quantity: 1, reasonCode: 'DAMAGED' },
		]);
		expect(created.body.return).not.toHaveProperty('partnerReturnNumber');
		expect((await client.post('/return/', body({}))).body.messages[0].description).toBe(
			'A return with returnNumber SUP-1 already exists',
		);
		// Everything shipped is now returned.
		expect(
			(await client.post('/return/', body({ returnNumber: 'SUP-2' }))).body.messages[0].description,
		).toBe(`sku ${line.sku}: quantity 1 exceeds the shipped quantity not yet returned (0)`);
		// The creator completes its own return by its number, without an account.
		const done = await client.request('PUT', '/return/', {
			json: { partnerReturnNumber: 'SUP-1', lineItems: [{ sku: line.sku, response: 'accepted' }] },
		});
		expect(done.body.return).toMatchObject({
			dscoReturnId: created.body.return.dscoReturnId,
			status: 'completed',
		});
	});

	it("takes create, update and complete in a small batch (JSON array or JSON Lines), checked against that operation's schema", async () => {
		const [a, b] = sim.returns();
		sim.holdSettling();
		const res = await client.post(
			'/return/batch/small',
			[
				{
					dscoReturnId: a.dscoReturnId,
					lineItems: a.lineItems.map((l) => ({ lineNumber: l.lineNumber, response: 'accepted' })),
				},
				{ dscoReturnId: b.dscoReturnId, lineItems: [{ lineNumber: b.lineItems[0].lineNumber }] },
				{ dscoReturnId: '42', lineItems: [{ sku: 'X', response: 'rejected' }] },
			],
			{ operation: 'complete' },
		);
		expect(res.status).toBe(202);
		expect((await client.get('/return/log', { requestId: res.body.requestId })).body).toEqual({
			status: 'PROCESSING',
			logs: [],
		});
		expect(sim.getReturn(a.dscoReturnId)!.status).toBe('created');
		sim.releaseSettling();
		await sim.settle();
		const log = (await client.get('/return/log', { requestId: res.body.requestId })).body;
		expect(log.status).toBe('COMPLETED');
		expect(
			log.logs.map((l: { status: string; payload: { dscoReturnId: string } }) => [
				l.payload.dscoReturnId,
				l.status,
			]),
		).toEqual([
			[a.dscoReturnId, 'success'],
			[b.dscoReturnId, 'failure'],
			['42', 'failure'],
		]);
		expect(log.logs[1].results).toEqual([
			{
				code: 'VALIDATION_FAILED',
				severity: 'error',
				description: 'lineItems[0].response is required',
			},
		]);
		expect(log.logs[2].results).toEqual([
			{ code: 'NOT_FOUND', severity: 'error', description: 'Return not found: dscoReturnId 42' },
		]);
		expect(sim.getReturn(a.dscoReturnId)!.status).toBe('completed');

		const lines = `${JSON.stringify({ dscoReturnId: b.dscoReturnId, packages: [{ trackingNumber: 'JL-1', lineItems: [{ lineNumber: b.lineItems[0].lineNumber, quantity: 1 }] }] })}\n`;
		const jsonLines = await client.request('POST', '/return/batch/small', {
			rawBody: lines,
			contentType: 'application/x-ndjson',
			query: { operation: 'update' },
		});
		expect(jsonLines.status).toBe(202);
		await sim.settle();
		expect(sim.getReturn(b.dscoReturnId)!.packages.map((p) => p.trackingNumber)).toEqual(['JL-1']);

		const noOperation = await client.post('/return/batch/small', [{}]);
		expect(noOperation.body.messages[0].description).toBe('operation is required');
		expect(
			(await client.post('/return/batch/small', [{}], { operation: 'cancel' })).body.messages[0]
				.description,
		).toBe('operation must be one of create, update, complete, got "cancel"');
	});

	it('streams returns (objectType returns) on create, update and complete, filtered by the query statuses', async () => {
		const stream = async (query: Record<string, unknown> = {}) => {
			const res = await client.post('/stream', {
				objectType: 'returns',
				query: { queryType: 'returns', ...query },
			});
			return async () =>
				(
					await client.get(
						`/stream/${res.body.id}/0/${encodeURIComponent(res.body.partitions[0].position)}`,
					)
				).body.events as StreamEvent[];
		};
		const all = await stream();
		const completed = await stream({ statuses: ['completed'] });
		const [created] = sim.createReturns(1);
		await client.post('/return/update', {
			dscoReturnId: created.dscoReturnId,
			packages: [
				{
					trackingNumber: 'S-1',
					lineItems: [{ lineNumber: created.lineItems[0].lineNumber, quantity: 1 }],
				},
			],
		});
		await client.request('PUT', '/return/', {
			json: {
				dscoReturnId: created.dscoReturnId,
				lineItems: created.lineItems.map((l) => ({
					lineNumber: l.lineNumber,
					response: 'rejected',
				})),
			},
		});
		const events = await all();
		expect(
			events.map((e) => [e.payload.dscoReturnId, e.payload.status, e.payload.packages.length]),
		).toEqual([
			[created.dscoReturnId, 'created', 0],
			[created.dscoReturnId, 'created', 1],
			[created.dscoReturnId, 'completed', 1],
		]);
		expect(events[0].payload).toEqual(created);
		expect(events[0]).not.toHaveProperty('eventReasons');
		expect((await completed()).map((e) => e.payload.status)).toEqual(['completed']);
	});
});

describe('simulator: returns through the control API and in-process helpers', () => {
	it('creates returns of shipped orders (shipping a new order when none is left) and shows them', async () => {
		const sim = await startSimulator({ orders: 3, skus: 5, returns: 0, asyncSettleMs: 0 });
		const control = sim.baseUrl.replace(/\/api\/v3$/, '/__sim');
		const call = async (method: string, path: string, body?: unknown) => {
			const res = await fetch(`${control}${path}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			// eslint-disable-next-line @typescript-eslint/no-explicit-any
			return { status: res.status, body: (await res.json()) as any };
		};
		try {
			const orders = sim.orders().length;
			const created = await call('POST', '/returns', { count: 2, reason: 'Too small' });
			expect(created.status).toBe(201);
			expect(created.body.returns).toHaveLength(2);
			expect(created.body.returns[0]).toMatchObject({ reason: 'Too small', status: 'created' });
			// No seeded order was shipped: each return came with a new order, created and shipped now.
			expect(sim.orders()).toHaveLength(orders + 2);
			expect(sim.getOrder(created.body.returns[0].dscoOrderId)).toMatchObject({
				dscoStatus: 'shipped',
			});
			const id = created.body.returns[1].dscoReturnId as string;
			expect((await call('GET', `/returns/${id}`)).body).toEqual(created.body.returns[1]);
			expect((await call('GET', '/returns')).body).toHaveLength(2);
			expect((await call('GET', '/returns/1')).status).toBe(404);
			const unshipped = sim.orders()[0].dscoOrderId;
			expect((await call('POST', '/returns', { dscoOrderId: unshipped })).body).toEqual({
				message: `Order ${unshipped} has nothing shipped left to return`,
			});
			expect((await call('POST', '/returns', { count: 0 })).status).toBe(400);
			expect(() => sim.createReturns(1, { dscoOrderId: 'nope' })).toThrow('Order nope not found');
		} finally {
			await sim.close();
		}
	});
});
