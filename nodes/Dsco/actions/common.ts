import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/items';
import { parseRequestOptions, REQUEST_OPTION_LIMITS as LIMITS } from '../helpers/requestOptions';
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

export const ORDER_ID_TYPES = [
	{ name: 'DSCO Order ID', value: 'DSCO_ORDER_ID' },
	{ name: 'PO Number', value: 'PO_NUMBER' },
	{ name: 'Supplier Order Number', value: 'SUPPLIER_ORDER_NUMBER' },
] as const;

/**
 * The Order ID and Order ID Type parameters of operations that act on one order per input item. `orderIdDefault` is
 * for operations new enough to have no saved workflows relying on an empty default.
 */
export function orderReferenceProperties(orderIdDescription: string, orderIdDefault = ''): INodeProperties[] {
	return [
		{
			displayName: 'Order ID',
			name: 'orderId',
			type: 'string',
			required: true,
			default: orderIdDefault,
			placeholder: 'e.g. {{ $json.dscoOrderId }}',
			description: orderIdDescription,
		},
		{
			displayName: 'Order ID Type',
			name: 'orderIdType',
			type: 'options',
			options: [...ORDER_ID_TYPES],
			default: 'DSCO_ORDER_ID',
			description: 'Which identifier Order ID is',
		},
	];
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
