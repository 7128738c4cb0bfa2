import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as acknowledge from './acknowledge.operation';

export const resource = { name: 'Acknowledgment', value: 'acknowledgment' };

export const operations: Record<string, DscoOperation> = { acknowledge };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['acknowledgment'] } },
		options: [
			{
				name: 'Acknowledge',
				value: 'acknowledge',
				description: 'Acknowledge whole orders, one per input item, in as few calls as possible',
				action: 'Acknowledge an order',
			},
		],
		default: 'acknowledge',
	},
	...acknowledge.description,
];
