// examples/new-order-label-packing-slip-ship-confirm.json end to end in a real n8n 2.41.1 (the package installed as a
// community package), against the DSCO simulator. `n8n execute` does not poll triggers, so in the test's copy the
// DSCO Trigger gives way to a Manual Trigger and a DSCO "Get Many" node of the same name whose date window holds
// exactly the orders chosen for the test; the two "save to disk" nodes (the placeholders for a printer) write into a
// temporary folder that n8n is allowed to write to (N8N_RESTRICT_FILE_ACCESS_TO). Every DSCO node runs as it is in
// the file. Then: the PDFs on disk are opened with poppler's pdftotext (PO and tracking number in them) and one page
// is rendered with pdftoppm; the simulator holds exactly one package per label, each with the label's tracking
// number; no request to a file URL carried the DSCO token.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSimulator } from '../simulator';
import type { Order, RecordedRequest } from '../simulator';
import {
	e2eTarball,
	removeUnlessKept,
	runOf,
	runtime as rt,
	SIM_CREDENTIAL,
	simulatorCredential,
	type RunJson,
} from './runtime';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type Json = Record<string, unknown>;

const ROOT = path.join(__dirname, '..', '..');
const FILE = 'new-order-label-packing-slip-ship-confirm.json';
const SAVE_LABEL = 'Print label (save to disk)';
const SAVE_SLIP = 'Print packing slip (save to disk)';

interface WfNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	credentials?: Json;
}
interface Workflow {
	id: string;
	name: string;
	nodes: WfNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	[key: string]: unknown;
}

/** Items (json and binary metadata) of a node's first run. */
function outputOf(
	run: RunJson,
	name: string,
): Array<{ json: Json; binary?: Record<string, Json> }> {
	const runs = run.data.resultData.runData[name] as unknown as Array<{
		data?: { main: Array<Array<{ json: Json; binary?: Record<string, Json> }>> };
	}>;
	return runs?.[0]?.data?.main[0] ?? [];
}

function pdftotext(file: string): string {
	const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`pdftotext ${file} failed: ${r.stderr}`);
	return r.stdout;
}

describe(`${FILE} in n8n ${rt.N8N_VERSION} against the DSCO simulator`, () => {
	let sim: Simulator;
	let userFolder: string;
	let outDir: string;
	let run: RunJson;
	let orders: Order[];
	let received: RecordedRequest[];

	beforeAll(async () => {
		sim = await startSimulator({
			orders: 8,
			cancelRequests: 0,
			testOrders: 0,
			marketplaceOrders: 0,
			packingSlipReadyMs: 1500,
		});
		userFolder = rt.prepareUserFolder(fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-e2e-labels-')));
		outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-e2e-label-files-'));
		await rt.installPackageTarball(userFolder, e2eTarball());
		await rt.importCredentials(userFolder, [simulatorCredential(sim)]);

		// The two newest orders are the "new orders": the swapped trigger's window holds exactly them.
		orders = sim
			.orders()
			.sort((a, b) => Date.parse(a.dscoCreateDate) - Date.parse(b.dscoCreateDate))
			.slice(-2);

		const example = JSON.parse(
			fs.readFileSync(path.join(ROOT, 'examples', FILE), 'utf8'),
		) as Workflow;
		const manual: WfNode = {
			id: 'e2e-manual',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const nodes = example.nodes
			.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
			.map((n): WfNode => {
				if (n.name === 'New DSCO order') {
					return {
						...n,
						type: 'n8n-nodes-dsco.dsco',
						parameters: {
							resource: 'order',
							operation: 'getMany',
							window: 'created',
							since: orders[0].dscoCreateDate,
							returnAll: true,
							filters: { statuses: ['created'], until: orders[1].dscoCreateDate },
						},
						credentials: { dscoApi: SIM_CREDENTIAL },
					};
				}
				if (n.name === SAVE_LABEL || n.name === SAVE_SLIP) {
					// Same node, same expression for the file name; only the folder is the test's.
					const fileName = String(n.parameters.fileName).replace(
						'/home/node/.n8n-files/dsco-labels',
						outDir,
					);
					expect(fileName).not.toBe(n.parameters.fileName);
					return { ...n, parameters: { ...n.parameters, fileName } };
				}
				return n;
			});
		const workflow = {
			...example,
			id: 'dscoE2eLabelLoop01',
			name: 'e2e: label loop',
			nodes: [manual, ...nodes],
			connections: {
				...example.connections,
				[manual.name]: { main: [[{ node: 'New DSCO order', type: 'main', index: 0 }]] },
			},
		};
		await rt.importWorkflow(userFolder, workflow);

		const before = sim.requests.length;
		const r = await rt.executeWorkflow(userFolder, workflow.id, {
			env: { N8N_RESTRICT_FILE_ACCESS_TO: outDir },
		});
		run = runOf(r);
		received = sim.requests.slice(before);
		const error = run.data.resultData.error;
		expect({
			status: run.status,
			error: error && `${error.node?.name}: ${error.message} ${error.description ?? ''}`,
		}).toEqual({ status: 'success', error: undefined });
	});

	afterAll(async () => {
		await sim?.close();
		if (userFolder) removeUnlessKept(userFolder);
		if (outDir) removeUnlessKept(outDir);
	});

	test('one label per order: tracking number, link and DSCO’s status on the JSON, the PDF as binary `label`', () => {
		const labels = sim.labels();
		expect(labels.map((l) => l.dscoOrderId)).toEqual(orders.map((o) => o.dscoOrderId));
		const items = outputOf(run, 'Buy shipping label');
		expect(items.map((i) => i.json)).toEqual(
			orders.map((o, k) => ({
				dscoOrderId: o.dscoOrderId,
				poNumber: o.poNumber,
				referenceId: o.poNumber,
				carrier: o.shipCarrier,
				carrierServiceLevel: o.shippingServiceLevelCode,
				trackingNumber: labels[k].trackingNumber,
				trackingLink: labels[k].trackingLink,
				success: true,
				status: 'Label created',
				labelFormat: 'pdf',
				fileName: `${o.poNumber}-${labels[k].trackingNumber}.pdf`,
				warehouseId: '4000010000',
			})),
		);
		items.forEach((item, k) => {
			expect(item.binary?.label).toMatchObject({
				mimeType: 'application/pdf',
				fileExtension: 'pdf',
				fileName: `${orders[k].poNumber}-${labels[k].trackingNumber}.pdf`,
			});
		});
	});

	test('the packing slip is added to the same item (binary `packingSlip`), the label and its JSON kept', () => {
		const slips = sim.packingSlips();
		expect(slips.map((s) => [s.dscoOrderId, s.status])).toEqual(
			orders.map((o) => [o.dscoOrderId, 'success']),
		);
		const items = outputOf(run, 'Create packing slip');
		const labelled = outputOf(run, 'Buy shipping label');
		items.forEach((item, k) => {
			expect(item.json).toEqual({
				...labelled[k].json,
				packingSlip: {
					requestId: slips[k].requestId,
					status: 'success',
					dscoOrderId: orders[k].dscoOrderId,
					poNumber: orders[k].poNumber,
					fileName: `${orders[k].poNumber}-packing-slip.pdf`,
				},
			});
			expect(Object.keys(item.binary ?? {}).sort()).toEqual(['label', 'packingSlip']);
			expect(item.binary?.packingSlip).toMatchObject({
				mimeType: 'application/pdf',
				fileExtension: 'pdf',
				fileName: `${orders[k].poNumber}-packing-slip.pdf`,
			});
		});
		// What n8n holds after the slip node: items and their files, for the closing note.
		const files = items.flatMap((item, k) =>
			Object.entries(item.binary ?? {}).map(
				([key, b]) =>
					`item ${k} ${key}: ${String(b.fileName)} ${String(b.mimeType)} ${String(b.fileSize)}`,
			),
		);
		console.log(`"Create packing slip" output: ${items.length} items\n${files.join('\n')}`);
		// Both slips were asked for before the first was read; each read until ready.
		const slipCalls = received.filter((q) => q.path === '/packingslip').map((q) => q.method);
		expect(slipCalls.slice(0, 2)).toEqual(['POST', 'POST']);
		expect(slipCalls.filter((m) => m === 'GET').length).toBeGreaterThanOrEqual(2);
	});

	test('the PDFs written to disk hold the PO and tracking number as text (pdftotext); one page renders (pdftoppm)', () => {
		const labels = sim.labels();
		const files = fs.readdirSync(outDir).sort();
		expect(files).toEqual(
			orders
				.flatMap((o, k) => [
					`${o.poNumber}-${labels[k].trackingNumber}.pdf`,
					`${o.poNumber}-packing-slip.pdf`,
				])
				.sort(),
		);
		const sizes: string[] = [];
		orders.forEach((o, k) => {
			const labelFile = path.join(outDir, `${o.poNumber}-${labels[k].trackingNumber}.pdf`);
			const slipFile = path.join(outDir, `${o.poNumber}-packing-slip.pdf`);
			expect(fs.readFileSync(labelFile).equals(sim.file(labels[k].fileId)!.data)).toBe(true);
			const labelText = pdftotext(labelFile);
			expect(labelText).toContain(labels[k].trackingNumber);
			expect(labelText).toContain(`PO: ${o.poNumber}`);
			expect(labelText).toContain(o.shipping.name!);
			const slipText = pdftotext(slipFile);
			expect(slipText).toContain(`PO: ${o.poNumber}`);
			expect(slipText).toContain(labels[k].trackingNumber);
			for (const line of o.lineItems) expect(slipText).toContain(line.sku);
			sizes.push(
				`${path.basename(labelFile)} ${fs.statSync(labelFile).size} B`,
				`${path.basename(slipFile)} ${fs.statSync(slipFile).size} B`,
			);
		});

		// One page of the first label rendered to PNG (the README shows it: docs/label-example.png, refreshed with
		// DSCO_UPDATE_DOCS=1).
		const first = path.join(outDir, `${orders[0].poNumber}-${labels[0].trackingNumber}.pdf`);
		const prefix = path.join(outDir, 'label-page');
		const r = spawnSync(
			'pdftoppm',
			['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', first, prefix],
			{ encoding: 'utf8' },
		);
		expect(r.status).toBe(0);
		const png = fs.readFileSync(`${prefix}.png`);
		expect(png.subarray(0, 8)).toEqual(
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		// 4 × 6 in at 110 dpi.
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([440, 660]);
		if (process.env.DSCO_UPDATE_DOCS === '1')
			fs.copyFileSync(`${prefix}.png`, path.join(ROOT, 'docs', 'label-example.png'));
		console.log(`Files written by the example's "save to disk" nodes:\n${sizes.join('\n')}`);
	});

	test('DSCO holds exactly one package per label, with its tracking number; ship confirmations took the label’s values', () => {
		const labels = sim.labels();
		orders.forEach((o, k) => {
			const order = sim.getOrder(o.dscoOrderId)!;
			expect(order.packages.map((p) => p.trackingNumber)).toEqual([labels[k].trackingNumber]);
			expect(order.packages[0]).toMatchObject({
				shipCarrier: o.shipCarrier,
				shippingServiceLevelCode: o.shippingServiceLevelCode,
			});
			expect(order.dscoLifecycle).toBe('completed');
		});
		const shipments = received.filter((q) => q.path === '/order/singleShipment');
		expect(
			shipments.map((q) => [
				q.status,
				(q.body as { shipments: Json[] }).shipments[0].trackingNumber,
			]),
		).toEqual(labels.map((l) => [201, l.trackingNumber]));
		expect(
			outputOf(run, 'Confirm shipment in DSCO').map((i) => [i.json.trackingNumber, i.json.status]),
		).toEqual(labels.map((l) => [l.trackingNumber, 'success']));
	});

	test('no request to a file URL carried the DSCO token; every API call did (request log of one label)', () => {
		const files = received.filter((q) => q.path.startsWith('/__files/'));
		expect(files).toHaveLength(4);
		for (const q of files) expect([q.status, q.headers.authorization]).toEqual([200, undefined]);
		for (const q of received.filter(
			(r) => !r.path.startsWith('/__files/') && r.path !== '/oauth2/token',
		))
			expect(q.headers.authorization).toMatch(/^Bearer /);

		// The calls that served the first order, from its label to its ship confirmation, for the closing note.
		const [first] = orders;
		const [label] = sim.labels();
		const [slip] = sim.packingSlips();
		const body = (q: RecordedRequest) => JSON.stringify(q.body ?? '');
		const mine = (q: RecordedRequest) =>
			(q.path === '/order/' && q.query.value === first.dscoOrderId) ||
			q.path === '/warehouse/page' ||
			(['/shippinglabels', '/order/singleShipment'].includes(q.path) &&
				body(q).includes(first.dscoOrderId)) ||
			(q.path === '/packingslip' &&
				(body(q).includes(first.dscoOrderId) || q.query.requestId === slip.requestId)) ||
			(q.path.startsWith('/__files/') &&
				(q.path.includes(`label-${label.trackingNumber}`) ||
					q.path.includes(`packing-slip-${first.poNumber}`)));
		const query = (q: RecordedRequest) =>
			q.method === 'GET' &&
			(q.path === '/order/' || q.path === '/packingslip' || q.path === '/warehouse/page')
				? `?${new URLSearchParams(q.query as Record<string, string>)}`
				: '';
		const log = received
			.filter(mine)
			.map(
				(q) =>
					`${q.method} ${q.path.replace(/^(\/__files\/[^/]+\/[^?]+).*/, '$1')}${query(q)} → ${q.status}  Authorization: ${q.headers.authorization ? 'Bearer …' : 'none'}`,
			);
		expect(log.filter((l) => l.startsWith('POST /shippinglabels'))).toHaveLength(1);
		expect(log.filter((l) => l.startsWith('POST /order/singleShipment'))).toEqual([
			expect.stringMatching(/→ 201 {2}Authorization: Bearer …$/),
		]);
		expect(log.filter((l) => l.startsWith('GET /__files/'))).toEqual([
			expect.stringMatching(/label-.*→ 200 {2}Authorization: none$/),
			expect.stringMatching(/packing-slip-.*→ 200 {2}Authorization: none$/),
		]);
		console.log(
			`Request log of one order's label, packing slip and ship confirmation (order ${first.dscoOrderId}, tracking ${label.trackingNumber}):\n${log.join('\n')}`,
		);
	});
});
