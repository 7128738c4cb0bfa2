/**
 * `npm run test:queue`: the load test of n8n's queue mode (issue 12). A real n8n 2.41.1 main and 2 workers at
 * concurrency 5 (scripts/queue-stack.js: PostgreSQL, Redis, the package installed on every process) against ONE
 * simulator in this process that enforces DSCO's documented per-account limits across all clients. At the same time:
 * 4 workflows acknowledging 2,000 orders each by DSCO order id, 2 workflows updating 1,000 SKUs each through
 * /inventory/singleItem, 2 workflows paging 5,000 orders each, and the DSCO Trigger active on the main while orders
 * arrive. Then it checks that every item's DSCO result reached the DSCO node's output, that DSCO took no write
 * twice, that the trigger emitted every new order exactly once, and the account's rate per endpoint against the
 * limits (bench/lib/queueAnalysis.ts), and prints the table.
 *
 * Options: --label <name> records the run as `queue.<name>` in bench/results.json and in bench/RESULTS.md (e.g.
 * perProcess, adaptive); --measure-only reports failed assertions without failing (exit 0); --scale <f> runs a
 * fraction of the issue's sizes (a quick try; never with --label); --keep keeps the stack's folder (logs, user
 * folders). DSCO_E2E_TARBALL=<tgz> tests that tarball instead of building and packing the repo.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	startSimulator,
	type Order,
	type RecordedRequest,
	type Simulator,
} from '../test/simulator';
import { Router } from '../test/simulator/router';
import { authRoutes } from '../test/simulator/routes/auth';
import { changeLogRoutes } from '../test/simulator/routes/changeLogs';
import { inventoryRoutes } from '../test/simulator/routes/inventory';
import { invoiceRoutes } from '../test/simulator/routes/invoices';
import { orderRoutes } from '../test/simulator/routes/orders';
import { streamRoutes } from '../test/simulator/routes/streams';
import {
	ended,
	executionRun,
	listExecutions,
	nodeItems,
	ownerSession,
	publishWorkflow,
	runError,
	type ExecutionSummary,
	type RestRequest,
} from '../test/e2e/n8nRest';
import { queueStack, type QueueStack } from '../test/e2e/queueStack';
import { simulatorCredential } from '../test/e2e/runtime';
import { rt } from './lib/n8n';
import {
	acceptedWrites,
	assertions,
	checkOutput,
	checkTrigger,
	duplicateCount,
	endpointStats,
	type OutputCheck,
} from './lib/queueAnalysis';
import { writeQueueResult, renderLabel, type QueueResult } from './lib/queueReport';
import {
	acknowledgeJob,
	DSCO_STEP,
	inventorySingleJob,
	LOAD_CRED,
	orderPagingJob,
	TRIGGER_STEP,
	triggerWorkflow,
	type Job,
} from './lib/queueWorkflows';

const WORKERS = 2;
const CONCURRENCY = 5;

function parseArgs(argv: string[]) {
	const opts = {
		label: '',
		measureOnly: process.env.DSCO_QUEUE_MEASURE_ONLY === '1',
		scale: 1,
		keep: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--label') opts.label = argv[++i] ?? '';
		else if (a === '--measure-only') opts.measureOnly = true;
		else if (a === '--scale') opts.scale = Number(argv[++i]);
		else if (a === '--keep') opts.keep = true;
		else throw new Error(`unknown option ${a} (see the header of bench/queue-load.ts)`);
	}
	if (!(opts.scale > 0 && opts.scale <= 1)) throw new Error('--scale takes a fraction in (0, 1]');
	if (opts.label && opts.scale !== 1)
		throw new Error('--label records results: run the full sizes (no --scale)');
	return opts;
}

function log(msg: string) {
	process.stderr.write(`[queue-load] ${msg}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
	what: string,
	fn: () => Promise<T | undefined> | T | undefined,
	timeoutMs: number,
	stack?: QueueStack,
): Promise<T> {
	const started = Date.now();
	for (;;) {
		const v = await fn();
		if (v !== undefined) return v;
		const dead = stack && Object.values(stack.processes).find((p) => !p.running);
		if (dead) throw new Error(`${dead.name} exited while waiting for ${what}`);
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
		await sleep(2000);
	}
}

/** Build and pack the repo (or take DSCO_E2E_TARBALL). */
async function tarball(): Promise<string> {
	if (process.env.DSCO_E2E_TARBALL) return process.env.DSCO_E2E_TARBALL;
	await rt.buildPackage();
	return rt.packPackage(fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-queue-pack-')));
}

/** "<METHOD> <route path>" of a simulator request (route templates for stream positions), and its documented limit. */
function endpoints() {
	const router = new Router([
		...authRoutes,
		...orderRoutes,
		...inventoryRoutes,
		...invoiceRoutes,
		...changeLogRoutes,
		...streamRoutes,
	]);
	const limits = new Map<string, { perSecond: number; perMinute: number }>();
	const keyOf = (r: RecordedRequest) => {
		const route = router.match(r.method, r.path)?.route;
		if (!route) return undefined;
		const key = `${route.method} ${route.path}`;
		if (route.rateLimit) limits.set(key, route.rateLimit);
		return key;
	};
	return { keyOf, limitOf: (key: string) => limits.get(key) };
}

/** Items per job: the issue's sizes, or `scale` of them. */
function jobSizes(scale: number) {
	const n = (x: number) => Math.max(1, Math.round(x * scale));
	return { acknowledge: n(2000), skus: n(1000), paging: n(5000) };
}

/** The jobs of the issue over the simulator's seeded orders (oldest first) and SKUs. */
function planJobs(sim: Simulator, sizes: ReturnType<typeof jobSizes>): Job[] {
	const orders = sim
		.orders()
		.sort(
			(a, b) =>
				a.dscoCreateDate.localeCompare(b.dscoCreateDate) ||
				a.dscoOrderId.localeCompare(b.dscoOrderId),
		);
	const jobs: Job[] = [];
	for (let k = 0; k < 4; k++) {
		jobs.push(
			acknowledgeJob(
				k + 1,
				orders.slice(k * sizes.acknowledge, (k + 1) * sizes.acknowledge).map((o) => o.dscoOrderId),
			),
		);
	}
	for (let k = 0; k < 2; k++) {
		const skus = Array.from({ length: sizes.skus }, (_, i) => {
			const number = k * sizes.skus + i + 1;
			return { sku: `SIM-SKU-${String(number).padStart(4, '0')}`, quantity: (number % 50) + 1 };
		});
		jobs.push(inventorySingleJob(k + 1, skus));
	}
	for (let k = 0; k < 2; k++) {
		const slice = orders.slice(k * sizes.paging, (k + 1) * sizes.paging);
		const window = {
			since: slice[0].dscoCreateDate,
			until: slice[slice.length - 1].dscoCreateDate,
		};
		// What DSCO returns for the window: created since (inclusive) up to until (inclusive), whatever the slice.
		const inWindow = (o: Order) =>
			o.dscoCreateDate >= window.since && o.dscoCreateDate <= window.until;
		jobs.push(
			orderPagingJob(
				k + 1,
				window,
				orders.filter(inWindow).map((o) => o.dscoOrderId),
			),
		);
	}
	return jobs;
}

/** What the trigger emitted, from its executions' stored run data (each execution read once). */
class TriggerOutputs {
	private readonly read = new Map<string, string[]>();
	constructor(
		private readonly rest: RestRequest,
		private readonly workflowId: string,
	) {}
	async refresh(): Promise<void> {
		for (const e of await listExecutions(this.rest, this.workflowId)) {
			if (!ended(e) || this.read.has(e.id)) continue;
			const items = nodeItems(await executionRun(this.rest, e.id), TRIGGER_STEP) ?? [];
			this.read.set(
				e.id,
				items.map((i) => String(i.dscoOrderId)),
			);
		}
	}
	get executions(): number {
		return this.read.size;
	}
	emitted(): string[] {
		return [...this.read.values()].flat();
	}
}

/** DSCO's own result for an item (a write still unprocessed at Wait Timeout, `timeout` / `pending`, has none yet). */
const DSCO_RESULTS = new Set(['success', 'failure', 'skipped', 'alreadyApplied']);
const hasDscoResult = (i: Record<string, unknown>) =>
	typeof i.status === 'string' && DSCO_RESULTS.has(i.status) && i.error === undefined;

const RESULT_KEYS: Record<
	Job['kind'],
	{
		key: (i: Record<string, unknown>) => string | undefined;
		hasResult: (i: Record<string, unknown>) => boolean;
	}
> = {
	acknowledge: {
		key: (i) => (i.orderId === undefined ? undefined : String(i.orderId)),
		hasResult: hasDscoResult,
	},
	inventorySingle: {
		key: (i) => (typeof i.sku === 'string' ? i.sku : undefined),
		hasResult: hasDscoResult,
	},
	orderPaging: {
		key: (i) => (i.dscoOrderId === undefined ? undefined : String(i.dscoOrderId)),
		hasResult: () => true,
	},
};

/** Waits until every job's execution has ended; job workflow id → its execution. */
async function waitForJobs(
	rest: RestRequest,
	jobs: Job[],
	loadStart: number,
	stack: QueueStack,
): Promise<Map<string, ExecutionSummary>> {
	const finished = new Map<string, ExecutionSummary>();
	await until(
		'every job execution to end',
		async () => {
			for (const job of jobs) {
				if (finished.has(job.workflow.id)) continue;
				const e = (await listExecutions(rest, job.workflow.id)).find(ended);
				if (e) {
					finished.set(job.workflow.id, e);
					log(
						`${job.workflow.name}: ${e.status} after ${Math.round((Date.now() - loadStart) / 1000)} s`,
					);
				}
			}
			return finished.size === jobs.length ? true : undefined;
		},
		60 * 60_000,
		stack,
	);
	return finished;
}

/** Every order created during the load must come out of the trigger; then one more poll must add nothing. */
async function drainTrigger(
	rest: RestRequest,
	sim: Simulator,
	stack: QueueStack,
	workflowId: string,
	created: string[],
) {
	const outputs = new TriggerOutputs(rest, workflowId);
	await until(
		`the trigger to emit the ${created.length} orders created during the load`,
		async () => {
			await outputs.refresh();
			const seen = new Set(outputs.emitted());
			return created.every((id) => seen.has(id)) ? true : undefined;
		},
		200_000,
		stack,
	).catch((err: Error) => log(`${err.message}; going on with what was emitted`));
	const mark = sim.requests.length;
	await until(
		'one more poll of the trigger',
		() =>
			sim.requests
				.slice(mark)
				.some((r) => r.method === 'GET' && r.path.startsWith('/stream/') && r.status === 200)
				? true
				: undefined,
		90_000,
		stack,
	);
	await sleep(5000);
	await outputs.refresh();
	return { check: checkTrigger(created, outputs.emitted()), executions: outputs.executions };
}

/** The run's result: what each job's DSCO node returned, what DSCO received, the assertions. */
async function summarise(run: {
	rest: RestRequest;
	stack: QueueStack;
	jobs: Job[];
	finished: Map<string, ExecutionSummary>;
	/** DSCO's request log from the start of the load. */
	requests: RecordedRequest[];
	triggerCheck: ReturnType<typeof checkTrigger>;
	triggerExecutions: number;
	loadSeconds: number;
	mode: QueueResult['mode'];
}): Promise<QueueResult> {
	const { rest, jobs, requests } = run;
	const workers = run.stack.executionWorkers();
	const jobResults: QueueResult['jobs'] = [];
	let lost = 0;
	for (const job of jobs) {
		const e = run.finished.get(job.workflow.id)!;
		const execution = await executionRun(rest, e.id);
		const k = RESULT_KEYS[job.kind];
		const check: OutputCheck = checkOutput(
			job.expected,
			nodeItems(execution, DSCO_STEP),
			k.key,
			k.hasResult,
		);
		lost += check.lost;
		jobResults.push({
			kind: job.kind,
			workflow: job.workflow.name,
			items: check.expected,
			delivered: check.delivered,
			lost: check.lost,
			status: e.status,
			worker: workers.get(e.id),
			error: runError(execution),
		});
	}
	const perWorker: Record<string, number> = {};
	for (const w of workers.values()) perWorker[w] = (perWorker[w] ?? 0) + 1;

	const acks = acceptedWrites(
		requests,
		{ method: 'POST', path: '/order/acknowledge', okStatus: 202 },
		(b) => (Array.isArray(b) ? b.map((e: { id?: unknown }) => String(e.id)) : []),
	);
	const inventory = acceptedWrites(
		requests,
		{ method: 'POST', path: '/inventory/singleItem', okStatus: 201 },
		(b) => [String((b as { sku?: unknown }).sku)],
	);
	const unsent = (kind: Job['kind'], taken: Map<string, number>) =>
		jobs
			.filter((j) => j.kind === kind)
			.flatMap((j) => j.expected)
			.filter((id) => !taken.has(id)).length;
	const ep = endpoints();
	const stats = endpointStats(requests, ep.keyOf, ep.limitOf);
	const base = {
		lost,
		duplicates: duplicateCount(acks) + duplicateCount(inventory),
		triggerEmittedOnce: run.triggerCheck.emittedOnce,
		failedExecutions: jobResults.filter((j) => j.status !== 'success').length,
		endpoints: stats,
	};
	return {
		workers: WORKERS,
		lost: base.lost,
		duplicates: base.duplicates,
		triggerEmittedOnce: base.triggerEmittedOnce,
		endpoints: stats,
		concurrency: CONCURRENCY,
		date: new Date().toISOString(),
		loadSeconds: run.loadSeconds,
		mode: run.mode,
		jobs: jobResults,
		unsent: {
			acknowledge: unsent('acknowledge', acks),
			inventorySingle: unsent('inventorySingle', inventory),
		},
		trigger: { ...run.triggerCheck, executions: run.triggerExecutions },
		executionsPerWorker: perWorker,
		assertions: assertions(base),
	};
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	const pkg = await tarball();
	const sizes = jobSizes(opts.scale);
	// Orders for the 2 paging windows (the 4 acknowledgement jobs take the oldest of them), SKUs for the 2 inventory jobs.
	const sim = await startSimulator({
		orders: Math.max(2 * sizes.paging, 4 * sizes.acknowledge),
		testOrders: 0,
		marketplaceOrders: 0,
		cancelRequests: 0,
		skus: 2 * sizes.skus,
		quiet: true,
	});
	const jobs = planJobs(sim, sizes);
	const trigger = triggerWorkflow();
	const credential = simulatorCredential(sim, LOAD_CRED);
	log(
		`sizes: ${JSON.stringify(sizes)}; ${WORKERS} workers × concurrency ${CONCURRENCY}; mode ${opts.measureOnly ? 'measure-only' : 'assert'}${opts.label ? `; recording queue.${opts.label}` : ''}`,
	);

	let stack: QueueStack | undefined;
	let arrivals: NodeJS.Timeout | undefined;
	// Ctrl-C: the n8n processes, PostgreSQL and Redis got it too and shut down; wait for them, remove the temp folder.
	const interrupted = async () => {
		if (arrivals) clearInterval(arrivals);
		await stack?.stop();
		await sim.close();
		process.exit(130);
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	try {
		stack = await queueStack.startQueueStack({
			tarball: pkg,
			workers: WORKERS,
			concurrency: CONCURRENCY,
			keep: opts.keep,
			beforeMain: async (s) => {
				await s.importCredentials([credential]);
				await s.importWorkflow([...jobs.map((j) => j.workflow), trigger]);
			},
		});
		const bootSeconds = Math.round((Date.now() - t0) / 1000);
		const rest = await ownerSession(stack.mainUrl);
		for (const wf of [...jobs.map((j) => j.workflow), trigger]) await publishWorkflow(rest, wf.id);
		// The trigger's activation (on the main, n8n's leader) creates its DSCO stream; orders created from now on are its.
		await until(
			'the trigger to create its DSCO stream',
			() =>
				sim.requests.some((r) => r.method === 'POST' && r.path === '/stream' && r.status === 201)
					? true
					: undefined,
			120_000,
			stack,
		);

		// The load: orders keep arriving for the trigger while all jobs run.
		const fromRequest = sim.requests.length;
		const created: string[] = [];
		const arrive = () => created.push(...sim.createOrders(5).map((o) => o.dscoOrderId));
		arrive();
		arrivals = setInterval(arrive, 15_000);
		const loadStart = Date.now();
		await Promise.all(
			jobs.map(async (job) => {
				const res = await fetch(`${stack!.mainUrl}/webhook/${job.path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(job.body),
				});
				if (res.status !== 200)
					throw new Error(`webhook ${job.path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
			}),
		);
		log(
			`${jobs.length} jobs started through their webhooks; waiting for their executions (singleItem alone needs ${Math.ceil((2 * sizes.skus) / 5)} s at DSCO's 5/s)`,
		);
		const finished = await waitForJobs(rest, jobs, loadStart, stack);
		const loadSeconds = Math.round((Date.now() - loadStart) / 1000);
		clearInterval(arrivals);
		arrivals = undefined;

		const { check: triggerCheck, executions: triggerExecutions } = await drainTrigger(
			rest,
			sim,
			stack,
			trigger.id,
			created,
		);

		const result = await summarise({
			rest,
			stack,
			jobs,
			finished,
			requests: sim.requests.slice(fromRequest),
			triggerCheck,
			triggerExecutions,
			loadSeconds,
			mode: opts.measureOnly ? 'measure-only' : 'assert',
		});

		process.stdout.write(`\n${renderLabel(opts.label || 'run', result).join('\n')}\n`);
		for (const a of result.assertions)
			process.stdout.write(`${a.ok ? 'ok  ' : 'FAIL'} ${a.name}: ${a.detail}\n`);
		process.stdout.write(
			`\nboot ${bootSeconds} s, load ${loadSeconds} s, total ${Math.round((Date.now() - t0) / 1000)} s\n`,
		);
		if (opts.label) {
			writeQueueResult(__dirname, opts.label, result);
			log(`recorded as queue.${opts.label} in bench/results.json and bench/RESULTS.md`);
		}
		const failed = result.assertions.filter((a) => !a.ok);
		if (failed.length && !opts.measureOnly) {
			process.stdout.write(`\n${failed.length} assertion(s) failed\n`);
			process.exitCode = 1;
		} else if (failed.length) {
			process.stdout.write(
				`\n${failed.length} assertion(s) failed (measure-only: not failing the run)\n`,
			);
		}
	} finally {
		if (arrivals) clearInterval(arrivals);
		await stack?.stop();
		await sim.close();
	}
}

main().catch((err: unknown) => {
	process.stderr.write(`[queue-load] ${(err as Error).stack ?? String(err)}\n`);
	process.exit(2);
});
