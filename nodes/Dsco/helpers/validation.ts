import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from './items';

export const ORDER_ID_TYPE_VALUES = ['DSCO_ORDER_ID', 'PO_NUMBER', 'SUPPLIER_ORDER_NUMBER'] as const;
export type OrderIdType = (typeof ORDER_ID_TYPE_VALUES)[number];

export interface OrderReference {
	id: string;
	type: OrderIdType;
}

/** A required text parameter, trimmed; numbers are accepted and turned into text. */
export function readText(ctx: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidInput(ctx, itemIndex, field, `it is empty; give a value${value === undefined || value === null || value === '' ? '' : ` (got ${typeof value})`}`);
	}
	return value.trim();
}

/** An order identifier and its type, checked the way DSCO reads them (a DSCO order ID is all digits). */
export function readOrderReference(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rawId: unknown,
	rawType: unknown,
	fields: { id: string; type?: string } = { id: 'Order ID', type: 'Order ID Type' },
): OrderReference {
	const typeField = fields.type ?? 'Order ID Type';
	if (!ORDER_ID_TYPE_VALUES.includes(rawType as OrderIdType)) {
		throw invalidInput(ctx, itemIndex, typeField, `"${String(rawType)}" is not one of ${ORDER_ID_TYPE_VALUES.join(', ')}`);
	}
	const type = rawType as OrderIdType;
	const id = readText(ctx, itemIndex, fields.id, rawId);
	if (type === 'DSCO_ORDER_ID' && !/^\d+$/.test(id)) {
		throw invalidInput(ctx, itemIndex, fields.id, `a DSCO order ID is all digits (got "${id.slice(0, 40)}")`);
	}
	if (id.length > 100) throw invalidInput(ctx, itemIndex, fields.id, 'it is longer than 100 characters');
	return { id, type };
}
