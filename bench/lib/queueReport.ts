/**
 * The queue load test's results: `queue.<label>` in bench/results.json and a section of bench/RESULTS.md rendered from
 * every label there (e.g. perProcess and adaptive side by side). `npm run bench` rewrites the rest of both files
 * and keeps these (bench/lib/report.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Assertion, EndpointStats, TriggerCheck } from './queueAnalysis';

export interface QueueResult {
	workers: number;
	lost: number;
	duplicates: number;
	triggerEmittedOnce: boolean;
	endpoints: Record<string, EndpointStats>;
	concurrency: number;
	date: string;
	/** Wall time of the load: first job call to the last job execution's end. */
	loadSeconds: number;
	mode: 'assert' | 'measure-only';
	jobs: Array<{
		kind: string;
		workflow: string;
		items: number;
		delivered: number;
		lost: number;
		status: string;
		worker?: string;
		error?: string;
	}>;
	/** Writes DSCO never took (e.g. items after a failed one), per job kind. */
	unsent: Record<string, number>;
	trigger: TriggerCheck & { executions: number };
	executionsPerWorker: Record<string, number>;
	assertions: Assertion[];
}

const BEGIN = '<!-- queue-load:begin (written by npm run test:queue) -->';
const END = '<!-- queue-load:end -->';

function readJson(file: string): Record<string, unknown> {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	} catch {
		return {};
	}
}

const LABELS: Record<string, string> = {
	perProcess: 'per-process pacing (each n8n process paces DSCO calls on its own)',
	adaptive: 'adaptive pacing (each process lowers its rate on a 429 and recovers slowly)',
};

function cell(x: number | null | undefined): string {
	return x === null || x === undefined ? '–' : String(x);
}

function jobLine(r: QueueResult): string {
	const byKind = new Map<string, QueueResult['jobs']>();
	for (const j of r.jobs) byKind.set(j.kind, [...(byKind.get(j.kind) ?? []), j]);
	return [...byKind.entries()]
		.map(([kind, jobs]) => {
			const failed = jobs.filter((j) => j.status !== 'success').length;
			const lost = jobs.reduce((a, j) => a + j.lost, 0);
			const items = jobs.reduce((a, j) => a + j.items, 0);
			return `${kind}: ${jobs.length - failed}/${jobs.length} executions succeeded, ${items - lost}/${items} results on the output${r.unsent[kind] ? `, ${r.unsent[kind]} never sent` : ''}`;
		})
		.join('; ');
}

/** The markdown of one label's run. */
export function renderLabel(label: string, r: QueueResult): string[] {
	const rows = Object.entries(r.endpoints).map(
		([key, s]) =>
			`| \`${key}\` | ${s.requests} | ${s.http429} | ${s.ratePerSec} | ${s.acceptedPerSec} | ${s.peakPerSec} | ${cell(s.limitPerSec)} | ${s.busySeconds} s |`,
	);
	const failedAssertions = r.assertions.filter((a) => !a.ok);
	const errors = [...new Set(r.jobs.filter((j) => j.error).map((j) => j.error))];
	return [
		`### \`queue.${label}\`: ${LABELS[label] ?? label}`,
		'',
		`${r.date}, ${r.workers} workers × concurrency ${r.concurrency}, load ${r.loadSeconds} s, run as ${r.mode}.`,
		'',
		'| endpoint | requests | 429s | offered /s | taken /s | peak in 1 s | limit /s | busy period |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows,
		'',
		`- **Lost** ${r.lost} (input items whose DSCO result never reached the node's output), **duplicate writes** ${r.duplicates}, **trigger emitted every order once**: ${r.triggerEmittedOnce ? 'yes' : 'no'} (${r.trigger.created} orders created during the load, ${r.trigger.emitted} emitted in ${r.trigger.executions} executions, ${r.trigger.repeated} repeated, ${r.trigger.lost} lost).`,
		`- Jobs: ${jobLine(r)}.`,
		`- Executions per worker: ${
			Object.entries(r.executionsPerWorker)
				.map(([w, n]) => `${w} ${n}`)
				.join(', ') || 'none seen'
		}.`,
		...(errors.length
			? [`- Errors that ended executions: ${errors.map((e) => `"${e}"`).join('; ')}.`]
			: []),
		`- Assertions: ${failedAssertions.length === 0 ? 'all held' : `${failedAssertions.length} of ${r.assertions.length} failed: ${failedAssertions.map((a) => `${a.name} (${a.detail})`).join('; ')}`}.`,
		'',
	];
}

/** The whole RESULTS.md section, between markers, for every label recorded in results.json. */
export function renderSection(queue: Record<string, QueueResult>): string {
	const labels = Object.keys(queue).sort((a, b) =>
		a === 'adaptive' ? -1 : b === 'adaptive' ? 1 : a.localeCompare(b),
	);
	return [
		BEGIN,
		'## Queue mode: load test (`npm run test:queue`)',
		'',
		"Real queue mode (scripts/queue-stack.js): n8n 2.41.1 main + 2 `n8n worker` processes at concurrency 5, PostgreSQL and Redis from Debian packages, the package installed on every process, one simulator enforcing DSCO's documented per-account limits (across all clients). At the same time: 4 workflows acknowledging 2,000 orders each by DSCO order id (batched, Wait for Result on), 2 workflows updating 1,000 SKUs each through `/inventory/singleItem` (Send Mode: one call per item), 2 workflows paging 5,000 orders each (Get Many, Return All), each started by its production webhook (so the main enqueues it and a worker runs it), and the DSCO Trigger active on the main while new orders arrive every 15 s.",
		'',
		...labels.flatMap((label) => renderLabel(label, queue[label])),
		"How to read it: **requests** are all calls the endpoint received from every process, 429s included; the **busy period** runs from its first call to its last; **offered /s** = requests ÷ busy period, **taken /s** = (requests − 429s) ÷ busy period; **peak in 1 s** is the most calls offered within any one second. The rate must reach 0.8 × the limit where the work queued behind it (the peak reached the limit, or DSCO refused calls), and may pass the limit only by the refused calls (the retries). **Lost** counts input items whose DSCO result is not on the DSCO node's output (an execution that fails has no output); **duplicate writes** are orders or SKUs DSCO took more than once.",
		END,
	].join('\n');
}

/** The queue section of an existing RESULTS.md, or undefined. */
export function existingSection(md: string): string | undefined {
	const start = md.indexOf(BEGIN);
	const end = md.indexOf(END);
	return start >= 0 && end > start ? md.slice(start, end + END.length) : undefined;
}

/** Puts `section` in place of the old one, or appends it. */
export function withSection(md: string, section: string): string {
	const old = existingSection(md);
	if (old) return md.replace(old, section);
	return `${md.replace(/\n*$/, '')}\n\n${section}\n`;
}

/** Records `result` as `queue.<label>` in results.json and re-renders the section of RESULTS.md. */
export function writeQueueResult(dir: string, label: string, result: QueueResult): void {
	const jsonFile = path.join(dir, 'results.json');
	const json = readJson(jsonFile);
	const queue = { ...((json.queue as Record<string, QueueResult>) ?? {}), [label]: result };
	fs.writeFileSync(jsonFile, `${JSON.stringify({ ...json, queue }, null, 2)}\n`);
	const mdFile = path.join(dir, 'RESULTS.md');
	const md = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, 'utf8') : '# Benchmark results\n';
	fs.writeFileSync(mdFile, withSection(md, renderSection(queue)));
}

/** For `npm run bench`: what the queue load test recorded in `dir`, to keep when the rest is rewritten. */
export function keptQueueResults(dir: string): { json?: unknown; section?: string } {
	const json = readJson(path.join(dir, 'results.json')).queue;
	let section: string | undefined;
	try {
		section = existingSection(fs.readFileSync(path.join(dir, 'RESULTS.md'), 'utf8'));
	} catch {}
	return { json, section };
}
