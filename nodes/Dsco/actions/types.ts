import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { DscoClient } from '../transport/client';

/** One resource/operation of the DSCO node: its parameters and how it runs over all input items. */
export interface DscoOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		client: DscoClient,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]>;
}
