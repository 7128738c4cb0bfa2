/**
 * What DSCO has of a batch write whose answer was lost: after a POST to a batch endpoint failed ambiguously (5xx,
 * timeout, dropped connection), for a write that a repeat can duplicate (shipments, cancellations, invoices, line
 * acknowledgments with cancelled quantities), find out entry by entry what DSCO has before anything is sent again.
 *
 * DSCO processes batch writes asynchronously: the 503 may come after DSCO queued the batch, and a queued batch shows
 * neither on the order nor in the change log until DSCO processes it. So "not visible yet" does not prove "not
 * received". The rule:
 *  1. Look for the batch in DSCO's change log by date (from the first send less CLOCK_SKEW_MS, to now plus it): an
 *     entry whose payload holds everything that was sent for one entry, under a requestId DSCO did not give this
 *     run, points at the lost batch. That requestId is then read whole; each entry's result comes from it, as if the
 *     202 had arrived (waiting while DSCO reports it PROCESSING).
 *  2. Read what DSCO has for the entries still unaccounted (the order's packages or cancelled quantities, the invoice
 *     by its invoiceId): first right away, and again at the end.
 *  3. Repeat step 1 on a growing pause (2, 4, 8, 16, 30, 30 … s) until every entry is accounted for or the quiet
 *     period (the operation's Wait Timeout) has passed.
 *  4. Decide. An entry with a result in the change log, or found applied, is reported as such and never re-sent.
 *     Once DSCO is known to have received the batch (its requestId found, or an entry applied since the send),
 *     nothing more of it is re-sent: entries still unaccounted are errors that say what to check. Otherwise the
 *     entries that every look showed absent are sent again, as one retry of Max Retries; entries whose state cannot be
 *     read (no baseline) are errors. With no retry left, absent entries are errors that say what to check.
 * Limit: a batch that DSCO accepted but leaves unprocessed for longer than the quiet period is taken as not received;
 * if DSCO processes it later, it and the re-sent entries can both apply. A longer Wait Timeout narrows that window.
 */
import type { IDataObject } from 'n8n-workflow';

import { asNodeError } from '../transport/errors';
import {
	loggedObject,
	matchOutcomes,
	readChangeLog,
	type ChangeLogEntry,
	type ChangeLogKind,
	type EntryOutcome,
} from '../transport/changeLog';
import type { DscoClient, ResendContext, ResendDecision } from '../transport/client';

/** Room for a difference between n8n's clock and DSCO's when the change log is searched by date. */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;
/** First pause between looks at DSCO; doubles up to LOST_BATCH_MAX_PAUSE_MS. */
export const LOST_BATCH_FIRST_PAUSE_MS = 2000;
export const LOST_BATCH_MAX_PAUSE_MS = 30_000;

/** What DSCO shows of one entry, read from the object it changes (order, invoice). */
export type EntryState =
	/**
	 * DSCO has it. `provesReceipt`: it counts as proof that DSCO received the batch (it was not there before the send,
	 * or, without a reading before the send, to stay on the side of not sending again).
	 */
	| { state: 'applied'; provesReceipt: boolean; message: string; output?: IDataObject }
	| { state: 'absent' }
	/** DSCO shows a change, but not the one sent (e.g. another quantity cancelled): never re-sent. */
	| { state: 'conflict'; message: string }
	/** Cannot be told from what DSCO shows (e.g. no reading before the send to compare with): never re-sent. */
	| { state: 'unknown'; reason: string };

export interface LostBatchEntry<E> {
	entry: E;
	itemIndex: number;
}

/** The operation's part of the check: how to read what DSCO has of its entries. */
export interface BatchRecheck<E> {
	/** Entries that a repeat cannot duplicate: re-sent without looking (e.g. a line acknowledgment that cancels nothing). */
	safeToRepeat?: (entry: E) => boolean;
	/** What DSCO has of each entry now, by input item. All entries together: a per-line comparison needs them all. */
	read: (entries: Array<LostBatchEntry<E>>) => Promise<Map<number, EntryState>>;
	/** What the user should look at before running an entry again, e.g. `Order → Get 123: is tracking number X on it?`. */
	whatToCheck: (entry: E, itemIndex: number) => string;
}

/** How one entry of a lost batch was accounted for. */
export type Resolution =
	| { kind: 'logged'; outcome: EntryOutcome; requestId: string; note: string }
	| { kind: 'applied'; message: string; output?: IDataObject }
	| { kind: 'error'; message: string; description: string; requestId?: string };

export interface LostBatchOptions<E> {
	kind: ChangeLogKind;
	/** Pairs change-log entries with sent entries (the operation's Verification.key). */
	key: (payload: IDataObject) => string | undefined;
	/** What one entry is ("shipment"). */
	noun: string;
	/** How long DSCO is given to show a batch before it is taken as not received (the Wait Timeout). */
	quietMs: number;
	recheck: BatchRecheck<E>;
	/** requestIds DSCO gave this run: their entries are accounted for elsewhere. */
	knownRequestIds: ReadonlySet<string>;
	/** Max Retries, for messages. */
	maxRetries: number;
}

/** Whether `have` (a change-log payload) holds every value of `want` (what was sent). Dates compare as instants. */
export function payloadContains(have: unknown, want: unknown): boolean {
	if (want === undefined || want === null) return true;
	if (Array.isArray(want)) {
		return (
			Array.isArray(have) &&
			have.length === want.length &&
			want.every((w, i) => payloadContains(have[i], w))
		);
	}
	if (typeof want === 'object') {
		if (!have || typeof have !== 'object' || Array.isArray(have)) return false;
		return Object.entries(want as IDataObject).every(([k, v]) =>
			payloadContains((have as IDataObject)[k], v),
		);
	}
	if (have === undefined || have === null || typeof have === 'object') return false;
	if (String(have) === String(want)) return true;
	if (typeof want === 'number' || typeof have === 'number') return Number(have) === Number(want);
	const a = isoInstant(String(have));
	return a !== undefined && a === isoInstant(String(want));
}

function isoInstant(text: string): number | undefined {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

/** The change-log query by date that covers writes sent since `since` (with room for clock skew on both ends). */
export function changeLogWindow(since: number, now = Date.now()): IDataObject {
	return {
		startDate: new Date(since - CLOCK_SKEW_MS).toISOString(),
		endDate: new Date(now + CLOCK_SKEW_MS).toISOString(),
	};
}

/**
 * A successful change-log entry, since `since`, holding everything of `payload`: for a sync write whose answer was lost
 * (DSCO also logs sync writes; it can show one before the object itself is readable).
 */
export async function loggedSuccess(
	client: DscoClient,
	kind: ChangeLogKind,
	since: number,
	payload: IDataObject,
	itemIndex: number,
): Promise<ChangeLogEntry | undefined> {
	const read = await readChangeLog(client, kind, changeLogWindow(since), itemIndex);
	return read.logs.find((log) => log.status === 'success' && payloadContains(log.payload, payload));
}

const TIMEOUT_CODES = ['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT'];

/**
 * How the batch's answer was lost, as the start of a sentence: "DSCO answered HTTP 503 to the batch". In words, not
 * network codes: n8n replaces an error message that contains one (ECONNRESET, …) with a generic text.
 */
function lostAnswer(context: ResendContext): string {
	if (context.status !== undefined) return `DSCO answered HTTP ${context.status} to the batch`;
	const how =
		context.code && TIMEOUT_CODES.includes(context.code)
			? 'the call timed out'
			: 'the connection dropped';
	return `The batch got no answer from DSCO (${how})`;
}

/**
 * One batch whose answer may be lost. `check` is the DscoRequest.checkBeforeResend of its POST; what it finds stays in
 * `resolved` (by position in the batch) for the caller's output, also when the request finally fails.
 */
export class LostBatch<E extends IDataObject> {
	readonly resolved = new Map<number, Resolution>();

	/** Positions of the entries in the last body sent. */
	private open: number[];

	private firstSentAt = Date.now();

	/** Whether (some of) the batch was sent again after a lost answer. */
	resent = false;

	constructor(
		private readonly client: DscoClient,
		private readonly entries: Array<LostBatchEntry<E>>,
		private readonly options: LostBatchOptions<E>,
	) {
		this.open = entries.map((_, k) => k);
	}

	/** Call just before the batch is first sent: the change log is searched from then (less the clock skew). */
	markSent(at = Date.now()) {
		this.firstSentAt = at;
	}

	/** Positions (in the batch) of the entries in the last body sent: after a success, the ones DSCO accepted. */
	get sentPositions(): number[] {
		return [...this.open];
	}

	/** The checkBeforeResend of the batch's POST: looks (see the file's header), then says what to send again. */
	readonly check = async (context: ResendContext): Promise<ResendDecision> => {
		const look: Look = {
			context,
			started: Date.now(),
			lostRequests: new Map(),
			foreign: new Set(),
			lastState: new Map(),
		};
		if (this.unresolved().some((k) => !this.safe(k))) {
			try {
				await this.lookAtDsco(look);
			} catch (error) {
				if (this.client.cancelled) throw asNodeError(this.client.node, error);
				// Not knowing what DSCO has is no reason to send again: each entry says what to check (see verdict).
				look.readFailed = error as Error & { description?: string | null };
			}
		}

		const resend: number[] = [];
		for (const k of this.unresolved()) {
			const verdict = this.verdict(look, k);
			if (verdict === 'resend' && context.retriesLeft) resend.push(k);
			else this.resolved.set(k, verdict === 'resend' ? this.gaveUp(look, k) : verdict);
		}
		if (resend.length === 0) return 'alreadyApplied';
		this.open = resend;
		this.resent = true;
		return {
			resend: {
				body: resend.map((k) => this.entries[k].entry),
				itemIndexes: resend.map((k) => this.entries[k].itemIndex),
			},
		};
	};

	private safe(k: number) {
		return this.options.recheck.safeToRepeat?.(this.entries[k].entry) === true;
	}

	private unresolved(): number[] {
		return this.open.filter((k) => !this.resolved.has(k));
	}

	private async lookAtDsco(look: Look) {
		const deadline = look.started + this.options.quietMs;
		let pause = LOST_BATCH_FIRST_PAUSE_MS;
		for (let round = 0; ; round++) {
			await this.searchChangeLog(look);
			if (round === 0) await this.readState(look);
			if (this.unresolved().length === 0) return;
			// A lost batch found complete: what it lacks will not come.
			const statuses = [...look.lostRequests.values()];
			if (statuses.length && !statuses.includes('processing')) break;
			const left = deadline - Date.now();
			if (left <= 0) break;
			await this.client.wait(Math.min(pause, left));
			pause = Math.min(LOST_BATCH_MAX_PAUSE_MS, pause * 2);
		}
		// The last look before deciding: what DSCO shows now.
		await this.readState(look);
	}

	/** Finds requestIds of this batch in the change log by date, and takes each entry's result from them. */
	private async searchChangeLog(look: Look) {
		const { kind, knownRequestIds } = this.options;
		const itemIndexes = this.entries.map((e) => e.itemIndex);
		const byDate = await readChangeLog(
			this.client,
			kind,
			changeLogWindow(this.firstSentAt),
			itemIndexes,
		);
		const ours = (payload: IDataObject | undefined) =>
			this.entries.some((e) => payloadContains(payload, e.entry));
		const candidates = new Set<string>();
		for (const log of byDate.logs) {
			const id = log.requestId;
			if (!id || knownRequestIds.has(id) || look.foreign.has(id) || look.lostRequests.has(id))
				continue;
			if (ours(log.payload)) candidates.add(id);
		}
		for (const [id, seen] of look.lostRequests) if (seen === 'processing') candidates.add(id);

		for (const id of candidates) {
			const read = await readChangeLog(this.client, kind, { requestId: id }, itemIndexes);
			if (!read.logs.every((log) => ours(log.payload))) {
				look.foreign.add(id);
				continue;
			}
			look.receivedBecause ??= `its change log shows the batch under requestId ${id}`;
			if (read.status !== 'COMPLETED') {
				look.lostRequests.set(id, 'processing');
				continue;
			}
			look.lostRequests.set(id, 'completed');
			this.takeResults(look, id, read.logs);
		}
	}

	/** Each unresolved entry's result from a lost request's change log (an entry it holds all that was sent of). */
	private takeResults(look: Look, requestId: string, logs: ChangeLogEntry[]) {
		const used = new Set<number>();
		const matched: number[] = [];
		const matchedLogs: ChangeLogEntry[] = [];
		for (const k of this.unresolved()) {
			const position = logs.findIndex(
				(log, p) =>
					!used.has(p) &&
					payloadContains(loggedObject(this.options.kind, log.payload), this.entries[k].entry),
			);
			if (position < 0) continue;
			used.add(position);
			matched.push(k);
			matchedLogs.push(logs[position]);
		}
		const outcomes = matchOutcomes(
			this.options.kind,
			matched.map((k) => this.entries[k].entry),
			matchedLogs,
			this.options.key as (payload: IDataObject | E) => string | undefined,
		);
		const note = `${lostAnswer(look.context)}, but its change log shows the batch arrived (requestId ${requestId}): not sent again`;
		matched.forEach((k, n) =>
			this.resolved.set(k, { kind: 'logged', outcome: outcomes[n], requestId, note }),
		);
	}

	/** Reads what DSCO shows of the entries still unaccounted (entries safe to repeat need no reading). */
	private async readState(look: Look) {
		const open = this.unresolved().filter((k) => !this.safe(k));
		if (open.length === 0) return;
		const states = await this.options.recheck.read(open.map((k) => this.entries[k]));
		const failure = lostAnswer(look.context);
		for (const k of open) {
			const { entry, itemIndex } = this.entries[k];
			const state: EntryState = states.get(itemIndex) ?? {
				state: 'unknown',
				reason: 'DSCO could not be read for it',
			};
			look.lastState.set(k, state);
			if (state.state === 'applied') {
				if (state.provesReceipt)
					look.receivedBecause ??= `DSCO shows item ${itemIndex} of it applied (${state.message})`;
				this.resolved.set(k, {
					kind: 'applied',
					message: `${failure}, but ${state.message}: not sent again`,
					output: state.output,
				});
			} else if (state.state === 'conflict') {
				this.resolved.set(k, {
					kind: 'error',
					message: `${state.message}${label(itemIndex)}`,
					description: `${failure}; not sent again. Before running it again: ${this.options.recheck.whatToCheck(entry, itemIndex)}`,
				});
			}
		}
	}

	/** For an entry still unaccounted after looking: send it again, or the error that says why not. */
	private verdict(look: Look, k: number): 'resend' | Resolution {
		const { entry, itemIndex } = this.entries[k];
		const { noun, recheck } = this.options;
		const failure = lostAnswer(look.context);
		const processing = [...look.lostRequests].find(([, v]) => v === 'processing')?.[0];
		if (this.safe(k)) return 'resend';
		if (look.readFailed) return this.unreadable(look, k, look.readFailed);
		if (look.receivedBecause) {
			return {
				kind: 'error',
				message: `DSCO received the batch but had not processed this ${noun} after ${seconds(look)} s of checking${label(itemIndex)}`,
				description: `${failure}, but ${look.receivedBecause}. Not sent again. ${processing ? `Look it up later with Change Log → Get (requestId ${processing}). ` : ''}Before running it again: ${recheck.whatToCheck(entry, itemIndex)}`,
				requestId: processing,
			};
		}
		const state = look.lastState.get(k);
		if (state?.state === 'absent') return 'resend';
		const reason = state?.state === 'unknown' ? state.reason : 'DSCO could not be read for it';
		return {
			kind: 'error',
			message: `${failure}, and whether DSCO applied this ${noun} cannot be told (${reason}): not sent again${label(itemIndex)}`,
			description: `Before running it again: ${recheck.whatToCheck(entry, itemIndex)} ${this.windowHint()}`,
		};
	}

	/** The error for an entry whose state could not be read (the reads failed, or DSCO answered them oddly). */
	private unreadable(
		look: Look,
		k: number,
		error: Error & { description?: string | null },
	): Resolution {
		const { entry, itemIndex } = this.entries[k];
		const cause = [error.message, error.description].filter(Boolean).join(' — ');
		return {
			kind: 'error',
			message: `${lostAnswer(look.context)}, and reading what DSCO has of this ${this.options.noun} failed: not sent again${label(itemIndex)}`,
			description: `${cause.replace(/\.*$/, '')}. Before running it again: ${this.options.recheck.whatToCheck(entry, itemIndex)} ${this.windowHint()}`,
		};
	}

	/** The error for an entry DSCO showed nothing of, when Max Retries allows no further send. */
	private gaveUp(look: Look, k: number): Resolution {
		const { entry, itemIndex } = this.entries[k];
		const { noun, maxRetries, recheck } = this.options;
		return {
			kind: 'error',
			message: `${lostAnswer(look.context)}, and DSCO showed nothing of this ${noun} after ${seconds(look)} s of checking; Max Retries (${maxRetries}) is used up, so it was not sent again${label(itemIndex)}`,
			description: `DSCO may still process it. Before running it again: ${recheck.whatToCheck(entry, itemIndex)} ${this.windowHint()}`,
		};
	}

	private windowHint() {
		return `DSCO's ${this.options.kind} change log from ${new Date(this.firstSentAt - CLOCK_SKEW_MS).toISOString()} on shows what arrived.`;
	}
}

/** What one check (after one ambiguous failure) has found so far. */
interface Look {
	context: ResendContext;
	started: number;
	/** requestIds found in the change log whose entries are all entries of this batch: DSCO received it. */
	lostRequests: Map<string, 'processing' | 'completed'>;
	/** requestIds read and found to hold other writes. */
	foreign: Set<string>;
	/** Why DSCO is known to have received the batch, if it is. */
	receivedBecause?: string;
	/** Why looking failed (a read that kept failing, or an answer of the wrong shape). */
	readFailed?: Error & { description?: string | null };
	lastState: Map<number, EntryState>;
}

function seconds(look: Look) {
	return Math.round((Date.now() - look.started) / 1000);
}

function label(itemIndex: number) {
	return ` [item ${itemIndex}]`;
}
