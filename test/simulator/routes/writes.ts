/**
 * How writes answer. Sync writes apply now: success reply, or 400 with the messages. Async writes answer
 * 202 {status: "pending", requestId, eventDate}; after asyncSettleMs each item is applied and gets a
 * change-log entry (success / failure with results[]); items that violate the schema fail there, as in
 * production. Both kinds leave entries in the change log of their kind.
 */
import { randomUUID } from 'node:crypto';
import type { LogKind, OpenOptions } from '../changeLog';
import { formatDate } from '../clock';
import { type Reply, failureBody, reply } from '../http';
import { type Outcome, failure } from '../outcome';
import type { RouteContext } from '../router';
import type { SimState } from '../state';
import type { Message } from '../types';

export type Apply<T> = (payload: T) => Outcome;

export interface PendingItem {
	payload: unknown;
	/** Schema (or parse) messages; the item fails with them instead of being applied. */
	errors: Message[];
}

function record(state: SimState, requestId: string, payload: unknown, outcome: Outcome): void {
	if (outcome.status === 'skipped') return;
	const logged =
		outcome.status === 'success' && outcome.logPayload !== undefined ? outcome.logPayload : payload;
	state.changeLogs.add(requestId, logged, outcome.status, outcome.messages);
}

/** Applies the items of an already opened request after asyncSettleMs and completes its change log. */
export function settleLater<T>(
	state: SimState,
	requestId: string,
	items: PendingItem[],
	apply: Apply<T>,
): void {
	state.queue.schedule(() => {
		for (const item of items) {
			record(
				state,
				requestId,
				item.payload,
				item.errors.length > 0 ? failure(item.errors) : apply(item.payload as T),
			);
		}
		state.changeLogs.close(requestId);
	});
}

/** Opens a change-log request and returns its id and eventDate. */
export function openRequest(
	state: SimState,
	kind: LogKind,
	opts?: OpenOptions,
): { requestId: string; eventDate: string } {
	const requestId = randomUUID();
	state.changeLogs.open(kind, requestId, opts);
	return { requestId, eventDate: formatDate(state.clock.now()) };
}

/** 202 for a batch route (body already checked to be an array, itemErrors filled by the server). */
export function acceptBatch<T>(
	ctx: RouteContext,
	kind: LogKind,
	apply: Apply<T>,
	opts?: OpenOptions,
): Reply {
	const items = (ctx.body as unknown[]).map((payload, i) => ({
		payload,
		errors: ctx.itemErrors[i] ?? [],
	}));
	const { requestId, eventDate } = openRequest(ctx.state, kind, opts);
	settleLater(ctx.state, requestId, items, apply);
	return reply(202, { status: 'pending', requestId, eventDate });
}

/**
 * Changes made outside the API (the control API, as a retailer or the portal would): applied now and logged under one
 * request with requestMethod "portal". The outcomes, in order.
 */
export function applyNow<T>(
	state: SimState,
	kind: LogKind,
	items: PendingItem[],
	apply: Apply<T>,
): Outcome[] {
	const { requestId } = openRequest(state, kind, { requestMethod: 'portal' });
	const outcomes = items.map((item) => {
		const outcome = item.errors.length > 0 ? failure(item.errors) : apply(item.payload as T);
		record(state, requestId, item.payload, outcome);
		return outcome;
	});
	state.changeLogs.close(requestId);
	return outcomes;
}

/** Each line of an uploaded file is one object of a batch (`check` gives its schema messages); bad lines fail in the log. */
export function parseJsonLines(
	text: string,
	check: (payload: unknown) => Message[],
): PendingItem[] {
	const items: PendingItem[] = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		let payload: unknown;
		try {
			payload = JSON.parse(line);
		} catch {
			const message: Message = {
				code: 'VALIDATION_FAILED',
				severity: 'error',
				description: 'Line is not valid JSON',
			};
			items.push({ payload: line, errors: [message] });
			continue;
		}
		items.push({ payload, errors: check(payload) });
	}
	return items;
}

/** Applies a sync write (body already schema-valid) and answers `success(requestId)` or 400. */
export function runSync<T>(
	ctx: RouteContext,
	kind: LogKind,
	apply: Apply<T>,
	success: (requestId: string, eventDate: string) => Reply,
): Reply {
	const { requestId, eventDate } = openRequest(ctx.state, kind);
	const outcome = apply(ctx.body as T);
	record(ctx.state, requestId, ctx.body, outcome);
	ctx.state.changeLogs.close(requestId);
	if (outcome.status === 'failure')
		return reply(400, failureBody(outcome.messages, ctx.state.clock.now(), requestId));
	return success(requestId, eventDate);
}

/** 201 {success: true}: singleShipment, singleItem and invoice answers (api-notes). */
export const created = (): Reply => reply(201, { success: true });
