import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as complete from './complete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const resource = {
	name: 'Return',
	value: 'return',
	description:
		'Returns of your orders: get one or search them, record the packages received, accept or reject their lines',
};

export const operations: Record<string, DscoOperation> = { complete, get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['return'] } },
		options: [
			{
				name: 'Complete',
				value: 'complete',
				description: 'Accept or reject the lines of a return (PUT /return/ or batched)',
				action: 'Complete return',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one return by DSCO return ID, your return number or the retailer’s',
				action: 'Get return',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get returns created or updated in a time window, or the returns of an order',
				action: 'Get many returns',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Record a return package you received: tracking number and items (POST /return/update or batched)',
				action: 'Update return',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...update.description,
	...complete.description,
];
