import type { INodeProperties } from 'n8n-workflow';

import { requestOptionsProperty } from '../helpers/requestOptions';
import { DATE_WINDOW_EVENTS, ORDER_EVENTS } from './events';
import {
	DEFAULT_MAX_EVENTS_PER_POLL,
	DEFAULT_OVERLAP_MINUTES,
	MAX_EVENTS_PER_POLL_LIMIT,
} from './settings';

/** The DSCO Trigger's parameters. Values (event, mode, option names) are stable: saved workflows depend on them. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		// Alphabetical, as n8n's lint asks; New Order stays the default.
		options: [
			{
				name: 'Catalog Item Changed',
				value: 'catalogItemChanged',
				description:
					'An item of your DSCO catalog was created or changed (one item per change, with the whole item)',
			},
			{ name: 'New Order', value: 'newOrder', description: 'A new order arrived in DSCO' },
			{
				name: 'New Return',
				value: 'newReturn',
				description: 'A retailer (or you) created a return in DSCO (one item per return)',
			},
			{
				name: 'Order Cancellation Requested',
				value: 'cancelRequested',
				description: 'The retailer asked to cancel an order or some of its lines',
			},
			{
				name: 'Order Line Shipped or Cancelled',
				value: 'orderLineChanged',
				description: 'Quantity of an order line was shipped or cancelled (one item per change)',
			},
		],
		default: 'newOrder',
	},
	{
		// Labelled apart from n8n's own "Mode" of the poll times above it; the name and values stay (saved workflows).
		displayName: 'Read Orders From',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { event: ['newOrder'] } },
		description:
			'How the trigger finds new orders: a DSCO stream, or a search by date for accounts without streams',
		options: [
			{
				name: 'Date Window (Order Search)',
				value: 'dateWindow',
				description:
					'For accounts without stream access: searches orders created since the last poll, with an overlap, and skips those already delivered',
			},
			{
				name: 'Stream (Recommended)',
				value: 'stream',
				description:
					'A DSCO stream keeps the position on DSCO; no order is lost or delivered twice',
			},
		],
		default: 'stream',
	},
	{
		// The same parameter as "Read Orders From" (one name, one value per node), worded for returns.
		displayName: 'Read Returns From',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { event: ['newReturn'] } },
		description:
			'How the trigger finds new returns: a DSCO stream, or a search by date for accounts without streams',
		options: [
			{
				name: 'Date Window (Return Search)',
				value: 'dateWindow',
				description:
					'For accounts without stream access: searches returns created since the last poll, with an overlap, and skips those already delivered',
			},
			{
				name: 'Stream (Recommended)',
				value: 'stream',
				description:
					'A DSCO stream keeps the position on DSCO; no return is lost or delivered twice',
			},
		],
		default: 'stream',
	},
	{
		displayName:
			'In Stream mode each event is delivered once: DSCO keeps the position, which is confirmed only after n8n has taken the items, and repeats are suppressed. Renaming or re-creating this node starts it afresh.',
		name: 'guaranteeNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Test Orders',
				name: 'includeTestOrders',
				type: 'boolean',
				displayOptions: { show: { '/event': [...ORDER_EVENTS] } },
				default: false,
				description: 'Whether to include orders the retailer marked as tests',
			},
			{
				displayName: 'Line Changes',
				name: 'lineChangeStatuses',
				type: 'multiOptions',
				displayOptions: { show: { '/event': ['orderLineChanged'] } },
				options: [
					{ name: 'Cancelled', value: 'cancelled' },
					{ name: 'Shipped', value: 'shipped' },
				],
				default: ['cancelled', 'shipped'],
				description: 'Which line changes start the workflow',
			},
			{
				displayName: 'Max Events Per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_EVENTS_PER_POLL_LIMIT },
				default: DEFAULT_MAX_EVENTS_PER_POLL,
				description:
					'Most events one poll delivers; the rest follow in the next polls, in order. A poll also stops early to stay within n8n’s poll time budget.',
			},
			{
				displayName: 'Order Types',
				name: 'orderTypes',
				type: 'multiOptions',
				displayOptions: { show: { '/event': [...ORDER_EVENTS] } },
				options: [
					{ name: 'Dropship', value: 'dropship' },
					{ name: 'Marketplace', value: 'marketplace' },
					{ name: 'Wholesale', value: 'wholesale' },
				],
				default: ['dropship'],
				description:
					'Which DSCO order types start the workflow (DSCO’s own default is dropship only)',
			},
			{
				displayName: 'Overlap (Minutes)',
				name: 'overlapMinutes',
				type: 'number',
				displayOptions: { show: { '/mode': ['dateWindow'], '/event': [...DATE_WINDOW_EVENTS] } },
				typeOptions: { minValue: 1, maxValue: 1440 },
				default: DEFAULT_OVERLAP_MINUTES,
				description:
					'Date Window mode: each search starts this long before the newest order (or return) already seen, to catch those DSCO makes searchable late',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				displayOptions: { show: { '/event': [...ORDER_EVENTS] } },
				default: false,
				description:
					'Whether to return a simplified version of the response instead of the raw data',
			},
			{
				displayName: 'Start Date (Backfill)',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description:
					'On the first activation, also deliver the events since this date (e.g. orders created since then). Empty: only events after activation.',
			},
		],
	},
	requestOptionsProperty,
];

/** The trigger's events in words ("New order"), for its canvas subtitle. */
export function eventSubtitleExpression(): string {
	const event = triggerProperties.find((p) => p.name === 'event');
	const words: Record<string, string> = {};
	for (const option of (event?.options ?? []) as Array<{ name: string; value: string }>) {
		words[option.value] = option.name.charAt(0) + option.name.slice(1).toLowerCase();
	}
	return `={{ (${JSON.stringify(words)})[$parameter["event"]] ?? $parameter["event"] }}`;
}
