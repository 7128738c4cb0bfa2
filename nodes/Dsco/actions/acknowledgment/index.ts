import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as acknowledge from './acknowledge.operation';
import * as acknowledgeLines from './acknowledgeLines.operation';

export const resource = {
	name: 'Acknowledgment',
	value: 'acknowledgment',
	description: 'Tell DSCO you accept orders, or which quantities of their lines',
};

export const operations: Record<string, DscoOperation> = { acknowledge, acknowledgeLines };

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
				action: 'Acknowledge order',
			},
			{
				name: 'Acknowledge Lines',
				value: 'acknowledgeLines',
				description:
					'Acknowledge lines of an order: accepted and cancelled quantities, estimated ship dates',
				action: 'Acknowledge order lines',
			},
		],
		default: 'acknowledge',
	},
	...acknowledge.description,
	...acknowledgeLines.description,
];
