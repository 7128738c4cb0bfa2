import type { IDataObject } from 'n8n-workflow';

/** Lifecycles in which DSCO still expects an acknowledgement. */
const AWAITING_ACK = new Set(['received', 'created']);
/** Statuses after which nothing more needs to ship. */
const DONE_SHIPPING = new Set(['shipped', 'cancelled']);

function time(value: unknown): number | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	const t = Date.parse(value);
	return Number.isNaN(t) ? undefined : t;
}

function hoursUntil(deadline: number | undefined, now: number): number | null {
	return deadline === undefined ? null : Math.round(((deadline - now) / 3_600_000) * 10) / 10;
}

/**
 * Service-level fields computed from an order's own dates (added as `sla` to every order the node outputs):
 * - acknowledgeOverdue: still awaiting acknowledgement (lifecycle received/created) and past acknowledgeByDate
 * - hoursUntilAcknowledgeBy: hours to acknowledgeByDate (negative once past; null when the order has none)
 * - shipOverdue: not completed, shipped or cancelled and past shipByDate
 * - hoursUntilShipBy: hours to shipByDate (negative once past; null when none)
 * - cancelAfterPassed: past cancelAfterDate (the retailer may cancel the order)
 * - evaluatedAt: when these were computed (ISO 8601)
 */
export function computeSla(order: IDataObject, now: number = Date.now()): IDataObject {
	const lifecycle = String(order.dscoLifecycle ?? '').toLowerCase();
	const status = String(order.dscoStatus ?? '').toLowerCase();
	const ackBy = time(order.acknowledgeByDate);
	const shipBy = time(order.shipByDate);
	const cancelAfter = time(order.cancelAfterDate);
	const awaitingAck = AWAITING_ACK.has(lifecycle);
	const awaitingShipment = lifecycle !== 'completed' && !DONE_SHIPPING.has(status);
	return {
		acknowledgeOverdue: awaitingAck && ackBy !== undefined && now > ackBy,
		hoursUntilAcknowledgeBy: hoursUntil(ackBy, now),
		shipOverdue: awaitingShipment && shipBy !== undefined && now > shipBy,
		hoursUntilShipBy: hoursUntil(shipBy, now),
		cancelAfterPassed: cancelAfter !== undefined && now > cancelAfter,
		evaluatedAt: new Date(now).toISOString(),
	};
}

/** The order with its `sla` fields; the input object is not changed. */
export function withSla(order: IDataObject, now: number = Date.now()): IDataObject {
	return { ...order, sla: computeSla(order, now) };
}
