import type { FieldType, IDataObject, IExecuteFunctions, ResourceMapperField } from 'n8n-workflow';

import { invalidInput, quote } from '../../helpers/items';
import { schemaProblem, type JsonSchema } from '../../helpers/jsonSchema';
import { parseDecimal, readIdentifier } from '../../helpers/validation';
import { ITEM_CATALOG_SCHEMA } from './itemCatalogSchema';

/** One ItemCatalog as sent to DSCO: sku, title and productStatus at least. */
export interface ItemCatalogEntry extends IDataObject {
	sku: string;
}

/** Every field of the schema (Item, then ItemCatalogObj), the first definition of a name winning. */
function schemaFields(): Map<string, { schema: JsonSchema; required: boolean }> {
	const fields = new Map<string, { schema: JsonSchema; required: boolean }>();
	for (const part of ITEM_CATALOG_SCHEMA.allOf ?? []) {
		for (const [id, schema] of Object.entries(part.properties ?? {})) {
			if (!fields.has(id)) fields.set(id, { schema, required: (part.required ?? []).includes(id) });
		}
	}
	return fields;
}

const SCHEMA_FIELDS = schemaFields();

/**
 * Fields DSCO sets itself (its IDs, names, dates; commissionAmount is read-only), deprecated ones, and partnerSku,
 * which "will not be set when used by a supplier": not offered in the field mapper. JSON mode still takes them,
 * so that an item read with Catalog → Get can be sent back as it is (DSCO ignores what it sets).
 */
const NOT_MAPPED = new Set([
	'dscoItemId',
	'dscoSupplierId',
	'dscoSupplierName',
	'dscoTradingPartnerId',
	'dscoTradingPartnerName',
	'dscoTradingPartnerParentId',
	'dscoCreateDate',
	'dscoLastUpdateDate',
	'dscoLastProductStatusUpdateDate',
	'dscoLastCostUpdateDate',
	'partnerSku',
]);

/**
 * Attributes DSCO requires, which a JSON null may not delete (updateCatalogSmallBatch: "Excepting attributes required
 * by Rithum (e.g. sku, title, status, product_status, description)").
 */
const UNDELETABLE = ['sku', 'title', 'productStatus', 'description'];

/** The required fields, in the order a product is described. */
const REQUIRED_ORDER = ['sku', 'title', 'productStatus'];

/** The fields a product sync fills most, listed first after the required ones (the rest in the document's order). */
const COMMON = [
	'description',
	'brand',
	'cost',
	'msrp',
	'map',
	'listingPrices',
	'upc',
	'ean',
	'gtin',
	'mpn',
	'isbn',
	'images',
	'categories',
	'attributes',
	'weight',
	'weightUnits',
	'length',
	'width',
	'height',
	'dimensionUnits',
];

const WORDS: Record<string, string> = {
	Dsco: 'DSCO',
	Sku: 'SKU',
	Skus: 'SKUs',
	Upc: 'UPC',
	Ean: 'EAN',
	Mpn: 'MPN',
	Isbn: 'ISBN',
	Gtin: 'GTIN',
	Id: 'ID',
	Nrf: 'NRF',
	Msrp: 'MSRP',
	Msrps: 'MSRPs',
	Map: 'MAP',
	Maps: 'MAPs',
	I18n: '(Localized)',
};

/** "colorPrimaryNrfCode" → "Color Primary NRF Code". */
export function fieldDisplayName(id: string): string {
	return id
		.replace(/I18n$/, ' I18n')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(' ')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.map((w) => WORDS[w] ?? w)
		.join(' ');
}

function typesOf(schema: JsonSchema): string[] {
	return (Array.isArray(schema.type) ? schema.type : [schema.type ?? '']).filter(
		(t) => t !== 'null',
	);
}

function fieldType(schema: JsonSchema): FieldType {
	if (schema.enum) return 'options';
	const [type] = typesOf(schema);
	if (type === 'string') return schema.format === 'date-time' ? 'dateTime' : 'string';
	if (type === 'number' || type === 'integer') return 'number';
	if (type === 'boolean' || type === 'array' || type === 'object') return type;
	return 'string';
}

/** The ItemCatalog fields for n8n's resource mapper: required ones first, then the common ones, then the rest. */
export function catalogMapperFields(): ResourceMapperField[] {
	const ids = [...SCHEMA_FIELDS.keys()].filter(
		(id) =>
			!NOT_MAPPED.has(id) &&
			!SCHEMA_FIELDS.get(id)!.schema.readOnly &&
			!SCHEMA_FIELDS.get(id)!.schema.deprecated,
	);
	const rank = (id: string) =>
		REQUIRED_ORDER.includes(id)
			? REQUIRED_ORDER.indexOf(id)
			: COMMON.includes(id)
				? 10 + COMMON.indexOf(id)
				: 100;
	return ids
		.map((id, position) => ({ id, position }))
		.sort((a, b) => rank(a.id) - rank(b.id) || a.position - b.position)
		.map(({ id }): ResourceMapperField => {
			const { schema, required } = SCHEMA_FIELDS.get(id)!;
			const type = fieldType(schema);
			const field: ResourceMapperField = {
				id,
				displayName: fieldDisplayName(id),
				required,
				defaultMatch: id === 'sku',
				canBeUsedToMatch: id === 'sku',
				display: true,
				type,
			};
			if (type === 'options')
				field.options = (schema.enum ?? [])
					.filter((v) => v !== null)
					.map((v) => ({ name: String(v), value: String(v) }));
			return field;
		});
}

/** Whether a mapped field was left empty (not sent: an empty field must never delete the attribute at DSCO). */
const isEmpty = (v: unknown) =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * A mapped value in its schema type: n8n's mapper converts by the field types it saved with the node, but a workflow
 * written by hand or through the API may lack them, so numbers, booleans, lists and objects given as text are read
 * here the same way. Dates from the date picker (Luxon DateTime) or expressions (Date) become ISO 8601 text.
 */
function fromMapper(
	ctx: IExecuteFunctions,
	i: number,
	id: string,
	value: unknown,
	schema: JsonSchema,
): unknown {
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object' && typeof (value as IDataObject).toISO === 'function')
		return (value as { toISO(): string }).toISO();
	if (typeof value !== 'string') return value;
	const types = typesOf(schema);
	if (types.includes('string')) return value;
	const text = value.trim();
	if (types.includes('number') || types.includes('integer')) return parseDecimal(text) ?? value;
	if (types.includes('boolean')) return text === 'true' ? true : text === 'false' ? false : value;
	if ((types.includes('array') || types.includes('object')) && /^[[{]/.test(text)) {
		try {
			return JSON.parse(text) as unknown;
		} catch (error) {
			throw invalidInput(
				ctx,
				i,
				id,
				`it is not valid JSON (${(error as Error).message.slice(0, 200)})`,
			);
		}
	}
	return value;
}

/** The ItemCatalog of the field mapper, empty fields left out. */
function readMapped(ctx: IExecuteFunctions, i: number): IDataObject {
	const mapped = ctx.getNodeParameter('fields.value', i, {}) as IDataObject | null;
	const entry: IDataObject = {};
	for (const [id, value] of Object.entries(mapped ?? {})) {
		if (isEmpty(value)) continue;
		const field = SCHEMA_FIELDS.get(id);
		if (!field) throw invalidInput(ctx, i, id, 'is not a field of the DSCO ItemCatalog');
		entry[id] = fromMapper(ctx, i, id, value, field.schema) as IDataObject[string];
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
	const problem = schemaProblem(ITEM_CATALOG_SCHEMA, entry);
	if (problem) throw invalidInput(ctx, i, problem.path || 'Item Catalog', problem.problem);
	// The schema allows any text up to 90 characters; DSCO matches on the SKU, so it is one line of text as well.
	entry.sku = readIdentifier(ctx, i, 'sku', 'sku', entry.sku);
	return entry as ItemCatalogEntry;
}
