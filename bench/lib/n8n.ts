/**
 * Runs workflows in a real n8n (the pinned 2.41.1 from scripts/n8n-runtime.js, Node 24) headless with
 * `n8n execute --id=… --rawOutput`, one n8n process per run, and measures that process: per-node start and
 * execution time from n8n's own run data, the process's resident set size over time and its peak (getrusage
 * maxRSS, i.e. /proc VmHWM) through bench/lib/rss-probe.js, loaded into the n8n process with NODE_OPTIONS.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface RuntimeModule {
	N8N_VERSION: string;
	ROOT: string;
	ensureN8n(): Promise<string>;
	node24(): string;
	n8nEnv(userFolder: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
	freePort(): Promise<number>;
	prepareUserFolder(dir?: string, opts?: { fresh?: boolean }): string;
	buildPackage(): Promise<void>;
	packPackage(destDir?: string): Promise<string>;
	installPackageTarball(userFolder: string, tarball: string): Promise<string>;
	importCredentials(userFolder: string, creds: object[]): Promise<unknown>;
	importWorkflow(userFolder: string, wf: object | object[]): Promise<unknown>;
	log(msg: string): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const rt: RuntimeModule = require(
	path.join(__dirname, '..', '..', 'scripts', 'n8n-runtime.js'),
);

const PROBE = path.join(__dirname, 'rss-probe.js');

export interface NodeRun {
	startTime: number;
	executionTime: number;
	/** Items on the node's first main output. */
	items: number;
	error?: string;
}

export interface Sample {
	t: number;
	rss: number;
}

export interface N8nRun {
	workflowId: string;
	status: string;
	error?: string;
	nodes: Record<string, NodeRun>;
	/** Wall time of the whole `n8n execute` process (boot, run, printing the result, exit). */
	processMs: number;
	/** Peak resident set size of the n8n process over its whole life (kernel's maxRSS). */
	maxRssBytes: number;
	samples: Sample[];
	/** A few output items of each node (first ones), for checks. */
	firstItems: Record<string, unknown[]>;
}

type Json = Record<string, unknown>;

/** Peak sampled RSS between two instants (ms since epoch). */
export function peakBetween(run: N8nRun, from: number, to: number): number {
	let peak = 0;
	for (const s of run.samples) if (s.t >= from && s.t <= to && s.rss > peak) peak = s.rss;
	return peak;
}

/** The IRun n8n prints with --rawOutput under N8N_LOG_FORMAT=json: one log line whose message is the JSON. */
function findRun(text: string): Json | undefined {
	let end = text.length;
	while (end > 0) {
		const start = text.lastIndexOf('\n', end - 1) + 1;
		const line = text.slice(start, end);
		end = start - 1;
		if (!line.includes('resultData')) continue;
		try {
			const entry = JSON.parse(line) as { message?: unknown };
			if (typeof entry.message === 'string' && entry.message.startsWith('{')) {
				const run = JSON.parse(entry.message) as Json;
				if ((run.data as Json | undefined)?.resultData) return run;
			}
		} catch {
			// not the line we look for
		}
	}
	return undefined;
}

export interface ExecuteOptions {
	env?: Record<string, string>;
	timeoutMs?: number;
	/** Keep this many output items per node in `firstItems` (default 3). */
	keepItems?: number;
}

/** `n8n execute --id=<id> --rawOutput` for `userFolder`, measured. Rejects when n8n printed no run at all. */
export async function executeMeasured(
	userFolder: string,
	workflowId: string,
	opts: ExecuteOptions = {},
): Promise<N8nRun> {
	const bin = await rt.ensureN8n();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-bench-run-'));
	const rssDir = path.join(work, 'rss');
	fs.mkdirSync(rssDir);
	const outFile = path.join(work, 'out.log');
	const out = fs.openSync(outFile, 'w');
	const env = rt.n8nEnv(userFolder, {
		N8N_RUNNERS_BROKER_PORT: String(await rt.freePort()),
		// BENCH_CPU_PROF=<dir>: also write a V8 CPU profile of every n8n process (open it in Chrome DevTools).
		NODE_OPTIONS: `--require ${PROBE}${process.env.BENCH_CPU_PROF ? ` --cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` : ''}`,
		BENCH_RSS_DIR: rssDir,
		...opts.env,
	});
	const started = Date.now();
	const child = spawn(rt.node24(), [bin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		cwd: userFolder,
		env,
		stdio: ['ignore', out, out],
	});
	const timeoutMs = opts.timeoutMs ?? 30 * 60 * 1000;
	const code = await new Promise<number | null>((resolve, reject) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (c) => {
			clearTimeout(timer);
			resolve(c);
		});
	});
	const processMs = Date.now() - started;
	fs.closeSync(out);
	const pid = child.pid;
	const probeFile = path.join(rssDir, `${pid}.json`);
	const probe = fs.existsSync(probeFile)
		? (JSON.parse(fs.readFileSync(probeFile, 'utf8')) as {
				maxRssBytes: number;
				samples: Array<[number, number]>;
			})
		: { maxRssBytes: 0, samples: [] };

	let text = fs.readFileSync(outFile, 'utf8');
	let run = findRun(text);
	if (!run) {
		const tail = text.slice(-6000);
		fs.rmSync(work, { recursive: true, force: true });
		throw new Error(`n8n execute ${workflowId} printed no run (exit ${code}):\n${tail}`);
	}
	text = '';
	const resultData = (run.data as Json).resultData as Json;
	const runData = resultData.runData as Record<string, Array<Json>>;
	const nodes: Record<string, NodeRun> = {};
	const firstItems: Record<string, unknown[]> = {};
	for (const [name, runs] of Object.entries(runData)) {
		let items = 0;
		let executionTime = 0;
		let error: string | undefined;
		for (const r of runs) {
			const main =
				((r.data as Json | undefined)?.main as
					| Array<Array<{ json: unknown }> | null>
					| undefined) ?? [];
			items += main[0]?.length ?? 0;
			executionTime += Number(r.executionTime) || 0;
			if (r.error) error = String((r.error as Json).message ?? 'error');
			if (!firstItems[name])
				firstItems[name] = (main[0] ?? []).slice(0, opts.keepItems ?? 3).map((i) => i.json);
		}
		nodes[name] = { startTime: Number(runs[0].startTime), executionTime, items, error };
	}
	const error = resultData.error ? String((resultData.error as Json).message) : undefined;
	const status = String(run.status ?? (error ? 'error' : 'success'));
	run = undefined;
	fs.rmSync(work, { recursive: true, force: true });
	return {
		workflowId,
		status,
		error,
		nodes,
		processMs,
		maxRssBytes: probe.maxRssBytes,
		samples: probe.samples.map(([t, rss]) => ({ t, rss })),
		firstItems,
	};
}

/** Fails with n8n's message when a run did not succeed. */
export function assertSuccess(run: N8nRun): N8nRun {
	if (run.status !== 'success' || run.error) {
		const nodeErrors = Object.entries(run.nodes)
			.filter(([, n]) => n.error)
			.map(([name, n]) => `${name}: ${n.error}`);
		throw new Error(
			`workflow ${run.workflowId} ended with status ${run.status}: ${run.error ?? ''} ${nodeErrors.join('; ')}`,
		);
	}
	return run;
}
