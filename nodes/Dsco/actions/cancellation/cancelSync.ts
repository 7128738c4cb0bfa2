import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { OrderReference } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
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
 * One synchronous POST /order/item/cancel. Cancelling is not idempotent (a repeat cancels more), so after a
 * failure that may have reached DSCO it is re-sent only when a fresh read of the order shows none of its
 * quantities cancelled; when all are, it is reported as done. Without a baseline (the order was not read), it
 * is never re-sent after such a failure.
 */
export async function cancelSync(
	client: DscoClient,
	ref: OrderReference,
	itemIndex: number,
	entry: CancelEntry,
	baseline?: CancelBaseline[],
): Promise<{ body: IDataObject; alreadyApplied: boolean }> {
	const check = baseline
		? async (): Promise<'resend' | 'alreadyApplied'> => {
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
			}
		: undefined;
	const res = await client.request<IDataObject>({
		method: 'POST',
		path: '/order/item/cancel',
		body: entry,
		itemIndexes: itemIndex,
		idempotent: false,
		checkBeforeResend: check,
	});
	if (res.alreadyApplied) return { body: {}, alreadyApplied: true };
	const body = res.body && typeof res.body === 'object' ? res.body : {};
	if (body.status === 'failure') {
		throw dscoApiError(client.node, {
			status: res.status,
			method: 'POST',
			path: '/order/item/cancel',
			body,
			itemIndexes: itemIndex,
			message: 'DSCO did not cancel the lines',
		});
	}
	return { body, alreadyApplied: false };
}
