import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { errorItemOrThrow, invalidInput, quote } from '../../helpers/items';
import {
	ORDER_KEYS,
	orderKeyIn,
	readDate,
	readOrderReference,
	type OrderReference,
} from '../../helpers/validation';
import { sendBatched } from '../../writes/batchWrite';
import type { DscoClient } from '../../transport/client';
import { OrderReader } from '../../transport/orders';
import { orderReferenceProperties } from '../common';
import {
	lineItemsProperties,
	lineReference,
	openQuantity,
	orderLines,
	readLineItems,
	type LineItemsSpec,
} from '../lineItems';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';

/** Lines of an EST_SHIP_DATE update: an item identifier (no line number in that payload), optionally their own date. */
export const SHIP_DATE_LINES: LineItemsSpec = {
	lineNumber: false,
	numericDscoItemId: true,
	description: 'line whose estimated ship date changes',
	jsonExample: '[\n  {\n    "sku": "SKU-1"\n  }\n]',
	fields: [
		// JSON only: a line's own date instead of the item's.
		{
			name: 'estimatedShipDate',
			displayName: 'Estimated Ship Date',
			read: (ctx, i, field, value) => readDate(ctx, i, field, value),
		},
	],
};

const onlyListed = (properties: INodeProperties[]) =>
	properties.map((p) => ({
		...p,
		displayOptions: { show: { ...p.displayOptions?.show, lineSelection: ['listed'] } },
	}));

export const description: INodeProperties[] = showOnlyFor('order', 'updateEstimatedShipDate', [
	...orderReferenceProperties('The order to update, one per input item'),
	{
		displayName: 'Estimated Ship Date',
		name: 'estimatedShipDate',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'When the lines are now expected to ship (ISO 8601)',
	},
	{
		displayName: 'Lines',
		name: 'lineSelection',
		type: 'options',
		options: [
			{
				name: 'All Open Lines',
				value: 'all',
				description: 'Read the order and update every line not yet shipped or cancelled',
			},
			{ name: 'Listed Lines', value: 'listed', description: 'Update only the lines given below' },
		],
		default: 'all',
		description: 'Which lines of the order get the new date',
	},
	...onlyListed(lineItemsProperties(SHIP_DATE_LINES)),
	asyncWriteOptions(),
]);

interface UpdateEntry extends IDataObject {
	dscoOrderId?: number;
	poNumber?: string;
	supplierOrderNumber?: string;
	updateType: 'EST_SHIP_DATE';
	payload: IDataObject[];
}

export function orderUpdateKey(payload: IDataObject): string | undefined {
	return orderKeyIn(payload)?.pairing;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const options = readAsyncWriteOptions(this);
	const refs = new Map<number, OrderReference>();
	const dates = new Map<number, string>();
	const allLines = new Set<number>();
	const orders = new OrderReader(client);

	return await sendBatched<UpdateEntry>(this, client, items, {
		path: '/orderupdate/batch/small',
		noun: 'estimated ship date update',
		// Setting the same date twice has no further effect.
		idempotent: true,
		read: (i) => {
			const ref = readOrderReference(this, i);
			const date = readDate(
				this,
				i,
				'Estimated Ship Date',
				this.getNodeParameter('estimatedShipDate', i, ''),
			);
			const selection = this.getNodeParameter('lineSelection', i, 'all') as string;
			let payload: IDataObject[] = [];
			if (selection === 'listed') {
				payload = readLineItems(this, i, SHIP_DATE_LINES).map((line) => ({
					...line,
					estimatedShipDate: line.estimatedShipDate ?? date,
				}));
			} else if (selection === 'all') {
				allLines.add(i);
			} else {
				throw invalidInput(this, i, 'Lines', `${quote(selection)} is not one of all, listed`);
			}
			const entry: UpdateEntry = { updateType: 'EST_SHIP_DATE', payload };
			if (ref.type === 'DSCO_ORDER_ID') {
				// The orderupdate schema types dscoOrderId as a number.
				const n = Number(ref.id);
				if (!Number.isSafeInteger(n))
					throw invalidInput(this, i, ref.field, `${ref.id} is too large for a DSCO order ID`);
				entry.dscoOrderId = n;
			} else {
				entry[ref.key as 'poNumber' | 'supplierOrderNumber'] = ref.id;
			}
			refs.set(i, ref);
			dates.set(i, date);
			return entry;
		},
		describe: (entry) => {
			const key = orderKeyIn(entry)?.key ?? 'dscoOrderId';
			return {
				orderId: String(entry[key] ?? ''),
				orderIdType: ORDER_KEYS[key].type,
				lineItems: entry.payload,
			};
		},
		preflight: async (valid) => {
			const settled = new Map<number, IDataObject>();
			for (const { itemIndex: i, value } of valid) {
				if (!allLines.has(i)) continue;
				try {
					const order = await orders.require(refs.get(i)!, i);
					const seen = new Set<string>();
					for (const line of orderLines(order).filter((l) => openQuantity(l) > 0)) {
						const ref = lineReference(line, { lineNumber: false, numericDscoItemId: true });
						const id = JSON.stringify(ref);
						if (Object.keys(ref).length === 0 || seen.has(id)) continue;
						seen.add(id);
						value.payload.push({ ...ref, estimatedShipDate: dates.get(i)! });
					}
					if (value.payload.length === 0) {
						throw invalidInput(
							this,
							i,
							'Lines',
							`DSCO order ${String(order.dscoOrderId)} has no open lines (all shipped or cancelled); nothing to update`,
						);
					}
				} catch (error) {
					const ref = refs.get(i)!;
					const failed = errorItemOrThrow(this, error, i, {
						orderId: ref.id,
						orderIdType: ref.type,
					});
					settled.set(i, failed.json);
				}
			}
			return settled;
		},
		verify: {
			kind: 'order',
			key: orderUpdateKey,
			wait: options.waitForResult,
			timeoutMs: options.waitTimeoutMs,
		},
	});
}
