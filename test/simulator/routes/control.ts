/**
 * Control API under /__sim, for a separate process (e2e tests, demo) to drive the simulator:
 *   GET  /__sim/info                  base URL and test credentials
 *   GET  /__sim/faults                current faults;  POST /__sim/faults {rate429?, rate5xx?, latencyMs?, dropRate?, failNextRequests?}
 *   GET  /__sim/orders                all orders;      POST /__sim/orders {count, testFlag?, orderType?, cancelRequested?, createDateSkewMs?}
 *   GET  /__sim/orders/:id            one order (404 unknown)
 *   POST /__sim/orders/:id/cancel-request {cancelCode?}  retailer cancel request
 *   GET  /__sim/inventory/:sku        one item (404 unknown)
 *   GET  /__sim/catalog               all catalog items;  GET /__sim/catalog/:sku  one (404 unknown)
 *   POST /__sim/catalog {count?, items?}  new generated items, or the given items created / updated, as the portal
 *                                     would: {results: [{status, item?, messages?}]}
 *   GET  /__sim/returns               all returns;     GET /__sim/returns/:id  one (404 unknown)
 *   POST /__sim/returns {count?, dscoOrderId?, reason?, trackingNumber?}  the retailer creates returns of shipped orders
 *   GET  /__sim/invoices              invoices received
 *   GET  /__sim/labels                shipping labels created;  GET /__sim/packing-slips  packing slips requested
 *   GET  /__sim/requests              request log;     DELETE /__sim/requests clears it
 *   POST /__sim/clock {advanceMs}     moves the clock; answers {now}
 *   POST /__sim/expire-tokens         all issued tokens become invalid
 *   POST /__sim/settle                answers once all async requests are in the change logs
 *   POST /__sim/hold-settling         async requests stay PROCESSING until POST /__sim/release-settling
 */
import { type Reply, reply } from '../http';
import { clean } from '../returns';
import type { Route, RouteContext } from '../router';
import type { CreateOrdersOptions, CreateReturnsOptions, Faults } from '../types';
import { changeCatalogNow } from './catalog';

function bodyObject(ctx: RouteContext): Record<string, unknown> {
	return typeof ctx.body === 'object' && ctx.body !== null && !Array.isArray(ctx.body)
		? (ctx.body as Record<string, unknown>)
		: {};
}

function badInput(message: string): Reply {
	return reply(400, { message });
}

function found(value: unknown, what: string): Reply {
	return value === undefined ? reply(404, { message: `${what} not found` }) : reply(200, value);
}

function setFaults(ctx: RouteContext): Reply {
	try {
		return reply(200, ctx.state.faults.set(bodyObject(ctx) as Partial<Faults>));
	} catch (e) {
		return badInput((e as Error).message);
	}
}

function createOrders(ctx: RouteContext): Reply {
	const body = bodyObject(ctx);
	const count = body.count ?? 1;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10000) {
		return badInput('count must be an integer between 1 and 10000');
	}
	if (
		body.orderType !== undefined &&
		body.orderType !== 'dropship' &&
		body.orderType !== 'marketplace'
	) {
		return badInput('orderType must be dropship or marketplace');
	}
	if (
		body.createDateSkewMs !== undefined &&
		(typeof body.createDateSkewMs !== 'number' || !Number.isFinite(body.createDateSkewMs))
	) {
		return badInput('createDateSkewMs must be a number of milliseconds');
	}
	return reply(201, { orders: ctx.state.orders.create(count, body as CreateOrdersOptions) });
}

function count(body: Record<string, unknown>, fallback: number): number | undefined {
	const value = body.count ?? fallback;
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10000
		? value
		: undefined;
}

function changeCatalog(ctx: RouteContext): Reply {
	const body = bodyObject(ctx);
	const n = count(body, body.items === undefined ? 1 : 0);
	if (n === undefined) return badInput('count must be an integer between 0 and 10000');
	if (body.items !== undefined && !Array.isArray(body.items))
		return badInput('items must be a list of ItemCatalog objects');
	const items = [
		...Array.from({ length: n }, () => ctx.state.catalogFactory.create()),
		...((body.items as unknown[] | undefined) ?? []),
	];
	if (items.length === 0) return badInput('Give count (≥ 1) or items');
	return reply(200, { results: changeCatalogNow(ctx.state, items) });
}

function createReturns(ctx: RouteContext): Reply {
	const body = bodyObject(ctx);
	const n = count(body, 1);
	if (n === undefined || n < 1) return badInput('count must be an integer between 1 and 10000');
	for (const field of ['dscoOrderId', 'reason', 'trackingNumber'] as const) {
		if (body[field] !== undefined && typeof body[field] !== 'string')
			return badInput(`${field} must be a string`);
	}
	try {
		const returns = ctx.state.returns.createForRetailers(n, body as CreateReturnsOptions);
		return reply(201, { returns: returns.map((ret) => clean(ret)) });
	} catch (e) {
		return badInput((e as Error).message);
	}
}

function advanceClock(ctx: RouteContext): Reply {
	const advanceMs = bodyObject(ctx).advanceMs;
	if (typeof advanceMs !== 'number' || !(advanceMs >= 0))
		return badInput('advanceMs must be a non-negative number');
	ctx.state.clock.advance(advanceMs);
	return reply(200, { now: ctx.state.clock.now() });
}

const control = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
	method,
	path,
	handler,
	auth: false,
	maxBytes: 1024 * 1024,
});

export const controlRoutes: Route[] = [
	control('GET', '/info', ({ state }) =>
		reply(200, { baseUrl: state.baseUrl, ...state.credentials, now: state.clock.now() }),
	),
	control('GET', '/faults', ({ state }) => reply(200, state.faults.current())),
	control('POST', '/faults', setFaults),
	control('GET', '/orders', ({ state }) => reply(200, state.orders.list())),
	control('POST', '/orders', createOrders),
	control('GET', '/orders/:id', ({ state, params }) =>
		found(state.orders.get(params.id), `Order ${params.id}`),
	),
	control('POST', '/orders/:id/cancel-request', (ctx) => {
		const code = bodyObject(ctx).cancelCode;
		const order = ctx.state.orders.requestCancel(
			ctx.params.id,
			typeof code === 'string' ? code : undefined,
		);
		return found(order, `Order ${ctx.params.id}`);
	}),
	control('GET', '/inventory/:sku', ({ state, params }) =>
		found(state.inventory.get(params.sku), `Item ${params.sku}`),
	),
	control('GET', '/catalog', ({ state }) => reply(200, state.catalog.list())),
	control('GET', '/catalog/:sku', ({ state, params }) =>
		found(state.catalog.get(params.sku), `Catalog item ${params.sku}`),
	),
	control('POST', '/catalog', changeCatalog),
	control('GET', '/returns', ({ state }) =>
		reply(
			200,
			state.returns.list().map((ret) => clean(ret)),
		),
	),
	control('GET', '/returns/:id', ({ state, params }) => {
		const ret = state.returns.get(params.id);
		return found(ret && clean(ret), `Return ${params.id}`);
	}),
	control('POST', '/returns', createReturns),
	control('GET', '/invoices', ({ state }) => reply(200, state.invoices.list())),
	control('GET', '/labels', ({ state }) => reply(200, state.shipping.labels)),
	control('GET', '/packing-slips', ({ state }) =>
		reply(
			200,
			[...state.shipping.slips.keys()].map((id) => state.shipping.slip(id)),
		),
	),
	control('GET', '/requests', ({ state }) => reply(200, state.requests)),
	control('DELETE', '/requests', ({ state }) => {
		state.requests.length = 0;
		return reply(204);
	}),
	control('POST', '/clock', advanceClock),
	control('POST', '/expire-tokens', ({ state }) => {
		state.tokens.expireAll();
		return reply(204);
	}),
	control('POST', '/settle', async ({ state }) => {
		await state.queue.settle();
		return reply(200, { settled: true });
	}),
	control('POST', '/hold-settling', ({ state }) => {
		state.queue.hold();
		return reply(204);
	}),
	control('POST', '/release-settling', ({ state }) => {
		state.queue.release();
		return reply(204);
	}),
];
