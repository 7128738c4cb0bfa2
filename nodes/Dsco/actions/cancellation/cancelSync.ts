import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { OrderReference } from '../../helpers/validation';
import { WRITE_ACCEPT, writeOutcome } from '../../transport/answers';
import type { DscoClient, DscoResponse } from '../../transport/client';
import { dscoApiError } from '../../transport/errors';
import { fetchOrder, ORDER_RECHECK_PAUSE_MS } from '../../transport/orders';
import { findOrderLine, lineReference, type OrderLine } from '../shipment/lineItems';

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
export function cancelledCheck(client: DscoClient, ref: OrderReference, itemIndex: number, baseline: CancelBaseline[]) {
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
function checkCancelAnswer(client: DscoClient, answer: DscoResponse<IDataObject>, itemIndex: number): 'success' | 'pending' {
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
	return { body: res.body, alreadyApplied: false, status: checkCancelAnswer(client, res, itemIndex) };
}
