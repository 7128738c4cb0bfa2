// The workflows in examples/, end to end in a real n8n 2.41.1 with the package installed as a community package:
// - every file is imported into n8n as it is, and its nodes are checked against their node types (DSCO nodes from
//   dist/, n8n's own from the installed n8n-nodes-base) with n8n's own display rules;
// - a copy of each example runs headless (`n8n execute`) against the DSCO simulator. In the copy, the triggers give
//   way to one Manual Trigger and the placeholders for the outside world (the ERP's HTTP Request nodes, the webhook,
//   Slack) become Set (+ Split Out) nodes producing realistic data under the same node names, so that the examples'
//   own expressions (`$json.body…`, `$('New DSCO order').item…`) run unchanged. Every DSCO action node runs as it is
//   in the file. The DSCO Trigger is a polling trigger, which `n8n execute` does not poll: it becomes a DSCO
//   "Get Many" node of the same name over a date window that holds exactly the orders chosen for the test (New
//   Return: a Return → Get, by DSCO return ID, of the returns the test created). The returns example's Code node
//   (its ERP stand-in) runs as it is, in n8n's task runner.
// n8n boots for every CLI call (~10 s), so the four copies run in ONE execution: the Manual Trigger feeds each
// example's first node, and with execution order v1 the branches run one after the other, top to bottom
// (inventory full, inventory changes, new orders, shipment, SLA). The shipment copy then runs once more on its own
// to show the duplicate guard, and the catalog example (products → catalog → inventory) and the returns example
// (new return → ERP credit → complete the return) run in their own executions.
// Assertions: what the simulator received and now holds, and what each node output.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { Order, RecordedRequest, Return } from '../simulator';
import {
	allOutput,
	e2eTarball,
	removeUnlessKept,
	runOf,
	runtime as rt,
	SIM_CREDENTIAL,
	simulatorCredential,
	type N8nResult,
	type RunJson,
} from './runtime';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type Json = Record<string, unknown>;

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const DSCO = 'n8n-nodes-dsco.dsco';
const DSCO_TRIGGER = 'n8n-nodes-dsco.dscoTrigger';

interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	webhookId?: string;
}
interface Connection {
	node: string;
	type: string;
	index: number;
}
type Connections = Record<string, { main: Connection[][] }>;
interface Workflow {
	id: string;
	name: string;
	nodes: WfNode[];
	connections: Connections;
	settings?: Json;
	[key: string]: unknown;
}

const FILES = {
	inventory: 'inventory-sync-from-erp.json',
	newOrder: 'new-order-to-erp-and-acknowledge.json',
	shipment: 'erp-shipment-to-dsco.json',
	sla: 'sla-acknowledge-overdue-alert.json',
	catalog: 'products-to-dsco-catalog-and-inventory.json',
	returns: 'new-return-erp-credit-complete.json',
};

function readExample(file: string): Workflow {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as Workflow;
}

function exampleNode(file: string, name: string): WfNode {
	const node = readExample(file).nodes.find((n) => n.name === name);
	if (!node) throw new Error(`${file} has no node "${name}"`);
	return node;
}

// ---------------------------------------------------------------------------------------------------------------
// Test copies of the examples
// ---------------------------------------------------------------------------------------------------------------

/** A node that takes a replaced node's place. */
type NewNode = Pick<WfNode, 'type' | 'typeVersion' | 'parameters'> & {
	credentials?: WfNode['credentials'];
};

/** Set node (JSON mode) that outputs `{ rows }`, then Split Out: one item per row, like an HTTP Request answering a JSON array. */
function rowsFrom(rows: Json[]): NewNode[] {
	return [
		{
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} },
		},
		{
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'rows', include: 'noOtherFields', options: {} },
		},
	];
}

/** Set node (JSON mode) that outputs this one item. */
function itemFrom(json: Json): NewNode[] {
	return [
		{
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify(json), options: {} },
		},
	];
}

/** Set node (fields mode) that outputs, per input item, these fields (values may be n8n expressions). */
function fieldsFrom(fields: Record<string, string>): NewNode[] {
	const assignments = Object.entries(fields).map(([name, value], k) => ({
		id: `e2e-field-${k}`,
		name,
		value,
		type: 'string',
	}));
	return [
		{
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				assignments: { assignments },
				includeOtherFields: false,
				options: {},
			},
		},
	];
}

function isTrigger(node: WfNode): boolean {
	return /trigger$/i.test(node.type) || node.type === 'n8n-nodes-base.webhook';
}

/** One example's nodes with its triggers and placeholders swapped, plus the nodes a Manual Trigger must start. */
interface TestCopy {
	nodes: WfNode[];
	connections: Connections;
	starts: string[];
}

/**
 * The example `file` with each node named in `swaps` replaced by a chain of new nodes; the chain's last node takes
 * the replaced node's name and position, so connections out of it and expressions naming it stay as they are. A
 * trigger may be replaced by nothing ([]): the Manual Trigger then starts the nodes it started. Every trigger must be
 * swapped; DSCO action nodes may not be.
 */
function testCopy(file: string, swaps: Record<string, NewNode[]>): TestCopy {
	const wf = readExample(file);
	for (const node of wf.nodes) {
		if (isTrigger(node) && !(node.name in swaps))
			throw new Error(`${file}: trigger "${node.name}" must be swapped for the test`);
	}
	const nodes: WfNode[] = [];
	const connections: Connections = structuredClone(wf.connections);
	const starts: string[] = [];
	/** Replaced node → first node of its chain, where its incoming connections now go. */
	const entryOf = new Map<string, string>();
	const links: Array<[string, string]> = [];
	for (const node of wf.nodes) {
		// Sticky notes do not run (and every example has one called "Sticky Note").
		if (node.type === 'n8n-nodes-base.stickyNote') continue;
		const chain = swaps[node.name];
		if (!chain) {
			nodes.push(node);
			continue;
		}
		if (node.type === DSCO) throw new Error(`${file}: DSCO node "${node.name}" runs as it is`);
		if (chain.length === 0) {
			if (!isTrigger(node))
				throw new Error(`${file}: only a trigger can be removed ("${node.name}")`);
			starts.push(...(connections[node.name]?.main[0] ?? []).map((c) => c.node));
			delete connections[node.name];
			continue;
		}
		const names = chain.map((_, j) =>
			j === chain.length - 1
				? node.name
				: `${node.name} (test data${chain.length > 2 ? ` ${j + 1}` : ''})`,
		);
		chain.forEach((n, j) => {
			nodes.push({
				...n,
				id: `${node.id}-e2e${j}`,
				name: names[j],
				position: [node.position[0] - 200 * (chain.length - 1 - j), node.position[1]],
			});
			if (j > 0) links.push([names[j - 1], names[j]]);
		});
		if (isTrigger(node)) starts.push(names[0]);
		else entryOf.set(node.name, names[0]);
	}
	for (const out of Object.values(connections)) {
		for (const conns of out.main)
			for (const c of conns ?? []) c.node = entryOf.get(c.node) ?? c.node;
	}
	for (const [from, to] of links)
		connections[from] = { main: [[{ node: to, type: 'main', index: 0 }]] };
	for (const name of Object.keys(swaps))
		if (!wf.nodes.some((n) => n.name === name))
			throw new Error(`${file} has no node "${name}" to swap`);
	return { nodes, connections, starts: starts.map((name) => entryOf.get(name) ?? name) };
}

/** One workflow: a Manual Trigger starting every copy's first nodes; copies placed one below the other, in order. */
function manualWorkflow(id: string, name: string, copies: TestCopy[]): Workflow {
	const trigger: WfNode = {
		id: `${id}-manual`,
		name: 'Manual Trigger',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [-600, 0],
		parameters: {},
	};
	const nodes: WfNode[] = [trigger];
	const connections: Connections = {};
	const starts: string[] = [];
	copies.forEach((copy, k) => {
		for (const node of copy.nodes)
			nodes.push({ ...node, position: [node.position[0], node.position[1] + k * 1000] });
		Object.assign(connections, copy.connections);
		starts.push(...copy.starts);
	});
	connections[trigger.name] = { main: [starts.map((node) => ({ node, type: 'main', index: 0 }))] };
	const names = nodes.map((n) => n.name);
	expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a run
// ---------------------------------------------------------------------------------------------------------------

/** The items of output `outputIndex` of every run of a node, in run order. */
function runsOf(run: RunJson, nodeName: string, outputIndex = 0): Json[][] {
	return (run.data.resultData.runData[nodeName] ?? []).map((r) =>
		(r.data?.main[outputIndex] ?? []).map((item) => item.json),
	);
}

function expectSuccess(r: N8nResult & { run?: RunJson }): RunJson {
	const run = runOf(r);
	const error = run.data.resultData.error;
	expect({
		status: run.status,
		error: error && `${error.node?.name}: ${error.message} ${error.description ?? ''}`,
	}).toEqual({
		status: 'success',
		error: undefined,
	});
	expect(r.code).toBe(0);
	return run;
}

const posts = (requests: RecordedRequest[], p: string) =>
	requests.filter((q) => q.method === 'POST' && q.path === p);

// ---------------------------------------------------------------------------------------------------------------
// Node types, for the parameter check
// ---------------------------------------------------------------------------------------------------------------

/** DSCO's node descriptions from dist/ (what the tarball holds), with what n8n's loader adds. */
function dscoDescription(type: string): INodeTypeDescription {
	/* eslint-disable @typescript-eslint/no-require-imports */
	if (type === DSCO)
		return new (require(path.join(ROOT, 'dist', 'nodes', 'Dsco', 'Dsco.node.js')).Dsco)()
			.description;
	if (type !== DSCO_TRIGGER) throw new Error(`unexpected node type ${type}`);
	const description: INodeTypeDescription = new (require(
		path.join(ROOT, 'dist', 'nodes', 'Dsco', 'DscoTrigger.node.js'),
	).DscoTrigger)().description;
	// n8n's loader gives every polling node its "Poll Times" parameter.
	const { commonPollingParameters } = require(
		path.join(ROOT, 'node_modules', 'n8n-core', 'dist', 'nodes-loader', 'constants.js'),
	);
	/* eslint-enable @typescript-eslint/no-require-imports */
	return { ...description, properties: [...commonPollingParameters, ...description.properties] };
}

/**
 * Descriptions of n8n's own nodes (`n8n-nodes-base.*`) at the given versions, from the installed n8n. Read in a
 * child process under n8n's Node 24: some of n8n-nodes-base's dependencies are ES modules that Jest cannot load.
 */
async function baseNodeDescriptions(
	wanted: Array<[string, number]>,
): Promise<Map<string, INodeTypeDescription>> {
	const bin = await rt.ensureN8n();
	const script = `
		const path = require('node:path');
		const [bin, wanted] = process.argv.slice(1);
		const base = path.dirname(require.resolve('n8n-nodes-base/package.json', { paths: [path.dirname(bin)] }));
		const files = require(path.join(base, 'package.json')).n8n.nodes;
		const out = {};
		for (const [type, version] of JSON.parse(wanted)) {
			const file = files.find((f) => path.basename(f).toLowerCase() === type.split('.')[1].toLowerCase() + '.node.js');
			if (!file) { out[type + '@' + version] = { error: 'n8n-nodes-base has no such node' }; continue; }
			const nodeType = new (Object.values(require(path.join(base, file)))[0])();
			const description = nodeType.nodeVersions
				? nodeType.nodeVersions[version]?.description
				: [].concat(nodeType.description.version).includes(version) ? nodeType.description : undefined;
			out[type + '@' + version] = description ?? { error: 'the node has no version ' + version };
		}
		process.stdout.write('@@descriptions@@' + JSON.stringify(out));`;
	const r = spawnSync(rt.node24(), ['-e', script, bin, JSON.stringify(wanted)], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	const marker = r.stdout.indexOf('@@descriptions@@');
	if (r.status !== 0 || marker < 0)
		throw new Error(`reading n8n-nodes-base failed (exit ${r.status}):\n${r.stderr.slice(-4000)}`);
	return new Map(
		Object.entries(
			JSON.parse(r.stdout.slice(marker + '@@descriptions@@'.length)) as Record<
				string,
				INodeTypeDescription
			>,
		),
	);
}

/** Whether every value given in `given` is in `kept` unchanged (kept may add defaults). */
function keptAsGiven(given: unknown, kept: unknown): boolean {
	if (Array.isArray(given))
		return (
			Array.isArray(kept) &&
			given.length === kept.length &&
			given.every((g, i) => keptAsGiven(g, kept[i]))
		);
	if (given && typeof given === 'object') {
		return (
			!!kept &&
			typeof kept === 'object' &&
			Object.entries(given).every(([k, v]) => keptAsGiven(v, (kept as Json)[k]))
		);
	}
	return given === kept;
}

/** What n8n would drop, change or flag in a node's parameters (empty = the node is as its type expects). */
function parameterProblems(node: WfNode, description: INodeTypeDescription): string[] {
	const problems: string[] = [];
	const asNode = node as unknown as INode;
	// n8n resolves a node's parameters against its type like this when it loads a workflow: hidden or unknown
	// parameters disappear, defaults are added.
	const kept =
		NodeHelpers.getNodeParameters(
			description.properties,
			node.parameters,
			true,
			false,
			asNode,
			description,
		) ?? {};
	for (const [key, value] of Object.entries(node.parameters)) {
		if (!(key in kept)) problems.push(`"${key}" is not a parameter shown for these values`);
		else if (!keptAsGiven(value, kept[key]))
			problems.push(`"${key}" is not kept as given: ${JSON.stringify(kept[key]).slice(0, 200)}`);
		const shown = description.properties.filter(
			(p) => p.name === key && NodeHelpers.displayParameter(kept, p, asNode, description),
		);
		const property: INodeProperties | undefined = shown[0];
		const literal = (v: unknown) => !(typeof v === 'string' && v.startsWith('='));
		const allowed = (property?.options ?? []).map((o) => ('value' in o ? o.value : undefined));
		if (property?.type === 'options' && literal(value) && !allowed.includes(value as string))
			problems.push(`"${key}": ${JSON.stringify(value)} is not an option`);
		if (property?.type === 'multiOptions' && Array.isArray(value)) {
			for (const v of value)
				if (literal(v) && !allowed.includes(v as string))
					problems.push(`"${key}": ${JSON.stringify(v)} is not an option`);
		}
		if (
			(property?.type === 'collection' || property?.type === 'fixedCollection') &&
			value &&
			typeof value === 'object'
		) {
			const names = (property.options ?? []).map((o) => o.name);
			for (const k of Object.keys(value))
				if (!names.includes(k)) problems.push(`"${key}.${k}" is not an option of ${key}`);
		}
	}
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, asNode, description);
	if (issues) problems.push(`parameter issues: ${JSON.stringify(issues.parameters)}`);
	return problems;
}

// ---------------------------------------------------------------------------------------------------------------

const exampleFiles = () =>
	fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort();

describe('examples/ against the node types (DSCO from dist/, n8n-nodes-base from the installed n8n)', () => {
	const files = exampleFiles();

	test('every node of every example has only parameters its node type shows at its version, kept as given', async () => {
		expect(files).toEqual(expect.arrayContaining(Object.values(FILES)));
		const readme = fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');
		const examples = files.map((file) => ({ file, wf: readExample(file) }));
		const baseNodes = examples.flatMap(({ wf }) =>
			wf.nodes.filter((n) => !n.type.startsWith('n8n-nodes-dsco.')),
		);
		const base = await baseNodeDescriptions(
			[...new Set(baseNodes.map((n) => `${n.type}@${n.typeVersion}`))].map((k) => {
				const [type, version] = k.split('@');
				return [type, Number(version)];
			}),
		);
		const problems: string[] = [];
		for (const { file, wf } of examples) {
			if (!readme.includes(`\`${file}\``)) problems.push(`${file}: not in examples/README.md`);
			if (!/^[A-Za-z0-9]{1,21}$/.test(wf.id)) problems.push(`${file}: id "${wf.id}"`);
			const names = wf.nodes.map((n) => n.name);
			if (new Set(names).size !== names.length) problems.push(`${file}: node names repeat`);
			for (const [from, out] of Object.entries(wf.connections)) {
				for (const to of [from, ...out.main.flat().map((c) => c.node)])
					if (!names.includes(to)) problems.push(`${file}: connection names unknown node "${to}"`);
			}
			for (const node of wf.nodes) {
				const where = `${file} › ${node.name} (${node.type} v${node.typeVersion})`;
				let description: INodeTypeDescription & { error?: string };
				if (node.type.startsWith('n8n-nodes-dsco.')) {
					if (JSON.stringify(node.credentials) !== JSON.stringify({ dscoApi: SIM_CREDENTIAL }))
						problems.push(`${where}: credential`);
					if (node.typeVersion !== 1) problems.push(`${where}: typeVersion`);
					description = dscoDescription(node.type);
				} else description = base.get(`${node.type}@${node.typeVersion}`)!;
				if (description.error) problems.push(`${where}: ${description.error}`);
				else for (const p of parameterProblems(node, description)) problems.push(`${where}: ${p}`);
			}
		}
		expect(problems).toEqual([]);
	});
});

describe(`examples/ imported into n8n ${rt.N8N_VERSION} and run against the DSCO simulator`, () => {
	const files = exampleFiles();
	let sim: Simulator;
	let userFolder: string;
	let imported: N8nResult;
	let run: RunJson;
	/** What DSCO received during the execution of all four copies. */
	let received: RecordedRequest[];

	// The test data, chosen from the simulator's seeded orders and SKUs in beforeAll.
	let newOrders: Order[];
	let shipOrder: Order;
	const tracking = '1ZE2E0000000000042';
	const shippedAt = '2025-11-21T15:04:00Z';
	const erpFull: Json[] = [];
	const erpChanges: Json[] = [];
	const UNKNOWN_SKU = 'ERP-ONLY-0099';
	let refusedSkuBefore: unknown;
	/** The catalog example's copy (its own execution) and its sample products, as its Code node makes them. */
	let catalogWf: Workflow;
	const SAMPLE_PRODUCTS = 'Sample products (ERP / Shopify)';
	/** The returns example's copy (its own execution) and the returns the retailers created for it. */
	let returnsWf: Workflow;
	let newReturns: Return[];
	const products = (
		new Function(
			exampleNode(FILES.catalog, SAMPLE_PRODUCTS).parameters.jsCode as string,
		)() as Array<{
			json: Json;
		}>
	).map((i) => i.json);

	beforeAll(async () => {
		// 24 seeded orders two hours apart over the two days before start: the older half is past its
		// acknowledge-by date (created + 1 day), the newer half is not.
		sim = await startSimulator({ orders: 24 });
		userFolder = rt.prepareUserFolder(fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-e2e-examples-')));
		await rt.installPackageTarball(userFolder, e2eTarball());
		await rt.importCredentials(userFolder, [simulatorCredential(sim)]);

		// Orders: the three newest real orders are the "new orders" (the window of the swapped trigger holds exactly
		// them); the next newest plain dropship order is the one the ERP ships. None of them is overdue, so the SLA
		// example's answer does not depend on the order in which the branches run.
		const byAge = sim
			.orders()
			.filter((o) => !o.testFlag)
			.sort((a, b) => Date.parse(b.dscoCreateDate) - Date.parse(a.dscoCreateDate));
		newOrders = byAge.slice(0, 3).reverse();
		shipOrder = byAge.slice(3).find((o) => o.orderType === 'dropship' && !o.cancelRequested)!;
		for (const o of [...newOrders, shipOrder]) {
			expect({
				order: o.dscoOrderId,
				lifecycle: o.dscoLifecycle,
				ackByLater: Date.parse(o.acknowledgeByDate) > Date.now() + 3600_000,
			}).toEqual({
				order: o.dscoOrderId,
				lifecycle: 'created',
				ackByLater: true,
			});
		}

		// Returns: retailers create them of shipped orders (none of the orders above, which are not shipped). Their lines
		// carry the simulator's random reason codes: at least three returns, and until one has a WRONG_ITEM line, which
		// the ERP stand-in rejects.
		newReturns = sim.createReturns(3);
		const reasons = () => newReturns.flatMap((r) => r.lineItems.map((l) => l.reasonCode));
		while (!reasons().includes('WRONG_ITEM') && newReturns.length < 10)
			newReturns.push(...sim.createReturns(1));
		expect({
			orders: newReturns.filter((r) =>
				[...newOrders, shipOrder].some((o) => o.dscoOrderId === r.dscoOrderId),
			),
			wrongItem: reasons().includes('WRONG_ITEM'),
			other: reasons().some((r) => r !== 'WRONG_ITEM'),
		}).toEqual({ orders: [], wrongItem: true, other: true });

		// ERP stock rows (the shape the inventory example documents): the full list, then a later change list.
		const stock = (sku: string, wh01: number, wh02?: number) => ({
			sku,
			description: `ERP item ${sku}`,
			locations: [
				{ warehouse: 'WH01', available: wh01 },
				...(wh02 === undefined ? [] : [{ warehouse: 'WH02', available: wh02 }]),
			],
		});
		const current = (sku: string) => sim.inventory(sku)!.warehouses.map((w) => w.quantity ?? 0);
		const [a1, a2] = current('SIM-SKU-0011');
		erpFull.push(
			stock('SIM-SKU-0011', a1 + 5, a2 + 3),
			stock('SIM-SKU-0012', 40, 2),
			stock('SIM-SKU-0013', -4, 0), // oversold in the ERP: sent as 0
			stock(UNKNOWN_SKU, 7), // not listed on DSCO: skipped
			stock('SIM-SKU-0014', 2.5, 1), // a unit-of-measure slip: refused before sending, to the error output
		);
		erpChanges.push(stock('SIM-SKU-0011', 1, 0), stock('SIM-SKU-0015', 9, 9));
		refusedSkuBefore = sim.inventory('SIM-SKU-0014');

		const copies = {
			inventory: testCopy(FILES.inventory, {
				'Nightly at 02:00': [],
				'Every 15 minutes': [],
				'ERP: all stock levels': rowsFrom(erpFull),
				'ERP: stock changed recently': rowsFrom(erpChanges),
			}),
			newOrder: testCopy(FILES.newOrder, {
				// The DSCO Trigger is not polled by `n8n execute`: a DSCO Get Many of the same name delivers the new orders.
				'New DSCO order': [
					{
						type: DSCO,
						typeVersion: 1,
						parameters: {
							resource: 'order',
							operation: 'getMany',
							window: 'created',
							since: newOrders[0].dscoCreateDate,
							returnAll: true,
							filters: {
								statuses: ['created'],
								until: newOrders[newOrders.length - 1].dscoCreateDate,
							},
						},
						credentials: { dscoApi: SIM_CREDENTIAL },
					},
				],
				// The ERP answers with its order number; the Set node also evaluates the example's request body.
				'ERP: create sales order': fieldsFrom({
					orderNumber: '=SO-{{ $json.dscoOrderId.slice(-6) }}',
					requestBody: exampleNode(FILES.newOrder, 'ERP: create sales order').parameters
						.jsonBody as string,
				}),
			}),
			shipment: testCopy(FILES.shipment, {
				'ERP shipment webhook': itemFrom({
					headers: { 'content-type': 'application/json' },
					body: {
						poNumber: shipOrder.poNumber,
						trackingNumber: tracking,
						shippedAt,
						warehouse: 'WH01',
						lines: shipOrder.lineItems.map((l) => ({ sku: l.sku, quantity: l.quantity })),
					},
				}),
			}),
			sla: testCopy(FILES.sla, {
				'Every hour': [],
				// Slack's place: the Set node evaluates the example's message text.
				'Alert in Slack': fieldsFrom({
					text: exampleNode(FILES.sla, 'Alert in Slack').parameters.text as string,
				}),
			}),
		};
		const all = manualWorkflow('dscoE2eExamplesAll01', 'e2e: the four examples', [
			copies.inventory,
			copies.newOrder,
			copies.shipment,
			copies.sla,
		]);
		const shipAgain = manualWorkflow('dscoE2eExShipAgain01', 'e2e: ERP shipment example again', [
			copies.shipment,
		]);
		// The catalog example runs on its own: its inventory batch must not mix with the inventory example's.
		catalogWf = manualWorkflow('dscoE2eExCatalog01', 'e2e: products to catalog and inventory', [
			testCopy(FILES.catalog, {
				'When clicking ‘Execute workflow’': [],
				// The Code node stands for the ERP: a Set node of the same name gives its sample products.
				[SAMPLE_PRODUCTS]: rowsFrom(products),
			}),
		]);
		// The returns example runs on its own. The DSCO Trigger (New Return) is not polled by `n8n execute`: a DSCO
		// Return → Get of the same name reads the returns the test created, by DSCO return ID, as the stream gives them.
		returnsWf = manualWorkflow('dscoE2eExReturns01', 'e2e: new return to ERP credit to complete', [
			testCopy(FILES.returns, {
				'New DSCO return': [
					...rowsFrom(newReturns.map((r) => ({ dscoReturnId: r.dscoReturnId }))),
					{
						type: DSCO,
						typeVersion: 1,
						parameters: {
							resource: 'return',
							operation: 'get',
							returnIdType: 'dscoReturnId',
							returnId: '={{ $json.dscoReturnId }}',
						},
						credentials: { dscoApi: SIM_CREDENTIAL },
					},
				],
			}),
		]);
		imported = await rt.importWorkflow(userFolder, [
			...files.map(readExample),
			all,
			shipAgain,
			catalogWf,
			returnsWf,
		]);

		const before = sim.requests.length;
		run = expectSuccess(await rt.executeWorkflow(userFolder, all.id));
		received = sim.requests.slice(before);
	});

	afterAll(async () => {
		await sim?.close();
		if (userFolder) removeUnlessKept(userFolder);
	});

	test('every example imports into n8n as it is', () => {
		expect(allOutput(imported)).toContain(`Successfully imported ${files.length + 4} workflows`);
	});

	test('inventory: ERP rows (full, then changes) update DSCO per warehouse; unknown SKUs skipped, a bad row reported and the rest sent', async () => {
		// Two runs of the DSCO node: the nightly full list, then the 15-minute change list. One output item per row.
		const [fullOut, changesOut] = runsOf(run, 'Update inventory in DSCO');
		expect(fullOut.map((o) => [o.sku, o.status, o.error])).toEqual([
			['SIM-SKU-0011', 'success', undefined],
			['SIM-SKU-0012', 'success', undefined],
			['SIM-SKU-0013', 'success', undefined],
			[UNKNOWN_SKU, 'skipped', undefined],
			[
				undefined,
				undefined,
				expect.stringMatching(
					/^Invalid "Warehouse 1 Quantity" \[item 4\]: 2\.5 is not a whole number/,
				),
			],
		]);
		expect(changesOut.map((o) => [o.sku, o.status])).toEqual([
			['SIM-SKU-0011', 'success'],
			['SIM-SKU-0015', 'success'],
		]);
		// "Rows DSCO refused" passes on exactly the refused row (and nothing from the change list).
		expect(runsOf(run, 'Rows DSCO refused')).toEqual([[fullOut[4]], []]);

		// What DSCO received: one batch per run, skipping unknown SKUs; the bad row never left n8n.
		const batches = posts(received, '/inventory/batch/small');
		expect(batches.map((q) => [q.query.skipItemsThatDontExist, q.status])).toEqual([
			['true', 202],
			['true', 202],
		]);
		const item = (sku: string, wh01: number, wh02?: number) => {
			const warehouses = [
				{ code: 'WH01', quantity: wh01 },
				...(wh02 === undefined ? [] : [{ code: 'WH02', quantity: wh02 }]),
			];
			const quantityAvailable = wh01 + (wh02 ?? 0);
			return {
				sku,
				warehouses,
				quantityAvailable,
				status: quantityAvailable > 0 ? 'in-stock' : 'out-of-stock',
			};
		};
		const q = (row: Json, w: number) =>
			((row.locations as Array<{ available: number }>)[w] ?? {}).available;
		expect(batches.map((b) => b.body)).toEqual([
			[
				item('SIM-SKU-0011', q(erpFull[0], 0), q(erpFull[0], 1)),
				item('SIM-SKU-0012', 40, 2),
				item('SIM-SKU-0013', 0, 0),
				item(UNKNOWN_SKU, 7),
			],
			[item('SIM-SKU-0011', 1, 0), item('SIM-SKU-0015', 9, 9)],
		]);

		// And DSCO's inventory now: the later change wins; the refused row and the unknown SKU changed nothing.
		const stock = (sku: string) => {
			const i = sim.inventory(sku);
			return (
				i && {
					warehouses: i.warehouses.map((w) => [w.code, w.quantity]),
					quantityAvailable: i.quantityAvailable,
					status: i.status,
				}
			);
		};
		expect(stock('SIM-SKU-0011')).toEqual({
			warehouses: [
				['WH01', 1],
				['WH02', 0],
			],
			quantityAvailable: 1,
			status: 'in-stock',
		});
		expect(stock('SIM-SKU-0012')).toEqual({
			warehouses: [
				['WH01', 40],
				['WH02', 2],
			],
			quantityAvailable: 42,
			status: 'in-stock',
		});
		expect(stock('SIM-SKU-0013')).toEqual({
			warehouses: [
				['WH01', 0],
				['WH02', 0],
			],
			quantityAvailable: 0,
			status: 'out-of-stock',
		});
		expect(stock('SIM-SKU-0015')).toEqual({
			warehouses: [
				['WH01', 9],
				['WH02', 9],
			],
			quantityAvailable: 18,
			status: 'in-stock',
		});
		expect(sim.inventory('SIM-SKU-0014')).toEqual(refusedSkuBefore);
		expect(sim.inventory(UNKNOWN_SKU)).toBeUndefined();
	});

	test('new orders: each goes to the ERP (the example’s request body) and is acknowledged in DSCO with the ERP’s order number', async () => {
		const ids = newOrders.map((o) => o.dscoOrderId);
		const soNumber = (id: string) => `SO-${id.slice(-6)}`;
		expect(runsOf(run, 'New DSCO order')[0].map((o) => o.dscoOrderId)).toEqual(ids);

		// The body the example would POST to the ERP, evaluated by n8n on each order.
		const erp = runsOf(run, 'ERP: create sales order')[0];
		expect(erp.map((e) => e.orderNumber)).toEqual(ids.map(soNumber));
		erp.forEach((e, k) => {
			const o = newOrders[k];
			expect(JSON.parse(String(e.requestBody))).toEqual({
				channel: 'DSCO',
				externalOrderId: o.dscoOrderId,
				poNumber: o.poNumber,
				retailerId: o.dscoRetailerId,
				shipBy: o.shipByDate,
				shipTo: o.shipping,
				shipCarrier: o.shipCarrier,
				shipMethod: o.shipMethod,
				lines: o.lineItems.map((l) => ({
					lineNumber: l.lineNumber,
					sku: l.sku,
					quantity: l.quantity,
					unitCost: l.expectedCost,
				})),
			});
		});

		// One acknowledgment call with the three orders, each result verified through DSCO's change log.
		const acks = posts(received, '/order/acknowledge');
		expect(acks.map((q) => [q.status, q.body])).toEqual([
			[202, ids.map((id) => ({ id, type: 'DSCO_ORDER_ID', supplierOrderNumber: soNumber(id) }))],
		]);
		const out = runsOf(run, 'Acknowledge order in DSCO')[0];
		expect(out.map((o) => [o.orderId, o.status])).toEqual(ids.map((id) => [id, 'success']));
		for (const id of ids) {
			expect({
				id,
				lifecycle: sim.getOrder(id)?.dscoLifecycle,
				number: sim.getOrder(id)?.supplierOrderNumber,
			}).toEqual({
				id,
				lifecycle: 'acknowledged',
				number: soNumber(id),
			});
		}
	});

	test('shipment: the ERP’s package becomes one DSCO package; run again, it is alreadyShipped and not sent twice', async () => {
		const lines = shipOrder.lineItems.map((l) => ({ sku: l.sku, quantity: l.quantity }));
		const packages = () =>
			(sim.getOrder(shipOrder.dscoOrderId)?.packages ?? []).filter(
				(p) => p.trackingNumber === tracking,
			);

		// First run (in the execution of all examples): shipped once, synchronously, with the order's own ship codes.
		expect(
			runsOf(run, 'Confirm shipment in DSCO')[0].map((o) => [
				o.orderId,
				o.trackingNumber,
				o.status,
			]),
		).toEqual([[shipOrder.poNumber, tracking, 'success']]);
		const shipments = posts(received, '/order/singleShipment');
		expect(shipments.map((q) => [q.status, q.body])).toEqual([
			[
				201,
				{
					poNumber: shipOrder.poNumber,
					shipments: [
						{
							trackingNumber: tracking,
							shipCarrier: shipOrder.shipCarrier,
							shipMethod: shipOrder.shipMethod,
							shippingServiceLevelCode: shipOrder.shippingServiceLevelCode,
							shipDate: expect.stringMatching(/^2025-11-21T15:04:00/),
							lineItems: lines,
							warehouseCode: 'WH01',
						},
					],
				},
			],
		]);
		// The duplicate guard read the order (by PO number) before shipping.
		expect(
			received.some(
				(q) => q.method === 'GET' && q.path === '/order/' && q.query.value === shipOrder.poNumber,
			),
		).toBe(true);
		expect(packages()).toHaveLength(1);
		expect(sim.getOrder(shipOrder.dscoOrderId)?.dscoLifecycle).toBe('completed');

		// Second run: the ERP sends the same package again.
		const before = sim.requests.length;
		const again = expectSuccess(await rt.executeWorkflow(userFolder, 'dscoE2eExShipAgain01'));
		const second = sim.requests.slice(before);
		expect(
			runsOf(again, 'Confirm shipment in DSCO')[0].map((o) => [o.trackingNumber, o.status]),
		).toEqual([[tracking, 'alreadyShipped']]);
		expect(posts(second, '/order/singleShipment')).toEqual([]);
		expect(
			second.filter((q) => q.method === 'GET' && q.path === '/order/').length,
		).toBeGreaterThanOrEqual(1);
		expect(packages()).toHaveLength(1);
	});

	test('SLA: exactly the orders past their acknowledge-by date are alerted, in one message', async () => {
		const read = runsOf(run, 'Orders awaiting acknowledgement')[0];
		const overdue = runsOf(run, 'Past acknowledge-by date')[0];
		const evaluatedAt = Date.parse(String((read[0].sla as Json).evaluatedAt));
		// Expected from DSCO's own state: real orders still awaiting acknowledgement whose acknowledge-by date had
		// passed when the node read them. (The orders the other examples acknowledged or shipped were not overdue.)
		const expected = sim
			.orders()
			.filter(
				(o) =>
					!o.testFlag &&
					o.dscoStatus === 'created' &&
					Date.parse(o.acknowledgeByDate) < evaluatedAt,
			)
			.map((o) => o.dscoOrderId)
			.sort();
		expect(expected.length).toBeGreaterThan(5);
		expect(overdue.map((o) => String(o.dscoOrderId)).sort()).toEqual(expected);
		expect(read.length).toBeGreaterThan(overdue.length); // the rest of the created orders are not due yet
		for (const o of read)
			expect((o.sla as Json).acknowledgeOverdue).toBe(expected.includes(String(o.dscoOrderId)));

		// The search DSCO received: orders created in the last 14 days, status created.
		const searches = received.filter(
			(q) => q.method === 'GET' && q.path === '/order/page' && q.query.ordersCreatedSince,
		);
		const since = (q: RecordedRequest) => Date.parse(String(q.query.ordersCreatedSince));
		const search = searches.find((q) => since(q) !== Date.parse(newOrders[0].dscoCreateDate));
		expect(search?.query.status).toBe('created');
		expect(Math.round((evaluatedAt - since(search!)) / 86400_000)).toBe(14);

		// One Slack message listing every overdue order (the example's text, evaluated by n8n).
		const alerts = runsOf(run, 'Alert in Slack')[0];
		expect(alerts).toHaveLength(1);
		const text = String(alerts[0].text);
		expect(text.split('\n')[0]).toBe(
			`:warning: ${expected.length} DSCO order(s) past their acknowledge-by date:`,
		);
		expect(text.split('\n')).toHaveLength(expected.length + 1);
		for (const id of expected)
			expect(text).toContain(`PO ${sim.getOrder(id)?.poNumber} (DSCO order ${id})`);
		expect(text).toMatch(/, \d+ h overdue$/m);
	});
	test('catalog: each product goes to the DSCO catalog (one JSON Lines call, verified), then its stock per warehouse', async () => {
		const before = sim.requests.length;
		const catalogRun = expectSuccess(await rt.executeWorkflow(userFolder, catalogWf.id));
		const got = sim.requests.slice(before);
		const skus = products.map((p) => p.sku);

		// One result per product from DSCO's catalog change log, then the filter, then one inventory result each.
		const [catalogOut] = runsOf(catalogRun, 'Create or update catalog items');
		expect(catalogOut.map((o) => [o.sku, o.status, o.error])).toEqual(
			skus.map((sku) => [sku, 'success', undefined]),
		);
		expect(runsOf(catalogRun, 'Accepted by the catalog')[0]).toHaveLength(skus.length);
		const [inventoryOut] = runsOf(catalogRun, 'Update inventory in DSCO');
		expect(inventoryOut.map((o) => [o.sku, o.status])).toEqual(skus.map((sku) => [sku, 'success']));

		// What DSCO received: the catalog first (one call), its change log, then the inventory (one call).
		const writes = got
			.filter((q) => q.method === 'POST' && q.path !== '/oauth2/token')
			.map((q) => `${q.path} ${q.status}`);
		expect(writes).toEqual(['/catalog/batch/small 202', '/inventory/batch/small 202']);
		expect(got.some((q) => q.path === '/catalog/log')).toBe(true);
		const [catalogCall] = posts(got, '/catalog/batch/small');
		expect(catalogCall.body).toEqual(
			products.map((p) => ({
				sku: p.sku,
				title: p.title,
				productStatus: 'active',
				description: p.description,
				brand: p.vendor,
				cost: p.cost,
				msrp: p.price,
				upc: p.barcode,
				images: (p.images as string[]).map((url, k) => ({
					name: k === 0 ? 'main' : `alt-${k}`,
					reference: url,
				})),
				weight: p.weightLb,
				weightUnits: 'lb',
			})),
		);

		// And DSCO now lists each product, with its stock per warehouse.
		for (const p of products) {
			expect(sim.catalogItem(String(p.sku))).toMatchObject({
				title: p.title,
				productStatus: 'active',
				dscoItemId: expect.any(String),
			});
			const stock = p.stock as Array<{ warehouse: string; available: number }>;
			expect(sim.inventory(String(p.sku))?.warehouses.map((w) => [w.code, w.quantity])).toEqual(
				expect.arrayContaining(stock.map((st) => [st.warehouse, st.available])),
			);
		}
	});

	test('returns: each new return is credited by the example’s code (run by n8n) and completed in DSCO exactly once', async () => {
		const before = sim.requests.length;
		const returnsRun = expectSuccess(await rt.executeWorkflow(userFolder, returnsWf.id));
		const got = sim.requests.slice(before);
		const ids = newReturns.map((r) => r.dscoReturnId);
		const accepts = (l: Return['lineItems'][number]) => l.reasonCode !== 'WRONG_ITEM';
		const units = (r: Return) => r.lineItems.filter(accepts).reduce((n, l) => n + l.quantity, 0);
		const memo = (r: Return) => `Credited in the ERP: CM-${r.dscoReturnId} (${units(r)} units)`;

		expect(runsOf(returnsRun, 'New DSCO return')[0].map((o) => o.dscoReturnId)).toEqual(ids);
		// The example's Code node, run by n8n's task runner: the credit memo and each line's answer.
		expect(runsOf(returnsRun, 'ERP: credit the return')[0]).toEqual(
			newReturns.map((r) => ({
				dscoReturnId: r.dscoReturnId,
				poNumber: r.poNumber,
				creditMemo: `CM-${r.dscoReturnId}`,
				unitsCredited: units(r),
				lines: r.lineItems.map((l) => ({
					sku: l.sku,
					lineNumber: l.lineNumber,
					response: accepts(l) ? 'accepted' : 'rejected',
				})),
			})),
		);
		expect(runsOf(returnsRun, 'Complete the return')[0]).toEqual(
			newReturns.map((r) => ({
				dscoReturnId: r.dscoReturnId,
				accepted: r.lineItems.filter(accepts).length,
				rejected: r.lineItems.filter((l) => !accepts(l)).length,
				status: 'success',
				returnStatus: 'completed',
			})),
		);

		// What DSCO received: one PUT /return/ per return (sync), nothing batched; each return completed once.
		const writes = got
			.filter((q) => q.method !== 'GET' && q.path !== '/oauth2/token')
			.map((q) => `${q.method} ${q.path} ${q.status}`);
		expect(writes).toEqual(ids.map(() => 'PUT /return/ 200'));
		expect(got.filter((q) => q.method === 'PUT').map((q) => q.body)).toEqual(
			newReturns.map((r) => ({
				dscoReturnId: r.dscoReturnId,
				lineItems: r.lineItems.map((l) => ({
					sku: l.sku,
					lineNumber: l.lineNumber,
					response: accepts(l) ? 'accepted' : 'rejected',
				})),
				responseReason: memo(r),
			})),
		);
		// And DSCO's state: completed, with each line's answer and the credit memo.
		for (const r of newReturns) {
			const now = sim.getReturn(r.dscoReturnId)!;
			expect({
				id: r.dscoReturnId,
				status: now.status,
				responseReason: now.responseReason,
				lines: now.lineItems.map((l) => [l.lineNumber, l.response]),
			}).toEqual({
				id: r.dscoReturnId,
				status: 'completed',
				responseReason: memo(r),
				lines: r.lineItems.map((l) => [l.lineNumber, accepts(l) ? 'accepted' : 'rejected']),
			});
		}
	});
});
