// The built package inside a real n8n 2.41.1 (Node 24): installed into <user folder>/.n8n/nodes the way the
// Community Nodes UI does it, credentials and workflows imported with n8n's CLI, workflows run with `n8n execute`,
// HTTP going to the DSCO simulator running in this process. Assertions are on what the simulator received and on
// what n8n output.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import {
	allOutput,
	chainWorkflow,
	runtime as rt,
	type Credential,
	type ExecuteResult,
} from './runtime';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const ROOT = path.join(__dirname, '..', '..');
const NODE_TYPE = 'n8n-nodes-dsco.dsco';
const GOOD_CRED = { id: 'dscoSimCred01', name: 'DSCO Simulator' };
const BAD_CRED = { id: 'dscoBadCred01', name: 'DSCO wrong secret' };
const BAD_SECRET = `wrong-secret-${Math.random().toString(36).slice(2)}-e2e`;

function tarball(): string {
	const t = process.env.DSCO_E2E_TARBALL;
	if (!t || !fs.existsSync(t))
		throw new Error(
			'DSCO_E2E_TARBALL is not set: run through `npm run test:e2e` (globalSetup packs it)',
		);
	return t;
}

function credentials(sim: Simulator): Credential[] {
	const base = {
		environment: 'custom',
		baseUrl: sim.baseUrl,
		authType: 'oAuth2ClientCredentials',
		clientId: sim.clientId,
	};
	return [
		{ ...GOOD_CRED, type: 'dscoApi', data: { ...base, clientSecret: sim.clientSecret } },
		{ ...BAD_CRED, type: 'dscoApi', data: { ...base, clientSecret: BAD_SECRET } },
	];
}

function exampleWorkflow(file: string): {
	id: string;
	nodes: Array<{ name: string; type: string }>;
} {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
}

/** Fails with n8n's own output when the run did not produce an IRun at all (n8n broke before running). */
function runOf(r: ExecuteResult) {
	if (!r.run)
		throw new Error(`n8n execute printed no run (exit ${r.code}):\n${allOutput(r).slice(-6000)}`);
	return r.run;
}

function keepOrRemove(dir: string) {
	if (process.env.DSCO_E2E_KEEP === '1') process.stderr.write(`[e2e] kept ${dir}\n`);
	else fs.rmSync(dir, { recursive: true, force: true });
}

describe(`n8n ${rt.N8N_VERSION} with n8n-nodes-dsco installed as a community package`, () => {
	let sim: Simulator;
	let userFolder: string;
	const example = exampleWorkflow('get-new-orders-and-acknowledge.json');
	const getOneWorkflow = (orderId: string) =>
		chainWorkflow('dscoE2eGetOne01', 'e2e: get one order', [
			{
				name: 'Get order',
				type: NODE_TYPE,
				parameters: {
					resource: 'order',
					operation: 'get',
					orderKey: 'dscoOrderId',
					value: orderId,
				},
				credential: GOOD_CRED,
			},
		]);
	const badSecretWorkflow = chainWorkflow('dscoE2eBadSecret01', 'e2e: wrong client secret', [
		{
			name: 'Get orders (wrong secret)',
			type: NODE_TYPE,
			parameters: {
				resource: 'order',
				operation: 'getMany',
				window: 'created',
				since: '={{ $now.minus({ days: 30 }).toISO() }}',
				returnAll: false,
				limit: 5,
				filters: {},
			},
			credential: BAD_CRED,
		},
	]);

	// "Custom API Call" / HTTP Request with Predefined Credential Type → DSCO API: the credential's token flow
	// (preAuthentication) and bearer header serve n8n's own HTTP Request node too.
	const customCallWorkflow = (s: Simulator) => ({
		id: 'dscoE2eCustomCall01',
		name: 'e2e: HTTP Request with the DSCO API credential',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'cc-trigger',
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'cc-http',
				name: 'DSCO custom call',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				parameters: {
					method: 'GET',
					url: `${s.baseUrl}/inventory`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'dscoApi',
					sendQuery: true,
					queryParameters: {
						parameters: [
							{ name: 'itemKey', value: 'sku' },
							{ name: 'value', value: s.orders()[0].lineItems[0].sku },
						],
					},
					options: {},
				},
				credentials: { dscoApi: GOOD_CRED },
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'DSCO custom call', type: 'main', index: 0 }]] },
		},
	});

	beforeAll(async () => {
		sim = await startSimulator({ orders: 30 });
		userFolder = rt.prepareUserFolder(fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-e2e-pkg-')));
		const installed = await rt.installPackageTarball(userFolder, tarball());
		expect(fs.existsSync(path.join(installed, 'dist', 'nodes', 'Dsco', 'Dsco.node.js'))).toBe(true);
		await rt.importCredentials(userFolder, credentials(sim));
		const firstOrder = sim.orders()[0];
		await rt.importWorkflow(userFolder, [
			example,
			getOneWorkflow(firstOrder.dscoOrderId),
			badSecretWorkflow,
			customCallWorkflow(sim),
		]);
	});

	afterAll(async () => {
		await sim?.close();
		if (userFolder) keepOrRemove(userFolder);
	});

	test('the example "get new orders and acknowledge" acknowledges every order it got; DSCO has them acknowledged', async () => {
		const before = new Map(sim.orders().map((o) => [o.dscoOrderId, o.dscoLifecycle]));
		const requestsBefore = sim.requests.length;

		const r = await rt.executeWorkflow(userFolder, example.id);
		const run = runOf(r);
		expect({ status: run.status, error: run.data.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		expect(r.code).toBe(0);

		const orders = rt.nodeOutput(run, 'Get new orders') ?? [];
		const acks = rt.nodeOutput(run, 'Acknowledge order') ?? [];
		// The simulator seeds 30 orders in the last two days; some are test orders (left out by default) and some are
		// not in status "created". Every one that the node returned must be a real, not yet acknowledged order.
		expect(orders.length).toBeGreaterThan(10);
		const ids = orders.map((o) => String(o.dscoOrderId));
		expect(new Set(ids).size).toBe(ids.length);
		for (const o of orders) {
			expect(o.dscoStatus).toBe('created');
			expect(o.testFlag).not.toBe(true);
			expect(o).toHaveProperty('sla');
			expect(before.get(String(o.dscoOrderId))).toBe('created');
		}
		// One acknowledge output item per order, carrying DSCO's requestId.
		expect(acks).toHaveLength(orders.length);
		for (const a of acks) {
			expect(typeof a.requestId).toBe('string');
			// Wait for Result is on by default: DSCO's own result from its change log.
			expect(a.status).toBe('success');
		}

		// What DSCO received: a token, paged order reads, and acknowledgments naming exactly these orders.
		const requests = sim.requests.slice(requestsBefore);
		expect(
			requests.filter((q) => q.method === 'POST' && q.path.startsWith('/oauth2/token')).length,
		).toBeGreaterThanOrEqual(1);
		const pages = requests.filter((q) => q.method === 'GET' && q.path.startsWith('/order/page'));
		expect(pages.length).toBeGreaterThanOrEqual(1);
		for (const q of pages) expect(q.headers.authorization).toMatch(/^Bearer \S+/);
		const ackRequests = requests.filter(
			(q) => q.method === 'POST' && q.path === '/order/acknowledge',
		);
		expect(ackRequests.length).toBeGreaterThanOrEqual(1);
		for (const q of ackRequests) expect(q.status).toBe(202);
		const acknowledgedIds = ackRequests.flatMap(
			(q) => q.body as Array<{ id: string; type: string }>,
		);
		expect(acknowledgedIds.map((b) => b.type)).toEqual(ids.map(() => 'DSCO_ORDER_ID'));
		expect(acknowledgedIds.map((b) => b.id).sort()).toEqual([...ids].sort());

		// And DSCO's own state, once its async processing settled.
		await sim.settle();
		for (const id of ids) expect(sim.getOrder(id)?.dscoLifecycle).toBe('acknowledged');
		// Orders the workflow did not touch stay as they were.
		for (const o of sim.orders()) {
			if (!ids.includes(o.dscoOrderId)) expect(o.dscoLifecycle).toBe(before.get(o.dscoOrderId));
		}

		// The secret never reaches n8n's output.
		expect(allOutput(r)).not.toContain(sim.clientSecret);
	});

	test('a wrong client secret fails the execution with a clear credential error and never shows the secret', async () => {
		const requestsBefore = sim.requests.length;
		const r = await rt.executeWorkflow(userFolder, 'dscoE2eBadSecret01');
		const run = runOf(r);
		expect(r.code).not.toBe(0);
		expect(run.status).toBe('error');
		const error = run.data.resultData.error;
		expect(error?.node?.name).toBe('Get orders (wrong secret)');
		expect(error?.message).toMatch(/Client ID or Client Secret/);
		expect(error?.message).toMatch(/credential/i);

		const requests = sim.requests.slice(requestsBefore);
		const tokenCalls = requests.filter((q) => q.path.startsWith('/oauth2/token'));
		expect(tokenCalls.length).toBeGreaterThanOrEqual(1);
		for (const q of tokenCalls) expect(q.status).toBe(401);
		expect(requests.filter((q) => q.path.startsWith('/order/') && q.status < 400)).toEqual([]);

		const out = allOutput(r);
		expect(out).toContain('Client ID or Client Secret');
		expect(out).not.toContain(BAD_SECRET);
		expect(JSON.stringify(run)).not.toContain(BAD_SECRET);
	});

	test("Custom API Call: n8n's HTTP Request node with the DSCO API credential gets a token and calls DSCO", async () => {
		const requestsBefore = sim.requests.length;
		const r = await rt.executeWorkflow(userFolder, 'dscoE2eCustomCall01');
		const run = runOf(r);
		expect({ status: run.status, error: run.data.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		const [item] = rt.nodeOutput(run, 'DSCO custom call') ?? [];
		expect(item).toMatchObject({ sku: sim.orders()[0].lineItems[0].sku });
		const calls = sim.requests.slice(requestsBefore).filter((q) => q.path === '/inventory');
		expect(calls).toHaveLength(1);
		expect(calls[0].status).toBe(200);
		expect(calls[0].headers.authorization).toMatch(/^Bearer \S+/);
		expect(allOutput(r)).not.toContain(sim.clientSecret);
	});

	test('the package loads without loader warnings and its node runs', async () => {
		const order = sim.orders()[0];
		const r = await rt.executeWorkflow(userFolder, 'dscoE2eGetOne01', {
			env: { N8N_LOG_LEVEL: 'debug' },
		});
		const run = runOf(r);
		expect(run.status).toBe('success');
		expect(rt.nodeOutput(run, 'Get order')?.map((o) => o.dscoOrderId)).toEqual([order.dscoOrderId]);

		const messages = r.logs.map((l) => `${l.level}: ${l.message}`);
		// n8n found the package in .n8n/nodes and loaded it (fully, or lazily should dist/types/*.json ever be shipped)…
		expect(messages).toEqual(
			expect.arrayContaining([
				expect.stringMatching(
					/^debug: (Loaded all credentials and nodes|Lazy-loading nodes and credentials) from n8n-nodes-dsco$/,
				),
			]),
		);
		// …with no loader complaint: skipped package, class not found, icon outside the package, missing codex, etc.
		const complaints = r.logs.filter(
			(l) =>
				(l.level === 'warn' ||
					l.level === 'error' ||
					/codex|icon|skipping package|failed to load/i.test(l.message)) &&
				/dsco|n8n-nodes-dsco|package|codex|icon|class/i.test(l.message),
		);
		expect(complaints.map((l) => `${l.level}: ${l.message}`)).toEqual([]);
		expect(r.stderr).not.toMatch(/dsco/i);
	});
});

describe('n8n-nodes-dsco from a custom extensions folder (N8N_CUSTOM_EXTENSIONS → CUSTOM.dsco)', () => {
	let sim: Simulator;
	let userFolder: string;
	let extDir: string;

	beforeAll(async () => {
		sim = await startSimulator({ orders: 5 });
		userFolder = rt.prepareUserFolder(fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-e2e-custom-')));
		extDir = rt.extractTarball(tarball(), path.join(userFolder, 'custom-extension'));
	});

	afterAll(async () => {
		await sim?.close();
		if (userFolder) keepOrRemove(userFolder);
	});

	test('a CUSTOM.dsco node gets an order by id', async () => {
		const env = { N8N_CUSTOM_EXTENSIONS: extDir };
		await rt.importCredentials(userFolder, [credentials(sim)[0]], { env });
		const order = sim.orders()[2];
		const wf = chainWorkflow('dscoE2eCustom01', 'e2e: custom dir', [
			{
				name: 'Get order',
				type: 'CUSTOM.dsco',
				parameters: {
					resource: 'order',
					operation: 'get',
					orderKey: 'poNumber',
					value: order.poNumber,
				},
				credential: GOOD_CRED,
			},
		]);
		await rt.importWorkflow(userFolder, wf, { env });
		const r = await rt.executeWorkflow(userFolder, 'dscoE2eCustom01', { env });
		const run = runOf(r);
		expect({ status: run.status, error: run.data.resultData.error?.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		expect(rt.nodeOutput(run, 'Get order')?.map((o) => [o.dscoOrderId, o.poNumber])).toEqual([
			[order.dscoOrderId, order.poNumber],
		]);
		expect(sim.requests.some((q) => q.path.startsWith('/order/') && q.status === 200)).toBe(true);
	});
});

describe('examples/', () => {
	interface Property {
		name: string;
		type: string;
		options?: Array<{ value?: unknown; name: string }>;
		displayOptions?: { show?: Record<string, unknown[]> };
	}
	interface WorkflowNode {
		name: string;
		type: string;
		typeVersion: number;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
	}

	/** A DSCO node's description from the build (globalSetup built it; it is what the tarball holds). */
	function dscoDescription(type: string): { version: number | number[]; properties: Property[] } {
		if (type === 'n8n-nodes-dsco.dscoTrigger') {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { description } = new (require(
				path.join(ROOT, 'dist', 'nodes', 'Dsco', 'DscoTrigger.node.js'),
			).DscoTrigger)();
			// n8n's loader gives every polling node its "Poll Times" parameter.
			return {
				...description,
				properties: [{ name: 'pollTimes', type: 'fixedCollection' }, ...description.properties],
			};
		}
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Dsco } = require(path.join(ROOT, 'dist', 'nodes', 'Dsco', 'Dsco.node.js'));
		return new Dsco().description;
	}

	/** Properties of `resource`/`operation` that are shown for these parameter values. */
	function shown(properties: Property[], params: Record<string, unknown>): Property[] {
		return properties.filter((p) =>
			Object.entries(p.displayOptions?.show ?? {}).every(
				([key, values]) => key.startsWith('@') || values.includes(params[key]),
			),
		);
	}

	const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'));

	test('there are examples, each with an id n8n accepts', () => {
		expect(files).toContain('get-new-orders-and-acknowledge.json');
		for (const f of files) expect(exampleWorkflow(f).id).toMatch(/^[A-Za-z0-9]{1,21}$/);
	});

	test.each(files)('%s uses only resources, operations and parameters the node has', (file) => {
		const wf = exampleWorkflow(file) as unknown as {
			nodes: WorkflowNode[];
			connections: Record<string, unknown>;
		};
		const names = wf.nodes.map((n) => n.name);
		for (const from of Object.keys(wf.connections)) expect(names).toContain(from);
		const dscoNodes = wf.nodes.filter((n) => n.type.startsWith('n8n-nodes-dsco.'));
		expect(dscoNodes.length).toBeGreaterThan(0);
		for (const node of dscoNodes) {
			expect([NODE_TYPE, 'n8n-nodes-dsco.dscoTrigger']).toContain(node.type);
			const description = dscoDescription(node.type);
			expect(([] as number[]).concat(description.version)).toContain(node.typeVersion);
			expect(Object.keys(node.credentials ?? {})).toEqual(['dscoApi']);
			// As the editor shows them: with the defaults of the parameters the example leaves out (e.g. Ship From).
			const resolved =
				NodeHelpers.getNodeParameters(
					description.properties.filter(
						(p) => p.name !== 'pollTimes',
					) as unknown as INodeProperties[],
					node.parameters as never,
					true,
					false,
					{ typeVersion: node.typeVersion } as never,
					description as never,
				) ?? {};
			const visible = shown(description.properties, { ...resolved, ...node.parameters });
			for (const [key, value] of Object.entries(node.parameters)) {
				const prop = visible.find((p) => p.name === key);
				expect({ node: node.name, parameter: key, known: !!prop }).toEqual({
					node: node.name,
					parameter: key,
					known: true,
				});
				if (prop?.type === 'options' && typeof value === 'string' && !value.startsWith('=')) {
					expect(prop.options?.map((o) => o.value)).toContain(value);
				}
			}
		}
	});
});
