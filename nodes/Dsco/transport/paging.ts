import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { ORDER_PAGE, RETURN_PAGE, type AnswerShape } from './answers';
import type { DscoClient } from './client';

/** How many times an expired scroll (404) is restarted before giving up. */
export const MAX_SCROLL_RESTARTS = 3;

/**
 * Pages in a row that bring no record not already read, outside the replay after a restart, before the scroll is
 * given up as repeating itself (DSCO never sends a record twice in one scroll; a few re-sent ones are tolerated).
 */
export const MAX_PAGES_WITHOUT_NEW_ORDERS = 3;

/**
 * One of DSCO's scroll searches (`/order/page`, `/return/page`): they page alike (a scrollId kept for the whole
 * search, an empty page at the end, 404 once the scroll expired) and differ in path, list and record id.
 */
export interface ScrollSearch {
	path: string;
	/** The list a page carries its records in. */
	listField: string;
	/** The field that tells records apart (DSCO sends each once per scroll). */
	idField: string;
	answer: AnswerShape;
	/** The record in words, for messages ("order"). */
	noun: string;
}

export const ORDER_SEARCH: ScrollSearch = {
	path: '/order/page',
	listField: 'orders',
	idField: 'dscoOrderId',
	answer: ORDER_PAGE,
	noun: 'order',
};

export const RETURN_SEARCH: ScrollSearch = {
	path: '/return/page',
	listField: 'returns',
	idField: 'dscoReturnId',
	answer: RETURN_PAGE,
	noun: 'return',
};

/** One page of a scroll search as the caller gets it. */
export interface ScrollPage {
	records: IDataObject[];
	/** True for the first page after a scroll expired and the search was run again. */
	restarted: boolean;
}

export interface OrderPage {
	orders: IDataObject[];
	/** True for the first page after a scroll expired and the search was run again. */
	restarted: boolean;
}

/** One answer of a scroll search's page. */
export interface ScrollPageAnswer {
	records: IDataObject[];
	/** DSCO's scrollId for the next page (the same for every page of one search); absent on a last page. */
	scrollId?: string;
	/** DSCO no longer knows the scrollId (unused for 5 minutes: 404). */
	expired: boolean;
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
 * The one caller of a scroll search's page: the first page by the search, later ones by the scrollId alone (DSCO
 * ignores everything else when it is given). The answer is checked against the search's page shape by the
 * transport; a 404 for a scrollId is reported as `expired` so that each caller decides what to do.
 */
export async function readScrollPage(
	client: DscoClient,
	kind: ScrollSearch,
	page: { search: IDataObject } | { scrollId: string },
	itemIndex?: number,
	signal?: AbortSignal,
): Promise<ScrollPageAnswer> {
	const scrollId = 'scrollId' in page ? page.scrollId : undefined;
	const res = await client.request<IDataObject>({
		method: 'GET',
		path: kind.path,
		qs: scrollId ? { scrollId } : (page as { search: IDataObject }).search,
		itemIndexes: itemIndex,
		acceptStatuses: scrollId ? [404] : [],
		answer: kind.answer,
		signal,
	});
	if (res.status === 404) return { records: [], expired: true };
	return {
		records: res.body[kind.listField] as IDataObject[],
		scrollId: (res.body.scrollId as string | undefined) || undefined,
		expired: false,
	};
}

/** `GET /order/page` (getOrders), one page: see readScrollPage. */
export async function readOrderPage(
	client: DscoClient,
	page: { search: IDataObject } | { scrollId: string },
	itemIndex?: number,
	signal?: AbortSignal,
): Promise<OrderPageAnswer> {
	const { records, ...rest } = await readScrollPage(client, ORDER_SEARCH, page, itemIndex, signal);
	return { orders: records, ...rest };
}

export interface ScrollOptions {
	/**
	 * The most orders the caller will take (Get Many's Limit). Once this many were yielded no page is read ahead, so
	 * that stopping at the Limit reads no page more than reading page by page would.
	 */
	wanted?: number;
	/** When the caller stops reading (the trigger's poll budget, ms since epoch): no page is read ahead after it. */
	deadline?: number;
}

/**
 * Scrolls one search (`/order/page`, `/return/page`). The first call carries the search; later calls only the
 * scrollId (which DSCO keeps constant). An empty page ends the scroll; an answer without the page's list is an error
 * (checked by the transport), never the end. DSCO drops a scroll unused for 5 minutes and answers 404: the same
 * search (same fixed `until`) is then run again from the start and the records already yielded are skipped by their
 * id (dscoOrderId, dscoReturnId), so nothing is lost or repeated; after MAX_SCROLL_RESTARTS expiries the scan stops
 * with an error. A scroll that sends the same page again, or keeps sending records already read, stops with an
 * error instead of paging forever.
 *
 * Reads one page ahead: the call for page k+1 is started (and paced like any call) before page k is handed to the
 * caller, so that DSCO's answer travels while the caller shapes page k; never more than one page ahead. The caller
 * stops early simply by no longer iterating (a break, its own error, its deadline); a page read ahead is then
 * abandoned: none once `wanted` records were yielded or the `deadline` passed, so at most one only when the caller
 * stops for a reason of its own. Abandoning it aborts its call (not sent if it is still waiting for the pacer, a
 * token or a retry; never retried) and the generator ends only once that call has settled, so that no request of
 * this scroll goes out after the caller's loop is over; its answer or error is dropped. A page read ahead that the
 * caller does ask for fails the scan with its error like any page, once all the pages before it were handed over.
 */
export async function* scrollSearch(
	client: DscoClient,
	kind: ScrollSearch,
	search: IDataObject,
	itemIndex?: number,
	options: ScrollOptions = {},
): AsyncGenerator<ScrollPage> {
	const wanted = options.wanted ?? Infinity;
	const deadline = options.deadline ?? Infinity;
	const seen = new Set<string>();
	let scrollId: string | undefined;
	let restarts = 0;
	let restarted = false;
	let pagesRead = 0;
	let yielded = 0;
	/** Pages in a row without a new order that are still expected: after a restart, the ones read before. */
	let staleAllowed = MAX_PAGES_WITHOUT_NEW_ORDERS;
	/** The page before, to recognise the same page sent again. */
	let previous: { scrollId: string | undefined; ids: string } | undefined;
	/** The call for the next page, once started, with the scrollId it carries. */
	let ahead: { sentScrollId: string | undefined; answer: Promise<ScrollPageAnswer> } | undefined;
	/** Aborted when the caller stops with a page read ahead (see above). */
	const abandon = new AbortController();
	const read = (sentScrollId: string | undefined) => {
		const answer = readScrollPage(
			client,
			kind,
			sentScrollId ? { scrollId: sentScrollId } : { search },
			itemIndex,
			abandon.signal,
		);
		// A page read ahead that the caller no longer wants may fail unobserved; when it is wanted, awaiting it below
		// still throws its error.
		answer.catch(() => undefined);
		return { sentScrollId, answer };
	};
	try {
		for (;;) {
			const call = ahead ?? read(scrollId);
			ahead = undefined;
			const { sentScrollId } = call;
			const res = await call.answer;
			if (res.expired) {
				restarts++;
				if (restarts > MAX_SCROLL_RESTARTS) {
					throw new NodeOperationError(
						client.node,
						`DSCO's ${kind.noun} scroll expired ${restarts} times during one search; ${seen.size} ${kind.noun}s were read`,
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
			const records = res.records;
			if (records.length === 0) return;
			scrollId = res.scrollId;
			const ids = records.map((o) => String(o[kind.idField] ?? '')).join(',');
			if (sentScrollId && previous && previous.scrollId === scrollId && previous.ids === ids) {
				throw repeatingScroll(
					client,
					kind,
					itemIndex,
					seen.size,
					`it sent the same page of ${records.length} ${kind.noun}s again (same scrollId)`,
				);
			}
			previous = { scrollId, ids };
			pagesRead++;
			const fresh = records.filter((o) => {
				const id = String(o[kind.idField] ?? '');
				if (!id) return true;
				if (seen.has(id)) return false;
				seen.add(id);
				return true;
			});
			if (fresh.length > 0) staleAllowed = MAX_PAGES_WITHOUT_NEW_ORDERS;
			else if (--staleAllowed < 0) {
				throw repeatingScroll(
					client,
					kind,
					itemIndex,
					seen.size,
					`its last ${MAX_PAGES_WITHOUT_NEW_ORDERS + 1} pages held only ${kind.noun}s already read`,
				);
			}
			yielded += fresh.length;
			if (scrollId && yielded < wanted && Date.now() <= deadline) ahead = read(scrollId);
			yield { records: fresh, restarted };
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

/** Scrolls `/order/page` for one order search (see scrollSearch). */
export async function* scrollOrders(
	client: DscoClient,
	search: IDataObject,
	itemIndex?: number,
	options: ScrollOptions = {},
): AsyncGenerator<OrderPage> {
	for await (const page of scrollSearch(client, ORDER_SEARCH, search, itemIndex, options))
		yield { orders: page.records, restarted: page.restarted };
}

/** Scrolls `/return/page` for one return search (see scrollSearch). */
export async function* scrollReturns(
	client: DscoClient,
	search: IDataObject,
	itemIndex?: number,
	options: ScrollOptions = {},
): AsyncGenerator<ScrollPage> {
	yield* scrollSearch(client, RETURN_SEARCH, search, itemIndex, options);
}

function repeatingScroll(
	client: DscoClient,
	kind: ScrollSearch,
	itemIndex: number | undefined,
	read: number,
	what: string,
) {
	return new NodeOperationError(
		client.node,
		`DSCO's ${kind.noun} scroll repeats itself: ${what}; stopped after ${read} ${kind.noun}s${itemIndex === undefined ? '' : ` [item ${itemIndex}]`}`,
		{
			description: `DSCO keeps one scrollId for a search and sends each ${kind.noun} once; a scroll that sends pages again would never end. Run the search again; if it repeats, DSCO (or a proxy in front of it) is answering wrongly.`,
			itemIndex,
		},
	);
}
