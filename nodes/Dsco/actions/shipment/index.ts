import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as create from './create.operation';

export const resource = {
	name: 'Shipment',
	value: 'shipment',
	description: 'Ship packages with tracking numbers, never the same one twice',
};

export const operations: Record<string, DscoOperation> = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shipment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Ship one package per input item, skipping tracking numbers the order already has',
				action: 'Create shipment',
			},
		],
		default: 'create',
	},
	...create.description,
];
