import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as get from './get.operation';
import * as updateFromFile from './updateFromFile.operation';
import * as upsert from './upsert.operation';

export const resource = {
	name: 'Catalog',
	value: 'catalog',
	description:
		'Read and create or update the items (products) DSCO lists for your retailers; an item must be in the catalog before its inventory',
};

export const operations: Record<string, DscoOperation> = { get, upsert, updateFromFile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update catalog item',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get a catalog item by SKU, DSCO item ID, UPC, EAN, partner SKU, MPN, ISBN or GTIN',
				action: 'Get catalog item',
			},
			{
				name: 'Update From File',
				value: 'updateFromFile',
				description:
					"Create or update catalog items from a CSV or JSON Lines file through DSCO's large-file API",
				action: 'Update catalog from file',
			},
		],
		default: 'upsert',
	},
	...get.description,
	...upsert.description,
	...updateFromFile.description,
];
