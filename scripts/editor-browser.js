// n8n's editor in headless Chromium (Debian's package, driven by playwright-core), as a user works in it: shared by
// `npm run screenshot` (scripts/screenshot.js) and the browser e2e test (test/e2e/editor.e2e.test.ts).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureDebianPackages } = require('./debian-packages');
const { DEV_OWNER } = require('./n8n-runtime');

/** Generous waits: the machines running this have 2 shared cores, and n8n's editor is a large page. */
const WAIT = { page: 120_000, element: 60_000, execution: 180_000 };

function chromiumPath() {
	return process.env.CHROMIUM || '/usr/bin/chromium';
}

/** Debian's Chromium, installed with apt-get when missing (CHROMIUM names another binary, which must exist). */
function ensureChromium() {
	const bin = chromiumPath();
	if (process.env.CHROMIUM) {
		if (!fs.existsSync(bin)) throw new Error(`CHROMIUM=${bin} does not exist`);
	} else {
		ensureDebianPackages({
			packages: ['chromium'],
			present: () => fs.existsSync(bin),
			what: `Chromium (${bin})`,
		});
	}
	return bin;
}

/** "Chromium 156.0.8078.114" (what the binary says of itself). */
function chromiumVersion(bin = chromiumPath()) {
	const out = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout || '';
	const m = /Chromium\s+([\d.]+)/.exec(out);
	return m ? `Chromium ${m[1]}` : out.trim() || 'Chromium (version unknown)';
}

async function launchChromium() {
	const { chromium } = require('playwright-core');
	return await chromium.launch({
		executablePath: ensureChromium(),
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** Waits until n8n answers a login for `login` (it may still be starting). */
async function waitForLogin(base, login, timeoutMs) {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		try {
			const r = await fetch(`${base}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: login.email, password: login.password }),
			});
			if (r.ok) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error(`n8n not ready on ${base}`);
}

/** Signs in through n8n's sign-in form. */
async function signIn(page, base, login) {
	await page.goto(`${base}/signin`, { timeout: WAIT.page });
	await page.fill(
		'input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]',
		login.email,
		{ timeout: WAIT.page },
	);
	await page.fill('input[type="password"]', login.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: WAIT.page });
}

/** A REST call from inside the editor page, as the editor makes it (session cookie and browser-id header). */
async function rest(page, method, url, body) {
	return await page.evaluate(
		async ({ method, url, body }) => {
			const r = await fetch(url, {
				method,
				headers: {
					'content-type': 'application/json',
					'browser-id': localStorage.getItem('n8n-browserId') ?? '',
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await r.text();
			if (!r.ok) throw new Error(`${method} ${url}: HTTP ${r.status} ${text.slice(0, 300)}`);
			return text ? JSON.parse(text) : undefined;
		},
		{ method, url, body },
	);
}

/** Archives and deletes a workflow (n8n 2.x deletes only archived workflows). */
async function removeWorkflow(page, workflowId) {
	await rest(page, 'POST', `/rest/workflows/${workflowId}/archive`).catch(() => {});
	await rest(page, 'DELETE', `/rest/workflows/${workflowId}`);
}

/** Opens a saved workflow and the node details view of its node `name`. */
async function openNode(page, base, workflowId, name) {
	await page.goto(`${base}/workflow/${workflowId}`, { timeout: WAIT.page });
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).first();
	await node.waitFor({ timeout: WAIT.page });
	await node.dblclick();
	await ndv(page).waitFor({ timeout: WAIT.element });
}

function ndv(page) {
	return page
		.locator('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]')
		.first();
}

/**
 * Opens n8n's node creator (the canvas' + button) and searches for `search`; resolves when the first hit is shown.
 */
async function searchNodeCreator(page, search) {
	await page
		.locator('[data-test-id="node-creator-plus-button"]')
		.first()
		.click({ timeout: WAIT.page });
	await page.locator('[data-test-id="node-creator"]').first().waitFor({ timeout: WAIT.element });
	await page.keyboard.type(search);
	await page
		.locator('[data-test-id="node-creator-item-name"]')
		.first()
		.waitFor({ timeout: WAIT.element });
}

/**
 * Adds a node as a user does: node creator, search, the node `node` in the results, then its action `action` (by
 * its name in the Actions list, e.g. "Update inventory"). n8n adds the manual trigger itself when the canvas is
 * empty, and opens the new node's details view.
 */
async function addNodeFromCreator(page, { search, node, action }) {
	await searchNodeCreator(page, search);
	await page
		.locator('[data-test-id="node-creator-item-name"]')
		.getByText(node, { exact: true })
		.first()
		.click();
	await page.getByText('Node details').first().waitFor({ timeout: WAIT.element });
	const actionItem = page
		.locator('[data-test-id="node-creator-node-item"], [data-test-id="item-iterator-item"]')
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(action)}\\s*$`) });
	// The Actions section can start folded (when the node also has triggers).
	if (!(await actionItem.first().isVisible()))
		await page
			.getByText(/^Actions \(\d+\)$/)
			.first()
			.click();
	await actionItem.first().click({ timeout: WAIT.element });
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: WAIT.element });
}

function escapeRegExp(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A parameter of the open node, by its name (n8n's `parameter-input-<name>`). */
function parameter(page, name) {
	return page
		.locator(`[data-test-id="node-parameters"] [data-test-id="parameter-input-${name}"]`)
		.first();
}

/** Types `value` into a text or number parameter of the open node. */
async function fillParameter(page, name, value) {
	const input = parameter(page, name).locator('input, textarea').first();
	await input.fill(String(value), { timeout: WAIT.element });
	await input.press('Tab');
}

/** Chooses `optionName` in an options parameter (a dropdown) of the open node. */
async function selectOption(page, name, optionName) {
	await parameter(page, name).click({ timeout: WAIT.element });
	await visibleOption(page, optionName).click({ timeout: WAIT.element });
}

/** An entry of the dropdown that is open now, by its name (n8n shows an option's description under its name). */
function visibleOption(page, optionName) {
	return page
		.getByRole('option')
		.filter({ visible: true })
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(optionName)}`) })
		.first();
}

/** Adds the field `fieldName` to a collection parameter ("Additional Fields" → Add Field) of the open node. */
async function addCollectionField(page, collectionDisplayName, fieldName) {
	const collection = page
		.locator('[data-test-id="parameter-item"]')
		.filter({ hasText: collectionDisplayName })
		.last();
	await collection
		.locator('[data-test-id="collection-parameter-add"]')
		.first()
		.click({ timeout: WAIT.element });
	await page
		.locator('[data-test-id="collection-parameter-option"]')
		.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(fieldName)}\\s*$`) })
		.first()
		.click({ timeout: WAIT.element });
}

/**
 * Opens the From List dropdown of resource locator `name` (switching it to From List when it shows another mode),
 * waits for its entries (DSCO's list, loaded through the node's listSearch method; with `until`, until that entry is
 * shown, since n8n first shows the picked value alone while the list loads) and returns their names.
 */
async function openList(page, name, { until } = {}) {
	const rl = page.locator(`[data-test-id="resource-locator-${name}"]`).first();
	await rl.waitFor({ timeout: WAIT.element });
	// A value given by expression offers no list (n8n disables From List): back to Fixed first, as a user would.
	const fixed = page
		.locator(
			`[data-test-id="${name}-parameter-input-options-container"] [data-test-id="radio-button-fixed"]`,
		)
		.first();
	if (await fixed.isVisible()) await fixed.click();
	const mode = rl.locator('[data-test-id="rlc-mode-selector"] input').first();
	// n8n shows the From List mode as "From list".
	if ((await mode.inputValue()).toLowerCase() !== 'from list') {
		await rl.locator('[data-test-id="rlc-mode-selector"]').first().click();
		await page
			.locator('[data-test-id="mode-list"]')
			.filter({ visible: true })
			.first()
			.click({ timeout: WAIT.element });
	}
	await rl.locator('[data-test-id="rlc-input"]').first().click();
	const items = page.locator('[data-test-id="rlc-item"]');
	await (until ? items.filter({ hasText: until }) : items)
		.first()
		.waitFor({ timeout: WAIT.element });
	return (await items.allInnerTexts()).map((t) => t.trim());
}

/**
 * Types `text` into the search box of the open list (n8n then asks the listSearch method with it as filter), waits
 * until an entry matching `entry` is shown, and returns the names shown.
 */
async function searchList(page, name, text, entry) {
	const search = page
		.locator('input[data-test-id="rlc-search"], [data-test-id="rlc-search"] input')
		.filter({ visible: true })
		.first();
	await search.fill(text, { timeout: WAIT.element });
	const items = page.locator('[data-test-id="rlc-item"]');
	await items.filter({ hasText: entry }).first().waitFor({ timeout: WAIT.element });
	return (await items.allInnerTexts()).map((t) => t.trim());
}

/** Picks the entry whose name matches `entry` from the open list; returns the name the locator then shows. */
async function pickFromList(page, name, entry) {
	await page
		.locator('[data-test-id="rlc-item"]')
		.filter({ hasText: entry })
		.first()
		.click({ timeout: WAIT.element });
	const shown = page
		.locator(`[data-test-id="resource-locator-${name}"] input[data-test-id="rlc-input"]`)
		.first();
	return await shown.inputValue();
}

/** The open node's output as the Table view shows it: column names and the cells of each row, as text. */
async function outputTable(page) {
	const panel = page.locator('[data-test-id="output-panel"]').first();
	const table = panel.locator('[data-test-id="radio-button-table"]').first();
	if (await table.isVisible()) await table.click();
	await panel.locator('table').first().waitFor({ timeout: WAIT.element });
	return await panel
		.locator('table')
		.first()
		.evaluate((t) => ({
			headers: [...t.querySelectorAll('thead th')].map((th) => th.innerText.trim()),
			rows: [...t.querySelectorAll('tbody tr')].map((tr) =>
				[...tr.querySelectorAll('td')].map((td) => td.innerText.trim()),
			),
		}));
}

/** Row `index` of a table from outputTable as {column: cell text}. */
function tableRow(table, index = 0) {
	return Object.fromEntries(table.headers.map((h, i) => [h, table.rows[index]?.[i]]));
}

/** Runs the open node (and what it needs before it) and waits for its output ("N items"). */
async function executeOpenNode(
	page,
	{ failureShot = path.join(os.tmpdir(), 'dsco-browser-failed.png') } = {},
) {
	await page.locator('[data-test-id="node-execute-button"]').first().click();
	try {
		await page
			.locator('[data-test-id="output-panel"] >> text=/\\d+ items?/')
			.first()
			.waitFor({ timeout: WAIT.execution });
	} catch (error) {
		await page.screenshot({ path: failureShot }).catch(() => {});
		error.message += ` (screenshot of the page: ${failureShot})`;
		throw error;
	}
}

module.exports = {
	DEV_LOGIN: { email: DEV_OWNER.email, password: DEV_OWNER.password },
	WAIT,
	chromiumPath,
	ensureChromium,
	chromiumVersion,
	launchChromium,
	waitForLogin,
	signIn,
	rest,
	removeWorkflow,
	openNode,
	ndv,
	executeOpenNode,
	searchNodeCreator,
	addNodeFromCreator,
	parameter,
	fillParameter,
	selectOption,
	addCollectionField,
	openList,
	searchList,
	pickFromList,
	outputTable,
	tableRow,
};
