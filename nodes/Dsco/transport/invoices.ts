import type { IDataObject } from 'n8n-workflow';

import { INVOICES } from './answers';
import type { DscoClient } from './client';

/** The identifiers DSCO can find invoices by (GET /invoice `key`, getInvoiceById). */
export type InvoiceKey =
	| 'dscoInvoiceId'
	| 'invoiceId'
	| 'poNumber'
	| 'supplierOrderNumber'
	| 'consumerOrderNumber'
	| 'trackingNumber';

/**
 * The invoices DSCO has for one identifier (GET /invoice?key=&value=); none when DSCO answers an empty list or 404.
 * An answer without an `invoices` array is an error (the INVOICES check), never "none": a caller deciding whether to
 * send an invoice again must not read a broken answer as "DSCO has no such invoice".
 */
export async function findInvoices(
	client: DscoClient,
	key: InvoiceKey,
	value: string,
	itemIndex: number,
): Promise<IDataObject[]> {
	const res = await client.request<{ invoices: IDataObject[] }>({
		method: 'GET',
		path: '/invoice',
		qs: { key, value },
		itemIndexes: itemIndex,
		acceptStatuses: [404],
		answer: INVOICES,
	});
	return res.status === 404 ? [] : res.body.invoices;
}
