/**
 * Inventory: GET /inventory (by key), POST /inventory/singleItem (sync), /inventory/batch/small (async) and
 * /inventory/batch/large (→ dataUrl on this server; a PUT of JSON Lines there is processed like a batch).
 */
import { type Reply, badRequest, notFoundReply, reply } from '../http';
import { ITEM_KEYS, type InventoryUpdateInput } from '../inventory';
import { LIMITS } from '../rateLimit';
import type { Route, RouteContext } from '../router';
import { validateBody } from '../schemas';
import type { Message } from '../types';
import { QueryReader } from './params';
import { type PendingItem, acceptBatch, created, openRequest, runSync, settleLater } from './writes';

export const UPLOAD_PREFIX = '/__upload';

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
	if (items.length === 0) return notFoundReply(`Item not found: ${key} ${value}`, state.clock.now());
	return reply(200, returnMultiple ? items : items[0]);
}

function skipParam(ctx: RouteContext): boolean {
	return new QueryReader(ctx.query).bool('skipItemsThatDontExist') === true;
}

function startLargeBatch(ctx: RouteContext): Reply {
	const { state } = ctx;
	const { requestId, eventDate } = openRequest(state, 'inventory');
	state.uploads.set(requestId, { requestId, skipItemsThatDontExist: skipParam(ctx), used: false });
	const dataUrl = `${state.origin}${UPLOAD_PREFIX}/${requestId}`;
	return reply(200, { status: 'success', requestId, eventDate, dataUrl });
}

/** Each line of the uploaded file is one ItemInventory (the singleItem schema); bad lines fail in the log. */
function parseJsonLines(text: string): PendingItem[] {
	const items: PendingItem[] = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		let payload: unknown;
		try {
			payload = JSON.parse(line);
		} catch {
			const message: Message = { code: 'VALIDATION_FAILED', severity: 'error', description: 'Line is not valid JSON' };
			items.push({ payload: line, errors: [message] });
			continue;
		}
		items.push({ payload, errors: validateBody('singleItem', payload) });
	}
	return items;
}

function receiveUpload({ state, params, raw, req }: RouteContext): Reply {
	const upload = state.uploads.get(params.id);
	if (!upload) return reply(404, { message: 'Not Found' });
	// A pre-signed object-store PUT (S3) refuses a chunked body without Content-Length: 411 MissingContentLength.
	if (req.headers['content-length'] === undefined) return reply(411, { message: 'MissingContentLength: You must provide the Content-Length HTTP header.' });
	if (upload.used) return reply(409, { message: 'This dataUrl has already received its data' });
	upload.used = true;
	settleLater<InventoryUpdateInput>(state, upload.requestId, parseJsonLines(raw.toString('utf8')), (item) =>
		state.inventory.update(item, upload.skipItemsThatDontExist),
	);
	return reply(200);
}

export const inventoryRoutes: Route[] = [
	{ method: 'GET', path: '/inventory', rateLimit: LIMITS.inventoryGet, handler: getInventory },
	{
		method: 'POST',
		path: '/inventory/singleItem',
		schema: 'singleItem',
		rateLimit: LIMITS.inventorySingleItem,
		handler: (ctx) => runSync<InventoryUpdateInput>(ctx, 'inventory', (body) => ctx.state.inventory.update(body, false), created),
	},
	{
		method: 'POST',
		path: '/inventory/batch/small',
		schema: 'updateInventorySmallBatch',
		batch: true,
		handler: (ctx) => {
			const skip = skipParam(ctx);
			return acceptBatch<InventoryUpdateInput>(ctx, 'inventory', (item) => ctx.state.inventory.update(item, skip));
		},
	},
	{ method: 'POST', path: '/inventory/batch/large', body: 'none', handler: startLargeBatch },
];

/** Served under /__upload (the dataUrl), outside /api/v3: no bearer check, up to 2 GB as documented. */
export const uploadRoutes: Route[] = [
	{ method: 'PUT', path: '/:id', auth: false, body: 'raw', maxBytes: 2 * 1024 * 1024 * 1024, handler: receiveUpload },
];
