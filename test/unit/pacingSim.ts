/**
 * Several n8n processes sharing one DSCO account, on a virtual clock: each process has its own Pacing (as separate
 * processes have), and DSCO's per-account windows are the simulator's own rate limiter (test/simulator/rateLimit.ts).
 */
import { Pacing, type AdaptiveRate } from '../../nodes/Dsco/transport/pacing';
import { SimClock } from '../simulator/clock';
import { RateLimiter, type RateLimit } from '../simulator/rateLimit';
import { VirtualClock } from './virtualClock';

/** The most arrivals within any window (t − ms, t] ending at an arrival. */
export function busiestWindow(times: number[], ms: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	let j = 0;
	for (let k = 0; k < sorted.length; k++) {
		while (sorted[k] - sorted[j] >= ms) j++;
		most = Math.max(most, k - j + 1);
	}
	return most;
}

/** A small deterministic generator (latencies), so that runs repeat exactly. */
export function lcg(seed: number) {
	let x = seed >>> 0;
	return () => {
		x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
		return x / 2 ** 32;
	};
}

interface SimProcess {
	name: string;
	pacing: Pacing;
	concurrency: number;
	startAt: number;
	items: number;
	remaining: number;
	accepted: number[];
	refused: number;
	finishedAt?: number;
}

export interface Scenario {
	method: string;
	path: string;
	limit: RateLimit;
	/**
	 * Per process: how many calls it makes at once (one execution sends its items one at a time, so a process running one
	 * execution has 1), its items, when it starts (ms after the first).
	 */
	processes: Array<{ concurrency: number; items: number; startAt?: number }>;
	seed?: number;
	adaptive?: AdaptiveRate;
	/** One-way latency range to and from DSCO (default 5–45 ms). */
	latencyMs?: [number, number];
}

/**
 * Runs the processes against one account. Each call: wait for the process's pacer, travel 5–45 ms to DSCO, which
 * accepts or answers 429 by the simulator's limiter, travel back 5–45 ms, release; a refused item is sent again.
 */
export async function simulate(s: Scenario) {
	const clock = new VirtualClock(1_000_000);
	const random = lcg(s.seed ?? 7);
	const dsco = new RateLimiter(new SimClock(clock.now), true);
	const key = `${s.method} ${s.path}`;
	const procs: SimProcess[] = s.processes.map((p, k) => ({
		name: `process ${k + 1}`,
		pacing: new Pacing(clock.now, s.adaptive),
		concurrency: p.concurrency,
		startAt: clock.now() + (p.startAt ?? 0),
		items: p.items,
		remaining: p.items,
		accepted: [],
		refused: 0,
	}));
	let running = 0;
	const arrivals: number[] = [];
	const worker = async (proc: SimProcess) => {
		running++;
		await clock.sleep(proc.startAt - clock.now());
		while (proc.remaining > 0) {
			proc.remaining--;
			for (;;) {
				const permit = await proc.pacing.acquire('account-1', s.method, s.path, clock.sleep);
				await clock.sleep(
					s.latencyMs
						? s.latencyMs[0] + random() * (s.latencyMs[1] - s.latencyMs[0])
						: 5 + random() * 40,
				);
				const accepted = dsco.take(key, s.limit);
				const arrivedAt = clock.now();
				arrivals.push(arrivedAt);
				await clock.sleep(
					s.latencyMs
						? s.latencyMs[0] + random() * (s.latencyMs[1] - s.latencyMs[0])
						: 5 + random() * 40,
				);
				permit.release({ status: accepted ? 200 : 429 });
				if (accepted) {
					proc.accepted.push(arrivedAt);
					break;
				}
				proc.refused++;
			}
		}
		proc.finishedAt ??= clock.now();
		running--;
	};
	for (const proc of procs) for (let k = 0; k < proc.concurrency; k++) void worker(proc);
	await clock.run(() => running === 0, clock.now() + 3_600_000);

	// The busy period: while every process has work (from the last start to the first finish).
	const from = Math.max(...procs.map((p) => p.startAt));
	const to = Math.min(...procs.map((p) => p.finishedAt!));
	const inBusy = (t: number) => t >= from && t < to;
	const all = procs.flatMap((p) => p.accepted);
	// The endpoint's busy period as the load test measures it: from its first call to its last, any process.
	const first = Math.min(...arrivals);
	const last = Math.max(...arrivals);
	const sustained = Math.min(s.limit.perSecond, s.limit.perMinute / 60);
	const busyAccepted = all.filter(inBusy).length;
	const result = {
		busySeconds: (to - from) / 1000,
		aggregatePerSecond: busyAccepted / ((to - from) / 1000),
		limitPerSecond: sustained,
		accepted: all.length,
		http429: procs.reduce((n, p) => n + p.refused, 0),
		shares: procs.map((p) => p.accepted.filter(inBusy).length / busyAccepted),
		/** Accepted calls ÷ the endpoint's busy period (first call to last), as bench/lib/queueAnalysis.ts takes it. */
		endpointPerSecond: all.length / ((last - first) / 1000),
		busiestSecond: busiestWindow(all, 1000),
		busiestMinute: busiestWindow(all, 60_000),
		totalSeconds:
			(Math.max(...procs.map((p) => p.finishedAt!)) - Math.min(...procs.map((p) => p.startAt))) /
			1000,
		/** Each process: when it started and finished, and when DSCO accepted each of its calls. */
		processes: procs.map((p) => ({
			startAt: p.startAt,
			finishedAt: p.finishedAt!,
			accepted: p.accepted,
		})),
	};
	return result;
}
