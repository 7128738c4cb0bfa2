#!/usr/bin/env node
// The floor: what a plain script (axios, the HTTP client n8n itself uses; a devDependency) needs for the same job against the same simulator, so that the
// bench can say how close the DSCO node gets to what the API physically allows. Run by bench/run.ts as its own
// process; prints one JSON line. Measurement only, never part of the package.
//
//   BENCH_BASE_URL=… BENCH_TOKEN=… node bench/floor.js inventory <count> [parallel]
//   BENCH_BASE_URL=… BENCH_TOKEN=… node bench/floor.js orders <since> <until>
'use strict';
const http = require('node:http');
const path = require('node:path');
const axios = require('axios');
const { inventoryItem } = require(path.join(__dirname, 'lib', 'data.js'));

const MAX_BATCH_BYTES = 5 * 1024 * 1024;
const base = process.env.BENCH_BASE_URL;
const token = process.env.BENCH_TOKEN;
if (!base || !token) {
	process.stderr.write('BENCH_BASE_URL and BENCH_TOKEN are required\n');
	process.exit(2);
}

const client = axios.create({
	baseURL: base,
	headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
	httpAgent: new http.Agent({ keepAlive: true }),
	maxBodyLength: Infinity,
	maxContentLength: Infinity,
	validateStatus: () => true,
});

/** Pre-built JSON bodies of at most 5 MB (the limit itself, no headroom), filled in order. */
function buildBatches(count) {
	const bodies = [];
	let parts = [];
	let bytes = 2;
	for (let i = 0; i < count; i++) {
		const json = JSON.stringify(inventoryItem(i));
		const size = Buffer.byteLength(json) + (parts.length ? 1 : 0);
		if (bytes + size > MAX_BATCH_BYTES) {
			bodies.push(`[${parts.join(',')}]`);
			parts = [];
			bytes = 2;
		}
		bytes += Buffer.byteLength(json) + (parts.length ? 1 : 0);
		parts.push(json);
	}
	if (parts.length) bodies.push(`[${parts.join(',')}]`);
	return bodies;
}

async function inventory(count, parallel) {
	const bodies = buildBatches(count);
	const payloadBytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
	const post = (body) =>
		client
			.post('/inventory/batch/small', body, { headers: { 'Content-Type': 'application/json' } })
			.then((r) => r.status);
	const started = performance.now();
	let statuses;
	if (parallel) statuses = await Promise.all(bodies.map(post));
	else {
		statuses = [];
		for (const body of bodies) statuses.push(await post(body));
	}
	const wallMs = performance.now() - started;
	return {
		calls: bodies.length,
		wallMs,
		payloadBytes,
		largestBody: Math.max(...bodies.map((b) => Buffer.byteLength(b))),
		statuses,
	};
}

/**
 * Pages through /order/page as fast as DSCO allows: never more than 10 calls in any second, with the same 25 ms of
 * room for clock granularity that the node's pacing keeps (without it, DSCO's own clock can count 11 in a second).
 */
async function orders(since, until) {
	const sent = [];
	const pace = async () => {
		if (sent.length >= 10) {
			const wait = sent[sent.length - 10] + 1025 - performance.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		}
		sent.push(performance.now());
	};
	const started = performance.now();
	let params = { ordersCreatedSince: since, until, ordersPerPage: 1000 };
	let count = 0;
	const statuses = [];
	for (;;) {
		await pace();
		const res = await client.get('/order/page', { params });
		statuses.push(res.status);
		if (res.status !== 200) throw new Error(`/order/page answered ${res.status}`);
		const page = res.data.orders || [];
		count += page.length;
		if (page.length === 0 || !res.data.scrollId) break;
		params = { scrollId: res.data.scrollId };
	}
	return { calls: sent.length, wallMs: performance.now() - started, orders: count, statuses };
}

async function main() {
	const [mode, a, b] = process.argv.slice(2);
	let result;
	if (mode === 'inventory') result = await inventory(Number(a), b === 'parallel');
	else if (mode === 'orders') result = await orders(a, b);
	else throw new Error(`unknown mode ${mode}`);
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
