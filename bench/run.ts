/**
 * `npm run bench`: the DSCO node against n8n's HTTP Request node doing the same jobs, and against a plain script
 * (the floor), in a real n8n 2.41.1 (Node 24, headless `n8n execute`, the package installed as a community
 * package) against ONE simulator process with the vendor's rate limits on. Prints a table, writes
 * bench/RESULTS.md and bench/results.json. Not part of `npm test`.
 *
 * Settings (environment): BENCH_SKUS (100000), BENCH_PER_ITEM_SAMPLE (1000; the HTTP Request per-item run is
 * extrapolated from it), BENCH_ORDERS (10000), BENCH_ENGINE_ITEMS (10000), BENCH_TRIGGER_ORDERS (10000),
 * BENCH_HTTP_CHUNK (10000 items per array for the batched HTTP Request), BENCH_REPEAT (5 runs of each short measurement, median reported), BENCH_ONLY (comma list of
 * idle,orders,engine,trigger,inventory), BENCH_SKIP_BUILD=1 (use the current dist/), BENCH_NO_WRITE=1 (print only),
 * BENCH_OUT_DIR (write RESULTS.md and results.json there instead of bench/), BENCH_REPORT_ONLY=<file> (render the report
 * again from the measurements a run kept in the temp folder, without measuring), BENCH_CPU_PROF=<dir> (V8 CPU profiles
 * of the n8n processes), BENCH_VERBOSE=1 (all details on stderr), BENCH_LATENCY_MS (0: the simulator waits this long
 * before it handles each DSCO call, as a network between n8n and DSCO would).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

import { startSimulator, type RecordedRequest, type Simulator } from '../test/simulator';
import { assertSuccess, executeMeasured, peakBetween, rt, type N8nRun } from './lib/n8n';
import { writeReport, type BenchResults, type Extra } from './lib/report';
import * as wf from './lib/workflows';

function num(name: string, fallback: number): number {
	const v = process.env[name];
	return v === undefined || v === '' ? fallback : Number(v);
}

const SETTINGS = {
	skus: num('BENCH_SKUS', 100_000),
	perItemSample: num('BENCH_PER_ITEM_SAMPLE', 1000),
	orders: num('BENCH_ORDERS', 10_000),
	engineItems: num('BENCH_ENGINE_ITEMS', 10_000),
	triggerOrders: num('BENCH_TRIGGER_ORDERS', 10_000),
	httpChunk: num('BENCH_HTTP_CHUNK', 10_000),
	repeat: Math.max(1, num('BENCH_REPEAT', 5)),
	only: (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean),
	latencyMs: num('BENCH_LATENCY_MS', 0),
};

const wanted = (part: string) => SETTINGS.only.length === 0 || SETTINGS.only.includes(part);

function log(msg: string) {
	process.stderr.write(`[bench] ${msg}\n`);
}

/** The requests of one scenario, from the simulator's log. */
class Window {
	private readonly from: number;
	constructor(private readonly sim: Simulator) {
		this.from = sim.requests.length;
	}
	requests(): RecordedRequest[] {
		return this.sim.requests.slice(this.from);
	}
	count(method: string, pathPrefix: string, status?: number): number {
		return this.requests().filter(
			(r) =>
				r.method === method &&
				r.path.startsWith(pathPrefix) &&
				(status === undefined || r.status === status),
		).length;
	}
	status(status: number): number {
		return this.requests().filter((r) => r.status === status).length;
	}
	/** Drops recorded bodies (100,000-item arrays) once counted, to keep the simulator process small. */
	forget() {
		for (const r of this.requests()) r.body = undefined;
	}
}

function timed(run: N8nRun, names: string[]): { wallMs: number; from: number; to: number } {
	let wallMs = 0;
	let from = Infinity;
	let to = 0;
	for (const name of names) {
		const n = run.nodes[name];
		if (!n) throw new Error(`node "${name}" did not run in ${run.workflowId}`);
		wallMs += n.executionTime;
		from = Math.min(from, n.startTime);
		to = Math.max(to, n.startTime + n.executionTime);
	}
	return { wallMs, from, to };
}

function runProcess(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (c) => (out += c));
		child.stderr.on('data', (c) => (err += c));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0
				? resolve(out)
				: reject(new Error(`${cmd} ${args.join(' ')} exit ${code}: ${err.slice(-3000)}`)),
		);
	});
}

// A full garbage collection of this process (which hosts the simulator) between runs, so that none of them pays for
// the garbage of the one before.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Before each measured run: the simulator has applied everything sent so far, and its garbage is collected. */
async function fresh(sim: Simulator) {
	await sim.settle();
	collectGarbage();
	loadSamples.push(os.loadavg()[0]);
}

/** The window's calls as the simulator saw them: "GET /order/page 200 +arrived..+answered", from the first call. */
function timeline(w: Window): string[] {
	return w
		.requests()
		.map(
			(r, _, all) =>
				`${r.method} ${r.path} ${r.status} +${r.at - all[0].at}ms..+${(r.answeredAt ?? NaN) - all[0].at}ms`,
		);
}

/** The machine's 1-minute load average before each measured run (the machine may be shared). */
const loadSamples: number[] = [];

/**
 * Runs a measurement `SETTINGS.repeat` times and picks the run with the median wall time (the machine is shared:
 * one run alone can catch someone else's build). All runs are kept for the details.
 */
async function repeated<T extends { wallMs: number }>(
	once: () => Promise<T>,
): Promise<{ pick: T; all: T[] }> {
	const all: T[] = [];
	for (let k = 0; k < SETTINGS.repeat; k++) all.push(await once());
	const sorted = [...all].sort((a, b) => a.wallMs - b.wallMs);
	return { pick: sorted[Math.floor((sorted.length - 1) / 2)], all };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Lets the simulator's one-second rate windows clear, so that one contender's calls never cost the next a 429. */
const clearRateWindows = () => new Promise((resolve) => setTimeout(resolve, 1500));

async function floor<T>(sim: Simulator, args: string[]): Promise<T> {
	await clearRateWindows();
	return await runProcess(rt.node24(), [path.join(__dirname, 'floor.js'), ...args], {
		BENCH_BASE_URL: sim.baseUrl,
		BENCH_TOKEN: sim.apiToken,
	}).then((out) => JSON.parse(out.trim().split('\n').pop() as string) as T);
}

/** What the packed package offers (the bench covers operations as they land), from its installed copy. */
function available(pkgDir: string) {
	const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	const built = (file: string) => fs.existsSync(path.join(pkgDir, 'dist', 'nodes', 'Dsco', file));
	return {
		inventoryUpdate: built('actions/inventory/update.operation.js'),
		trigger: pkg.n8n.nodes.some((n) => n.includes('DscoTrigger')) && built('DscoTrigger.node.js'),
		action: built('Dsco.node.js'),
	};
}

async function main() {
	const startedAt = new Date();
	const t0 = Date.now();
	loadSamples.push(os.loadavg()[0]);
	log(`settings ${JSON.stringify(SETTINGS)}`);

	if (process.env.BENCH_SKIP_BUILD !== '1') await rt.buildPackage();
	await rt.ensureN8n();
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-bench-pack-'));
	const tarball = await rt.packPackage(packDir);
	const userFolder = rt.prepareUserFolder(
		fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-bench-n8n-')),
	);
	const pkgDir = await rt.installPackageTarball(userFolder, tarball);
	const has = available(pkgDir);
	if (!has.action)
		throw new Error(`the packed package has no DSCO node (${tarball}): was dist/ being rebuilt?`);
	log(`package offers: inventory.update ${has.inventoryUpdate}, trigger ${has.trigger}`);

	log(`starting the simulator: ${SETTINGS.orders} orders, ${SETTINGS.skus} SKUs, rate limits on`);
	const sim = await startSimulator({
		orders: SETTINGS.orders,
		skus: Math.max(SETTINGS.skus, 50),
		testOrders: 0,
		marketplaceOrders: 0,
		cancelRequests: 0,
		rateLimits: true,
		quiet: true,
	});
	if (SETTINGS.latencyMs > 0) sim.setFaults({ latencyMs: SETTINGS.latencyMs });
	const simStarted = Date.now();
	const seeded = sim.orders().map((o) => Number(o.dscoOrderId));
	const firstOrderId = Math.min(...seeded);
	if (
		seeded.length !== SETTINGS.orders ||
		Math.max(...seeded) !== firstOrderId + seeded.length - 1
	) {
		throw new Error('expected consecutive seeded order ids');
	}
	// Seeded orders were created in the two days before the simulator started; the window covers exactly them.
	const window: wf.OrderWindow = {
		since: new Date(simStarted - 3 * 24 * 3600_000).toISOString(),
		until: new Date(simStarted).toISOString(),
	};

	const workflows: wf.Workflow[] = [
		wf.idle(),
		wf.warmup(String(firstOrderId)),
		wf.ordersDsco(window),
		wf.ordersHttp(sim, window),
	];
	workflows.push(
		wf.engineDsco(firstOrderId, SETTINGS.engineItems),
		wf.engineHttp(sim, firstOrderId, SETTINGS.engineItems),
	);
	if (has.inventoryUpdate) {
		workflows.push(
			wf.inventoryNoop(SETTINGS.skus),
			wf.inventoryDsco(SETTINGS.skus, false),
			wf.inventoryDsco(SETTINGS.skus, true),
			wf.inventoryHttpBatched(sim, SETTINGS.skus, SETTINGS.httpChunk),
			wf.inventoryHttpPerItem(sim, Math.min(SETTINGS.perItemSample, SETTINGS.skus)),
		);
	}
	await rt.importCredentials(userFolder, wf.credentials(sim));
	await rt.importWorkflow(userFolder, workflows);
	log(
		`n8n ${rt.N8N_VERSION} ready with ${workflows.length} workflows (${((Date.now() - t0) / 1000).toFixed(0)} s so far)`,
	);

	const results: BenchResults = {
		inventory: null,
		orders: null,
		trigger: null,
		engine: null,
	};
	const extra: Extra = { settings: SETTINGS, notes: [] };

	// ---- idle n8n -----------------------------------------------------------------------------------------------
	const idleRun = assertSuccess(await executeMeasured(userFolder, 'benchIdle01'));
	extra.idleRssBytes = idleRun.maxRssBytes;
	extra.idleProcessMs = idleRun.processMs;
	log(
		`idle n8n: peak RSS ${(idleRun.maxRssBytes / 2 ** 20).toFixed(0)} MiB, process ${idleRun.processMs} ms`,
	);

	// ---- order paging -------------------------------------------------------------------------------------------
	// The first DSCO run fetches the OAuth2 token (n8n then keeps it in the credential for its hour): it is reported
	// apart, and every later DSCO run measures the steady state with the token cached, as the HTTP Request node's
	// static header token is.
	if (wanted('orders')) {
		await fresh(sim);
		let w = new Window(sim);
		const coldRun = assertSuccess(await executeMeasured(userFolder, 'benchOrdersDsco01'));
		const cold = {
			wallMs: timed(coldRun, ['Get orders']).wallMs,
			calls: w.count('GET', '/order/page'),
			r429: w.status(429),
			tokenCalls: w.count('POST', '/oauth2/token'),
			timeline: timeline(w),
		};
		w.forget();

		const dsco = await repeated(async () => {
			await fresh(sim);
			const w = new Window(sim);
			const run = assertSuccess(await executeMeasured(userFolder, 'benchOrdersDsco01'));
			const m = {
				wallMs: timed(run, ['Get orders']).wallMs,
				calls: w.count('GET', '/order/page'),
				orders: run.nodes['Get orders'].items,
				tokens: w.count('POST', '/oauth2/token'),
				r429: w.status(429),
				peakRss: run.maxRssBytes,
				timeline: timeline(w),
			};
			w.forget();
			return m;
		});
		const http = await repeated(async () => {
			await fresh(sim);
			const w = new Window(sim);
			const run = assertSuccess(await executeMeasured(userFolder, 'benchOrdersHttp01'));
			const m = {
				wallMs: timed(run, ['Get pages', 'Split orders']).wallMs,
				calls: w.count('GET', '/order/page'),
				orders: run.nodes['Split orders'].items,
				r429: w.status(429),
				pagesMs: run.nodes['Get pages'].executionTime,
				splitMs: run.nodes['Split orders'].executionTime,
				peakRss: run.maxRssBytes,
			};
			w.forget();
			return m;
		});
		const script = await repeated(async () => {
			await fresh(sim);
			const w = new Window(sim);
			const m = await floor<{ calls: number; wallMs: number; orders: number }>(sim, [
				'orders',
				window.since,
				window.until,
			]);
			w.forget();
			return m;
		});
		const fl = script.pick;
		const dscoOrders = Math.min(...dsco.all.map((m) => m.orders));
		const httpOrders = Math.min(...http.all.map((m) => m.orders));

		if (
			dscoOrders !== SETTINGS.orders ||
			httpOrders !== SETTINGS.orders ||
			fl.orders !== SETTINGS.orders
		) {
			throw new Error(
				`order counts differ: DSCO ${dscoOrders}, HTTP ${httpOrders}, script ${fl.orders}, expected ${SETTINGS.orders}`,
			);
		}
		// The floor: every page (the last one is empty and ends the scroll) at DSCO's 10 calls a second.
		const pages = Math.ceil(SETTINGS.orders / 1000) + 1;
		const floorWallMs = (pages / 10) * 1000;
		results.orders = {
			orders: SETTINGS.orders,
			dscoNode: { calls: dsco.pick.calls, wallMs: dsco.pick.wallMs },
			httpRequestPaginated: { calls: http.pick.calls, wallMs: http.pick.wallMs },
			floorWallMs,
		};
		extra.orders = {
			coldWallMs: cold.wallMs,
			coldCalls: cold.calls,
			cold429: cold.r429,
			coldTokenCalls: cold.tokenCalls,
			dscoTokenCalls: sum(dsco.all.map((m) => m.tokens)),
			dsco429: sum(dsco.all.map((m) => m.r429)),
			http429: sum(http.all.map((m) => m.r429)),
			httpPagesMs: http.pick.pagesMs,
			httpSplitMs: http.pick.splitMs,
			scriptCalls: fl.calls,
			scriptWallMs: fl.wallMs,
			dscoPeakRssBytes: dsco.pick.peakRss,
			httpPeakRssBytes: http.pick.peakRss,
		};
		extra.runs = {
			...extra.runs,
			ordersDscoMs: dsco.all.map((m) => m.wallMs),
			ordersHttpMs: http.all.map((m) => m.wallMs),
			ordersScriptMs: script.all.map((m) => Math.round(m.wallMs)),
		};
		extra.coldTimeline = cold.timeline;
		extra.warmTimeline = dsco.pick.timeline;
		log(
			`orders: DSCO ${dsco.pick.wallMs} ms / ${dsco.pick.calls} calls; HTTP ${http.pick.wallMs} ms / ${http.pick.calls}; script ${fl.wallMs.toFixed(0)} ms; floor ${floorWallMs} ms`,
		);
	}

	if (!wanted('orders')) {
		// Same steady state as above for the other scenarios: the token is fetched once, here.
		assertSuccess(await executeMeasured(userFolder, 'benchWarmup01'));
	}

	// ---- engine overhead ----------------------------------------------------------------------------------------
	if (wanted('engine')) {
		const acknowledged = (w: Window) =>
			w
				.requests()
				.filter((r) => r.path === '/order/acknowledge')
				.reduce((count, r) => count + (Array.isArray(r.body) ? r.body.length : 0), 0);
		const engineRun = (workflowId: string) =>
			repeated(async () => {
				await fresh(sim);
				const w = new Window(sim);
				const run = assertSuccess(await executeMeasured(userFolder, workflowId));
				const m = {
					wallMs: timed(run, ['Acknowledge']).wallMs,
					calls: w.count('POST', '/order/acknowledge'),
					entries: acknowledged(w),
					outputItems: run.nodes['Acknowledge'].items,
					inputMs: run.nodes[wf.INPUT].executionTime,
				};
				w.forget();
				return m;
			});
		const dsco = await engineRun('benchEngineDsco01');
		const http = await engineRun('benchEngineHttp01');
		await fresh(sim);
		for (const m of [...dsco.all, ...http.all]) {
			if (m.entries !== SETTINGS.engineItems) {
				throw new Error(
					`engine: a run sent ${m.entries} acknowledgements, expected ${SETTINGS.engineItems}`,
				);
			}
		}
		const dscoT = dsco.pick;
		const httpT = http.pick;
		results.engine = {
			items: SETTINGS.engineItems,
			dscoNodeMs: dscoT.wallMs,
			httpRequestMs: httpT.wallMs,
		};
		extra.engine = {
			dscoCalls: dscoT.calls,
			httpCalls: httpT.calls,
			dscoOutputItems: dscoT.outputItems,
			httpOutputItems: httpT.outputItems,
			inputMs: dscoT.inputMs,
		};
		extra.runs = {
			...extra.runs,
			engineDscoMs: dsco.all.map((m) => m.wallMs),
			engineHttpMs: http.all.map((m) => m.wallMs),
		};
		log(
			`engine: DSCO ${dscoT.wallMs} ms (${dscoT.calls} call), HTTP ${httpT.wallMs} ms (${httpT.calls} call)`,
		);
	}

	// ---- trigger ------------------------------------------------------------------------------------------------
	if (wanted('trigger')) {
		if (!has.trigger) {
			extra.notes.push('Trigger: not measured, the DSCO Trigger node is not in the package yet.');
		} else {
			await fresh(sim);
			const { benchTrigger } = await import('./lib/trigger');
			const t = await benchTrigger(sim, SETTINGS.triggerOrders, pkgDir);
			results.trigger = t.results;
			extra.trigger = t.extra;
			log(
				`trigger: idle ${t.results.idlePollRequests} requests ${t.results.idlePollMs} ms; drain ${t.results.newOrders} in ${t.results.pollMs} ms`,
			);
		}
	}

	// ---- inventory push -----------------------------------------------------------------------------------------
	if (wanted('inventory')) {
		if (!has.inventoryUpdate) {
			extra.notes.push('Inventory: not measured, inventory.update is not in the package yet.');
		} else {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { inventoryItem } = require('./lib/data.js') as {
				inventoryItem: (i: number) => object;
			};
			const entries = Array.from({ length: SETTINGS.skus }, (_, i) => inventoryItem(i));
			const payloadBytes = Buffer.byteLength(JSON.stringify(entries));
			const itemsJsonBytes = Buffer.byteLength(JSON.stringify(entries.map((json) => ({ json }))));

			type FloorResult = {
				calls: number;
				wallMs: number;
				payloadBytes: number;
				largestBody: number;
				statuses: number[];
			};
			const floorRun = async () => {
				await fresh(sim);
				const w = new Window(sim);
				const result = await floor<FloorResult>(sim, ['inventory', String(SETTINGS.skus)]);
				w.forget();
				return result;
			};
			// n8n carrying the same items through a No Operation node: what n8n itself needs for them.
			await fresh(sim);
			const noopRun = assertSuccess(await executeMeasured(userFolder, 'benchInvNoop01'));

			// The simulator keeps every update (change log, events) and slows down a little as the runs pile up, so the
			// floor and the DSCO node take turns.
			const dscoOnce = async () => {
				await fresh(sim);
				const w = new Window(sim);
				const run = assertSuccess(await executeMeasured(userFolder, 'benchInvDsco01'));
				const t = timed(run, ['Update inventory']);
				const m = {
					wallMs: t.wallMs,
					calls: w.count('POST', '/inventory/batch/small'),
					sent: w
						.requests()
						.filter((r) => r.path.startsWith('/inventory/batch/small'))
						.reduce((count, r) => count + (Array.isArray(r.body) ? r.body.length : 0), 0),
					r429: w.status(429),
					tokens: w.count('POST', '/oauth2/token'),
					peakRss: run.maxRssBytes,
					during: peakBetween(run, t.from, t.to),
					before: peakBetween(run, 0, t.from),
					after: peakBetween(run, t.to, Infinity),
					inputMs: run.nodes[wf.INPUT].executionTime,
					processMs: run.processMs,
				};
				w.forget();
				return m;
			};
			const floorRuns: FloorResult[] = [];
			const dsco = await repeated(async () => {
				floorRuns.push(await floorRun());
				return await dscoOnce();
			});
			const floorsSorted = [...floorRuns].sort((x, y) => x.wallMs - y.wallMs);
			const fl = floorsSorted[Math.floor((floorsSorted.length - 1) / 2)];
			const d = dsco.pick;
			for (const m of dsco.all)
				if (m.sent !== SETTINGS.skus)
					throw new Error(`inventory: DSCO node sent ${m.sent} updates, expected ${SETTINGS.skus}`);

			let w: Window;
			await fresh(sim);
			w = new Window(sim);
			const waitRun = assertSuccess(await executeMeasured(userFolder, 'benchInvDscoWait01'));
			const waitT = timed(waitRun, ['Update inventory']);
			const waitCalls = w.count('POST', '/inventory/batch/small');
			const waitLogCalls = w.count('GET', '/inventory/log');
			const waitOk = (waitRun.firstItems['Update inventory'] ?? []) as Array<{ status?: string }>;
			w.forget();

			await fresh(sim);
			w = new Window(sim);
			const batchRun = assertSuccess(await executeMeasured(userFolder, 'benchInvHttpBatch01'));
			const batchT = timed(batchRun, ['Make arrays', 'Post arrays']);
			const batchCalls = w.count('POST', '/inventory/batch/small');
			const batch429 = w.status(429);
			w.forget();

			await fresh(sim);
			const sample = Math.min(SETTINGS.perItemSample, SETTINGS.skus);
			w = new Window(sim);
			const itemRun = assertSuccess(
				await executeMeasured(userFolder, 'benchInvHttpItem01', { timeoutMs: 4 * 3600_000 }),
			);
			const itemT = timed(itemRun, ['Update inventory']);
			const itemCalls = w.count('POST', '/inventory/singleItem');
			const item429 = w.status(429);
			const itemFailed = w
				.requests()
				.filter((r) => r.path === '/inventory/singleItem' && r.status !== 201).length;
			w.forget();
			const scale = SETTINGS.skus / sample;

			results.inventory = {
				skus: SETTINGS.skus,
				dscoNode: {
					calls: d.calls,
					wallMs: d.wallMs,
					http429: sum(dsco.all.map((m) => m.r429)),
					peakRssBytes: Math.max(...dsco.all.map((m) => m.peakRss)),
				},
				httpRequestPerItem: {
					calls: Math.round(itemCalls * scale),
					wallMs: Math.round(itemT.wallMs * scale),
					extrapolatedFrom: sample === SETTINGS.skus ? null : sample,
				},
				httpRequestBatched: { calls: batchCalls, wallMs: batchT.wallMs },
				floor: { calls: fl.calls, wallMs: Math.round(fl.wallMs) },
				payloadBytes,
			};
			extra.inventory = {
				itemsJsonBytes,
				dscoTokenCalls: sum(dsco.all.map((m) => m.tokens)),
				dscoPeakDuringNodeBytes: Math.max(...dsco.all.map((m) => m.during)),
				dscoPeakBeforeNodeBytes: Math.max(...dsco.all.map((m) => m.before)),
				dscoPeakAfterNodeBytes: Math.max(...dsco.all.map((m) => m.after)),
				dscoInputMs: d.inputMs,
				dscoProcessMs: d.processMs,
				waitWallMs: waitT.wallMs,
				waitCalls,
				waitLogCalls,
				waitPeakRssBytes: waitRun.maxRssBytes,
				waitFirstStatuses: waitOk.map((i) => i.status ?? '?'),
				batchMakeArraysMs: batchRun.nodes['Make arrays'].executionTime,
				batchPostMs: batchRun.nodes['Post arrays'].executionTime,
				batch429,
				batchPeakRssBytes: batchRun.maxRssBytes,
				floorLargestBody: fl.largestBody,
				floorStatuses: [...new Set(fl.statuses)],
				floorRunsMs: floorRuns.map((m) => Math.round(m.wallMs)),
				dscoRunsMs: dsco.all.map((m) => m.wallMs),
				noopPeakRssBytes: noopRun.maxRssBytes,
				noopPeakBeforeOutputBytes: peakBetween(
					noopRun,
					0,
					noopRun.nodes['Pass through'].startTime + noopRun.nodes['Pass through'].executionTime,
				),
				noopProcessMs: noopRun.processMs,
				perItemSample: sample,
				perItemCalls: itemCalls,
				perItemWallMs: itemT.wallMs,
				perItem429: item429,
				perItemNot201: itemFailed,
			};
			log(
				`inventory: DSCO ${d.wallMs} ms / ${d.calls} calls; HTTP batched ${batchT.wallMs} ms / ${batchCalls}; floor ${fl.wallMs.toFixed(0)} ms / ${fl.calls}; per item ${itemT.wallMs} ms for ${sample}`,
			);
		}
	}

	if (process.env.BENCH_VERBOSE === '1') log(JSON.stringify(extra, null, 1));
	loadSamples.push(os.loadavg()[0]);
	await sim.close();
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.rmSync(packDir, { recursive: true, force: true });
	extra.load = loadSamples;
	extra.totalMs = Date.now() - t0;
	// Everything measured, so that the report's wording can be changed and rendered again from the same run.
	fs.writeFileSync(
		LAST_RUN,
		JSON.stringify({ results, extra, startedAt: startedAt.toISOString() }),
	);
	log(
		`measurements kept in ${LAST_RUN} (BENCH_REPORT_ONLY=${LAST_RUN} renders the report again from them)`,
	);
	writeReport(results, extra, {
		startedAt,
		write:
			process.env.BENCH_NO_WRITE !== '1' &&
			(SETTINGS.only.length === 0 || !!process.env.BENCH_OUT_DIR),
		dir: process.env.BENCH_OUT_DIR ?? __dirname,
	});
}

const LAST_RUN = path.join(os.tmpdir(), 'dsco-bench-last-run.json');

/** BENCH_REPORT_ONLY=<file>: renders RESULTS.md and results.json again from a run's kept measurements. */
function reportOnly(file: string) {
	const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		results: BenchResults;
		extra: Extra;
		startedAt: string;
	};
	writeReport(kept.results, kept.extra, {
		startedAt: new Date(kept.startedAt),
		write: true,
		dir: process.env.BENCH_OUT_DIR ?? __dirname,
	});
}

(process.env.BENCH_REPORT_ONLY
	? Promise.resolve().then(() => reportOnly(process.env.BENCH_REPORT_ONLY as string))
	: main()
).catch((error) => {
	process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
