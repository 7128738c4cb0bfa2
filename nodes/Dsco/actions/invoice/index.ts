import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as create from './create.operation';

export const resource = {
	name: 'Invoice',
	value: 'invoice',
	description: 'Invoice orders, one invoice per input item',
};

export const operations: Record<string, DscoOperation> = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Invoice an order, one invoice per input item',
				action: 'Create invoice',
			},
		],
		default: 'create',
	},
	...create.description,
];
