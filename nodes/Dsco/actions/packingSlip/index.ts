import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as create from './create.operation';
import * as get from './get.operation';

export const resource = { name: 'Packing Slip', value: 'packingSlip' };

export const operations: Record<string, DscoOperation> = { create, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['packingSlip'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: "Have DSCO generate an order's packing slip and download the PDF, waiting until it is ready",
				action: 'Create a packing slip',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Download a packing slip DSCO generated, by its requestId',
				action: 'Get a packing slip',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
