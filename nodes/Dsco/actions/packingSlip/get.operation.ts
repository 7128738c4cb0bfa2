import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { fileNamePart } from '../../helpers/fileOutput';
import { invalidInput } from '../../helpers/items';
import { readText } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import { produceSlips, readSlipBinaryProperty, readWaitTimeoutMs, slipOptions } from './slips';

const DEFAULT_WAIT_SECONDS = 60;

export const description: INodeProperties[] = showOnlyFor('packingSlip', 'get', [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.packingSlip.requestId }}',
		description:
			'The requestId DSCO answered when the packing slip was requested (Packing Slip → Create)',
	},
	slipOptions(
		DEFAULT_WAIT_SECONDS,
		'How long to keep reading while DSCO is still generating the PDF; 0 reads once. A slip still pending then is an error for its item.',
	),
]);

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const timeoutMs = readWaitTimeoutMs(this, DEFAULT_WAIT_SECONDS);
	return await produceSlips(
		this,
		client,
		items,
		(i) => {
			const requestId = readText(this, i, 'Request ID', this.getNodeParameter('requestId', i));
			if (requestId.length > 200)
				throw invalidInput(this, i, 'Request ID', 'it is longer than 200 characters');
			return { requestId, binaryPropertyName: readSlipBinaryProperty(this, i) };
		},
		async (_i, { requestId, binaryPropertyName }) => ({
			state: { state: 'pending', requestId },
			fileName: `packing-slip-${fileNamePart(requestId)}.pdf`,
			info: {},
			binaryPropertyName,
		}),
		{ timeoutMs, readFirst: true },
	);
}
