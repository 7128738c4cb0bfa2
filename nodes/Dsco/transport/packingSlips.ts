/**
 * Packing slips: DSCO generates the PDF asynchronously. `POST /packingslip` answers 200 with its `url` when it is
 * ready at once, or 202 with a requestId; `GET /packingslip?requestId=` then says pending, success (with the `url`) or
 * failure (with `details`). Both endpoints are limited to 15 calls a second and 300 a minute (pacing.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { PACKING_SLIP_CREATED, PACKING_SLIP_STATUS } from './answers';
import type { DscoClient } from './client';
import { dscoApiError } from './errors';

export interface PackingSlipStatus {
	status: 'pending' | 'success' | 'failure';
	url?: string | null;
	details?: { errorCode?: string; errorDescription?: string } | null;
}

/** Where one packing slip stands. */
export type SlipState =
	| { state: 'ready'; requestId: string; url: string }
	| {
			state: 'pending';
			requestId: string;
			/** DSCO answered 404 to every read so far: it does not show the request yet. */ unseen?: boolean;
	  }
	| { state: 'failed'; requestId: string; error: Error };

/** Asks DSCO for one packing slip (idempotent: a second request only generates the PDF again). */
export async function requestPackingSlip(
	client: DscoClient,
	body: IDataObject,
	itemIndex: number,
): Promise<SlipState> {
	const res = await client.request<IDataObject>({
		method: 'POST',
		path: '/packingslip',
		body,
		itemIndexes: itemIndex,
		idempotent: true,
		answer: PACKING_SLIP_CREATED,
	});
	const answer = res.body;
	const requestId = String(answer.requestId ?? '');
	if (typeof answer.url === 'string' && answer.url)
		return { state: 'ready', requestId, url: answer.url };
	if (answer.status === 'failure') {
		return {
			state: 'failed',
			requestId,
			error: dscoApiError(client.node, {
				status: res.status,
				method: 'POST',
				path: '/packingslip',
				body: answer,
				itemIndexes: itemIndex,
				message: 'DSCO refused the packing slip request',
			}),
		};
	}
	return { state: 'pending', requestId };
}

/** Reads one packing slip's status once. A 404 (DSCO does not show the request, or not yet) stays pending, marked unseen. */
export async function readPackingSlip(
	client: Pick<DscoClient, 'request' | 'node'>,
	requestId: string,
	itemIndex: number,
): Promise<SlipState> {
	const res = await client.request<PackingSlipStatus>({
		method: 'GET',
		path: '/packingslip',
		qs: { requestId },
		itemIndexes: itemIndex,
		acceptStatuses: [404],
		answer: PACKING_SLIP_STATUS,
	});
	if (res.status === 404) return { state: 'pending', requestId, unseen: true };
	const slip = res.body;
	if (slip.status === 'success') return { state: 'ready', requestId, url: String(slip.url) };
	if (slip.status === 'pending') return { state: 'pending', requestId };
	const details = slip.details ?? {};
	const said =
		details.errorCode || details.errorDescription ? undefined : ' (DSCO gave no details)';
	return {
		state: 'failed',
		requestId,
		error: dscoApiError(client.node, {
			status: res.status,
			method: 'GET',
			path: '/packingslip',
			body: {
				requestId,
				messages: said ? [] : [{ code: details.errorCode, description: details.errorDescription }],
			},
			itemIndexes: itemIndex,
			message: `DSCO could not generate the packing slip${said ?? ''}`,
		}),
	};
}

export interface SlipWait {
	/** How long to wait, from the start of the wait, for DSCO to finish every slip. */
	timeoutMs: number;
	/** First pause between rounds of reads; grows ×1.5 up to maxPollMs. */
	firstPollMs: number;
	maxPollMs: number;
	/** Read once before the first pause (Get: the slip may be ready already). */
	readFirst: boolean;
}

export const DEFAULT_SLIP_POLL = { firstPollMs: 1000, maxPollMs: 10_000 };

/** The clock of a wait; injected by tests. */
export interface Timing {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/**
 * Reads every pending slip, round after round, until each is ready or failed, or the timeout has passed. A round reads
 * each pending slip once (the transport paces the reads under DSCO's limit, across items); between rounds the pause
 * grows, so that a slow PDF costs few calls. A read that fails (unexpected answer, retries spent) settles that slip
 * as failed; the others go on. `settle` receives each slip's final state, in the order they settle; those still
 * pending at the timeout come last, as pending.
 */
export async function waitForPackingSlips<K>(
	client: Pick<DscoClient, 'request' | 'node'>,
	slips: Map<K, { requestId: string; itemIndex: number }>,
	wait: SlipWait,
	timing: Timing,
	settle: (key: K, state: SlipState) => void,
): Promise<void> {
	const pending = new Map(slips);
	const unseen = new Set<K>();
	const round = async () => {
		for (const [key, { requestId, itemIndex }] of [...pending]) {
			let state: SlipState;
			try {
				state = await readPackingSlip(client, requestId, itemIndex);
			} catch (error) {
				state = { state: 'failed', requestId, error: error as Error };
			}
			if (state.state === 'pending') {
				if (state.unseen) unseen.add(key);
				else unseen.delete(key);
				continue;
			}
			pending.delete(key);
			settle(key, state);
		}
	};
	const deadline = timing.now() + wait.timeoutMs;
	if (wait.readFirst && pending.size) await round();
	let pause = wait.firstPollMs;
	while (pending.size) {
		const left = deadline - timing.now();
		if (left <= 0) break;
		await timing.sleep(Math.min(pause, left));
		pause = Math.min(wait.maxPollMs, Math.round(pause * 1.5));
		await round();
	}
	for (const [key, { requestId }] of pending)
		settle(key, { state: 'pending', requestId, unseen: unseen.has(key) });
}
