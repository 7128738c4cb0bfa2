/**
 * Return → Get Many, Get, Update and Complete inside n8n's engine against the simulator: the requests DSCO receives
 * (method, path, query, body) and the items n8n outputs, sync and batched (verified through /return/log).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { Return } from '../simulator';
import { TriggerProcess } from './harness';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

const RETAILER_ID = '1000051226';
const RETAILER_PARTNER_ID = 'SIMRETAILER';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 12, skus: 10, returns: 5, returnPageSize: 2 });
});
afterEach(async () => {
	await s?.sim.close();
});

const calls = (method: string, path: string) =>
	s.sim.requests.filter((r) => r.method === method && r.path === path);
const pageCalls = () => calls('GET', '/return/page');
const paired = (items: Array<{ pairedItem?: unknown }>) =>
	items.map((i) => (i.pairedItem as { item: number }).item);
const byCreation = (returns: Return[]) =>
	[...returns].sort((a, b) => a.createDate.localeCompare(b.createDate));

describe('Get Many', () => {
	const window = (extra: IDataObject = {}) => ({
		resource: 'return',
		operation: 'getMany',
		searchBy: 'window',
		window: 'created',
		since: '2020-01-01T00:00:00Z',
		...extra,
	});

	it('Return All scrolls /return/page by its scrollId until the empty page, every return once, oldest first', async () => {
		const { items, error } = await s.h.run(window({ returnAll: true }));
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.dscoReturnId)).toEqual(
			byCreation(s.sim.returns()).map((r) => r.dscoReturnId),
		);
		expect(new Set(paired(items))).toEqual(new Set([0]));
		const pages = pageCalls();
		// 5 returns, 2 a page: 3 pages and the empty one that ends the scroll, carrying only the scrollId after the first.
		expect(pages).toHaveLength(4);
		expect(pages[0].query).toEqual({
			returnsCreatedSince: '2020-01-01T00:00:00Z',
			until: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		for (const p of pages.slice(1)) expect(Object.keys(p.query)).toEqual(['scrollId']);
	});

	it('a Limit stops the scroll: no page is read beyond the one that reaches it', async () => {
		const { items, error } = await s.h.run(window({ returnAll: false, limit: 3 }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(pageCalls()).toHaveLength(2);
	});

	it('statuses: repeated status parameters; DSCO filters by them', async () => {
		const first = byCreation(s.sim.returns())[0];
		await s.h.run(
			{
				resource: 'return',
				operation: 'complete',
				returnId: first.dscoReturnId,
				lineItemsInput: 'json',
				lineItemsJson: JSON.stringify(
					first.lineItems.map((l) => ({
						lineNumber: l.lineNumber,
						sku: l.sku,
						response: 'accepted',
					})),
				),
			},
			[{}],
		);
		const { items, error } = await s.h.run(
			window({ returnAll: true, filters: { statuses: ['completed', 'acknowledged'] } }),
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.dscoReturnId, i.json.status])).toEqual([
			[first.dscoReturnId, 'completed'],
		]);
		expect(pageCalls().at(-1)!.query).toMatchObject({
			returnsCreatedSince: '2020-01-01T00:00:00Z',
			status: ['completed', 'acknowledged'],
		});
	});

	it('updated since: returnsUpdatedSince (exclusive) and until', async () => {
		const { items, error } = await s.h.run(
			window({ window: 'updated', since: '2020-01-01T00:00:00Z', returnAll: true }),
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		expect(Object.keys(pageCalls()[0].query).sort()).toEqual(['returnsUpdatedSince', 'until']);
	});

	it('by order: DSCO order ID alone; PO number with the retailer as accountIdType/accountIdValue', async () => {
		const ret = s.sim.returns()[1];
		const byId = await s.h.run(
			{
				resource: 'return',
				operation: 'getMany',
				searchBy: 'order',
				order: { __rl: true, mode: 'dscoOrderId', value: ret.dscoOrderId },
				returnAll: true,
			},
			[{}],
			{ typeVersion: 2 },
		);
		expect(byId.error).toBeUndefined();
		expect(byId.items.map((i) => i.json.dscoReturnId)).toEqual([ret.dscoReturnId]);
		expect(pageCalls()[0].query).toEqual({
			orderIdType: 'dscoOrderId',
			orderIdValue: ret.dscoOrderId,
		});

		const byPo = await s.h.run(
			{
				resource: 'return',
				operation: 'getMany',
				searchBy: 'order',
				order: { __rl: true, mode: 'poNumber', value: ret.poNumber },
				retailer: { __rl: true, mode: 'partnerId', value: RETAILER_PARTNER_ID },
				returnAll: true,
			},
			[{}],
			{ typeVersion: 2 },
		);
		expect(byPo.error).toBeUndefined();
		expect(byPo.items.map((i) => i.json.dscoReturnId)).toEqual([ret.dscoReturnId]);
		expect(pageCalls()[1].query).toEqual({
			orderIdType: 'poNumber',
			orderIdValue: ret.poNumber,
			accountIdType: 'tradingPartnerId',
			accountIdValue: RETAILER_PARTNER_ID,
		});
	});
});

describe('Get', () => {
	const get = (extra: IDataObject) => ({ resource: 'return', operation: 'get', ...extra });

	it('by DSCO return ID and by the retailer’s number (with its account), one item per input item, paired', async () => {
		const [a, b] = s.sim.returns();
		const { items, error } = await s.h.run(
			get({
				returnIdType: '={{ $json.type }}',
				returnId: '={{ $json.id }}',
				retailer: { __rl: true, mode: 'list', value: RETAILER_ID },
			}),
			[
				{ type: 'dscoReturnId', id: a.dscoReturnId },
				{ type: 'partnerReturnNumber', id: b.partnerReturnNumber },
			],
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.dscoReturnId)).toEqual([a.dscoReturnId, b.dscoReturnId]);
		expect(paired(items)).toEqual([0, 1]);
		expect(pageCalls().map((p) => p.query)).toEqual([
			{ returnIdType: 'dscoReturnId', returnIdValue: a.dscoReturnId },
			{
				returnIdType: 'partnerReturnNumber',
				returnIdValue: b.partnerReturnNumber,
				accountIdType: 'dscoAccountId',
				accountIdValue: RETAILER_ID,
			},
		]);
	});

	it('a return DSCO does not know is an error naming it, as Order → Get (an error item under continue-on-fail)', async () => {
		const stop = await s.h.run(get({ returnIdType: 'dscoReturnId', returnId: '399999999' }), [{}]);
		expect(stop.error?.message).toBe(
			'Return not found: no DSCO return with dscoReturnId "399999999" [item 0]',
		);
		const [a] = s.sim.returns();
		const { items, error } = await s.h.run(
			get({ returnIdType: 'dscoReturnId', returnId: '={{ $json.id }}' }),
			[{ id: '399999999' }, { id: a.dscoReturnId }],
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(/^Return not found: .*399999999.*\[item 0\]/);
		expect(items[1].json.dscoReturnId).toBe(a.dscoReturnId);
		expect(paired(items)).toEqual([0, 1]);
	});
});

/** Update parameters: one package per input item, its lines as JSON. */
const update = (extra: IDataObject = {}) => ({
	resource: 'return',
	operation: 'update',
	returnIdType: 'dscoReturnId',
	returnId: '={{ $json.id }}',
	trackingNumber: '={{ $json.tracking }}',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
	...extra,
});
const packageInput = (ret: Return, tracking: string) => ({
	id: ret.dscoReturnId,
	tracking,
	lines: ret.lineItems.map((l) => ({ sku: l.sku, lineNumber: l.lineNumber, quantity: l.quantity })),
});

describe('Update (packages received)', () => {
	it('sync: POST /return/update per item with the package in DSCO’s shape; the return holds it', async () => {
		const [a, b] = s.sim.returns();
		const input = [packageInput(a, '1ZBACK0001'), packageInput(b, '1ZBACK0002')];
		const { items, error } = await s.h.run(
			update({ additionalFields: { carrier: 'UPS', receiptDate: '2025-11-20T10:00:00Z' } }),
			input,
		);
		expect(error).toBeUndefined();
		expect(calls('POST', '/return/update').map((r) => r.body)).toEqual(
			input.map((i) => ({
				dscoReturnId: i.id,
				packages: [
					{
						trackingNumber: i.tracking,
						lineItems: i.lines,
						receiptDate: '2025-11-20T10:00:00Z',
						carrier: 'UPS',
					},
				],
			})),
		);
		expect(items.map((i) => i.json)).toEqual(
			input.map((i) => ({
				dscoReturnId: i.id,
				trackingNumber: i.tracking,
				numberOfLineItems: i.lines.length,
				status: 'success',
				returnStatus: 'created',
			})),
		);
		expect(paired(items)).toEqual([0, 1]);
		expect(s.sim.getReturn(a.dscoReturnId)!.packages.map((p) => p.trackingNumber)).toEqual([
			'1ZBACK0001',
		]);
	});

	it('batch: one POST /return/batch/small?operation=update, each item’s result from /return/log; DSCO’s refusal fails its item only', async () => {
		const [a, b] = s.sim.returns();
		const input = [
			packageInput(a, '1ZBATCH001'),
			{ ...packageInput(b, '1ZBATCH002'), id: '399999999' },
		];
		const { items, error } = await s.h.run(update({ sendMode: 'batch' }), input, {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const batch = calls('POST', '/return/batch/small');
		expect(batch).toHaveLength(1);
		expect(batch[0].query).toEqual({ operation: 'update' });
		expect(batch[0].body).toEqual(
			input.map((i) => ({
				dscoReturnId: i.id,
				packages: [{ trackingNumber: i.tracking, lineItems: i.lines }],
			})),
		);
		expect(calls('GET', '/return/log').length).toBeGreaterThan(0);
		expect(items[0].json).toMatchObject({
			dscoReturnId: a.dscoReturnId,
			status: 'success',
			requestId: expect.any(String),
		});
		expect(items[1].json.error).toMatch(
			/DSCO did not apply the return package update: .*399999999.*\[item 1\]/,
		);
		expect(paired(items)).toEqual([0, 1]);
		expect(s.sim.getReturn(a.dscoReturnId)!.packages).toHaveLength(1);
	});
});

describe('Complete (accept or reject lines)', () => {
	it('sync: PUT /return/ with each line’s response, quantity and reason; the return is completed', async () => {
		const ret = s.sim.returns().find((r) => r.lineItems.length >= 1)!;
		const lines = ret.lineItems.map((l, k) => ({
			values: {
				identifierType: 'sku',
				identifier: l.sku,
				lineNumber: l.lineNumber,
				response: k === 0 ? 'accepted' : 'rejected',
				quantity: l.quantity,
				reasonCode: k === 0 ? '' : 'DAMAGED_BY_CUSTOMER',
			},
		}));
		const { items, error } = await s.h.run(
			{
				resource: 'return',
				operation: 'complete',
				returnIdType: 'partnerReturnNumber',
				returnId: ret.partnerReturnNumber,
				retailer: { __rl: true, mode: 'accountId', value: RETAILER_ID },
				lineItems: { values: lines.map((l) => l.values) },
				additionalFields: { responseReason: 'Checked at the warehouse', restockingCharge: 4.5 },
			},
			[{}],
		);
		expect(error).toBeUndefined();
		const sent = calls('PUT', '/return/');
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({
			partnerReturnNumber: ret.partnerReturnNumber,
			dscoAccountId: RETAILER_ID,
			lineItems: ret.lineItems.map((l, k) => ({
				sku: l.sku,
				lineNumber: l.lineNumber,
				response: k === 0 ? 'accepted' : 'rejected',
				quantity: l.quantity,
				...(k === 0 ? {} : { reasonCode: 'DAMAGED_BY_CUSTOMER' }),
			})),
			responseReason: 'Checked at the warehouse',
			restockingCharge: 4.5,
		});
		expect(items.map((i) => i.json)).toEqual([
			{
				partnerReturnNumber: ret.partnerReturnNumber,
				accepted: 1,
				rejected: ret.lineItems.length - 1,
				status: 'success',
				returnStatus: 'completed',
			},
		]);
		expect(s.sim.getReturn(ret.dscoReturnId)!.status).toBe('completed');
	});

	it('batch: POST /return/batch/small?operation=complete verified through /return/log; a line already answered fails its item only', async () => {
		const [a, b] = s.sim.returns();
		const complete = (ret: Return) => ({
			id: ret.dscoReturnId,
			lines: ret.lineItems.map((l) => ({
				itemId: l.itemId,
				lineNumber: l.lineNumber,
				response: 'accepted',
			})),
		});
		const params = {
			resource: 'return',
			operation: 'complete',
			returnIdType: 'dscoReturnId',
			returnId: '={{ $json.id }}',
			lineItemsInput: 'json',
			lineItemsJson: '={{ $json.lines }}',
			sendMode: 'batch',
		};
		await s.h.run({ ...params, sendMode: 'sync' }, [complete(b)]);
		const { items, error } = await s.h.run(params, [complete(a), complete(b)], {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const batch = calls('POST', '/return/batch/small');
		expect(batch).toHaveLength(1);
		expect(batch[0].query).toEqual({ operation: 'complete' });
		expect(batch[0].body).toEqual([
			{ dscoReturnId: a.dscoReturnId, lineItems: complete(a).lines },
			{ dscoReturnId: b.dscoReturnId, lineItems: complete(b).lines },
		]);
		expect(items[0].json).toMatchObject({ dscoReturnId: a.dscoReturnId, status: 'success' });
		expect(items[1].json.error).toMatch(
			/DSCO did not apply the return completion: .*already completed.*\[item 1\]/,
		);
		expect(paired(items)).toEqual([0, 1]);
		expect(s.sim.getReturn(a.dscoReturnId)!.status).toBe('completed');
	});
});

describe('Change Log → Get for returns', () => {
	it('reads /return/log by requestId', async () => {
		const [a] = s.sim.returns();
		const sent = await s.h.run(update({ sendMode: 'batch', options: { waitForResult: false } }), [
			packageInput(a, '1ZLOG0001'),
		]);
		const requestId = sent.items[0].json.requestId as string;
		await s.sim.settle();
		const { items, error } = await s.h.run(
			{ resource: 'changeLog', operation: 'get', logType: 'return', requestId, output: 'entries' },
			[{}],
		);
		expect(error).toBeUndefined();
		expect(calls('GET', '/return/log').at(-1)!.query).toMatchObject({ requestId });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ status: 'success', requestId });
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [s.sim.clientSecret]);
});

describe('examples/new-return-erp-credit-complete.json', () => {
	/** The example's nodes, parameters as in the file. */
	const example = JSON.parse(
		fs.readFileSync(
			path.join(__dirname, '../../examples/new-return-erp-credit-complete.json'),
			'utf8',
		),
	) as {
		nodes: Array<{ name: string; type: string; typeVersion: number; parameters: IDataObject }>;
		connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	};
	const node = (name: string) => example.nodes.find((n) => n.name === name)!;
	const version = (name: string) => node(name).typeVersion;
	const TRIGGER = 'New DSCO return';

	it('is New DSCO return (the DSCO Trigger, New Return, streams) → ERP: credit the return → Complete the return', () => {
		expect([node(TRIGGER).type, version(TRIGGER)]).toEqual(['n8n-nodes-dsco.dscoTrigger', 1]);
		expect(node(TRIGGER).parameters).toMatchObject({ event: 'newReturn', mode: 'stream' });
		const next = (name: string) => example.connections[name].main[0].map((c) => c.node);
		expect(next(TRIGGER)).toEqual(['ERP: credit the return']);
		expect(next('ERP: credit the return')).toEqual(['Complete the return']);
	});

	it('the trigger’s new returns → the ERP stand-in’s code → Complete the return: each completed once, WRONG_ITEM lines rejected; the completions do not start the workflow again', async () => {
		// The trigger as n8n polls it, with the example's parameters (TriggerProcess runs typeVersion 1, as the file).
		const trigger = new TriggerProcess(s.h, node(TRIGGER).parameters, { nodeName: TRIGGER });
		// Activation creates the returns stream at DSCO's current position: the 5 seeded returns are history.
		expect((await trigger.poll()).items).toBeNull();
		const created = s.sim.createReturns(4);
		const reasons = created.flatMap((r) => r.lineItems.map((l) => l.reasonCode));
		// The simulator's reason codes are seeded: these returns have lines to accept and lines to reject.
		expect(reasons).toContain('WRONG_ITEM');
		expect(reasons.some((r) => r !== 'WRONG_ITEM')).toBe(true);
		const emitted = (await trigger.poll()).items ?? [];
		expect(emitted.map((i) => i.json.dscoReturnId)).toEqual(created.map((r) => r.dscoReturnId));

		// The Code node's JavaScript, run per item as n8n's "Run Once for Each Item" does.
		const credit = new Function(
			'$json',
			String(node('ERP: credit the return').parameters.jsCode),
		) as (json: IDataObject) => { json: IDataObject };
		const credited = emitted.map((i) => credit(i.json).json);
		s.sim.clearRequests();
		const done = await s.h.run(node('Complete the return').parameters, credited, {
			typeVersion: version('Complete the return'),
		});
		expect(done.error).toBeUndefined();
		expect(
			done.items.map((i) => [i.json.dscoReturnId, i.json.status, i.json.returnStatus]),
		).toEqual(credited.map((c) => [c.dscoReturnId, 'success', 'completed']));
		expect(paired(done.items)).toEqual(credited.map((_, k) => k));
		// One PUT /return/ per return, with each line's answer and the credit memo.
		expect(calls('PUT', '/return/').map((r) => r.body)).toEqual(
			created.map((r) => ({
				dscoReturnId: r.dscoReturnId,
				lineItems: r.lineItems.map((l) => ({
					sku: l.sku,
					lineNumber: l.lineNumber,
					response: l.reasonCode === 'WRONG_ITEM' ? 'rejected' : 'accepted',
				})),
				responseReason: `Credited in the ERP: CM-${r.dscoReturnId} (${r.lineItems
					.filter((l) => l.reasonCode !== 'WRONG_ITEM')
					.reduce((n, l) => n + l.quantity, 0)} units)`,
			})),
		);
		for (const r of created) {
			const ret = s.sim.getReturn(r.dscoReturnId)!;
			expect(ret.status).toBe('completed');
			for (const line of ret.lineItems)
				expect(line.response).toBe(line.reasonCode === 'WRONG_ITEM' ? 'rejected' : 'accepted');
		}
		// The next polls confirm the position and find nothing: a completed return is not new again.
		expect((await trigger.poll()).items).toBeNull();
		expect((await trigger.poll()).items).toBeNull();
		expect(trigger.delivered).toHaveLength(created.length);
		expect(s.sim.returns().filter((r) => r.status === 'completed')).toHaveLength(created.length);
	});
});
