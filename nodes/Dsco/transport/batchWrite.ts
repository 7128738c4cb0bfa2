import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, validateAll } from '../helpers/items';
import { EntryTooLargeError, splitIntoBatches } from './batching';
import type { DscoClient } from './client';
import { dscoApiError, dscoMessages } from './errors';

/** DSCO's answer to an accepted async write. */
export interface AsyncAnswer extends IDataObject {
	status?: string;
	requestId?: string;
	eventDate?: string;
}

export interface BatchWriteSpec<E extends IDataObject> {
	/** Batch endpoint taking a JSON array, e.g. `/order/acknowledge`. */
	path: string;
	qs?: IDataObject;
	/** Whether re-sending a batch after an ambiguous failure cannot duplicate its effect. */
	idempotent: boolean;
	/** Reads and validates one input item into one array entry (throws NodeOperationError naming item and field). */
	read: (itemIndex: number) => E;
	/** The fields identifying an entry in its output item. */
	describe: (entry: E) => IDataObject;
}

/**
 * Sends one array entry per input item in the fewest calls under DSCO's 5 MB body limit, after validating every
 * item. Returns one output item per input item, paired to it, with DSCO's requestId and status for its call.
 * A whole call refused by DSCO fails the items it carried (error items under continue-on-fail).
 */
export async function sendBatched<E extends IDataObject>(
	ctx: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
	spec: BatchWriteSpec<E>,
): Promise<INodeExecutionData[]> {
	const { valid, failed } = validateAll(ctx, items, spec.read);
	const results = new Map<number, INodeExecutionData>(failed);

	let batches;
	try {
		batches = splitIntoBatches(valid.map((v) => v.value));
	} catch (error) {
		if (error instanceof EntryTooLargeError) {
			const itemIndex = valid[error.index].itemIndex;
			throw dscoApiError(client.node, {
				status: 413,
				method: 'POST',
				path: spec.path,
				body: undefined,
				itemIndexes: itemIndex,
				message: `Item too large for one DSCO call (${error.bytes} bytes, limit 5 MB)`,
			});
		}
		throw asNodeError(client.node, error);
	}

	for (const [batchNo, batch] of batches.entries()) {
		const itemIndexes = batch.indexes.map((k) => valid[k].itemIndex);
		const fail = (error: Error & { description?: string | null }) => {
			if (!ctx.continueOnFail()) throw error;
			for (const i of itemIndexes) {
				results.set(i, { json: { error: error.message, errorDescription: error.description ?? undefined }, pairedItem: { item: i } });
			}
		};
		try {
			const res = await client.request<AsyncAnswer>({
				method: 'POST',
				path: spec.path,
				qs: spec.qs,
				body: batch.entries,
				itemIndexes,
				idempotent: spec.idempotent,
			});
			const answer: AsyncAnswer = res.body && typeof res.body === 'object' ? res.body : {};
			if (answer.status === 'failure') {
				fail(
					dscoApiError(client.node, {
						status: res.status,
						method: 'POST',
						path: spec.path,
						body: answer,
						itemIndexes,
						message: 'DSCO rejected the whole batch',
					}),
				);
				continue;
			}
			const messages = dscoMessages(answer);
			batch.entries.forEach((entry, k) => {
				const json: IDataObject = {
					...spec.describe(entry),
					status: answer.status ?? 'pending',
					requestId: answer.requestId ?? null,
					eventDate: answer.eventDate ?? null,
					batch: { number: batchNo + 1, of: batches.length, items: batch.entries.length, bytes: batch.bytes },
				};
				if (messages.length) json.messages = messages as unknown as IDataObject[];
				results.set(itemIndexes[k], { json, pairedItem: { item: itemIndexes[k] } });
			});
		} catch (error) {
			fail(error as Error);
		}
	}
	return items.map((_, i) => results.get(i)).filter((r): r is INodeExecutionData => r !== undefined);
}
