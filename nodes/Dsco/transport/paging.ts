import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { ORDER_PAGE } from './answers';
import type { DscoClient } from './client';

/** How many times an expired scroll (404) is restarted before giving up. */
export const MAX_SCROLL_RESTARTS = 3;

/**
 * Pages in a row that bring no order not already read, outside the replay after a restart, before the scroll is
 * given up as repeating itself (DSCO never sends an order twice in one scroll; a few re-sent orders are tolerated).
 */
export const MAX_PAGES_WITHOUT_NEW_ORDERS = 3;

export interface OrderPage {
	orders: IDataObject[];
	/** True for the first page after a scroll expired and the search was run again. */
	restarted: boolean;
}

interface PageBody {
	scrollId?: string;
	orders: IDataObject[];
}

/** One answer of `GET /order/page`. */
export interface OrderPageAnswer {
	orders: IDataObject[];
	/** DSCO's scrollId for the next page (the same for every page of one search); absent on a last page. */
	scrollId?: string;
	/** DSCO no longer knows the scrollId (unused for 5 minutes: 404). */
	expired: boolean;
}

/**
 * The one caller of `GET /order/page` (getOrders): the first page by the search, later ones by the scrollId alone
 * (DSCO ignores everything else when it is given). The answer is checked against DSCO's PagedOrderResult by the
 * transport; a 404 for a scrollId is reported as `expired` so that each caller decides what to do.
 */
export async function readOrderPage(
	client: DscoClient,
	page: { search: IDataObject } | { scrollId: string },
	itemIndex?: number,
): Promise<OrderPageAnswer> {
	const scrollId = 'scrollId' in page ? page.scrollId : undefined;
	const res = await client.request<PageBody>({
		method: 'GET',
		path: '/order/page',
		qs: scrollId ? { scrollId } : (page as { search: IDataObject }).search,
		itemIndexes: itemIndex,
		acceptStatuses: scrollId ? [404] : [],
		answer: ORDER_PAGE,
	});
	if (res.status === 404) return { orders: [], expired: true };
	return { orders: res.body.orders, scrollId: res.body.scrollId || undefined, expired: false };
}

/**
 * Scrolls `/order/page` for one search. The first call carries the search; later calls only the scrollId (which
 * DSCO keeps constant). An empty page ends the scroll; an answer without an `orders` list is an error (checked by
 * the transport), never the end. DSCO drops a scroll unused for 5 minutes and answers 404: the same search (same
 * fixed `until`) is then run again from the start and the orders already yielded are skipped by dscoOrderId, so
 * nothing is lost or repeated; after MAX_SCROLL_RESTARTS expiries the scan stops with an error. A scroll that sends
 * the same page again, or keeps sending orders already read, stops with an error instead of paging forever.
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
	let pagesRead = 0;
	/** Pages in a row without a new order that are still expected: after a restart, the ones read before. */
	let staleAllowed = MAX_PAGES_WITHOUT_NEW_ORDERS;
	/** The page before, to recognise the same page sent again. */
	let previous: { scrollId: string | undefined; ids: string } | undefined;
	for (;;) {
		const sentScrollId = scrollId;
		const res = await readOrderPage(client, scrollId ? { scrollId } : { search }, itemIndex);
		if (res.expired) {
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
			staleAllowed = pagesRead + MAX_PAGES_WITHOUT_NEW_ORDERS;
			previous = undefined;
			continue;
		}
		const orders = res.orders;
		if (orders.length === 0) return;
		scrollId = res.scrollId;
		const ids = orders.map((o) => String(o.dscoOrderId ?? '')).join(',');
		if (sentScrollId && previous && previous.scrollId === scrollId && previous.ids === ids) {
			throw repeatingScroll(client, itemIndex, seen.size, `it sent the same page of ${orders.length} orders again (same scrollId)`);
		}
		previous = { scrollId, ids };
		pagesRead++;
		const fresh = orders.filter((o) => {
			const id = String(o.dscoOrderId ?? '');
			if (!id) return true;
			if (seen.has(id)) return false;
			seen.add(id);
			return true;
		});
		if (fresh.length > 0) staleAllowed = MAX_PAGES_WITHOUT_NEW_ORDERS;
		else if (--staleAllowed < 0) {
			throw repeatingScroll(client, itemIndex, seen.size, `its last ${MAX_PAGES_WITHOUT_NEW_ORDERS + 1} pages held only orders already read`);
		}
		yield { orders: fresh, restarted };
		restarted = false;
		if (!scrollId) return;
	}
}

function repeatingScroll(client: DscoClient, itemIndex: number | undefined, read: number, what: string) {
	return new NodeOperationError(client.node, `DSCO's order scroll repeats itself: ${what}; stopped after ${read} orders${itemIndex === undefined ? '' : ` [item ${itemIndex}]`}`, {
		description:
			'DSCO keeps one scrollId for a search and sends each order once; a scroll that sends pages again would never end. Run the search again; if it repeats, DSCO (or a proxy in front of it) is answering wrongly.',
		itemIndex,
	});
}
