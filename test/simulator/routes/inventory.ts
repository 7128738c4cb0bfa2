/**
 * Inventory: GET /inventory (by key), POST /inventory/singleItem (sync), /inventory/batch/small (async) and
 * /inventory/batch/large (→ dataUrl on this server, see uploads.ts; each line is checked as an ItemInventory, the
 * singleItem schema).
 */
import { type Reply, badRequest, notFoundReply, reply } from '../http';
import { ITEM_KEYS, type InventoryUpdateInput } from '../inventory';
import { LIMITS } from '../rateLimit';
import type { Route, RouteContext } from '../router';
import { validateBody } from '../schemas';
import { QueryReader } from './params';
import { startLargeBatch } from './uploads';
import { acceptBatch, created, runSync } from './writes';

function getInventory({ state, query }: RouteContext): Reply {
	const q = new QueryReader(query);
	const key = q.required('itemKey') && q.oneOf('itemKey', ITEM_KEYS);
	const value = q.required('value');
	const returnMultiple = q.bool('returnMultiple');
	if (key === 'partnerSku' && !q.string('dscoRetailerId') && !q.string('dscoTradingPartnerId')) {
		q.fail('dscoRetailerId or dscoTradingPartnerId is required when itemKey is partnerSku');
	}
	if (!q.ok || !key || value === undefined) return badRequest(q.messages, state.clock.now());
	const items = state.inventory.find(key, value);
	if (items.length === 0)
		return notFoundReply(`Item not found: ${key} ${value}`, state.clock.now());
	return reply(200, returnMultiple ? items : items[0]);
}

function skipParam(ctx: RouteContext): boolean {
	return new QueryReader(ctx.query).bool('skipItemsThatDontExist') === true;
}

function startInventoryUpload(ctx: RouteContext): Reply {
	const skip = skipParam(ctx);
	return startLargeBatch(ctx, 'inventory', {
		check: (payload) => validateBody('singleItem', payload),
		apply: (item) => ctx.state.inventory.update(item as InventoryUpdateInput, skip),
	});
}

export const inventoryRoutes: Route[] = [
	{ method: 'GET', path: '/inventory', rateLimit: LIMITS.inventoryGet, handler: getInventory },
	{
		method: 'POST',
		path: '/inventory/singleItem',
		schema: 'singleItem',
		rateLimit: LIMITS.inventorySingleItem,
		handler: (ctx) =>
			runSync<InventoryUpdateInput>(
				ctx,
				'inventory',
				(body) => ctx.state.inventory.update(body, false),
				created,
			),
	},
	{
		method: 'POST',
		path: '/inventory/batch/small',
		schema: 'updateInventorySmallBatch',
		batch: true,
		handler: (ctx) => {
			const skip = skipParam(ctx);
			return acceptBatch<InventoryUpdateInput>(ctx, 'inventory', (item) =>
				ctx.state.inventory.update(item, skip),
			);
		},
	},
	{ method: 'POST', path: '/inventory/batch/large', body: 'none', handler: startInventoryUpload },
];
