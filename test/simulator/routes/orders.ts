/**
 * Order reads and writes: GET /order/ (by key), GET /order/page (search with scroll), and the supplier writes
 * (acknowledge, acknowledge lines, shipments, cancellations, order updates).
 */
import { SECOND } from '../clock';
import { type Reply, badRequest, notFoundReply, reply } from '../http';
import type {
	AcknowledgeInput,
	AcknowledgeItemsInput,
	OrderForCancel,
	OrderKey,
	OrderUpdateInput,
	ShipmentsForUpdate,
} from '../orders';
import { LIMITS } from '../rateLimit';
import type { Route, RouteContext } from '../router';
import { QueryReader } from './params';
import { acceptBatch, created, runSync } from './writes';

const ORDER_KEYS: readonly OrderKey[] = ['dscoOrderId', 'poNumber', 'supplierOrderNumber'];
const STATUSES = ['created', 'shipment_pending', 'shipped', 'cancelled'] as const;
/** `until` must be at least this far in the past (vendor document). */
const UNTIL_MIN_AGE_MS = 5 * SECOND;
const MAX_PER_PAGE = 1000;

function getOrder({ state, query }: RouteContext): Reply {
	const q = new QueryReader(query);
	const key = q.required('orderKey') && q.oneOf('orderKey', ORDER_KEYS);
	const value = q.required('value');
	const returnMultiple = q.bool('returnMultiple');
	if (!q.ok || !key || value === undefined) return badRequest(q.messages, state.clock.now());
	const orders = state.orders.lookup(key, value);
	if (orders.length === 0)
		return notFoundReply(`Order not found: ${key} ${value}`, state.clock.now());
	return reply(200, returnMultiple ? orders : orders[0]);
}

function getOrderPage({ state, query }: RouteContext): Reply {
	const now = state.clock.now();
	const q = new QueryReader(query);
	const scrollId = q.string('scrollId');
	if (scrollId !== undefined) {
		const page = state.orderScrolls.next<string>(scrollId);
		if (!page) return notFoundReply(`No page for scrollId ${scrollId}: unknown or expired`, now);
		return reply(200, orderPageJson(scrollId, page.items));
	}
	const perPage = q.integer('ordersPerPage', 10, MAX_PER_PAGE) ?? MAX_PER_PAGE;
	const statuses = q.manyOf('status', STATUSES);
	const includeTestOrders = q.bool('includeTestOrders') ?? false;
	const returnedOnly = q.bool('returnedOnly');
	const consumerOrderNumber = q.string('consumerOrderNumber');
	const createdSince = q.date('ordersCreatedSince');
	const updatedSince = q.date('ordersUpdatedSince');
	const until = q.date('until');
	if (consumerOrderNumber === undefined && q.ok) {
		if (createdSince === undefined && updatedSince === undefined)
			q.fail('ordersCreatedSince or ordersUpdatedSince is required');
		if (createdSince !== undefined && updatedSince !== undefined) {
			q.fail('Only one of ordersCreatedSince or ordersUpdatedSince may be given');
		}
		if (until === undefined) q.fail('until is required');
		else if (until > now - UNTIL_MIN_AGE_MS) q.fail('until must be at least 5 seconds in the past');
	}
	if (!q.ok) return badRequest(q.messages, now);
	const orders = state.orders
		.search({
			createdSince,
			updatedSince,
			until,
			consumerOrderNumber,
			statuses,
			includeTestOrders,
			returnedOnly,
		})
		.map((order) => JSON.stringify(order));
	const page = state.orderScrolls.start(orders, perPage);
	return reply(200, orderPageJson(page.scrollId, page.items));
}

/**
 * A page of `GET /order/page` as the JSON text sent: `{ scrollId?, orders }`. A search keeps its result set as each
 * order's JSON, taken when the search ran, so that its scroll pages through the orders as they were then (later
 * writes do not show, as with a copy of each order) and a page costs a join, not a serialisation of 1,000 orders.
 */
function orderPageJson(scrollId: string | undefined, orders: string[]): string {
	return `{${scrollId ? `"scrollId":${JSON.stringify(scrollId)},` : ''}"orders":[${orders.join(',')}]}`;
}

export const orderRoutes: Route[] = [
	{ method: 'GET', path: '/order', rateLimit: LIMITS.orderGet, handler: getOrder },
	{ method: 'GET', path: '/order/page', rateLimit: LIMITS.orderGet, handler: getOrderPage },
	{
		method: 'POST',
		path: '/order/acknowledge',
		schema: 'acknowledgeOrders',
		batch: true,
		rateLimit: LIMITS.acknowledge,
		handler: (ctx) =>
			acceptBatch<AcknowledgeInput>(ctx, 'order', (item) => ctx.state.orders.acknowledge(item)),
	},
	{
		method: 'POST',
		path: '/order/acknowledge/items',
		schema: 'acknowledgeOrderItems',
		batch: true,
		rateLimit: LIMITS.acknowledge,
		handler: (ctx) =>
			acceptBatch<AcknowledgeItemsInput>(ctx, 'order', (item) =>
				ctx.state.orders.acknowledgeItems(item),
			),
	},
	{
		method: 'POST',
		path: '/order/singleShipment',
		schema: 'singleShipment',
		rateLimit: LIMITS.singleShipment,
		handler: (ctx) =>
			runSync<ShipmentsForUpdate>(ctx, 'order', (body) => ctx.state.orders.ship(body), created),
	},
	{
		method: 'POST',
		path: '/order/shipment/batch/small',
		schema: 'createShipmentSmallBatch',
		batch: true,
		handler: (ctx) =>
			acceptBatch<ShipmentsForUpdate>(ctx, 'order', (item) => ctx.state.orders.ship(item)),
	},
	{
		method: 'POST',
		path: '/order/item/cancel',
		schema: 'cancelOrderItem',
		handler: (ctx) =>
			runSync<OrderForCancel>(
				ctx,
				'order',
				(body) => ctx.state.orders.cancel(body),
				(requestId, eventDate) => reply(200, { status: 'success', requestId, eventDate }),
			),
	},
	{
		method: 'POST',
		path: '/order/item/cancel/batch/small',
		schema: 'cancelOrderItemSmallBatch',
		batch: true,
		handler: (ctx) =>
			acceptBatch<OrderForCancel>(ctx, 'order', (item) => ctx.state.orders.cancel(item)),
	},
	{
		method: 'POST',
		path: '/orderupdate/batch/small',
		schema: 'updateOrderSmallBatch',
		batch: true,
		handler: (ctx) =>
			acceptBatch<OrderUpdateInput>(ctx, 'order', (item) => ctx.state.orders.update(item)),
	},
];
