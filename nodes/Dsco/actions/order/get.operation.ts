import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem } from '../../helpers/items';
import { withSla } from '../../helpers/sla';
import { readOrderReference } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import { fetchOrder, orderNotFound } from '../../transport/orders';
import { orderReferenceProperties } from '../common';

export const description: INodeProperties[] = showOnlyFor(
	'order',
	'get',
	// Version 1 nodes keep their Order Key (dscoOrderId, …) and Value.
	orderReferenceProperties('The order to get, one per input item', '', 'orderKeyAndValue'),
);

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const ref = readOrderReference(this, i, 'orderKeyAndValue');
		const order = await fetchOrder(client, ref, i);
		if (!order) throw orderNotFound(this.getNode(), ref, i);
		return withSla(order);
	});
}
