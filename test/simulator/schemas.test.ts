import * as fs from 'node:fs';
import * as path from 'node:path';
import {
	OUTPUT_PATH,
	SIMULATOR_OPERATION_IDS,
	SIMULATOR_RESPONSE_OPERATION_IDS,
	VENDOR_DOC_PATH,
	renderSimulatorSchemas,
	trimSchema,
} from '../../scripts/gen-simulator-schemas';
import { SCHEMA_FILE, createAjv, loadSchemaFile, validateBody, validateItem } from './schemas';

const vendorDocExists = fs.existsSync(VENDOR_DOC_PATH);
const relativeDoc = path.relative(path.resolve(__dirname, '../..'), VENDOR_DOC_PATH);

describe('simulator schemas (schemas.generated.json)', () => {
	(vendorDocExists ? it : it.skip)(`matches a fresh generation from ${relativeDoc}`, () => {
		const fresh = renderSimulatorSchemas(fs.readFileSync(VENDOR_DOC_PATH, 'utf8'));
		const committed = fs.readFileSync(OUTPUT_PATH, 'utf8');
		if (fresh !== committed) {
			throw new Error(
				`${path.basename(OUTPUT_PATH)} is stale: run "npx tsx scripts/gen-simulator-schemas.ts" and commit the result`,
			);
		}
	});

	if (!vendorDocExists) {
		it.skip(`drift check SKIPPED: the vendor document ${relativeDoc} is not present on this machine`, () =>
			undefined);
	}

	it('is the file the simulator loads, and holds every operation the generator lists', () => {
		expect(SCHEMA_FILE).toBe(OUTPUT_PATH);
		expect(Object.keys(loadSchemaFile().operations)).toEqual([...SIMULATOR_OPERATION_IDS]);
		expect(Object.keys(loadSchemaFile().responses)).toEqual([...SIMULATOR_RESPONSE_OPERATION_IDS]);
	});

	it('compiles every schema with ajv 2020 in strict mode', () => {
		const ajv = createAjv();
		const { operations, responses } = loadSchemaFile();
		// (Which operations the file holds is pinned by the test above.)
		for (const operation of [...Object.values(operations), ...Object.values(responses)]) {
			expect(() => ajv.compile(operation.schema)).not.toThrow();
			expect(JSON.stringify(operation.schema)).not.toMatch(
				/"(nullable|description|example)"\s*:\s*(true|false|")/,
			);
		}
	});

	it('trims OpenAPI-isms: nullable, oneOf, double-escaped patterns, annotations (not property names)', () => {
		const trimmed = trimSchema({
			type: 'object',
			description: 'dropped',
			'x-vendor': 1,
			properties: {
				description: {
					type: 'string',
					nullable: true,
					description: 'a property named description stays',
				},
				upc: { type: 'string', pattern: '^(\\\\d{6}|\\\\d{12})$' },
				kind: { type: 'string', enum: ['a', 'b'], nullable: true },
				either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
			},
		});
		expect(trimmed).toEqual({
			type: 'object',
			properties: {
				description: { type: ['string', 'null'] },
				upc: { type: 'string', pattern: '^(\\d{6}|\\d{12})$' },
				kind: { type: ['string', 'null'], enum: ['a', 'b', null] },
				either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
			},
		});
	});

	it('accepts real identifiers and overlapping alternatives the raw document would reject', () => {
		expect(
			validateBody('singleShipment', {
				poNumber: 'PO1',
				shipments: [
					{ trackingNumber: '1Z', lineItems: [{ quantity: 1, upc: '012345678905', sku: null }] },
				],
			}),
		).toEqual([]);
		expect(
			validateItem('updateOrderSmallBatch', {
				dscoOrderId: 1,
				updateType: 'EST_SHIP_DATE',
				payload: [{ sku: 'A', estimatedShipDate: '2025-11-06T23:02:30+00:00' }],
			}),
		).toEqual([]);
		expect(
			validateBody('singleShipment', {
				shipments: [{ trackingNumber: '1Z', lineItems: [{ quantity: 1, upc: '12' }] }],
			}),
		).toEqual([
			expect.objectContaining({
				code: 'VALIDATION_FAILED',
				description: expect.stringContaining('shipments[0].lineItems[0].upc'),
			}),
		]);
	});
});
