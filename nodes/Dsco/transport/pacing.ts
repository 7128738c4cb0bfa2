/**
 * Client-side pacing under DSCO's documented per-endpoint rate limits (requests per second and per minute).
 * Limiters are shared by every request of this process to the same account and endpoint, so all items of an
 * execution (and concurrent executions) stay under the limit together.
 */

interface Window {
	ms: number;
	max: number;
}

/** Documented limits (dsco-openapi.yaml, per operation). Endpoints absent here are not paced. */
const LIMITS: Record<string, Window[]> = {
	'GET /order/': [
		{ ms: 1000, max: 10 },
		{ ms: 60_000, max: 500 },
	],
	'GET /order/page': [
		{ ms: 1000, max: 10 },
		{ ms: 60_000, max: 500 },
	],
	'POST /order/acknowledge': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 1000 },
	],
	'POST /order/acknowledge/items': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 1000 },
	],
	'POST /order/singleShipment': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 300 },
	],
	'GET /inventory': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 300 },
	],
	'POST /inventory/singleItem': [
		{ ms: 1000, max: 5 },
		{ ms: 60_000, max: 300 },
	],
	'GET /invoice': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 1000 },
	],
	'POST /invoice': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 1000 },
	],
};

/**
 * Extra room on each window so that clock granularity on either side never tips a request over. (How late a request
 * really leaves is covered by counting it from its answer: see postpone and DscoClient.request.)
 */
const SAFETY_MS = 25;

export class SlidingWindowLimiter {
	private readonly sent: number[] = [];

	private readonly keep: number;

	constructor(private readonly windows: Window[]) {
		this.keep = Math.max(...windows.map((w) => w.max));
	}

	/** Reserves the next free slot and returns how long to wait before using it. */
	reserve(now: number): number {
		let at = Math.max(now, this.sent.length ? this.sent[this.sent.length - 1] : now);
		for (const w of this.windows) {
			if (this.sent.length >= w.max) {
				const oldestInWindow = this.sent[this.sent.length - w.max];
				at = Math.max(at, oldestInWindow + w.ms + SAFETY_MS);
			}
		}
		this.sent.push(at);
		if (this.sent.length > this.keep) this.sent.splice(0, this.sent.length - this.keep);
		return at - now;
	}

	/**
	 * Moves a reserved slot to a later instant: to when the request's answer came, the latest moment DSCO can have
	 * counted it, so that a request that left late (after a token fetch, or held by n8n's request helper) never lets
	 * the next window open too early.
	 */
	postpone(reservedAt: number, reachedBy: number): void {
		const k = this.sent.lastIndexOf(reservedAt);
		if (k < 0 || reachedBy <= reservedAt) return;
		this.sent[k] = reachedBy;
		this.sent.sort((a, b) => a - b);
	}
}

const limiters = new Map<string, SlidingWindowLimiter>();

export function endpointKey(method: string, path: string): string {
	return `${method.toUpperCase()} ${path}`;
}

/** Milliseconds to wait before sending to this endpoint for this account (0 when unpaced or free). */
export function reserveSlot(account: string, method: string, path: string, now = Date.now()): number {
	const key = endpointKey(method, path);
	const windows = LIMITS[key];
	if (!windows) return 0;
	const limiterKey = `${account} ${key}`;
	let limiter = limiters.get(limiterKey);
	if (!limiter) {
		limiter = new SlidingWindowLimiter(windows);
		limiters.set(limiterKey, limiter);
	}
	return limiter.reserve(now);
}

/** See SlidingWindowLimiter.postpone; `reservedAt` is the `now` given to reserveSlot plus the wait it returned. */
export function postponeSlot(account: string, method: string, path: string, reservedAt: number, reachedBy: number): void {
	limiters.get(`${account} ${endpointKey(method, path)}`)?.postpone(reservedAt, reachedBy);
}

/** The documented limits, for docs and tests. */
export function documentedLimit(method: string, path: string): Window[] | undefined {
	return LIMITS[endpointKey(method, path)];
}
