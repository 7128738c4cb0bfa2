import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { invalidInput, quote } from '../../helpers/items';
import {
	readDate,
	readIdentifier,
	readOrderReference,
	readQuantity,
	readText,
	type OrderReference,
} from '../../helpers/validation';
import { sendBatched } from '../../writes/batchWrite';
import type { DscoClient } from '../../transport/client';
import { OrderReader } from '../../transport/orders';
import { readCancelCode } from '../cancellation/cancelCodes';
import {
	cancelledStates,
	checkCancelledLines,
	type CancelTarget,
} from '../cancellation/cancelSync';
import { orderReferenceProperties, supplierOrderNumberField } from '../common';
import {
	findOrderLine,
	lineItemsProperties,
	readLineItems,
	type LineItemsSpec,
	type OrderLine,
} from '../lineItems';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';

const optionalQuantity = (ctx: IExecuteFunctions, i: number, field: string, value: unknown) =>
	readQuantity(ctx, i, field, value, { min: 0 });
const text = (ctx: IExecuteFunctions, i: number, field: string, value: unknown) =>
	readText(ctx, i, field, value);

/** Lines of POST /order/acknowledge/items (OrderLineItemAck). */
export const ACK_LINES: LineItemsSpec = {
	lineNumber: true,
	description: 'line to acknowledge',
	jsonExample: '[\n  {\n    "sku": "SKU-1",\n    "acceptedQuantity": 1\n  }\n]',
	fields: [
		{
			name: 'acceptedQuantity',
			displayName: 'Accepted Quantity',
			uiEmpty: 0,
			property: {
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'How many of the line you accept; 0 = not given (DSCO accepts what is open, less any cancelled quantity)',
			},
			read: optionalQuantity,
		},
		{
			name: 'cancelledQuantity',
			displayName: 'Cancelled Quantity',
			uiEmpty: 0,
			property: {
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'How many of the line you cancel (needs a Cancel Code); 0 = none',
			},
			read: optionalQuantity,
		},
		{
			name: 'cancelCode',
			displayName: 'Cancel Code',
			property: {
				type: 'string',
				default: '',
				placeholder: 'e.g. CXSS',
				description:
					'Needed with a cancelled quantity: CXSS out of stock, CXSD discontinued, CXSN not enough stock, CXSB bad address, CXSI invalid ship instructions, CXST cannot ship on time, CXSC retailer request, CXSO other, or a code your retailer enabled',
			},
			read: readCancelCode,
		},
		{
			name: 'estimatedShipDate',
			displayName: 'Estimated Ship Date',
			property: { type: 'dateTime', default: '', description: 'When the line is expected to ship' },
			read: (ctx, i, field, value) => readDate(ctx, i, field, value),
		},
		// JSON only.
		{ name: 'acceptedReason', displayName: 'Accepted Reason', read: text },
		{ name: 'cancelledReason', displayName: 'Cancelled Reason', read: text },
		{ name: 'backOrderQuantity', displayName: 'Back Order Quantity', read: optionalQuantity },
		{
			name: 'acknowledged',
			displayName: 'Acknowledged',
			read: (ctx, i, field, value) => {
				if (typeof value !== 'boolean')
					throw invalidInput(ctx, i, field, `${quote(value)} is not true or false`);
				return value;
			},
		},
	],
	check: (ctx, i, label, line) => {
		if (Number(line.cancelledQuantity ?? 0) > 0 && line.cancelCode === undefined) {
			throw invalidInput(
				ctx,
				i,
				`${label} › Cancel Code`,
				'a line with a cancelled quantity needs a cancel code, e.g. CXSS (out of stock)',
			);
		}
	},
};

export const description: INodeProperties[] = showOnlyFor('acknowledgment', 'acknowledgeLines', [
	...orderReferenceProperties('The order whose lines to acknowledge, one per input item'),
	...lineItemsProperties(ACK_LINES),
	supplierOrderNumberField,
	asyncWriteOptions(),
]);

interface AckLinesEntry extends IDataObject {
	id: string;
	type: string;
	supplierOrderNumber?: string;
	lineItems: IDataObject[];
}

/** Whether an entry cancels a quantity: the only part of a line acknowledgment that a repeat applies again. */
const cancelsSome = (entry: AckLinesEntry) =>
	entry.lineItems.some((line) => Number(line.cancelledQuantity ?? 0) > 0);

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const options = readAsyncWriteOptions(this);
	const refs = new Map<number, OrderReference>();
	/** Per entry that cancels, its order lines as read before sending: the baseline to compare with after a lost answer. */
	const targets = new Map<number, CancelTarget>();
	return await sendBatched<AckLinesEntry>(this, client, items, {
		path: '/order/acknowledge/items',
		noun: 'line acknowledgment',
		verify: {
			kind: 'order',
			key: (p) => (p.id !== undefined ? `${String(p.type ?? '')}:${String(p.id)}` : undefined),
			wait: options.waitForResult,
			timeoutMs: options.waitTimeoutMs,
		},
		// Accepting quantities or dating lines again changes nothing, but a cancelled quantity is added again: entries
		// that cancel are re-sent after an ambiguous failure only when neither DSCO's change log nor the order shows them.
		idempotent: false,
		recheck: {
			safeToRepeat: (entry) => !cancelsSome(entry),
			read: async (entries) =>
				await cancelledStates(
					client,
					entries.map(({ itemIndex }) => ({ itemIndex, target: targets.get(itemIndex) })),
					targets,
					'the order could not be read before sending, so there is nothing to compare with',
				),
			whatToCheck: (_entry, i) => checkCancelledLines(refs.get(i)!),
		},
		// Reads, before sending, the orders of entries that cancel: what a check after a lost answer compares with.
		preflight: async (valid) => {
			const orders = new OrderReader(client);
			for (const { itemIndex: i, value } of valid) {
				if (!cancelsSome(value)) continue;
				let order;
				try {
					order = await orders.read(refs.get(i)!, i);
				} catch (error) {
					// Sent anyway: only a lost answer would need the baseline, and then the entry is not sent again.
					this.logger.warn(
						`DSCO: could not read the order of item ${i} before acknowledging its lines: ${(error as Error).message}`,
					);
					continue;
				}
				if (!order) continue; // DSCO fails the entry itself; its change log says so.
				const lines = new Map<OrderLine, number>();
				for (const line of value.lineItems) {
					const quantity = Number(line.cancelledQuantity ?? 0);
					const orderLine = quantity > 0 ? findOrderLine(order, line) : undefined;
					if (orderLine) lines.set(orderLine, (lines.get(orderLine) ?? 0) + quantity);
				}
				if (lines.size) targets.set(i, { ref: refs.get(i)!, lines });
			}
			return new Map<number, IDataObject>();
		},
		read: (i) => {
			const ref = readOrderReference(this, i);
			refs.set(i, ref);
			const entry: AckLinesEntry = {
				id: ref.id,
				type: ref.type,
				lineItems: readLineItems(this, i, ACK_LINES),
			};
			const extra = this.getNodeParameter('additionalFields', i, {}) as {
				supplierOrderNumber?: unknown;
			};
			if (extra.supplierOrderNumber !== undefined && extra.supplierOrderNumber !== '') {
				entry.supplierOrderNumber = readIdentifier(
					this,
					i,
					'Supplier Order Number',
					'supplierOrderNumber',
					extra.supplierOrderNumber,
				);
			}
			return entry;
		},
		describe: (entry) => ({
			orderId: entry.id,
			orderIdType: entry.type,
			lineItems: entry.lineItems,
		}),
	});
}
