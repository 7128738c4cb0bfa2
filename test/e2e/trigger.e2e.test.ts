// The DSCO Trigger activated in a real n8n 2.41.1 (Node 24) with the package installed as a community package,
// polling the DSCO simulator that runs in this process. The workflow is "DSCO Trigger (new orders) → DSCO
// Acknowledge": orders created in the simulator must show up as executions, each order once — also across a restart
// of n8n's main while orders keep arriving. Twice: in regular mode (`n8n start`), and in queue mode
// (scripts/queue-stack.js: PostgreSQL, Redis, a main and 2 workers, the package on each), where the main (n8n's
// leader) polls and enqueues, and the workers run the executions. n8n's shortest poll interval is one minute, so each
// mode takes a few minutes. DSCO_E2E_QUEUE=0 leaves queue mode out (it needs Redis and PostgreSQL from Debian
// packages, which it installs with apt-get when missing: root or passwordless sudo).
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

import { startSimulator } from '../simulator';
import { listExecutions, ownerSession, type ExecutionSummary, type RestRequest } from './n8nRest';
import { queueStack, type QueueStack } from './queueStack';
import { runtime as rt, simulatorCredential } from './runtime';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeJs = require('../../scripts/n8n-runtime.js') as {
	startN8n(
		bin: string,
		userFolder: string,
		opts: { env?: Record<string, string>; stdio?: 'pipe' | 'inherit' },
	): ChildProcess;
	freePort(): Promise<number>;
	runN8n(
		userFolder: string,
		args: string[],
	): Promise<{ code: number; stdout: string; stderr: string }>;
	editorEnv(
		port: number,
		brokerPort: number,
		extra?: Record<string, string>,
	): Record<string, string>;
};

const CRED = { id: 'dscoTrigCred01', name: 'DSCO Simulator' };
const WORKFLOW_ID = 'dscoE2eTrigger01';

function tarball(): string {
	const t = process.env.DSCO_E2E_TARBALL;
	if (!t || !fs.existsSync(t))
		throw new Error(
			'DSCO_E2E_TARBALL is not set: run through `npm run test:e2e` (globalSetup packs it)',
		);
	return t;
}

const workflow = {
	id: WORKFLOW_ID,
	name: 'e2e: DSCO Trigger → acknowledge',
	nodes: [
		{
			id: 'e2e-dsco-trigger',
			name: 'DSCO Trigger',
			type: 'n8n-nodes-dsco.dscoTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				event: 'newOrder',
				options: {},
			},
			credentials: { dscoApi: CRED },
		},
		{
			id: 'e2e-dsco-ack',
			name: 'Acknowledge',
			type: 'n8n-nodes-dsco.dsco',
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				resource: 'acknowledgment',
				operation: 'acknowledge',
				orderId: '={{ $json.dscoOrderId }}',
				orderIdType: 'DSCO_ORDER_ID',
			},
			credentials: { dscoApi: CRED },
		},
	],
	connections: { 'DSCO Trigger': { main: [[{ node: 'Acknowledge', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
	pinData: {},
};

async function until<T>(
	what: string,
	fn: () => T | undefined | false | Promise<T | undefined | false>,
	timeoutMs: number,
	alive?: () => boolean,
): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = await fn();
		if (value) return value;
		if (alive && !alive()) throw new Error(`n8n exited while waiting for ${what}`);
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** The n8n the trigger runs in: how to set it up, start and stop its main, and reach its REST API. */
interface N8nUnderTest {
	/** Package installed, credential and workflow imported, workflow published. */
	setup(sim: Simulator): Promise<void>;
	startMain(): Promise<{ base: string; bootMs: number }>;
	stopMain(): Promise<void>;
	mainAlive(): boolean;
	teardown(): Promise<void>;
}

/** `n8n start` on SQLite, one process. */
function regularN8n(): N8nUnderTest {
	let userFolder = '';
	let bin = '';
	let child: ChildProcess | undefined;
	return {
		async setup(sim) {
			bin = await rt.ensureN8n();
			userFolder = rt.prepareUserFolder();
			await rt.installPackageTarball(userFolder, tarball());
			await rt.importCredentials(userFolder, [simulatorCredential(sim, CRED)]);
			await rt.importWorkflow(userFolder, workflow);
			const published = await runtimeJs.runN8n(userFolder, [
				'publish:workflow',
				`--id=${WORKFLOW_ID}`,
			]);
			if (published.code !== 0)
				throw new Error(`n8n publish:workflow failed:\n${published.stdout}\n${published.stderr}`);
		},
		async startMain() {
			const port = await runtimeJs.freePort();
			let output = '';
			const base = `http://127.0.0.1:${port}`;
			const c = runtimeJs.startN8n(bin, userFolder, {
				stdio: 'pipe',
				env: runtimeJs.editorEnv(port, await runtimeJs.freePort(), { N8N_LOG_FORMAT: 'text' }),
			});
			child = c;
			c.stdout?.on('data', (d) => (output += d));
			c.stderr?.on('data', (d) => (output += d));
			const started = Date.now();
			await until(
				'n8n to be ready',
				() => /Editor is now accessible|n8n ready on/i.test(output) || undefined,
				180_000,
				() => c.exitCode === null,
			);
			return { base, bootMs: Date.now() - started };
		},
		async stopMain() {
			const c = child;
			if (!c || c.exitCode !== null || c.signalCode !== null) return;
			const exited = new Promise((r) => c.once('exit', r));
			c.kill('SIGINT');
			const killer = setTimeout(() => c.kill('SIGKILL'), 20_000);
			await exited;
			clearTimeout(killer);
		},
		mainAlive: () => child !== undefined && child.exitCode === null,
		async teardown() {
			await this.stopMain();
			if (userFolder && process.env.DSCO_E2E_KEEP !== '1')
				fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/** Queue mode: PostgreSQL, Redis, a main and 2 workers at concurrency 5; the main starts with the stack. */
function queueN8n(holder: { stack?: QueueStack }): N8nUnderTest {
	let firstBootMs = 0;
	return {
		async setup(sim) {
			const started = Date.now();
			holder.stack = await queueStack.startQueueStack({
				tarball: tarball(),
				workers: 2,
				concurrency: 5,
				keep: process.env.DSCO_E2E_KEEP === '1',
				beforeMain: async (s) => {
					await s.importCredentials([simulatorCredential(sim, CRED)]);
					await s.importWorkflow(workflow);
					const published = await s.runN8n(['publish:workflow', `--id=${WORKFLOW_ID}`]);
					if (published.code !== 0)
						throw new Error(
							`n8n publish:workflow failed:\n${published.stdout}\n${published.stderr}`,
						);
				},
			});
			firstBootMs = Date.now() - started;
		},
		async startMain() {
			const stack = holder.stack!;
			if (stack.processes.main?.running) return { base: stack.mainUrl, bootMs: firstBootMs };
			const started = Date.now();
			await stack.startMain();
			return { base: stack.mainUrl, bootMs: Date.now() - started };
		},
		stopMain: async () => holder.stack?.stopMain(),
		mainAlive: () => Object.values(holder.stack?.processes ?? {}).every((p) => p.running),
		teardown: async () => holder.stack?.stop(),
	};
}

const queueHolder: { stack?: QueueStack } = {};
const modes: Array<[string, () => N8nUnderTest]> = [['regular mode', regularN8n]];
if (process.env.DSCO_E2E_QUEUE !== '0')
	modes.push(['queue mode (main + 2 workers)', () => queueN8n(queueHolder)]);

describe.each(modes)(`DSCO Trigger activated in n8n ${rt.N8N_VERSION}, %s`, (modeName, make) => {
	const queue = modeName.startsWith('queue');
	let sim: Simulator;
	const n8n = make();

	/** dscoOrderIds in every acknowledge call DSCO received (the workflow acknowledges each delivered order). */
	function acknowledged(): string[] {
		return sim.requests
			.filter((r) => r.method === 'POST' && r.path === '/order/acknowledge' && r.status === 202)
			.flatMap((r) => (r.body as Array<{ id: string }>).map((e) => String(e.id)));
	}

	beforeAll(async () => {
		sim = await startSimulator({ orders: 5 });
		await n8n.setup(sim);
	}, 900_000);

	afterAll(async () => {
		await n8n.teardown();
		await sim?.close();
	});

	it('orders created in the simulator appear as executions, each once, also across a restart of the main', async () => {
		const t0 = Date.now();
		// 1. n8n starts and activates the workflow: the trigger creates its stream and emits nothing.
		const first = await n8n.startMain();
		await until(
			'the trigger to create its DSCO stream',
			() =>
				sim.requests.some((r) => r.method === 'POST' && r.path === '/stream' && r.status === 201),
			180_000,
			n8n.mainAlive,
		);
		const streamCreates = sim.requests.filter((r) => r.method === 'POST' && r.path === '/stream');
		expect(streamCreates).toHaveLength(1);
		expect(acknowledged()).toEqual([]);

		// 2. Three orders arrive; the next scheduled poll (every minute) delivers them in one execution.
		const batch1 = sim.createOrders(3).map((o) => o.dscoOrderId);
		await until(
			'the first three orders to be acknowledged',
			() => batch1.every((id) => acknowledged().includes(id)),
			240_000,
			n8n.mainAlive,
		);
		const afterFirstPoll = Date.now();

		// 3. The main stops (queue mode: the workers stay up); two orders arrive while it is down; on start, the
		// activation poll delivers them.
		await n8n.stopMain();
		const batch2 = sim.createOrders(2).map((o) => o.dscoOrderId);
		const second = await n8n.startMain();
		await until(
			'the two orders that arrived while the main was down',
			() => batch2.every((id) => acknowledged().includes(id)),
			240_000,
			n8n.mainAlive,
		);
		// What n8n recorded: one trigger execution per poll that delivered orders, each finished.
		const rest: RestRequest = await ownerSession(second.base);
		const runs: ExecutionSummary[] = await until(
			'the executions to be listed as finished',
			async () => {
				const r = await listExecutions(rest, WORKFLOW_ID);
				return r.length >= 2 && r.every((e) => e.status === 'success') ? r : undefined;
			},
			120_000,
			n8n.mainAlive,
		);

		const acks = acknowledged();
		const created = [...batch1, ...batch2];
		const counts = new Map<string, number>();
		for (const id of acks) counts.set(id, (counts.get(id) ?? 0) + 1);
		const result = {
			created: created.length,
			acknowledgedOrders: counts.size,
			duplicates: acks.length - counts.size,
			lost: created.filter((id) => !counts.has(id)).length,
			executions: runs.length,
			streamsCreated: sim.requests.filter(
				(r) => r.method === 'POST' && r.path === '/stream' && r.status === 201,
			).length,
		};
		// Queue mode: who polled and who ran the executions, from the processes' own log lines.
		let where = '';
		const evidence = {
			pollsOnMain: [] as string[],
			workerLogsWithPolls: 0,
			notEnqueuedByMain: [] as string[],
			ranOn: [] as Array<string | undefined>,
		};
		if (queue) {
			const stack = queueHolder.stack!;
			const workerOf = stack.executionWorkers();
			const mainLog = fs.readFileSync(stack.processes.main.logFile!, 'utf8');
			const workerLogs = Object.values(stack.processes)
				.filter((p) => p.name.startsWith('worker'))
				.map((p) => fs.readFileSync(p.logFile!, 'utf8'));
			// The trigger's own log line of each poll that read events: "DSCO Trigger: stream "…": N delivered, …".
			evidence.pollsOnMain = (mainLog.match(/DSCO Trigger: stream \S+ \d+ delivered/g) ?? []).map(
				(l) => /(\d+) delivered/.exec(l)![1],
			);
			evidence.workerLogsWithPolls = workerLogs.filter((log) =>
				log.includes('DSCO Trigger:'),
			).length;
			evidence.notEnqueuedByMain = runs
				.filter((r) => !mainLog.includes(`Enqueued execution ${r.id} `))
				.map((r) => r.id);
			evidence.ranOn = runs.map((r) => workerOf.get(r.id));
			where = `; polls on the main (${evidence.pollsOnMain.length} that read events, delivering ${evidence.pollsOnMain.join(' + ')}), on no worker; executions enqueued by the main, run on ${evidence.ranOn.join(', ')}`;
		}
		console.log(
			`trigger e2e, ${modeName} (n8n ${rt.N8N_VERSION}): ${result.created} orders created, ${result.executions} trigger executions (${runs.map((r) => `${r.mode}/${r.status}`).join(', ')}), ` +
				`${result.acknowledgedOrders} orders acknowledged, ${result.duplicates} duplicates, ${result.lost} lost, ${result.streamsCreated} stream created${where}; ` +
				`boot ${Math.round(first.bootMs / 1000)} s + ${Math.round(second.bootMs / 1000)} s, first poll after ${Math.round((afterFirstPoll - t0) / 1000)} s, total ${Math.round((Date.now() - t0) / 1000)} s`,
		);
		if (queue) {
			// The polls ran on the main, before (3 orders) and after (2) its restart, and never on a worker; every
			// execution was enqueued by the main and run by a worker.
			expect(evidence.pollsOnMain).toEqual(expect.arrayContaining(['3', '2']));
			expect(evidence.workerLogsWithPolls).toBe(0);
			expect(evidence.notEnqueuedByMain).toEqual([]);
			expect(evidence.ranOn.every((w) => w?.startsWith('worker-'))).toBe(true);
		}
		expect(result).toEqual({
			created: 5,
			acknowledgedOrders: 5,
			duplicates: 0,
			lost: 0,
			executions: 2,
			streamsCreated: 1,
		});
		expect(new Set(acks)).toEqual(new Set(created));
		expect(runs.every((r) => r.mode === 'trigger')).toBe(true);
	}, 900_000);
});
