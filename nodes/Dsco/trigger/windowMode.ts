import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_UNTIL_LAG_MS, toDscoDate } from '../helpers/dates';
import type { DscoClient } from '../transport/client';
import { scrollOrders } from '../transport/paging';
import { eventJson, orderPasses } from './events';
import type { TriggerSettings } from './settings';
import { loadState, saveState, STATE_VERSION, type WindowState } from './state';

/** Safety cap on remembered orders (normally far fewer: only those inside the overlap window are kept). */
export const MAX_SEEN = 50_000;
const READ_SHARE_OF_BUDGET = 0.5;
const PAGE_SIZE = 1000;

function createdMs(order: IDataObject): number | undefined {
	const t = typeof order.dscoCreateDate === 'string' ? Date.parse(order.dscoCreateDate) : NaN;
	return Number.isNaN(t) ? undefined : t;
}

interface Scan {
	orders: IDataObject[];
	complete: boolean;
	/** The searched window: ordersCreatedSince and until (epoch ms). */
	since: number;
	until: number;
}

/**
 * Where an order stands in the searched window. `position` is its dscoCreateDate when that lies inside the window;
 * an order dated after `until` (DSCO's clock skewed, bad data), before `since`, or not at all was still returned by
 * the search, so it is delivered, but its date says nothing about how far the search has come: it has no position
 * and never moves the watermark. `remember` is the time kept for it in `seen`: its position, else the window's end
 * (DSCO found it at or before `until`), so that it stays remembered as long as a later search can return it again.
 */
function placeInWindow(
	order: IDataObject,
	scan: Pick<Scan, 'since' | 'until'>,
): { at?: number; position?: number; remember: number } {
	const at = createdMs(order);
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
	const search: IDataObject = {
		ordersCreatedSince: toDscoDate(since),
		until: toDscoDate(until),
		ordersPerPage: PAGE_SIZE,
	};
	if (settings.includeTestOrders) search.includeTestOrders = true;
	// The window as DSCO reads it: whole seconds.
	const window = {
		since: Date.parse(search.ordersCreatedSince as string),
		until: Date.parse(search.until as string),
	};
	const orders: IDataObject[] = [];
	for await (const page of scrollOrders(client, search, undefined, { deadline })) {
		orders.push(...page.orders);
		if (Date.now() > deadline) return { orders, complete: false, ...window };
	}
	return { orders, complete: true, ...window };
}

export interface WindowOutcome {
	items: INodeExecutionData[];
	state: WindowState;
}

/**
 * The pure part of a date-window poll: which scanned orders to deliver and the state after it.
 * Orders already delivered (in `seen`) or filtered out are skipped; the rest go out oldest first, up to the cap.
 * The watermark moves only after a complete scan: to the oldest order left for later when the cap held some back,
 * otherwise to the newest dscoCreateDate DSCO returned inside the window (never to the host's clock, never to a date
 * after `until`). It never exceeds the window's `until`. An order without a position in the window (see
 * placeInWindow) that the cap holds back keeps the watermark where it is, so that the next search returns it again.
 * Remembered orders older than the next search's start are forgotten.
 */
export function decideWindow(
	settings: TriggerSettings,
	state: WindowState,
	result: Scan,
	now: number,
): WindowOutcome {
	const fresh: Array<{ order: IDataObject; at?: number; position?: number; remember: number }> = [];
	let newest: number | undefined;
	for (const order of result.orders) {
		const place = placeInWindow(order, result);
		if (place.position !== undefined) newest = Math.max(newest ?? place.position, place.position);
		const id = String(order.dscoOrderId ?? '');
		if (!id || state.seen[id] !== undefined || !orderPasses(order, settings)) continue;
		fresh.push({ order, ...place });
	}
	fresh.sort((a, b) => (a.at ?? a.remember) - (b.at ?? b.remember));
	const deliver = fresh.slice(0, settings.maxEventsPerPoll);
	const heldBack = fresh.slice(settings.maxEventsPerPoll);
	const seen = { ...state.seen };
	const items: INodeExecutionData[] = [];
	for (const { order, remember } of deliver) {
		seen[String(order.dscoOrderId)] = remember;
		items.push({ json: eventJson(settings, order, { id: null, source: 'dateWindow' }, now) });
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
			watermark,
			seen: Object.fromEntries(kept),
		},
	};
}

/**
 * One poll in date-window mode (accounts without streams): `/order/page` with ordersCreatedSince = watermark −
 * overlap and until = now − 10 s, de-duplicated by dscoOrderId. The first activation scans the last overlap to
 * learn what already exists and returns nothing, unless a start date asks for a backfill.
 */
export async function pollDateWindow(
	ctx: IPollFunctions,
	client: DscoClient,
	settings: TriggerSettings,
	staticData: IDataObject,
	budgetMs: number,
): Promise<INodeExecutionData[][] | null> {
	const now = Date.now();
	const deadline = now + budgetMs * READ_SHARE_OF_BUDGET;
	const until = now - DEFAULT_UNTIL_LAG_MS;
	const previous = loadState(staticData);
	let state: WindowState;
	let seeding = false;
	if (!previous || previous.mode !== 'dateWindow') {
		if (settings.startDate !== undefined) {
			state = {
				version: STATE_VERSION,
				mode: 'dateWindow',
				watermark: settings.startDate + settings.overlapMs,
				seen: {},
			};
			ctx.logger.info(
				`DSCO Trigger: date-window mode, delivering orders created since ${toDscoDate(settings.startDate)} (backfill)`,
			);
		} else {
			state = { version: STATE_VERSION, mode: 'dateWindow', watermark: until, seen: {} };
			seeding = true;
		}
	} else {
		state = previous;
	}
	const since = Math.min(state.watermark - settings.overlapMs, until - 1000);
	const result = await scan(client, settings, since, until, deadline);

	if (seeding) {
		// Orders that exist at activation are not new: remember them and start from the newest DSCO returned.
		const seen: Record<string, number> = {};
		let watermark: number | undefined;
		for (const order of result.orders) {
			const place = placeInWindow(order, result);
			if (place.position !== undefined)
				watermark = Math.max(watermark ?? place.position, place.position);
			if (order.dscoOrderId !== undefined) seen[String(order.dscoOrderId)] = place.remember;
		}
		saveState(staticData, {
			version: STATE_VERSION,
			mode: 'dateWindow',
			watermark: watermark ?? until,
			seen,
		});
		ctx.logger.info(
			`DSCO Trigger: date-window mode started; delivering orders created after ${toDscoDate(watermark ?? until)}`,
		);
		return null;
	}

	const outcome = decideWindow(settings, state, result, now);
	saveState(staticData, outcome.state);
	if (!result.complete) {
		ctx.logger.info(
			`DSCO Trigger: order search stopped at the poll time budget after ${result.orders.length} orders; the next poll searches the same window again`,
		);
	}
	return outcome.items.length ? [outcome.items] : null;
}
