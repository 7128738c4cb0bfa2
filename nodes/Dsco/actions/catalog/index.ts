import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as updateFromFile from './updateFromFile.operation';

export const resource = {
	name: 'Catalog',
	value: 'catalog',
	description:
		'Create and update the items (products) DSCO expects before it accepts their inventory',
};

export const operations: Record<string, DscoOperation> = { updateFromFile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{
				name: 'Update From File',
				value: 'updateFromFile',
				description:
					"Create or update catalog items from a CSV or JSON Lines file through DSCO's large-file API",
				action: 'Update catalog from file',
			},
		],
		default: 'updateFromFile',
	},
	...updateFromFile.description,
];
