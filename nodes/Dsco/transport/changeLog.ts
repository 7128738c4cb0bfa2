import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DscoClient } from './client';
import { dscoMessages, type DscoMessage } from './errors';

/** The change logs DSCO keeps for async writes. */
export type ChangeLogKind = 'order' | 'inventory' | 'invoice';

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

/** Reads every page of a change-log query (by requestId, or by startDate + endDate). */
export async function readChangeLog(
	client: DscoClient,
	kind: ChangeLogKind,
	query: IDataObject,
	itemIndexes?: readonly number[] | number,
): Promise<ChangeLogRead> {
	const logs: ChangeLogEntry[] = [];
	let status = 'COMPLETED';
	let scrollId: string | undefined;
	for (let page = 0; page < 10_000; page++) {
		const res = await client.request<{ status?: string; logs?: ChangeLogEntry[]; scrollId?: string }>({
			method: 'GET',
			path: `/${kind}/log`,
			qs: scrollId ? { scrollId } : query,
			itemIndexes,
		});
		const body = res.body ?? {};
		if (page === 0) status = body.status ?? 'COMPLETED';
		const entries = Array.isArray(body.logs) ? body.logs : [];
		logs.push(...entries);
		if (entries.length === 0 || !body.scrollId) break;
		scrollId = body.scrollId;
	}
	return { status, logs };
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
	const deadline = Date.now() + options.timeoutMs;
	let pause = options.firstPollMs ?? 500;
	for (;;) {
		const read = await readChangeLog(client, kind, { requestId }, options.itemIndexes);
		if (read.status === 'COMPLETED') return read.logs;
		const left = deadline - Date.now();
		if (left <= 0) return undefined;
		await sleepMs(Math.min(pause, left));
		pause = Math.min(options.maxPollMs ?? 10_000, Math.round(pause * 1.5));
	}
}

/** The outcome of one entry of an async write, as DSCO's change log reports it. */
export interface EntryOutcome {
	status: 'success' | 'failure' | 'skipped' | 'timeout';
	messages: DscoMessage[];
	dateProcessed?: string;
}

/**
 * Pairs change-log entries with the entries that were sent: by `key` of the payload where it gives one, in order
 * among equal keys. Sent entries with no log entry are `skipped` when the request completed (e.g. unknown SKUs
 * with skipItemsThatDontExist), or `timeout` when it had not.
 */
export function matchOutcomes<E>(
	sent: readonly E[],
	logs: ChangeLogEntry[] | undefined,
	key: (payload: IDataObject | E) => string | undefined,
): EntryOutcome[] {
	if (logs === undefined) return sent.map(() => ({ status: 'timeout', messages: [] }));
	const queues = new Map<string, number[]>();
	sent.forEach((entry, k) => {
		const id = key(entry) ?? `#${k}`;
		queues.set(id, [...(queues.get(id) ?? []), k]);
	});
	const outcomes: Array<EntryOutcome | undefined> = sent.map(() => undefined);
	logs.forEach((log, position) => {
		const id = (log.payload && key(log.payload)) ?? `#${position}`;
		const k = queues.get(id)?.shift();
		if (k === undefined) return;
		outcomes[k] = {
			status: log.status === 'success' ? 'success' : 'failure',
			messages: dscoMessages({ results: log.results }),
			dateProcessed: log.dateProcessed,
		};
	});
	return outcomes.map((o) => o ?? { status: 'skipped', messages: [] });
}

export function changeLogKindOf(ctx: { getNode(): import('n8n-workflow').INode }, value: unknown): ChangeLogKind {
	if (value === 'order' || value === 'inventory' || value === 'invoice') return value;
	throw new NodeOperationError(ctx.getNode(), `Unknown change log "${String(value)}": use order, inventory or invoice`);
}
