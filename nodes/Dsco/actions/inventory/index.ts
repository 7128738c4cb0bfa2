import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as get from './get.operation';
import * as update from './update.operation';
import * as updateFromFile from './updateFromFile.operation';

export const resource = {
	name: 'Inventory',
	value: 'inventory',
	description: 'Read and set stock per SKU and warehouse, one by one or from a file',
};

export const operations: Record<string, DscoOperation> = { get, update, updateFromFile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inventory'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get the inventory of one item by SKU, DSCO item ID, UPC, EAN, partner SKU, MPN, ISBN or GTIN',
				action: 'Get inventory of item',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Set quantity and status of one SKU per input item, in as few calls as possible',
				action: 'Update inventory',
			},
			{
				name: 'Update From File',
				value: 'updateFromFile',
				description: "Send a CSV or JSON Lines file of inventory through DSCO's large-file API",
				action: 'Update inventory from file',
			},
		],
		default: 'update',
	},
	...get.description,
	...update.description,
	...updateFromFile.description,
];
