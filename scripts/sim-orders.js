#!/usr/bin/env node
// `npm run sim:orders -- [count]`: adds new orders (status created, arrived now) to the running DSCO simulator through
// its control API (POST /__sim/orders), so that the example workflows have new orders to get and acknowledge again.
//
// Options: count (10), --port N (the simulator's port; default: the one `npm run dev` runs, else 5679),
// --test (test orders), --marketplace (marketplace orders), --cancel-requested (with a retailer's cancel request).
// Plain Node (20 or newer), no dependencies.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DEV_LOCK = path.join(
	process.env.DSCO_DEV_DIR ? path.resolve(process.env.DSCO_DEV_DIR) : path.join(ROOT, '.n8n-dev'),
	'dev.lock',
);
const DEFAULT_SIM_PORT = 5679;

function fail(message) {
	process.stderr.write(`[sim:orders] ${message}\n`);
	process.exit(1);
}

function parseArgs(argv) {
	const opts = { count: 10, port: undefined, body: {} };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--port') opts.port = Number(argv[++i]);
		else if (a === '--test') opts.body.testFlag = true;
		else if (a === '--marketplace') opts.body.orderType = 'marketplace';
		else if (a === '--cancel-requested') opts.body.cancelRequested = true;
		else if (a === '--help' || a === '-h') {
			const header = fs.readFileSync(__filename, 'utf8').split('\n').slice(1);
			process.stdout.write(
				header
					.slice(
						0,
						header.findIndex((l) => !l.startsWith('//')),
					)
					.join('\n') + '\n',
			);
			process.exit(0);
		} else if (/^\d+$/.test(a)) opts.count = Number(a);
		else fail(`unknown option ${a} (try --help)`);
	}
	if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > 10000)
		fail('count must be a whole number from 1 to 10000');
	if (
		opts.port !== undefined &&
		!(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)
	)
		fail('--port needs a port number');
	return opts;
}

/** The simulator's origin: --port, else the one the running `npm run dev` wrote into .n8n-dev/dev.lock, else 5679. */
function simulatorOrigin(port) {
	if (port) return `http://127.0.0.1:${port}`;
	try {
		const lock = JSON.parse(fs.readFileSync(DEV_LOCK, 'utf8'));
		if (lock.simUrl) return new URL(lock.simUrl).origin;
	} catch {}
	return `http://127.0.0.1:${DEFAULT_SIM_PORT}`;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const origin = simulatorOrigin(opts.port);
	let res;
	try {
		res = await fetch(`${origin}/__sim/orders`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ count: opts.count, ...opts.body }),
		});
	} catch (err) {
		fail(
			`no DSCO simulator answers at ${origin} (${err.cause?.code || err.message}): start it with npm run dev (or npm run simulator), or give its --port`,
		);
	}
	const text = await res.text();
	if (res.status !== 201)
		fail(`the simulator at ${origin} answered ${res.status}: ${text.slice(0, 300)}`);
	const { orders } = JSON.parse(text);
	const pos = orders.map((o) => o.poNumber);
	const shown =
		pos.length > 6 ? `${pos.slice(0, 3).join(', ')} … ${pos.slice(-2).join(', ')}` : pos.join(', ');
	process.stdout.write(
		`[sim:orders] ${orders.length} new order(s) in the simulator at ${origin}: ${shown}\n`,
	);
}

main().catch((err) => fail(err.message));
