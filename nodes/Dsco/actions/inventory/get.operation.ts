import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem, invalidInput, quote } from '../../helpers/items';
import { locatorProperty, locatorValue, textThenLocator } from '../../helpers/locators';
import { readIdentifier, type IdentifierKind } from '../../helpers/validation';
import { INVENTORY } from '../../transport/answers';
import type { DscoClient } from '../../transport/client';

const ITEM_KEYS = [
	{ name: 'DSCO Item ID', value: 'dscoItemId' },
	{ name: 'EAN', value: 'ean' },
	{ name: 'GTIN', value: 'gtin' },
	{ name: 'ISBN', value: 'isbn' },
	{ name: 'MPN', value: 'mpn' },
	{ name: 'Partner SKU', value: 'partnerSku' },
	{ name: 'SKU', value: 'sku' },
	{ name: 'UPC', value: 'upc' },
];

export const description: INodeProperties[] = showOnlyFor('inventory', 'get', [
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
		locatorProperty({
			displayName: 'Retailer',
			name: 'dscoRetailerId',
			description:
				'The retailer whose partner SKU this is (or give a trading partner under Options)',
			searchListMethod: 'searchRetailers',
			listPlaceholder: 'Select a retailer...',
			byValue: {
				name: 'accountId',
				displayName: 'By DSCO Account ID',
				placeholder: 'e.g. 1000012345',
				hint: "DSCO's account ID of the retailer",
			},
		}),
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

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const itemKey = this.getNodeParameter('itemKey', i) as string;
		if (!ITEM_KEYS.some((k) => k.value === itemKey)) {
			throw invalidInput(
				this,
				i,
				'Item Key',
				`${quote(itemKey)} is not one of ${ITEM_KEYS.map((k) => k.value).join(', ')}`,
			);
		}
		const value = readIdentifier(
			this,
			i,
			'Value',
			itemKey as IdentifierKind,
			this.getNodeParameter('value', i),
		);
		const options = this.getNodeParameter('options', i, {}) as {
			returnMultiple?: boolean;
			dscoTradingPartnerId?: unknown;
		};
		const qs: IDataObject = { itemKey, value };
		if (itemKey === 'partnerSku') {
			const retailer = locatorValue(this.getNodeParameter('dscoRetailerId', i, '')) ?? '';
			const partner = locatorValue(options.dscoTradingPartnerId) ?? '';
			if (!String(retailer).trim() && !String(partner).trim()) {
				throw invalidInput(
					this,
					i,
					'Retailer ID',
					'DSCO needs the Retailer ID (or a Trading Partner ID) to look up a partner SKU',
				);
			}
			if (String(retailer).trim())
				qs.dscoRetailerId = readIdentifier(this, i, 'Retailer ID', 'partnerId', retailer);
			if (String(partner).trim())
				qs.dscoTradingPartnerId = readIdentifier(
					this,
					i,
					'Trading Partner ID',
					'partnerId',
					partner,
				);
		}
		if (options.returnMultiple) qs.returnMultiple = true;
		const res = await client.request<IDataObject | IDataObject[]>({
			method: 'GET',
			path: '/inventory',
			qs,
			itemIndexes: i,
			acceptStatuses: [404],
			answer: INVENTORY,
		});
		if (res.status === 404) {
			throw new NodeOperationError(
				this.getNode(),
				`Item not found: no DSCO item with ${itemKey} "${value}" [item ${i}]`,
				{
					itemIndex: i,
					description:
						'Check the value and the Item Key. DSCO knows an item once its catalog entry exists.',
				},
			);
		}
		return Array.isArray(res.body) ? res.body : [res.body];
	});
}
