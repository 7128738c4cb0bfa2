import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { errorItemOrThrow, invalidInput } from '../../helpers/items';
import {
	readOrderReference,
	readQuantity,
	readText,
	type OrderReference,
} from '../../helpers/validation';
import { WRITE_ACCEPT } from '../../transport/answers';
import { sendBatched } from '../../writes/batchWrite';
import { sendEach } from '../../writes/singleWrite';
import type { DscoClient } from '../../transport/client';
import { OrderReader } from '../../transport/orders';
import { orderReferenceProperties } from '../common';
import {
	describeLineRef,
	findOrderLine,
	lineItemsProperties,
	openQuantity,
	readLineItems,
	type LineItemsSpec,
	type OrderLine,
} from '../lineItems';
import { readSendMode, sendModeProperties, waitOnlyInBatch, type SendModeSpec } from '../sendMode';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';
import { cancelCodeProperties, readCancelCode, readChosenCancelCode } from './cancelCodes';
import {
	cancelledCheck,
	cancelledStates,
	checkCancelledLines,
	type CancelBaseline,
	type CancelEntry,
	type CancelTarget,
} from './cancelSync';

export const CANCEL_LINES: LineItemsSpec = {
	lineNumber: true,
	description: 'line to cancel',
	jsonExample: '[\n  {\n    "sku": "SKU-1",\n    "cancelledQuantity": 1\n  }\n]',
	fields: [
		{
			name: 'cancelledQuantity',
			displayName: 'Cancelled Quantity',
			required: true,
			property: {
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'How many of the line’s items to cancel',
			},
			read: (ctx, i, field, value) => readQuantity(ctx, i, field, value, { min: 1 }),
		},
		// JSON only: a line's own code and reason instead of the item's.
		{ name: 'cancelCode', displayName: 'Cancel Code', read: readCancelCode },
		{
			name: 'cancelledReason',
			displayName: 'Reason',
			read: (ctx, i, field, value) => readText(ctx, i, field, value),
		},
	],
};

/** Cancel Lines' Send Mode (version 1: "Mode", sync | batch). */
const CANCEL_SEND_MODE: SendModeSpec = {
	v1: { name: 'mode', displayName: 'Mode', sync: 'sync' },
	default: 'sync',
	syncName: 'One Call per Order (Sync)',
	syncDescription: 'One POST /order/item/cancel per input item; DSCO answers at once',
	batchDescription:
		'All orders in as few POST /order/item/cancel/batch/small calls as the 5 MB limit allows; results come from DSCO’s change log',
	description: 'How the cancellations are sent to DSCO',
};

export const description: INodeProperties[] = showOnlyFor('cancellation', 'cancelLines', [
	...orderReferenceProperties('The order whose lines to cancel, one order per input item'),
	...cancelCodeProperties(
		'Why the lines are cancelled. In JSON mode a line may give its own cancelCode.',
	),
	{
		displayName: 'Reason',
		name: 'cancelledReason',
		type: 'string',
		default: '',
		placeholder: 'e.g. Supplier out of stock until March',
		description: 'Free text sent as cancelledReason with every line (optional)',
	},
	...lineItemsProperties(CANCEL_LINES),
	...sendModeProperties(CANCEL_SEND_MODE),
	waitOnlyInBatch(
		asyncWriteOptions([
			{
				displayName: 'Check Against Order',
				name: 'checkAgainstOrder',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each order first and refuse a line whose cancelled quantity is above what is still open on it (ordered, less shipped and cancelled). It also lets a sync call be re-sent safely after an ambiguous failure.',
			},
		]),
		CANCEL_SEND_MODE,
	),
]);

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const mode = readSendMode(this, CANCEL_SEND_MODE);
	const check =
		(this.getNodeParameter('options', 0, {}) as { checkAgainstOrder?: boolean })
			.checkAgainstOrder ?? true;
	const refs = new Map<number, OrderReference>();
	/** Per item, the order lines it cancels and how many (when the order was read). */
	const targets = new Map<number, Map<OrderLine, number>>();

	const read = (i: number): CancelEntry => {
		const ref = readOrderReference(this, i);
		const code = readChosenCancelCode(this, i);
		const reasonRaw = this.getNodeParameter('cancelledReason', i, '');
		const reason =
			reasonRaw === '' || reasonRaw === null || reasonRaw === undefined
				? undefined
				: readText(this, i, 'Reason', reasonRaw);
		const lineItems = readLineItems(this, i, CANCEL_LINES).map((line) => {
			const out: IDataObject = { ...line, cancelCode: line.cancelCode ?? code };
			if (out.cancelledReason === undefined && reason !== undefined) out.cancelledReason = reason;
			return out;
		});
		refs.set(i, ref);
		return { id: ref.id, type: ref.type, lineItems };
	};
	const describe = (entry: CancelEntry): IDataObject => ({
		orderId: entry.id,
		orderIdType: entry.type,
		mode,
		lineItems: entry.lineItems,
	});

	const orders = new OrderReader(client);
	/** cancelledQuantity this run adds to each order line (planned, for the check across items). */
	const planned = new Map<OrderLine, number>();
	const preflight = async (valid: Array<{ itemIndex: number; value: CancelEntry }>) => {
		const settled = new Map<number, IDataObject>();
		if (!check) return settled;
		for (const { itemIndex: i, value } of valid) {
			try {
				const order = await orders.require(refs.get(i)!, i);
				const json = this.getNodeParameter('lineItemsInput', i, 'fields') === 'json';
				const mine = new Map<OrderLine, number>();
				value.lineItems.forEach((lineRef, k) => {
					const field = json
						? `Line Items (JSON) › Line ${k + 1} › cancelledQuantity`
						: `Line Items › Line ${k + 1} › Cancelled Quantity`;
					const line = findOrderLine(order, lineRef);
					if (!line) {
						throw invalidInput(
							this,
							i,
							field.replace(/ › [^›]+$/, ''),
							`DSCO order ${String(order.dscoOrderId)} has no ${describeLineRef(lineRef)}`,
						);
					}
					const quantity = Number(lineRef.cancelledQuantity);
					const total = (planned.get(line) ?? 0) + (mine.get(line) ?? 0) + quantity;
					const open = openQuantity(line);
					if (total > open) {
						const earlier = total - quantity;
						throw invalidInput(
							this,
							i,
							field,
							`${quantity}${earlier ? ` (plus ${earlier} cancelled earlier in this run)` : ''} is above the ${open} still open on ${describeLineRef(lineRef)} of DSCO order ${String(order.dscoOrderId)} (ordered ${Number(line.quantity ?? 0)}, shipped ${Number(line.shippedQuantity ?? 0)}, cancelled ${Number(line.cancelledQuantity ?? 0)})`,
						);
					}
					mine.set(line, (mine.get(line) ?? 0) + quantity);
				});
				for (const [line, quantity] of mine) planned.set(line, (planned.get(line) ?? 0) + quantity);
				targets.set(i, mine);
			} catch (error) {
				settled.set(i, errorItemOrThrow(this, error, i, describe(value)).json);
			}
		}
		return settled;
	};

	if (mode === 'batch') {
		const options = readAsyncWriteOptions(this);
		const cancelTargets = new Map<number, CancelTarget>();
		return await sendBatched<CancelEntry>(this, client, items, {
			path: '/order/item/cancel/batch/small',
			noun: 'cancellation',
			// A repeat cancels more. After an ambiguous failure, only the entries that neither DSCO's change log nor the
			// order shows are sent again; that needs the order read before sending (Check Against Order).
			idempotent: false,
			recheck: {
				read: async (entries) => {
					for (const [i, lines] of targets) cancelTargets.set(i, { ref: refs.get(i)!, lines });
					return await cancelledStates(
						client,
						entries.map(({ itemIndex }) => ({ itemIndex, target: cancelTargets.get(itemIndex) })),
						cancelTargets,
						'the order was not read before sending ("Check Against Order" is off), so there is nothing to compare with',
					);
				},
				whatToCheck: (_entry, i) => checkCancelledLines(refs.get(i)!),
			},
			read,
			describe,
			preflight,
			verify: {
				kind: 'order',
				key: (p) => (p.id !== undefined ? `${String(p.type ?? '')}:${String(p.id)}` : undefined),
				wait: options.waitForResult,
				timeoutMs: options.waitTimeoutMs,
			},
		});
	}

	/** cancelledQuantity this run has added to each order line so far. */
	const applied = new Map<OrderLine, number>();
	return await sendEach<CancelEntry>(this, client, items, {
		path: '/order/item/cancel',
		noun: 'cancellation',
		answer: WRITE_ACCEPT,
		idempotent: false,
		read,
		describe,
		describeFailures: true,
		preflight,
		// Only with the order read is there a baseline to check against; without it, never re-sent after an ambiguous failure.
		checkBeforeResend: (_entry, i) => {
			const mine = targets.get(i);
			if (!mine) return undefined;
			// Each line just before this call: as read, plus what this run has cancelled since.
			const baseline: CancelBaseline[] = [...mine].map(([line, quantity]) => ({
				line,
				quantity,
				cancelledBefore: Number(line.cancelledQuantity ?? 0) + (applied.get(line) ?? 0),
			}));
			return cancelledCheck(client, refs.get(i)!, i, baseline);
		},
		succeeded: (_entry, answer, i) => {
			for (const [line, quantity] of targets.get(i) ?? [])
				applied.set(line, (applied.get(line) ?? 0) + quantity);
			const json: IDataObject = {
				requestId: answer.alreadyApplied ? null : (answer.body.requestId ?? null),
			};
			if (answer.alreadyApplied) {
				json.status = 'success';
				json.resendSkipped = true;
				json.message =
					'The call failed after it may have reached DSCO; reading the order showed these quantities cancelled, so it was not sent again';
			}
			return json;
		},
	});
}
