// The queue load test's conclusions (bench/lib/queueAnalysis.ts) from a hand-made request log and outputs.
import {
	acceptedWrites,
	assertions,
	checkOutput,
	checkTrigger,
	duplicateCount,
	endpointStats,
	limitBound,
	peakInWindow,
} from '../../bench/lib/queueAnalysis';
import type { RecordedRequest } from '../simulator';

function req(
	method: string,
	path: string,
	at: number,
	status: number,
	body?: unknown,
): RecordedRequest {
	return { method, path, query: {}, headers: {}, body, status, at };
}

const LIMITS: Record<string, { perSecond: number; perMinute: number }> = {
	'POST /inventory/singleItem': { perSecond: 5, perMinute: 300 },
};
const keyOf = (r: RecordedRequest) => `${r.method} ${r.path}`;
const limitOf = (key: string) => LIMITS[key];

describe('queue load analysis', () => {
	it('finds the most requests within one second', () => {
		expect(peakInWindow([])).toBe(0);
		expect(peakInWindow([0, 200, 400, 600, 800, 1000])).toBe(5);
		expect(peakInWindow([0, 999, 1998])).toBe(2);
		expect(peakInWindow([0, 1000, 2000])).toBe(1);
	});

	it('rates each endpoint over its own busy period, 429s counted apart', () => {
		// singleItem: 11 requests over 2 s (one every 200 ms), 3 of them refused; page: 1 request.
		const log = [
			...Array.from({ length: 11 }, (_, i) =>
				req('POST', '/inventory/singleItem', 10_000 + i * 200, i % 4 === 1 ? 429 : 201),
			),
			req('GET', '/order/page', 10_500, 200),
		];
		const stats = endpointStats(log, keyOf, limitOf);
		expect(Object.keys(stats)).toEqual(['GET /order/page', 'POST /inventory/singleItem']);
		expect(stats['POST /inventory/singleItem']).toEqual({
			requests: 11,
			http429: 3,
			ratePerSec: 5.5,
			limitPerSec: 5,
			acceptedPerSec: 4,
			peakPerSec: 5,
			busySeconds: 2,
		});
		// A single request: a busy period of at least one second, no documented limit.
		expect(stats['GET /order/page']).toMatchObject({
			requests: 1,
			ratePerSec: 1,
			limitPerSec: null,
			busySeconds: 1,
		});
	});

	it('counts the writes DSCO took, and each extra time one was taken again', () => {
		const log = [
			req('POST', '/order/acknowledge', 1, 202, [{ id: '1' }, { id: '2' }]),
			req('POST', '/order/acknowledge', 2, 429, [{ id: '3' }]),
			req('POST', '/order/acknowledge', 3, 202, [{ id: '2' }]),
			req('POST', '/order/acknowledge', 4, 202, [{ id: '2' }]),
			req('POST', '/inventory/singleItem', 5, 201, { sku: 'A' }),
		];
		const acks = acceptedWrites(
			log,
			{ method: 'POST', path: '/order/acknowledge', okStatus: 202 },
			(b) => (b as Array<{ id: string }>).map((e) => e.id),
		);
		expect([...acks.entries()]).toEqual([
			['1', 1],
			['2', 3],
		]);
		expect(duplicateCount(acks)).toBe(2);
	});

	it("checks that every expected key has DSCO's result on the output, once", () => {
		const items = [
			{ sku: 'A', status: 'success' },
			{ sku: 'B', error: 'Gave up after 5 retries' },
			{ sku: 'C', status: 'success' },
			{ sku: 'C', status: 'success' },
			{ sku: 'Z', status: 'success' },
		];
		const check = checkOutput(
			['A', 'B', 'C', 'D'],
			items,
			(i) => i.sku as string,
			(i) => typeof i.status === 'string',
		);
		expect(check).toEqual({ expected: 4, delivered: 2, lost: 2, repeated: 1 });
		// A failed execution has no output at all: everything is lost.
		expect(
			checkOutput(
				['A', 'B'],
				undefined,
				(i) => i.sku as string,
				() => true,
			),
		).toMatchObject({ delivered: 0, lost: 2 });
	});

	it('holds the trigger to every created order exactly once, nothing else', () => {
		expect(checkTrigger(['1', '2'], ['2', '1'])).toMatchObject({
			emitted: 2,
			lost: 0,
			repeated: 0,
			unexpected: 0,
			emittedOnce: true,
		});
		expect(checkTrigger(['1', '2', '3'], ['1', '1', '9'])).toEqual({
			created: 3,
			emitted: 1,
			lost: 2,
			repeated: 1,
			unexpected: 1,
			emittedOnce: false,
		});
	});

	it('asserts the floor only where the work queued behind the limit, and the ceiling by what DSCO refused', () => {
		const base = {
			requests: 0,
			http429: 0,
			ratePerSec: 0,
			limitPerSec: 5,
			acceptedPerSec: 0,
			peakPerSec: 0,
			busySeconds: 100,
		};
		const few = { ...base, requests: 3, ratePerSec: 1, acceptedPerSec: 1, peakPerSec: 2 };
		const slow = {
			...base,
			requests: 300,
			http429: 10,
			ratePerSec: 3,
			acceptedPerSec: 2.9,
			peakPerSec: 6,
		};
		const over = {
			...base,
			requests: 700,
			http429: 100,
			ratePerSec: 7,
			acceptedPerSec: 6,
			peakPerSec: 10,
		};
		expect(limitBound(few)).toBe(false);
		expect(limitBound(slow)).toBe(true);
		const result = assertions({
			lost: 0,
			duplicates: 0,
			triggerEmittedOnce: true,
			failedExecutions: 0,
			endpoints: { few, slow, over, unlimited: { ...base, limitPerSec: null, ratePerSec: 50 } },
		});
		const byName = Object.fromEntries(result.map((a) => [a.name, a.ok]));
		expect(byName).toEqual({
			'no item lost': true,
			'no duplicate write': true,
			'trigger emitted every order once': true,
			'no failed execution': true,
			'few: rate ≤ limit + retries': true,
			'slow: rate ≥ 0.8 × limit while queued': false,
			'slow: rate ≤ limit + retries': true,
			'over: rate ≥ 0.8 × limit while queued': true,
			// 7/s offered against 5/s + 100 refused over 100 s = 6/s.
			'over: rate ≤ limit + retries': false,
		});
	});
});
