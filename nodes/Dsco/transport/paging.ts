import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { ORDER_PAGE, RETURN_PAGE, type AnswerShape } from './answers';
import type { DscoClient } from './client';

/** How many times an expired scroll (404) is restarted before giving up. */
export const MAX_SCROLL_RESTARTS = 3;

/**
 * Pages in a row that bring no record not already read, outside the replay after a restart, before the scroll is
 * given up as repeating itself (DSCO never sends a record twice in one scroll; a few re-sent records are tolerated).
 */
export const MAX_PAGES_WITHOUT_NEW_ORDERS = 3;

/**
 * One of DSCO's scroll-paged searches (`/order/page`, `/return/page`): the same rules (the first call carries the
 * search, later ones the scrollId alone; an empty page ends it; 404 = scroll expired), another list and id.
 */
export interface PagedSearch {
	path: string;
	/** The answer's list field ("orders", "returns"). */
	list: string;
	/** The field that identifies a record across pages ("dscoOrderId", "dscoReturnId"). */
	id: string;
	/** What one record is, for messages ("order", "return"). */
	noun: string;
	answer: AnswerShape;
}

/** `GET /order/page` (getOrders). */
export const ORDER_SEARCH: PagedSearch = {
	path: '/order/page',
	list: 'orders',
	id: 'dscoOrderId',
	noun: 'order',
	answer: ORDER_PAGE,
};

/** `GET /return/page` (getReturns). */
export const RETURN_SEARCH: PagedSearch = {
	path: '/return/page',
	list: 'returns',
	id: 'dscoReturnId',
	noun: 'return',
	answer: RETURN_PAGE,
};

/** One page of a scroll, as handed to the caller. */
export interface ScrollPage {
	/** The records not already read in this scroll. */
	items: IDataObject[];
	/** True for the first page after a scroll expired and the search was run again. */
	restarted: boolean;
}

export interface OrderPage {
	orders: IDataObject[];
	/** True for the first page after a scroll expired and the search was run again. */
	restarted: boolean;
}

/** One answer of a scroll-paged search. */
export interface PageAnswer {
	items: IDataObject[];
	/** DSCO's scrollId for the next page (the same for every page of one search); absent on a last page. */
	scrollId?: string;
	/** DSCO no longer knows the scrollId (unused for 5 minutes: 404). */
	expired: boolean;
	/**
	 * A later page's answer did not arrive (a 5xx, a timeout, a connection or body that broke off) while DSCO may have
	 * read the call and moved the scroll on: asking again with the scrollId could skip that page.
	 */
	lost?: boolean;
}

/** One answer of `GET /order/page`. */
export interface OrderPageAnswer {
	orders: IDataObject[];
	scrollId?: string;
	expired: boolean;
}

/**
 * The one caller of a scroll-paged search: the first page by the search, later ones by the scrollId alone (DSCO
 * ignores everything else when it is given). The answer is checked against the search's documented shape by the
 * transport; a 404 for a scrollId is reported as `expired` so that each caller decides what to do.
 */
export async function readPage(
	client: DscoClient,
	paged: PagedSearch,
	page: { search: IDataObject } | { scrollId: string },
	itemIndex?: number,
	signal?: AbortSignal,
	onArriving?: () => void,
): Promise<PageAnswer> {
	const scrollId = 'scrollId' in page ? page.scrollId : undefined;
	const res = await client.request<IDataObject>({
		method: 'GET',
		path: paged.path,
		qs: scrollId ? { scrollId } : (page as { search: IDataObject }).search,
		itemIndexes: itemIndex,
		acceptStatuses: scrollId ? [404] : [],
		answer: paged.answer,
		signal,
		onAnswerArriving: onArriving,
		// DSCO moves a scroll on when it reads the call, so a later page is not asked for again after a failure that does
		// not prove DSCO did not read it (it would bring the page after the lost one): the page is reported lost and the
		// caller runs the search again (scrollPages). After a 429 or a refused connection it is asked for again as usual.
		...(scrollId
			? { idempotent: false, checkBeforeResend: async () => 'alreadyApplied' as const }
			: {}),
	});
	if (res.alreadyApplied) return { items: [], expired: false, lost: true };
	if (res.status === 404) return { items: [], expired: true };
	return {
		items: res.body[paged.list] as IDataObject[],
		scrollId: (res.body.scrollId as string | undefined) || undefined,
		expired: false,
	};
}

/** `GET /order/page` (getOrders), one page: see readPage. */
export async function readOrderPage(
	client: DscoClient,
	page: { search: IDataObject } | { scrollId: string },
	itemIndex?: number,
	signal?: AbortSignal,
): Promise<OrderPageAnswer> {
	const { items, ...rest } = await readPage(client, ORDER_SEARCH, page, itemIndex, signal);
	return { orders: items, ...rest };
}

export interface ScrollOptions {
	/**
	 * The most records the caller will take (Get Many's Limit). Once this many were yielded no page is read ahead, so
	 * that stopping at the Limit reads no page more than reading page by page would.
	 */
	wanted?: number;
	/** When the caller stops reading (the trigger's poll budget, ms since epoch): no page is read ahead after it. */
	deadline?: number;
}

/** Scrolls `/order/page` for one search: scrollPages with the orders of each page. */
export async function* scrollOrders(
	client: DscoClient,
	search: IDataObject,
	itemIndex?: number,
	options: ScrollOptions = {},
): AsyncGenerator<OrderPage> {
	for await (const page of scrollPages(client, ORDER_SEARCH, search, itemIndex, options))
		yield { orders: page.items, restarted: page.restarted };
}

/**
 * Scrolls one search (`/order/page`, `/return/page`). The first call carries the search; later calls only the
 * scrollId (which DSCO keeps constant). An empty page ends the scroll; an answer without the list is an error
 * (checked by the transport), never the end. DSCO drops a scroll unused for 5 minutes and answers 404: the same
 * search (same fixed `until`) is then run again from the start and the records already yielded are skipped by their
 * id, so nothing is lost or repeated. The same is done when a later page's answer does not arrive (a 5xx, a timeout,
 * a connection or body that broke off): DSCO may have read the call and moved the scroll on, so asking again with the
 * scrollId could skip that page (see readPage). After MAX_SCROLL_RESTARTS the scan stops with an error. A scroll that
 * sends the same page again, or keeps sending records already read, stops with an error instead of paging forever.
 *
 * Reads one page ahead: the call for page k+1 is started (and paced like any call) before page k is handed to the
 * caller, so that DSCO's answer travels while the caller shapes page k; never more than one page ahead. Without a
 * Limit, from page 2 on (the first page brings the scrollId), it is started as soon as page k's answer is arriving
 * (its first KiB is in, so DSCO has moved the scroll on and the page is not the empty one that ends it): DSCO then
 * builds page k+1 while this process receives, parses and checks page k. With a Limit it is started once page k is
 * read, so that stopping at the Limit reads no page more than reading page by page would. The caller
 * stops early simply by no longer iterating (a break, its own error, its deadline); a page read ahead is then
 * abandoned: none once `wanted` records were yielded or the `deadline` passed, so at most one only when the caller
 * stops for a reason of its own. Abandoning it aborts its call (not sent if it is still waiting for the pacer, a
 * token or a retry; never retried) and the generator ends only once that call has settled, so that no request of
 * this scroll goes out after the caller's loop is over; its answer or error is dropped. A page read ahead that the
 * caller does ask for fails the scan with its error like any page, once all the pages before it were handed over.
 */
export async function* scrollPages(
	client: DscoClient,
	paged: PagedSearch,
	search: IDataObject,
	itemIndex?: number,
	options: ScrollOptions = {},
): AsyncGenerator<ScrollPage> {
	const wanted = options.wanted ?? Infinity;
	const deadline = options.deadline ?? Infinity;
	const seen = new Set<string>();
	let scrollId: string | undefined;
	let restarts = 0;
	/** Restarts because a later page's answer did not arrive (the others: the scroll expired). */
	let lostPages = 0;
	let restarted = false;
	let pagesRead = 0;
	let yielded = 0;
	/** Pages in a row without a new record that are still expected: after a restart, the ones read before. */
	let staleAllowed = MAX_PAGES_WITHOUT_NEW_ORDERS;
	/** The page before, to recognise the same page sent again. */
	let previous: { scrollId: string | undefined; ids: string } | undefined;
	/** A page's call, with the scrollId it carries and whether its answer is arriving. */
	interface PageCall {
		sentScrollId: string | undefined;
		answer: Promise<PageAnswer>;
		arriving: boolean;
	}
	/** The call for the page being read, and the one for the next page once started. */
	let current: PageCall | undefined;
	let ahead: PageCall | undefined;
	/** Aborted when the caller stops with a page read ahead (see above). */
	let abandon = new AbortController();
	const idOf = (record: IDataObject) => String(record[paged.id] ?? '');
	/** Asks for the page after `call` while `call`'s answer arrives, when that is due (see above). */
	const readAheadEarly = (call: PageCall) => {
		if (call === current && !ahead && call.sentScrollId && Date.now() <= deadline)
			ahead = read(call.sentScrollId);
	};
	const read = (sentScrollId: string | undefined): PageCall => {
		const call = { sentScrollId, arriving: false } as PageCall;
		call.answer = readPage(
			client,
			paged,
			sentScrollId ? { scrollId: sentScrollId } : { search },
			itemIndex,
			abandon.signal,
			// Also for the first page (which brings the scrollId, so nothing is asked for early): an answer read as it
			// arrives is counted by the pacer from its status, not from its last byte.
			wanted === Infinity
				? () => {
						call.arriving = true;
						readAheadEarly(call);
					}
				: undefined,
		);
		// A page read ahead that the caller no longer wants may fail unobserved; when it is wanted, awaiting it below
		// still throws its error.
		call.answer.catch(() => undefined);
		return call;
	};
	try {
		for (;;) {
			const call = ahead ?? read(scrollId);
			// Typed as the union: readAheadEarly (below, or when the answer arrives) may set it again.
			ahead = undefined as PageCall | undefined;
			current = call;
			// The page read ahead may have been arriving already while the caller held the page before.
			if (call.arriving) readAheadEarly(call);
			const { sentScrollId } = call;
			const res = await call.answer;
			if (res.expired || res.lost) {
				restarts++;
				if (res.lost) lostPages++;
				if (restarts > MAX_SCROLL_RESTARTS) {
					throw new NodeOperationError(
						client.node,
						lostPages === 0
							? `DSCO's ${paged.noun} scroll expired ${restarts} times during one search; ${seen.size} ${paged.list} were read`
							: `DSCO's ${paged.noun} scroll was run again ${restarts} times during one search (${lostPages} page${lostPages === 1 ? '' : 's'} whose answer did not arrive, ${restarts - lostPages} expired); ${seen.size} ${paged.list} were read`,
						{
							description:
								lostPages === 0
									? 'A scroll expires when it is not used for 5 minutes. Narrow the window or use a smaller Limit so that the search finishes sooner.'
									: "A page whose answer does not arrive is not asked for again by its scrollId (DSCO may have moved the scroll on, and the page would be skipped): the search runs again from the start, without repeating what was read. DSCO's answers kept failing; run it again later.",
							itemIndex,
						},
					);
				}
				// A page read ahead belongs to the scroll given up: it is abandoned and left to settle, unused.
				if (ahead) {
					const dropped = ahead;
					ahead = undefined;
					abandon.abort();
					await dropped.answer.catch(() => undefined);
					abandon = new AbortController();
				}
				scrollId = undefined;
				restarted = true;
				staleAllowed = pagesRead + MAX_PAGES_WITHOUT_NEW_ORDERS;
				previous = undefined;
				continue;
			}
			const records = res.items;
			if (records.length === 0) return;
			scrollId = res.scrollId;
			const ids = records.map(idOf).join(',');
			if (sentScrollId && previous && previous.scrollId === scrollId && previous.ids === ids) {
				throw repeatingScroll(
					client,
					paged,
					itemIndex,
					seen.size,
					`it sent the same page of ${records.length} ${paged.list} again (same scrollId)`,
				);
			}
			previous = { scrollId, ids };
			pagesRead++;
			const fresh = records.filter((record) => {
				const id = idOf(record);
				if (!id) return true;
				if (seen.has(id)) return false;
				seen.add(id);
				return true;
			});
			if (fresh.length > 0) staleAllowed = MAX_PAGES_WITHOUT_NEW_ORDERS;
			else if (--staleAllowed < 0) {
				throw repeatingScroll(
					client,
					paged,
					itemIndex,
					seen.size,
					`its last ${MAX_PAGES_WITHOUT_NEW_ORDERS + 1} pages held only ${paged.list} already read`,
				);
			}
			yielded += fresh.length;
			if (!ahead && scrollId && yielded < wanted && Date.now() <= deadline) ahead = read(scrollId);
			yield { items: fresh, restarted };
			restarted = false;
			if (!scrollId) return;
		}
	} finally {
		if (ahead) {
			abandon.abort();
			await ahead.answer.catch(() => undefined);
		}
	}
}

function repeatingScroll(
	client: DscoClient,
	paged: PagedSearch,
	itemIndex: number | undefined,
	read: number,
	what: string,
) {
	return new NodeOperationError(
		client.node,
		`DSCO's ${paged.noun} scroll repeats itself: ${what}; stopped after ${read} ${paged.list}${itemIndex === undefined ? '' : ` [item ${itemIndex}]`}`,
		{
			description: `DSCO keeps one scrollId for a search and sends each ${paged.noun} once; a scroll that sends pages again would never end. Run the search again; if it repeats, DSCO (or a proxy in front of it) is answering wrongly.`,
			itemIndex,
		},
	);
}
