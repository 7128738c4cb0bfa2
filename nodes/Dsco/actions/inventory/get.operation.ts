import { INVENTORY } from '../../transport/answers';
import { itemLookupOperation } from '../itemLookup';

export const { description, execute } = itemLookupOperation('inventory', 'get', {
	path: '/inventory',
	answer: INVENTORY,
	notFound: 'Item not found: no DSCO item',
	notFoundHint:
		'Check the value and the Item Key. DSCO knows an item once its catalog entry exists.',
});
