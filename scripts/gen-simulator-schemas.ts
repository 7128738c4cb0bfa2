/**
 * Generates test/simulator/schemas.generated.json: the request-body schemas of the DSCO operations the
 * simulator serves (and the answer schemas of a few reads it serves), trimmed from the vendor's OpenAPI 3.1 document (../shared/dsco/dsco-openapi.yaml,
 * relative to the repository root). The simulator validates every request body against them, so the repo
 * does not need the vendor document at run time.
 *
 *   npx tsx scripts/gen-simulator-schemas.ts [path/to/dsco-openapi.yaml]
 *
 * test/simulator/schemas.test.ts regenerates in memory and fails when the committed file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const VENDOR_DOC_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'dsco', 'dsco-openapi.yaml');
export const OUTPUT_PATH = path.join(REPO_ROOT, 'test', 'simulator', 'schemas.generated.json');

/**
 * operationIds whose request body the simulator validates (see test/simulator/routes). The return small batch
 * (createOrCompleteReturnSmallBatch) has no body schema in the document: its items are checked against createReturn,
 * updateReturn or completeReturn by its `operation` parameter.
 */
export const SIMULATOR_OPERATION_IDS = [
	'acknowledgeOrderItems',
	'acknowledgeOrders',
	'cancelOrderItem',
	'cancelOrderItemSmallBatch',
	'completeReturn',
	'createInvoiceSmallBatch',
	'createPackingSlip',
	'createReturn',
	'createShipmentSmallBatch',
	'createShippingLabels',
	'createStream',
	'getAccessToken',
	'singleInvoice',
	'singleItem',
	'singleShipment',
	'updateCatalogSmallBatch',
	'updateInventorySmallBatch',
	'updateOrderSmallBatch',
	'updateReturn',
] as const;

export type SimulatorOperationId = (typeof SIMULATOR_OPERATION_IDS)[number];

/**
 * operationIds of read endpoints whose 200 answer the simulator checks against the vendor schema before sending it
 * (its seeded data then has the documented shape).
 */
export const SIMULATOR_RESPONSE_OPERATION_IDS = [
	'getCatalogById',
	'getReturns',
	'getTradingPartners',
	'getWarehouses',
] as const;

export type SimulatorResponseOperationId = (typeof SIMULATOR_RESPONSE_OPERATION_IDS)[number];

export interface GeneratedOperation {
	method: string;
	path: string;
	contentType: string;
	schema: JsonSchema;
}

export interface GeneratedSchemaFile {
	$comment: string;
	source: { document: string; title: string; version: string };
	transformations: string[];
	operations: Record<string, GeneratedOperation>;
	/** The 200 answer's schema of each SIMULATOR_RESPONSE_OPERATION_IDS operation. */
	responses: Record<string, GeneratedOperation>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonSchema = { [keyword: string]: any };

const TRANSFORMATIONS = [
	'Kept only the request-body schema of each listed operation (all schemas in the document are inline), and under ' +
		'"responses" the 200 answer schema of the listed read operations.',
	'Dropped annotations: description, example, examples, $comment and x-* vendor extensions.',
	'OpenAPI 3.0 "nullable: true" (not valid in 3.1) became "null" added to type (and to enum); "nullable: false" dropped.',
	"oneOf became anyOf: the document's alternatives overlap (e.g. the order-update payload variants have no required " +
		'properties), so exclusive matching would reject every valid input.',
	'Double-escaped regular expressions such as ^(\\\\d{6}|\\\\d{12})$ became ^(\\d{6}|\\d{12})$: as written they ' +
		'would only match a literal backslash, rejecting every real UPC/EAN/ISBN/GTIN.',
	'A "required" name that is not among the schema\'s properties but is the snake_case form of one became that ' +
		'property (PackingSlipCreateOrderItem requires item_id and line_number, its properties are itemId and ' +
		'lineNumber; the description asks for "an item id and a line number"): as written, items naming their item id and ' +
		'line number as the properties do would be refused.',
	"updateCatalogSmallBatch's items, titled ItemCatalog, hold only the ItemCatalogObj half of the ItemCatalog that " +
		'getCatalogById answers (allOf [Item, ItemCatalogObj]): the Item half (sku, required, and the identifiers upc, ean, ' +
		'mpn, isbn, gtin, partnerSkuMap…) was added, as the change log and the catalog itself key items by sku.',
	'An "items" given as a list of one schema (the draft-4 tuple form, not valid in OpenAPI 3.1; ItemCatalog\'s ' +
		"extended-attribute values) became that schema: a list value's elements are strings, numbers or booleans.",
];

/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAP_KEYWORDS = new Set([
	'properties',
	'patternProperties',
	'$defs',
	'definitions',
	'dependentSchemas',
]);
/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = new Set([
	'items',
	'additionalProperties',
	'not',
	'contains',
	'if',
	'then',
	'else',
	'propertyNames',
	'unevaluatedItems',
	'unevaluatedProperties',
]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const DROPPED_KEYWORDS = new Set(['description', 'example', 'examples', '$comment', 'nullable']);

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(
	value: unknown,
	fn: (schema: unknown) => JsonSchema,
): Record<string, JsonSchema> {
	const out: Record<string, JsonSchema> = {};
	if (isObject(value)) for (const [key, schema] of Object.entries(value)) out[key] = fn(schema);
	return out;
}

/** Undoes the document's double escaping in regular expressions (`\\d` → `\d`). */
function fixPattern(pattern: string): string {
	return pattern.replace(/\\\\/g, '\\');
}

/** Returns a trimmed, JSON-Schema-2020-12-valid copy of one schema of the document. */
export function trimSchema(input: unknown): JsonSchema {
	if (typeof input === 'boolean') return input as unknown as JsonSchema;
	if (!isObject(input)) throw new Error(`Expected a schema object, got ${JSON.stringify(input)}`);
	const out: JsonSchema = {};
	for (const [keyword, value] of Object.entries(input)) {
		if (DROPPED_KEYWORDS.has(keyword) || keyword.startsWith('x-')) continue;
		if (SCHEMA_MAP_KEYWORDS.has(keyword)) out[keyword] = mapValues(value, trimSchema);
		else if (keyword === 'items' && Array.isArray(value) && value.length === 1)
			out.items = trimSchema(value[0]);
		else if (SCHEMA_KEYWORDS.has(keyword)) out[keyword] = trimSchema(value);
		else if (SCHEMA_LIST_KEYWORDS.has(keyword)) out[keyword] = (value as unknown[]).map(trimSchema);
		else if (keyword === 'pattern' && typeof value === 'string') out.pattern = fixPattern(value);
		else out[keyword] = value;
	}
	if (Array.isArray(out.required) && isObject(out.properties)) {
		const properties = out.properties;
		out.required = (out.required as string[]).map((name) => {
			const camel = name.replace(/_([a-z])/g, (_: string, c: string) => c.toUpperCase());
			return name in properties || !(camel in properties) ? name : camel;
		});
	}
	if (out.oneOf) {
		const alternatives = out.oneOf as JsonSchema[];
		delete out.oneOf;
		if (out.anyOf)
			out.allOf = [...((out.allOf as JsonSchema[] | undefined) ?? []), { anyOf: alternatives }];
		else out.anyOf = alternatives;
	}
	return input.nullable === true ? makeNullable(out) : out;
}

function makeNullable(schema: JsonSchema): JsonSchema {
	if (schema.type === undefined) return { anyOf: [{ type: 'null' }, schema] };
	const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
	const out: JsonSchema = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
	if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
	return out;
}

/** The Item half (sku and the other identifiers) of the ItemCatalog that getCatalogById answers. */
function itemSchemaOfCatalog(doc: Record<string, unknown>): unknown {
	const paths = doc.paths as Record<
		string,
		Record<
			string,
			{ responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }
		>
	>;
	const catalog = paths['/catalog']?.get?.responses?.['200']?.content?.['application/json']?.schema;
	const item = (catalog?.allOf as JsonSchema[] | undefined)?.find((part) => part.title === 'Item');
	if (!item) throw new Error('getCatalogById answers no ItemCatalog with an Item part');
	return item;
}

/**
 * A request schema titled ItemCatalog whose allOf lacks the Item half gets it (a new object: the parsed document
 * shares aliased objects), as the ItemCatalog of getCatalogById has it.
 */
function completeItemCatalog(schema: unknown, doc: Record<string, unknown>): unknown {
	if (!isObject(schema)) return schema;
	if (schema.type === 'array' && isObject(schema.items))
		return { ...schema, items: completeItemCatalog(schema.items, doc) };
	if (schema.title !== 'ItemCatalog' || !Array.isArray(schema.allOf)) return schema;
	if (schema.allOf.some((part) => isObject(part) && part.title === 'Item')) return schema;
	return { ...schema, allOf: [itemSchemaOfCatalog(doc), ...schema.allOf] };
}

interface OperationObject {
	operationId?: string;
	requestBody?: { content?: Record<string, { schema?: unknown }> };
	responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Builds the generated file's content from the parsed vendor document. */
export function buildSimulatorSchemas(doc: unknown): GeneratedSchemaFile {
	if (!isObject(doc) || !isObject(doc.paths)) throw new Error('Not an OpenAPI document: no paths');
	const found = new Map<string, GeneratedOperation>();
	const foundResponses = new Map<string, GeneratedOperation>();
	for (const [apiPath, pathItem] of Object.entries(doc.paths)) {
		if (!isObject(pathItem)) continue;
		for (const [method, op] of Object.entries(pathItem)) {
			const operation = op as OperationObject;
			const id = operation?.operationId;
			if (id && (SIMULATOR_RESPONSE_OPERATION_IDS as readonly string[]).includes(id)) {
				const content = operation.responses?.['200']?.content ?? {};
				const contentType = Object.keys(content)[0];
				if (!contentType || content[contentType].schema === undefined)
					throw new Error(`Operation ${id} has no 200 answer schema`);
				foundResponses.set(id, {
					method: method.toUpperCase(),
					path: apiPath,
					contentType,
					schema: trimSchema(content[contentType].schema),
				});
			}
			if (!id || !(SIMULATOR_OPERATION_IDS as readonly string[]).includes(id)) continue;
			const content = operation.requestBody?.content ?? {};
			const contentType = Object.keys(content)[0];
			if (!contentType || content[contentType].schema === undefined) {
				throw new Error(`Operation ${id} has no request body schema`);
			}
			found.set(id, {
				method: method.toUpperCase(),
				path: apiPath,
				contentType,
				schema: trimSchema(completeItemCatalog(content[contentType].schema, doc)),
			});
		}
	}
	const operations: Record<string, GeneratedOperation> = {};
	for (const id of SIMULATOR_OPERATION_IDS) {
		const operation = found.get(id);
		if (!operation) throw new Error(`Operation ${id} not found in the vendor document`);
		operations[id] = operation;
	}
	const responses: Record<string, GeneratedOperation> = {};
	for (const id of SIMULATOR_RESPONSE_OPERATION_IDS) {
		const response = foundResponses.get(id);
		if (!response) throw new Error(`Operation ${id} not found in the vendor document`);
		responses[id] = response;
	}
	const info = isObject(doc.info) ? doc.info : {};
	return {
		$comment:
			'Generated by scripts/gen-simulator-schemas.ts from ../shared/dsco/dsco-openapi.yaml. Do not edit.',
		source: {
			document: 'dsco-openapi.yaml',
			title: String(info.title ?? ''),
			version: String(info.version ?? ''),
		},
		transformations: TRANSFORMATIONS,
		operations,
		responses,
	};
}

/** The exact text of schemas.generated.json for a vendor document's YAML text. */
export function renderSimulatorSchemas(yamlText: string): string {
	const doc: unknown = parse(yamlText, { maxAliasCount: -1 });
	return `${JSON.stringify(buildSimulatorSchemas(doc), null, '\t')}\n`;
}

function main(): void {
	const source = path.resolve(process.argv[2] ?? VENDOR_DOC_PATH);
	if (!fs.existsSync(source)) {
		process.stderr.write(`Vendor document not found: ${source}\n`);
		process.exit(1);
	}
	fs.writeFileSync(OUTPUT_PATH, renderSimulatorSchemas(fs.readFileSync(source, 'utf8')));
	process.stdout.write(`Wrote ${path.relative(REPO_ROOT, OUTPUT_PATH)} from ${source}\n`);
}

if (require.main === module) main();
