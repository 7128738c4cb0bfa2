/** Pure parts of the DSCO Trigger: stream ids, position paths, the bounded recent set, date-window decisions. */
import type { IDataObject } from 'n8n-workflow';

import { eventKey, streamDefinitionFor, streamEventMatches, type EventFilter } from '../../nodes/Dsco/trigger/events';
import type { TriggerSettings } from '../../nodes/Dsco/trigger/settings';
import { RecentSet } from '../../nodes/Dsco/trigger/state';
import { streamIdFor } from '../../nodes/Dsco/trigger/streamMode';
import { decideWindow } from '../../nodes/Dsco/trigger/windowMode';
import { streamPositionPath } from '../../nodes/Dsco/transport/streams';

const filter = (extra: Partial<EventFilter> = {}): EventFilter => ({
	event: 'newOrder',
	orderTypes: ['dropship'],
	includeTestOrders: false,
	lineChangeStatuses: ['cancelled', 'shipped'],
	simplify: false,
	...extra,
});

describe('stream ids', () => {
	it('are deterministic per workflow, node and stream definition', () => {
		const def = streamDefinitionFor(filter());
		const id = streamIdFor('wf-1', 'node-1', def);
		expect(id).toMatch(/^n8n-[0-9a-f]{32}$/);
		expect(streamIdFor('wf-1', 'node-1', { ...def, description: 'other text' })).toBe(id);
		expect(streamIdFor('wf-1', 'node-1', streamDefinitionFor(filter({ orderTypes: ['marketplace', 'dropship'] })))).toBe(
			streamIdFor('wf-1', 'node-1', streamDefinitionFor(filter({ orderTypes: ['dropship', 'marketplace'] }))),
		);
		expect(streamIdFor('wf-2', 'node-1', def)).not.toBe(id);
		expect(streamIdFor('wf-1', 'node-2', def)).not.toBe(id);
		expect(streamIdFor('wf-1', 'node-1', streamDefinitionFor(filter({ event: 'cancelRequested' })))).not.toBe(id);
	});
});

describe('positions in paths', () => {
	it('are percent-encoded (slashes, colons, plus signs)', () => {
		expect(streamPositionPath('s 1', 0, 'z/2025/11/21/06/34/1763706868903-0174608')).toBe(
			'/stream/s%201/0/z%2F2025%2F11%2F21%2F06%2F34%2F1763706868903-0174608',
		);
		expect(streamPositionPath('s', 2, '2025-11-21T06:34:00+00:00')).toBe('/stream/s/2/2025-11-21T06%3A34%3A00%2B00%3A00');
	});
});

describe('RecentSet', () => {
	it('keeps the newest values up to its capacity, in the backing list', () => {
		const list: string[] = [];
		const set = new RecentSet(list, 3);
		for (const v of ['a', 'b', 'c', 'b', 'd']) set.add(v);
		expect(list).toEqual(['b', 'c', 'd']);
		expect(set.has('a')).toBe(false);
		expect(set.has('d')).toBe(true);
		expect(new RecentSet(list, 3).has('c')).toBe(true);
	});
});

describe('event matching and keys', () => {
	const ev = (payload: IDataObject, eventReasons: string[] = []) => ({ id: 'z/1', payload, eventReasons });
	it('newOrder: a create event (or, without reasons, an order awaiting acknowledgement) of the chosen types', () => {
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', orderType: 'dropship' }, ['create']))).toBe(true);
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', orderType: 'dropship' }, ['update_status_lifecycle']))).toBe(false);
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', dscoLifecycle: 'created' }))).toBe(true);
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', dscoLifecycle: 'acknowledged' }))).toBe(false);
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', orderType: 'Marketplace' }, ['create']))).toBe(false);
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', testFlag: true }, ['create']))).toBe(false);
		expect(streamEventMatches(filter({ includeTestOrders: true }), ev({ dscoOrderId: '1', testFlag: true }, ['create']))).toBe(true);
	});
	it('keys: one per new order, per cancel-request state, per line change', () => {
		expect(eventKey(filter(), { dscoOrderId: '7' }, 'z/1')).toBe('newOrder:7');
		expect(eventKey(filter({ event: 'cancelRequested' }), { dscoOrderId: '7', dscoLastUpdate: 'T1' }, 'z/1')).toBe('cancelRequested:7:T1');
		expect(eventKey(filter({ event: 'orderLineChanged' }), { eventUuid: 'u-1', order: { dscoOrderId: '7' } }, 'z/1')).toBe('orderLineChanged:7:u-1');
	});
});

describe('date-window decisions', () => {
	const settings = (maxEventsPerPoll = 10): TriggerSettings => ({ ...filter(), mode: 'dateWindow', maxEventsPerPoll, overlapMs: 60_000, transport: {} });
	const at = (s: number) => new Date(Date.UTC(2025, 10, 6, 12, 0, s)).toISOString();
	const ms = (s: number) => Date.parse(at(s));
	const order = (id: string, s: number, extra: IDataObject = {}) => ({ dscoOrderId: id, dscoCreateDate: at(s), orderType: 'dropship', ...extra });
	const state = (watermark: number, seen: Record<string, number> = {}) => ({ version: 1, mode: 'dateWindow' as const, watermark, seen });

	it('delivers unseen orders oldest first and moves the watermark to the newest DSCO date after a complete scan', () => {
		const out = decideWindow(settings(), state(ms(0), { a: ms(0) }), { orders: [order('c', 30), order('a', 0), order('b', 10)], complete: true, until: ms(100) }, ms(200));
		expect(out.items.map((i) => i.json.dscoOrderId)).toEqual(['b', 'c']);
		expect(out.state.watermark).toBe(ms(30));
		expect(out.state.seen).toEqual({ a: ms(0), b: ms(10), c: ms(30) });
	});
	it('keeps the watermark after an incomplete scan, and below orders held back by the cap', () => {
		const partial = decideWindow(settings(), state(ms(0)), { orders: [order('a', 20)], complete: false, until: ms(100) }, ms(200));
		expect(partial.state.watermark).toBe(ms(0));
		const capped = decideWindow(settings(1), state(ms(0)), { orders: [order('a', 20), order('b', 40), order('c', 50)], complete: true, until: ms(100) }, ms(200));
		expect(capped.items.map((i) => i.json.dscoOrderId)).toEqual(['a']);
		expect(capped.state.watermark).toBe(ms(40));
	});
	it('forgets delivered orders the next search cannot return any more', () => {
		const out = decideWindow(settings(), state(ms(0), { old: ms(0) - 120_000, recent: ms(40) }), { orders: [order('n', 90)], complete: true, until: ms(100) }, ms(200));
		expect(Object.keys(out.state.seen).sort()).toEqual(['n', 'recent']);
	});
});
