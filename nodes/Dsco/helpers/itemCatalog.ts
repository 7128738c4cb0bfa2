/**
 * DSCO's ItemCatalog (a catalog item) as the vendor document defines it: its fields (for the field mapper of Create or
 * Update and the columns of Update From File), a text read as a field's type, and the check of an item against the
 * schema, for every operation that sends catalog items.
 */
import type { FieldType, IDataObject, ResourceMapperField } from 'n8n-workflow';

import { ITEM_CATALOG_SCHEMA } from './itemCatalogSchema.generated';
import { firstSchemaProblem, type JsonSchema, type SchemaProblem } from './jsonSchema';
import { parseDecimal } from './validation';

export type ItemCatalogEntry = IDataObject & { sku: string };

const PARTS = ITEM_CATALOG_SCHEMA.allOf ?? [ITEM_CATALOG_SCHEMA];

/**
 * Each top-level field of ItemCatalog (the Item and ItemCatalogObj halves, in the document's order) and its schema
 * (the two fields both halves define, departmentId and assortments, have the same schema in each).
 */
export const ITEM_CATALOG_FIELDS: ReadonlyMap<string, JsonSchema> = new Map(
	PARTS.flatMap((part) => Object.entries(part.properties ?? {})),
);

/** Fields every ItemCatalog must carry (sku, title, productStatus). */
export const ITEM_CATALOG_REQUIRED: readonly string[] = PARTS.flatMap(
	(part) => part.required ?? [],
);

const byLowerCase = new Map(
	[...ITEM_CATALOG_FIELDS.keys()].map((name) => [name.toLowerCase(), name]),
);

/** The ItemCatalog field a name means (without regard to case or surrounding spaces), if any. */
export function itemCatalogField(name: string): string | undefined {
	return byLowerCase.get(name.trim().toLowerCase());
}

/** The first way `item` breaks the vendor's ItemCatalog schema (path and problem), or undefined. */
export function itemCatalogProblem(item: unknown): SchemaProblem | undefined {
	return firstSchemaProblem(ITEM_CATALOG_SCHEMA, item);
}

/** The types a field's schema allows, e.g. ['string', 'null']. */
export function schemaTypes(schema: JsonSchema): string[] {
	if (schema.type === undefined) return [];
	return Array.isArray(schema.type) ? schema.type : [schema.type];
}

const quoted = (value: string) => `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;

export type FieldText = { value: IDataObject[string]; problem?: undefined } | { problem: string };

/**
 * A text (a CSV cell, a mapped value typed as text) as the value of `field`, by the type its schema gives, or what
 * keeps it from being one: numbers (parseDecimal) and true/false (yes/no, 1/0) as such, a list of text as values separated by "|"
 * or a JSON array, objects and lists of objects as JSON.
 */
export function itemCatalogValueFromText(field: string, text: string): FieldText {
	const schema = ITEM_CATALOG_FIELDS.get(field) ?? {};
	const types = schemaTypes(schema);
	if (types.includes('string')) return { value: text };
	if (types.includes('number') || types.includes('integer')) {
		const n = parseDecimal(text);
		return n === undefined ? { problem: `is ${quoted(text)}, must be a number` } : { value: n };
	}
	if (types.includes('boolean')) {
		const word = text.toLowerCase();
		if (['true', 'yes', '1'].includes(word)) return { value: true };
		if (['false', 'no', '0'].includes(word)) return { value: false };
		return { problem: `is ${quoted(text)}, must be true or false` };
	}
	if (types.includes('array') && schemaTypes(schema.items ?? {}).includes('string')) {
		if (text.startsWith('[')) return parseJson(text);
		const values = text
			.split('|')
			.map((v) => v.trim())
			.filter((v) => v !== '');
		return { value: values };
	}
	return parseJson(text);
}

function parseJson(text: string): FieldText {
	try {
		return { value: JSON.parse(text) as IDataObject[string] };
	} catch (error) {
		return { problem: `is not valid JSON (${(error as Error).message.slice(0, 200)})` };
	}
}

/**
 * Fields DSCO sets itself (its IDs, names, dates), and partnerSku, which "will not be set when used by a supplier":
 * not offered in the field mapper (nor are readOnly or deprecated ones). JSON mode and files still take them, so that
 * an item read with Catalog → Get can be sent back as it is (DSCO ignores what it sets).
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

function fieldType(schema: JsonSchema): FieldType {
	if (schema.enum) return 'options';
	const [type] = schemaTypes(schema).filter((t) => t !== 'null');
	if (type === 'string') return schema.format === 'date-time' ? 'dateTime' : 'string';
	if (type === 'number' || type === 'integer') return 'number';
	if (type === 'boolean' || type === 'array' || type === 'object') return type;
	return 'string';
}

/** The ItemCatalog fields for n8n's resource mapper: required ones first, then the common ones, then the rest. */
export function catalogMapperFields(): ResourceMapperField[] {
	const rank = (id: string) =>
		REQUIRED_ORDER.includes(id)
			? REQUIRED_ORDER.indexOf(id)
			: COMMON.includes(id)
				? 10 + COMMON.indexOf(id)
				: 100;
	return [...ITEM_CATALOG_FIELDS]
		.filter(([id, schema]) => !NOT_MAPPED.has(id) && !schema.readOnly && !schema.deprecated)
		.map(([id, schema], position) => ({ id, schema, position }))
		.sort((a, b) => rank(a.id) - rank(b.id) || a.position - b.position)
		.map(({ id, schema }): ResourceMapperField => {
			const type = fieldType(schema);
			const field: ResourceMapperField = {
				id,
				displayName: fieldDisplayName(id),
				required: ITEM_CATALOG_REQUIRED.includes(id),
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
