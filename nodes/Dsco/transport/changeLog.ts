import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CATALOG_CHANGE_LOG_PAGE,
	CATALOG_CHANGE_LOG_SEARCH_PAGE,
	CHANGE_LOG_PAGE,
	CHANGE_LOG_SEARCH_PAGE,
} from './answers';
import type { DscoClient } from './client';
import { dscoMessages, type DscoMessage } from './errors';

/** The change logs DSCO keeps for async writes. */
export type ChangeLogKind = 'order' | 'inventory' | 'invoice' | 'catalog' | 'return';

export const CHANGE_LOG_KINDS: readonly ChangeLogKind[] = [
	'order',
	'inventory',
	'invoice',
	'catalog',
	'return',
];

/**
 * The object a change-log entry is about: its payload, except in the catalog log, whose payload wraps the
 * ItemCatalog as `{message: ItemCatalog}` (ItemCatalogChangeLog).
 */
export function loggedObject(kind: ChangeLogKind, payload: unknown): IDataObject | undefined {
	const object = (v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : undefined;
	return kind === 'catalog' ? object(object(payload)?.message) : object(payload);
}

export interface ChangeLogEntry extends IDataObject {
	payload?: IDataObject;
	status?: string;
	requestId?: string;
	dateProcessed?: string;
	results?: IDataObject[];
}

export interface ChangeLogRead {
	/** PROCESSING until DSCO has processed every entry of the request. */
	status: 'PROCESSING' | 'COMPLETED' | string;
	logs: ChangeLogEntry[];
}

/** The shape of a change-log page: a requestId's first page must say whether DSCO has finished. */
function changeLogAnswer(kind: ChangeLogKind, byRequestId: boolean) {
	if (kind === 'catalog')
		return byRequestId ? CATALOG_CHANGE_LOG_PAGE : CATALOG_CHANGE_LOG_SEARCH_PAGE;
	return byRequestId ? CHANGE_LOG_PAGE : CHANGE_LOG_SEARCH_PAGE;
}

/** Reads every page of a change-log query (by requestId, or by startDate + endDate). */
export async function readChangeLog(
	client: DscoClient,
	kind: ChangeLogKind,
	query: IDataObject,
	itemIndexes?: readonly number[] | number,
): Promise<ChangeLogRead> {
	const logs: ChangeLogEntry[] = [];
	const status = await scanChangeLog(
		client,
		kind,
		query,
		(entries) => logs.push(...entries),
		itemIndexes,
	);
	return { status, logs };
}

/**
 * Reads every page of a change-log query and hands each page's entries to `onPage` instead of keeping them, so that
 * a large request (e.g. a 100,000-line inventory file) can be summarised page by page. Returns the status of the
 * first page (PROCESSING until DSCO has processed every entry of a requestId; empty for a date-window search that
 * does not say).
 */
export async function scanChangeLog(
	client: DscoClient,
	kind: ChangeLogKind,
	query: IDataObject,
	onPage: (entries: ChangeLogEntry[]) => void,
	itemIndexes?: readonly number[] | number,
): Promise<string> {
	let status = '';
	let scrollId: string | undefined;
	for (let page = 0; page < 10_000; page++) {
		// Only the first page of a requestId query must say whether DSCO has finished: that is what callers wait on.
		const byRequestId = page === 0 && query.requestId !== undefined;
		const res = await client.request<{
			status?: string;
			logs: ChangeLogEntry[];
			scrollId?: string;
		}>({
			method: 'GET',
			path: `/${kind}/log`,
			qs: scrollId ? { scrollId } : query,
			itemIndexes,
			answer: changeLogAnswer(kind, byRequestId),
		});
		const body = res.body;
		if (page === 0) status = body.status ?? '';
		const entries = body.logs;
		if (entries.length) onPage(entries);
		if (entries.length === 0 || !body.scrollId) break;
		scrollId = body.scrollId;
	}
	return status;
}

export interface WaitOptions {
	/** Give up waiting after this long (the write itself stays accepted by DSCO). */
	timeoutMs: number;
	/** First pause between polls; grows ×1.5 up to maxPollMs. */
	firstPollMs?: number;
	maxPollMs?: number;
	itemIndexes?: readonly number[];
}

/**
 * Polls the change log for one requestId until DSCO reports it COMPLETED, or until the timeout. Returns the
 * entries, or undefined on timeout.
 */
export async function waitForChangeLog(
	client: DscoClient,
	kind: ChangeLogKind,
	requestId: string,
	options: WaitOptions,
	sleepMs: (ms: number) => Promise<void>,
): Promise<ChangeLogEntry[] | undefined> {
	let logs: ChangeLogEntry[] | undefined;
	const completed = await pollUntil(options, sleepMs, async () => {
		const read = await readChangeLog(client, kind, { requestId }, options.itemIndexes);
		logs = read.logs;
		return read.status === 'COMPLETED';
	});
	return completed ? logs : undefined;
}

/**
 * Polls one requestId's change log (its first page only) until DSCO reports it COMPLETED. Returns false on timeout.
 * For large requests: read the entries afterwards with scanChangeLog, page by page.
 */
export async function waitForCompletion(
	client: DscoClient,
	kind: ChangeLogKind,
	requestId: string,
	options: WaitOptions,
	sleepMs: (ms: number) => Promise<void>,
): Promise<boolean> {
	return await pollUntil(options, sleepMs, async () => {
		const res = await client.request<{ status: string }>({
			method: 'GET',
			path: `/${kind}/log`,
			qs: { requestId },
			itemIndexes: options.itemIndexes,
			answer: changeLogAnswer(kind, true),
		});
		return res.body.status === 'COMPLETED';
	});
}

/** Calls `done` until it answers true (→ true) or the timeout has passed (→ false), pausing longer each time. */
async function pollUntil(
	options: WaitOptions,
	sleepMs: (ms: number) => Promise<void>,
	done: () => Promise<boolean>,
) {
	const deadline = Date.now() + options.timeoutMs;
	let pause = options.firstPollMs ?? 500;
	for (;;) {
		if (await done()) return true;
		const left = deadline - Date.now();
		if (left <= 0) return false;
		await sleepMs(Math.min(pause, left));
		pause = Math.min(options.maxPollMs ?? 10_000, Math.round(pause * 1.5));
	}
}

/** The outcome of one entry of an async write, as DSCO's change log reports it. */
export interface EntryOutcome {
	/** `missing`: the request completed, but its change log has no entry for this one (and no skip was asked for). */
	status: 'success' | 'failure' | 'skipped' | 'timeout' | 'missing';
	messages: DscoMessage[];
	dateProcessed?: string;
}

/**
 * Pairs change-log entries of `kind` with the entries that were sent: by `key` of the logged object (see
 * loggedObject) where it gives one, in order among equal keys. Sent entries with no log entry are `timeout` when the request had not completed; when it had,
 * they are `skipped` only if DSCO was asked to skip entries without logging them (`skipsUnlogged`, e.g. unknown SKUs
 * with skipItemsThatDontExist), else `missing`: DSCO has not said what became of them.
 */
export function matchOutcomes<E>(
	kind: ChangeLogKind,
	sent: readonly E[],
	logs: ChangeLogEntry[] | undefined,
	key: (payload: IDataObject | E) => string | undefined,
	skipsUnlogged = false,
): EntryOutcome[] {
	if (logs === undefined) return sent.map(() => ({ status: 'timeout', messages: [] }));
	const queues = new Map<string, number[]>();
	sent.forEach((entry, k) => {
		const id = key(entry) ?? `#${k}`;
		queues.set(id, [...(queues.get(id) ?? []), k]);
	});
	const outcomes: Array<EntryOutcome | undefined> = sent.map(() => undefined);
	logs.forEach((log, position) => {
		const logged = loggedObject(kind, log.payload);
		const id = (logged && key(logged)) ?? `#${position}`;
		const k = queues.get(id)?.shift();
		if (k === undefined) return;
		outcomes[k] = {
			status: log.status === 'success' ? 'success' : 'failure',
			messages: dscoMessages({ results: log.results }),
			dateProcessed: log.dateProcessed,
		};
	});
	return outcomes.map((o) => o ?? { status: skipsUnlogged ? 'skipped' : 'missing', messages: [] });
}

export function changeLogKindOf(
	ctx: { getNode(): import('n8n-workflow').INode },
	value: unknown,
): ChangeLogKind {
	if (CHANGE_LOG_KINDS.includes(value as ChangeLogKind)) return value as ChangeLogKind;
	throw new NodeOperationError(
		ctx.getNode(),
		`Unknown change log "${String(value)}": use ${CHANGE_LOG_KINDS.join(', ')}`,
	);
}

/** A failed change-log entry, as kept by ChangeLogTally. */
export interface FailedEntry {
	payload?: IDataObject;
	messages: DscoMessage[];
	dateProcessed?: string;
}

/**
 * Counts a request's change-log entries by status while they are read page by page, keeping only the first
 * `keep` failures: a summary of a large request without holding its entries.
 */
export class ChangeLogTally {
	success = 0;

	failure = 0;

	pending = 0;

	readonly firstFailures: FailedEntry[] = [];

	constructor(private readonly keep = 10) {}

	get total(): number {
		return this.success + this.failure + this.pending;
	}

	add(entries: ChangeLogEntry[]): void {
		for (const entry of entries) {
			if (entry.status === 'success') this.success++;
			else if (entry.status === 'failure') {
				this.failure++;
				if (this.firstFailures.length < this.keep) {
					this.firstFailures.push({
						payload: entry.payload,
						messages: dscoMessages({ results: entry.results }),
						dateProcessed: entry.dateProcessed,
					});
				}
			} else this.pending++;
		}
	}
}
