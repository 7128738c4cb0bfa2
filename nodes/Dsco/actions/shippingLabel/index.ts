import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as create from './create.operation';

export const resource = {
	name: 'Shipping Label',
	value: 'shippingLabel',
	description: "Carrier labels bought through DSCO for an order's package, downloaded as files",
};

export const operations: Record<string, DscoOperation> = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shippingLabel'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Buy a carrier label through DSCO for one package per input item and download it as a file',
				action: 'Create shipping label',
			},
		],
		default: 'create',
	},
	...create.description,
];
