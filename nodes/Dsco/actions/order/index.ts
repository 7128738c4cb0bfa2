import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as updateEstimatedShipDate from './updateEstimatedShipDate.operation';

export const resource = {
	name: 'Order',
	value: 'order',
	description: 'Dropship orders: get one, search a time window, update estimated ship dates',
};

export const operations: Record<string, DscoOperation> = { get, getMany, updateEstimatedShipDate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one order by DSCO order ID, PO number or supplier order number',
				action: 'Get order',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get orders created or updated in a time window',
				action: 'Get many orders',
			},
			{
				name: 'Update Estimated Ship Date',
				value: 'updateEstimatedShipDate',
				description:
					'Set the estimated ship date of an order’s lines (verified through DSCO’s change log)',
				action: 'Update estimated ship date of order',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...updateEstimatedShipDate.description,
];
