import type { IDataObject } from 'n8n-workflow';

import { withSla } from '../helpers/sla';
import type { StreamDefinition, StreamEvent } from '../transport/streams';

/** The trigger's events (parameter `event`). Stable values: saved workflows depend on them. */
export type TriggerEventType = 'newOrder' | 'cancelRequested' | 'orderLineChanged';

export const TRIGGER_EVENTS: readonly TriggerEventType[] = [
	'newOrder',
	'cancelRequested',
	'orderLineChanged',
];

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
	/** stream: a stream event; dateWindow: found by the date-window search; orderSearch: a sample for "Fetch Test Event". */
	source: 'stream' | 'dateWindow' | 'orderSearch';
	streamId?: string;
	partitionId?: number;
	reasons?: string[];
}

/** A stream's objectType and query for an event (the order query's orderTypes decide marketplace/wholesale). */
export function streamDefinitionFor(filter: EventFilter): StreamDefinition {
	switch (filter.event) {
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

/** Whether a stream event is one the user asked for. */
export function streamEventMatches(filter: EventFilter, event: StreamEvent): boolean {
	const payload = event.payload;
	if (!orderPasses(orderOf(filter, payload), filter)) return false;
	switch (filter.event) {
		case 'newOrder':
			// obs: order events carry eventReasons ("create" for a new order). Without reasons, an order still awaiting
			// acknowledgement counts; the (dscoOrderId, newOrder) key keeps it to one delivery.
			if (event.eventReasons.length > 0) return event.eventReasons.includes('create');
			return AWAITING_ACK.has(String(payload.dscoLifecycle ?? '').toLowerCase());
		case 'cancelRequested':
			return cancelRequestedOn(payload);
		case 'orderLineChanged':
			return filter.lineChangeStatuses.includes(String(payload.status ?? ''));
	}
}

/**
 * The de-duplication key of a delivered event: (dscoOrderId, event). A new order is delivered once; a cancel request
 * once per order state (a second request after a rejection is a new state); a line change once per DSCO change
 * (its eventUuid).
 */
export function eventKey(
	filter: EventFilter,
	payload: IDataObject,
	eventId: string | null,
): string {
	const order = orderOf(filter, payload);
	const orderId = String(order.dscoOrderId ?? '');
	switch (filter.event) {
		case 'newOrder':
			return `newOrder:${orderId || eventId}`;
		case 'cancelRequested':
			return `cancelRequested:${orderId}:${String(payload.dscoLastUpdate ?? eventId)}`;
		case 'orderLineChanged':
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
