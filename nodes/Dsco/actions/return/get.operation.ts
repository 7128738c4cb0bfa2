import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem } from '../../helpers/items';
import type { DscoClient } from '../../transport/client';
import { findReturns, RETURN_ID_TYPES, returnNotFound } from '../../transport/returns';
import { readReturnReference, returnReferenceProperties } from './reference';

export const description: INodeProperties[] = showOnlyFor(
	'return',
	'get',
	returnReferenceProperties(true),
);

/** One return per input item, as `GET /return/page` finds it by its identifier; none is an error, as Order → Get. */
export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const ref = readReturnReference(this, i, RETURN_ID_TYPES);
		const found = await findReturns(client, ref, i);
		if (found.length === 0) throw returnNotFound(this.getNode(), ref, i);
		return found;
	});
}
