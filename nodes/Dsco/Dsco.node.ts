import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { requestOptionsProperty } from './helpers/requestOptions';
import { resourceOptions, resourceProperties, subtitleExpression } from './actions/resources';
import { router } from './actions/router';
import { LISTS_VERSION } from './helpers/locators';
import { methods } from './methods';

/**
 * DSCO (Rithum / CommerceHub dropship) action node. Programmatic rather than declarative: DSCO needs scroll paging,
 * splitting into 5 MB batches, change-log verification of async writes and pacing under per-endpoint rate limits.
 */
export class Dsco implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DSCO',
		name: 'dsco',
		icon: { light: 'file:dsco.svg', dark: 'file:dsco.dark.svg' },
		group: ['transform'],
		// Version 2 picks warehouses, trading partners and ship codes from lists (helpers/locators.ts); version 1
		// nodes of saved workflows keep their text fields.
		version: [1, LISTS_VERSION],
		defaultVersion: LISTS_VERSION,
		subtitle: subtitleExpression(),
		description:
			'Get, acknowledge, ship, cancel and invoice DSCO dropship orders, buy shipping labels and packing slips, and keep inventory in sync',
		defaults: { name: 'DSCO' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dscoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions(),
				default: 'order',
			},
			...resourceProperties(),
			requestOptionsProperty,
		],
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
