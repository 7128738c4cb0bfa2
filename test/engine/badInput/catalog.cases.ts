import type { BadInputCase } from './types';

/** Catalog → Create or Update, mapped fields: each value from the input item. */
const mappedFields = {
	resource: 'catalog',
	operation: 'upsert',
	inputMode: 'fields',
	fields: {
		mappingMode: 'defineBelow',
		value: {
			sku: '={{ $json.sku }}',
			title: '={{ $json.title ?? "A mug" }}',
			productStatus: '={{ $json.status ?? "active" }}',
			cost: '={{ $json.cost ?? 2 }}',
		},
		matchingColumns: [],
		schema: [],
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	},
};
/** Catalog → Create or Update, JSON: the whole ItemCatalog from the input item. */
const json = {
	resource: 'catalog',
	operation: 'upsert',
	inputMode: 'json',
	itemCatalogJson: '={{ $json.item }}',
};
const item = (sku: string, extra: Record<string, unknown> = {}) => ({
	item: { sku, title: 'A mug', productStatus: 'active', ...extra },
});

export const catalogCases: BadInputCase[] = [
	{
		name: 'catalog create or update (fields): negative cost',
		field: 'cost',
		message: /is -4, must be at least 0/,
		build: () => ({
			params: mappedFields,
			input: [
				{ sku: 'CAT-OK-1', cost: 3 },
				{ sku: 'BAD-CAT-1', cost: -4 },
			],
			badItem: 1,
			marker: 'BAD-CAT-1',
		}),
	},
	{
		name: 'catalog create or update (fields): product status not in the document',
		field: 'productStatus',
		message: /is "live", must be one of pending, active, discontinued_sell_through, discontinued/,
		build: () => ({
			params: mappedFields,
			input: [{ sku: 'BAD-CAT-2', status: 'live' }, { sku: 'CAT-OK-2' }],
			badItem: 0,
			marker: 'BAD-CAT-2',
		}),
	},
	{
		name: 'catalog create or update (JSON): UPC of 5 digits',
		field: 'upc',
		message: /is "12345", must match/,
		build: () => ({
			params: json,
			input: [item('CAT-OK-3'), item('BAD-CAT-3', { upc: '12345' })],
			badItem: 1,
			marker: 'BAD-CAT-3',
		}),
	},
	{
		name: 'catalog create or update (JSON): image without its reference URL',
		field: 'images[0].reference',
		message: /is required/,
		build: () => ({
			params: json,
			input: [item('BAD-CAT-4', { images: [{ name: 'front' }] }), item('CAT-OK-4')],
			badItem: 0,
			marker: 'BAD-CAT-4',
		}),
	},
	{
		name: 'catalog create or update (JSON): title null (DSCO never deletes it)',
		field: 'title',
		message: /null \(which deletes an attribute\) is not allowed/,
		build: () => ({
			params: json,
			input: [item('CAT-OK-5'), item('BAD-CAT-5', { title: null })],
			badItem: 1,
			marker: 'BAD-CAT-5',
		}),
	},
	{
		name: 'catalog create or update (JSON): not one object',
		field: 'Item Catalog (JSON)',
		message: /is not one ItemCatalog object/,
		build: () => ({
			params: json,
			input: [{ item: ['BAD-CAT-6'] }, item('CAT-OK-6')],
			badItem: 0,
			marker: 'BAD-CAT-6',
		}),
	},
	{
		name: 'catalog create or update (JSON): SKU over 90 characters',
		field: 'sku',
		message: /longer than 90 characters/,
		build: () => ({
			params: json,
			input: [item('CAT-OK-7'), item(`BAD-CAT-7-${'x'.repeat(90)}`)],
			badItem: 1,
			marker: 'BAD-CAT-7',
		}),
	},
	{
		name: 'catalog get: UPC that is not 6 or 12 digits',
		field: 'Value',
		build: () => ({
			params: {
				resource: 'catalog',
				operation: 'get',
				itemKey: 'upc',
				value: '={{ $json.value }}',
			},
			input: [{ value: 'BAD-CAT-8' }],
			badItem: 0,
			marker: 'BAD-CAT-8',
		}),
	},
];
