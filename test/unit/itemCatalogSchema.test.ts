/**
 * Catalog → Create or Update and Catalog → Update From File check each item against the vendor's ItemCatalog schema
 * before sending. The node embeds that schema (helpers/itemCatalogSchema.generated.ts) and a small checker
 * (helpers/jsonSchema.ts, no runtime dependency): the embedded schema must be the simulator's updateCatalogSmallBatch
 * item schema, as scripts/gen-item-catalog-schema.ts generates it from test/simulator/schemas.generated.json (itself
 * checked against the vendor document by test/simulator/schemas.test.ts), and the checker must agree with ajv, which the simulator
 * validates with, on valid and invalid items alike.
 */
import { itemCatalogSchema } from '../../scripts/gen-item-catalog-schema';
import { ITEM_CATALOG_SCHEMA } from '../../nodes/Dsco/helpers/itemCatalogSchema.generated';
import {
	catalogMapperFields,
	ITEM_CATALOG_FIELDS,
	itemCatalogProblem,
} from '../../nodes/Dsco/helpers/itemCatalog';
import { validateItem } from '../simulator/schemas';

it('the embedded schema is the one generated from the simulator schema file (regenerate with scripts/gen-item-catalog-schema.ts)', () => {
	expect(ITEM_CATALOG_SCHEMA).toEqual(itemCatalogSchema());
});

it('keeps the annotations the field mapper reads, and the mapper offers required fields first', () => {
	// The field mapper leaves out what DSCO sets itself: the generator keeps those annotations.
	expect(ITEM_CATALOG_FIELDS.get('commissionAmount')?.readOnly).toBe(true);
	expect(catalogMapperFields().map((f) => f.id)).not.toContain('commissionAmount');
	expect(catalogMapperFields().slice(0, 3)).toMatchObject([
		{ id: 'sku', required: true },
		{ id: 'title', required: true },
		{ id: 'productStatus', required: true, type: 'options' },
	]);
});

const base = { sku: 'ABC-1', title: 'Mug', productStatus: 'active' };
const image = { name: 'front', reference: 'https://cdn.example.com/a.jpg' };

/** [case, item, the path the checker must name (undefined: valid)]. */
const SAMPLES: Array<[string, Record<string, unknown>, string | undefined]> = [
	['minimal', base, undefined],
	[
		'full',
		{
			...base,
			description: 'A mug',
			brand: 'Acme',
			cost: 2.5,
			msrp: 9,
			listingPrices: { USD: 8.5 },
			upc: '012345678905',
			ean: '4006381333931',
			gtin: '00012345678905',
			isbn: '9780306406157',
			images: [image],
			categories: { default: ['Kitchen'], retailerX: ['Home'] },
			attributes: [{ name: 'material', value: 'stoneware' }],
			extendedAttributes: { default: { dishwasherSafe: true, sizes: ['S', 'M'] } },
			weight: 0.4,
			weightUnits: 'lb',
			dimensionUnits: 'cm',
			maxShipSingleBox: 4,
			productAvailabilityStartDate: '2026-01-01T00:00:00Z',
			partnerSkuMap: [{ partnerSku: 'R-1', dscoRetailerId: '1000051226' }],
			hazmatFlag: false,
			keywords: ['mug'],
		},
		undefined,
	],
	[
		'fields of every kind',
		{
			...base,
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
		undefined,
	],
	['nulls delete attributes', { ...base, brand: null, cost: null, images: null }, undefined],
	['missing title', { sku: 'A', productStatus: 'active' }, 'title'],
	['missing sku', { title: 'T', productStatus: 'active' }, 'sku'],
	['unknown product status', { ...base, productStatus: 'live' }, 'productStatus'],
	['negative cost', { ...base, cost: -0.01 }, 'cost'],
	['cost as text', { ...base, cost: '2.50' }, 'cost'],
	['cost not finite', { ...base, cost: Infinity }, 'cost'],
	['short UPC', { ...base, upc: '12345' }, 'upc'],
	['ISBN of 11 digits', { ...base, isbn: '97803064061' }, 'isbn'],
	['sku over 90 characters', { ...base, sku: 'x'.repeat(91) }, 'sku'],
	['image without reference', { ...base, images: [{ name: 'front' }] }, 'images[0].reference'],
	[
		'image reference not a URL',
		{ ...base, images: [{ ...image, reference: 'a.jpg' }] },
		'images[0].reference',
	],
	['attribute without value', { ...base, attributes: [{ name: 'Fabric' }] }, 'attributes[0].value'],
	[
		'attribute value a number',
		{ ...base, attributes: [{ name: 'n', value: 3 }] },
		'attributes[0].value',
	],
	['keywords not text', { ...base, keywords: [1] }, 'keywords[0]'],
	['category not a list', { ...base, categories: { default: 'Kitchen' } }, 'categories.default'],
	['weight unit unknown', { ...base, weightUnits: 'stone' }, 'weightUnits'],
	['fractional box count', { ...base, maxShipSingleBox: 1.5 }, 'maxShipSingleBox'],
	[
		'date without time zone',
		{ ...base, productAvailabilityStartDate: '2026-01-01T00:00:00' },
		'productAvailabilityStartDate',
	],
	[
		'date without time',
		{ ...base, productAvailabilityStartDate: '2026-01-01' },
		'productAvailabilityStartDate',
	],
	['listing price negative', { ...base, listingPrices: { USD: -1 } }, 'listingPrices.USD'],
	['extended attributes not an object', { ...base, extendedAttributes: 'x' }, 'extendedAttributes'],
	[
		'partner SKU map without partnerSku',
		{ ...base, partnerSkuMap: [{ dscoRetailerId: '1' }] },
		'partnerSkuMap[0].partnerSku',
	],
	['hazmat flag as text', { ...base, hazmatFlag: 'no' }, 'hazmatFlag'],
];

describe.each(SAMPLES)('%s', (_name, item, path) => {
	it('the checker and ajv agree; the checker names the field', () => {
		const ajvProblems = validateItem('updateCatalogSmallBatch', item);
		const problem = itemCatalogProblem(item);
		expect(problem === undefined).toBe(ajvProblems.length === 0);
		expect(problem?.path).toBe(path);
	});
});

it('names the field and says what is allowed', () => {
	expect(itemCatalogProblem({ ...base, attributes: [{ name: 'Size', value: 3 }] })).toEqual({
		path: 'attributes[0].value',
		problem: 'is 3, must be text',
	});
	expect(itemCatalogProblem({ sku: 'A-1', productStatus: 'active' })).toEqual({
		path: 'title',
		problem: 'is required',
	});
});
