import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import {
	isBlank,
	readDate,
	readIdentifier,
	readQuantity,
	readText,
} from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import type { EntryState } from '../../writes/lostBatch';
import {
	lineItemsProperties,
	readLineItems,
	RETURN_LINE_IDENTIFIERS,
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
	syncDescription: 'POST /return/update per item; DSCO answers each at once',
	batchDescription:
		'All packages in the fewest calls under 5 MB (POST /return/batch/small?operation=update); results from the change log',
	description: 'How the return packages are sent',
};

const LINES: LineItemsSpec = {
	lineNumber: true,
	identifiers: RETURN_LINE_IDENTIFIERS,
	description: 'returned item received in this package',
	jsonExample: '[\n  { "sku": "ABC-123", "quantity": 1 }\n]',
	fields: [
		{
			name: 'quantity',
			displayName: 'Quantity',
			required: true,
			property: {
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Units of the item in this package',
			},
			read: (ctx, i, field, value) => readQuantity(ctx, i, field, value, { min: 1 }),
		},
	],
};

export const description: INodeProperties[] = showOnlyFor('return', 'update', [
	...returnReferenceProperties(false),
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1Z999AA10123456784',
		description: 'The tracking number of the return package received, one package per input item',
	},
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
				displayName: 'Carrier',
				name: 'carrier',
				type: 'string',
				default: '',
				description: 'The carrier that brought the package back',
			},
			{
				displayName: 'Method',
				name: 'method',
				type: 'string',
				default: '',
				description: 'The shipping method of the package',
			},
			{
				displayName: 'Receipt Date',
				name: 'receiptDate',
				type: 'dateTime',
				default: '',
				description: 'When you received the package',
			},
			...returnRecordFields,
		],
	},
	waitOnlyInBatch(asyncWriteOptions(), SEND_MODE),
]);

interface Additional extends ReturnRecordFields {
	carrier?: unknown;
	method?: unknown;
	receiptDate?: unknown;
}

/** The updateReturn body of one item: its return and the one package received. */
function readUpdate(ctx: IExecuteFunctions, i: number): IDataObject {
	const ref = readReturnReference(ctx, i, ['dscoReturnId', 'partnerReturnNumber']);
	const pkg: IDataObject = {
		trackingNumber: readIdentifier(
			ctx,
			i,
			'Tracking Number',
			'trackingNumber',
			ctx.getNodeParameter('trackingNumber', i),
		),
		lineItems: readLineItems(ctx, i, LINES),
	};
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as Additional;
	if (!isBlank(extra.receiptDate))
		pkg.receiptDate = readDate(ctx, i, 'Receipt Date', extra.receiptDate);
	if (!isBlank(extra.carrier)) pkg.carrier = readText(ctx, i, 'Carrier', extra.carrier);
	if (!isBlank(extra.method)) pkg.method = readText(ctx, i, 'Method', extra.method);
	const body: IDataObject = { ...returnBodyFields(ref), packages: [pkg] };
	Object.assign(body, readReturnRecordFields(ctx, i, extra));
	return body;
}

const packageOf = (entry: IDataObject) => (entry.packages as IDataObject[])[0];

function describe(entry: IDataObject): IDataObject {
	const out = returnIdentity(entry);
	out.trackingNumber = packageOf(entry).trackingNumber;
	out.numberOfLineItems = (packageOf(entry).lineItems as IDataObject[]).length;
	return out;
}

/**
 * What DSCO's return shows of a package update: the package (by tracking number) with every line sent → applied;
 * the tracking number with other lines → conflict (never re-sent); no such package → absent.
 */
function packageState(ret: IDataObject | undefined, entry: IDataObject): EntryState {
	if (!ret) return { state: 'absent' };
	const sent = packageOf(entry);
	const packages = Array.isArray(ret.packages) ? (ret.packages as IDataObject[]) : [];
	const there = packages.find((p) => p.trackingNumber === sent.trackingNumber);
	if (!there) return { state: 'absent' };
	const same = (sent.lineItems as IDataObject[]).every((line) => {
		const found = findReturnLine({ lineItems: there.lineItems }, line);
		return found !== undefined && Number(found.quantity) === line.quantity;
	});
	const where = `${returnLabel(entry)} has package ${String(sent.trackingNumber)}`;
	return same
		? { state: 'applied', provesReceipt: true, message: `DSCO's ${where} with these lines` }
		: { state: 'conflict', message: `DSCO's ${where}, with other lines or quantities` };
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await sendReturnWrite(this, client, items, {
		operation: 'update',
		method: 'POST',
		path: '/return/update',
		noun: 'return package update',
		sendMode: SEND_MODE,
		read: (i) => readUpdate(this, i),
		describe,
		state: packageState,
		whatToCheck: (entry) =>
			`Return → Get ${String(entry.dscoReturnId ?? entry.partnerReturnNumber)}: is package ${String(packageOf(entry).trackingNumber)} on it?`,
	});
}
