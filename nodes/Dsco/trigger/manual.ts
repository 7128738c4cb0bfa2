import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_UNTIL_LAG_MS, toDscoDate } from '../helpers/dates';
import type { DscoClient } from '../transport/client';
import { scrollOrders } from '../transport/paging';
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

/** The newest order of a search (ties: the last DSCO returned). */
async function latestOrder(
	client: DscoClient,
	settings: TriggerSettings,
	windowField: 'ordersCreatedSince' | 'ordersUpdatedSince',
	dateField: 'dscoCreateDate' | 'dscoLastUpdate',
	matches: (order: IDataObject) => boolean,
	now: number,
): Promise<IDataObject | undefined> {
	for (const days of LOOKBACKS_DAYS) {
		const search: IDataObject = {
			[windowField]: toDscoDate(now - days * DAY),
			until: toDscoDate(now - DEFAULT_UNTIL_LAG_MS),
			ordersPerPage: 1000,
		};
		if (settings.includeTestOrders) search.includeTestOrders = true;
		let best: IDataObject | undefined;
		for await (const page of scrollOrders(client, search)) {
			for (const order of page.orders) {
				if (!orderPasses(order, settings) || !matches(order)) continue;
				if (!best || timeOf(order[dateField]) >= timeOf(best[dateField])) best = order;
			}
		}
		if (best) return best;
	}
	return undefined;
}

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
		throw new NodeOperationError(
			ctx.getNode(),
			'This trigger has no DSCO stream yet, so there is no line change to show',
			{
				description:
					'Line changes come only from a DSCO stream, which the trigger creates when the workflow is activated. Activate the workflow once, then fetch a test event.',
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
 * "Fetch Test Event": the latest event of the chosen kind, so that the workflow can be built on real data. Moves
 * nothing: no stream is created, no position is confirmed, the trigger's stored state is not touched.
 */
export async function fetchTestEvent(
	ctx: IPollFunctions,
	client: DscoClient,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][]> {
	const now = Date.now();
	const lastDays = LOOKBACKS_DAYS[LOOKBACKS_DAYS.length - 1];
	if (settings.event === 'orderLineChanged') {
		const found = await latestStreamEvent(ctx, client, settings, now);
		if (!found) {
			throw new NodeOperationError(
				ctx.getNode(),
				`No ${settings.lineChangeStatuses.join(' or ')} order line in the last ${lastDays} days`,
				{
					description:
						'Ship or cancel a line of an order (in DSCO staging, for example), then fetch a test event again.',
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
	const order =
		settings.event === 'cancelRequested'
			? await latestOrder(
					client,
					settings,
					'ordersUpdatedSince',
					'dscoLastUpdate',
					cancelRequestedOn,
					now,
				)
			: await latestOrder(
					client,
					settings,
					'ordersCreatedSince',
					'dscoCreateDate',
					() => true,
					now,
				);
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
