/** The bench's output: a table on stdout, bench/results.json (fixed keys) and bench/RESULTS.md. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { rt } from './n8n';

export interface BenchResults {
	inventory: {
		skus: number;
		dscoNode: { calls: number; wallMs: number; http429: number; peakRssBytes: number };
		httpRequestPerItem: { calls: number; wallMs: number; extrapolatedFrom: number | null };
		httpRequestBatched: { calls: number; wallMs: number };
		floor: { calls: number; wallMs: number };
		payloadBytes: number;
	} | null;
	orders: {
		orders: number;
		dscoNode: { calls: number; wallMs: number };
		httpRequestPaginated: { calls: number; wallMs: number };
		floorWallMs: number;
	} | null;
	trigger: { idlePollRequests: number; idlePollMs: number; newOrders: number; pollMs: number } | null;
	engine: { items: number; dscoNodeMs: number; httpRequestMs: number } | null;
}

/** Everything else the run learned, for RESULTS.md only. */
export interface Extra {
	settings: Record<string, unknown>;
	notes: string[];
	idleRssBytes?: number;
	idleProcessMs?: number;
	load?: number[];
	totalMs?: number;
	orders?: Record<string, number>;
	coldTimeline?: string[];
	warmTimeline?: string[];
	engine?: Record<string, number>;
	trigger?: Record<string, unknown>;
	inventory?: Record<string, number | string | string[] | number[]>;
}

const MB = 5 * 1024 * 1024;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const int = (v: number) => v.toLocaleString('en-US');
const ratio = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

interface Target {
	what: string;
	measured: string;
	limit: string;
	ratio: number;
	max: number;
}

export function targets(r: BenchResults, extra: Extra): Target[] {
	const out: Target[] = [];
	const inv = r.inventory;
	if (inv) {
		const minCalls = Math.ceil(inv.payloadBytes / MB);
		out.push({
			what: 'Inventory calls ≤ 1.05 × ⌈payload ÷ 5 MB⌉',
			measured: `${inv.dscoNode.calls} calls`,
			limit: `⌈${int(inv.payloadBytes)} B ÷ 5 MiB⌉ = ${minCalls}`,
			ratio: inv.dscoNode.calls / minCalls,
			max: 1.05,
		});
		out.push({
			what: 'Inventory wall time ≤ 0.1 × HTTP Request per item',
			measured: ms(inv.dscoNode.wallMs),
			limit: `${ms(inv.httpRequestPerItem.wallMs)}${inv.httpRequestPerItem.extrapolatedFrom ? ' (extrapolated)' : ''}`,
			ratio: inv.dscoNode.wallMs / inv.httpRequestPerItem.wallMs,
			max: 0.1,
		});
		out.push({
			what: 'Inventory wall time ≤ 1.5 × floor',
			measured: ms(inv.dscoNode.wallMs),
			limit: `floor ${ms(inv.floor.wallMs)}`,
			ratio: inv.dscoNode.wallMs / inv.floor.wallMs,
			max: 1.5,
		});
		const items = Number(extra.inventory?.itemsJsonBytes ?? inv.payloadBytes);
		const idle = extra.idleRssBytes ?? 0;
		out.push({
			what: "Peak RSS ≤ 2 × items' JSON + n8n's idle RSS",
			measured: mib(inv.dscoNode.peakRssBytes),
			limit: `2 × ${mib(items)} + ${mib(idle)} = ${mib(2 * items + idle)}`,
			ratio: inv.dscoNode.peakRssBytes / (2 * items + idle),
			max: 1,
		});
	}
	if (r.orders) {
		out.push({
			what: 'Order paging ≤ 1.2 × floor',
			measured: ms(r.orders.dscoNode.wallMs),
			limit: `floor ${ms(r.orders.floorWallMs)}`,
			ratio: r.orders.dscoNode.wallMs / r.orders.floorWallMs,
			max: 1.2,
		});
	}
	return out;
}

export function table(r: BenchResults, extra: Extra): string {
	const rows: string[][] = [['scenario', 'contender', 'calls', 'wall time', '429s', 'n8n peak RSS', 'notes']];
	const inv = r.inventory;
	const e = extra.inventory ?? {};
	if (inv) {
		const s = `Inventory, ${int(inv.skus)} SKUs × 2 warehouses (${mib(inv.payloadBytes)} JSON)`;
		rows.push([s, 'DSCO node, Update (batch, Wait for Result off)', int(inv.dscoNode.calls), ms(inv.dscoNode.wallMs), int(inv.dscoNode.http429), mib(inv.dscoNode.peakRssBytes), `+${int(Number(e.dscoTokenCalls ?? 0))} token call(s)`]);
		if (e.waitWallMs !== undefined) {
			rows.push([s, 'DSCO node, Update (batch, Wait for Result on)', int(Number(e.waitCalls)), ms(Number(e.waitWallMs)), '0', mib(Number(e.waitPeakRssBytes)), `+${int(Number(e.waitLogCalls))} change-log reads`]);
		}
		const per = inv.httpRequestPerItem;
		rows.push([s, 'HTTP Request, one call per item (/inventory/singleItem)', int(per.calls), ms(per.wallMs), int(Number(e.perItem429 ?? 0)), '', per.extrapolatedFrom ? `extrapolated from ${int(per.extrapolatedFrom)} items (${ms(Number(e.perItemWallMs))})` : '']);
		rows.push([s, `HTTP Request, arrays of ${int(Number(extra.settings.httpChunk))} (/inventory/batch/small)`, int(inv.httpRequestBatched.calls), ms(inv.httpRequestBatched.wallMs), int(Number(e.batch429 ?? 0)), mib(Number(e.batchPeakRssBytes ?? 0)), `Code node ${ms(Number(e.batchMakeArraysMs))} + HTTP ${ms(Number(e.batchPostMs))}`]);
		rows.push([s, 'floor: plain script (axios), pre-built ≤ 5 MB bodies', int(inv.floor.calls), ms(inv.floor.wallMs), '0', '', '']);
	}
	if (r.orders) {
		const o = r.orders;
		const x = extra.orders ?? {};
		const s = `Order paging, ${int(o.orders)} orders, 1,000 a page`;
		if (x.coldWallMs !== undefined) {
			rows.push([s, 'DSCO node, first run (fetches the OAuth2 token)', int(x.coldCalls), ms(x.coldWallMs), int(x.cold429 ?? 0), '', `+${int(x.coldTokenCalls ?? 0)} token call(s)`]);
		}
		rows.push([s, 'DSCO node, Order → Get Many, Return All', int(o.dscoNode.calls), ms(o.dscoNode.wallMs), int(x.dsco429 ?? 0), mib(x.dscoPeakRssBytes ?? 0), `+${int(x.dscoTokenCalls ?? 0)} token call(s)`]);
		rows.push([s, 'HTTP Request, pagination option + Split Out', int(o.httpRequestPaginated.calls), ms(o.httpRequestPaginated.wallMs), int(x.http429 ?? 0), mib(x.httpPeakRssBytes ?? 0), `HTTP ${ms(x.httpPagesMs ?? 0)} + Split Out ${ms(x.httpSplitMs ?? 0)}`]);
		rows.push([s, 'plain script (axios), ≤ 10 calls/s', int(x.scriptCalls ?? 0), ms(x.scriptWallMs ?? 0), '0', '', '']);
		rows.push([s, 'floor: pages ÷ 10 per second', int(Math.round(o.floorWallMs / 100)), ms(o.floorWallMs), '', '', '']);
	}
	if (r.trigger) {
		const t = r.trigger;
		rows.push(['Trigger, idle poll', 'DSCO Trigger (stream)', int(t.idlePollRequests), ms(t.idlePollMs), '', '', String(extra.trigger?.how ?? '')]);
		rows.push([`Trigger, one poll draining ${int(t.newOrders)} new orders`, 'DSCO Trigger (stream)', int(Number(extra.trigger?.drainRequests ?? 0)), ms(t.pollMs), int(Number(extra.trigger?.drain429 ?? 0)), '', `${int(Number(extra.trigger?.emitted ?? 0))} items emitted`]);
	}
	if (r.engine) {
		const g = r.engine;
		const x = extra.engine ?? {};
		const s = `Engine overhead, ${int(g.items)} items (one POST /order/acknowledge each)`;
		rows.push([s, 'DSCO node, Acknowledge (Wait for Result off)', int(x.dscoCalls ?? 0), ms(g.dscoNodeMs), '', '', `${int(x.dscoOutputItems ?? 0)} output items`]);
		rows.push([s, 'HTTP Request, Execute Once, body from $input.all()', int(x.httpCalls ?? 0), ms(g.httpRequestMs), '', '', `${int(x.httpOutputItems ?? 0)} output item`]);
	}
	return markdownTable(rows);
}

function markdownTable(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
	return [line(rows[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function targetTable(list: Target[]): string {
	const rows = [['target', 'measured', 'against', 'ratio', 'limit', 'met']];
	for (const t of list) rows.push([t.what, t.measured, t.limit, ratio(t.ratio), ratio(t.max), t.ratio <= t.max ? 'yes' : 'NO']);
	return markdownTable(rows);
}

function machine(): string {
	const cpus = os.cpus();
	return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${mib(os.totalmem())} RAM, ${os.type()} ${os.release()}, Node ${process.version} (runner), n8n ${rt.N8N_VERSION}`;
}

/** Ratios of the DSCO node against the other contenders, for the summary. */
function comparisons(r: BenchResults): string[] {
	const out: string[] = [];
	if (r.inventory) {
		const i = r.inventory;
		out.push(`Inventory: the DSCO node took ${ratio(i.httpRequestPerItem.wallMs / i.dscoNode.wallMs)}× less time than the HTTP Request node per item and ${ratio(i.httpRequestBatched.wallMs / i.dscoNode.wallMs)}× less than the batched HTTP Request; ${ratio(i.dscoNode.wallMs / i.floor.wallMs)}× the floor.`);
	}
	if (r.orders) {
		const o = r.orders;
		out.push(`Order paging: DSCO node ${ratio(o.dscoNode.wallMs / o.floorWallMs)}× the floor; HTTP Request ${ratio(o.httpRequestPaginated.wallMs / o.floorWallMs)}× the floor.`);
	}
	if (r.engine) {
		out.push(`Engine: the DSCO node spends ${ratio(r.engine.dscoNodeMs / r.engine.items)} ms per item (${ms(r.engine.dscoNodeMs)} for ${int(r.engine.items)}), the HTTP Request node ${ratio(r.engine.httpRequestMs / r.engine.items)} ms.`);
	}
	return out;
}

export interface ReportOptions {
	startedAt: Date;
	write: boolean;
	dir: string;
	/** Hand-written analysis appended to RESULTS.md (bench/ANALYSIS.md when present). */
}

export function writeReport(r: BenchResults, extra: Extra, opts: ReportOptions) {
	const t = table(r, extra);
	const goals = targetTable(targets(r, extra));
	process.stdout.write(`\n${t}\n\n${goals}\n\n${comparisons(r).join('\n')}\n`);
	if (!opts.write) return;
	const json = {
		inventory: r.inventory,
		orders: r.orders,
		trigger: r.trigger,
		engine: r.engine,
	};
	fs.writeFileSync(path.join(opts.dir, 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
	const analysisFile = path.join(opts.dir, 'ANALYSIS.md');
	const analysis = fs.existsSync(analysisFile) ? fs.readFileSync(analysisFile, 'utf8').trim() : '';
	const load = extra.load ?? [];
	const md = [
		'# Benchmark results',
		'',
		`- **Command**: \`npm run bench\``,
		`- **Date**: ${opts.startedAt.toISOString()} (whole run ${ms(extra.totalMs ?? 0)})`,
		`- **Machine**: ${machine()}`,
		`- **Load**: 1-minute load average ${load.map((l) => l.toFixed(2)).join(' at the start, ')} at the end${load.some((l) => l > 1.5) ? ' — other processes (tests of other engineers) were running on this machine, so times are noisy' : ''}`,
		`- **Setup**: one simulator process (test/simulator) with the vendor's rate limits on; n8n ${rt.N8N_VERSION} headless (\`n8n execute\`, one n8n process per run), this package installed as a community package; n8n's idle peak RSS (\`n8n execute\` of a one-node workflow) ${mib(extra.idleRssBytes ?? 0)}`,
		`- **Settings**: \`${JSON.stringify(extra.settings)}\``,
		'',
		'## Results',
		'',
		t,
		'',
		'## Targets',
		'',
		goals,
		'',
		...comparisons(r).map((c) => `- ${c}`),
		...(extra.notes.length ? ['', ...extra.notes.map((n) => `- ${n}`)] : []),
		'',
		'## Details of this run',
		'',
		'```json',
		JSON.stringify({ idleRssBytes: extra.idleRssBytes, orders: extra.orders, engine: extra.engine, trigger: extra.trigger, inventory: extra.inventory }, null, 2),
		'```',
		...(analysis ? ['', analysis] : []),
		'',
	].join('\n');
	fs.writeFileSync(path.join(opts.dir, 'RESULTS.md'), md);
	process.stderr.write(`[bench] wrote ${path.join(opts.dir, 'RESULTS.md')} and results.json\n`);
}
