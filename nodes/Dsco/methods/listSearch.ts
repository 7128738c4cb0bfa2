import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { DEFAULT_UNTIL_LAG_MS, toDscoDate } from '../helpers/dates';
import { DscoClient, type TransportSettings } from '../transport/client';
import {
	tradingPartners,
	warehousePage,
	type DscoTradingPartner,
	type DscoWarehouse,
} from '../transport/lists';
import { readOrderPage } from '../transport/paging';
import { SERVICE_LEVEL_CODES, SHIP_CARRIERS, SHIP_METHODS, type ShipCodeEntry } from './shipCodes';

/**
 * A list in the editor waits for its answer: a few quick retries, and a 429 that lasts is reported rather than
 * waited out for minutes (the execution's own defaults are for unattended runs).
 */
export const LIST_TRANSPORT_SETTINGS: Partial<TransportSettings> = {
	maxRetries: 2,
	maxRetryWaitMs: 5_000,
	maxRateLimitWaitMs: 20_000,
	timeoutMs: 30_000,
};

/**
 * Warehouse pages read in one call while a search text is given, so that a search matching only a later page
 * still shows something; without a search text each call reads one page and n8n asks for the next on scrolling.
 */
export const MAX_WAREHOUSE_PAGES_PER_SEARCH = 10;

function matcher(
	filter: string | undefined,
): (...texts: Array<string | null | undefined>) => boolean {
	const wanted = (filter ?? '').trim().toLowerCase();
	if (!wanted) return () => true;
	return (...texts) => texts.some((t) => typeof t === 'string' && t.toLowerCase().includes(wanted));
}

function warehouseItem(w: DscoWarehouse): INodeListSearchItems {
	const place = [w.city, w.region].filter((p) => typeof p === 'string' && p).join(', ');
	return {
		name: `${w.name ? `${w.name} (${w.code})` : w.code}${w.status === 'inactive' ? ' [inactive]' : ''}`,
		value: w.code,
		...(place ? { description: place } : {}),
	};
}

/** Warehouses of the account (`GET /warehouse/page`), searchable by code and name, a page at a time. */
export async function searchWarehouses(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await DscoClient.create(this, LIST_TRANSPORT_SETTINGS);
	const matches = matcher(filter);
	const searching = !!filter?.trim();
	const results: INodeListSearchItems[] = [];
	let scrollId = paginationToken || undefined;
	for (let pages = 1; ; pages++) {
		const page = await warehousePage(client, scrollId);
		if (page.expired) {
			throw new NodeOperationError(
				this.getNode(),
				"DSCO's warehouse list expired before its next page was read",
				{
					description:
						'DSCO keeps a list for 5 minutes. Close the list and open it again, or enter the code with By Code.',
				},
			);
		}
		for (const w of page.warehouses) if (matches(w.code, w.name)) results.push(warehouseItem(w));
		// An empty page, or a first page without scrollId, is the end of DSCO's list.
		if (!page.scrollId || page.warehouses.length === 0) return { results };
		scrollId = page.scrollId;
		if (!searching || results.length > 0 || pages >= MAX_WAREHOUSE_PAGES_PER_SEARCH)
			return { results, paginationToken: scrollId };
	}
}

function partnerName(p: DscoTradingPartner): string {
	const name =
		typeof p.tradingPartnerName === 'string' && p.tradingPartnerName.trim()
			? p.tradingPartnerName.trim()
			: undefined;
	const status = p.status && p.status !== 'active' ? ` [${p.status}]` : '';
	return `${name ?? 'Unnamed partner'}${status}`;
}

async function searchPartners(
	ctx: ILoadOptionsFunctions,
	filter: string | undefined,
	toItem: (p: DscoTradingPartner) => INodeListSearchItems | undefined,
): Promise<INodeListSearchResult> {
	const client = await DscoClient.create(ctx, LIST_TRANSPORT_SETTINGS);
	const matches = matcher(filter);
	const results: INodeListSearchItems[] = [];
	for (const p of await tradingPartners(client)) {
		const item = toItem(p);
		if (item && matches(p.tradingPartnerName, p.accountId, p.tradingPartnerId)) results.push(item);
	}
	return { results };
}

/** Retailers (trading partners) by DSCO's account ID, the ID DSCO calls dscoRetailerId (`GET /tradingpartner`). */
export async function searchRetailers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchPartners(this, filter, (p) => ({
		name: `${partnerName(p)} (${p.accountId})`,
		value: p.accountId,
	}));
}

/** Trading partners by your own ID for them (dscoTradingPartnerId); partners without one are left out. */
export async function searchTradingPartnerIds(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchPartners(this, filter, (p) =>
		typeof p.tradingPartnerId === 'string' && p.tradingPartnerId.trim()
			? {
					name: `${partnerName(p)} (${p.tradingPartnerId})`,
					value: p.tradingPartnerId,
					description: `DSCO account ${p.accountId}`,
				}
			: undefined,
	);
}

function staticList(entries: ShipCodeEntry[], filter: string | undefined): INodeListSearchResult {
	const matches = matcher(filter);
	return {
		results: entries
			.filter((e) => matches(e.value, e.name, e.description))
			.map((e) => ({ name: e.name, value: e.value, description: e.description })),
	};
}

/** Carriers named in DSCO's document (no DSCO endpoint lists them; any other goes in By Code). */
export async function searchShipCarriers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return staticList(SHIP_CARRIERS, filter);
}

/** Ship methods of the documented service level codes. */
export async function searchShipMethods(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return staticList(SHIP_METHODS, filter);
}

/** Carrier-specific service level codes DSCO accepts on packages (never the generic GCG). */
export async function searchServiceLevels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return staticList(SERVICE_LEVEL_CODES, filter);
}

/** The order list shows orders created in this many days before now (DSCO's `/order/page` needs a date window). */
export const ORDER_LIST_DAYS = 30;
/** Orders per `/order/page` call of the list (DSCO allows 10 to 1000): one screenful or two, quickly read. */
export const ORDER_LIST_PAGE_SIZE = 100;
/**
 * DSCO's `/order/page` cannot filter by PO number (only consumerOrderNumber, statuses and dates), so a search text is
 * matched here, page by page: one call reads on until a page has a match or this many pages were read, then hands
 * n8n the scrollId to go on when the list is scrolled.
 */
export const MAX_ORDER_PAGES_PER_SEARCH = 5;
const DAY_MS = 86_400_000;

/** The search of the order list: orders created in the last ORDER_LIST_DAYS, test orders included (marked). */
export function recentOrderSearch(now: number): IDataObject {
	return {
		ordersCreatedSince: toDscoDate(now - ORDER_LIST_DAYS * DAY_MS),
		until: toDscoDate(now - DEFAULT_UNTIL_LAG_MS),
		includeTestOrders: true,
		ordersPerPage: ORDER_LIST_PAGE_SIZE,
	};
}

const textOf = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function orderItem(order: IDataObject, retailers: Map<string, string>): INodeListSearchItems {
	const retailerId = textOf(order.dscoRetailerId);
	const retailer =
		(retailerId && retailers.get(retailerId)) ??
		(retailerId ? `retailer ${retailerId}` : 'unknown retailer');
	const status = [
		textOf(order.dscoLifecycle) ?? textOf(order.dscoStatus) ?? 'no status',
		order.cancelRequested === true ? 'cancel requested' : undefined,
	]
		.filter(Boolean)
		.join(', ');
	const created = textOf(order.dscoCreateDate);
	return {
		name: `${String(order.poNumber)} · ${retailer} · ${status}${order.testFlag === true ? ' [test]' : ''}`,
		value: String(order.dscoOrderId),
		description: `DSCO order ${String(order.dscoOrderId)}${created ? `, created ${created.slice(0, 10)}` : ''}`,
	};
}

/**
 * Recent orders (`GET /order/page`: created in the last ORDER_LIST_DAYS), shown as "PO · retailer · status" with
 * the DSCO order ID as value, searchable by PO number (also DSCO order ID or supplier order number), a page at a time
 * with DSCO's scrollId as n8n's pagination token. DSCO returns a search in its own order; each page is shown newest
 * first. Retailer names come from `GET /tradingpartner`, read once per call when the page has orders.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await DscoClient.create(this, LIST_TRANSPORT_SETTINGS);
	const matches = matcher(filter);
	const searching = !!filter?.trim();
	const results: INodeListSearchItems[] = [];
	let retailers: Map<string, string> | undefined;
	let next: { search: IDataObject } | { scrollId: string } = paginationToken
		? { scrollId: paginationToken }
		: { search: recentOrderSearch(Date.now()) };
	for (let pages = 1; ; pages++) {
		const page = await readOrderPage(client, next);
		if (page.expired) {
			throw new NodeOperationError(
				this.getNode(),
				"DSCO's order list expired before its next page was read",
				{
					description:
						'DSCO keeps a list for 5 minutes. Close the list and open it again, or enter the order By DSCO Order ID or By PO Number.',
				},
			);
		}
		const shown = page.orders
			.filter(
				(o) =>
					textOf(o.dscoOrderId) &&
					matches(o.poNumber as string, o.dscoOrderId as string, o.supplierOrderNumber as string),
			)
			.sort((a, b) => String(b.dscoCreateDate ?? '').localeCompare(String(a.dscoCreateDate ?? '')));
		if (shown.length > 0 && !retailers) {
			retailers = new Map(
				(await tradingPartners(client)).map((p) => [p.accountId, partnerName(p)]),
			);
		}
		for (const order of shown) results.push(orderItem(order, retailers!));
		// An empty page, or a page without scrollId, is the end of DSCO's list.
		if (!page.scrollId || page.orders.length === 0) return { results };
		next = { scrollId: page.scrollId };
		if (!searching || results.length > 0 || pages >= MAX_ORDER_PAGES_PER_SEARCH)
			return { results, paginationToken: page.scrollId };
	}
}
