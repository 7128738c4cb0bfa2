import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { forEachItem } from '../../helpers/items';
import { INVENTORY } from '../../transport/answers';
import type { DscoClient } from '../../transport/client';
import { itemLookupProperties, lookUpItems } from '../itemLookup';

export const description: INodeProperties[] = itemLookupProperties('inventory', 'get');

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
				path: '/inventory',
				answer: INVENTORY,
				notFound: 'Item not found: no DSCO item',
				notFoundHint:
					'Check the value and the Item Key. DSCO knows an item once its catalog entry exists.',
			}),
	);
}
