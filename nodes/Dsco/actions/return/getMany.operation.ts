import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { toDscoDate } from '../../helpers/dates';
import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem, invalidInput, quote } from '../../helpers/items';
import { retailerAccountLocator } from '../../helpers/locators';
import { readSearchWindow } from '../../helpers/searchWindow';
import { readOrderReference } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import { RETURN_SEARCH, scrollPages } from '../../transport/paging';
import { accountQuery } from '../../transport/returns';
import { orderReferenceProperties, readLimit, returnAllAndLimitProperties } from '../common';
import { readRetailerAccount } from './reference';

export const RETURN_STATUSES = ['created', 'acknowledged', 'completed'] as const;

const byOrder = { show: { searchBy: ['order'] } };
const byWindow = { show: { searchBy: ['window'] } };

export const description: INodeProperties[] = showOnlyFor('return', 'getMany', [
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		options: [
			{
				name: 'Date Window',
				value: 'window',
				description: 'Returns created or updated in a time window',
			},
			{ name: 'Order', value: 'order', description: 'The returns of one order' },
		],
		default: 'window',
		description: 'How DSCO finds the returns (GET /return/page)',
	},
	{
		displayName: 'Window',
		name: 'window',
		type: 'options',
		options: [
			{
				name: 'Created Since',
				value: 'created',
				description: 'Returns created at or after the start (inclusive)',
			},
			{
				name: 'Updated Since',
				value: 'updated',
				description: 'Returns changed after the start (exclusive)',
			},
		],
		default: 'created',
		description: 'Which return date the window applies to',
		displayOptions: byWindow,
	},
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the window (ISO 8601, e.g. 2025-11-06T00:00:00Z)',
		displayOptions: byWindow,
	},
	...orderReferenceProperties('The order whose returns to get, one per input item').map((p) => ({
		...p,
		displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, ...byOrder.show } },
	})),
	{
		...retailerAccountLocator(
			'retailer',
			'The retailer of the order: DSCO needs it to find an order by its PO number',
		),
		displayOptions: byOrder,
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
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Acknowledged', value: 'acknowledged' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Created', value: 'created' },
				],
				default: [],
				description: 'Only returns in these statuses (all when empty)',
			},
			{
				displayName: 'Until',
				name: 'until',
				type: 'dateTime',
				default: '',
				description:
					'End of the date window; at least 5 seconds in the past. Default: now minus 10 seconds.',
				displayOptions: { show: { '/searchBy': ['window'] } },
			},
		],
	},
]);

interface Filters {
	until?: unknown;
	statuses?: string[];
}

/** The `/return/page` search for one item, checked before anything is sent. */
export function buildReturnSearch(
	ctx: IExecuteFunctions,
	itemIndex: number,
	now: number,
): IDataObject {
	const searchBy = ctx.getNodeParameter('searchBy', itemIndex, 'window') as string;
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as Filters;
	let search: IDataObject;
	if (searchBy === 'window') {
		const { window, since, until } = readSearchWindow(ctx, itemIndex, now, filters.until);
		search = {
			[window === 'created' ? 'returnsCreatedSince' : 'returnsUpdatedSince']: toDscoDate(since),
			until: toDscoDate(until),
		};
	} else if (searchBy === 'order') {
		search = orderSearch(ctx, itemIndex);
	} else {
		throw invalidInput(
			ctx,
			itemIndex,
			'Search By',
			`${quote(searchBy)} is not one of window, order`,
		);
	}
	const statuses = filters.statuses ?? [];
	for (const s of statuses) {
		if (!(RETURN_STATUSES as readonly string[]).includes(s)) {
			throw invalidInput(
				ctx,
				itemIndex,
				'Statuses',
				`${quote(s)} is not one of ${RETURN_STATUSES.join(', ')}`,
			);
		}
	}
	if (statuses.length) search.status = statuses;
	return search;
}

/** An order's returns: DSCO finds the order by its DSCO order ID, or by PO number within a retailer's account. */
function orderSearch(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const ref = readOrderReference(ctx, itemIndex);
	if (ref.key !== 'dscoOrderId' && ref.key !== 'poNumber') {
		throw invalidInput(
			ctx,
			itemIndex,
			ref.field,
			'DSCO finds returns by the DSCO order ID or the PO number of their order, not by your supplier order number',
		);
	}
	const account = readRetailerAccount(
		ctx,
		itemIndex,
		ctx.getNodeParameter('retailer', itemIndex, ''),
	);
	if (ref.key === 'poNumber' && !account) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Retailer',
			"DSCO needs the retailer's account to find an order by its PO number",
		);
	}
	return { orderIdType: ref.key, orderIdValue: ref.id, ...accountQuery(account) };
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const limit = readLimit(this, i);
		const search = buildReturnSearch(this, i, Date.now());
		const returns: IDataObject[] = [];
		// With a Limit, no page is read ahead once the Limit is reached (see scrollPages).
		for await (const page of scrollPages(client, RETURN_SEARCH, search, i, { wanted: limit })) {
			for (const ret of page.items) {
				if (returns.length >= limit) break;
				returns.push(ret);
			}
			if (returns.length >= limit) break;
		}
		return returns;
	});
}
