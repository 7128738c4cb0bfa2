/** Invoices sent by the supplier. Each must name an existing order (dscoOrderId, poNumber or supplierOrderNumber). */
import { SimClock, formatDate } from './clock';
import { EventLog } from './events';
import type { OrderBook, OrderKey } from './orders';
import { OK, type Outcome, invalid, notFound } from './outcome';
import type { Invoice } from './types';

export interface InvoiceInput {
	invoiceId: string;
	totalAmount: number;
	dscoOrderId?: string | null;
	poNumber?: string | null;
	supplierOrderNumber?: string | null;
	[field: string]: unknown;
}

const ORDER_KEYS: OrderKey[] = ['dscoOrderId', 'poNumber', 'supplierOrderNumber'];

export class InvoiceBook {
	private readonly invoices: Invoice[] = [];
	private nextId = 1;

	constructor(
		private readonly clock: SimClock,
		private readonly events: EventLog,
		private readonly orders: OrderBook,
		seed: number,
	) {
		this.nextId = 500000000 + (seed % 1000) * 10000;
	}

	list(): Invoice[] {
		return this.invoices;
	}

	create(input: InvoiceInput): Outcome {
		const key = ORDER_KEYS.find(
			(k) => input[k] !== undefined && input[k] !== null && input[k] !== '',
		);
		if (!key)
			return invalid(
				`Invoice ${input.invoiceId}: one of dscoOrderId, poNumber or supplierOrderNumber is required`,
			);
		const order = this.orders.lookup(key, String(input[key]))[0];
		if (!order)
			return notFound(`Invoice ${input.invoiceId}: order not found: ${key} ${input[key]}`);
		const invoice: Invoice = {
			...input,
			invoiceId: input.invoiceId,
			totalAmount: input.totalAmount,
			dscoInvoiceId: String(this.nextId++),
			dscoOrderId: order.dscoOrderId,
			poNumber: order.poNumber,
			createDate: formatDate(this.clock.now()),
		};
		this.invoices.push(invoice);
		this.events.append({
			objectType: 'invoice',
			key: invoice.invoiceId,
			payload: structuredClone(invoice),
		});
		return OK;
	}
}
