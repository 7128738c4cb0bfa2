import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as get from './get.operation';

export const resource = {
	name: 'Change Log',
	value: 'changeLog',
	description: "DSCO's results for a write it processed later (by requestId)",
};

export const operations: Record<string, DscoOperation> = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['changeLog'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					"Get DSCO's results for an async write by its requestId (order, inventory, invoice or catalog)",
				action: 'Get change log',
			},
		],
		default: 'get',
	},
	...get.description,
];
