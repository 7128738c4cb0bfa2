/**
 * Catalog: GET /catalog (getCatalogById, by item key), POST /catalog/batch/small (updateCatalogSmallBatch, async:
 * a JSON array as the request schema says, or JSON Lines as the description says) and POST /catalog/batch/large
 * (updateCatalogLargeBatch → dataUrl, see uploads.ts). Every item is checked against the vendor's ItemCatalog
 * schema; an invalid one fails in /catalog/log.
 */
import { type Reply, badRequest, checkedReply, notFoundReply } from '../http';
import { ITEM_KEYS } from '../inventory';
import { LIMITS } from '../rateLimit';
import type { Route, RouteContext } from '../router';
import { validateItem } from '../schemas';
import type { SimState } from '../state';
import type { ItemCatalog, Message } from '../types';
import { QueryReader } from './params';
import { startLargeBatch } from './uploads';
import { acceptBatch, applyNow } from './writes';

type CatalogInput = Record<string, unknown> & { sku: string };

export interface CatalogChange {
	status: 'success' | 'failure';
	messages?: Message[];
	/** The item after the change (success). */
	item?: ItemCatalog;
}

/**
 * Catalog changes made outside the API (control API, in-process helpers), as the portal would: each checked like a
 * batch item, applied now, logged in /catalog/log with requestMethod "portal" (and streamed).
 */
export function changeCatalogNow(state: SimState, items: unknown[]): CatalogChange[] {
	const pending = items.map((payload) => ({
		payload,
		errors: validateItem('updateCatalogSmallBatch', payload),
	}));
	const outcomes = applyNow<CatalogInput>(state, 'catalog', pending, (item) =>
		state.catalog.upsert(item),
	);
	return outcomes.map((outcome, i) => {
		if (outcome.status === 'failure') return { status: 'failure', messages: outcome.messages };
		const item = state.catalog.get((items[i] as CatalogInput).sku);
		return { status: 'success', item: item && structuredClone(item) };
	});
}

function getCatalog({ state, query }: RouteContext): Reply {
	const q = new QueryReader(query);
	const key = q.required('itemKey') && q.oneOf('itemKey', ITEM_KEYS);
	const value = q.required('value');
	const returnMultiple = q.bool('returnMultiple');
	const dscoRetailerId = q.string('dscoRetailerId');
	const dscoTradingPartnerId = q.string('dscoTradingPartnerId');
	if (key === 'partnerSku' && dscoRetailerId === undefined && dscoTradingPartnerId === undefined) {
		q.fail('dscoRetailerId or dscoTradingPartnerId is required when itemKey is partnerSku');
	}
	if (!q.ok || !key || value === undefined) return badRequest(q.messages, state.clock.now());
	const items = state.catalog.find(key, value, { dscoRetailerId, dscoTradingPartnerId });
	if (items.length === 0)
		return notFoundReply(`Item not found: ${key} ${value}`, state.clock.now());
	if (returnMultiple)
		return checkedReply(
			'getCatalogById',
			items.map((item) => structuredClone(item)),
			{ list: true },
		);
	return checkedReply('getCatalogById', structuredClone(items[0]));
}

export const catalogRoutes: Route[] = [
	{ method: 'GET', path: '/catalog', rateLimit: LIMITS.catalogGet, handler: getCatalog },
	{
		method: 'POST',
		path: '/catalog/batch/small',
		body: 'jsonLines',
		schema: 'updateCatalogSmallBatch',
		batch: true,
		handler: (ctx) =>
			acceptBatch<CatalogInput>(ctx, 'catalog', (item) => ctx.state.catalog.upsert(item), {
				requestMethodDetail: 'updateCatalogSmallBatch',
			}),
	},
	{
		method: 'POST',
		path: '/catalog/batch/large',
		body: 'none',
		handler: (ctx) =>
			startLargeBatch(
				ctx,
				'catalog',
				{
					check: (payload) => validateItem('updateCatalogSmallBatch', payload),
					apply: (item) => ctx.state.catalog.upsert(item as CatalogInput),
				},
				{ requestMethodDetail: 'updateCatalogLargeBatch' },
			),
	},
];
