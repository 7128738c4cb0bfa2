/** GET /invoice (by one of an invoice's IDs), POST /invoice (sync, 201) and POST /invoice/batch/small (async, 202). */
import { badRequest, reply } from '../http';
import type { InvoiceInput } from '../invoices';
import { LIMITS } from '../rateLimit';
import type { Route, RouteContext } from '../router';
import { QueryReader } from './params';
import { acceptBatch, created, runSync } from './writes';

/** getInvoiceById's `key` values. */
const INVOICE_KEYS = [
	'dscoInvoiceId',
	'invoiceId',
	'poNumber',
	'supplierOrderNumber',
	'consumerOrderNumber',
	'trackingNumber',
] as const;

/** 200 {invoices: [...]}: every invoice whose identifier `key` equals `value` (an empty list when none). */
function getInvoices({ state, query }: RouteContext) {
	const q = new QueryReader(query);
	const key = q.oneOf('key', INVOICE_KEYS);
	const value = q.required('value');
	if (key === undefined && q.ok) q.fail('key is required');
	if (!q.ok || key === undefined || value === undefined)
		return badRequest(q.messages, state.clock.now());
	const matches = state.invoices.list().filter((invoice) => {
		const field =
			key === 'trackingNumber'
				? (invoice.ship as { trackingNumber?: unknown } | undefined)?.trackingNumber
				: invoice[key];
		return field !== undefined && field !== null && String(field) === value;
	});
	return reply(200, { invoices: matches.map((invoice) => structuredClone(invoice)) });
}

export const invoiceRoutes: Route[] = [
	{ method: 'GET', path: '/invoice', rateLimit: LIMITS.invoice, handler: getInvoices },
	{
		method: 'POST',
		path: '/invoice',
		schema: 'singleInvoice',
		rateLimit: LIMITS.invoice,
		handler: (ctx) =>
			runSync<InvoiceInput>(ctx, 'invoice', (body) => ctx.state.invoices.create(body), created),
	},
	{
		method: 'POST',
		path: '/invoice/batch/small',
		schema: 'createInvoiceSmallBatch',
		batch: true,
		handler: (ctx) =>
			acceptBatch<InvoiceInput>(ctx, 'invoice', (item) => ctx.state.invoices.create(item)),
	},
];
