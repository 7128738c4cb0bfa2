/**
 * (a) Soak and property tests of the DSCO Trigger against the simulator, through n8n-core's PollContext with static
 * data persisted and reloaded like n8n does (TriggerProcess in harness.ts): orders keep arriving while DSCO answers
 * 5xx and 429, tokens expire, and n8n restarts — including a crash between emitting items and confirming their
 * position. The emitted set must equal the created set, with no duplicates.
 * (d) The same for date-window mode, where its design allows (see TRIGGER-README-SECTION.md for what it cannot
 * guarantee). Date-window mode needs DSCO's clock to move (`until` must be ≥ 5 s in the past), so those tests fake
 * Date (timers stay real) and move it forward between polls, for the simulator and the node alike.
 * Both schedules include future-dated orders (dscoCreateDate a minute to a year ahead of their arrival: a skewed DSCO
 * clock, bad data): they must be delivered once, and must not move date-window mode's watermark past the search.
 * The soak runs for New Return too (returns the retailer creates, read from the `returns` stream or /return/page),
 * without future-dated records: the simulator dates returns by its clock.
 */
import fc from 'fast-check';

import { fakeDate } from './fakeDate';
import { TriggerProcess, type PollOutcome } from './harness';
import { simHarness, type SimHarness } from './simHarness';

type Mode = 'stream' | 'dateWindow';

/** Time between polls as DSCO sees it: enough for date-window mode's `until` (now − 10 s) to pass new orders. */
const POLL_GAP_MS = 11_000;
/** In date-window mode, orders arrive in two bursts this far apart, so that a search must cover the whole gap. */
const ARRIVAL_SPREAD_MS = 5_000;

afterEach(() => {
	jest.useRealTimers();
});

interface Tally {
	created: string[];
	/** Of `created`: orders dated in the future. */
	futureDated: number;
	polls: number;
	pollErrors: number;
	restarts: number;
	/** Why polls failed (distinct messages, counted). */
	errorReasons?: Map<string, number>;
}

/** What a soak creates and counts: orders (New Order) or returns (New Return). */
interface Subject {
	event: 'newOrder' | 'newReturn';
	idField: 'dscoOrderId' | 'dscoReturnId';
	/** Creates `n` records (dated `skewMs` ahead when given) and returns their ids. */
	create(s: SimHarness, n: number, skewMs?: number): string[];
	/** Whether the simulator can date this record in the future. */
	futureDated: boolean;
}

const NEW_ORDER: Subject = {
	event: 'newOrder',
	idField: 'dscoOrderId',
	create: (s, n, skewMs) =>
		s.sim
			.createOrders(n, skewMs ? { createDateSkewMs: skewMs } : undefined)
			.map((o) => o.dscoOrderId),
	futureDated: true,
};

const NEW_RETURN: Subject = {
	event: 'newReturn',
	idField: 'dscoReturnId',
	create: (s, n) => (n > 0 ? s.sim.createReturns(n).map((r) => r.dscoReturnId) : []),
	futureDated: false,
};

function summarize(subject: Subject, s: SimHarness, t: TriggerProcess, tally: Tally) {
	const emitted = t.delivered.map((i) => String(i.json[subject.idField]));
	const unique = new Set(emitted);
	const statuses = s.sim.requests.map((r) => r.status);
	const count = (pred: (status: number) => boolean) => statuses.filter(pred).length;
	const faults = {
		'5xx': count((x) => x >= 500),
		'429': count((x) => x === 429),
		'401': count((x) => x === 401),
		dropped: count((x) => x === 0),
	};
	const result = {
		created: tally.created.length,
		futureDated: tally.futureDated,
		emitted: emitted.length,
		duplicates: emitted.length - unique.size,
		lost: tally.created.filter((id) => !unique.has(id)).length,
		unexpected: [...unique].filter((id) => !tally.created.includes(id)).length,
		faults,
		faultsInjected: faults['5xx'] + faults['429'] + faults['401'] + faults.dropped,
		restarts: t.restarts,
		polls: tally.polls,
		pollErrors: tally.pollErrors,
		errorReasons: [...(tally.errorReasons ?? new Map<string, number>()).entries()].map(
			([m, n]) => `${n}× ${m}`,
		),
		requests: s.sim.requests.length,
	};
	return result;
}

function resultLine(label: string, r: ReturnType<typeof summarize>) {
	return (
		`${label}: created ${r.created}${r.futureDated ? ` (${r.futureDated} dated in the future)` : ''}, emitted ${r.emitted}, duplicates ${r.duplicates}, lost ${r.lost}, ` +
		`faults injected ${r.faultsInjected} (5xx ${r.faults['5xx']}, 429 ${r.faults['429']}, 401 token expiry ${r.faults['401']}, dropped ${r.faults.dropped}), ` +
		`restarts ${r.restarts}, polls ${r.polls} (${r.pollErrors} failed and retried by the next poll), DSCO requests ${r.requests}` +
		(r.errorReasons.length ? `\n  failed polls: ${r.errorReasons.join('; ')}` : '')
	);
}

async function poll(
	t: TriggerProcess,
	tally: Tally,
	mode: Mode,
	opts?: { crashBeforeHandOff?: boolean },
): Promise<PollOutcome> {
	if (mode === 'dateWindow') jest.setSystemTime(Date.now() + POLL_GAP_MS);
	tally.polls++;
	const outcome = await t.poll(opts);
	if (outcome.error) {
		tally.pollErrors++;
		const reason = outcome.error.message.replace(/\d{2,}/g, 'N').slice(0, 160);
		tally.errorReasons ??= new Map();
		tally.errorReasons.set(reason, (tally.errorReasons.get(reason) ?? 0) + 1);
	}
	return outcome;
}

/** Polls until the activation succeeded (faults may fail it; n8n retries an activation that failed). */
async function activate(t: TriggerProcess, tally: Tally, mode: Mode) {
	for (let i = 0; i < 50; i++) {
		const outcome = await poll(t, tally, mode);
		if (!outcome.error) return;
	}
	throw new Error('activation never succeeded');
}

/** Polls until two polls in a row deliver nothing. */
async function drain(t: TriggerProcess, tally: Tally, mode: Mode) {
	let quiet = 0;
	for (let i = 0; i < 400 && quiet < 2; i++) {
		const outcome = await poll(t, tally, mode);
		quiet = outcome.items || outcome.error ? 0 : quiet + 1;
	}
}

describe.each<[string, Mode, Subject]>([
	['New Order', 'stream', NEW_ORDER],
	['New Order', 'dateWindow', NEW_ORDER],
	['New Return', 'stream', NEW_RETURN],
	['New Return', 'dateWindow', NEW_RETURN],
])('(a) soak, %s, %s mode', (label, mode, subject) => {
	it('1,000 records over 100 polls with 10 % 5xx, 5 % 429, token expiry and 3 restarts (one between emit and commit): emitted = created, no duplicates', async () => {
		if (mode === 'dateWindow') fakeDate();
		const s = await simHarness({ orders: 3, seed: 11 });
		try {
			const t = new TriggerProcess(s.h, {
				event: subject.event,
				mode,
				options: { maxEventsPerPoll: 100 },
				requestOptions: { maxRetryWaitSeconds: 1 },
			});
			const tally: Tally = { created: [], futureDated: 0, polls: 0, pollErrors: 0, restarts: 0 };
			s.sim.setFaults({ rate5xx: 0.1, rate429: 0.05 });
			await activate(t, tally, mode);
			let crashedBetweenEmitAndCommit = false;
			for (let i = 1; i <= 100; i++) {
				// Records arrive in two bursts; every 10th poll, one order of the 10 is dated in the future (a day, then a
				// year ahead).
				tally.created.push(...subject.create(s, 5));
				if (mode === 'dateWindow') jest.setSystemTime(Date.now() + ARRIVAL_SPREAD_MS);
				const future = subject.futureDated && i % 10 === 3 ? 1 : 0;
				tally.created.push(...subject.create(s, 5 - future));
				if (future) {
					const skew = i % 20 === 3 ? 86_400_000 : 365 * 86_400_000;
					tally.created.push(...subject.create(s, future, skew));
					tally.futureDated += future;
				}
				if (i % 30 === 15) s.sim.expireTokens();
				const outcome = await poll(t, tally, mode);
				if (i === 35 || i === 70) t.restart();
				if (i >= 50 && !crashedBetweenEmitAndCommit && outcome.items) {
					// n8n took the items and saved the static data (pending position), then died before the next poll
					// could confirm the position to DSCO.
					t.restart();
					crashedBetweenEmitAndCommit = true;
				}
			}
			await drain(t, tally, mode);
			const r = summarize(subject, s, t, tally);
			console.log(resultLine(`soak, ${label} (${mode} mode)`, r));
			expect(crashedBetweenEmitAndCommit).toBe(true);
			expect(r.restarts).toBe(3);
			expect(r.faults['5xx']).toBeGreaterThan(0);
			expect(r.faults['429']).toBeGreaterThan(0);
			expect(r.faults['401']).toBeGreaterThan(0);
			expect(r.futureDated).toBe(subject.futureDated ? 10 : 0);
			expect({
				created: r.created,
				emitted: r.emitted,
				duplicates: r.duplicates,
				lost: r.lost,
				unexpected: r.unexpected,
			}).toEqual({
				created: 1000,
				emitted: 1000,
				duplicates: 0,
				lost: 0,
				unexpected: 0,
			});
		} finally {
			await s.sim.close();
		}
	}, 300_000);
});

type Action = 'none' | 'restart' | 'crashBeforeHandOff' | 'expireTokens' | 'reactivate';

interface Scenario {
	simSeed: number;
	rate5xx: number;
	rate429: number;
	dropRate: number;
	maxRetries: number;
	maxEventsPerPoll: number;
	durableCursors: boolean;
	steps: Array<{ arrivals: number; futureDated: number; skewMs: number; action: Action }>;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
	simSeed: fc.integer({ min: 1, max: 1_000_000 }),
	rate5xx: fc.double({ min: 0, max: 0.35, noNaN: true }),
	rate429: fc.double({ min: 0, max: 0.25, noNaN: true }),
	dropRate: fc.double({ min: 0, max: 0.1, noNaN: true }),
	// Mostly no retries inside a poll: faults then fail polls at every point, and the next poll must recover.
	maxRetries: fc.constantFrom(0, 0, 0, 1),
	maxEventsPerPoll: fc.integer({ min: 1, max: 8 }),
	durableCursors: fc.boolean(),
	steps: fc.array(
		fc.record({
			arrivals: fc.integer({ min: 0, max: 6 }),
			futureDated: fc.constantFrom(0, 0, 0, 1, 2),
			skewMs: fc.constantFrom(60_000, 3_600_000, 86_400_000, 365 * 86_400_000),
			action: fc.constantFrom<Action>(
				'none',
				'none',
				'none',
				'restart',
				'crashBeforeHandOff',
				'expireTokens',
				'reactivate',
			),
		}),
		{ minLength: 1, maxLength: 12 },
	),
});

async function runScenario(subject: Subject, mode: Mode, sc: Scenario) {
	if (mode === 'dateWindow') fakeDate();
	const s = await simHarness({ orders: 2, seed: sc.simSeed });
	try {
		const t = new TriggerProcess(
			s.h,
			{
				event: subject.event,
				mode,
				options: { maxEventsPerPoll: sc.maxEventsPerPoll },
				requestOptions: { maxRetries: sc.maxRetries, maxRetryWaitSeconds: 1 },
			},
			{ durableCursors: sc.durableCursors },
		);
		const tally: Tally = { created: [], futureDated: 0, polls: 0, pollErrors: 0, restarts: 0 };
		s.sim.setFaults({ rate5xx: sc.rate5xx, rate429: sc.rate429, dropRate: sc.dropRate });
		await activate(t, tally, mode);
		for (const step of sc.steps) {
			tally.created.push(...subject.create(s, Math.ceil(step.arrivals / 2)));
			if (mode === 'dateWindow') jest.setSystemTime(Date.now() + ARRIVAL_SPREAD_MS);
			tally.created.push(...subject.create(s, Math.floor(step.arrivals / 2)));
			if (step.futureDated && subject.futureDated) {
				tally.created.push(...subject.create(s, step.futureDated, step.skewMs));
				tally.futureDated += step.futureDated;
			}
			if (step.action === 'expireTokens') s.sim.expireTokens();
			await poll(t, tally, mode, { crashBeforeHandOff: step.action === 'crashBeforeHandOff' });
			if (step.action === 'restart') t.restart();
			if (step.action === 'reactivate') t.reactivate();
		}
		s.sim.setFaults({ rate5xx: 0, rate429: 0, dropRate: 0 });
		await drain(t, tally, mode);
		return summarize(subject, s, t, tally);
	} finally {
		await s.sim.close();
		jest.useRealTimers();
	}
}

describe.each<[string, Mode, Subject]>([
	['New Order', 'stream', NEW_ORDER],
	['New Order', 'dateWindow', NEW_ORDER],
	['New Return', 'stream', NEW_RETURN],
	['New Return', 'dateWindow', NEW_RETURN],
])('(a) property: any fault schedule, %s, %s mode', (label, mode, subject) => {
	it('never loses or repeats a record (fast-check over faults, restarts, crashes before the hand-off, token expiry, caps)', async () => {
		const seed = process.env.FC_SEED
			? Number(process.env.FC_SEED)
			: Math.floor(Math.random() * 2 ** 31);
		const numRuns = Number(process.env.FC_RUNS ?? 40);
		let runs = 0;
		let faults = 0;
		let orders = 0;
		let futureDated = 0;
		try {
			await fc.assert(
				fc.asyncProperty(scenarioArb, async (sc) => {
					const r = await runScenario(subject, mode, sc);
					runs++;
					faults += r.faultsInjected;
					orders += r.created;
					futureDated += r.futureDated;
					if (r.duplicates !== 0 || r.lost !== 0 || r.unexpected !== 0 || r.emitted !== r.created) {
						throw new Error(resultLine('scenario', r));
					}
				}),
				{ seed, numRuns },
			);
		} catch (error) {
			throw new Error(
				`property failed with seed ${seed} (rerun: FC_SEED=${seed} npx jest ${__filename})\n${(error as Error).message}`,
			);
		}
		console.log(
			`property, ${label} (${mode} mode): seed ${seed}, ${runs} fault schedules, ${orders} ${subject.event === 'newOrder' ? 'orders' : 'returns'}${subject.futureDated ? ` (${futureDated} dated in the future)` : ''}, ${faults} faults injected: none lost or repeated`,
		);
	}, 600_000);
});
