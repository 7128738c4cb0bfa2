import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import type { OrderReference } from '../helpers/validation';
import { ORDER } from './answers';
import type { DscoClient } from './client';

/** Pause before reading an order a second time to check a write after an ambiguous failure (DSCO's reads lag). */
export const ORDER_RECHECK_PAUSE_MS = 2000;

/** Reads one order by DSCO order ID, PO number or supplier order number; undefined when DSCO answers 404. */
export async function fetchOrder(
	client: DscoClient,
	ref: OrderReference,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const res = await client.request<IDataObject>({
		method: 'GET',
		path: '/order/',
		qs: { orderKey: ref.key, value: ref.id },
		itemIndexes: itemIndex,
		acceptStatuses: [404],
		answer: ORDER,
	});
	// Only DSCO's 404 means "no such order"; any other answer is an Order (checked by the transport).
	return res.status === 404 ? undefined : res.body;
}

/** The error for an order that DSCO does not know. */
export function orderNotFound(
	node: INode,
	ref: OrderReference,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`Order not found: no DSCO order with ${ref.key} "${ref.id}" [item ${itemIndex}]`,
		{
			itemIndex,
			description:
				'Check the order (Order, or Order ID and Order ID Type; Order Key and Value on Order → Get). New orders can take a few seconds to become readable.',
		},
	);
}

/**
 * Caches order reads within one execution, so that several input items of one order read it once. Reads of
 * the same order are shared; `forget` drops an order whose state changed.
 */
export class OrderReader {
	private readonly cache = new Map<string, Promise<IDataObject | undefined>>();

	constructor(private readonly client: DscoClient) {}

	read(ref: OrderReference, itemIndex: number): Promise<IDataObject | undefined> {
		const key = `${ref.type}:${ref.id}`;
		let pending = this.cache.get(key);
		if (!pending) {
			pending = fetchOrder(this.client, ref, itemIndex);
			this.cache.set(key, pending);
			pending.catch(() => this.cache.delete(key));
		}
		return pending;
	}

	/** Reads the order, or fails naming the item when DSCO has none. */
	async require(ref: OrderReference, itemIndex: number): Promise<IDataObject> {
		const order = await this.read(ref, itemIndex);
		if (!order) throw orderNotFound(this.client.node, ref, itemIndex);
		return order;
	}

	forget(ref: OrderReference) {
		this.cache.delete(`${ref.type}:${ref.id}`);
	}
}
