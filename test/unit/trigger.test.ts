/** Pure parts of the DSCO Trigger: stream ids, position paths, the bounded recent set, date-window decisions. */
import type { IDataObject } from 'n8n-workflow';

import {
	eventKey,
	streamDefinitionFor,
	streamEventMatches,
	type EventFilter,
} from '../../nodes/Dsco/trigger/events';
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
		expect(
			streamIdFor(
				'wf-1',
				'node-1',
				streamDefinitionFor(filter({ orderTypes: ['marketplace', 'dropship'] })),
			),
		).toBe(
			streamIdFor(
				'wf-1',
				'node-1',
				streamDefinitionFor(filter({ orderTypes: ['dropship', 'marketplace'] })),
			),
		);
		expect(streamIdFor('wf-2', 'node-1', def)).not.toBe(id);
		expect(streamIdFor('wf-1', 'node-2', def)).not.toBe(id);
		expect(
			streamIdFor('wf-1', 'node-1', streamDefinitionFor(filter({ event: 'cancelRequested' }))),
		).not.toBe(id);
	});
});

describe('positions in paths', () => {
	it('are percent-encoded (slashes, colons, plus signs)', () => {
		expect(streamPositionPath('s 1', 0, 'z/2025/11/21/06/34/1763706868903-0174608')).toBe(
			'/stream/s%201/0/z%2F2025%2F11%2F21%2F06%2F34%2F1763706868903-0174608',
		);
		expect(streamPositionPath('s', 2, '2025-11-21T06:34:00+00:00')).toBe(
			'/stream/s/2/2025-11-21T06%3A34%3A00%2B00%3A00',
		);
	});
	it('stay one segment through URL parsing, whatever the position; a segment URL parsing would drop is refused', () => {
		for (const position of [
			'a/../b',
			'../x',
			'./',
			'...',
			'.x',
			'%2E%2E',
			'%2e',
			'.%2E',
			'a b?c#d',
			'ü/€',
		]) {
			const path = streamPositionPath('s', 0, position);
			// What the HTTP client sends: the path after WHATWG URL parsing, which removes dot segments.
			const sent = new URL(`https://api.dsco.io/api/v3${path}`).pathname;
			expect(sent).toBe(`/api/v3${path}`);
			expect(decodeURIComponent(sent.split('/')[6])).toBe(position);
			expect(sent.split('/')).toHaveLength(7);
		}
		for (const position of ['.', '..', '']) {
			expect(() => streamPositionPath('s', 0, position)).toThrow(
				/cannot be sent: as a path segment it would change the request's path; nothing was sent/,
			);
		}
		expect(() => streamPositionPath('..', 0, 'z/1')).toThrow(/stream id "\.\." cannot be sent/);
		expect(() => streamPositionPath('s', -1, 'z/1')).toThrow(/is not a partition number/);
		expect(() => streamPositionPath('s', 0.5, 'z/1')).toThrow(/is not a partition number/);
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
	const ev = (payload: IDataObject, eventReasons: string[] = []) => ({
		id: 'z/1',
		payload,
		eventReasons,
	});
	it('newOrder: a create event (or, without reasons, an order awaiting acknowledgement) of the chosen types', () => {
		expect(
			streamEventMatches(filter(), ev({ dscoOrderId: '1', orderType: 'dropship' }, ['create'])),
		).toBe(true);
		expect(
			streamEventMatches(
				filter(),
				ev({ dscoOrderId: '1', orderType: 'dropship' }, ['update_status_lifecycle']),
			),
		).toBe(false);
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', dscoLifecycle: 'created' }))).toBe(
			true,
		);
		expect(
			streamEventMatches(filter(), ev({ dscoOrderId: '1', dscoLifecycle: 'acknowledged' })),
		).toBe(false);
		expect(
			streamEventMatches(filter(), ev({ dscoOrderId: '1', orderType: 'Marketplace' }, ['create'])),
		).toBe(false);
		expect(streamEventMatches(filter(), ev({ dscoOrderId: '1', testFlag: true }, ['create']))).toBe(
			false,
		);
		expect(
			streamEventMatches(
				filter({ includeTestOrders: true }),
				ev({ dscoOrderId: '1', testFlag: true }, ['create']),
			),
		).toBe(true);
	});
	it('keys: one per new order, per cancel-request state, per line change', () => {
		expect(eventKey(filter(), { dscoOrderId: '7' }, 'z/1')).toBe('newOrder:7');
		expect(
			eventKey(
				filter({ event: 'cancelRequested' }),
				{ dscoOrderId: '7', dscoLastUpdate: 'T1' },
				'z/1',
			),
		).toBe('cancelRequested:7:T1');
		expect(
			eventKey(
				filter({ event: 'orderLineChanged' }),
				{ eventUuid: 'u-1', order: { dscoOrderId: '7' } },
				'z/1',
			),
		).toBe('orderLineChanged:7:u-1');
	});
});

describe('New Return and Catalog Item Changed: streams, matching and keys', () => {
	const ev = (payload: IDataObject, eventReasons: string[] = []) => ({
		id: 'z/1',
		payload,
		eventReasons,
	});
	it('stream definitions: created returns; the catalog as DSCO stores it', () => {
		expect(streamDefinitionFor(filter({ event: 'newReturn' }))).toEqual({
			objectType: 'returns',
			query: { queryType: 'returns', statuses: ['created'] },
		});
		expect(streamDefinitionFor(filter({ event: 'catalogItemChanged' }))).toEqual({
			objectType: 'catalog',
			query: { queryType: 'catalog' },
		});
		// The order options do not reach these streams (their ids stay the same whatever those say).
		expect(
			streamIdFor(
				'wf',
				'n',
				streamDefinitionFor(filter({ event: 'newReturn', orderTypes: ['marketplace'] })),
			),
		).toBe(streamIdFor('wf', 'n', streamDefinitionFor(filter({ event: 'newReturn' }))));
	});
	it('newReturn: a return still created (no line answered); the order options do not apply', () => {
		const f = filter({ event: 'newReturn', orderTypes: ['marketplace'] });
		expect(streamEventMatches(f, ev({ dscoReturnId: 'R1', status: 'created' }))).toBe(true);
		expect(streamEventMatches(f, ev({ dscoReturnId: 'R1', status: 'completed' }))).toBe(false);
		expect(streamEventMatches(f, ev({ dscoReturnId: 'R1', status: 'acknowledged' }))).toBe(false);
	});
	it('keys: one per return, whatever changed on it; one per catalog item state', () => {
		const r = filter({ event: 'newReturn' });
		expect(eventKey(r, { dscoReturnId: 'R1', lastUpdate: 'T1' }, 'z/1')).toBe('newReturn:R1');
		expect(eventKey(r, { dscoReturnId: 'R1', lastUpdate: 'T2', packages: [{}] }, 'z/2')).toBe(
			'newReturn:R1',
		);
		const c = filter({ event: 'catalogItemChanged' });
		const item = { dscoItemId: '15', sku: 'A', title: 'One', dscoLastUpdateDate: 'T1' };
		const key = eventKey(c, item, 'z/1');
		expect(key).toMatch(/^catalogItemChanged:15:[0-9a-f]{16}$/);
		// Re-delivered (same content, fields in another order, another event id): the same key.
		expect(
			eventKey(c, { dscoLastUpdateDate: 'T1', title: 'One', sku: 'A', dscoItemId: '15' }, 'z/9'),
		).toBe(key);
		// Another change within the same second: same date, another state, another key.
		expect(eventKey(c, { ...item, title: 'Two' }, 'z/2')).not.toBe(key);
		expect(eventKey(c, { ...item, dscoItemId: null }, 'z/2')).toMatch(/^catalogItemChanged:A:/);
	});
});

describe('date-window decisions', () => {
	const settings = (maxEventsPerPoll = 10): TriggerSettings => ({
		...filter(),
		mode: 'dateWindow',
		maxEventsPerPoll,
		overlapMs: 60_000,
		transport: {},
	});
	const at = (s: number) => new Date(Date.UTC(2025, 10, 6, 12, 0, s)).toISOString();
	const ms = (s: number) => Date.parse(at(s));
	const order = (id: string, s: number, extra: IDataObject = {}) => ({
		dscoOrderId: id,
		dscoCreateDate: at(s),
		orderType: 'dropship',
		...extra,
	});
	const state = (watermark: number, seen: Record<string, number> = {}) => ({
		version: 1,
		mode: 'dateWindow' as const,
		watermark,
		seen,
	});

	it('delivers unseen orders oldest first and moves the watermark to the newest DSCO date after a complete scan', () => {
		const out = decideWindow(
			settings(),
			state(ms(0), { a: ms(0) }),
			{
				records: [order('c', 30), order('a', 0), order('b', 10)],
				complete: true,
				since: ms(-60),
				until: ms(100),
			},
			ms(200),
		);
		expect(out.items.map((i) => i.json.dscoOrderId)).toEqual(['b', 'c']);
		expect(out.state.watermark).toBe(ms(30));
		expect(out.state.seen).toEqual({ a: ms(0), b: ms(10), c: ms(30) });
	});
	it('keeps the watermark after an incomplete scan, and below orders held back by the cap', () => {
		const partial = decideWindow(
			settings(),
			state(ms(0)),
			{ records: [order('a', 20)], complete: false, since: ms(-60), until: ms(100) },
			ms(200),
		);
		expect(partial.state.watermark).toBe(ms(0));
		const capped = decideWindow(
			settings(1),
			state(ms(0)),
			{
				records: [order('a', 20), order('b', 40), order('c', 50)],
				complete: true,
				since: ms(-60),
				until: ms(100),
			},
			ms(200),
		);
		expect(capped.items.map((i) => i.json.dscoOrderId)).toEqual(['a']);
		expect(capped.state.watermark).toBe(ms(40));
	});
	it('forgets delivered orders the next search cannot return any more', () => {
		const out = decideWindow(
			settings(),
			state(ms(0), { old: ms(0) - 120_000, recent: ms(40) }),
			{ records: [order('n', 90)], complete: true, since: ms(-60), until: ms(100) },
			ms(200),
		);
		expect(Object.keys(out.state.seen).sort()).toEqual(['n', 'recent']);
	});
	describe('orders dated outside the searched window (skewed DSCO clock, bad data)', () => {
		const window = (
			orders: IDataObject[],
			extra: Partial<{ complete: boolean; since: number; until: number }> = {},
		) => ({
			records: orders,
			complete: true,
			since: ms(0) - 60_000,
			until: ms(100),
			...extra,
		});
		const DAY = 86_400_000;

		it('delivers a future-dated order, but the watermark moves only to the newest real date and never past until', () => {
			const out = decideWindow(
				settings(),
				state(ms(0)),
				window([order('a', 20), order('future', 100 + DAY / 1000), order('b', 40)]),
				ms(200),
			);
			expect(out.items.map((i) => i.json.dscoOrderId)).toEqual(['a', 'b', 'future']);
			expect(out.state.watermark).toBe(ms(40));
			// Remembered at the window's end: DSCO found it at or before until.
			expect(out.state.seen.future).toBe(ms(100));
		});
		it('a scan of only future-dated (or undated) orders keeps the watermark where it was', () => {
			const out = decideWindow(
				settings(),
				state(ms(10)),
				window([order('f', 5000), { dscoOrderId: 'undated', orderType: 'dropship' }]),
				ms(200),
			);
			expect(out.items.map((i) => i.json.dscoOrderId)).toEqual(['undated', 'f']);
			expect(out.state.watermark).toBe(ms(10));
		});
		it('delivers the future-dated order exactly once across the polls that still find it, and forgets it once no search can', () => {
			let st = state(ms(10));
			const delivered: unknown[] = [];
			// Poll 1 finds it; polls 2 and 3 find it again (their windows still cover when it arrived).
			for (const [k, orders] of [
				[order('f', 999_999)],
				[order('f', 999_999), order('n1', 110)],
				[order('f', 999_999), order('n2', 150)],
			].entries()) {
				const until = ms(100 + k * 60);
				const out = decideWindow(
					settings(),
					st,
					window(orders, { since: st.watermark - 60_000, until }),
					until + 10_000,
				);
				delivered.push(...out.items.map((i) => i.json.dscoOrderId));
				expect(out.state.watermark).toBeLessThanOrEqual(until);
				st = out.state;
			}
			expect(delivered).toEqual(['f', 'n1', 'n2']);
			expect(st.watermark).toBe(ms(150));
			// Once the watermark is more than the overlap past when it was found (until of poll 1), it is forgotten.
			const later = decideWindow(
				settings(),
				st,
				window([order('n3', 200)], { since: ms(90), until: ms(220) }),
				ms(230),
			);
			expect(later.state.seen.f).toBeUndefined();
			expect(later.state.watermark).toBe(ms(200));
		});
		it('an order dated before the window is remembered until the window has passed it, not dropped at once', () => {
			const out = decideWindow(
				settings(),
				state(ms(10)),
				window([order('old', -3600), order('a', 30)]),
				ms(200),
			);
			expect(out.items.map((i) => i.json.dscoOrderId)).toEqual(['old', 'a']);
			expect(out.state.seen.old).toBe(ms(100));
			expect(out.state.watermark).toBe(ms(30));
			const again = decideWindow(
				settings(),
				out.state,
				window([order('old', -3600), order('a', 30)]),
				ms(210),
			);
			expect(again.items).toEqual([]);
		});
		it('a future-dated order held back by the cap keeps the watermark, so that the next search returns it', () => {
			const first = decideWindow(
				settings(1),
				state(ms(0)),
				window([order('a', 20), order('f', 100 + DAY / 1000), order('b', 40)]),
				ms(200),
			);
			expect(first.items.map((i) => i.json.dscoOrderId)).toEqual(['a']);
			expect(first.state.watermark).toBe(ms(0));
			const second = decideWindow(
				settings(1),
				first.state,
				window([order('a', 20), order('f', 100 + DAY / 1000), order('b', 40)]),
				ms(210),
			);
			expect(second.items.map((i) => i.json.dscoOrderId)).toEqual(['b']);
			expect(second.state.watermark).toBe(ms(0));
			const third = decideWindow(
				settings(1),
				second.state,
				window([order('a', 20), order('f', 100 + DAY / 1000), order('b', 40)]),
				ms(220),
			);
			expect(third.items.map((i) => i.json.dscoOrderId)).toEqual(['f']);
			expect(third.state.watermark).toBe(ms(40));
		});
		it('pulls back a watermark already past until (state written before this rule)', () => {
			const out = decideWindow(settings(), state(ms(100) + DAY), window([order('a', 20)]), ms(200));
			expect(out.state.watermark).toBe(ms(100));
		});
	});
});

describe('date-window decisions for New Return', () => {
	const at = (sec: number) => new Date(Date.UTC(2025, 10, 6, 12, 0, sec)).toISOString();
	const ms = (sec: number) => Date.parse(at(sec));
	const settings: TriggerSettings = {
		...filter({ event: 'newReturn', orderTypes: ['marketplace'] }),
		mode: 'dateWindow',
		maxEventsPerPoll: 2,
		overlapMs: 60_000,
		transport: {},
	};
	const ret = (id: string, sec: number, extra: IDataObject = {}) => ({
		dscoReturnId: id,
		createDate: at(sec),
		status: 'created',
		lineItems: [],
		...extra,
	});
	it('delivers unseen returns by createDate oldest first (whatever their status now), up to the cap, keyed by dscoReturnId; the state names its event', () => {
		const out = decideWindow(
			settings,
			{ version: 1, mode: 'dateWindow', event: 'newReturn', watermark: ms(0), seen: { a: ms(0) } },
			{
				records: [ret('d', 40), ret('a', 0), ret('b', 10, { status: 'completed' }), ret('c', 30)],
				complete: true,
				since: ms(-60),
				until: ms(100),
			},
			ms(200),
		);
		expect(out.items.map((i) => i.json.dscoReturnId)).toEqual(['b', 'c']);
		expect(out.items[0].json).toEqual({
			...ret('b', 10, { status: 'completed' }),
			triggerEvent: { type: 'newReturn', id: null, source: 'dateWindow' },
		});
		// Held back by the cap: the watermark stays at the oldest one left.
		expect(out.state).toEqual({
			version: 1,
			mode: 'dateWindow',
			event: 'newReturn',
			watermark: ms(40),
			seen: { a: ms(0), b: ms(10), c: ms(30) },
		});
	});
});
