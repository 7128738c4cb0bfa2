import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import { withSla } from '../helpers/sla';
import { stableJson } from '../helpers/stableJson';
import type { StreamDefinition, StreamEvent } from '../transport/streams';

/** The trigger's events (parameter `event`). Stable values: saved workflows depend on them. */
export type TriggerEventType =
	| 'newOrder'
	| 'cancelRequested'
	| 'orderLineChanged'
	| 'newReturn'
	| 'catalogItemChanged';

export const TRIGGER_EVENTS: readonly TriggerEventType[] = [
	'newOrder',
	'cancelRequested',
	'orderLineChanged',
	'newReturn',
	'catalogItemChanged',
];

/** Events about orders: the order-type and test-order options and Simplify apply to them. */
export const ORDER_EVENTS: readonly TriggerEventType[] = [
	'newOrder',
	'cancelRequested',
	'orderLineChanged',
];

/**
 * Events that can also be read by a search over a date window (`/order/page`, `/return/page`) for accounts
 * without streams. Catalog items have no such search in the vendor document (`/catalog` finds one item by key;
 * `/catalog/log` lists change requests for two weeks, not the items' changes), so Catalog Item Changed is
 * streams only.
 */
export const DATE_WINDOW_EVENTS: readonly TriggerEventType[] = ['newOrder', 'newReturn'];

export const ORDER_TYPES = ['dropship', 'marketplace', 'wholesale'] as const;
export const LINE_CHANGE_STATUSES = ['shipped', 'cancelled'] as const;

/** What decides which events the trigger delivers (from the node's parameters). */
export interface EventFilter {
	event: TriggerEventType;
	/** DSCO order types to deliver (DSCO's own default is dropship only). */
	orderTypes: string[];
	includeTestOrders: boolean;
	/** orderLineChanged only: shipped and/or cancelled. */
	lineChangeStatuses: string[];
	simplify: boolean;
}

/** Where an output item came from, added to every item as `triggerEvent`. */
export interface EventOrigin {
	/** The stream event's id (its position), or null in date-window mode. */
	id: string | null;
	/**
	 * stream: a stream event; dateWindow: found by the date-window search; orderSearch / returnSearch: a sample for
	 * "Fetch Test Event".
	 */
	source: 'stream' | 'dateWindow' | 'orderSearch' | 'returnSearch';
	streamId?: string;
	partitionId?: number;
	reasons?: string[];
}

/**
 * A stream's objectType and query for an event (the order query's orderTypes decide marketplace/wholesale). A new
 * return is a return DSCO still has in status `created` (no line accepted or rejected yet): the ReturnQuery's
 * `statuses` leaves out the events of returns already acknowledged or completed. Catalog changes come from the
 * `catalog` stream, whose payload is the ItemCatalog as DSCO stores it after the change (`catalogchangelog` carries
 * the outcome of change requests instead).
 */
export function streamDefinitionFor(filter: EventFilter): StreamDefinition {
	switch (filter.event) {
		case 'newReturn':
			return { objectType: 'returns', query: { queryType: 'returns', statuses: ['created'] } };
		case 'catalogItemChanged':
			return { objectType: 'catalog', query: { queryType: 'catalog' } };
		case 'orderLineChanged':
			return {
				objectType: 'orderitemchange',
				query: { queryType: 'orderitemchange', statuses: [...filter.lineChangeStatuses].sort() },
			};
		case 'cancelRequested':
			return {
				objectType: 'order',
				query: {
					queryType: 'order',
					orderTypes: [...filter.orderTypes].sort(),
					onlyIncludeCancelRequests: true,
				},
			};
		default:
			return {
				objectType: 'order',
				query: { queryType: 'order', orderTypes: [...filter.orderTypes].sort() },
			};
	}
}

const AWAITING_ACK = new Set(['received', 'created']);

function orderTypeOf(order: IDataObject): string {
	return typeof order.orderType === 'string' && order.orderType
		? order.orderType.toLowerCase()
		: 'dropship';
}

/** Whether the order passes the order-type and test-order options. */
export function orderPasses(order: IDataObject, filter: EventFilter): boolean {
	if (!filter.includeTestOrders && order.testFlag === true) return false;
	return filter.orderTypes.includes(orderTypeOf(order));
}

export function cancelRequestedOn(order: IDataObject): boolean {
	if (order.cancelRequested === true) return true;
	const lines = Array.isArray(order.lineItems) ? (order.lineItems as IDataObject[]) : [];
	return lines.some((l) => l && l.cancelRequested === true);
}

/** The order an event is about (the payload itself, or an OrderItemChange's `order`). */
function orderOf(filter: EventFilter, payload: IDataObject): IDataObject {
	if (filter.event === 'orderLineChanged') {
		return payload.order && typeof payload.order === 'object' ? (payload.order as IDataObject) : {};
	}
	return payload;
}

/** Whether a return is still new: DSCO sets `created` until a line is accepted or rejected. */
export function returnIsNew(ret: IDataObject): boolean {
	return ret.status === undefined || String(ret.status).toLowerCase() === 'created';
}

/** Whether a stream event is one the user asked for. */
export function streamEventMatches(filter: EventFilter, event: StreamEvent): boolean {
	const payload = event.payload;
	if (filter.event === 'newReturn') return returnIsNew(payload);
	if (filter.event === 'catalogItemChanged') return true;
	if (!orderPasses(orderOf(filter, payload), filter)) return false;
	switch (filter.event) {
		case 'newOrder':
			// obs: order events carry eventReasons ("create" for a new order). Without reasons, an order still awaiting
			// acknowledgement counts; the (dscoOrderId, newOrder) key keeps it to one delivery.
			if (event.eventReasons.length > 0) return event.eventReasons.includes('create');
			return AWAITING_ACK.has(String(payload.dscoLifecycle ?? '').toLowerCase());
		case 'cancelRequested':
			return cancelRequestedOn(payload);
		default:
			return filter.lineChangeStatuses.includes(String(payload.status ?? ''));
	}
}

/** A field's value as text, empty when it is absent or null. */
function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/** A short digest of a payload, the same for the same content whatever the order of its fields. */
function contentDigest(payload: IDataObject): string {
	return createHash('sha256').update(stableJson(payload)).digest('hex').slice(0, 16);
}

/**
 * The de-duplication key of a delivered event. A new order is delivered once (dscoOrderId); a cancel request once
 * per order state (a second request after a rejection is a new state); a line change once per DSCO change (its
 * eventUuid). A new return once (dscoReturnId): the supplier's own updates keep a return `created` until it is
 * completed, and must not start the workflow again. A catalog change once per item state: ItemCatalog has no change
 * id and `dscoLastUpdateDate` has whole seconds, so two changes of one item within a second share it; the item's
 * id with a digest of the whole payload tells them apart, while a re-delivered event (same content) is suppressed.
 */
export function eventKey(
	filter: EventFilter,
	payload: IDataObject,
	eventId: string | null,
): string {
	if (filter.event === 'newReturn') return `newReturn:${textOf(payload.dscoReturnId) || eventId}`;
	if (filter.event === 'catalogItemChanged') {
		const item = textOf(payload.dscoItemId) || textOf(payload.sku) || eventId;
		return `catalogItemChanged:${item}:${contentDigest(payload)}`;
	}
	const order = orderOf(filter, payload);
	const orderId = String(order.dscoOrderId ?? '');
	switch (filter.event) {
		case 'newOrder':
			return `newOrder:${orderId || eventId}`;
		case 'cancelRequested':
			return `cancelRequested:${orderId}:${String(payload.dscoLastUpdate ?? eventId)}`;
		default:
			return `orderLineChanged:${orderId}:${String(payload.eventUuid ?? eventId)}`;
	}
}

const ORDER_SUMMARY_FIELDS = [
	'dscoOrderId',
	'poNumber',
	'supplierOrderNumber',
	'consumerOrderNumber',
	'orderType',
	'dscoLifecycle',
	'dscoStatus',
	'testFlag',
	'cancelRequested',
	'cancelRequestedCode',
	'dscoCreateDate',
	'dscoLastUpdate',
	'acknowledgeByDate',
	'shipByDate',
	'cancelAfterDate',
	'shipCarrier',
	'shipMethod',
	'shippingServiceLevelCode',
	'shipping',
];

const LINE_SUMMARY_FIELDS = [
	'lineNumber',
	'sku',
	'partnerSku',
	'dscoItemId',
	'upc',
	'ean',
	'quantity',
	'status',
	'cancelRequested',
	'cancelRequestedCode',
];

function pick(source: IDataObject, fields: string[]): IDataObject {
	const out: IDataObject = {};
	for (const f of fields) if (source[f] !== undefined) out[f] = source[f];
	return out;
}

function summarizeLines(lines: unknown): IDataObject[] {
	return (Array.isArray(lines) ? (lines as IDataObject[]) : []).map((l) =>
		pick(l ?? {}, LINE_SUMMARY_FIELDS),
	);
}

/** The order with its SLA fields; with Simplify, only the fields most workflows use. */
function orderJson(order: IDataObject, simplify: boolean, now: number): IDataObject {
	if (!simplify) return withSla(order, now);
	return withSla(
		{ ...pick(order, ORDER_SUMMARY_FIELDS), lineItems: summarizeLines(order.lineItems) },
		now,
	);
}

/** One output item's json for an event payload (the input is not changed). */
export function eventJson(
	filter: EventFilter,
	payload: IDataObject,
	origin: EventOrigin,
	now: number,
): IDataObject {
	const triggerEvent: IDataObject = { type: filter.event, ...origin };
	// Returns and catalog items go out as DSCO gives them.
	if (!ORDER_EVENTS.includes(filter.event)) return { ...payload, triggerEvent };
	if (filter.event !== 'orderLineChanged')
		return { ...orderJson(payload, filter.simplify, now), triggerEvent };
	const order = orderOf(filter, payload);
	if (!filter.simplify) return { ...payload, order: withSla(order, now), triggerEvent };
	return {
		...pick(payload, ['eventUuid', 'status', 'trackingNumber', 'cancelCode']),
		dscoOrderId: order.dscoOrderId,
		poNumber: order.poNumber,
		supplierOrderNumber: order.supplierOrderNumber,
		lineItems: summarizeLines(payload.lineItems),
		triggerEvent,
	};
}
