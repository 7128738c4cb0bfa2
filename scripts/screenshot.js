#!/usr/bin/env node
// `npm run screenshot`: starts the dev setup (n8n + simulator, see scripts/dev.js) on spare ports, adds a workflow
// with one DSCO node per resource (node version 2, warehouses and ship codes picked from the lists), and in headless
// Chromium (Debian's /usr/bin/chromium, installed with apt-get when missing; driven through scripts/editor-browser.js,
// which the browser e2e test shares) opens each node, runs it against the simulator and saves the panel with its
// output to docs/dsco-<resource>.png. Also docs/dsco-warehouse-list.png and docs/dsco-order-list.png (the warehouse
// and order lists open), docs/dsco-node-creator.png and docs/dsco-node-details.png (the "DSCO" entry of n8n's node
// creator), and docs/dsco-canvas.png (subtitles). The workflow is removed afterwards. Not part of the tests.
//
// Environment: SCREENSHOT_PORT (n8n, default 5690; the simulator takes the next port), SCREENSHOT_URL (use an n8n
// that already runs with `npm run dev`, e.g. http://127.0.0.1:5678, instead of starting one), SCREENSHOT_ONLY
// (comma-separated file names, e.g. dsco-order.png), CHROMIUM (browser path).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const editor = require('./editor-browser');
const { SIM_CREDENTIAL } = require('./n8n-runtime');

const ROOT = path.resolve(__dirname, '..');
const DOCS = path.join(ROOT, 'docs');
const PORT = Number(process.env.SCREENSHOT_PORT || 5690);
const BASE = (process.env.SCREENSHOT_URL || `http://127.0.0.1:${PORT}`).replace(/\/$/, '');
const CREDENTIALS = { dscoApi: SIM_CREDENTIAL };
const ONLY = process.env.SCREENSHOT_ONLY
	? new Set(process.env.SCREENSHOT_ONLY.split(',').map((s) => s.trim()))
	: undefined;
const wanted = (file) => !ONLY || ONLY.has(file);

const TRIGGER = 'When clicking ‘Execute workflow’';
const ORDERS = 'Orders from DSCO';
/** A resource locator value as n8n stores a pick from a list. */
/** The order locator (node version 2) typed in By DSCO Order ID, here by expression. */
const byOrderId = (value) => ({ __rl: true, mode: 'dscoOrderId', value });
const picked = (value, cachedResultName) => ({
	__rl: true,
	mode: 'list',
	value,
	...(cachedResultName ? { cachedResultName } : {}),
});
/** The n-th order of "Get many orders" (each resource works on its own order). */
const order = (n) => `$('${ORDERS}').all()[${n}].json`;
const linesOf = (n, quantity = 'l.quantity') =>
	`={{ ${order(n)}.lineItems.map((l) => ({ sku: l.sku, lineNumber: l.lineNumber, quantity: ${quantity} })) }}`;

/**
 * One DSCO node per resource: [file, node name, parameters, position, parent, output view]. The output view (n8n's
 * Schema / Table / JSON / Binary switch) is n8n's own choice unless given: it shows Binary when an item has a file.
 */
const NODES = [
	[
		'dsco-order.png',
		ORDERS,
		{
			resource: 'order',
			operation: 'getMany',
			since: '={{ $now.minus({ days: 7 }).toISO() }}',
			limit: 5,
		},
		[260, 0],
		TRIGGER,
	],
	[
		'dsco-acknowledgment.png',
		'Accept the order',
		{
			resource: 'acknowledgment',
			operation: 'acknowledge',
			order: byOrderId(`={{ ${order(0)}.dscoOrderId }}`),
		},
		[560, -260],
		ORDERS,
	],
	[
		'dsco-shipment.png',
		'Ship the package',
		{
			resource: 'shipment',
			operation: 'create',
			order: byOrderId(`={{ ${order(1)}.dscoOrderId }}`),
			trackingNumber: '1Z999AA10123456784',
			shipCarrier: picked('UPS', 'UPS'),
			shipMethod: picked('Ground', 'Ground'),
			shippingServiceLevelCode: picked('UPCG', 'UPCG (UPS Ground)'),
			lineItemsInput: 'json',
			lineItemsJson: linesOf(1),
			additionalFields: { warehouseCode: picked('WH01', 'Ridgefield Main (WH01)') },
		},
		[560, -90],
		ORDERS,
	],
	[
		'dsco-cancellation.png',
		'Out of stock',
		{
			resource: 'cancellation',
			operation: 'cancelLines',
			order: byOrderId(`={{ ${order(2)}.dscoOrderId }}`),
			cancelCode: 'CXSS',
			lineItemsInput: 'json',
			lineItemsJson: `={{ [${order(2)}.lineItems[0]].map((l) => ({ sku: l.sku, lineNumber: l.lineNumber, cancelledQuantity: 1 })) }}`,
		},
		[560, 80],
		ORDERS,
	],
	[
		'dsco-inventory.png',
		'Stock per warehouse',
		{
			resource: 'inventory',
			operation: 'update',
			sku: `={{ ${order(3)}.lineItems[0].sku }}`,
			quantitySource: 'warehouses',
			warehouses: {
				warehouse: [
					{ code: picked('WH01', 'Ridgefield Main (WH01)'), quantity: 12 },
					{ code: picked('WH02', 'Austin Overflow (WH02)'), quantity: 5 },
				],
			},
		},
		[860, -260],
		ORDERS,
	],
	[
		'dsco-invoice.png',
		'Bill the order',
		{
			resource: 'invoice',
			operation: 'create',
			invoiceId: `=INV-{{ ${order(4)}.dscoOrderId }}`,
			order: byOrderId(`={{ ${order(4)}.dscoOrderId }}`),
			totalAmount: `={{ ${order(4)}.lineItems.reduce((sum, l) => sum + l.quantity * l.expectedCost, 0).toFixed(2) }}`,
			lineItemsInput: 'json',
			lineItemsJson: `={{ ${order(4)}.lineItems.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.expectedCost })) }}`,
			sendMode: 'sync',
			additionalFields: { shipCarrier: picked('FedEx', 'FedEx') },
		},
		[860, 80],
		ORDERS,
	],
	[
		'dsco-shipping-label.png',
		'Buy the label',
		{
			resource: 'shippingLabel',
			operation: 'create',
			order: byOrderId(`={{ ${order(0)}.dscoOrderId }}`),
			packageWeight: 2,
			length: 12,
			width: 9,
			height: 4,
			warehouseCode: picked('WH01', 'Ridgefield Main (WH01)'),
		},
		[860, 250],
		ORDERS,
		// The tracking number, link and DSCO's status; the label file itself is on the packing slip's picture.
		'json',
	],
	[
		// After the label, as in the label loop example: the slip of the order the label is for.
		'dsco-packing-slip.png',
		'Packing slip',
		{
			resource: 'packingSlip',
			operation: 'create',
			order: byOrderId('={{ $json.dscoOrderId }}'),
		},
		[1160, 250],
		'Buy the label',
	],
	[
		'dsco-changelog.png',
		'What DSCO did with it',
		{
			resource: 'changeLog',
			operation: 'get',
			logType: 'inventory',
			requestId: '={{ $json.requestId }}',
		},
		[1160, -260],
		'Stock per warehouse',
	],
];

function workflow() {
	const nodes = [
		{
			id: 'shot-trigger',
			name: TRIGGER,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const connections = {};
	NODES.forEach(([, name, parameters, position, parent], i) => {
		// Each node runs once: the expressions pick their own order of "Get many orders".
		nodes.push({
			id: `shot-${i}`,
			name,
			type: 'n8n-nodes-dsco.dsco',
			typeVersion: 2,
			position,
			parameters,
			credentials: CREDENTIALS,
			executeOnce: i > 0,
		});
		(connections[parent] ??= { main: [[]] }).main[0].push({ node: name, type: 'main', index: 0 });
	});
	return {
		name: 'DSCO screenshots',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Fails as soon as the dev.js this script started has ended (with npm run dev already running, it ends at once). */
function devEnded(dev) {
	return new Promise((_, reject) => {
		if (!dev) return;
		dev.once('exit', (code) =>
			reject(
				new Error(
					`dev.js ended (exit ${code}) before n8n was ready; with npm run dev running, set SCREENSHOT_URL`,
				),
			),
		);
	});
}

async function save(page, file) {
	fs.mkdirSync(DOCS, { recursive: true });
	await page.screenshot({ path: path.join(DOCS, file) });
	console.log(`saved docs/${file}`);
}

const openNode = (page, workflowId, name) => editor.openNode(page, BASE, workflowId, name);

/** Runs the open node and lets its output settle for the picture. */
async function execute(page) {
	await editor.executeOpenNode(page);
	await page.waitForTimeout(1000);
}

async function main() {
	let dev;
	if (!process.env.SCREENSHOT_URL) {
		dev = spawn(
			process.execPath,
			[
				path.join(__dirname, 'dev.js'),
				'--port',
				String(PORT),
				'--sim-port',
				String(PORT + 1),
				'--quiet-sim',
			],
			{
				stdio: ['ignore', 'inherit', 'inherit'],
				cwd: ROOT,
			},
		);
	}
	let browser;
	let page;
	let workflowId;
	try {
		await Promise.race([editor.waitForLogin(BASE, editor.DEV_LOGIN, 600000), devEnded(dev)]);
		browser = await editor.launchChromium();
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await editor.signIn(page, BASE, editor.DEV_LOGIN);

		if (wanted('dsco-node-creator.png') || wanted('dsco-node-details.png')) {
			await page.goto(`${BASE}/workflow/new`);
			await editor.searchNodeCreator(page, 'DSCO');
			await page
				.locator('[data-test-id="node-creator-item-description"]')
				.first()
				.waitFor({ timeout: 30000 });
			// The package's icon is fetched on first use.
			await page.waitForLoadState('networkidle').catch(() => {});
			await page.waitForTimeout(1500);
			if (wanted('dsco-node-creator.png')) await save(page, 'dsco-node-creator.png');
			await page.keyboard.press('Enter');
			await page.getByText('Node details').first().waitFor({ timeout: 30000 });
			await page
				.getByText(/^Actions \(\d+\)$/)
				.first()
				.click();
			await page.waitForTimeout(800);
			if (wanted('dsco-node-details.png')) await save(page, 'dsco-node-details.png');
		}

		const created = await editor.rest(page, 'POST', '/rest/workflows', workflow());
		workflowId = (created.data ?? created).id;

		for (const [file, name, , , , view] of NODES) {
			if (!wanted(file)) continue;
			await openNode(page, workflowId, name);
			await execute(page);
			if (view) {
				await page
					.locator(`[data-test-id="output-panel"] [data-test-id="radio-button-${view}"]`)
					.first()
					.click();
				await page.waitForTimeout(500);
			}
			await save(page, file);
		}

		if (wanted('dsco-warehouse-list.png')) {
			await openNode(page, workflowId, 'Stock per warehouse');
			await editor.openList(page, 'code', { until: 'Austin Overflow (WH02)' });
			await page.waitForTimeout(500);
			await save(page, 'dsco-warehouse-list.png');
		}

		if (wanted('dsco-order-list.png')) {
			// The order locator's From List: recent orders as "PO · retailer · status", searchable by PO number.
			await openNode(page, workflowId, 'Accept the order');
			await editor.openList(page, 'order');
			await page.waitForTimeout(500);
			await save(page, 'dsco-order-list.png');
		}

		if (wanted('dsco-canvas.png')) {
			await page.goto(`${BASE}/workflow/${workflowId}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
			// n8n's "zoom to fit", so that every node and its subtitle is in the picture.
			await page
				.locator('[data-test-id="zoom-to-fit"]')
				.first()
				.click()
				.catch(() => page.keyboard.press('1'));
			await page.waitForTimeout(1500);
			await save(page, 'dsco-canvas.png');
		}
	} finally {
		if (page && workflowId) {
			await editor
				.removeWorkflow(page, workflowId)
				.catch((e) => console.error(`could not remove the screenshot workflow: ${e.message}`));
		}
		if (browser) await browser.close();
		if (dev) dev.kill('SIGINT');
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
