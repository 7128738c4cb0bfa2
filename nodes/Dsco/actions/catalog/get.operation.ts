import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { ITEM_CATALOG } from '../../transport/answers';
import type { DscoClient } from '../../transport/client';
import { itemLookupProperties, lookUpItems } from '../itemLookup';

export const description: INodeProperties[] = itemLookupProperties('catalog', 'get');

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(
		this,
		items,
		async (i): Promise<IDataObject[]> =>
			await lookUpItems(this, client, i, {
				path: '/catalog',
				answer: ITEM_CATALOG,
				notFound: 'Item not found: no DSCO catalog item',
				notFoundHint:
					'Check the value and the Item Key. A new item is in the catalog once DSCO has processed its Create or Update.',
			}),
	);
}
