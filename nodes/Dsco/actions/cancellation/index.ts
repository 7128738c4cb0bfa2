import type { INodeProperties } from 'n8n-workflow';

import type { DscoOperation } from '../types';
import * as cancelLines from './cancelLines.operation';
import * as respondToRequest from './respondToRequest.operation';

export const resource = {
	name: 'Cancellation',
	value: 'cancellation',
	description: "Cancel order lines with a cancel code, or accept a retailer's cancel request",
};

export const operations: Record<string, DscoOperation> = { cancelLines, respondToRequest };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cancellation'] } },
		options: [
			{
				name: 'Cancel Lines',
				value: 'cancelLines',
				description:
					'Cancel quantities of order lines with a cancel code, one order per input item',
				action: 'Cancel order lines',
			},
			{
				name: 'Respond to Request',
				value: 'respondToRequest',
				description: 'Accept a retailer’s cancel request by cancelling the requested lines',
				action: 'Accept retailer cancel request',
			},
		],
		default: 'cancelLines',
	},
	...cancelLines.description,
	...respondToRequest.description,
];
