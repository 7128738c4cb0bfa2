/**
 * Shipment → Create against the simulator (nock where an exact request/response pair matters): one package per input
 * item, sync (POST /order/singleShipment) or batched (POST /order/shipment/batch/small, verified in the change log),
 * the duplicate guard, and re-sending only after checking the order when a call failed ambiguously.
 */
import nock from 'nock';

import type { Order } from '../simulator';
import { BASE, BASE_PATH, TOKENS, oauthCredential, order as orderFixture } from './fixtures';
import { createHarness } from './harness';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 12, cancelRequests: 0 });
});
afterEach(async () => {
	await s.sim.close();
});

const ship = (extra: Record<string, unknown> = {}) => ({
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
	...extra,
});

/** Every line of the order, whole quantity, by SKU and line number. */
const allLines = (o: Order) =>
	o.lineItems.map((l) => ({ sku: l.sku, lineNumber: l.lineNumber, quantity: l.quantity }));
const pkg = (o: Order, tracking: string) => ({
	orderId: o.dscoOrderId,
	tracking,
	lines: allLines(o),
});
const calls = (path: string, method = 'POST') =>
	s.sim.requests.filter((r) => r.method === method && r.path === path);
const packagesOf = (id: string) => s.sim.getOrder(id)!.packages;

describe('sync (singleShipment)', () => {
	it('sends one package per input item with the exact DSCO body and outputs success paired to its input', async () => {
		const [a, b] = s.sim.orders();
		const { items, error } = await s.h.run(ship({ shipDate: '2025-11-20T15:04:05Z' }), [
			pkg(a, '1ZAAA0001'),
			pkg(b, '1ZBBB0002'),
		]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				orderId: a.dscoOrderId,
				orderIdType: 'DSCO_ORDER_ID',
				trackingNumber: '1ZAAA0001',
				status: 'success',
				mode: 'singleShipment',
			}),
			expect.objectContaining({
				orderId: b.dscoOrderId,
				trackingNumber: '1ZBBB0002',
				status: 'success',
			}),
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(calls('/order/singleShipment').map((r) => r.body)).toEqual([
			{
				dscoOrderId: a.dscoOrderId,
				shipments: [
					{
						trackingNumber: '1ZAAA0001',
						shipCarrier: 'UPS',
						shipMethod: 'Ground',
						shippingServiceLevelCode: 'UPCG',
						shipDate: '2025-11-20T15:04:05Z',
						lineItems: allLines(a),
					},
				],
			},
			expect.objectContaining({ dscoOrderId: b.dscoOrderId }),
		]);
		expect(calls('/order/singleShipment').map((r) => r.status)).toEqual([201, 201]);
		expect(packagesOf(a.dscoOrderId).map((p) => p.trackingNumber)).toEqual(['1ZAAA0001']);
		expect(s.sim.getOrder(a.dscoOrderId)!.dscoStatus).toBe('shipped');
	});

	it('takes the lines from the fields UI and the optional fields from Additional Fields', async () => {
		const o = s.sim.orders()[2];
		const line = o.lineItems[0];
		const { items, error } = await s.h.run(
			ship({
				orderId: o.poNumber,
				orderIdType: 'PO_NUMBER',
				lineItemsInput: 'fields',
				lineItems: {
					values: [
						{
							identifierType: 'upc',
							identifier: line.upc,
							lineNumber: line.lineNumber,
							quantity: 1,
						},
					],
				},
				additionalFields: {
					shipCost: 7.25,
					shipWeight: 2.5,
					shipWeightUnits: 'kg',
					warehouseCode: 'WH01',
					trackingUrl: 'https://www.ups.com/track?tracknum=1ZUI00001',
					shipFrom: {
						address: {
							name: 'Sim Warehouse',
							address1: '1 Dock Rd',
							city: 'Austin',
							region: 'TX',
							postal: '78701',
							country: 'US',
						},
					},
				},
			}),
			[{ tracking: '1ZUI00001' }],
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'success',
			orderId: o.poNumber,
			orderIdType: 'PO_NUMBER',
		});
		expect(calls('/order/singleShipment')[0].body).toEqual({
			poNumber: o.poNumber,
			shipments: [
				{
					trackingNumber: '1ZUI00001',
					shipCarrier: 'UPS',
					shipMethod: 'Ground',
					shippingServiceLevelCode: 'UPCG',
					lineItems: [{ upc: line.upc, lineNumber: line.lineNumber, quantity: 1 }],
					shipCost: 7.25,
					shipWeight: 2.5,
					shipWeightUnits: 'kg',
					warehouseCode: 'WH01',
					trackingUrl: 'https://www.ups.com/track?tracknum=1ZUI00001',
					shipFrom: {
						address: ['1 Dock Rd'],
						city: 'Austin',
						region: 'TX',
						postal: '78701',
						name: 'Sim Warehouse',
						country: 'US',
					},
				},
			],
		});
		const stored = packagesOf(o.dscoOrderId)[0];
		expect(stored).toMatchObject({
			trackingNumber: '1ZUI00001',
			shipWeight: 2.5,
			shipWeightUnits: 'kg',
			warehouseCode: 'WH01',
		});
	});

	it("uses the order's final ship codes when asked", async () => {
		const o = s.sim.orders()[3];
		const { items, error } = await s.h.run(ship({ shipCodeSource: 'order' }), [
			pkg(o, '1ZCODES01'),
		]);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('success');
		expect(calls('/order/singleShipment')[0].body).toMatchObject({
			shipments: [
				{
					shipCarrier: o.shipCarrier,
					shipMethod: o.shipMethod,
					shippingServiceLevelCode: o.shippingServiceLevelCode,
				},
			],
		});
	});

	it("returns DSCO's validation error at once, for that item only under continue-on-fail", async () => {
		const [a, b, c] = s.sim.orders();
		const tooMany = {
			...pkg(b, '1ZOVER002'),
			lines: [{ sku: b.lineItems[0].sku, lineNumber: 1, quantity: b.lineItems[0].quantity + 5 }],
		};
		const { items, error } = await s.h.run(
			ship(),
			[pkg(a, '1ZOK00001'), tooMany, pkg(c, '1ZOK00003')],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json.status).toBe('success');
		expect(items[1].json.error).toMatch(
			/DSCO refused the request as invalid: VALIDATION_FAILED .*exceeds the remaining quantity.*\[item 1\]/,
		);
		expect(items[1].json).toMatchObject({ orderId: b.dscoOrderId, trackingNumber: '1ZOVER002' });
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[2].json.status).toBe('success');
		expect(packagesOf(b.dscoOrderId)).toEqual([]);
		expect(calls('/order/singleShipment').map((r) => r.status)).toEqual([201, 400, 201]);
	});

	it('without continue-on-fail, DSCO’s refusal stops the node naming the item', async () => {
		const [a] = s.sim.orders();
		const { error } = await s.h.run(ship(), [
			{ ...pkg(a, '1ZNOLINE1'), lines: [{ sku: 'NOT-ON-ORDER', quantity: 1 }] },
		]);
		expect(error?.message).toMatch(/NOT_FOUND.*Line item not found.*\[item 0\]/);
	});
});

describe('duplicate guard', () => {
	it('first run ships, second run outputs alreadyShipped, the simulator has one package', async () => {
		const [a, b] = s.sim.orders();
		const input = [pkg(a, '1ZDUP00001'), pkg(b, '1ZDUP00002')];
		const first = await s.h.run(ship(), input);
		expect(first.items.map((i) => i.json.status)).toEqual(['success', 'success']);

		const second = await s.h.run(ship(), input);
		expect(second.error).toBeUndefined();
		expect(second.items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				status: 'alreadyShipped',
				trackingNumber: '1ZDUP00001',
				dscoOrderId: a.dscoOrderId,
			}),
			expect.objectContaining({
				status: 'alreadyShipped',
				trackingNumber: '1ZDUP00002',
				dscoOrderId: b.dscoOrderId,
			}),
		]);
		expect(second.items[0].json.message).toMatch(/already on DSCO order .*not sent again/);
		expect(second.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// Two runs, two shipment calls in all: the re-run only read the orders.
		expect(calls('/order/singleShipment')).toHaveLength(2);
		expect(packagesOf(a.dscoOrderId).map((p) => p.trackingNumber)).toEqual(['1ZDUP00001']);
		expect(packagesOf(b.dscoOrderId).map((p) => p.trackingNumber)).toEqual(['1ZDUP00002']);
	});

	it('treats a tracking number re-sent in other case or spacing as the same package', async () => {
		const [a] = s.sim.orders();
		await s.h.run(ship(), [pkg(a, '1ZCASE0001')]);
		const { items } = await s.h.run(ship(), [pkg(a, ' 1zcase 0001 ')]);
		expect(items[0].json).toMatchObject({
			status: 'alreadyShipped',
			trackingNumber: '1zcase 0001',
		});
		expect(calls('/order/singleShipment')).toHaveLength(1);
		expect(packagesOf(a.dscoOrderId)).toHaveLength(1);
	});

	it('an order DSCO does not know is an error for its item, and nothing is sent for it', async () => {
		const [a] = s.sim.orders();
		const { items, error } = await s.h.run(
			ship(),
			[{ ...pkg(a, '1ZNOORD001'), orderId: '999000555' }, pkg(a, '1ZNOORD002')],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			error: 'Order not found: no DSCO order with dscoOrderId "999000555" [item 0]',
			trackingNumber: '1ZNOORD001',
		});
		expect(items[1].json.status).toBe('success');
		expect(
			calls('/order/singleShipment').map((r) => (r.body as { dscoOrderId: string }).dscoOrderId),
		).toEqual([a.dscoOrderId]);
	});

	it('skips a re-sent tracking number in batch mode too', async () => {
		const [a, b] = s.sim.orders();
		await s.h.run(ship(), [pkg(a, '1ZDUPB0001')]);
		const { items, error } = await s.h.run(ship({ mode: 'batch' }), [
			pkg(a, '1ZDUPB0001'),
			pkg(b, '1ZDUPB0002'),
		]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['alreadyShipped', 'success']);
		const batch = calls('/order/shipment/batch/small');
		expect(batch).toHaveLength(1);
		expect(
			(batch[0].body as unknown[]).map((e) => (e as { dscoOrderId: string }).dscoOrderId),
		).toEqual([b.dscoOrderId]);
		expect(packagesOf(a.dscoOrderId)).toHaveLength(1);
	});

	it('refuses the second of two input items with the same order and tracking number, sending it never', async () => {
		const [a, b] = s.sim.orders();
		const { items, error } = await s.h.run(
			ship(),
			[pkg(a, '1ZTWICE001'), pkg(b, '1ZOTHER002'), pkg(a, '1ZTWICE001')],
			{
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status ?? 'error')).toEqual(['success', 'success', 'error']);
		expect(items[2].json.error).toMatch(
			/Invalid "Tracking Number" \[item 2\]: "1ZTWICE001" for this order is already item 0 of this run/,
		);
		expect(calls('/order/singleShipment')).toHaveLength(2);
		expect(packagesOf(a.dscoOrderId)).toHaveLength(1);
	});

	it('catches the same package named by DSCO order ID and by PO number once the order is read', async () => {
		const [a] = s.sim.orders();
		const { items } = await s.h.run(
			ship({ orderIdType: '={{ $json.type }}' }),
			[
				{ ...pkg(a, '1ZBYTYPE01'), type: 'DSCO_ORDER_ID' },
				{ ...pkg(a, '1ZBYTYPE01'), orderId: a.poNumber, type: 'PO_NUMBER' },
			],
			{ continueOnFail: true },
		);
		expect(items[0].json.status).toBe('success');
		expect(items[1].json.error).toMatch(
			/Invalid "Tracking Number" \[item 1\]: .*already item 0 of this run/,
		);
		expect(packagesOf(a.dscoOrderId)).toHaveLength(1);
	});

	it('when turned off, sends without reading the order', async () => {
		const [a] = s.sim.orders();
		await s.h.run(ship({ options: { duplicateGuard: false } }), [pkg(a, '1ZNOGUARD1')]);
		expect(s.sim.requests.filter((r) => r.path === '/order/').length).toBe(0);
		expect(calls('/order/singleShipment')).toHaveLength(1);
	});
});

describe('ambiguous failures: re-sent only after reading the order', () => {
	it.each([
		['a 503 after DSCO created the shipment', 503],
		['a dropped connection after DSCO created the shipment', 0],
	])('%s: not sent again, the output says so, one package', async (_name, status) => {
		const [a] = s.sim.orders();
		s.sim.setFaults({
			failNextRequests: [
				{ status, count: 1, path: '/order/singleShipment', afterProcessing: true },
			],
		});
		const { items, error } = await s.h.run(ship(), [pkg(a, '1ZLOST0001')]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			status: 'success',
			resendSkipped: true,
			trackingNumber: '1ZLOST0001',
		});
		expect(items[0].json.message).toMatch(
			/showed tracking number 1ZLOST0001 on it, so it was not sent again/,
		);
		expect(calls('/order/singleShipment').map((r) => r.status)).toEqual([status]);
		expect(packagesOf(a.dscoOrderId).map((p) => p.trackingNumber)).toEqual(['1ZLOST0001']);
		// guard read, then the check after the failure
		const sequence = s.sim.requests
			.filter((r) => r.path !== '/oauth2/token')
			.map((r) => `${r.method} ${r.path}`);
		expect(sequence).toEqual(['GET /order/', 'POST /order/singleShipment', 'GET /order/']);
	});

	it('a 503 before DSCO acted: the order does not show it, so it is sent again, once', async () => {
		const [a] = s.sim.orders();
		s.sim.setFaults({
			failNextRequests: [{ status: 503, count: 1, path: '/order/singleShipment' }],
		});
		const { items, error } = await s.h.run(ship(), [pkg(a, '1ZRETRY001')]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'success' });
		expect(items[0].json.resendSkipped).toBeUndefined();
		expect(calls('/order/singleShipment').map((r) => r.status)).toEqual([503, 201]);
		expect(packagesOf(a.dscoOrderId)).toHaveLength(1);
		const sequence = s.sim.requests
			.filter((r) => r.path !== '/oauth2/token')
			.map((r) => `${r.method} ${r.path}`);
		expect(sequence).toEqual([
			'GET /order/',
			'POST /order/singleShipment',
			'GET /order/',
			'GET /order/',
			'POST /order/singleShipment',
		]);
	});
});

describe('batch (async, verified in the change log)', () => {
	it('sends every package in one call and reports each one’s own result; a failed one is paired to its input', async () => {
		const orders = s.sim.orders().slice(0, 5);
		const input = orders.map((o, k) => pkg(o, `1ZBATCH00${k}`));
		input[3] = { ...input[3], lines: [{ sku: 'NOT-ON-ORDER', quantity: 1 }] as never };
		const { items, error } = await s.h.run(ship({ mode: 'batch' }), input, {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		items.forEach((item, k) => expect(item.pairedItem).toEqual({ item: k }));
		expect(items.map((i) => i.json.status ?? 'error')).toEqual([
			'success',
			'success',
			'success',
			'failure',
			'success',
		]);
		expect(items[3].json.error).toMatch(
			/DSCO did not apply the shipment: NOT_FOUND .*Line item not found.*\[item 3\]/,
		);
		expect(items[3].json.trackingNumber).toBe('1ZBATCH003');
		expect(items[0].json).toMatchObject({
			mode: 'batch',
			requestId: expect.any(String),
			batch: { number: 1, of: 1, items: 5 },
		});
		const batch = calls('/order/shipment/batch/small');
		expect(batch).toHaveLength(1);
		expect((batch[0].body as unknown[]).length).toBe(5);
		expect(s.sim.requests.some((r) => r.path === '/order/log')).toBe(true);
		for (const k of [0, 1, 2, 4])
			expect(packagesOf(orders[k].dscoOrderId).map((p) => p.trackingNumber)).toEqual([
				`1ZBATCH00${k}`,
			]);
		expect(packagesOf(orders[3].dscoOrderId)).toEqual([]);
	});

	it('a batch answer lost after DSCO accepted it is found in the change log and not re-sent; the next run skips what shipped', async () => {
		const [a, b] = s.sim.orders();
		s.sim.setFaults({
			failNextRequests: [
				{ status: 503, count: 1, path: '/order/shipment/batch/small', afterProcessing: true },
			],
		});
		const input = [pkg(a, '1ZBLOST001'), pkg(b, '1ZBLOST002')];
		const first = await s.h.run(ship({ mode: 'batch' }), input);
		expect(first.error).toBeUndefined();
		expect(first.items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				trackingNumber: '1ZBLOST001',
				status: 'success',
				resendSkipped: true,
			}),
			expect.objectContaining({
				trackingNumber: '1ZBLOST002',
				status: 'success',
				resendSkipped: true,
			}),
		]);
		// Which look finds it first depends on when the simulator settles the batch (the change log, or the order's
		// packages): both are DSCO saying it has the shipment, and neither path sends it again.
		for (const item of first.items) {
			expect(item.json.message).toMatch(
				/^DSCO answered HTTP 503 to the batch, but (its change log shows the batch arrived \(requestId .+\)|reading the order showed tracking number 1ZBLOST00[12] on it): not sent again$/,
			);
		}
		await s.sim.settle();
		const second = await s.h.run(ship({ mode: 'batch' }), input);
		expect(second.items.map((i) => i.json.status)).toEqual(['alreadyShipped', 'alreadyShipped']);
		expect(calls('/order/shipment/batch/small')).toHaveLength(1);
		expect(packagesOf(a.dscoOrderId)).toHaveLength(1);
	});
});

describe('exact DSCO exchange (nock)', () => {
	// nock patches node's http, which Jest shares between the files of a worker: undo it after this block.
	beforeAll(() => {
		if (!nock.isActive()) nock.activate();
		nock.disableNetConnect();
	});
	afterEach(() => nock.cleanAll());
	afterAll(() => {
		nock.cleanAll();
		nock.enableNetConnect();
		nock.restore();
	});

	it("passes production's 400 messages through, naming the item", async () => {
		const h = await createHarness(oauthCredential);
		nock(BASE)
			.post(`${BASE_PATH}/oauth2/token`)
			.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
		nock(BASE)
			.get(`${BASE_PATH}/order/`)
			.query({ orderKey: 'dscoOrderId', value: '77' })
			.reply(200, orderFixture(77, { packages: [] }));
		const sent: unknown[] = [];
		nock(BASE)
			.post(`${BASE_PATH}/order/singleShipment`, (body) => {
				sent.push(body);
				return true;
			})
			.reply(400, {
				status: 'failure',
				messages: [
					{ code: 'VALIDATION_FAILED', severity: 'error', description: 'Ship carrier is required' },
					{
						code: 'VALIDATION_FAILED',
						severity: 'error',
						description: 'Shipping service level code is required',
					},
				],
			});
		const { error } = await h.run(
			ship({ shipCarrier: '', shipMethod: '', shippingServiceLevelCode: '' }),
			[{ orderId: '77', tracking: 'T-77', lines: [{ sku: 'SKU-77', quantity: 1 }] }],
		);
		expect(sent).toEqual([
			{
				dscoOrderId: '77',
				shipments: [{ trackingNumber: 'T-77', lineItems: [{ sku: 'SKU-77', quantity: 1 }] }],
			},
		]);
		expect(error?.message).toBe(
			'DSCO refused the request as invalid: VALIDATION_FAILED (error): Ship carrier is required; VALIDATION_FAILED (error): Shipping service level code is required [item 0]',
		);
		expect(nock.isDone()).toBe(true);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [s.sim.clientSecret]);
});
