/**
 * How the Return operations name a return and a retailer: one Return ID Type + Return ID per item, and the retailer's
 * account where DSCO needs it (with the retailer's own return number, or a PO number).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, quote } from '../../helpers/items';
import { isEmptyLocator, retailerAccountLocator } from '../../helpers/locators';
import { isBlank, readDate, readIdentifier, readText } from '../../helpers/validation';
import type { RetailerAccount, ReturnIdType, ReturnReference } from '../../transport/returns';

const ID_TYPE_OPTIONS: Array<{ name: string; value: ReturnIdType; description: string }> = [
	{ name: 'DSCO Return ID', value: 'dscoReturnId', description: "DSCO's ID of the return" },
	{
		name: 'Partner Return Number',
		value: 'partnerReturnNumber',
		description: "The retailer's number for the return (its RMA); needs the Retailer",
	},
	{
		name: 'Return Number',
		value: 'returnNumber',
		description: 'Your own number for the return, as given to DSCO when updating or completing it',
	},
];

/**
 * Return ID Type and Return ID. `withOwnNumber`: whether the operation can find a return by your own Return Number
 * (`/return/page` can; updateReturn and completeReturn name a return by dscoReturnId or partnerReturnNumber only).
 */
export function returnReferenceProperties(withOwnNumber: boolean): INodeProperties[] {
	return [
		{
			displayName: 'Return ID Type',
			name: 'returnIdType',
			type: 'options',
			options: ID_TYPE_OPTIONS.filter((o) => withOwnNumber || o.value !== 'returnNumber'),
			default: 'dscoReturnId',
			description: 'Which identifier Return ID is',
		},
		{
			displayName: 'Return ID',
			name: 'returnId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.dscoReturnId }}',
			description: 'The return, one per input item',
		},
		{
			...retailerAccountLocator(
				'retailer',
				'The retailer that numbered the return: DSCO finds a partner return number within its account',
			),
			// Not marked required: n8n would then ask for it whenever Return ID Type is an expression; the node refuses
			// a partner return number without it before sending anything.
			displayOptions: { show: { returnIdType: ['partnerReturnNumber'] } },
		},
	];
}

const ACCOUNT_MODES: Record<string, RetailerAccount['type']> = {
	list: 'dscoAccountId',
	accountId: 'dscoAccountId',
	partnerId: 'tradingPartnerId',
};

/** The Retailer locator's account, or undefined when it was left empty. */
export function readRetailerAccount(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
): RetailerAccount | undefined {
	if (isEmptyLocator(raw)) return undefined;
	// A plain value (a workflow written by hand) is a DSCO account ID, as From List gives.
	if (typeof raw === 'string' || typeof raw === 'number')
		return {
			type: 'dscoAccountId',
			id: readIdentifier(ctx, itemIndex, 'Retailer', 'partnerId', raw),
		};
	const { mode, value } = (raw ?? {}) as { mode?: unknown; value?: unknown };
	const type = typeof mode === 'string' ? ACCOUNT_MODES[mode] : undefined;
	if (!type) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Retailer',
			`mode ${quote(mode)} is not one of ${Object.keys(ACCOUNT_MODES).join(', ')}`,
		);
	}
	return { type, id: readIdentifier(ctx, itemIndex, 'Retailer', 'partnerId', value) };
}

/** The item's return, checked before anything is sent; `allowed`: the ID types the operation takes. */
export function readReturnReference(
	ctx: IExecuteFunctions,
	itemIndex: number,
	allowed: readonly ReturnIdType[],
): ReturnReference {
	const idType = ctx.getNodeParameter('returnIdType', itemIndex) as ReturnIdType;
	if (!allowed.includes(idType)) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Return ID Type',
			`${quote(idType)} is not one of ${allowed.join(', ')}`,
		);
	}
	const raw = ctx.getNodeParameter('returnId', itemIndex);
	if (raw !== null && typeof raw === 'object') {
		throw invalidInput(
			ctx,
			itemIndex,
			'Return ID',
			`the expression gave ${Array.isArray(raw) ? 'a list' : 'an object'} (${quote(raw)}), not one return; give one value, e.g. {{ $json.${idType} }}`,
		);
	}
	const ref: ReturnReference = {
		idType,
		id: readIdentifier(ctx, itemIndex, 'Return ID', 'returnId', raw),
	};
	if (idType === 'partnerReturnNumber') {
		ref.account = readRetailerAccount(
			ctx,
			itemIndex,
			ctx.getNodeParameter('retailer', itemIndex, ''),
		);
		if (!ref.account) {
			throw invalidInput(
				ctx,
				itemIndex,
				'Retailer',
				"DSCO needs the retailer's account to find a return by its partner return number",
			);
		}
	}
	return ref;
}

/**
 * The fields a return write (updateReturn, completeReturn) names its return by: dscoReturnId, or partnerReturnNumber
 * with dscoAccountId / dscoTradingPartnerId.
 */
export function returnBodyFields(ref: ReturnReference): IDataObject {
	if (ref.idType === 'dscoReturnId') return { dscoReturnId: ref.id };
	const body: IDataObject = { partnerReturnNumber: ref.id };
	if (ref.account)
		body[ref.account.type === 'dscoAccountId' ? 'dscoAccountId' : 'dscoTradingPartnerId'] =
			ref.account.id;
	return body;
}

/** The reference a write body names (returnBodyFields read back), to look the return up after a lost answer. */
export function referenceOfBody(body: IDataObject): ReturnReference {
	if (typeof body.dscoReturnId === 'string')
		return { idType: 'dscoReturnId', id: body.dscoReturnId };
	const account: RetailerAccount | undefined =
		typeof body.dscoAccountId === 'string'
			? { type: 'dscoAccountId', id: body.dscoAccountId }
			: typeof body.dscoTradingPartnerId === 'string'
				? { type: 'tradingPartnerId', id: body.dscoTradingPartnerId }
				: undefined;
	return { idType: 'partnerReturnNumber', id: String(body.partnerReturnNumber), account };
}

/**
 * Pairs change-log entries (whose payload is the Return after the change) with what was sent: by dscoReturnId, or by
 * the partner return number for entries sent by it (the payload carries both; a number is kept in `byNumber` when an
 * entry is read). The supplier's own returns carry the number it gave as returnNumber. Limit: a return named by
 * dscoReturnId and, in the same run, by its partner return number is paired under the number only, so the entry sent
 * by dscoReturnId finds no change-log entry and ends with an error saying so (never with a false success).
 */
export function returnKey(byNumber: Set<string>) {
	return (payload: IDataObject): string | undefined => {
		for (const field of ['partnerReturnNumber', 'returnNumber']) {
			const n = payload[field];
			if (typeof n === 'string' && byNumber.has(n)) return `number:${n}`;
		}
		return typeof payload.dscoReturnId === 'string' ? `id:${payload.dscoReturnId}` : undefined;
	};
}

/** The fields Update and Complete both carry about the supplier's own record of a return (Additional Fields). */
export const returnRecordFields: INodeProperties[] = [
	{
		displayName: 'Return Number',
		name: 'returnNumber',
		type: 'string',
		default: '',
		description: 'Your own number for the return; DSCO keeps it as your identifier of the return',
	},
	{
		displayName: 'Transaction Date',
		name: 'transactionDate',
		type: 'dateTime',
		default: '',
	},
	{
		displayName: 'Transaction ID',
		name: 'transactionId',
		type: 'string',
		default: '',
	},
];

export interface ReturnRecordFields {
	returnNumber?: unknown;
	transactionDate?: unknown;
	transactionId?: unknown;
}

/** The body fields of returnRecordFields that item `i` gives, checked. */
export function readReturnRecordFields(
	ctx: IExecuteFunctions,
	i: number,
	extra: ReturnRecordFields,
): IDataObject {
	const body: IDataObject = {};
	if (!isBlank(extra.returnNumber))
		body.returnNumber = readIdentifier(ctx, i, 'Return Number', 'returnId', extra.returnNumber);
	if (!isBlank(extra.transactionId))
		body.transactionId = readText(ctx, i, 'Transaction ID', extra.transactionId);
	if (!isBlank(extra.transactionDate))
		body.transactionDate = readDate(ctx, i, 'Transaction Date', extra.transactionDate);
	return body;
}
