#!/usr/bin/env node
// `npm run screenshot`: starts the dev setup (n8n + simulator, see scripts/dev.js) on spare ports, opens the example
// workflow in headless Chromium (Debian's /usr/bin/chromium: `apt-get install chromium`), opens the DSCO node and
// saves docs/dsco-node.png for the README. Not part of the tests.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..');
const PORT = Number(process.env.SCREENSHOT_PORT || 5690);
const BASE = `http://127.0.0.1:${PORT}`;
const OUT = path.join(ROOT, 'docs', 'dsco-node.png');
const LOGIN = { email: 'dev@n8n-nodes-dsco.local', password: 'DscoDev-2025' };
const WORKFLOW = 'dscoExGetAndAck01';
const NODE = process.env.SCREENSHOT_NODE || 'Get new orders';

async function ready(timeoutMs) {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		try {
			const r = await fetch(`${BASE}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: LOGIN.email, password: LOGIN.password }),
			});
			if (r.ok) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error(`n8n not ready on ${BASE}`);
}

async function main() {
	const dev = spawn(process.execPath, [path.join(__dirname, 'dev.js'), '--port', String(PORT), '--sim-port', String(PORT + 1), '--quiet-sim'], {
		stdio: ['ignore', 'inherit', 'inherit'],
		cwd: ROOT,
	});
	let browser;
	try {
		await ready(600000);
		browser = await chromium.launch({
			executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await page.goto(`${BASE}/signin`);
		await page.fill('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]', LOGIN.email);
		await page.fill('input[type="password"]', LOGIN.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60000 });
		await page.goto(`${BASE}/workflow/${WORKFLOW}`);
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE}"]`).first();
		await node.waitFor({ timeout: 60000 });
		await node.dblclick();
		await page.locator('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]').first().waitFor({ timeout: 30000 });
		// Run the step so that the output panel shows real orders from the simulator.
		await page.locator('[data-test-id="node-execute-button"]').first().click();
		await page.locator('[data-test-id="ndv-output-panel"] >> text=/\\d+ items?/').first().waitFor({ timeout: 60000 }).catch(() => {});
		await page.waitForTimeout(1500);
		fs.mkdirSync(path.dirname(OUT), { recursive: true });
		await page.screenshot({ path: OUT });
		console.log(`saved ${path.relative(ROOT, OUT)}`);
	} finally {
		if (browser) await browser.close();
		dev.kill('SIGINT');
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
