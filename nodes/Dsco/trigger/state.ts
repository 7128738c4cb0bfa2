import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps in n8n's static data for its node (`getWorkflowStaticData('node')`, key "node:<name>").
 * One JSON value under STATE_KEY, replaced as a whole at the end of a poll, so that a poll that fails half-way
 * leaves the previous state untouched.
 */
export const STATE_KEY = 'dscoTrigger';
export const STATE_VERSION = 1;

export interface PartitionState {
	partitionId: number;
	/** Where the next read starts: the id of the last event this trigger handled. */
	position: string;
	/** The last position confirmed to DSCO (PUT). Differs from `position` while emitted items await the hand-off. */
	committed: string;
}

export interface StreamState {
	version: number;
	mode: 'stream';
	streamId: string;
	partitions: PartitionState[];
	/** Ids of recently handled stream events, oldest first (bounded). */
	recentEventIds: string[];
	/** Recently delivered event keys (eventKey: dscoOrderId, dscoReturnId, …), oldest first (bounded). */
	recentKeys: string[];
}

export interface WindowState {
	version: number;
	mode: 'dateWindow';
	/** The event searched for; absent in states written before New Return (then newOrder). */
	event?: 'newOrder' | 'newReturn';
	/**
	 * The newest creation date DSCO returned in a complete scan (epoch ms); the next search starts at it − overlap.
	 */
	watermark: number;
	/**
	 * Delivered records that a search from watermark − overlap can still return: id (dscoOrderId, dscoReturnId) →
	 * creation date (ms).
	 */
	seen: Record<string, number>;
}

export type TriggerState = StreamState | WindowState;

export function loadState(staticData: IDataObject): TriggerState | undefined {
	const raw = staticData[STATE_KEY];
	if (!raw || typeof raw !== 'object') return undefined;
	// A copy: the poll works on it and stores it back only when it succeeds.
	const state = JSON.parse(JSON.stringify(raw)) as TriggerState;
	if (state.version !== STATE_VERSION) return undefined;
	if (
		state.mode === 'stream' &&
		Array.isArray(state.partitions) &&
		typeof state.streamId === 'string'
	) {
		state.recentEventIds = Array.isArray(state.recentEventIds) ? state.recentEventIds : [];
		state.recentKeys = Array.isArray(state.recentKeys) ? state.recentKeys : [];
		return state;
	}
	if (state.mode === 'dateWindow' && typeof state.watermark === 'number') {
		state.seen = state.seen && typeof state.seen === 'object' ? state.seen : {};
		return state;
	}
	return undefined;
}

export function saveState(staticData: IDataObject, state: TriggerState): void {
	staticData[STATE_KEY] = JSON.parse(JSON.stringify(state)) as IDataObject;
}

/**
 * A bounded set of recent strings in insertion order (the oldest are dropped first). Backed by the array kept in
 * the state, plus an index for lookups.
 */
export class RecentSet {
	private readonly index: Set<string>;

	constructor(
		private readonly list: string[],
		private readonly capacity: number,
	) {
		this.index = new Set(list);
	}

	has(value: string): boolean {
		return this.index.has(value);
	}

	add(value: string): void {
		if (this.index.has(value)) return;
		this.index.add(value);
		this.list.push(value);
		if (this.list.length > this.capacity) {
			for (const dropped of this.list.splice(0, this.list.length - this.capacity))
				this.index.delete(dropped);
		}
	}
}
