import type { IDataObject } from 'n8n-workflow';

import type { DscoClient } from './client';
import { dscoApiError } from './errors';

/** The identifiers DSCO can find invoices by (GET /invoice `key`, getInvoiceById). */
export type InvoiceKey = 'dscoInvoiceId' | 'invoiceId' | 'poNumber' | 'supplierOrderNumber' | 'consumerOrderNumber' | 'trackingNumber';

/**
 * The invoices DSCO has for one identifier (GET /invoice?key=&value=); none when DSCO answers an empty list or 404.
 * An answer without an `invoices` array is an error, never "none": a caller deciding whether to send an invoice
 * again must not read a broken answer as "DSCO has no such invoice".
 */
export async function findInvoices(client: DscoClient, key: InvoiceKey, value: string, itemIndex: number): Promise<IDataObject[]> {
	const res = await client.request<{ invoices?: unknown }>({
		method: 'GET',
		path: '/invoice',
		qs: { key, value },
		itemIndexes: itemIndex,
		acceptStatuses: [404],
	});
	if (res.status === 404) return [];
	const list = res.body && typeof res.body === 'object' ? res.body.invoices : undefined;
	if (!Array.isArray(list)) {
		throw dscoApiError(client.node, {
			status: res.status,
			method: 'GET',
			path: '/invoice',
			body: typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? null).slice(0, 200),
			itemIndexes: itemIndex,
			message: 'DSCO answered with an unexpected body (no invoices list)',
		});
	}
	return list.filter((invoice): invoice is IDataObject => !!invoice && typeof invoice === 'object' && !Array.isArray(invoice));
}
