/**
 * Peak memory of Inventory → Update From File for a large CSV, in n8n's two local binary data modes:
 * - `default` (N8N_DEFAULT_BINARY_DATA_MODE=default): the file is a base64 string inside the input item;
 * - `filesystem`: the file is on disk and the item holds its id.
 * Each mode runs in its own process (Node 24, --expose-gc) that builds the file and the input item, collects
 * garbage, notes its resident set size, resets the kernel's peak (/proc/self/clear_refs, Linux) and then runs the
 * DSCO node once through n8n-core 2.41's real engine (test/engine/harness.ts, package from dist/) against a
 * simulator in this process (Wait for Result off, Skip Items That Don't Exist on). Reported: the peak RSS while the
 * node ran (VmHWM) minus the RSS before it. Measurement only; not part of `npm test`.
 *
 *   npm run build && node scripts/with-node24.js tsx bench/file-memory.ts
 *
 * Settings (environment): BENCH_FILE_ROWS (1000000), BENCH_FILE_MODES (default,filesystem), BENCH_FILE_TRACE=1 (memory
 * every 500 ms while the node runs, on stderr).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROWS = Number(process.env.BENCH_FILE_ROWS || 1_000_000);
const MODES = (process.env.BENCH_FILE_MODES || 'default,filesystem').split(',').filter(Boolean);
const MiB = 1024 * 1024;

interface Measured {
	mode: string;
	rows: number;
	fileBytes: number;
	rssBeforeBytes: number;
	peakRssBytes: number;
	ms: number;
	output: Record<string, unknown>;
}

/** The file (one row per SKU and warehouse, as the engine test's large file), written in pieces. */
function writeCsv(file: string, rows: number) {
	const fd = fs.openSync(file, 'w');
	let text = 'sku,warehouse,quantity,cost\n';
	for (let k = 1; k <= rows; k++) {
		text += `SIM-SKU-${String(k).padStart(7, '0')},WH-${k % 3},${k % 50},${(k % 900) / 10}\n`;
		if (text.length > 1 << 20 || k === rows) {
			fs.writeSync(fd, text);
			text = '';
		}
	}
	fs.closeSync(fd);
}

function kernelStatus(field: 'VmHWM' | 'VmRSS'): number {
	const line = fs
		.readFileSync('/proc/self/status', 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${field}:`));
	return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
}

/** One measured run, inside the child process. */
async function child(mode: string): Promise<Measured> {
	const { BinaryDataConfig, BinaryDataService } = await import('n8n-core');
	const { BINARY_ENCODING } = await import('n8n-workflow');
	const { createHarness } = await import('../test/engine/harness');
	const { Container } = require(
		require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }),
	) as typeof import('@n8n/di');
	const config = Container.get(BinaryDataConfig);
	config.mode = mode as typeof config.mode;
	config.localStoragePath = path.join(
		path.dirname(process.env.BENCH_FILE as string),
		`binary-${mode}`,
	);
	const service = Container.get(BinaryDataService);
	await service.init();

	const h = await createHarness({
		environment: 'custom',
		baseUrl: process.env.BENCH_BASE_URL as string,
		authType: 'oAuth2ClientCredentials',
		clientId: process.env.BENCH_CLIENT_ID as string,
		clientSecret: process.env.BENCH_CLIENT_SECRET as string,
	});
	const file = process.env.BENCH_FILE as string;
	const fileBytes = fs.statSync(file).size;
	const meta = { data: '', mimeType: 'text/csv', fileName: 'big.csv', fileExtension: 'csv' };
	// What a node before hands over (e.g. Read Files from Disk): n8n's store() keeps base64 in the item in default
	// mode, a file id otherwise. Read from disk so that building the file does not grow this process's heap.
	const binary = await service.store(
		{ type: 'execution', workflowId: 'wf-test', executionId: 'exec-1' },
		fs.createReadStream(file),
		meta,
	);
	if (mode === 'default' && (binary.id || binary.data.length < fileBytes))
		throw new Error(`n8n did not keep the file in the item (${BINARY_ENCODING})`);
	const parameters = {
		resource: 'inventory',
		operation: 'updateFromFile',
		options: { skipItemsThatDontExist: true, waitForResult: false },
	};
	// Warm up (module loading, token) with a small file, so that the measured run is only the file's work.
	const small = await service.store(
		{ type: 'execution', workflowId: 'wf-test', executionId: 'exec-0' },
		Buffer.from('sku,warehouse,quantity\nA,W,1\n'),
		{ ...meta },
	);
	await h.run({ ...parameters }, [], { items: [{ json: {}, binary: { data: small } }] });

	const gc = (globalThis as { gc?: () => void }).gc;
	for (let k = 0; k < 3; k++) gc?.();
	await new Promise((r) => setTimeout(r, 200));
	const rssBeforeBytes = kernelStatus('VmRSS');
	fs.writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
	const started = Date.now();
	// BENCH_FILE_TRACE=1: the process's memory every 500 ms while the node runs, on stderr.
	const trace = process.env.BENCH_FILE_TRACE
		? setInterval(() => {
				const m = process.memoryUsage();
				const mib = (n: number) => (n / MiB).toFixed(0).padStart(5);
				process.stderr.write(
					`[trace ${mode}] +${String(Date.now() - started).padStart(6)} ms rss${mib(m.rss)} heap${mib(m.heapUsed)} external${mib(m.external)} MiB\n`,
				);
			}, 500)
		: undefined;
	const { items, error } = await h.run(parameters, [], {
		items: [{ json: {}, binary: { data: binary } }],
	});
	const ms = Date.now() - started;
	clearInterval(trace);
	const peakRssBytes = kernelStatus('VmHWM');
	if (error) throw new Error(`the node failed: ${error.message}`);
	return {
		mode,
		rows: ROWS,
		fileBytes,
		rssBeforeBytes,
		peakRssBytes,
		ms,
		output: items[0]?.json ?? {},
	};
}

async function parent() {
	const { startSimulator } = await import('../test/simulator');
	const sim = await startSimulator({
		skus: 10,
		orders: 2,
		rateLimits: false,
		asyncSettleMs: 60_000,
	});
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-bench-file-'));
	const file = path.join(work, 'big.csv');
	writeCsv(file, ROWS);
	const results: Measured[] = [];
	try {
		for (const mode of MODES) {
			process.stderr.write(`[bench] ${mode} mode, ${ROWS.toLocaleString('en')} rows…\n`);
			const out = await new Promise<string>((resolve, reject) => {
				const proc = spawn(
					process.execPath,
					['--expose-gc', '--import', 'tsx', __filename, '--child', mode],
					{
						env: {
							...process.env,
							BENCH_FILE: file,
							BENCH_BASE_URL: sim.baseUrl,
							BENCH_CLIENT_ID: sim.clientId,
							BENCH_CLIENT_SECRET: sim.clientSecret,
						},
						stdio: ['ignore', 'pipe', 'inherit'],
					},
				);
				let text = '';
				proc.stdout.on('data', (c) => (text += c));
				proc.on('error', reject);
				proc.on('close', (code) =>
					code === 0 ? resolve(text) : reject(new Error(`${mode}: exit ${code}\n${text}`)),
				);
			});
			results.push(JSON.parse(out.trim().split('\n').pop() as string) as Measured);
		}
	} finally {
		await sim.close();
		fs.rmSync(work, { recursive: true, force: true });
	}
	console.log(
		`Update From File, ${ROWS.toLocaleString('en')} CSV rows (${(results[0].fileBytes / MiB).toFixed(1)} MiB), Node ${process.version}`,
	);
	for (const r of results) {
		const growth = (r.peakRssBytes - r.rssBeforeBytes) / MiB;
		console.log(
			`${r.mode.padEnd(10)} RSS before ${(r.rssBeforeBytes / MiB).toFixed(0)} MiB, peak while the node ran ${(r.peakRssBytes / MiB).toFixed(0)} MiB: +${growth.toFixed(0)} MiB; ${r.ms} ms; items sent ${String(r.output.itemsSent)}, ${String(r.output.bytesSent)} bytes`,
		);
	}
}

const at = process.argv.indexOf('--child');
if (at !== -1) {
	child(process.argv[at + 1]).then(
		(r) => {
			process.stdout.write(`${JSON.stringify(r)}\n`);
			process.exit(0);
		},
		(e: Error) => {
			process.stderr.write(`${e.stack ?? String(e)}\n`);
			process.exit(1);
		},
	);
} else {
	parent().catch((e: Error) => {
		process.stderr.write(`${e.stack ?? String(e)}\n`);
		process.exit(1);
	});
}
