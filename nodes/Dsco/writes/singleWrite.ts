import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ItemResults } from '../helpers/items';
import { SYNC_WRITE, writeOutcome, type AnswerShape } from '../transport/answers';
import type { DscoClient, DscoResponse } from '../transport/client';
import { dscoApiError, dscoMessages, type DscoMessage } from '../transport/errors';

export interface SingleWriteSpec<E extends IDataObject> {
	/** Sync endpoint taking one object, e.g. `/inventory/singleItem`. */
	path: string;
	/** Whether re-sending after an ambiguous failure cannot duplicate the write. */
	idempotent: boolean;
	/** Reads and validates one input item into the body (throws NodeOperationError naming item and field). */
	read: (itemIndex: number) => E;
	/** The fields identifying the write in its output item. */
	describe: (entry: E) => IDataObject;
	/** What one write is, for messages ("shipment", "invoice"). Default "write". */
	noun?: string;
	/** The documented 2xx answer of `path`. Default SYNC_WRITE (`{success: true}`). */
	answer?: AnswerShape;
	/**
	 * Optional: DSCO refusals (HTTP 400) whose messages all satisfy this are reported as `skipped` instead of failing
	 * the item (e.g. unknown SKUs when the user asked to skip them).
	 */
	skipWhen?: (message: DscoMessage) => boolean;
	/**
	 * Optional, as sendBatched's: called with the valid entries before anything is sent; may settle some by returning
	 * their outputs instead (e.g. a duplicate guard that found the write already done, or an error item).
	 */
	preflight?: (valid: Array<{ itemIndex: number; value: E }>) => Promise<Map<number, IDataObject>>;
	/**
	 * Optional, for writes that are not idempotent: the check run after a failure that may have reached DSCO (see
	 * DscoRequest.checkBeforeResend). Undefined for an entry = never re-sent after such a failure.
	 */
	checkBeforeResend?: (
		entry: E,
		itemIndex: number,
	) => (() => Promise<'resend' | 'alreadyApplied'>) | undefined;
	/**
	 * Optional: more output fields (after describe and the status DSCO's answer gives) of an entry DSCO took, or that
	 * checkBeforeResend found applied (`answer.alreadyApplied`); may throw to fail the item.
	 */
	succeeded?: (entry: E, answer: DscoResponse<IDataObject>, itemIndex: number) => IDataObject;
	/** Optional: what to tell the user about a write DSCO refused with these messages (added to the error's description). */
	failureHint?: (messages: DscoMessage[]) => string | undefined;
	/** Optional: also put describe(entry) on the item's error output, next to the error. */
	describeFailures?: boolean;
}

/**
 * Sends one sync call per input item, after validating every item (bad input is refused before anything is sent).
 * Returns one output item per input item, paired to it: `status` as DSCO's answer says ("success", or "pending"
 * with its requestId), "skipped" (skipWhen) or "alreadyApplied", else the DSCO error for that item (an error item
 * under continue-on-fail). An answer that says neither success nor pending fails the item.
 */
export async function sendEach<E extends IDataObject>(
	ctx: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
	spec: SingleWriteSpec<E>,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(ctx, items.length);
	for (const { itemIndex, value } of await results.validateAndSettle(spec.read, spec.preflight)) {
		try {
			const res = await client.request<IDataObject>({
				method: 'POST',
				path: spec.path,
				body: value,
				itemIndexes: itemIndex,
				idempotent: spec.idempotent,
				acceptStatuses: spec.skipWhen ? [400] : [],
				checkBeforeResend: spec.checkBeforeResend?.(value, itemIndex),
				answer: spec.answer ?? SYNC_WRITE,
			});
			const json: IDataObject = { ...spec.describe(value) };
			if (res.status === 400) {
				const messages = dscoMessages(res.body);
				if (!messages.length || !messages.every(spec.skipWhen!)) {
					throw dscoApiError(client.node, {
						status: 400,
						method: 'POST',
						path: spec.path,
						body: res.body,
						itemIndexes: itemIndex,
					});
				}
				json.status = 'skipped';
				json.messages = messages as unknown as IDataObject[];
			} else {
				if (res.alreadyApplied) json.status = 'alreadyApplied';
				else Object.assign(json, statusSaidBy(client, spec, res, itemIndex));
				if (spec.succeeded) Object.assign(json, spec.succeeded(value, res, itemIndex));
			}
			results.set(itemIndex, json);
		} catch (error) {
			addFailureHint(error, spec.failureHint);
			// An item DSCO kept refusing (429) does not stop the others: see ThrottledItems.
			results.failOrHold(
				itemIndex,
				error,
				spec.describeFailures ? spec.describe(value) : undefined,
			);
		}
	}
	return results.output();
}

/** Adds the spec's hint for DSCO's messages to the description of an error built from DSCO's answer. */
function addFailureHint(error: unknown, hint?: (messages: DscoMessage[]) => string | undefined) {
	const e = error as { dscoMessages?: DscoMessage[]; description?: string | null };
	const text = hint && e?.dscoMessages?.length ? hint(e.dscoMessages) : undefined;
	if (text) e.description = [e.description, text].filter(Boolean).join('\n');
}

/** The output status of a write from DSCO's own answer (shape checked by the transport); throws when it says failure. */
function statusSaidBy<E extends IDataObject>(
	client: DscoClient,
	spec: SingleWriteSpec<E>,
	res: DscoResponse<IDataObject>,
	itemIndex: number,
): IDataObject {
	const outcome = writeOutcome(res.body);
	if (outcome === 'failure') {
		throw dscoApiError(client.node, {
			status: res.status,
			method: 'POST',
			path: spec.path,
			body: res.body,
			itemIndexes: itemIndex,
			message: `DSCO did not apply the ${spec.noun ?? 'write'}`,
		});
	}
	if (outcome === 'pending')
		return {
			status: 'pending',
			requestId: typeof res.body.requestId === 'string' ? res.body.requestId : null,
		};
	return { status: 'success' };
}
