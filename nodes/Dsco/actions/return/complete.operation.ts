import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { invalidInput, quote } from '../../helpers/items';
import { isBlank, readMoney, readQuantity, readText } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import type { EntryState } from '../../writes/lostBatch';
import {
	lineItemsProperties,
	readLineItems,
	describeLineRef,
	RETURN_LINE_IDENTIFIERS,
	RETURN_LINE_KEYS,
	type LineItemsSpec,
} from '../lineItems';
import { sendModeProperties, waitOnlyInBatch, type SendModeSpec } from '../sendMode';
import { asyncWriteOptions } from '../writeOptions';
import {
	readReturnReference,
	readReturnRecordFields,
	returnBodyFields,
	returnRecordFields,
	returnReferenceProperties,
	type ReturnRecordFields,
} from './reference';
import { findReturnLine, returnIdentity, returnLabel, sendReturnWrite } from './returnWrite';

const SEND_MODE: SendModeSpec = {
	v1: { name: 'sendMode', displayName: 'Send Mode', sync: 'sync' },
	default: 'sync',
	syncName: 'One Call per Item (Sync)',
	syncDescription: 'PUT /return/ per item; DSCO answers each at once',
	batchDescription:
		'All completions in the fewest calls under 5 MB (POST /return/batch/small?operation=complete); results from the change log',
	description: 'How the completions are sent',
};

const RESPONSES = ['accepted', 'rejected'] as const;

/**
 * A completed line (ReturnLineItemComplete): the line, accepted or rejected as a whole (DSCO's `response`; the
 * document has no split of one line's quantity into accepted and rejected units), and optionally the quantity and
 * a reason code, which the document still takes on a completion although it marks them deprecated.
 */
const LINES: LineItemsSpec = {
	lineNumber: true,
	identifiers: RETURN_LINE_IDENTIFIERS,
	description: 'return line accepted or rejected',
	jsonExample: '[\n  { "sku": "ABC-123", "lineNumber": 1, "response": "accepted" }\n]',
	fields: [
		{
			name: 'response',
			displayName: 'Response',
			required: true,
			property: {
				type: 'options',
				options: [
					{ name: 'Accepted', value: 'accepted', description: 'You take the returned units back' },
					{
						name: 'Rejected',
						value: 'rejected',
						description: 'You refuse the return of this line',
					},
				],
				default: 'accepted',
				description: 'Your answer to this line of the return',
			},
			read: (ctx, i, field, value) => {
				if (!(RESPONSES as readonly unknown[]).includes(value))
					throw invalidInput(ctx, i, field, `${quote(value)} is not one of accepted, rejected`);
				return value;
			},
		},
		{
			name: 'quantity',
			displayName: 'Quantity',
			uiEmpty: 0,
			property: {
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Units the response is for (0 = not given: the whole line). DSCO marks this field deprecated.',
			},
			read: (ctx, i, field, value) => readQuantity(ctx, i, field, value, { min: 1 }),
		},
		{
			name: 'reasonCode',
			displayName: 'Reason Code',
			property: {
				type: 'string',
				default: '',
				description: 'Why, as a code your retailer uses (optional)',
			},
			read: (ctx, i, field, value) => readText(ctx, i, field, value),
		},
	],
};

export const description: INodeProperties[] = showOnlyFor('return', 'complete', [
	...returnReferenceProperties(false),
	...lineItemsProperties(LINES),
	...sendModeProperties(SEND_MODE),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Response Reason',
				name: 'responseReason',
				type: 'string',
				default: '',
				description: 'Your answer in words, e.g. why lines were rejected',
			},
			{
				displayName: 'Restocking Charge',
				name: 'restockingCharge',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: 'A restocking fee charged (≥ 0, at most 2 decimals; 0 = none)',
			},
			...returnRecordFields,
		],
	},
	waitOnlyInBatch(asyncWriteOptions(), SEND_MODE),
]);

interface Additional extends ReturnRecordFields {
	responseReason?: unknown;
	restockingCharge?: unknown;
}

/** The completeReturn body of one item. */
function readCompletion(ctx: IExecuteFunctions, i: number): IDataObject {
	const ref = readReturnReference(ctx, i, ['dscoReturnId', 'partnerReturnNumber']);
	const body: IDataObject = { ...returnBodyFields(ref), lineItems: readLineItems(ctx, i, LINES) };
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as Additional;
	if (!isBlank(extra.responseReason))
		body.responseReason = readText(ctx, i, 'Response Reason', extra.responseReason);
	if (!isBlank(extra.restockingCharge) && extra.restockingCharge !== 0)
		body.restockingCharge = readMoney(ctx, i, 'Restocking Charge', extra.restockingCharge);
	Object.assign(body, readReturnRecordFields(ctx, i, extra));
	return body;
}

function describe(entry: IDataObject): IDataObject {
	const out = returnIdentity(entry);
	const lines = entry.lineItems as IDataObject[];
	out.accepted = lines.filter((l) => l.response === 'accepted').length;
	out.rejected = lines.filter((l) => l.response === 'rejected').length;
	return out;
}

/**
 * What DSCO's return shows of a completion. A completion is not idempotent by the document (a line already answered
 * may be refused, or answered twice): every line sent already carrying the response sent → applied; no line sent
 * answered yet → absent (sent again); any line answered otherwise, or only some → conflict, never re-sent.
 */
function completionState(ret: IDataObject | undefined, entry: IDataObject): EntryState {
	if (!ret) return { state: 'absent' };
	const lines = entry.lineItems as IDataObject[];
	const answers = lines.map((line) => findReturnLine(ret, line)?.response);
	if (answers.every((a, k) => a === lines[k].response)) {
		return {
			state: 'applied',
			provesReceipt: true,
			message: `DSCO's ${returnLabel(entry)} shows every line sent answered as sent (status ${String(ret.status)})`,
		};
	}
	if (answers.every((a) => a === undefined || a === null)) return { state: 'absent' };
	const k = answers.findIndex((a, n) => a !== lines[n].response);
	return {
		state: 'conflict',
		message: `DSCO's ${returnLabel(entry)} shows ${describeLineRef(lines[k], RETURN_LINE_KEYS)} ${answers[k] ? `already ${String(answers[k])}` : 'not answered'}, unlike what was sent`,
	};
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await sendReturnWrite(this, client, items, {
		operation: 'complete',
		method: 'PUT',
		path: '/return/',
		noun: 'return completion',
		sendMode: SEND_MODE,
		read: (i) => readCompletion(this, i),
		describe,
		state: completionState,
		whatToCheck: (entry) =>
			`Return → Get ${String(entry.dscoReturnId ?? entry.partnerReturnNumber)}: are its lines already accepted or rejected?`,
	});
}
