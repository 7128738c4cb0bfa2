import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { onlyInVersion1, sinceListsVersion } from '../helpers/locators';
import { readQuantity } from '../helpers/validation';
import {
	ORDER_KEY_VALUES,
	ORDER_KEYS,
	ORDER_LOCATOR_MODES,
	type OrderKey,
	type V1OrderParameters,
} from '../helpers/validation';

/**
 * The one order of an item (`order`): From List (recent orders from `GET /order/page`, searchable by PO number,
 * methods/listSearch.ts `searchOrders`; the value is the DSCO order ID), or typed in / by expression by DSCO order ID,
 * PO number or supplier order number. The typed-in modes are named by DSCO's orderKey (ORDER_KEYS), so that
 * `readOrderReference` reads a mode as the key it is. No By URL mode: DSCO's document gives no web address for an
 * order. `fromInput` (e.g. `={{ $json.dscoOrderId }}`) makes By DSCO Order ID with that expression the default.
 */
function orderLocator(description: string, fromInput?: string): INodeProperties {
	const typed = (name: OrderKey, placeholder: string, hint: string) => ({
		displayName: ORDER_LOCATOR_MODES[name],
		name,
		type: 'string' as const,
		placeholder,
		hint,
	});
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
			typed(
				'supplierOrderNumber',
				'e.g. SO-2001',
				'Your own order number, as recorded on the order when it was acknowledged',
			),
		],
	};
}

/**
 * How an operation that acts on one order per input item asks for it: the `order` resource locator from version 2
 * (LISTS_VERSION), and for version 1 nodes of saved workflows their own parameters, unchanged (Order ID + Order ID
 * Type, or on Order → Get, Order Key + Value). `readOrderReference` (helpers/validation.ts) reads either.
 * `orderIdDefault` is for operations that usually follow one that outputs orders (e.g. `={{ $json.dscoOrderId }}`).
 */
export function orderReferenceProperties(
	description: string,
	orderIdDefault = '',
	v1: V1OrderParameters = 'orderIdAndType',
): INodeProperties[] {
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
						description:
							'The DSCO order ID, PO number or supplier order number of the order to get',
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
	return [
		...version1.map(onlyInVersion1),
		sinceListsVersion(orderLocator(description, orderIdDefault || undefined)),
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

/** Return All / Limit of every "Get Many" (n8n's own names and wording). */
export const returnAllAndLimitProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How many records item `i` asks for: Infinity with Return All, else its Limit (a whole number ≥ 1). */
export function readLimit(ctx: IExecuteFunctions, i: number): number {
	return ctx.getNodeParameter('returnAll', i, false)
		? Infinity
		: readQuantity(ctx, i, 'Limit', ctx.getNodeParameter('limit', i, 50), { min: 1 });
}
