/**
 * Pacing (nodes/Dsco/transport/pacing.ts) on a virtual clock: the documented windows counted with calls in flight,
 * the adaptive rate (cut on a 429, regained slowly), Retry-After, turn-taking; then several n8n processes — each with
 * its own Pacing, as separate processes have — sharing one DSCO account whose limits are the simulator's own rate
 * limiter (test/simulator/rateLimit.ts). No wall-clock time anywhere.
 */
import {
	EPISODE_GAP_MS,
	EndpointPacer,
	INCREASE_SHARE_PER_SECOND,
	MIN_RATE_PER_SECOND,
	Pacing,
	SAFETY_MS,
	documentedLimit,
	type Permit,
	type ThrottleNote,
} from '../../nodes/Dsco/transport/pacing';
import { LIMITS } from '../simulator/rateLimit';
import { busiestWindow, simulate, type Scenario } from './pacingSim';
import { VirtualClock } from './virtualClock';

const singleItemWindows = documentedLimit('POST', '/inventory/singleItem')!;

/** One call through `pacer`: granted, answered `latency` ms later with `status`. */
async function call(clock: VirtualClock, pacer: EndpointPacer, status: number, latency = 10, retryAfterMs?: number) {
	const permit = await pacer.acquire(clock.sleep);
	const grantedAt = clock.now();
	await clock.sleep(latency);
	const note = permit.release({ status, retryAfterMs });
	return { grantedAt, note };
}

describe('one pacer (one endpoint, one process)', () => {
	it('lets the documented burst through, then keeps every window, counted from the answers', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(documentedLimit('GET', '/order/page')!, clock.now);
		const granted: number[] = [];
		let done = 0;
		for (let k = 0; k < 600; k++) {
			void call(clock, pacer, 200, 30).then((r) => (granted.push(r.grantedAt), done++));
		}
		await clock.run(() => done === 600);
		expect(granted.slice(0, 10)).toEqual(Array(10).fill(0));
		// The 11th waits a second (and the safety room) after the 1st call's answer, not after its start.
		expect(granted[10]).toBe(30 + 1000 + SAFETY_MS);
		expect(busiestWindow(granted, 1000)).toBe(10);
		expect(busiestWindow(granted, 60_000)).toBe(500);
	});

	it('counts a call in flight in every window until its answer, however late n8n sends it', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(singleItemWindows, clock.now);
		const granted: number[] = [];
		const permits: Permit[] = [];
		for (let k = 0; k < 7; k++) void pacer.acquire(clock.sleep).then((p) => (granted.push(clock.now()), permits.push(p)));
		// The first five are held for 3 s (say, while tokens are fetched): no other call goes meanwhile.
		void clock.sleep(3000).then(() => permits.splice(0, 5).forEach((p) => p.release({ status: 201 })));
		await clock.run(() => granted.length === 7);
		expect(granted).toEqual([0, 0, 0, 0, 0, 4000 + SAFETY_MS, 4000 + SAFETY_MS]);
	});

	it('on a 429 cuts the rate by half its share of the window, once per round, and makes the next call wait', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(documentedLimit('GET', '/order/page')!, clock.now);
		const results: Array<{ grantedAt: number; note?: ThrottleNote }> = [];
		// Five at once: three accepted at 10 ms, then two refused, at 20 and 30 ms.
		for (const [status, latency] of [[200, 10], [200, 10], [200, 10], [429, 20], [429, 30]]) {
			void call(clock, pacer, status, latency).then((r) => results.push(r));
		}
		await clock.run(() => results.length === 5);
		const [first, second] = results.slice(3).map((r) => r.note!);
		// This process had 3 of the 10 calls of DSCO's last second: rate × (1 − 0.3 / 2).
		expect(first).toEqual({ newEpisode: true, episode429s: 1, ratePerSecond: 8.5, limitPerSecond: 10 });
		// The second 429 belongs to a call let through before that decrease: same round, no second cut.
		expect(second).toEqual({ newEpisode: false, episode429s: 2, ratePerSecond: 8.5, limitPerSecond: 10 });
		// The bucket was emptied at the decrease: the next call goes one interval at the new rate after it.
		const next = await Promise.all([call(clock, pacer, 200, 0), clock.run(() => false)]);
		expect(next[0].grantedAt).toBeCloseTo(20 + 1000 / 8.5, 6);
	});

	it('regains the documented limit by a small step per accepted call: the limit × INCREASE_SHARE_PER_SECOND a second', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(singleItemWindows, clock.now);
		let cut: ThrottleNote | undefined;
		void call(clock, pacer, 429, 10).then((r) => (cut = r.note));
		await clock.run(() => cut !== undefined);
		// Nothing accepted in the last second: the smallest cut (× 0.9).
		expect(cut!.ratePerSecond).toBe(4.5);
		const from = clock.now();
		let calls = 0;
		const climb = async () => {
			while (pacer.ratePerSecond < 5) {
				await call(clock, pacer, 201, 10);
				calls++;
			}
		};
		let climbed = false;
		void climb().then(() => (climbed = true));
		await clock.run(() => climbed);
		const seconds = (clock.now() - from) / 1000;
		const expected = 0.5 / (5 * INCREASE_SHARE_PER_SECOND);
		expect(seconds).toBeGreaterThan(expected * 0.9);
		expect(seconds).toBeLessThan(expected * 1.1);
		expect(calls).toBeGreaterThan(30);
		expect(pacer.ratePerSecond).toBe(5);
	});

	it('never goes below the floor, and still lets a call through at it', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(singleItemWindows, clock.now);
		const granted: number[] = [];
		const refuseAll = async () => {
			for (let k = 0; k < 40; k++) granted.push((await call(clock, pacer, 429, 10)).grantedAt);
		};
		let done = false;
		void refuseAll().then(() => (done = true));
		await clock.run(() => done);
		expect(pacer.ratePerSecond).toBe(MIN_RATE_PER_SECOND);
		// At the floor, one call every 1 / 0.2 s (from each cut's answer, 10 ms after the call).
		expect(granted[39] - granted[38]).toBeCloseTo(10 + 1000 / MIN_RATE_PER_SECOND, 6);
	});

	it("pauses for Retry-After, also a caller that was already asleep when the 429 came", async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(singleItemWindows, clock.now);
		// Five go at once and hold the window; a sixth sleeps until a second after their answers (10 ms).
		const first = [0, 1, 2, 3].map(() => call(clock, pacer, 201, 10));
		const refused = call(clock, pacer, 429, 500, 3000);
		let sixth = -1;
		void call(clock, pacer, 201, 10).then((r) => (sixth = r.grantedAt));
		await clock.run(() => sixth >= 0);
		await Promise.all([...first, refused]);
		// Without the 429 it would have gone at 1035; DSCO asked for 3 s from the answer at 500.
		expect(sixth).toBe(3500);
	});

	it('takes turns in arrival order, and a cancelled caller passes its turn on', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(singleItemWindows, clock.now);
		const order: string[] = [];
		for (let k = 0; k < 5; k++) void call(clock, pacer, 201, 10);
		const cancelled = pacer
			.acquire(() => Promise.reject(new Error('Execution was cancelled')))
			.then(() => 'granted', (e: Error) => e.message);
		for (const name of ['a', 'b', 'c']) void pacer.acquire(clock.sleep).then((p) => (order.push(name), p.release({ status: 201 })));
		await clock.run(() => order.length === 3);
		expect(await cancelled).toBe('Execution was cancelled');
		expect(order).toEqual(['a', 'b', 'c']);
	});

	it('groups 429s into episodes: one more than a minute after the last starts a new one', async () => {
		const clock = new VirtualClock();
		const pacing = new Pacing(clock.now);
		const notes: Array<ThrottleNote | undefined> = [];
		const refuse = async (path: string) => notes.push((await pacing.acquire('acct', 'POST', path, clock.sleep)).release({ status: 429 }));
		let done = false;
		void (async () => {
			await refuse('/inventory/singleItem');
			await refuse('/inventory/singleItem');
			await clock.sleep(EPISODE_GAP_MS + 1);
			await refuse('/inventory/singleItem');
			// Endpoints without documented limits are not paced, but their 429s are grouped the same way.
			await refuse('/inventory/batch/small');
			await refuse('/inventory/batch/small');
			done = true;
		})();
		await clock.run(() => done);
		expect(notes.map((n) => [n?.newEpisode, n?.episode429s, n?.ratePerSecond === undefined])).toEqual([
			[true, 1, false],
			[false, 2, false],
			[true, 1, false],
			[true, 1, true],
			[false, 2, true],
		]);
	});
});

describe('several processes on one account (virtual clock; DSCO windows from the simulator)', () => {
	const singleItem = { method: 'POST', path: '/inventory/singleItem', limit: LIMITS.inventorySingleItem };
	const orderPage = { method: 'GET', path: '/order/page', limit: LIMITS.orderGet };
	/** Today's pacing before this change: each process at the documented limit, whatever DSCO answers. */
	const perProcess = { minDecreaseFactor: 1, maxDecreaseFactor: 1, increaseSharePerSecond: 0, minRatePerSecond: 0 };

	const cases: Array<[string, Scenario, number]> = [
		['2 workers × concurrency 5, singleItem (5/s)', { ...singleItem, processes: [{ concurrency: 5, items: 600 }, { concurrency: 5, items: 600 }] }, 0.1],
		['3 workers × concurrency 5, singleItem (5/s)', { ...singleItem, processes: [{ concurrency: 5, items: 400 }, { concurrency: 5, items: 400 }, { concurrency: 5, items: 400 }] }, 0.25],
		['2 workers, the 2nd joining 30 s late, singleItem', { ...singleItem, processes: [{ concurrency: 5, items: 700 }, { concurrency: 5, items: 500, startAt: 30_000 }] }, 0.1],
		['2 workers × concurrency 5, /order/page (10/s, 500/min)', { ...orderPage, processes: [{ concurrency: 5, items: 1500 }, { concurrency: 5, items: 1500 }] }, 0.1],
		['3 workers × concurrency 2, /order/page (10/s, 500/min)', { ...orderPage, processes: [{ concurrency: 2, items: 1000 }, { concurrency: 2, items: 1000 }, { concurrency: 2, items: 1000 }] }, 0.15],
	];

	it.each(cases)('%s: together ≥ 0.8 × the limit, 429s bounded, every process its fair share', async (name, scenario, max429Share) => {
		for (const seed of [1, 2, 3]) {
			const r = await simulate({ ...scenario, seed });
			const today = await simulate({ ...scenario, seed, adaptive: perProcess });
			const line = (x: typeof r) =>
				`${(x.aggregatePerSecond / x.limitPerSecond).toFixed(2)} × limit, ${x.http429} 429s for ${x.accepted} accepted, shares ${x.shares.map((s) => s.toFixed(2)).join('/')}`;
			// eslint-disable-next-line no-console
			console.log(`${name}, seed ${seed}: adaptive ${line(r)}; per-process pacing ${line(today)}`);
			expect(r.aggregatePerSecond).toBeGreaterThanOrEqual(0.8 * r.limitPerSecond);
			expect(r.http429).toBeLessThanOrEqual(max429Share * r.accepted);
			// Per-process pacing at the documented limit draws several times more 429s (about one per accepted call).
			expect(r.http429 * 4).toBeLessThan(today.http429);
			for (const share of r.shares) expect(share).toBeGreaterThanOrEqual(0.75 / scenario.processes.length);
			// DSCO's windows, per account: the model refuses what goes beyond, so what it accepted stays within them.
			expect(r.busiestSecond).toBeLessThanOrEqual(scenario.limit.perSecond);
			expect(r.busiestMinute).toBeLessThanOrEqual(scenario.limit.perMinute);
		}
	});

	it('one worker at concurrency 10 never draws a 429 and keeps ≥ 0.9 × the limit', async () => {
		const r = await simulate({ ...singleItem, processes: [{ concurrency: 10, items: 600 }] });
		expect(r.http429).toBe(0);
		expect(r.aggregatePerSecond).toBeGreaterThanOrEqual(0.9 * r.limitPerSecond);
	});
});
