/**
 * Shipping documents: POST /shippinglabels, POST and GET /packingslip (see ../shipping.ts); the warehouses are in ./account.ts.
 * Rate limits: only the packing slip's are documented (15/s, 300/min, each operation).
 */
import { formatDate } from '../clock';
import { type Reply, badRequest, notFoundReply, reply } from '../http';
import { LIMITS } from '../rateLimit';
import type { Route, RouteContext } from '../router';
import { QueryReader } from './params';

function createLabels({ state, body }: RouteContext): Reply {
	const shipments = body as Array<Record<string, unknown>>;
	if (shipments.length === 0)
		return badRequest(
			[
				{
					code: 'VALIDATION_FAILED',
					severity: 'error',
					description: 'The request body must contain at least one shipment',
				},
			],
			state.clock.now(),
		);
	return reply(200, state.shipping.createLabels(state.origin, shipments));
}

function createSlip({ state, body }: RouteContext): Reply {
	const b = body as Record<string, unknown>;
	const now = state.clock.now();
	if (
		(b.dscoOrderId === undefined || b.dscoOrderId === null) &&
		(b.poNumber === undefined || b.poNumber === null || b.poNumber === '')
	) {
		return badRequest(
			[
				{
					code: 'VALIDATION_FAILED',
					severity: 'error',
					description: 'The order must include at least one identifier: dscoOrderId or poNumber',
				},
			],
			now,
		);
	}
	const slip = state.shipping.requestSlip(b);
	if (slip.status === 'success')
		return reply(200, {
			requestId: slip.requestId,
			url: state.shipping.slipAnswer(state.origin, slip).url,
		});
	return reply(202, { status: 'pending', requestId: slip.requestId, eventDate: formatDate(now) });
}

function getSlip({ state, query }: RouteContext): Reply {
	const q = new QueryReader(query);
	const requestId = q.required('requestId');
	if (!q.ok || requestId === undefined) return badRequest(q.messages, state.clock.now());
	const slip = state.shipping.slip(requestId);
	if (!slip) return notFoundReply(`No packing slip request ${requestId}`, state.clock.now());
	return reply(200, state.shipping.slipAnswer(state.origin, slip));
}

export const shippingRoutes: Route[] = [
	{
		method: 'POST',
		path: '/shippinglabels',
		schema: 'createShippingLabels',
		handler: createLabels,
	},
	{
		method: 'POST',
		path: '/packingslip',
		schema: 'createPackingSlip',
		rateLimit: LIMITS.packingSlip,
		handler: createSlip,
	},
	{ method: 'GET', path: '/packingslip', rateLimit: LIMITS.packingSlip, handler: getSlip },
];
