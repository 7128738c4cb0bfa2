/** POST /invoice (sync, 201) and POST /invoice/batch/small (async, 202). */
import type { InvoiceInput } from '../invoices';
import { LIMITS } from '../rateLimit';
import type { Route } from '../router';
import { acceptBatch, created, runSync } from './writes';

export const invoiceRoutes: Route[] = [
	{
		method: 'POST',
		path: '/invoice',
		schema: 'singleInvoice',
		rateLimit: LIMITS.invoice,
		handler: (ctx) => runSync<InvoiceInput>(ctx, 'invoice', (body) => ctx.state.invoices.create(body), created),
	},
	{
		method: 'POST',
		path: '/invoice/batch/small',
		schema: 'createInvoiceSmallBatch',
		batch: true,
		handler: (ctx) => acceptBatch<InvoiceInput>(ctx, 'invoice', (item) => ctx.state.invoices.create(item)),
	},
];
