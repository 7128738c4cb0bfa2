import { ITEM_CATALOG } from '../../transport/answers';
import { itemLookupOperation } from '../itemLookup';

export const { description, execute } = itemLookupOperation('catalog', 'get', {
	path: '/catalog',
	answer: ITEM_CATALOG,
	notFound: 'Item not found: no DSCO catalog item',
	notFoundHint:
		'Check the value and the Item Key. A new item is in the catalog once DSCO has processed its Create or Update.',
});
