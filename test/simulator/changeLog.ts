/**
 * Change logs (GET /order/log, /inventory/log, /invoice/log, /catalog/log, /return/log) and the queue that settles
 * async requests into them after `asyncSettleMs` (or, while a test holds settling, once it releases it). Until a
 * request has settled its logs are empty (status PROCESSING). Catalog entries wrap the item as the document's
 * ItemCatalogChangeLog does (`payload: {message: ItemCatalog}`) and each one is also a catalogchangelog stream event.
 */
import { SimClock, formatDate } from './clock';
import { EventLog } from './events';
import type { ChangeLogKind, Message } from './types';

export type LogKind = ChangeLogKind;
export type EntryStatus = 'success' | 'failure';
export type RequestMethod = 'api' | 'portal';

export interface ChangeLogEntry {
	payload: unknown;
	dateProcessed: string;
	status: EntryStatus;
	requestMethod: RequestMethod;
	/** Catalog entries: the API's operationId (the document: "in the case of an API call, this will be the name of the API"). */
	requestMethodDetail?: string;
	requestId: string;
	results?: Message[];
}

export interface OpenOptions {
	requestMethod?: RequestMethod;
	requestMethodDetail?: string;
}

interface StoredEntry {
	entry: ChangeLogEntry;
	ms: number;
}

interface RequestState {
	kind: LogKind;
	settled: boolean;
	entries: StoredEntry[];
	requestMethod: RequestMethod;
	requestMethodDetail?: string;
}

export type StatusFilter = 'pending' | 'success' | 'failure' | 'success_or_failure';

export interface LogQueryResult {
	status: 'PROCESSING' | 'COMPLETED';
	entries: ChangeLogEntry[];
}

export class ChangeLogStore {
	private readonly requests = new Map<string, RequestState>();
	private readonly byKind: Record<LogKind, StoredEntry[]> = {
		order: [],
		inventory: [],
		invoice: [],
		catalog: [],
		return: [],
	};

	constructor(
		private readonly clock: SimClock,
		private readonly events: EventLog,
	) {}

	/** Registers a request whose entries will come later. */
	open(kind: LogKind, requestId: string, opts: OpenOptions = {}): void {
		this.requests.set(requestId, {
			kind,
			settled: false,
			entries: [],
			requestMethod: opts.requestMethod ?? 'api',
			requestMethodDetail: opts.requestMethodDetail,
		});
	}

	add(requestId: string, payload: unknown, status: EntryStatus, results?: Message[]): void {
		const request = this.requests.get(requestId);
		if (!request) throw new Error(`Unknown change-log request ${requestId}`);
		const ms = this.clock.now();
		const entry: ChangeLogEntry = {
			payload: request.kind === 'catalog' ? { message: payload } : payload,
			dateProcessed: formatDate(ms),
			status,
			requestMethod: request.requestMethod,
			...(request.requestMethodDetail ? { requestMethodDetail: request.requestMethodDetail } : {}),
			requestId,
			...(results && results.length > 0 ? { results } : {}),
		};
		request.entries.push({ entry, ms });
		this.byKind[request.kind].push({ entry, ms });
		if (request.kind === 'catalog') {
			const sku = (payload as { sku?: unknown } | null)?.sku;
			this.events.append({
				objectType: 'catalogchangelog',
				key: typeof sku === 'string' ? sku : requestId,
				payload: structuredClone(entry) as unknown as Record<string, unknown>,
			});
		}
	}

	close(requestId: string): void {
		const request = this.requests.get(requestId);
		if (request) request.settled = true;
	}

	byRequest(kind: LogKind, requestId: string, filter?: StatusFilter): LogQueryResult {
		const request = this.requests.get(requestId);
		if (!request || request.kind !== kind || !request.settled)
			return { status: 'PROCESSING', entries: [] };
		return { status: 'COMPLETED', entries: select(request.entries, filter) };
	}

	/** Every entry of a kind, in processing order. */
	all(kind: LogKind): ChangeLogEntry[] {
		return this.byKind[kind].map((e) => e.entry);
	}

	/** Entries processed in [startMs, endMs]. */
	byDate(kind: LogKind, startMs: number, endMs: number, filter?: StatusFilter): LogQueryResult {
		const inRange = this.byKind[kind].filter((e) => e.ms >= startMs && e.ms <= endMs);
		const processing = [...this.requests.values()].some((r) => r.kind === kind && !r.settled);
		return { status: processing ? 'PROCESSING' : 'COMPLETED', entries: select(inRange, filter) };
	}
}

function select(entries: StoredEntry[], filter?: StatusFilter): ChangeLogEntry[] {
	const wanted = (status: EntryStatus) =>
		filter === undefined || filter === status || filter === 'success_or_failure';
	return entries.filter((e) => wanted(e.entry.status)).map((e) => e.entry);
}

/**
 * Runs jobs after a fixed delay, in submission order; settle() waits for all of them. hold() keeps jobs that come
 * due from running until release(), so that a test can look at a request that has certainly not settled yet instead
 * of racing the delay.
 */
export class AsyncQueue {
	private readonly pending = new Set<PendingJob>();
	private held = false;
	private readonly parked: PendingJob[] = [];
	private closed = false;

	constructor(private readonly delayMs: number) {}

	schedule(job: () => void): void {
		if (this.closed) return;
		let resolve!: () => void;
		const done = new Promise<void>((r) => (resolve = r));
		const entry: PendingJob = { job, done, resolve };
		entry.timer = setTimeout(() => {
			entry.timer = undefined;
			if (this.held) this.parked.push(entry);
			else this.run(entry);
		}, this.delayMs);
		this.pending.add(entry);
	}

	/** Jobs that come due wait (in order) until release(); settle() waits for release too. */
	hold(): void {
		this.held = true;
	}

	/** Runs the jobs that came due while held, in submission order; later ones run when due. */
	release(): void {
		this.held = false;
		for (const entry of this.parked.splice(0)) this.run(entry);
	}

	async settle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending].map((p) => p.done));
	}

	/** Drops jobs that have not run yet (and releases anyone waiting in settle()). */
	close(): void {
		this.closed = true;
		for (const entry of this.pending) {
			if (entry.timer) clearTimeout(entry.timer);
			entry.resolve();
		}
		this.pending.clear();
		this.parked.length = 0;
	}

	private run(entry: PendingJob): void {
		this.pending.delete(entry);
		try {
			entry.job();
		} finally {
			entry.resolve();
		}
	}
}

interface PendingJob {
	job: () => void;
	done: Promise<void>;
	resolve: () => void;
	timer?: NodeJS.Timeout;
}
