/**
 * Pacing of DSCO calls under DSCO's rate limits, which are per account and per endpoint.
 *
 * Design notes
 *
 * 1. One pacer per (account, endpoint) in this process, shared by every item of an execution and by concurrent
 *    executions. Callers take turns in arrival order, so no execution starves another in the same process.
 *
 * 2. The documented limits (e.g. singleItem: 5 a second, 300 a minute) are hard caps for this process. DSCO counts a
 *    call when it arrives, somewhere between the moment we hand it to n8n's request helper and the moment its answer
 *    comes back; n8n may hold it in between (reading the credential, fetching a token: over a second when several
 *    executions start at once). So a call occupies every window from the moment it is let through until its answer
 *    (in flight, it may arrive at any instant), and then for the window's length after its answer (the latest moment
 *    DSCO can have counted it: DSCO counts a call before it answers, so for an answer read as it arrives, a scroll's
 *    page, that is when its status is in, not its last byte; a page of 1,000 orders takes a while to arrive). A
 *    caller that slept until a window opened looks again when it wakes: answers that came meanwhile may have moved the
 *    window. (Slots computed once, from when calls were let through, let one
 *    process at concurrency 10 put 12 singleItem calls into one second while its first calls waited for tokens:
 *    test/engine/pacingConcurrency.test.ts.)
 *
 * 3. Several n8n processes (queue mode: a main and workers) share one account, and nothing coordinates them: no
 *    shared store is assumed and none is added. Each process listens to DSCO instead, like TCP's congestion control
 *    (AIMD). It sends at a rate of its own (a token bucket holding one second's worth) that starts at the documented
 *    per-second limit:
 *    - a 429 multiplies the rate by 1 − s/2, where s is this process's share of the shortest window when refused
 *      (between 0.5 for a process that had it all and 0.9 for one that had little), and empties the bucket, so the
 *      next call waits. Once per round: 429s of calls let through before the last decrease do not lower it again;
 *    - every accepted call raises the rate by a little: by INCREASE_SHARE_PER_SECOND of the documented limit per
 *      second for a process with half the window, twice that with none of it, nothing with all of it (additive
 *      increase scaled by 2 × (1 − s)), so that a process DSCO mostly refuses climbs back sooner than those holding
 *      the window;
 *    - after PROBE_AFTER_MS without a 429 the rate also grows by PROBE_GROWTH_PER_SECOND of itself a second
 *      (probing): a process left alone (the other execution ended, or its worker is busy elsewhere) is back at the
 *      limit about 15 s after the last 429 instead of the half minute and more of the additive increase, while
 *      processes that keep meeting 429s rarely probe;
 *    - where the shortest window is the tightest limit (singleItem: 5 a second, 300 a minute), the rate in whole calls
 *      is also this process's allowance in that window: at 2.9/s, at most 2 of its calls in any second, counted when
 *      DSCO most likely counted them (midway between let through and answer; a call in flight counts now). DSCO's
 *      windows slide and count whole calls: two processes at 2.4/s each, evenly spaced, each put 3 calls into most
 *      seconds, 6 > 5, so with the rate alone DSCO refused calls whenever their total neared 4.5/s, and two workers
 *      sending one item at a time settled at 0.81 × the limit. Allowances add up in whole calls, 2 + 3 = 5, and DSCO
 *      refuses a call only when a process grows past its allowance; the one refused drops to the smaller allowance,
 *      so the roles rotate and shares even out over minutes rather than seconds (3 processes: 2 + 2 + 1 at any
 *      moment). Midway rather than from the answer, as note 2 counts the documented limit (which stays the
 *      guarantee): the allowance is a courtesy to the other processes, and counting it from answers would cost every
 *      process a round trip per window. Where a longer window is tighter (orders: 10 a second but 500 a minute),
 *      the rate settles below the per-second limit and whole-call allowances would only make the shares uneven;
 *    - never above the documented limit, never below MIN_RATE_PER_SECOND (a throttled endpoint is still probed);
 *    - a Retry-After on a 429 also pauses the endpoint that long (capped by the caller's Max Wait).
 *    Processes that grow at the same pace and cut in proportion to what they take converge to equal shares (Chiu and
 *    Jain, 1989); cutting more when a process holds more of the window makes a late joiner reach its share sooner,
 *    and cutting less when it holds little keeps the total close to the limit. Plain halving (AIMD with 0.5) stayed
 *    at 0.77 × on singleItem: when the window overflows, both processes are refused and both halve.
 *    Measured on a virtual clock against the simulator's limiter (test/unit/pacing.test.ts, 3 seeds each):
 *    2 workers each sending 1,000 singleItem calls one at a time (the queue-mode load test's shape), from the
 *    endpoint's first call to its last: 0.90–0.91 × the limit together, 429s for 4–6 % of calls, shares 0.45–0.55,
 *    also with the 2nd starting 20 s late or leaving mid-run (the rate alone, without allowance and probing:
 *    0.80–0.83 ×); at concurrency 5, 2 workers 0.94 × (429s for about 6 %), 3 workers 0.94–0.95 × (about 14 %,
 *    shares 0.28–0.38 over 10 minutes); /order/page 0.99–1.00 ×.
 *    The simulator does not count refused calls in its windows; DSCO's document says nothing either way. If DSCO
 *    counted them, each 429 would also take a place in the window: one more reason to keep them few.
 *
 * 4. Nothing here fails a call: the caller decides how long to keep trying (DscoClient.request: Max Total Wait on
 *    Rate Limit) and logs one warning per throttling episode (a 429 after EPISODE_GAP_MS without one), not per call.
 *
 * Time is injected (`now` here, `sleep` from each caller), so that tests run several "processes", each with its own
 * Pacing, on a virtual clock.
 */

export interface Window {
	ms: number;
	max: number;
}

/**
 * Documented limits (dsco-openapi.yaml, per operation). Endpoints absent here are not paced. GET /warehouse/page is
 * documented as "rate-limited" without a figure and GET /tradingpartner with none (both are read once per editor
 * list): they are not paced, and a 429 from them is retried with backoff like any unpaced endpoint's.
 */
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
	'POST /packingslip': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 300 },
	],
	'GET /packingslip': [
		{ ms: 1000, max: 15 },
		{ ms: 60_000, max: 300 },
	],
};

/** Extra room on each window so that clock granularity on either side never tips a call over. */
export const SAFETY_MS = 25;
/** Share of the documented per-second limit the rate regains per second while DSCO accepts calls. */
export const INCREASE_SHARE_PER_SECOND = 0.015;
/** After this long without a 429, the rate also grows by PROBE_GROWTH_PER_SECOND of itself a second (probing). */
export const PROBE_AFTER_MS = 10_000;
export const PROBE_GROWTH_PER_SECOND = 0.1;
/** The rate never goes below this (one call every 5 s). */
export const MIN_RATE_PER_SECOND = 0.2;
/** A 429 this long after the previous one on the same endpoint starts a new throttling episode (one warning). */
export const EPISODE_GAP_MS = 60_000;

/** The adaptive rate's parameters (the defaults above; tests may try others). */
export interface AdaptiveRate {
	/** The decrease factor on a 429 is 1 − share/2, kept within these bounds. */
	minDecreaseFactor: number;
	maxDecreaseFactor: number;
	increaseSharePerSecond: number;
	minRatePerSecond: number;
	/** Probing after a quiet spell (PROBE_AFTER_MS, PROBE_GROWTH_PER_SECOND); 0 = none. */
	probeAfterMs: number;
	probeGrowthPerSecond: number;
	/** Whether the rate in whole calls also caps this process's calls in the shortest window where that window is the
	 * tightest limit (the allowance, see the design notes). */
	windowAllowance: boolean;
}

export const DEFAULT_ADAPTIVE_RATE: AdaptiveRate = {
	minDecreaseFactor: 0.5,
	maxDecreaseFactor: 0.9,
	increaseSharePerSecond: INCREASE_SHARE_PER_SECOND,
	minRatePerSecond: MIN_RATE_PER_SECOND,
	probeAfterMs: PROBE_AFTER_MS,
	probeGrowthPerSecond: PROBE_GROWTH_PER_SECOND,
	windowAllowance: true,
};

/** How a call ended, as far as pacing cares. */
export interface PacingAnswer {
	/** HTTP status of DSCO's answer; undefined when no answer came (connection failure). */
	status?: number;
	/** Retry-After of a 429, already capped by the caller. */
	retryAfterMs?: number;
}

/** What a 429 did to the pacer, for the caller's log line. */
export interface ThrottleNote {
	/** The first 429 of an episode (the caller warns once per episode). */
	newEpisode: boolean;
	/** 429s in this episode so far. */
	episode429s: number;
	/** The rate this process now allows itself, calls per second (undefined: endpoint without documented limits). */
	ratePerSecond?: number;
	/** The documented per-second limit (undefined: endpoint without documented limits). */
	limitPerSecond?: number;
}

/** A call let through: release it exactly once, with DSCO's answer or without one. */
export interface Permit {
	release(answer: PacingAnswer): ThrottleNote | undefined;
}

export type Sleep = (ms: number) => Promise<void>;

/** Groups 429s into episodes: a 429 more than EPISODE_GAP_MS after the previous one starts a new episode. */
class ThrottleEpisodes {
	private last429At = -Infinity;
	private count = 0;

	note(now: number): { newEpisode: boolean; episode429s: number } {
		const newEpisode = now - this.last429At > EPISODE_GAP_MS;
		this.count = newEpisode ? 1 : this.count + 1;
		this.last429At = now;
		return { newEpisode, episode429s: this.count };
	}
}

/** Pacing state of one paced endpoint for one account, in this process. */
export class EndpointPacer {
	readonly limitPerSecond: number;
	/** The shortest documented window: it sets the pace, and the share used on a 429 is taken in it. */
	private readonly shortest: Window;
	private readonly keepMs: number;
	/** Whether the allowance applies: where the shortest window is the tightest limit (see the design notes). */
	private readonly allowanceApplies: boolean;

	/** Answer times of calls that came back, ascending, as long as the longest window needs them. */
	private readonly answered: number[] = [];
	/** When DSCO most likely counted each call that came back (midway between let through and answer), ascending. */
	private readonly arrived: number[] = [];
	/** Answer times of accepted calls within the shortest window (this process's share of it). */
	private readonly accepted: number[] = [];
	private inFlight = 0;

	/** The adaptive rate (calls per second) and its token bucket. */
	private rate: number;
	private tokens: number;
	private refilledAt: number;
	private lastDecreaseAt = -Infinity;
	/** The last 429, or when this pacer was made: probing starts PROBE_AFTER_MS after it. */
	private quietSince: number;
	/** Until when the rate has grown (the last accepted answer or decrease). */
	private grownAt: number;
	private pausedUntil = -Infinity;
	private readonly episodes = new ThrottleEpisodes();

	/** Turn-taking: the caller at the head waits for the pacer, the others wait for the head. */
	private turn: Promise<void> = Promise.resolve();
	private answerWaiters: Array<() => void> = [];

	constructor(
		private readonly windows: Window[],
		private readonly now: () => number,
		private readonly adaptive: AdaptiveRate = DEFAULT_ADAPTIVE_RATE,
	) {
		this.shortest = windows.reduce((a, b) => (b.ms < a.ms ? b : a));
		this.keepMs = Math.max(...windows.map((w) => w.ms));
		this.limitPerSecond = (this.shortest.max * 1000) / this.shortest.ms;
		this.allowanceApplies =
			adaptive.windowAllowance &&
			windows.every((w) => (w.max * 1000) / w.ms >= this.limitPerSecond);
		this.rate = this.limitPerSecond;
		this.tokens = this.capacity();
		this.refilledAt = now();
		this.quietSince = this.refilledAt;
		this.grownAt = this.refilledAt;
	}

	/** The rate this process allows itself now, calls per second. */
	get ratePerSecond(): number {
		return this.rate;
	}

	/** Waits for this caller's turn, then until the pacer lets one call through. */
	async acquire(sleep: Sleep): Promise<Permit> {
		const previous = this.turn;
		let passTurn!: () => void;
		this.turn = new Promise((resolve) => (passTurn = resolve));
		try {
			await previous;
			for (;;) {
				const now = this.now();
				const verdict = this.check(now);
				if (verdict === 'go') return this.letThrough(now);
				if (verdict === 'answer')
					await new Promise<void>((resolve) => this.answerWaiters.push(resolve));
				else await sleep(verdict - now);
			}
		} finally {
			passTurn();
		}
	}

	/** 'go'; or when to look again; or 'answer' when only the answer of a call in flight can make room. */
	private check(now: number): 'go' | 'answer' | number {
		this.refill(now);
		let at = Math.max(now, this.pausedUntil);
		if (this.tokens < 1) at = Math.max(at, now + ((1 - this.tokens) * 1000) / this.rate);
		for (const w of this.windows) {
			const room = w.max - this.inFlight;
			if (room <= 0) return 'answer';
			// The window holds the calls in flight and those answered within it: the answered call that would make one
			// too many leaves it `ms` after its answer.
			const k = this.answered.length - room;
			if (k >= 0) at = Math.max(at, this.answered[k] + w.ms + SAFETY_MS);
		}
		if (this.allowanceApplies) {
			// The allowance: this process's share of the shortest window in whole calls, counted when DSCO most likely
			// counted them (a call in flight counts now). Not a guarantee (that is the loop above), a courtesy to the others.
			const w = this.shortest;
			const allowance = Math.max(1, Math.min(w.max, Math.floor((this.rate * w.ms) / 1000 + 1e-9)));
			const room = allowance - this.inFlight;
			if (room <= 0) return 'answer';
			const k = this.arrived.length - room;
			if (k >= 0) at = Math.max(at, this.arrived[k] + w.ms + SAFETY_MS);
		}
		return at <= now ? 'go' : at;
	}

	private letThrough(grantedAt: number): Permit {
		this.tokens -= 1;
		this.inFlight++;
		let released = false;
		return {
			release: (answer) => {
				if (released) return undefined;
				released = true;
				return this.settle(grantedAt, answer);
			},
		};
	}

	private settle(grantedAt: number, answer: PacingAnswer): ThrottleNote | undefined {
		const now = this.now();
		this.inFlight--;
		insertSorted(this.answered, now);
		while (this.answered.length && this.answered[0] < now - this.keepMs - SAFETY_MS)
			this.answered.shift();
		insertSorted(this.arrived, (grantedAt + now) / 2);
		while (this.arrived.length && this.arrived[0] < now - this.shortest.ms - SAFETY_MS)
			this.arrived.shift();
		const waiters = this.answerWaiters;
		this.answerWaiters = [];
		for (const wake of waiters) wake();
		this.refill(now);
		if (answer.status === 429) return this.throttled(grantedAt, now, answer.retryAfterMs);
		if (answer.status !== undefined) this.acceptedAt(now);
		return undefined;
	}

	private acceptedAt(now: number) {
		insertSorted(this.accepted, now);
		while (this.accepted.length && this.accepted[0] <= now - this.shortest.ms)
			this.accepted.shift();
		// Additive increase: `rate` accepted calls a second, each adding increase / rate, add `increase` a second. Scaled
		// by 2 × (1 − this process's share of the window): a process with little of it grows faster, so that two others
		// filling the window with their allowances (2 + 3) do not starve a third for long.
		const share = Math.min(1, this.accepted.length / this.shortest.max);
		const increase = this.limitPerSecond * this.adaptive.increaseSharePerSecond * 2 * (1 - share);
		// Probing grows with the time DSCO kept accepting (its allowance may let fewer calls through than the rate);
		// time without calls counts for at most two intervals, so an idle process does not bank growth.
		const seconds = Math.min(now - this.grownAt, Math.max(1000, 2000 / this.rate)) / 1000;
		this.grownAt = now;
		const probing =
			this.adaptive.probeAfterMs > 0 && now - this.quietSince >= this.adaptive.probeAfterMs;
		const probe = probing ? this.rate * this.adaptive.probeGrowthPerSecond * seconds : 0;
		this.rate = Math.min(this.limitPerSecond, this.rate + increase / this.rate + probe);
	}

	private throttled(
		grantedAt: number,
		now: number,
		retryAfterMs: number | undefined,
	): ThrottleNote {
		this.quietSince = now;
		// Once per round: a call let through before the last decrease went out at the old rate.
		if (grantedAt >= this.lastDecreaseAt) {
			const mine = this.accepted.filter((t) => t > now - this.shortest.ms).length;
			const share = Math.min(1, mine / this.shortest.max);
			const factor = Math.min(
				this.adaptive.maxDecreaseFactor,
				Math.max(this.adaptive.minDecreaseFactor, 1 - share / 2),
			);
			this.rate = Math.max(this.adaptive.minRatePerSecond, this.rate * factor);
			this.lastDecreaseAt = now;
			this.grownAt = now;
			this.tokens = 0;
		}
		if (retryAfterMs !== undefined && retryAfterMs > 0)
			this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		return {
			...this.episodes.note(now),
			ratePerSecond: this.rate,
			limitPerSecond: this.limitPerSecond,
		};
	}

	/** One second's worth of calls at the current rate, at least one. */
	private capacity(): number {
		return Math.max(1, this.rate);
	}

	private refill(now: number) {
		if (now > this.refilledAt) {
			this.tokens += ((now - this.refilledAt) * this.rate) / 1000;
			this.refilledAt = now;
		}
		this.tokens = Math.min(this.tokens, this.capacity());
	}
}

function insertSorted(list: number[], t: number) {
	let k = list.length;
	while (k > 0 && list[k - 1] > t) k--;
	list.splice(k, 0, t);
}

/** An endpoint without documented limits: not paced, but its 429s are still grouped into episodes for the log. */
class UnpacedEndpoint {
	private readonly episodes = new ThrottleEpisodes();

	constructor(private readonly now: () => number) {}

	permit(): Permit {
		return {
			release: (answer) => (answer.status === 429 ? this.episodes.note(this.now()) : undefined),
		};
	}
}

export function endpointKey(method: string, path: string): string {
	return `${method.toUpperCase()} ${path}`;
}

/** The documented limits, for docs and tests. */
export function documentedLimit(method: string, path: string): Window[] | undefined {
	return LIMITS[endpointKey(method, path)];
}

/**
 * The pacers of one process, one per account and endpoint. The package uses `processPacing`; tests make one per
 * simulated process, with a virtual clock.
 */
export class Pacing {
	private readonly pacers = new Map<string, EndpointPacer>();
	private readonly unpaced = new Map<string, UnpacedEndpoint>();

	constructor(
		private readonly now: () => number = Date.now,
		private readonly adaptive: AdaptiveRate = DEFAULT_ADAPTIVE_RATE,
	) {}

	/** The pacer of an endpoint with documented limits (undefined for the others). */
	pacer(account: string, method: string, path: string): EndpointPacer | undefined {
		const windows = documentedLimit(method, path);
		if (!windows) return undefined;
		const key = `${account} ${endpointKey(method, path)}`;
		let pacer = this.pacers.get(key);
		if (!pacer) {
			pacer = new EndpointPacer(windows, this.now, this.adaptive);
			this.pacers.set(key, pacer);
		}
		return pacer;
	}

	/** Waits until a call may go. `sleep` is the caller's: it may throw when the execution is cancelled. */
	async acquire(account: string, method: string, path: string, sleep: Sleep): Promise<Permit> {
		const pacer = this.pacer(account, method, path);
		if (pacer) return await pacer.acquire(sleep);
		const key = `${account} ${endpointKey(method, path)}`;
		let unpaced = this.unpaced.get(key);
		if (!unpaced) {
			unpaced = new UnpacedEndpoint(this.now);
			this.unpaced.set(key, unpaced);
		}
		return unpaced.permit();
	}
}

/** Marks the error of a call that gave up on DSCO's rate limit (nothing was processed: the item can be sent again). */
export function markRateLimitGiveUp<E extends Error>(error: E): E {
	return Object.assign(error, { dscoRateLimitGiveUp: true });
}

/** Whether a call failed only because DSCO kept refusing it with 429 (see markRateLimitGiveUp). */
export function isRateLimitGiveUp(error: unknown): boolean {
	return (error as { dscoRateLimitGiveUp?: unknown } | undefined)?.dscoRateLimitGiveUp === true;
}

/** This process's pacers. */
export const processPacing = new Pacing();
