import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem, invalidInput, quote } from '../../helpers/items';
import { withSla } from '../../helpers/sla';
import { readOrderReference } from '../../helpers/validation';
import { ORDER } from '../../transport/answers';
import type { DscoClient } from '../../transport/client';

const ORDER_KEYS = [
	{ name: 'DSCO Order ID', value: 'dscoOrderId' },
	{ name: 'PO Number', value: 'poNumber' },
	{ name: 'Supplier Order Number', value: 'supplierOrderNumber' },
];

export const description: INodeProperties[] = showOnlyFor('order', 'get', [
	{
		displayName: 'Order Key',
		name: 'orderKey',
		type: 'options',
		options: ORDER_KEYS,
		default: 'dscoOrderId',
		description: 'Which identifier the value below is',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1002345678',
		description: 'The DSCO order ID, PO number or supplier order number of the order to get',
	},
]);

const KEY_TO_TYPE: Record<string, string> = {
	dscoOrderId: 'DSCO_ORDER_ID',
	poNumber: 'PO_NUMBER',
	supplierOrderNumber: 'SUPPLIER_ORDER_NUMBER',
};

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const orderKey = this.getNodeParameter('orderKey', i) as string;
		if (!Object.prototype.hasOwnProperty.call(KEY_TO_TYPE, orderKey)) {
			throw invalidInput(this, i, 'Order Key', `${quote(orderKey)} is not one of dscoOrderId, poNumber, supplierOrderNumber`);
		}
		const ref = readOrderReference(this, i, this.getNodeParameter('value', i), KEY_TO_TYPE[orderKey], {
			id: 'Value',
		});
		const res = await client.request<IDataObject>({
			method: 'GET',
			path: '/order/',
			qs: { orderKey, value: ref.id },
			itemIndexes: i,
			acceptStatuses: [404],
			answer: ORDER,
		});
		if (res.status === 404) {
			throw new NodeOperationError(this.getNode(), `Order not found: no DSCO order with ${orderKey} "${ref.id}" [item ${i}]`, {
				itemIndex: i,
				description: 'Check the value and the Order Key. New orders can take a few seconds to become readable.',
			});
		}
		return withSla(res.body);
	});
}
