import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_UNTIL_LAG_MS, toDscoDate } from '../helpers/dates';
import type { DscoClient } from '../transport/client';
import { ORDER_SEARCH, RETURN_SEARCH, scrollPages, type PagedSearch } from '../transport/paging';
import { getStream, readStreamEvents, type StreamEvent } from '../transport/streams';
import { cancelRequestedOn, eventJson, orderPasses, streamEventMatches } from './events';
import type { TriggerSettings } from './settings';
import { definitionFor } from './streamMode';

const DAY = 24 * 60 * 60 * 1000;
/** Look-backs tried in turn for the latest event: the first one that has one wins. */
const LOOKBACKS_DAYS = [1, 7, 30];
const MAX_STREAM_PAGES = 20;

function timeOf(value: unknown): number {
	const t = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(t) ? 0 : t;
}

/** A search for the latest record: where, by which date window and date field, and which records count. */
interface LatestSearch {
	kind: PagedSearch;
	windowField: 'ordersCreatedSince' | 'ordersUpdatedSince' | 'returnsCreatedSince';
	dateField: 'dscoCreateDate' | 'dscoLastUpdate' | 'createDate';
	/** What the search sends besides the window. */
	query: IDataObject;
	matches: (record: IDataObject) => boolean;
}

/** The newest record of a search (ties: the last DSCO returned). */
async function latestRecord(
	client: DscoClient,
	latest: LatestSearch,
	now: number,
): Promise<IDataObject | undefined> {
	const { kind, windowField, dateField, matches } = latest;
	for (const days of LOOKBACKS_DAYS) {
		const search: IDataObject = {
			[windowField]: toDscoDate(now - days * DAY),
			until: toDscoDate(now - DEFAULT_UNTIL_LAG_MS),
			...latest.query,
		};
		let best: IDataObject | undefined;
		for await (const page of scrollPages(client, kind, search)) {
			for (const record of page.items) {
				if (!matches(record)) continue;
				if (!best || timeOf(record[dateField]) >= timeOf(best[dateField])) best = record;
			}
		}
		if (best) return best;
	}
	return undefined;
}

/** The latest order of an order event's kind. */
function latestOrder(
	client: DscoClient,
	settings: TriggerSettings,
	now: number,
): Promise<IDataObject | undefined> {
	const cancel = settings.event === 'cancelRequested';
	const query: IDataObject = { ordersPerPage: 1000 };
	if (settings.includeTestOrders) query.includeTestOrders = true;
	return latestRecord(
		client,
		{
			kind: ORDER_SEARCH,
			windowField: cancel ? 'ordersUpdatedSince' : 'ordersCreatedSince',
			dateField: cancel ? 'dscoLastUpdate' : 'dscoCreateDate',
			query,
			matches: (order) => orderPasses(order, settings) && (!cancel || cancelRequestedOn(order)),
		},
		now,
	);
}

/** What only a stream carries, in words, for the message when the trigger has no stream yet. */
const STREAM_ONLY_EVENTS: Partial<Record<TriggerSettings['event'], string>> = {
	orderLineChanged: 'Line changes',
	catalogItemChanged: 'Catalog changes',
};

/** The latest matching event of the trigger's stream since `from`, read without confirming any position. */
async function latestStreamEvent(
	ctx: IPollFunctions,
	client: DscoClient,
	settings: TriggerSettings,
	now: number,
): Promise<{ event: StreamEvent; streamId: string; partitionId: number } | undefined> {
	const { id: streamId } = definitionFor(ctx, settings);
	const stream = await getStream(client, streamId);
	if (!stream) {
		const what = STREAM_ONLY_EVENTS[settings.event] ?? 'Events';
		throw new NodeOperationError(
			ctx.getNode(),
			`This trigger has no DSCO stream yet, so there is no ${what.toLowerCase().replace(/s$/, '')} to show`,
			{
				description: `${what} come only from a DSCO stream, which the trigger creates when the workflow is activated. Activate the workflow once, then fetch a test event.`,
			},
		);
	}
	let latest: { event: StreamEvent; streamId: string; partitionId: number } | undefined;
	const from = toDscoDate(now - LOOKBACKS_DAYS[LOOKBACKS_DAYS.length - 1] * DAY);
	for (const partition of stream.partitions) {
		let position = from;
		for (let page = 0; page < MAX_STREAM_PAGES; page++) {
			const read = await readStreamEvents(client, streamId, partition.partitionId, position);
			if (read.gone || read.events.length === 0) break;
			for (const event of read.events) {
				position = event.id;
				if (!streamEventMatches(settings, event)) continue;
				if (!latest || event.id >= latest.event.id)
					latest = { event, streamId, partitionId: partition.partitionId };
			}
		}
	}
	return latest;
}

/**
 * "Fetch Test Event": the latest event of the chosen kind, so that the workflow can be built on real data: the
 * latest order or return found by date, or, for events only a stream carries (line and catalog changes), the latest
 * event of the trigger's own stream. Moves nothing: no stream is created, no position is confirmed, the trigger's
 * stored state is not touched.
 */
export async function fetchTestEvent(
	ctx: IPollFunctions,
	client: DscoClient,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][]> {
	const now = Date.now();
	const lastDays = LOOKBACKS_DAYS[LOOKBACKS_DAYS.length - 1];
	if (STREAM_ONLY_EVENTS[settings.event]) {
		const found = await latestStreamEvent(ctx, client, settings, now);
		if (!found) {
			const lines = settings.event === 'orderLineChanged';
			throw new NodeOperationError(
				ctx.getNode(),
				lines
					? `No ${settings.lineChangeStatuses.join(' or ')} order line in the last ${lastDays} days`
					: `No catalog item changed in the last ${lastDays} days`,
				{
					description: lines
						? 'Ship or cancel a line of an order (in DSCO staging, for example), then fetch a test event again.'
						: 'Create or update an item of your catalog (in DSCO staging, for example), then fetch a test event again.',
				},
			);
		}
		const { event, streamId, partitionId } = found;
		const origin = {
			id: event.id,
			source: 'stream' as const,
			streamId,
			partitionId,
			reasons: event.eventReasons,
		};
		return [[{ json: eventJson(settings, event.payload, origin, now) }]];
	}
	if (settings.event === 'newReturn') {
		const ret = await latestRecord(
			client,
			{
				kind: RETURN_SEARCH,
				windowField: 'returnsCreatedSince',
				dateField: 'createDate',
				query: {},
				matches: () => true,
			},
			now,
		);
		if (!ret) {
			throw new NodeOperationError(ctx.getNode(), `No return in the last ${lastDays} days`, {
				description:
					'Create a return for a shipped order (in DSCO staging, for example), then fetch a test event again.',
			});
		}
		return [[{ json: eventJson(settings, ret, { id: null, source: 'returnSearch' }, now) }]];
	}
	const order = await latestOrder(client, settings, now);
	if (!order) {
		const what = settings.event === 'cancelRequested' ? 'order with a cancel request' : 'order';
		throw new NodeOperationError(
			ctx.getNode(),
			`No ${what} of type ${settings.orderTypes.join(' or ')} in the last ${lastDays} days`,
			{
				description:
					'Check the "Order Types" and "Include Test Orders" options, or create a test order in DSCO staging.',
			},
		);
	}
	return [[{ json: eventJson(settings, order, { id: null, source: 'orderSearch' }, now) }]];
}
