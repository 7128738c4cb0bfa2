/**
 * Pacing (nodes/Dsco/transport/pacing.ts) on a virtual clock: the documented windows counted with calls in flight,
 * the adaptive rate (cut on a 429, regained slowly), Retry-After, turn-taking; then several n8n processes — each with
 * its own Pacing, as separate processes have — sharing one DSCO account whose limits are the simulator's own rate
 * limiter (test/simulator/rateLimit.ts). No wall-clock time anywhere.
 */
import {
	DEFAULT_ADAPTIVE_RATE,
	EPISODE_GAP_MS,
	EndpointPacer,
	INCREASE_SHARE_PER_SECOND,
	MIN_RATE_PER_SECOND,
	PROBE_AFTER_MS,
	PROBE_GROWTH_PER_SECOND,
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
async function call(
	clock: VirtualClock,
	pacer: EndpointPacer,
	status: number,
	latency = 10,
	retryAfterMs?: number,
) {
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
		for (let k = 0; k < 7; k++)
			void pacer.acquire(clock.sleep).then((p) => (granted.push(clock.now()), permits.push(p)));
		// The first five are held for 3 s (say, while tokens are fetched): no other call goes meanwhile.
		void clock
			.sleep(3000)
			.then(() => permits.splice(0, 5).forEach((p) => p.release({ status: 201 })));
		await clock.run(() => granted.length === 7);
		expect(granted).toEqual([0, 0, 0, 0, 0, 4000 + SAFETY_MS, 4000 + SAFETY_MS]);
	});

	it('on a 429 cuts the rate by half its share of the window, once per round, and makes the next call wait', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(documentedLimit('GET', '/order/page')!, clock.now);
		const results: Array<{ grantedAt: number; note?: ThrottleNote }> = [];
		// Five at once: three accepted at 10 ms, then two refused, at 20 and 30 ms.
		for (const [status, latency] of [
			[200, 10],
			[200, 10],
			[200, 10],
			[429, 20],
			[429, 30],
		]) {
			void call(clock, pacer, status, latency).then((r) => results.push(r));
		}
		await clock.run(() => results.length === 5);
		const [first, second] = results.slice(3).map((r) => r.note!);
		// This process had 3 of the 10 calls of DSCO's last second: rate × (1 − 0.3 / 2).
		expect(first).toEqual({
			newEpisode: true,
			episode429s: 1,
			ratePerSecond: 8.5,
			limitPerSecond: 10,
		});
		// The second 429 belongs to a call let through before that decrease: same round, no second cut.
		expect(second).toEqual({
			newEpisode: false,
			episode429s: 2,
			ratePerSecond: 8.5,
			limitPerSecond: 10,
		});
		// The bucket was emptied at the decrease: the next call goes one interval at the new rate after it.
		const next = await Promise.all([call(clock, pacer, 200, 0), clock.run(() => false)]);
		expect(next[0].grantedAt).toBeCloseTo(20 + 1000 / 8.5, 6);
	});

	it('regains the rate by a step per accepted call: the limit × INCREASE_SHARE_PER_SECOND a second at half the window, more with less of it', async () => {
		const clock = new VirtualClock();
		// Without probing (next test), the increase is additive only.
		const pacer = new EndpointPacer(singleItemWindows, clock.now, {
			...DEFAULT_ADAPTIVE_RATE,
			probeAfterMs: 0,
		});
		let cut: ThrottleNote | undefined;
		void call(clock, pacer, 429, 10).then((r) => (cut = r.note));
		await clock.run(() => cut !== undefined);
		// Nothing accepted in the last second: the smallest cut (× 0.9).
		expect(cut!.ratePerSecond).toBe(4.5);
		const rates: number[] = [];
		let done = false;
		void (async () => {
			for (let k = 0; k < 3; k++) {
				await call(clock, pacer, 201, 10);
				rates.push(pacer.ratePerSecond);
			}
			done = true;
		})();
		await clock.run(() => done);
		// Each accepted call adds increase × 2 × (1 − share) / rate, its share being its calls of the last second of 5:
		// at `rate` calls a second and half the window, the limit × INCREASE_SHARE_PER_SECOND a second.
		const increase = 5 * INCREASE_SHARE_PER_SECOND;
		let expected = 4.5;
		for (const [k, rate] of rates.entries()) {
			expected += (increase * 2 * (1 - (k + 1) / 5)) / expected;
			expect(rate).toBeCloseTo(expected, 9);
		}
		expect(rates[2] - rates[1]).toBeLessThan(rates[1] - rates[0]);
	});

	it('probes after PROBE_AFTER_MS without a 429: the rate then also grows by PROBE_GROWTH_PER_SECOND of itself a second', async () => {
		const clock = new VirtualClock();
		const pacer = new EndpointPacer(documentedLimit('GET', '/order/page')!, clock.now);
		const additiveOnly = new EndpointPacer(documentedLimit('GET', '/order/page')!, clock.now, {
			...DEFAULT_ADAPTIVE_RATE,
			probeAfterMs: 0,
		});
		// Five 429s in a row each cut the rate (nothing accepted: × 0.9 each), as when another process held the window.
		const cut = async (p: EndpointPacer) => {
			for (let k = 0; k < 5; k++) await call(clock, p, 429, 10);
		};
		let ready = 0;
		void cut(pacer).then(() => ready++);
		void cut(additiveOnly).then(() => ready++);
		await clock.run(() => ready === 2);
		expect(pacer.ratePerSecond).toBeCloseTo(10 * 0.9 ** 5, 6);
		const lastCut = clock.now();
		// Then DSCO accepts every call: both pacers send as fast as they may, until one regains the limit.
		const rates: Array<[number, number, number]> = [];
		const send = async (p: EndpointPacer) => {
			while (pacer.ratePerSecond < 10) await call(clock, p, 200, 10);
		};
		const sample = async () => {
			while (pacer.ratePerSecond < 10) {
				rates.push([clock.now() - lastCut, pacer.ratePerSecond, additiveOnly.ratePerSecond]);
				await clock.sleep(1000);
			}
		};
		let done = 0;
		for (const run of [send(pacer), send(additiveOnly), sample()]) void run.then(() => done++);
		await clock.run(() => done === 3);
		// Until PROBE_AFTER_MS after the last 429 both grow alike (the limit × INCREASE_SHARE_PER_SECOND a second) …
		const before = rates.filter(([t]) => t < PROBE_AFTER_MS);
		for (const [, probing, additive] of before) expect(probing).toBeCloseTo(additive, 6);
		// … then the probing one grows by about PROBE_GROWTH_PER_SECOND of its rate a second on top of that.
		const [, r1] = rates.find(([t]) => t >= PROBE_AFTER_MS + 2000)!;
		const [, r0] = rates.find(([t]) => t >= PROBE_AFTER_MS + 1000)!;
		expect(r1 - r0).toBeGreaterThan(r0 * PROBE_GROWTH_PER_SECOND * 0.9);
		const regained = clock.now() - lastCut;
		// Additive increase alone needs (10 − 5.9) / 0.15 ≈ 27 s; probing regains the limit well before.
		expect(regained).toBeLessThan(
			((10 - 10 * 0.9 ** 5) / (10 * INCREASE_SHARE_PER_SECOND)) * 1000 * 0.75,
		);
		expect(additiveOnly.ratePerSecond).toBeLessThan(8);
	});

	it('holds this process to its allowance: the rate in whole calls per window, counted when DSCO most likely counted them', async () => {
		const dscoCounted = async (windowAllowance: boolean) => {
			const clock = new VirtualClock();
			const pacer = new EndpointPacer(singleItemWindows, clock.now, {
				...DEFAULT_ADAPTIVE_RATE,
				probeAfterMs: 0,
				windowAllowance,
			});
			// A 429 while this process had 3 of the window's 5 calls: rate 5 × (1 − 0.6 / 2) = 3.5.
			const arrivals: number[] = [];
			let cutTo = 0;
			let done = false;
			void (async () => {
				for (let k = 0; k < 3; k++) await call(clock, pacer, 201, 10);
				await call(clock, pacer, 429, 10);
				cutTo = pacer.ratePerSecond;
				// Then 12 calls (the rate stays under 4 meanwhile), each answered 20 ms after it was let through; DSCO
				// counts each 10 ms after.
				for (let k = 0; k < 12; k++)
					arrivals.push((await call(clock, pacer, 201, 20)).grantedAt + 10);
				done = true;
			})();
			await clock.run(() => done);
			expect(cutTo).toBeCloseTo(3.5, 6);
			expect(pacer.ratePerSecond).toBeLessThan(4);
			return busiestWindow(arrivals, 1000);
		};
		// The allowance: 3 a second (whole calls of 3.5); the token bucket alone put 4 into some seconds of DSCO's count.
		expect(await dscoCounted(true)).toBe(3);
		expect(await dscoCounted(false)).toBeGreaterThanOrEqual(4);
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

	it('pauses for Retry-After, also a caller that was already asleep when the 429 came', async () => {
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
			.then(
				() => 'granted',
				(e: Error) => e.message,
			);
		for (const name of ['a', 'b', 'c'])
			void pacer.acquire(clock.sleep).then((p) => (order.push(name), p.release({ status: 201 })));
		await clock.run(() => order.length === 3);
		expect(await cancelled).toBe('Execution was cancelled');
		expect(order).toEqual(['a', 'b', 'c']);
	});

	it('groups 429s into episodes: one more than a minute after the last starts a new one', async () => {
		const clock = new VirtualClock();
		const pacing = new Pacing(clock.now);
		const notes: Array<ThrottleNote | undefined> = [];
		const refuse = async (path: string) =>
			notes.push(
				(await pacing.acquire('acct', 'POST', path, clock.sleep)).release({ status: 429 }),
			);
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
		expect(
			notes.map((n) => [n?.newEpisode, n?.episode429s, n?.ratePerSecond === undefined]),
		).toEqual([
			[true, 1, false],
			[false, 2, false],
			[true, 1, false],
			[true, 1, true],
			[false, 2, true],
		]);
	});
});

describe('several processes on one account (virtual clock; DSCO windows from the simulator)', () => {
	const singleItem = {
		method: 'POST',
		path: '/inventory/singleItem',
		limit: LIMITS.inventorySingleItem,
	};
	const orderPage = { method: 'GET', path: '/order/page', limit: LIMITS.orderGet };
	/** Per-process pacing (before adaptive pacing): each process at the documented limit, whatever DSCO answers. */
	const perProcess = {
		...DEFAULT_ADAPTIVE_RATE,
		minDecreaseFactor: 1,
		maxDecreaseFactor: 1,
		increaseSharePerSecond: 0,
		minRatePerSecond: 0,
		probeAfterMs: 0,
		windowAllowance: false,
	};
	/** The adaptive rate alone (the first version): no allowance per window, no probing. */
	const rateOnly = { ...DEFAULT_ADAPTIVE_RATE, probeAfterMs: 0, windowAllowance: false };

	const cases: Array<[string, Scenario, number]> = [
		[
			'2 workers × concurrency 5, singleItem (5/s)',
			{
				...singleItem,
				processes: [
					{ concurrency: 5, items: 600 },
					{ concurrency: 5, items: 600 },
				],
			},
			0.1,
		],
		// 5 calls a second split 2 + 2 + 1 at any moment: shares even out over minutes, as the roles rotate.
		[
			'3 workers × concurrency 5, singleItem (5/s)',
			{
				...singleItem,
				processes: [
					{ concurrency: 5, items: 1000 },
					{ concurrency: 5, items: 1000 },
					{ concurrency: 5, items: 1000 },
				],
			},
			0.25,
		],
		[
			'2 workers, the 2nd joining 30 s late, singleItem',
			{
				...singleItem,
				processes: [
					{ concurrency: 5, items: 700 },
					{ concurrency: 5, items: 500, startAt: 30_000 },
				],
			},
			0.1,
		],
		[
			'2 workers × concurrency 5, /order/page (10/s, 500/min)',
			{
				...orderPage,
				processes: [
					{ concurrency: 5, items: 1500 },
					{ concurrency: 5, items: 1500 },
				],
			},
			0.1,
		],
		[
			'3 workers × concurrency 2, /order/page (10/s, 500/min)',
			{
				...orderPage,
				processes: [
					{ concurrency: 2, items: 1000 },
					{ concurrency: 2, items: 1000 },
					{ concurrency: 2, items: 1000 },
				],
			},
			0.15,
		],
	];

	it.each(cases)(
		'%s: together ≥ 0.8 × the limit, 429s bounded, every process its fair share',
		async (name, scenario, max429Share) => {
			for (const seed of [1, 2, 3]) {
				const r = await simulate({ ...scenario, seed });
				const today = await simulate({ ...scenario, seed, adaptive: perProcess });
				const line = (x: typeof r) =>
					`${(x.aggregatePerSecond / x.limitPerSecond).toFixed(2)} × limit, ${x.http429} 429s for ${x.accepted} accepted, shares ${x.shares.map((s) => s.toFixed(2)).join('/')}`;
				// eslint-disable-next-line no-console
				console.log(
					`${name}, seed ${seed}: adaptive ${line(r)}; per-process pacing ${line(today)}`,
				);
				expect(r.aggregatePerSecond).toBeGreaterThanOrEqual(0.8 * r.limitPerSecond);
				expect(r.http429).toBeLessThanOrEqual(max429Share * r.accepted);
				// Per-process pacing at the documented limit draws several times more 429s (about one per accepted call).
				expect(r.http429 * 4).toBeLessThan(today.http429);
				for (const share of r.shares)
					expect(share).toBeGreaterThanOrEqual(0.75 / scenario.processes.length);
				// DSCO's windows, per account: the model refuses what goes beyond, so what it accepted stays within them.
				expect(r.busiestSecond).toBeLessThanOrEqual(scenario.limit.perSecond);
				expect(r.busiestMinute).toBeLessThanOrEqual(scenario.limit.perMinute);
			}
		},
	);

	/**
	 * The load test's shape (bench/queue-load.ts): each worker runs one execution that sends its items one at a time,
	 * and the rate is taken over the endpoint's busy period, from its first call to its last (bench/lib/queueAnalysis.ts).
	 * One-way latencies of 10–60 ms, as on a busy machine.
	 */
	const oneAtATime = (items: Array<{ items: number; startAt?: number }>): Scenario => ({
		...singleItem,
		latencyMs: [10, 60],
		processes: items.map((p) => ({ concurrency: 1, ...p })),
	});
	const oneAtATimeCases: Array<[string, Scenario]> = [
		['2 workers, 1,000 SKUs each, one at a time', oneAtATime([{ items: 1000 }, { items: 1000 }])],
		[
			'2 workers, the 2nd starting 20 s late',
			oneAtATime([{ items: 1000 }, { items: 1000, startAt: 20_000 }]),
		],
		[
			'2 workers, the 2nd leaving mid-run (500 SKUs)',
			oneAtATime([{ items: 1000 }, { items: 500 }]),
		],
	];

	it.each(oneAtATimeCases)(
		'%s: ≥ 0.85 × the limit from first call to last, few 429s, fair shares',
		async (name, scenario) => {
			for (const seed of [1, 2, 3]) {
				const r = await simulate({ ...scenario, seed });
				const before = await simulate({ ...scenario, seed, adaptive: rateOnly });
				const line = (x: typeof r) =>
					`${(x.endpointPerSecond / x.limitPerSecond).toFixed(2)} × limit, ${x.http429} 429s for ${x.accepted} accepted, shares ${x.shares.map((s) => s.toFixed(2)).join('/')}`;
				// eslint-disable-next-line no-console
				console.log(
					`${name}, seed ${seed}: adaptive ${line(r)}; rate only (no allowance, no probing) ${line(before)}`,
				);
				expect(r.endpointPerSecond).toBeGreaterThanOrEqual(0.85 * r.limitPerSecond);
				expect(r.endpointPerSecond).toBeGreaterThan(before.endpointPerSecond);
				expect(r.http429).toBeLessThanOrEqual(0.06 * r.accepted);
				for (const share of r.shares)
					expect(share).toBeGreaterThanOrEqual(0.75 / scenario.processes.length);
				expect(r.busiestSecond).toBeLessThanOrEqual(scenario.limit.perSecond);
				expect(r.busiestMinute).toBeLessThanOrEqual(scenario.limit.perMinute);
			}
		},
	);

	it('a worker left alone regains the limit sooner than by additive increase alone', async () => {
		for (const seed of [1, 2, 3]) {
			const r = await simulate({ ...oneAtATime([{ items: 1000 }, { items: 500 }]), seed });
			const before = await simulate({
				...oneAtATime([{ items: 1000 }, { items: 500 }]),
				seed,
				adaptive: rateOnly,
			});
			/** Accepted calls a second of the worker that stays, in the first 30 s after the other left and after them. */
			const alone = (x: typeof r) => {
				const [stays, leaves] = x.processes;
				const mid = leaves.finishedAt + 30_000;
				const between = (a: number, b: number) =>
					stays.accepted.filter((t) => t >= a && t < b).length / ((b - a) / 1000);
				return { first30s: between(leaves.finishedAt, mid), then: between(mid, stays.finishedAt) };
			};
			const [now, additive] = [alone(r), alone(before)];
			// eslint-disable-next-line no-console
			console.log(
				`left alone, seed ${seed}: first 30 s ${now.first30s.toFixed(2)}/s (additive increase alone ${additive.first30s.toFixed(2)}/s), then ${now.then.toFixed(2)}/s`,
			);
			expect(now.first30s).toBeGreaterThan(additive.first30s + 0.2);
			// Alone, one call at a time: the documented window counted from answers (note 2) is the ceiling, ~0.9 × here.
			expect(now.then).toBeGreaterThanOrEqual(0.85 * r.limitPerSecond);
		}
	});

	it('one worker at concurrency 10 never draws a 429 and keeps ≥ 0.9 × the limit', async () => {
		const r = await simulate({ ...singleItem, processes: [{ concurrency: 10, items: 600 }] });
		expect(r.http429).toBe(0);
		expect(r.aggregatePerSecond).toBeGreaterThanOrEqual(0.9 * r.limitPerSecond);
	});
});
