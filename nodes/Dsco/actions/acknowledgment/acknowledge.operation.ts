import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { readIdentifier, readOrderReference } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import { sendBatched } from '../../writes/batchWrite';
import { orderReferenceProperties, supplierOrderNumberField } from '../common';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';

export const description: INodeProperties[] = showOnlyFor('acknowledgment', 'acknowledge', [
	...orderReferenceProperties('The order to acknowledge, one per input item'),
	supplierOrderNumberField,
	asyncWriteOptions(),
]);

interface AckEntry extends IDataObject {
	id: string;
	type: string;
	supplierOrderNumber?: string;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const options = readAsyncWriteOptions(this);
	return await sendBatched<AckEntry>(this, client, items, {
		path: '/order/acknowledge',
		noun: 'acknowledgment',
		verify: {
			kind: 'order',
			key: (p) => (p.id !== undefined ? `${String(p.type ?? '')}:${String(p.id)}` : undefined),
			wait: options.waitForResult,
			timeoutMs: options.waitTimeoutMs,
		},
		// Acknowledging an order twice has no further effect, so a resend after an ambiguous failure is safe.
		idempotent: true,
		read: (i) => {
			const ref = readOrderReference(this, i);
			const extra = this.getNodeParameter('additionalFields', i, {}) as {
				supplierOrderNumber?: unknown;
			};
			const entry: AckEntry = { id: ref.id, type: ref.type };
			if (extra.supplierOrderNumber !== undefined && extra.supplierOrderNumber !== '') {
				entry.supplierOrderNumber = readIdentifier(
					this,
					i,
					'Supplier Order Number',
					'supplierOrderNumber',
					extra.supplierOrderNumber,
				);
			}
			return entry;
		},
		describe: (entry) => ({ orderId: entry.id, orderIdType: entry.type }),
	});
}
