import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { toDscoDate } from '../../helpers/dates';
import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem, invalidInput, quote } from '../../helpers/items';
import { readSearchWindow } from '../../helpers/searchWindow';
import { computeSla } from '../../helpers/sla';
import type { DscoClient } from '../../transport/client';
import { scrollOrders } from '../../transport/paging';
import { readLimit, returnAllAndLimitProperties } from '../common';

const MAX_PAGE = 1000;
const MIN_PAGE = 10;

export const ORDER_STATUSES = ['created', 'shipment_pending', 'shipped', 'cancelled'] as const;

export const description: INodeProperties[] = showOnlyFor('order', 'getMany', [
	{
		displayName: 'Window',
		name: 'window',
		type: 'options',
		options: [
			{
				name: 'Created Since',
				value: 'created',
				description: 'Orders created at or after the start (inclusive)',
			},
			{
				name: 'Updated Since',
				value: 'updated',
				description: 'Orders changed after the start (exclusive)',
			},
		],
		default: 'created',
		description: 'Which order date the window applies to',
	},
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the window (ISO 8601, e.g. 2025-11-06T00:00:00Z)',
		hint: 'DSCO meant this search for lookups: to act on each new order, use the DSCO Trigger (streams)',
	},
	...returnAllAndLimitProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Include Test Orders',
				name: 'includeTestOrders',
				type: 'boolean',
				default: false,
				description: 'Whether to include orders the retailer marked as tests',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Cancelled', value: 'cancelled' },
					{ name: 'Created', value: 'created' },
					{ name: 'Shipment Pending', value: 'shipment_pending' },
					{ name: 'Shipped', value: 'shipped' },
				],
				default: [],
				description: 'Only orders in these DSCO statuses (all when empty)',
			},
			{
				displayName: 'Until',
				name: 'until',
				type: 'dateTime',
				default: '',
				description:
					'End of the window; must be at least 5 seconds in the past (DSCO rule). Default: now minus 10 seconds.',
			},
		],
	},
]);

interface Filters {
	until?: unknown;
	statuses?: string[];
	includeTestOrders?: boolean;
}

/** The `/order/page` search for one item, checked before anything is sent. */
export function buildOrderSearch(
	ctx: IExecuteFunctions,
	itemIndex: number,
	now: number,
	pageSize: number,
): IDataObject {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as Filters;
	const { window, since, until } = readSearchWindow(ctx, itemIndex, now, filters.until);
	const statuses = filters.statuses ?? [];
	for (const s of statuses) {
		if (!(ORDER_STATUSES as readonly string[]).includes(s)) {
			throw invalidInput(
				ctx,
				itemIndex,
				'Statuses',
				`${quote(s)} is not one of ${ORDER_STATUSES.join(', ')}`,
			);
		}
	}
	const search: IDataObject = {
		[window === 'created' ? 'ordersCreatedSince' : 'ordersUpdatedSince']: toDscoDate(since),
		until: toDscoDate(until),
		ordersPerPage: Math.max(MIN_PAGE, Math.min(MAX_PAGE, pageSize)),
	};
	if (statuses.length) search.status = statuses;
	if (filters.includeTestOrders) search.includeTestOrders = true;
	return search;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const limit = readLimit(this, i);
		const now = Date.now();
		const search = buildOrderSearch(this, i, now, limit === Infinity ? MAX_PAGE : limit);
		const orders: IDataObject[] = [];
		// With a Limit, no page is read ahead once the Limit is reached (see scrollOrders).
		for await (const page of scrollOrders(client, search, i, { wanted: limit })) {
			for (const order of page.orders) {
				if (orders.length >= limit) break;
				// The order was parsed from this call's answer and is not shared: its `sla` is added in place, not on a copy.
				order.sla = computeSla(order, now);
				orders.push(order);
			}
			if (orders.length >= limit) break;
		}
		return orders;
	});
}
