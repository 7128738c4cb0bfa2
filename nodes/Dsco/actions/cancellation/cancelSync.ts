import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { OrderReference } from '../../helpers/validation';
import { WRITE_ACCEPT, writeOutcome } from '../../transport/answers';
import type { DscoClient, DscoResponse } from '../../transport/client';
import { dscoApiError } from '../../transport/errors';
import type { EntryState } from '../../writes/lostBatch';
import { fetchOrder, ORDER_RECHECK_PAUSE_MS, OrderReader } from '../../transport/orders';
import { findOrderLine, lineReference, type OrderLine } from '../lineItems';

export interface CancelEntry extends IDataObject {
	id: string;
	type: string;
	lineItems: IDataObject[];
}

/** What this cancel does to each order line: the line as read before, and the quantity it cancels. */
export interface CancelBaseline {
	line: OrderLine;
	/** cancelledQuantity the line has before this call (the read plus what this run cancelled since). */
	cancelledBefore: number;
	quantity: number;
}

/**
 * The check after a POST /order/item/cancel failed in a way that may have reached DSCO. Cancelling is not
 * idempotent (a repeat cancels more), so the order is read again: every line's cancelledQuantity grown by what was
 * sent → already applied; none changed (on two reads a moment apart, as DSCO's reads lag) → re-send; anything else
 * → stop with an error, since the cancellation may have been applied in part.
 */
export function cancelledCheck(
	client: DscoClient,
	ref: OrderReference,
	itemIndex: number,
	baseline: CancelBaseline[],
) {
	return async (): Promise<'resend' | 'alreadyApplied'> => {
		for (let read = 0; read < 2; read++) {
			if (read > 0) await client.wait(ORDER_RECHECK_PAUSE_MS);
			const now = await fetchOrder(client, ref, itemIndex);
			if (!now) continue;
			let applied = true;
			let untouched = true;
			for (const b of baseline) {
				const line = findOrderLine(now, lineReference(b.line));
				const delta = Number(line?.cancelledQuantity ?? 0) - b.cancelledBefore;
				if (delta < b.quantity) applied = false;
				if (delta !== 0) untouched = false;
			}
			if (applied) return 'alreadyApplied';
			if (!untouched) {
				throw new NodeOperationError(
					client.node,
					`The cancellation may have been applied in part: the order's cancelled quantities changed, but not by the amounts sent [item ${itemIndex}]`,
					{ itemIndex, description: 'Read the order (Order → Get) and cancel what is still open.' },
				);
			}
		}
		return 'resend';
	};
}

/** What DSCO's answer to a cancel call says ("success" or "pending"); throws when it says "failure". */
function checkCancelAnswer(
	client: DscoClient,
	answer: DscoResponse<IDataObject>,
	itemIndex: number,
): 'success' | 'pending' {
	const body = answer.body;
	const outcome = writeOutcome(body);
	if (outcome === 'failure') {
		throw dscoApiError(client.node, {
			status: answer.status,
			method: 'POST',
			path: '/order/item/cancel',
			body,
			itemIndexes: itemIndex,
			message: 'DSCO did not cancel the lines',
		});
	}
	return outcome;
}

/** One synchronous POST /order/item/cancel, re-sent after an ambiguous failure only as cancelledCheck allows. */
export async function cancelSync(
	client: DscoClient,
	ref: OrderReference,
	itemIndex: number,
	entry: CancelEntry,
	baseline: CancelBaseline[],
): Promise<{ body: IDataObject; alreadyApplied: boolean; status: 'success' | 'pending' }> {
	const res = await client.request<IDataObject>({
		method: 'POST',
		path: '/order/item/cancel',
		body: entry,
		itemIndexes: itemIndex,
		idempotent: false,
		checkBeforeResend: cancelledCheck(client, ref, itemIndex, baseline),
		answer: WRITE_ACCEPT,
	});
	if (res.alreadyApplied) return { body: {}, alreadyApplied: true, status: 'success' };
	return {
		body: res.body,
		alreadyApplied: false,
		status: checkCancelAnswer(client, res, itemIndex),
	};
}

/** What one batch entry cancels: its order, and each order line (as read before sending) with the quantity cancelled. */
export interface CancelTarget {
	ref: OrderReference;
	lines: Map<OrderLine, number>;
}

/**
 * What DSCO has of cancelling entries whose batch answer was lost (batch cancellations, line acknowledgments with a
 * cancelled quantity). Per order line, the growth of cancelledQuantity since the read before sending is compared with
 * what the lost entries cancel on it together (DSCO applies a batch's entries together): none → absent, exactly that →
 * applied, any other amount → conflict (applied in part, or changed by someone else: never re-sent). A line that
 * other entries of this run also cancel cannot be attributed, and neither can an entry without a read before sending
 * (unknown).
 */
export async function cancelledStates(
	client: DscoClient,
	lost: Array<{ itemIndex: number; target?: CancelTarget }>,
	allTargets: ReadonlyMap<number, CancelTarget>,
	noBaseline: string,
): Promise<Map<number, EntryState>> {
	const lostItems = new Set(lost.map((l) => l.itemIndex));
	const total = new Map<OrderLine, number>();
	for (const { target } of lost)
		for (const [line, quantity] of target?.lines ?? [])
			total.set(line, (total.get(line) ?? 0) + quantity);
	const shared = new Set<OrderLine>();
	for (const [i, target] of allTargets) {
		if (lostItems.has(i)) continue;
		for (const line of target.lines.keys()) if (total.has(line)) shared.add(line);
	}
	const orders = new OrderReader(client);
	const states = new Map<number, EntryState>();
	for (const { itemIndex: i, target } of lost) {
		if (!target) {
			states.set(i, { state: 'unknown', reason: noBaseline });
			continue;
		}
		if ([...target.lines.keys()].some((line) => shared.has(line))) {
			states.set(i, {
				state: 'unknown',
				reason: 'other items of this run, sent in another call, cancel on the same order lines',
			});
			continue;
		}
		const now = await orders.read(target.ref, i);
		if (!now) {
			states.set(i, {
				state: 'unknown',
				reason: 'DSCO did not find the order when it was read again',
			});
			continue;
		}
		let applied = true;
		let untouched = true;
		for (const line of target.lines.keys()) {
			const delta =
				Number(findOrderLine(now, lineReference(line))?.cancelledQuantity ?? 0) -
				Number(line.cancelledQuantity ?? 0);
			if (delta !== total.get(line)) applied = false;
			if (delta !== 0) untouched = false;
		}
		if (applied) {
			states.set(i, {
				state: 'applied',
				provesReceipt: true,
				message: "reading the order showed its lines' cancelled quantities grown by what was sent",
				output: { dscoOrderId: now.dscoOrderId ?? null },
			});
		} else if (untouched) {
			states.set(i, { state: 'absent' });
		} else {
			states.set(i, {
				state: 'conflict',
				message:
					"The cancellation may have been applied in part: the order's cancelled quantities changed, but not by the amounts sent",
			});
		}
	}
	return states;
}

/** What to look at before running a cancelling entry again. */
export function checkCancelledLines(ref: OrderReference): string {
	return `read the order (Order → Get, ${ref.key} ${ref.id}) and compare its lines' cancelledQuantity with what was sent.`;
}
