/**
 * The ItemCatalog schema the node embeds is the simulator's (the vendor document with its generator's corrections),
 * and the node's small schema checker agrees with ajv on it: valid items pass, each broken one is refused by both.
 */
import { itemCatalogSchema } from '../../scripts/gen-item-catalog-schema';
import { ITEM_CATALOG_SCHEMA } from '../../nodes/Dsco/helpers/itemCatalogSchema.generated';
import { itemCatalogProblem } from '../../nodes/Dsco/helpers/itemCatalog';
import { validateItem } from '../simulator/schemas';

const valid = { sku: 'A-1', title: 'Shirt', productStatus: 'active' };

it('the embedded schema is the one generated from the simulator schema file (regenerate with scripts/gen-item-catalog-schema.ts)', () => {
	expect(ITEM_CATALOG_SCHEMA).toEqual(itemCatalogSchema());
});

const cases: Array<[string, Record<string, unknown>]> = [
	['minimal', valid],
	[
		'with fields of every kind',
		{
			...valid,
			cost: 1.25,
			hazmatFlag: true,
			maxShipSingleBox: 2,
			keywords: ['a', 'b'],
			attributes: [{ name: 'Fabric', value: 'Linen' }],
			listingPrices: { USD: 3 },
			categories: { default: ['Tops'] },
			productAvailabilityStartDate: '2026-01-01T00:00:00Z',
			upc: '123456789012',
			description: null,
		},
	],
	['no title', { sku: 'A-1', productStatus: 'active' }],
	['no sku', { title: 'x', productStatus: 'active' }],
	['status not allowed', { ...valid, productStatus: 'sold' }],
	['negative cost', { ...valid, cost: -1 }],
	['cost as text', { ...valid, cost: '1' }],
	['upc too short', { ...valid, upc: '123' }],
	['attribute without value', { ...valid, attributes: [{ name: 'Fabric' }] }],
	['attribute value a number', { ...valid, attributes: [{ name: 'Size', value: 3 }] }],
	['keywords not text', { ...valid, keywords: [1] }],
	['date without zone', { ...valid, productAvailabilityStartDate: '2026-01-01T00:00:00' }],
	['weight unit unknown', { ...valid, weightUnits: 'stone' }],
	['sku of 91 characters', { ...valid, sku: 'x'.repeat(91) }],
	['boolean as text', { ...valid, hazmatFlag: 'yes' }],
	['categories default not a list', { ...valid, categories: { default: 'Tops' } }],
];

it.each(cases)('node checker and ajv agree: %s', (_, item) => {
	const ajv = validateItem('updateCatalogSmallBatch', item);
	const node = itemCatalogProblem(item);
	expect(node === undefined).toBe(ajv.length === 0);
});

it('names the field and says what is allowed', () => {
	expect(itemCatalogProblem({ ...valid, attributes: [{ name: 'Size', value: 3 }] })).toEqual({
		path: 'attributes[0].value',
		problem: 'is 3, must be text',
	});
	expect(itemCatalogProblem({ sku: 'A-1', productStatus: 'active' })).toEqual({
		path: 'title',
		problem: 'is required',
	});
});
