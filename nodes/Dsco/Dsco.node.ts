import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from './actions/common';
import { resources } from './actions/resources';
import { router } from './actions/router';

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
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with DSCO dropship orders, acknowledgments, shipments, shipping labels, packing slips, cancellations, inventory and invoices',
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
				options: resources.map((r) => r.resource).sort((a, b) => a.name.localeCompare(b.name)),
				default: 'order',
			},
			...resources.flatMap((r) => r.description),
			requestOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
