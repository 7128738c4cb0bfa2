/**
 * Catalog → Create or Update: the ItemCatalog of an input item, from the field mapper or the JSON mode, checked
 * against the vendor schema (helpers/itemCatalog.ts holds the fields and the check).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	ITEM_CATALOG_FIELDS,
	itemCatalogProblem,
	itemCatalogValueFromText,
	schemaTypes,
	type ItemCatalogEntry,
} from '../../helpers/itemCatalog';
import { invalidInput, quote } from '../../helpers/items';
import { readIdentifier } from '../../helpers/validation';

/**
 * Attributes DSCO requires, which a JSON null may not delete (updateCatalogSmallBatch: "Excepting attributes required
 * by Rithum (e.g. sku, title, status, product_status, description)").
 */
const UNDELETABLE = ['sku', 'title', 'productStatus', 'description'];

/** Whether a mapped field was left empty (not sent: an empty field must never delete the attribute at DSCO). */
const isEmpty = (v: unknown) =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * A mapped value in its schema type: n8n's mapper converts by the field types it saved with the node, but a workflow
 * written by hand or through the API may lack them, so text for another type is read as a catalog file's cell is.
 * Dates from the date picker (Luxon DateTime) or expressions (Date) become ISO 8601 text.
 */
function fromMapper(ctx: IExecuteFunctions, i: number, id: string, value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object' && typeof (value as IDataObject).toISO === 'function')
		return (value as { toISO(): string }).toISO();
	if (typeof value !== 'string' || schemaTypes(ITEM_CATALOG_FIELDS.get(id)!).includes('string'))
		return value;
	const read = itemCatalogValueFromText(id, value.trim());
	if (read.problem !== undefined) throw invalidInput(ctx, i, id, read.problem);
	return read.value;
}

/** The ItemCatalog of the field mapper, empty fields left out. */
function readMapped(ctx: IExecuteFunctions, i: number): IDataObject {
	const mapped = ctx.getNodeParameter('fields.value', i, {}) as IDataObject | null;
	const entry: IDataObject = {};
	for (const [id, value] of Object.entries(mapped ?? {})) {
		if (isEmpty(value)) continue;
		if (!ITEM_CATALOG_FIELDS.has(id))
			throw invalidInput(ctx, i, id, 'is not a field of the DSCO ItemCatalog');
		entry[id] = fromMapper(ctx, i, id, value) as IDataObject[string];
	}
	return entry;
}

/** The ItemCatalog of the JSON mode: one object; a null deletes that attribute at DSCO. */
function readJsonItem(ctx: IExecuteFunctions, i: number): IDataObject {
	const raw = ctx.getNodeParameter('itemCatalogJson', i);
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw invalidInput(
				ctx,
				i,
				'Item Catalog (JSON)',
				`it is not valid JSON (${(error as Error).message.slice(0, 200)})`,
			);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw invalidInput(
			ctx,
			i,
			'Item Catalog (JSON)',
			`${quote(value)} is not one ItemCatalog object like {"sku": "ABC-123", "title": "…", "productStatus": "active"}`,
		);
	return value as IDataObject;
}

/**
 * The ItemCatalog of input item `i`, checked against the vendor schema (updateCatalogSmallBatch's item) before
 * anything is sent: a problem is a NodeOperationError naming the item and the field (its path in the ItemCatalog).
 */
export function readItemCatalog(ctx: IExecuteFunctions, i: number): ItemCatalogEntry {
	const inputMode = ctx.getNodeParameter('inputMode', i, 'fields') as string;
	let entry: IDataObject;
	if (inputMode === 'fields') entry = readMapped(ctx, i);
	else if (inputMode === 'json') entry = readJsonItem(ctx, i);
	else throw invalidInput(ctx, i, 'Input Mode', `${quote(inputMode)} is not one of fields, json`);
	for (const field of UNDELETABLE) {
		if (entry[field] === null)
			throw invalidInput(
				ctx,
				i,
				field,
				'DSCO requires it and does not delete it: null (which deletes an attribute) is not allowed here',
			);
	}
	const problem = itemCatalogProblem(entry);
	if (problem) throw invalidInput(ctx, i, problem.path || 'Item Catalog', problem.problem);
	// The schema allows any text up to 90 characters; DSCO matches on the SKU, so it is one line of text as well.
	entry.sku = readIdentifier(ctx, i, 'sku', 'sku', entry.sku);
	return entry as ItemCatalogEntry;
}
