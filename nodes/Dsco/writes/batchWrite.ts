import { NodeApiError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { asNodeError, ItemResults } from '../helpers/items';
import { WRITE_ACCEPT } from '../transport/answers';
import {
	encodeBatch,
	encodedBytes,
	EntryTooLargeError,
	splitIntoBatches,
	type Batch,
	type BatchFormat,
} from '../transport/batching';
import {
	matchOutcomes,
	waitForChangeLog,
	type ChangeLogKind,
	type EntryOutcome,
} from '../transport/changeLog';
import type { DscoClient } from '../transport/client';
import {
	dscoApiError,
	dscoMessages,
	formatMessages,
	itemLabel,
	keepMessage,
	type DscoMessage,
} from '../transport/errors';
import { LostBatch, type BatchRecheck, type Resolution } from './lostBatch';

/** DSCO's answer to an accepted async write. */
export interface AsyncAnswer extends IDataObject {
	status?: string;
	requestId?: string;
	eventDate?: string;
}

export interface Verification {
	/** The change log that reports this write's results. */
	kind: ChangeLogKind;
	/** Identifies an entry, in what was sent and in the change log's object (loggedObject of its payload), e.g. the SKU. */
	key: (payload: IDataObject) => string | undefined;
	/** Wait for the change log (the node's "Wait for Result" option). */
	wait: boolean;
	timeoutMs: number;
	/**
	 * Whether DSCO was asked to skip some entries without logging them (inventory's skipItemsThatDontExist): only then
	 * is an entry missing from a COMPLETED change log "skipped"; otherwise it is an error for its item.
	 */
	skipsUnlogged?: boolean;
}

export interface BatchWriteSpec<E extends IDataObject> {
	/** Batch endpoint, e.g. `/order/acknowledge`. */
	path: string;
	/** How the entries go on the wire (default a JSON array; `/catalog/batch/small` asks for JSON Lines). */
	format?: BatchFormat;
	qs?: IDataObject;
	/**
	 * Whether re-sending a batch after an ambiguous failure (5xx, timeout, dropped connection) cannot duplicate its
	 * effect. When it can, give `recheck`: without it such a batch is never sent again.
	 */
	idempotent: boolean;
	/**
	 * For writes a repeat can duplicate: how to read what DSCO has of each entry, so that after an ambiguous failure
	 * only what DSCO does not have is sent again (see lostBatch.ts). Needs `verify` (its change log and key).
	 */
	recheck?: BatchRecheck<E>;
	/** Reads and validates one input item into one array entry (throws NodeOperationError naming item and field). */
	read: (itemIndex: number) => E;
	/** The fields identifying an entry in its output item: a new object each call (the output item is built on it). */
	describe: (entry: E) => IDataObject;
	/** What one entry is, for messages ("acknowledgment", "inventory update"). */
	noun: string;
	verify?: Verification;
	/** Optional: what to tell the user about an entry DSCO failed with these messages (added to the error's description). */
	failureHint?: (messages: DscoMessage[]) => string | undefined;
	/** Called before sending with the valid entries; may drop some by returning outputs for them instead. */
	preflight?: (valid: Array<{ itemIndex: number; value: E }>) => Promise<Map<number, IDataObject>>;
}

interface SentBatch<E> {
	batch: Batch<E>;
	itemIndexes: number[];
	/** DSCO's 202, unless every entry was accounted for after a lost answer. */
	answer?: AsyncAnswer;
	/** Positions (in `batch`) of the entries that `answer` is for: all, or those sent again after a lost answer. */
	accepted: number[];
	/** Entries accounted for after a lost answer (by position in `batch`). */
	resolved: Map<number, Resolution>;
}

/** Output items built in one slice while a call is in flight, before the event loop gets a turn again. */
export const OUTPUT_SLICE = 2000;

/**
 * CPU work done while a call is in flight, one slice at a time with a turn of the event loop between slices, so that
 * the call's body goes out and its answer comes in meanwhile.
 */
class WorkInFlight {
	private readonly queue: Array<Iterator<unknown>> = [];

	add(work: Iterator<unknown>) {
		this.queue.push(work);
	}

	/** Runs `first` (needed as soon as the call is answered), then queued slices until the call settles. */
	async during(call: Promise<unknown>, first?: () => void): Promise<void> {
		let settled = false;
		call.then(
			() => (settled = true),
			() => (settled = true),
		);
		await sleep(0);
		first?.();
		while (!settled && this.queue.length) {
			await sleep(0);
			this.step();
		}
	}

	/** Runs what is left, without pausing. */
	finish() {
		while (this.queue.length) this.step();
	}

	private step() {
		if (this.queue[0].next().done) this.queue.shift();
	}
}

/**
 * Sends one array entry per input item in the fewest calls under DSCO's 5 MB body limit, after validating every
 * item. With verification, waits for DSCO's change log and reports each entry's own result. Returns one output
 * item per input item, paired to it. A failed entry is an error for its item (an error item under
 * continue-on-fail); the others succeed.
 *
 * Nothing is sent before every item was read and checked and every entry serialised (an entry too large for one
 * call is bad input too). The calls then go one after the other (each once the one before was answered, so that a
 * batch DSCO refuses still stops the ones after it); while DSCO takes one, the node builds the next body (from the
 * entries' JSON texts: each entry is serialised once) and, when no change log is waited for, the output items of
 * the batches already answered.
 */
export async function sendBatched<E extends IDataObject>(
	ctx: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
	spec: BatchWriteSpec<E>,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(ctx, items.length);
	const valid = await results.validateAndSettle(spec.read, spec.preflight);

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
	const knownRequestIds = new Set<string>();
	const lostBatches = new Map<Batch<E>, LostBatch<E>>();
	const work = new WorkInFlight();
	/** Every output's `batch` (its `of`, the number of batches sent, is known once all were sent). */
	const batchInfos: IDataObject[] = [];
	/** Batches whose output items were built while later calls were in flight. */
	const built = new Set<SentBatch<E>>();
	/** `spec.describe` of a batch's entries, made while the batch itself was in flight. */
	const described = new Map<Batch<E>, IDataObject[]>();

	/** Puts an entry's output item in the results, or fails it when its change-log result is a failure. */
	const report = (
		i: number,
		json: IDataObject,
		outcome: EntryOutcome | undefined,
		requestId: string | undefined,
	) => {
		if (outcome) {
			json.status = outcome.status;
			json.messages = outcome.messages as unknown as IDataObject[];
			if (outcome.dateProcessed) json.dateProcessed = outcome.dateProcessed;
			if (
				outcome.status === 'failure' ||
				outcome.status === 'timeout' ||
				outcome.status === 'missing'
			) {
				results.fail(i, outcomeError(client, spec, json, outcome, requestId!, i), json);
				return;
			}
		}
		results.set(i, json);
	};

	/**
	 * Builds the output item of entry `k` of a sent batch (the `batchNo`th sent); `outcomes`: the entries' change-log
	 * results, when waited for; `unreadable`: entries whose change log could not be read (already failed).
	 */
	const outputsOf = (
		s: SentBatch<E>,
		batchNo: number,
		outcomes: Map<number, EntryOutcome>,
		unreadable: Set<number>,
	) => {
		const { batch, itemIndexes, answer, resolved } = s;
		const accepted = new Set(s.accepted);
		const acceptMessages = dscoMessages(answer);
		const resent = lostBatches.get(batch)?.resent === true;
		const ready = described.get(batch);
		described.delete(batch);
		return (k: number) => {
			const entry = batch.entries[k];
			const i = itemIndexes[k];
			const batchInfo: IDataObject = {
				number: batchNo + 1,
				of: 0,
				items: batch.entries.length,
				bytes: encodedBytes(batch, spec.format),
			};
			batchInfos.push(batchInfo);
			const found = resolved.get(k);
			if (found) {
				const json: IDataObject = {
					...spec.describe(entry),
					requestId: null,
					status: 'success',
					resendSkipped: true,
				};
				if (found.kind === 'error') {
					if (found.requestId) json.requestId = found.requestId;
					const error = new NodeApiError(client.node, { ...json } as JsonObject, {
						message: found.message,
						description: found.description,
						itemIndex: i,
					});
					results.fail(i, keepMessage(error, found.message), json);
					return;
				}
				if (found.kind === 'applied') {
					json.message = found.message;
					Object.assign(json, found.output);
				} else {
					json.requestId = found.requestId;
					json.message = found.note;
				}
				json.batch = batchInfo;
				report(
					i,
					json,
					found.kind === 'logged' ? found.outcome : undefined,
					found.kind === 'logged' ? found.requestId : undefined,
				);
				return;
			}
			if (!answer || !accepted.has(k) || unreadable.has(k)) return;
			// describe returns a new object: the output item is built on it.
			const json = ready?.[k] ?? spec.describe(entry);
			json.requestId = answer.requestId ?? null;
			json.status = answer.status;
			if (acceptMessages.length) json.messages = acceptMessages as unknown as IDataObject[];
			if (resent) json.resent = true;
			json.batch = batchInfo;
			report(i, json, outcomes.get(k), answer.requestId);
		};
	};

	/** Slices of `each(k)` over a batch's entries. */
	function* slices(count: number, each: (k: number) => void) {
		for (let k = 0; k < count; k++) {
			if (k && k % OUTPUT_SLICE === 0) yield;
			each(k);
		}
	}

	/**
	 * Keeps a sent batch. When its outputs need nothing more from DSCO (no change log waited for, no entry accounted
	 * for after a lost answer, so none can fail), they are built while the next calls are in flight.
	 */
	const keep = (s: SentBatch<E>) => {
		sent.push(s);
		if (spec.verify?.wait || s.resolved.size) return;
		built.add(s);
		work.add(slices(s.batch.entries.length, outputsOf(s, sent.length - 1, new Map(), new Set())));
	};

	let nextBody: Buffer | undefined;
	for (const [b, batch] of batches.entries()) {
		const itemIndexes = batch.indexes.map((k) => valid[k].itemIndex);
		const all = batch.entries.map((_, k) => k);
		// A batch whose every entry can be repeated is re-sent like an idempotent one.
		const safeToRepeat = spec.recheck?.safeToRepeat;
		const idempotent =
			spec.idempotent ||
			(safeToRepeat !== undefined && batch.entries.every((entry) => safeToRepeat(entry)));
		const lost =
			!idempotent && spec.recheck && spec.verify
				? new LostBatch(
						client,
						batch.entries.map((entry, k) => ({ entry, itemIndex: itemIndexes[k] })),
						{
							kind: spec.verify.kind,
							key: spec.verify.key,
							noun: spec.noun,
							quietMs: spec.verify.timeoutMs,
							recheck: spec.recheck,
							knownRequestIds,
							maxRetries: client.maxRetries,
						},
					)
				: undefined;
		if (lost) lostBatches.set(batch, lost);
		const body = nextBody ?? encodeBatch(batch, spec.format);
		nextBody = undefined;
		lost?.markSent();
		const call = client.request<AsyncAnswer>({
			method: 'POST',
			path: spec.path,
			qs: spec.qs,
			body,
			itemIndexes,
			idempotent,
			checkBeforeResend: lost?.check,
			answer: WRITE_ACCEPT,
		});
		// While DSCO takes this batch: the next body, the output items of the batches answered before, and (when they
		// will be built without waiting for a change log) this batch's own entries described for theirs.
		if (!spec.verify?.wait) {
			const ready: IDataObject[] = [];
			described.set(batch, ready);
			work.add(slices(batch.entries.length, (k) => (ready[k] = spec.describe(batch.entries[k]))));
		}
		const following = batches[b + 1];
		await work.during(
			call,
			following ? () => (nextBody = encodeBatch(following, spec.format)) : undefined,
		);
		try {
			const res = await call;
			const resolved = lost?.resolved ?? new Map<number, Resolution>();
			if (res.alreadyApplied) {
				keep({ batch, itemIndexes, accepted: [], resolved });
				continue;
			}
			const accepted = lost?.sentPositions ?? all;
			const answer = res.body;
			if (answer.status === 'failure') {
				const rejected = accepted.map((k) => itemIndexes[k]);
				results.fail(
					rejected,
					dscoApiError(client.node, {
						status: res.status,
						method: 'POST',
						path: spec.path,
						body: answer,
						itemIndexes: rejected,
						message: 'DSCO rejected the whole batch',
					}),
				);
				if (resolved.size) keep({ batch, itemIndexes, accepted: [], resolved });
				continue;
			}
			if (answer.requestId) knownRequestIds.add(answer.requestId);
			keep({ batch, itemIndexes, answer, accepted, resolved });
		} catch (error) {
			// Entries accounted for before the request finally failed keep what was found; the rest fail with it.
			const resolved = lost?.resolved ?? new Map<number, Resolution>();
			const unresolved = all.filter((k) => !resolved.has(k)).map((k) => itemIndexes[k]);
			if (resolved.size) keep({ batch, itemIndexes, accepted: [], resolved });
			// A batch DSCO kept refusing (429) does not stop the next ones: see ThrottledItems.
			results.failOrHold(unresolved, error);
		}
	}
	results.throwHeld();
	work.finish();

	for (const [batchNo, s] of sent.entries()) {
		if (built.has(s)) continue;
		const { batch, itemIndexes, answer, accepted } = s;
		const verify = spec.verify;
		const outcomes = new Map<number, EntryOutcome>();
		/** Entries whose change log could not be read: already failed with that error. */
		const unreadable = new Set<number>();
		if (verify?.wait && answer?.requestId) {
			const waited = accepted.map((k) => itemIndexes[k]);
			try {
				const logs = await waitForChangeLog(
					client,
					verify.kind,
					answer.requestId,
					{ timeoutMs: verify.timeoutMs, itemIndexes: waited },
					(ms) => client.wait(ms),
				);
				matchOutcomes(
					verify.kind,
					accepted.map((k) => batch.entries[k]),
					logs,
					verify.key,
					verify.skipsUnlogged === true,
				).forEach((o, n) => outcomes.set(accepted[n], o));
			} catch (error) {
				// The change log could not be read (e.g. an answer of another shape): the entries it was to report end with
				// that error; entries already accounted for after a lost answer keep what was found.
				results.fail(waited, error, { requestId: answer.requestId });
				for (const k of accepted) unreadable.add(k);
			}
		}
		const output = outputsOf(s, batchNo, outcomes, unreadable);
		for (let k = 0; k < batch.entries.length; k++) output(k);
	}
	for (const info of batchInfos) info.of = sent.length;
	return results.output();
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
			: outcome.status === 'missing'
				? `DSCO's change log has no entry for this ${spec.noun}, although it reports the request completed${itemLabel(itemIndex)}`
				: `DSCO did not apply the ${spec.noun}: ${formatMessages(outcome.messages) || 'no reason given'}${itemLabel(itemIndex)}`;
	const description =
		outcome.status === 'timeout'
			? `requestId ${requestId}: check it later with Change Log → Get, or raise "Wait Timeout".`
			: outcome.status === 'missing'
				? `requestId ${requestId} (${spec.path}): DSCO did not say whether it applied this entry. Check it later with Change Log → Get, or read the record in DSCO, before sending it again.`
				: [
						`requestId ${requestId} (${spec.path}); DSCO's change log reported this entry as failed.`,
						spec.failureHint?.(outcome.messages),
					]
						.filter(Boolean)
						.join(' ');
	// keepMessage: n8n would swap a message naming a network code for its own generic sentence.
	return keepMessage(
		new NodeApiError(client.node, { ...json, requestId } as JsonObject, {
			message,
			description,
			itemIndex,
		}),
		message,
	);
}
