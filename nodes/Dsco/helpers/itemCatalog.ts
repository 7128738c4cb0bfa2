/**
 * DSCO's ItemCatalog (a catalog item) as the vendor document defines it: its fields, and the check of an item
 * against the schema, for every operation that sends catalog items.
 */
import type { IDataObject } from 'n8n-workflow';

import { ITEM_CATALOG_SCHEMA } from './itemCatalogSchema.generated';
import { firstSchemaProblem, type JsonSchema, type SchemaProblem } from './jsonSchema';

export type ItemCatalogEntry = IDataObject & { sku: string };

/** Each top-level field of ItemCatalog (the Item and ItemCatalogObj halves) and its schema. */
export const ITEM_CATALOG_FIELDS: ReadonlyMap<string, JsonSchema> = new Map(
	(ITEM_CATALOG_SCHEMA.allOf ?? [ITEM_CATALOG_SCHEMA]).flatMap((part) =>
		Object.entries(part.properties ?? {}),
	),
);

/** Fields every ItemCatalog must carry (sku, title, productStatus). */
export const ITEM_CATALOG_REQUIRED: readonly string[] = (
	ITEM_CATALOG_SCHEMA.allOf ?? [ITEM_CATALOG_SCHEMA]
).flatMap((part) => part.required ?? []);

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
