import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { ItemResults } from '../../helpers/items';
import { readOrderReference, readText, type OrderReference } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import { fetchOrder, orderNotFound } from '../../transport/orders';
import { orderReferenceProperties } from '../common';
import { lineReference, openQuantity, orderLines, type OrderLine } from '../lineItems';
import { cancelSync, type CancelEntry } from './cancelSync';

/** Code sent when neither the order nor its lines name the code the retailer requested. */
export const FALLBACK_CANCEL_CODE = 'CXSC';

export const description: INodeProperties[] = showOnlyFor('cancellation', 'respondToRequest', [
	{
		displayName:
			'Accepts the retailer’s cancel request by cancelling the requested lines with the requested code. DSCO has no call to reject one: to reject, ship the order (Shipment → Create).',
		name: 'respondNotice',
		type: 'notice',
		default: '',
	},
	...orderReferenceProperties(
		'The order with a cancel request from the retailer, one per input item',
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Reason',
				name: 'cancelledReason',
				type: 'string',
				default: '',
				placeholder: 'e.g. Cancelled at retailer request',
				description: 'Free text sent as cancelledReason with every cancelled line',
			},
		],
	},
]);

interface Request {
	ref: OrderReference;
	reason?: string;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this, items.length);
	const valid = results.validate<Request>((i) => {
		const ref = readOrderReference(this, i);
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const reason =
			extra.cancelledReason === undefined || extra.cancelledReason === ''
				? undefined
				: readText(this, i, 'Reason', extra.cancelledReason);
		return { ref, reason };
	});
	const accepted = new Map<string, number>();
	for (const { itemIndex: i, value } of valid) {
		const base: IDataObject = {
			orderId: value.ref.id,
			orderIdType: value.ref.type,
			response: 'accept',
		};
		try {
			results.set(i, { ...base, ...(await accept(this, client, i, value, accepted)) });
		} catch (error) {
			results.fail(i, error, base);
		}
	}
	return results.output();
}

async function accept(
	ctx: IExecuteFunctions,
	client: DscoClient,
	i: number,
	{ ref, reason }: Request,
	accepted: Map<string, number>,
): Promise<IDataObject> {
	const order = await fetchOrder(client, ref, i);
	if (!order) throw orderNotFound(ctx.getNode(), ref, i);
	const dscoOrderId = String(order.dscoOrderId ?? ref.id);
	const earlier = accepted.get(dscoOrderId);
	if (earlier !== undefined) {
		return {
			dscoOrderId,
			status: 'alreadyAccepted',
			message: `Item ${earlier} of this run already accepted the cancel request of DSCO order ${dscoOrderId}`,
		};
	}
	const lines = orderLines(order);
	const flagged = lines.filter((l) => l.cancelRequested === true);
	if (order.cancelRequested !== true && flagged.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`DSCO order ${dscoOrderId} has no cancel request from the retailer [item ${i}]`,
			{
				itemIndex: i,
				description:
					'Only orders with cancelRequested (on the order or its lines) can be accepted. Nothing was sent.',
			},
		);
	}
	// The lines the retailer asked to cancel; a request on the order alone covers every line.
	const requested = flagged.length ? flagged : lines;
	const open = requested.filter((l) => openQuantity(l) > 0);
	const requestedCode =
		typeof order.cancelRequestedCode === 'string' && order.cancelRequestedCode
			? order.cancelRequestedCode
			: undefined;
	if (open.length === 0) {
		return {
			dscoOrderId,
			status: 'nothingToCancel',
			cancelRequestedCode: requestedCode ?? null,
			message: `The requested lines of DSCO order ${dscoOrderId} have no open quantity (already shipped or cancelled): nothing was sent`,
		};
	}
	const codeOf = (line: OrderLine) =>
		(typeof line.cancelRequestedCode === 'string' && line.cancelRequestedCode) ||
		requestedCode ||
		FALLBACK_CANCEL_CODE;
	const entry: CancelEntry = {
		id: ref.id,
		type: ref.type,
		lineItems: open.map((line) => ({
			...lineReference(line),
			cancelledQuantity: openQuantity(line),
			cancelCode: codeOf(line),
			...(reason !== undefined ? { cancelledReason: reason } : {}),
		})),
	};
	const baseline = open.map((line) => ({
		line,
		quantity: openQuantity(line),
		cancelledBefore: Number(line.cancelledQuantity ?? 0),
	}));
	const { body, alreadyApplied, status } = await cancelSync(client, ref, i, entry, baseline);
	accepted.set(dscoOrderId, i);
	const json: IDataObject = {
		dscoOrderId,
		status,
		cancelRequestedCode: requestedCode ?? null,
		lineItems: entry.lineItems,
		requestId: body.requestId ?? null,
	};
	if (alreadyApplied) {
		json.resendSkipped = true;
		json.message =
			'The call failed after it may have reached DSCO; reading the order showed the lines cancelled, so it was not sent again';
	}
	return json;
}
