import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_UNTIL_LAG_MS, toDscoDate } from '../helpers/dates';
import type { DscoClient } from '../transport/client';
import { ORDER_SEARCH, RETURN_SEARCH, scrollPages, type PagedSearch } from '../transport/paging';
import { eventJson, orderPasses, type EventFilter, type TriggerEventType } from './events';
import type { TriggerSettings } from './settings';
import { loadState, saveState, STATE_VERSION, type WindowState } from './state';

/** Safety cap on remembered records (normally far fewer: only those inside the overlap window are kept). */
export const MAX_SEEN = 50_000;
const READ_SHARE_OF_BUDGET = 0.5;
const PAGE_SIZE = 1000;

/**
 * What a date-window poll searches for one event: the scroll search, its created-since field (inclusive, with
 * `until` exclusive), and the record's id and creation date as DSCO names them.
 */
export interface WindowSource {
	event: NonNullable<WindowState['event']>;
	search: PagedSearch;
	createdSinceField: string;
	idField: string;
	createdField: string;
	/** What the search sends besides the window (page size, test orders). */
	extraQuery(filter: EventFilter): IDataObject;
	/** Whether a found record is one the user asked for. */
	passes(record: IDataObject, filter: EventFilter): boolean;
}

const WINDOW_SOURCES: Partial<Record<TriggerEventType, WindowSource>> = {
	newOrder: {
		event: 'newOrder',
		search: ORDER_SEARCH,
		createdSinceField: 'ordersCreatedSince',
		idField: 'dscoOrderId',
		createdField: 'dscoCreateDate',
		extraQuery: (filter) => ({
			ordersPerPage: PAGE_SIZE,
			...(filter.includeTestOrders ? { includeTestOrders: true } : {}),
		}),
		passes: orderPasses,
	},
	// Every return created in the window is new, whatever DSCO did with it since (as its stream's `created` event).
	newReturn: {
		event: 'newReturn',
		search: RETURN_SEARCH,
		createdSinceField: 'returnsCreatedSince',
		idField: 'dscoReturnId',
		createdField: 'createDate',
		extraQuery: () => ({}),
		passes: () => true,
	},
};

/** The date-window search of an event, or undefined for events DSCO offers no search by date for (catalog). */
export function windowSourceFor(event: TriggerEventType): WindowSource | undefined {
	return WINDOW_SOURCES[event];
}

function sourceOf(settings: TriggerSettings): WindowSource {
	const source = windowSourceFor(settings.event);
	if (!source) throw new Error(`The event ${settings.event} has no date-window search`);
	return source;
}

function createdMs(record: IDataObject, source: WindowSource): number | undefined {
	const date = record[source.createdField];
	const t = typeof date === 'string' ? Date.parse(date) : NaN;
	return Number.isNaN(t) ? undefined : t;
}

interface Scan {
	/** The orders or returns DSCO found. */
	records: IDataObject[];
	complete: boolean;
	/** The searched window: created-since and until (epoch ms). */
	since: number;
	until: number;
}

/**
 * Where a record stands in the searched window. `position` is its creation date (dscoCreateDate, createDate) when
 * that lies inside the window; a record dated after `until` (DSCO's clock skewed, bad data), before `since`, or not
 * at all was still returned by the search, so it is delivered, but its date says nothing about how far the search
 * has come: it has no position and never moves the watermark. `remember` is the time kept for it in `seen`: its
 * position, else the window's end (DSCO found it at or before `until`), so that it stays remembered as long as a
 * later search can return it again.
 */
function placeInWindow(
	record: IDataObject,
	source: WindowSource,
	scan: Pick<Scan, 'since' | 'until'>,
): { at?: number; position?: number; remember: number } {
	const at = createdMs(record, source);
	if (at === undefined || at > scan.until || at < scan.since) return { at, remember: scan.until };
	return { at, position: at, remember: at };
}

async function scan(
	client: DscoClient,
	settings: TriggerSettings,
	since: number,
	until: number,
	deadline: number,
): Promise<Scan> {
	const source = sourceOf(settings);
	const search: IDataObject = {
		[source.createdSinceField]: toDscoDate(since),
		until: toDscoDate(until),
		...source.extraQuery(settings),
	};
	// The window as DSCO reads it: whole seconds.
	const window = {
		since: Date.parse(search[source.createdSinceField] as string),
		until: Date.parse(search.until as string),
	};
	const records: IDataObject[] = [];
	for await (const page of scrollPages(client, source.search, search, undefined, { deadline })) {
		records.push(...page.items);
		if (Date.now() > deadline) return { records, complete: false, ...window };
	}
	return { records, complete: true, ...window };
}

export interface WindowOutcome {
	items: INodeExecutionData[];
	state: WindowState;
}

/**
 * The pure part of a date-window poll: which scanned orders (or returns) to deliver and the state after it.
 * Records already delivered (in `seen`) or filtered out are skipped; the rest go out oldest first, up to the cap.
 * The watermark moves only after a complete scan: to the oldest record left for later when the cap held some back,
 * otherwise to the newest creation date DSCO returned inside the window (never to the host's clock, never to a date
 * after `until`). It never exceeds the window's `until`. A record without a position in the window (see
 * placeInWindow) that the cap holds back keeps the watermark where it is, so that the next search returns it again.
 * Remembered records older than the next search's start are forgotten.
 */
export function decideWindow(
	settings: TriggerSettings,
	state: WindowState,
	result: Scan,
	now: number,
): WindowOutcome {
	const source = sourceOf(settings);
	const fresh: Array<{ record: IDataObject; at?: number; position?: number; remember: number }> =
		[];
	let newest: number | undefined;
	for (const record of result.records) {
		const place = placeInWindow(record, source, result);
		if (place.position !== undefined) newest = Math.max(newest ?? place.position, place.position);
		const id = String(record[source.idField] ?? '');
		if (!id || state.seen[id] !== undefined || !source.passes(record, settings)) continue;
		fresh.push({ record, ...place });
	}
	fresh.sort((a, b) => (a.at ?? a.remember) - (b.at ?? b.remember));
	const deliver = fresh.slice(0, settings.maxEventsPerPoll);
	const heldBack = fresh.slice(settings.maxEventsPerPoll);
	const seen = { ...state.seen };
	const items: INodeExecutionData[] = [];
	for (const { record, remember } of deliver) {
		seen[String(record[source.idField])] = remember;
		items.push({ json: eventJson(settings, record, { id: null, source: 'dateWindow' }, now) });
	}
	let watermark = state.watermark;
	if (result.complete) {
		if (heldBack.length) {
			const held = heldBack.map((h) => h.position);
			if (held.every((p): p is number => p !== undefined))
				watermark = Math.max(
					watermark,
					held.reduce((a, b) => Math.min(a, b)),
				);
		} else if (newest !== undefined) watermark = Math.max(watermark, newest);
	}
	// A watermark past `until` (a state written before this rule) would start the next search after unseen orders.
	watermark = Math.min(watermark, result.until);
	const keepFrom = watermark - settings.overlapMs;
	let kept = Object.entries(seen).filter(([, at]) => at >= keepFrom);
	if (kept.length > MAX_SEEN) kept = kept.sort((a, b) => a[1] - b[1]).slice(kept.length - MAX_SEEN);
	return {
		items,
		state: {
			version: STATE_VERSION,
			mode: 'dateWindow',
			...eventField(source),
			watermark,
			seen: Object.fromEntries(kept),
		},
	};
}

/** The state's event: left out for New Order, as in states written before other events had a date window. */
function eventField(source: WindowSource): Pick<WindowState, 'event'> {
	return source.event === 'newOrder' ? {} : { event: source.event };
}

/**
 * One poll in date-window mode (accounts without streams): `/order/page` with ordersCreatedSince (or `/return/page`
 * with returnsCreatedSince) = watermark − overlap and until = now − 10 s, de-duplicated by dscoOrderId
 * (dscoReturnId). The first activation scans the last overlap to learn what already exists and returns nothing,
 * unless a start date asks for a backfill. A state kept for another event starts afresh.
 */
export async function pollDateWindow(
	ctx: IPollFunctions,
	client: DscoClient,
	settings: TriggerSettings,
	staticData: IDataObject,
	budgetMs: number,
): Promise<INodeExecutionData[][] | null> {
	const source = windowSourceFor(settings.event);
	if (!source) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The event "${settings.event}" cannot be read by date window: DSCO offers no search by date for it`,
			{ description: 'Choose "Stream" for this event; it needs an account with stream access.' },
		);
	}
	const noun = `${source.search.noun}s`;
	const now = Date.now();
	const deadline = now + budgetMs * READ_SHARE_OF_BUDGET;
	const until = now - DEFAULT_UNTIL_LAG_MS;
	const previous = loadState(staticData);
	let state: WindowState;
	let seeding = false;
	if (
		!previous ||
		previous.mode !== 'dateWindow' ||
		(previous.event ?? 'newOrder') !== source.event
	) {
		if (settings.startDate !== undefined) {
			state = {
				version: STATE_VERSION,
				mode: 'dateWindow',
				...eventField(source),
				watermark: settings.startDate + settings.overlapMs,
				seen: {},
			};
			ctx.logger.info(
				`DSCO Trigger: date-window mode, delivering ${noun} created since ${toDscoDate(settings.startDate)} (backfill)`,
			);
		} else {
			state = {
				version: STATE_VERSION,
				mode: 'dateWindow',
				...eventField(source),
				watermark: until,
				seen: {},
			};
			seeding = true;
		}
	} else {
		state = previous;
	}
	const since = Math.min(state.watermark - settings.overlapMs, until - 1000);
	const result = await scan(client, settings, since, until, deadline);

	if (seeding) {
		// Records that exist at activation are not new: remember them and start from the newest DSCO returned.
		const seen: Record<string, number> = {};
		let watermark: number | undefined;
		for (const record of result.records) {
			const place = placeInWindow(record, source, result);
			if (place.position !== undefined)
				watermark = Math.max(watermark ?? place.position, place.position);
			if (record[source.idField] !== undefined)
				seen[String(record[source.idField])] = place.remember;
		}
		saveState(staticData, {
			version: STATE_VERSION,
			mode: 'dateWindow',
			...eventField(source),
			watermark: watermark ?? until,
			seen,
		});
		ctx.logger.info(
			`DSCO Trigger: date-window mode started; delivering ${noun} created after ${toDscoDate(watermark ?? until)}`,
		);
		return null;
	}

	const outcome = decideWindow(settings, state, result, now);
	saveState(staticData, outcome.state);
	if (!result.complete) {
		ctx.logger.info(
			`DSCO Trigger: ${source.search.noun} search stopped at the poll time budget after ${result.records.length} ${noun}; the next poll searches the same window again`,
		);
	}
	return outcome.items.length ? [outcome.items] : null;
}
