/**
 * What the queue load test concludes from the simulator's request log and the executions' outputs: per-endpoint
 * rates against DSCO's documented limits, duplicate and missing writes, items whose DSCO result never reached the
 * node's output, and whether the trigger emitted every order exactly once. Pure functions (tested in
 * test/unit/queueAnalysis.test.ts).
 */
import type { RecordedRequest } from '../../test/simulator';

export interface RateLimit {
	perSecond: number;
	perMinute: number;
}

export interface EndpointStats {
	/** Every request the endpoint received, 429s included. */
	requests: number;
	http429: number;
	/** requests ÷ busy period: the rate the account was offered, all processes together. */
	ratePerSec: number;
	/** DSCO's documented per-second limit (null: none documented). */
	limitPerSec: number | null;
	/** (requests − 429s) ÷ busy period: what DSCO took. */
	acceptedPerSec: number;
	/** Most requests offered within any one second. */
	peakPerSec: number;
	/** First to last request of the endpoint, in seconds (at least 1). */
	busySeconds: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Most entries of sorted `times` (ms) within any window of `windowMs`. */
export function peakInWindow(times: number[], windowMs = 1000): number {
	let peak = 0;
	let start = 0;
	for (let end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= windowMs) start++;
		peak = Math.max(peak, end - start + 1);
	}
	return peak;
}

/**
 * Per endpoint ("<METHOD> <route path>", as `keyOf` names a request; undefined = not an endpoint to report), over the
 * endpoint's busy period: from its first request to its last.
 */
export function endpointStats(
	requests: RecordedRequest[],
	keyOf: (r: RecordedRequest) => string | undefined,
	limitOf: (key: string) => RateLimit | undefined,
): Record<string, EndpointStats> {
	const byKey = new Map<string, RecordedRequest[]>();
	for (const r of requests) {
		const key = keyOf(r);
		if (!key) continue;
		const list = byKey.get(key) ?? [];
		list.push(r);
		byKey.set(key, list);
	}
	const out: Record<string, EndpointStats> = {};
	for (const key of [...byKey.keys()].sort()) {
		const list = byKey.get(key)!;
		const times = list.map((r) => r.at).sort((a, b) => a - b);
		const busySeconds = Math.max(1, (times[times.length - 1] - times[0]) / 1000);
		const http429 = list.filter((r) => r.status === 429).length;
		out[key] = {
			requests: list.length,
			http429,
			ratePerSec: round(list.length / busySeconds),
			limitPerSec: limitOf(key)?.perSecond ?? null,
			acceptedPerSec: round((list.length - http429) / busySeconds),
			peakPerSec: peakInWindow(times),
			busySeconds: round(busySeconds, 1),
		};
	}
	return out;
}

/** How often DSCO took each write (answered `okStatus`), by the ids `idsOf` reads from a request body. */
export function acceptedWrites(
	requests: RecordedRequest[],
	endpoint: { method: string; path: string; okStatus: number },
	idsOf: (body: unknown) => string[],
): Map<string, number> {
	const counts = new Map<string, number>();
	for (const r of requests) {
		if (r.method !== endpoint.method || r.path !== endpoint.path || r.status !== endpoint.okStatus)
			continue;
		for (const id of idsOf(r.body)) counts.set(id, (counts.get(id) ?? 0) + 1);
	}
	return counts;
}

/** Writes DSCO took more than once (each extra time counts). */
export function duplicateCount(counts: Map<string, number>): number {
	let n = 0;
	for (const c of counts.values()) if (c > 1) n += c - 1;
	return n;
}

export interface OutputCheck {
	expected: number;
	/** Expected keys with a DSCO result on the node's output. */
	delivered: number;
	/** Expected keys without one. */
	lost: number;
	/** Keys on the output more than once (each extra time counts). */
	repeated: number;
}

/**
 * Compares what must come out of a node (one key each) with its output items: an item counts when `keyOf` names an
 * expected key and `hasResult` says it carries DSCO's result (not an error item).
 */
export function checkOutput(
	expected: string[],
	items: Array<Record<string, unknown>> | undefined,
	keyOf: (item: Record<string, unknown>) => string | undefined,
	hasResult: (item: Record<string, unknown>) => boolean,
): OutputCheck {
	const want = new Set(expected);
	const seen = new Map<string, number>();
	for (const item of items ?? []) {
		const key = keyOf(item);
		if (key === undefined || !want.has(key) || !hasResult(item)) continue;
		seen.set(key, (seen.get(key) ?? 0) + 1);
	}
	return {
		expected: want.size,
		delivered: seen.size,
		lost: want.size - seen.size,
		repeated: duplicateCount(seen),
	};
}

export interface TriggerCheck {
	created: number;
	/** Distinct created orders the trigger emitted. */
	emitted: number;
	/** Created orders never emitted. */
	lost: number;
	/** Extra emissions of an order already emitted. */
	repeated: number;
	/** Emitted orders that were not created during the run. */
	unexpected: number;
	emittedOnce: boolean;
}

/** Every created order emitted exactly once, nothing else emitted. */
export function checkTrigger(created: string[], emitted: string[]): TriggerCheck {
	const want = new Set(created);
	const counts = new Map<string, number>();
	for (const id of emitted) counts.set(id, (counts.get(id) ?? 0) + 1);
	const got = [...counts.keys()];
	const lost = created.filter((id) => !counts.has(id)).length;
	const repeated = duplicateCount(counts);
	const unexpected = got.filter((id) => !want.has(id)).length;
	return {
		created: want.size,
		emitted: got.filter((id) => want.has(id)).length,
		lost,
		repeated,
		unexpected,
		emittedOnce: lost === 0 && repeated === 0 && unexpected === 0,
	};
}

export interface Assertion {
	name: string;
	ok: boolean;
	detail: string;
}

/**
 * Whether an endpoint's work queued behind DSCO's limit: the processes offered the limit within one second, or DSCO
 * refused some requests. Only then can the account's rate be held to 0.8 × the limit (a few large pages or batches
 * never reach it).
 */
export function limitBound(s: EndpointStats): boolean {
	return s.limitPerSec !== null && (s.peakPerSec >= s.limitPerSec || s.http429 > 0);
}

/** The assertions over one run. */
export function assertions(run: {
	lost: number;
	duplicates: number;
	triggerEmittedOnce: boolean;
	failedExecutions: number;
	endpoints: Record<string, EndpointStats>;
}): Assertion[] {
	const out: Assertion[] = [
		{
			name: 'no item lost',
			ok: run.lost === 0,
			detail: `${run.lost} input items without their DSCO result on the node's output`,
		},
		{
			name: 'no duplicate write',
			ok: run.duplicates === 0,
			detail: `${run.duplicates} writes DSCO took more than once`,
		},
		{
			name: 'trigger emitted every order once',
			ok: run.triggerEmittedOnce,
			detail: run.triggerEmittedOnce ? 'yes' : 'no',
		},
		{
			name: 'no failed execution',
			ok: run.failedExecutions === 0,
			detail: `${run.failedExecutions} job executions failed`,
		},
	];
	for (const [key, s] of Object.entries(run.endpoints)) {
		if (s.limitPerSec === null) continue;
		if (limitBound(s)) {
			const floor = 0.8 * s.limitPerSec;
			out.push({
				name: `${key}: rate ≥ 0.8 × limit while queued`,
				ok: s.acceptedPerSec >= floor,
				detail: `${s.acceptedPerSec}/s taken by DSCO over ${s.busySeconds} s (≥ ${round(floor)}/s wanted)`,
			});
		}
		// Above the limit only by what DSCO refused (each refusal is a retry the account paid for).
		const ceiling = s.limitPerSec + s.http429 / s.busySeconds;
		out.push({
			name: `${key}: rate ≤ limit + retries`,
			ok: s.ratePerSec <= round(ceiling) + 0.01,
			detail: `${s.ratePerSec}/s offered, limit ${s.limitPerSec}/s + ${round(s.http429 / s.busySeconds)}/s refused (${s.http429} × 429)`,
		});
	}
	return out;
}
