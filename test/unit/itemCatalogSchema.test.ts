/**
 * Catalog → Create or Update checks each item against the vendor's ItemCatalog schema before sending. The node holds
 * its own copy of that schema and a small checker (helpers/jsonSchema.ts, no runtime dependency): the copy must be
 * the simulator's schema (itself checked against the vendor document by test/simulator/schemas.test.ts), and the
 * checker must agree with ajv, which the simulator validates with, on valid and invalid items alike.
 */
import { ITEM_CATALOG_SCHEMA } from '../../nodes/Dsco/actions/catalog/itemCatalogSchema';
import { schemaProblem } from '../../nodes/Dsco/helpers/jsonSchema';
import { createAjv, loadSchemaFile } from '../simulator/schemas';

const simulatorSchema = () =>
	(loadSchemaFile().operations.updateCatalogSmallBatch.schema as { items: unknown }).items;

it("the node's ItemCatalog schema is the simulator's updateCatalogSmallBatch item schema", () => {
	expect(ITEM_CATALOG_SCHEMA).toEqual(simulatorSchema());
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
	['nulls delete attributes', { ...base, brand: null, cost: null, images: null }, undefined],
	['missing title', { sku: 'A', productStatus: 'active' }, 'title'],
	['missing sku', { title: 'T', productStatus: 'active' }, 'sku'],
	['unknown product status', { ...base, productStatus: 'live' }, 'productStatus'],
	['negative cost', { ...base, cost: -0.01 }, 'cost'],
	['cost as text', { ...base, cost: '2.50' }, 'cost'],
	['short UPC', { ...base, upc: '12345' }, 'upc'],
	['ISBN of 11 digits', { ...base, isbn: '97803064061' }, 'isbn'],
	['sku over 90 characters', { ...base, sku: 'x'.repeat(91) }, 'sku'],
	['image without reference', { ...base, images: [{ name: 'front' }] }, 'images[0].reference'],
	[
		'image reference not a URL',
		{ ...base, images: [{ ...image, reference: 'a.jpg' }] },
		'images[0].reference',
	],
	[
		'attribute value a number',
		{ ...base, attributes: [{ name: 'n', value: 3 }] },
		'attributes[0].value',
	],
	['category not a list', { ...base, categories: { default: 'Kitchen' } }, 'categories.default'],
	['weight unit unknown', { ...base, weightUnits: 'stone' }, 'weightUnits'],
	['fractional box count', { ...base, maxShipSingleBox: 1.5 }, 'maxShipSingleBox'],
	[
		'date without time zone',
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

let ajvCheck: ReturnType<ReturnType<typeof createAjv>['compile']>;
beforeAll(() => {
	ajvCheck = createAjv().compile(simulatorSchema() as object);
});

describe.each(SAMPLES)('%s', (_name, item, path) => {
	it('the checker and ajv agree; the checker names the field', () => {
		const ajvValid = ajvCheck(item);
		const problem = schemaProblem(ITEM_CATALOG_SCHEMA, item);
		expect(problem === undefined).toBe(ajvValid);
		expect(problem?.path).toBe(path);
	});
});
