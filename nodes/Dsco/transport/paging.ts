import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { DscoClient } from './client';

/** How many times an expired scroll (404) is restarted before giving up. */
export const MAX_SCROLL_RESTARTS = 3;

export interface OrderPage {
	orders: IDataObject[];
	/** True for the first page after a scroll expired and the search was run again. */
	restarted: boolean;
}

interface PageBody {
	scrollId?: string;
	orders?: IDataObject[];
}

/**
 * Scrolls `/order/page` for one search. The first call carries the search; later calls only the scrollId (which
 * DSCO keeps constant). An empty page ends the scroll. DSCO drops a scroll unused for 5 minutes and answers 404:
 * the same search (same fixed `until`) is then run again from the start and the orders already yielded are skipped
 * by dscoOrderId, so nothing is lost or repeated; after MAX_SCROLL_RESTARTS expiries the scan stops with an error.
 * The caller stops early simply by no longer iterating.
 */
export async function* scrollOrders(
	client: DscoClient,
	search: IDataObject,
	itemIndex?: number,
): AsyncGenerator<OrderPage> {
	const seen = new Set<string>();
	let scrollId: string | undefined;
	let restarts = 0;
	let restarted = false;
	for (;;) {
		const res = await client.request<PageBody>({
			method: 'GET',
			path: '/order/page',
			qs: scrollId ? { scrollId } : search,
			itemIndexes: itemIndex,
			acceptStatuses: scrollId ? [404] : [],
		});
		if (res.status === 404) {
			restarts++;
			if (restarts > MAX_SCROLL_RESTARTS) {
				throw new NodeOperationError(
					client.node,
					`DSCO's order scroll expired ${restarts} times during one search; ${seen.size} orders were read`,
					{
						description:
							'A scroll expires when it is not used for 5 minutes. Narrow the window or use a smaller Limit so that the search finishes sooner.',
						itemIndex,
					},
				);
			}
			scrollId = undefined;
			restarted = true;
			continue;
		}
		const orders = Array.isArray(res.body?.orders) ? res.body.orders : [];
		if (orders.length === 0) return;
		scrollId = typeof res.body.scrollId === 'string' && res.body.scrollId ? res.body.scrollId : undefined;
		const fresh = orders.filter((o) => {
			const id = String(o.dscoOrderId ?? '');
			if (!id) return true;
			if (seen.has(id)) return false;
			seen.add(id);
			return true;
		});
		yield { orders: fresh, restarted };
		restarted = false;
		if (!scrollId) return;
	}
}
