import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { showOnlyFor } from '../helpers/displayOptions';
import { forEachItem, invalidInput, quote } from '../helpers/items';
import {
	locatorProperty,
	locatorValue,
	retailerLocator,
	textThenLocator,
} from '../helpers/locators';
import { readIdentifier, type IdentifierKind } from '../helpers/validation';
import type { AnswerShape } from '../transport/answers';
import type { DscoClient } from '../transport/client';
import type { DscoOperation } from './types';

/**
 * One item looked up by any of its keys, as DSCO's `GET /inventory` and `GET /catalog` take it (`itemKey`, `value`,
 * and for a partner SKU the retailer or the trading partner): the parameters, their checks and the call, shared by
 * Inventory → Get and Catalog → Get.
 */

/** The item keys both endpoints document, alphabetical as n8n lists options. */
export const ITEM_KEYS: INodePropertyOptions[] = [
	{ name: 'DSCO Item ID', value: 'dscoItemId' },
	{ name: 'EAN', value: 'ean' },
	{ name: 'GTIN', value: 'gtin' },
	{ name: 'ISBN', value: 'isbn' },
	{ name: 'MPN', value: 'mpn' },
	{ name: 'Partner SKU', value: 'partnerSku' },
	{ name: 'SKU', value: 'sku' },
	{ name: 'UPC', value: 'upc' },
];

/** Item Key, Value, the retailer of a partner SKU and the Options (Return All Matches, Trading Partner). */
export function itemLookupProperties(resource: string, operation: string): INodeProperties[] {
	return showOnlyFor(resource, operation, [
		{
			displayName: 'Item Key',
			name: 'itemKey',
			type: 'options',
			options: ITEM_KEYS,
			default: 'sku',
			description: 'Which identifier the value below is',
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. ABC-123',
			description: 'The SKU, DSCO item ID, UPC, EAN, partner SKU, MPN, ISBN or GTIN of the item',
		},
		...textThenLocator(
			{
				displayName: 'Retailer ID',
				name: 'dscoRetailerId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1000012345',
				description:
					"DSCO's ID of the retailer whose partner SKU this is (or give a Trading Partner ID under Options)",
				displayOptions: { show: { itemKey: ['partnerSku'] } },
			},
			retailerLocator(
				'dscoRetailerId',
				'The retailer whose partner SKU this is (or give a trading partner under Options)',
			),
		),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Return All Matches',
					name: 'returnMultiple',
					type: 'boolean',
					default: false,
					description:
						'Whether to output every item matching the value (one output item each) rather than only the first',
				},
				...textThenLocator(
					{
						displayName: 'Trading Partner ID',
						name: 'dscoTradingPartnerId',
						type: 'string',
						default: '',
						description:
							'Your ID for the trading partner, instead of a Retailer ID (partner SKU only)',
					},
					locatorProperty({
						displayName: 'Trading Partner',
						name: 'dscoTradingPartnerId',
						description:
							'The trading partner by your own ID for it, instead of a retailer (partner SKU only)',
						searchListMethod: 'searchTradingPartnerIds',
						listPlaceholder: 'Select a trading partner...',
						byValue: {
							name: 'partnerId',
							displayName: 'By Your Partner ID',
							placeholder: 'e.g. RTL-1',
							hint: 'Your own ID for the trading partner, as set in DSCO',
						},
					}),
				),
			],
		},
	]);
}

/** The query of one lookup (`itemKey`, `value`, retailer or trading partner, `returnMultiple`), checked. */
export function readItemLookup(ctx: IExecuteFunctions, i: number): IDataObject {
	const itemKey = ctx.getNodeParameter('itemKey', i) as string;
	if (!ITEM_KEYS.some((k) => k.value === itemKey)) {
		throw invalidInput(
			ctx,
			i,
			'Item Key',
			`${quote(itemKey)} is not one of ${ITEM_KEYS.map((k) => k.value).join(', ')}`,
		);
	}
	const value = readIdentifier(
		ctx,
		i,
		'Value',
		itemKey as IdentifierKind,
		ctx.getNodeParameter('value', i),
	);
	const options = ctx.getNodeParameter('options', i, {}) as {
		returnMultiple?: boolean;
		dscoTradingPartnerId?: unknown;
	};
	const qs: IDataObject = { itemKey, value };
	if (itemKey === 'partnerSku') {
		const retailer = locatorValue(ctx.getNodeParameter('dscoRetailerId', i, '')) ?? '';
		const partner = locatorValue(options.dscoTradingPartnerId) ?? '';
		if (!String(retailer).trim() && !String(partner).trim()) {
			throw invalidInput(
				ctx,
				i,
				'Retailer ID',
				'DSCO needs the Retailer ID (or a Trading Partner ID) to look up a partner SKU',
			);
		}
		if (String(retailer).trim())
			qs.dscoRetailerId = readIdentifier(ctx, i, 'Retailer ID', 'partnerId', retailer);
		if (String(partner).trim())
			qs.dscoTradingPartnerId = readIdentifier(ctx, i, 'Trading Partner ID', 'partnerId', partner);
	}
	if (options.returnMultiple) qs.returnMultiple = true;
	return qs;
}

export interface ItemLookup {
	/** `/inventory` or `/catalog`. */
	path: string;
	/** The shape DSCO documents for the endpoint's 200. */
	answer: AnswerShape;
	/** The not-found error's first words, e.g. "Item not found: no DSCO item". */
	notFound: string;
	/** What the user should check when DSCO does not know the item. */
	notFoundHint: string;
}

/** Reads the item(s) of input item `i` (one output item each); DSCO's 404 is a not-found error for that item. */
export async function lookUpItems(
	ctx: IExecuteFunctions,
	client: DscoClient,
	i: number,
	lookup: ItemLookup,
): Promise<IDataObject[]> {
	const qs = readItemLookup(ctx, i);
	const res = await client.request<IDataObject | IDataObject[]>({
		method: 'GET',
		path: lookup.path,
		qs,
		itemIndexes: i,
		acceptStatuses: [404],
		answer: lookup.answer,
	});
	if (res.status === 404) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${lookup.notFound} with ${String(qs.itemKey)} "${String(qs.value)}" [item ${i}]`,
			{ itemIndex: i, description: lookup.notFoundHint },
		);
	}
	return Array.isArray(res.body) ? res.body : [res.body];
}

/** A Get operation over `lookup`: the lookup's parameters, and one output item per item found for each input item. */
export function itemLookupOperation(
	resource: string,
	operation: string,
	lookup: ItemLookup,
): DscoOperation {
	return {
		description: itemLookupProperties(resource, operation),
		async execute(this: IExecuteFunctions, client: DscoClient, items: INodeExecutionData[]) {
			return await forEachItem(
				this,
				items,
				async (i): Promise<IDataObject[]> => await lookUpItems(this, client, i, lookup),
			);
		},
	};
}
