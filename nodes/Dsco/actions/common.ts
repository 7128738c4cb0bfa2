import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/items';
import { onlyInVersion1, sinceListsVersion } from '../helpers/locators';
import { parseRequestOptions, REQUEST_OPTION_LIMITS as LIMITS } from '../helpers/requestOptions';
import { ORDER_KEY_VALUES, ORDER_KEYS, ORDER_LOCATOR_MODES, type OrderKey, type V1OrderParameters } from '../helpers/validation';
import type { TransportSettings } from '../transport/client';

// Defaults shown here equal DEFAULT_TRANSPORT_SETTINGS (a unit test keeps them in step).

/** Retry and pacing settings, shown for every operation. */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: LIMITS.maxRetries.label,
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: LIMITS.maxRetries.min, maxValue: LIMITS.maxRetries.max },
			default: 5,
			description:
				'How many times a call is retried after a timeout, 5xx or dropped connection. Writes that may have reached DSCO are never re-sent blindly. Rate limits (429) are bounded by time instead: see Max Total Wait on Rate Limit.',
		},
		{
			displayName: LIMITS.maxRetryWaitSeconds.label,
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: LIMITS.maxRetryWaitSeconds.min, maxValue: LIMITS.maxRetryWaitSeconds.max },
			default: 60,
			description: 'Upper bound on one wait between retries, including a Retry-After asked for by DSCO',
		},
		{
			displayName: LIMITS.maxRateLimitWaitMinutes.label,
			name: 'maxRateLimitWaitMinutes',
			type: 'number',
			typeOptions: { minValue: LIMITS.maxRateLimitWaitMinutes.min, maxValue: LIMITS.maxRateLimitWaitMinutes.max, numberPrecision: 2 },
			default: 10,
			description:
				'How long DSCO may keep answering 429 (rate limit) to calls of this node to one endpoint, without accepting any, before a call fails. DSCO processed nothing for a call it answered 429, so the call is retried until then, at a slower pace. 0 fails a call at its first 429.',
		},
		{
			displayName: LIMITS.timeoutSeconds.label,
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: LIMITS.timeoutSeconds.min, maxValue: LIMITS.timeoutSeconds.max },
			default: 120,
			description: 'How long to wait for DSCO to answer one call',
		},
	],
};

/** The Request Options, checked before anything is sent (they apply to the whole run, read for item 0). */
export function readTransportSettings(ctx: IExecuteFunctions): Partial<TransportSettings> {
	return parseRequestOptions(ctx.getNodeParameter('requestOptions', 0, {}), (field, problem) =>
		invalidInput(ctx, 0, field === 'Request Options' ? field : `Request Options › ${field}`, problem),
	);
}

/**
 * The one order of an item (`order`): From List (recent orders from `GET /order/page`, searchable by PO number,
 * methods/listSearch.ts `searchOrders`; the value is the DSCO order ID), or typed in / by expression by DSCO order ID,
 * PO number or supplier order number. The typed-in modes are named by DSCO's orderKey (ORDER_KEYS), so that
 * `readOrderReference` reads a mode as the key it is. No By URL mode: DSCO's document gives no web address for an
 * order. `fromInput` (e.g. `={{ $json.dscoOrderId }}`) makes By DSCO Order ID with that expression the default.
 */
function orderLocator(description: string, fromInput?: string): INodeProperties {
	const typed = (name: OrderKey, placeholder: string, hint: string) => ({ displayName: ORDER_LOCATOR_MODES[name], name, type: 'string' as const, placeholder, hint });
	return {
		displayName: 'Order',
		name: 'order',
		type: 'resourceLocator',
		required: true,
		default: { mode: fromInput ? 'dscoOrderId' : 'list', value: fromInput ?? '' },
		description,
		modes: [
			{
				displayName: ORDER_LOCATOR_MODES.list,
				name: 'list',
				type: 'list',
				placeholder: 'Select an order...',
				typeOptions: { searchListMethod: 'searchOrders', searchable: true },
			},
			typed('dscoOrderId', 'e.g. 1002345678', "DSCO's order ID, all digits"),
			typed('poNumber', 'e.g. PO-10045', "The retailer's purchase order number"),
			typed('supplierOrderNumber', 'e.g. SO-2001', 'Your own order number, as recorded on the order when it was acknowledged'),
		],
	};
}

/**
 * How an operation that acts on one order per input item asks for it: the `order` resource locator from version 2
 * (LISTS_VERSION), and for version 1 nodes of saved workflows their own parameters, unchanged (Order ID + Order ID
 * Type, or on Order → Get, Order Key + Value). `readOrderReference` (helpers/validation.ts) reads either.
 * `orderIdDefault` is for operations that usually follow one that outputs orders (e.g. `={{ $json.dscoOrderId }}`).
 */
export function orderReferenceProperties(description: string, orderIdDefault = '', v1: V1OrderParameters = 'orderIdAndType'): INodeProperties[] {
	const keys = ORDER_KEY_VALUES.map((key) => ({ name: ORDER_KEYS[key].label, key }));
	const version1: INodeProperties[] =
		v1 === 'orderKeyAndValue'
			? [
					{
						displayName: 'Order Key',
						name: 'orderKey',
						type: 'options',
						options: keys.map(({ name, key }) => ({ name, value: key })),
						default: 'dscoOrderId',
						description: 'Which identifier the value below is',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						required: true,
						default: orderIdDefault,
						placeholder: 'e.g. 1002345678',
						description: 'The DSCO order ID, PO number or supplier order number of the order to get',
					},
				]
			: [
					{
						displayName: 'Order ID',
						name: 'orderId',
						type: 'string',
						required: true,
						default: orderIdDefault,
						placeholder: 'e.g. {{ $json.dscoOrderId }}',
						description,
					},
					{
						displayName: 'Order ID Type',
						name: 'orderIdType',
						type: 'options',
						options: keys.map(({ name, key }) => ({ name, value: ORDER_KEYS[key].type })),
						default: 'DSCO_ORDER_ID',
						description: 'Which identifier Order ID is',
					},
				];
	return [...version1.map(onlyInVersion1), sinceListsVersion(orderLocator(description, orderIdDefault || undefined))];
}

/** "Additional Fields" with the supplier's own order number, recorded on the DSCO order when acknowledging. */
export const supplierOrderNumberField: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{
			displayName: 'Supplier Order Number',
			name: 'supplierOrderNumber',
			type: 'string',
			default: '',
			description: 'Your own order number, recorded on the DSCO order',
		},
	],
};
