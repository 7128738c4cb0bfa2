import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { asNodeError, ThrottledItems, validateAll } from '../helpers/items';
import { EntryTooLargeError, splitIntoBatches, type Batch } from './batching';
import { matchOutcomes, waitForChangeLog, type ChangeLogKind, type EntryOutcome } from './changeLog';
import type { DscoClient } from './client';
import { dscoApiError, dscoMessages, formatMessages, itemLabel } from './errors';

/** DSCO's answer to an accepted async write. */
export interface AsyncAnswer extends IDataObject {
	status?: string;
	requestId?: string;
	eventDate?: string;
}

export interface Verification {
	/** The change log that reports this write's results. */
	kind: ChangeLogKind;
	/** Identifies an entry, in what was sent and in the change log's `payload` (e.g. the SKU). */
	key: (payload: IDataObject) => string | undefined;
	/** Wait for the change log (the node's "Wait for Result" option). */
	wait: boolean;
	timeoutMs: number;
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
	/** What one entry is, for messages ("acknowledgment", "inventory update"). */
	noun: string;
	verify?: Verification;
	/** Called before sending with the valid entries; may drop some by returning outputs for them instead. */
	preflight?: (valid: Array<{ itemIndex: number; value: E }>) => Promise<Map<number, IDataObject>>;
}

interface SentBatch<E> {
	batch: Batch<E>;
	itemIndexes: number[];
	answer: AsyncAnswer;
}

/**
 * Sends one array entry per input item in the fewest calls under DSCO's 5 MB body limit, after validating every
 * item. With verification, waits for DSCO's change log and reports each entry's own result. Returns one output
 * item per input item, paired to it. A failed entry is an error for its item (an error item under
 * continue-on-fail); the others succeed.
 */
export async function sendBatched<E extends IDataObject>(
	ctx: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
	spec: BatchWriteSpec<E>,
): Promise<INodeExecutionData[]> {
	const { valid: checked, failed } = validateAll(ctx, items, spec.read);
	const results = new Map<number, INodeExecutionData>(failed);
	const fail = (itemIndexes: readonly number[], error: Error & { description?: string | null }, extra: IDataObject = {}) => {
		if (!ctx.continueOnFail()) throw asNodeError(client.node, error);
		for (const i of itemIndexes) {
			const json = { ...extra, error: error.message, errorDescription: error.description ?? undefined };
			results.set(i, { json, pairedItem: { item: i } });
		}
	};

	let valid = checked;
	if (spec.preflight) {
		const settled = await spec.preflight(checked);
		for (const [i, json] of settled) results.set(i, { json, pairedItem: { item: i } });
		valid = checked.filter((v) => !settled.has(v.itemIndex));
	}

	let batches: Array<Batch<E>>;
	try {
		batches = splitIntoBatches(valid.map((v) => v.value));
	} catch (error) {
		if (error instanceof EntryTooLargeError) {
			throw dscoApiError(client.node, {
				status: 413,
				method: 'POST',
				path: spec.path,
				body: undefined,
				itemIndexes: valid[error.index].itemIndex,
				message: `One ${spec.noun} is too large for a DSCO call (${error.bytes} bytes, limit 5 MB)`,
			});
		}
		throw asNodeError(client.node, error);
	}

	const sent: Array<SentBatch<E>> = [];
	const throttled = new ThrottledItems(client.node);
	for (const batch of batches) {
		const itemIndexes = batch.indexes.map((k) => valid[k].itemIndex);
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
					itemIndexes,
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
			sent.push({ batch, itemIndexes, answer });
		} catch (error) {
			// A batch DSCO kept refusing (429) does not stop the next ones: see ThrottledItems.
			if (!ctx.continueOnFail() && throttled.keep(error, itemIndexes)) continue;
			fail(itemIndexes, error as Error);
		}
	}
	throttled.throwIfAny(items.length);

	for (const [batchNo, { batch, itemIndexes, answer }] of sent.entries()) {
		const verify = spec.verify;
		let outcomes: EntryOutcome[] | undefined;
		if (verify?.wait && answer.requestId) {
			const logs = await waitForChangeLog(client, verify.kind, answer.requestId, { timeoutMs: verify.timeoutMs, itemIndexes }, (ms) => client.wait(ms));
			outcomes = matchOutcomes(batch.entries, logs, verify.key);
		}
		const acceptMessages = dscoMessages(answer);
		batch.entries.forEach((entry, k) => {
			const i = itemIndexes[k];
			const json: IDataObject = {
				...spec.describe(entry),
				requestId: answer.requestId ?? null,
				status: answer.status ?? 'pending',
			};
			if (acceptMessages.length) json.messages = acceptMessages as unknown as IDataObject[];
			json.batch = { number: batchNo + 1, of: sent.length, items: batch.entries.length, bytes: batch.bytes };
			const outcome = outcomes?.[k];
			if (outcome) {
				json.status = outcome.status;
				json.messages = outcome.messages as unknown as IDataObject[];
				if (outcome.dateProcessed) json.dateProcessed = outcome.dateProcessed;
				if (outcome.status === 'failure' || outcome.status === 'timeout') {
					fail([i], outcomeError(client, spec, json, outcome, answer.requestId!, i), json);
					return;
				}
			}
			results.set(i, { json, pairedItem: { item: i } });
		});
	}
	return items.map((_, i) => results.get(i)).filter((r): r is INodeExecutionData => r !== undefined);
}

function outcomeError<E extends IDataObject>(
	client: DscoClient,
	spec: BatchWriteSpec<E>,
	json: IDataObject,
	outcome: EntryOutcome,
	requestId: string,
	itemIndex: number,
) {
	const timeoutSeconds = Math.round((spec.verify?.timeoutMs ?? 0) / 1000);
	const message =
		outcome.status === 'timeout'
			? `DSCO accepted the ${spec.noun} but had not processed it after ${timeoutSeconds} s${itemLabel(itemIndex)}`
			: `DSCO did not apply the ${spec.noun}: ${formatMessages(outcome.messages) || 'no reason given'}${itemLabel(itemIndex)}`;
	const description =
		outcome.status === 'timeout'
			? `requestId ${requestId}: check it later with Change Log → Get, or raise "Wait Timeout".`
			: `requestId ${requestId} (${spec.path}); DSCO's change log reported this entry as failed.`;
	return new NodeApiError(client.node, { ...json, requestId } as JsonObject, { message, description, itemIndex });
}
