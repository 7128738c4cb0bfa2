// The DSCO Trigger activated in a real n8n 2.41.1 (`n8n start`, Node 24) with the package installed as a community
// package, polling the DSCO simulator that runs in this process. The workflow is "DSCO Trigger (new orders) →
// DSCO Acknowledge": orders created in the simulator must show up as executions, each order once — also across
// a restart of n8n while orders keep arriving. n8n's shortest poll interval is one minute, so this takes about two.
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

import { startSimulator } from '../simulator';
import { runtime as rt, type Credential } from './runtime';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeJs = require('../../scripts/n8n-runtime.js') as {
	startN8n(bin: string, userFolder: string, opts: { env?: Record<string, string>; stdio?: 'pipe' | 'inherit' }): ChildProcess;
	freePort(): Promise<number>;
};

const CRED = { id: 'dscoTrigCred01', name: 'DSCO Simulator' };
const WORKFLOW_ID = 'dscoE2eTrigger01';
const OWNER = { email: 'e2e@n8n-nodes-dsco.dev', firstName: 'E2E', lastName: 'Owner', password: 'E2e-password-1' };

function tarball(): string {
	const t = process.env.DSCO_E2E_TARBALL;
	if (!t || !fs.existsSync(t)) throw new Error('DSCO_E2E_TARBALL is not set: run through `npm run test:e2e` (globalSetup packs it)');
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
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newOrder', options: {} },
			credentials: { dscoApi: CRED },
		},
		{
			id: 'e2e-dsco-ack',
			name: 'Acknowledge',
			type: 'n8n-nodes-dsco.dsco',
			typeVersion: 1,
			position: [240, 0],
			parameters: { resource: 'acknowledgment', operation: 'acknowledge', orderId: '={{ $json.dscoOrderId }}', orderIdType: 'DSCO_ORDER_ID' },
			credentials: { dscoApi: CRED },
		},
	],
	connections: { 'DSCO Trigger': { main: [[{ node: 'Acknowledge', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
	pinData: {},
};

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, child?: ChildProcess): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = await fn();
		if (value) return value;
		if (child && child.exitCode !== null) throw new Error(`n8n exited (code ${child.exitCode}) while waiting for ${what}`);
		if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

describe(`DSCO Trigger activated in n8n ${rt.N8N_VERSION}`, () => {
	let sim: Simulator;
	let userFolder: string;
	let bin: string;
	let child: ChildProcess | undefined;
	let output = '';
	let port = 0;

	async function startN8n() {
		port = await runtimeJs.freePort();
		output = '';
		const base = `http://127.0.0.1:${port}`;
		child = runtimeJs.startN8n(bin, userFolder, {
			stdio: 'pipe',
			env: {
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `${base}/`,
				N8N_DISABLED_MODULES: 'mcp-registry',
				N8N_RUNNERS_BROKER_PORT: String(await runtimeJs.freePort()),
				N8N_LOG_FORMAT: 'text',
			},
		});
		child.stdout?.on('data', (c) => (output += c));
		child.stderr?.on('data', (c) => (output += c));
		const started = Date.now();
		await until(
			'n8n to be ready',
			() => /Editor is now accessible|n8n ready on/i.test(output) || undefined,
			180_000,
			child,
		);
		return { base, bootMs: Date.now() - started };
	}

	async function stopN8n() {
		const c = child;
		if (!c || c.exitCode !== null || c.signalCode !== null) return;
		const exited = new Promise((r) => c.once('exit', r));
		c.kill('SIGINT');
		const killer = setTimeout(() => c.kill('SIGKILL'), 20_000);
		await exited;
		clearTimeout(killer);
	}

	/** Trigger executions of the workflow as n8n's REST API lists them (after owner setup / login). */
	async function executions(base: string): Promise<Array<{ id: string; mode: string; status: string }>> {
		let res = await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
		if (res.status !== 200) {
			res = await fetch(`${base}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
		}
		const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
		const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
		const list = await fetch(`${base}/rest/executions?filter=${filter}&limit=100`, { headers: { cookie } });
		const body = (await list.json()) as { data?: { results?: Array<{ id: string; mode: string; status: string }> } };
		return body.data?.results ?? [];
	}

	/** dscoOrderIds in every acknowledge call DSCO received (the workflow acknowledges each delivered order). */
	function acknowledged(): string[] {
		return sim.requests
			.filter((r) => r.method === 'POST' && r.path === '/order/acknowledge' && r.status === 202)
			.flatMap((r) => (r.body as Array<{ id: string }>).map((e) => String(e.id)));
	}

	beforeAll(async () => {
		sim = await startSimulator({ orders: 5 });
		bin = await rt.ensureN8n();
		userFolder = rt.prepareUserFolder();
		await rt.installPackageTarball(userFolder, tarball());
		const credential: Credential = {
			...CRED,
			type: 'dscoApi',
			data: { environment: 'custom', baseUrl: sim.baseUrl, authType: 'oAuth2ClientCredentials', clientId: sim.clientId, clientSecret: sim.clientSecret },
		};
		await rt.importCredentials(userFolder, [credential]);
		await rt.importWorkflow(userFolder, workflow);
		const published = await (rt as unknown as { runN8n(u: string, a: string[]): Promise<{ code: number; stdout: string; stderr: string }> }).runN8n(
			userFolder,
			['publish:workflow', `--id=${WORKFLOW_ID}`],
		);
		if (published.code !== 0) throw new Error(`n8n publish:workflow failed:\n${published.stdout}\n${published.stderr}`);
	}, 600_000);

	afterAll(async () => {
		await stopN8n();
		await sim?.close();
		if (userFolder && process.env.DSCO_E2E_KEEP !== '1') fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('orders created in the simulator appear as executions, each once, also across an n8n restart', async () => {
		const t0 = Date.now();
		// 1. n8n starts and activates the workflow: the trigger creates its stream and emits nothing.
		const first = await startN8n();
		await until('the trigger to create its DSCO stream', () => sim.requests.some((r) => r.method === 'POST' && r.path === '/stream' && r.status === 201), 60_000, child);
		const streamCreates = sim.requests.filter((r) => r.method === 'POST' && r.path === '/stream');
		expect(streamCreates).toHaveLength(1);
		expect(acknowledged()).toEqual([]);

		// 2. Three orders arrive; the next scheduled poll (every minute) delivers them in one execution.
		const batch1 = sim.createOrders(3).map((o) => o.dscoOrderId);
		await until('the first three orders to be acknowledged', () => batch1.every((id) => acknowledged().includes(id)), 90_000, child);
		const afterFirstPoll = Date.now();

		// 3. n8n stops; two orders arrive while it is down; on start, the activation poll delivers them.
		await stopN8n();
		const batch2 = sim.createOrders(2).map((o) => o.dscoOrderId);
		const second = await startN8n();
		await until('the two orders that arrived while n8n was down', () => batch2.every((id) => acknowledged().includes(id)), 90_000, child);
		// What n8n recorded: one trigger execution per poll that delivered orders, each finished.
		const runs = await until(
			'the executions to be listed as finished',
			async () => {
				const r = await executions(second.base);
				return r.length >= 2 && r.every((e) => e.status === 'success') ? r : undefined;
			},
			30_000,
			child,
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
			streamsCreated: sim.requests.filter((r) => r.method === 'POST' && r.path === '/stream' && r.status === 201).length,
		};
		console.log(
			`trigger e2e (n8n ${rt.N8N_VERSION}): ${result.created} orders created, ${result.executions} trigger executions (${runs.map((r) => `${r.mode}/${r.status}`).join(', ')}), ` +
				`${result.acknowledgedOrders} orders acknowledged, ${result.duplicates} duplicates, ${result.lost} lost, ${result.streamsCreated} stream created; ` +
				`boot ${Math.round(first.bootMs / 1000)} s + ${Math.round(second.bootMs / 1000)} s, first poll after ${Math.round((afterFirstPoll - t0) / 1000)} s, total ${Math.round((Date.now() - t0) / 1000)} s`,
		);
		expect(result).toEqual({ created: 5, acknowledgedOrders: 5, duplicates: 0, lost: 0, executions: 2, streamsCreated: 1 });
		expect(new Set(acks)).toEqual(new Set(created));
		expect(runs.every((r) => r.mode === 'trigger')).toBe(true);
	}, 600_000);
});
