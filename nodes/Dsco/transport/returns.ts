import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import type { DscoClient } from './client';
import { RETURN_SEARCH, scrollPages } from './paging';

/** How `/return/page` finds one return (returnIdType). */
export const RETURN_ID_TYPES = ['dscoReturnId', 'returnNumber', 'partnerReturnNumber'] as const;
export type ReturnIdType = (typeof RETURN_ID_TYPES)[number];

/** A retailer's account as `/return/page` names it (accountIdType); return writes call it dscoAccountId / dscoTradingPartnerId. */
export interface RetailerAccount {
	type: 'dscoAccountId' | 'tradingPartnerId';
	id: string;
}

/** One return, as an item names it. */
export interface ReturnReference {
	idType: ReturnIdType;
	id: string;
	/** Required by DSCO with partnerReturnNumber (the retailer's number is unique only within its account). */
	account?: RetailerAccount;
}

/** The `/return/page` query for an account filter. */
export function accountQuery(account: RetailerAccount | undefined): IDataObject {
	return account ? { accountIdType: account.type, accountIdValue: account.id } : {};
}

/**
 * The returns DSCO has under one return identifier (`GET /return/page?returnIdType=&returnIdValue=`), every page:
 * none when DSCO has none. The document has no GET of one return; its search answers an empty page for an unknown one.
 */
export async function findReturns(
	client: DscoClient,
	ref: ReturnReference,
	itemIndex: number,
): Promise<IDataObject[]> {
	const search = { returnIdType: ref.idType, returnIdValue: ref.id, ...accountQuery(ref.account) };
	const found: IDataObject[] = [];
	for await (const page of scrollPages(client, RETURN_SEARCH, search, itemIndex))
		found.push(...page.items);
	return found;
}

/** The error for a return that DSCO does not know. */
export function returnNotFound(
	node: INode,
	ref: ReturnReference,
	itemIndex: number,
): NodeOperationError {
	const account = ref.account ? ` for retailer ${ref.account.type} ${ref.account.id}` : '';
	return new NodeOperationError(
		node,
		`Return not found: no DSCO return with ${ref.idType} "${ref.id}"${account} [item ${itemIndex}]`,
		{
			itemIndex,
			description:
				"Check the Return ID and its type: Return Number is your own number for the return, Partner Return Number the retailer's (with the retailer's account). New returns can take a few seconds to become readable.",
		},
	);
}
