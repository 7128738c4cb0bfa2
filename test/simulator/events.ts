/**
 * Stream events and streams. Every change appends an event to one global, position-ordered log; a stream
 * sees the events of its objectType that pass its query and hash to its partition.
 * Positions look like production's: z/2025/11/21/06/34/1763706868903-0174608 (time, then a sequence).
 */
import { randomUUID } from 'node:crypto';
import { SimClock, formatDate, parseDate } from './clock';

export type EventObjectType =
	| 'order'
	| 'orderitemchange'
	| 'inventory'
	| 'invoice'
	| 'catalog'
	| 'catalogchangelog'
	| 'returns';

export interface StoredEvent {
	/** The position; also the event id. */
	id: string;
	objectType: EventObjectType;
	/** Partitioning key (dscoOrderId, sku, invoiceId, dscoReturnId). */
	key: string;
	payload: Record<string, unknown>;
	eventReasons?: string[];
	/** Order event caused by a retailer cancel request (see OrderQuery.onlyIncludeCancelRequests). */
	cancelRequest?: boolean;
	/** Catalog event of an update that changed no attribute, only the update date (see CatalogQuery.omitNonUpdates). */
	unchanged?: boolean;
}

const POSITION = /^z\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d{2}\/\d{13}-\d{7}$/;

export function formatPosition(ms: number, sequence: number): string {
	const iso = new Date(ms).toISOString();
	const [y, mo, d, h, mi] = [
		iso.slice(0, 4),
		iso.slice(5, 7),
		iso.slice(8, 10),
		iso.slice(11, 13),
		iso.slice(14, 16),
	];
	return `z/${y}/${mo}/${d}/${h}/${mi}/${String(ms).padStart(13, '0')}-${String(sequence).padStart(7, '0')}`;
}

/**
 * A position given by a client: an event id, or an ISO 8601 timestamp (the vendor document allows both).
 * A timestamp includes the events of that very millisecond. Undefined when it is neither.
 */
export function normalizePosition(value: string): string | undefined {
	if (POSITION.test(value)) return value;
	const ms = parseDate(value);
	return ms === undefined ? undefined : formatPosition(ms, 0);
}

export class EventLog {
	private readonly events: StoredEvent[] = [];
	private sequence = 0;
	private lastMs = 0;

	constructor(private readonly clock: SimClock) {}

	/** The position of "now": every later event sorts after it. */
	currentPosition(): string {
		return formatPosition(Math.max(this.clock.now(), this.lastMs), this.sequence);
	}

	append(event: Omit<StoredEvent, 'id'>): StoredEvent {
		this.lastMs = Math.max(this.clock.now(), this.lastMs);
		this.sequence = (this.sequence % 9_999_999) + 1;
		const stored: StoredEvent = { ...event, id: formatPosition(this.lastMs, this.sequence) };
		this.events.push(stored);
		return stored;
	}

	/** Events strictly after `position`, in order. */
	*after(position: string): Generator<StoredEvent> {
		let lo = 0;
		let hi = this.events.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.events[mid].id <= position) lo = mid + 1;
			else hi = mid;
		}
		for (let i = lo; i < this.events.length; i++) yield this.events[i];
	}
}

export interface StreamPartition {
	partitionId: number;
	status: 'active';
	position: string;
	lastUpdate: string;
}

export interface StreamRecord {
	id: string;
	description?: string;
	objectType: string;
	query: Record<string, unknown>;
	numPartitions: number;
	maxEvents?: { objectCount?: number };
	streamVersion: number;
	partitions: StreamPartition[];
}

export interface CreateStreamInput {
	id?: string;
	description?: string;
	objectType: string;
	query: Record<string, unknown>;
	numPartitions?: number;
	maxEvents?: { objectCount?: number };
}

export type StreamReadResult =
	| { ok: true; partitionId: number; events: Array<Record<string, unknown>> }
	| { ok: false; reason: 'stream' | 'partition' | 'position' };

export const MAX_PARTITIONS = 20;
const DEFAULT_OBJECT_COUNT = 1000;

function stringList(value: unknown): string[] | undefined {
	return Array.isArray(value) ? value.map(String) : undefined;
}

function hash(key: string): number {
	let h = 0;
	for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) >>> 0;
	return h;
}

/** Whether an event passes a stream's query (only the filters the simulator's data can exercise). */
function matchesQuery(stream: StreamRecord, event: StoredEvent): boolean {
	const q = stream.query;
	const payload = event.payload;
	switch (event.objectType) {
		case 'order': {
			const orderTypes = stringList(q.orderTypes) ?? ['dropship'];
			const statuses = stringList(q.statuses);
			const lifecycles = stringList(q.dscoLifecycle);
			if (!orderTypes.includes(String(payload.orderType))) return false;
			if (statuses && !statuses.includes(String(payload.dscoStatus))) return false;
			if (lifecycles && !lifecycles.includes(String(payload.dscoLifecycle))) return false;
			return (q.onlyIncludeCancelRequests === true) === (event.cancelRequest === true);
		}
		case 'orderitemchange': {
			const statuses = stringList(q.statuses);
			return !statuses || statuses.includes(String(payload.status));
		}
		case 'inventory': {
			const itemStatus = stringList(q.itemStatus);
			return !itemStatus || itemStatus.includes(String(payload.status));
		}
		case 'catalog': {
			const productStatuses = stringList(q.productStatuses);
			if (productStatuses && !productStatuses.includes(String(payload.productStatus))) return false;
			return !(
				event.unchanged &&
				(q.omitNonUpdates === true || q.omitNonUpdatesAndInventory === true)
			);
		}
		case 'catalogchangelog': {
			const statuses = stringList(q.status);
			const methods = stringList(q.requestMethod);
			const details = stringList(q.requestMethodDetail);
			if (statuses && !statuses.includes(String(payload.status))) return false;
			if (methods && !methods.includes(String(payload.requestMethod))) return false;
			return !details || details.includes(String(payload.requestMethodDetail));
		}
		case 'returns': {
			const statuses = stringList(q.statuses);
			return !statuses || statuses.includes(String(payload.status));
		}
		default:
			return true;
	}
}

export class StreamStore {
	private readonly streams = new Map<string, StreamRecord>();

	constructor(
		private readonly clock: SimClock,
		private readonly log: EventLog,
	) {}

	has(id: string): boolean {
		return this.streams.has(id);
	}

	/** New streams start at the current end of the log: they see changes made after their creation. */
	create(input: CreateStreamInput): StreamRecord {
		const numPartitions = input.numPartitions ?? 1;
		const position = this.log.currentPosition();
		const lastUpdate = formatDate(this.clock.now());
		const stream: StreamRecord = {
			id: input.id ?? randomUUID(),
			description: input.description,
			objectType: input.objectType,
			query: input.query,
			numPartitions,
			maxEvents: input.maxEvents,
			streamVersion: 1,
			partitions: Array.from({ length: numPartitions }, (_, partitionId) => ({
				partitionId,
				status: 'active' as const,
				position,
				lastUpdate,
			})),
		};
		this.streams.set(stream.id, stream);
		return stream;
	}

	list(id?: string): StreamRecord[] {
		if (id === undefined) return [...this.streams.values()];
		const stream = this.streams.get(id);
		return stream ? [stream] : [];
	}

	read(id: string, partitionId: number, position: string): StreamReadResult {
		const stream = this.streams.get(id);
		if (!stream) return { ok: false, reason: 'stream' };
		if (!stream.partitions.some((p) => p.partitionId === partitionId))
			return { ok: false, reason: 'partition' };
		const from = normalizePosition(position);
		if (!from) return { ok: false, reason: 'position' };
		const limit = stream.maxEvents?.objectCount ?? DEFAULT_OBJECT_COUNT;
		const events: Array<Record<string, unknown>> = [];
		for (const event of this.log.after(from)) {
			if (events.length >= limit) break;
			if (event.objectType !== stream.objectType) continue;
			if (hash(event.key) % stream.numPartitions !== partitionId) continue;
			if (!matchesQuery(stream, event)) continue;
			events.push({
				id: event.id,
				source: 'stream',
				payload: event.payload,
				...(event.eventReasons ? { eventReasons: event.eventReasons } : {}),
			});
		}
		return { ok: true, partitionId, events };
	}

	commit(
		id: string,
		partitionId: number,
		position: string,
	): 'ok' | 'stream' | 'partition' | 'position' {
		const stream = this.streams.get(id);
		if (!stream) return 'stream';
		const partition = stream.partitions.find((p) => p.partitionId === partitionId);
		if (!partition) return 'partition';
		const normalized = normalizePosition(position);
		if (!normalized) return 'position';
		partition.position = normalized;
		partition.lastUpdate = formatDate(this.clock.now());
		return 'ok';
	}
}
