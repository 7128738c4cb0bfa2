/**
 * Validation of request bodies against the vendor's schemas (schemas.generated.json, produced by
 * scripts/gen-simulator-schemas.ts), with ajv's JSON Schema 2020-12 build. Violations become DSCO-style
 * messages: {code: "VALIDATION_FAILED", severity: "error", description}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type {
	SimulatorOperationId,
	SimulatorResponseOperationId,
} from '../../scripts/gen-simulator-schemas';
import { isDateTime } from './clock';
import type { Message } from './types';

/** The operations whose request schemas the generator extracts (type-only import: no YAML parser at run time). */
export type OperationId = SimulatorOperationId;

interface SchemaFile {
	operations: Record<
		string,
		{ method: string; path: string; contentType: string; schema: Record<string, unknown> }
	>;
	responses: Record<
		string,
		{ method: string; path: string; contentType: string; schema: Record<string, unknown> }
	>;
}

export const SCHEMA_FILE = path.join(__dirname, 'schemas.generated.json');

let schemaFile: SchemaFile | undefined;
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

export function loadSchemaFile(): SchemaFile {
	schemaFile ??= JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as SchemaFile;
	return schemaFile;
}

/** ajv with the formats the vendor document uses. */
export function createAjv(): Ajv2020 {
	const instance = new Ajv2020({
		allErrors: true,
		strict: true,
		strictTypes: false,
		allowUnionTypes: true,
	});
	instance.addFormat('date-time', { type: 'string', validate: isDateTime });
	instance.addFormat('date', {
		type: 'string',
		validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s),
	});
	instance.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) });
	instance.addFormat('integer', { type: 'number', validate: (n: number) => Number.isInteger(n) });
	// Descriptive only in the document.
	for (const name of ['float', 'timestamp', 'binary']) instance.addFormat(name, true);
	return instance;
}

function validator(operationId: OperationId, part: 'body' | 'items'): ValidateFunction {
	const key = `${operationId}#${part}`;
	let fn = compiled.get(key);
	if (!fn) {
		const operation = loadSchemaFile().operations[operationId];
		if (!operation) throw new Error(`No schema for ${operationId} in ${SCHEMA_FILE}`);
		const schema =
			part === 'items' ? (operation.schema.items as Record<string, unknown>) : operation.schema;
		if (!schema) throw new Error(`${operationId} has no item schema`);
		ajv ??= createAjv();
		fn = ajv.compile(schema);
		compiled.set(key, fn);
	}
	return fn;
}

/** "/shipments/0/lineItems/1" → "shipments[0].lineItems[1]". */
function jsonPointerToPath(pointer: string): string {
	return pointer
		.split('/')
		.slice(1)
		.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
		.reduce(
			(acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
			'',
		);
}

function describe(error: ErrorObject): string {
	const where = jsonPointerToPath(error.instancePath);
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required': {
			const field = where
				? `${where}.${String(params.missingProperty)}`
				: String(params.missingProperty);
			return `${field} is required`;
		}
		case 'enum':
			return `${where || 'value'} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
		case 'anyOf':
			return `${where || 'value'} does not match any allowed form`;
		default:
			return `${where || 'body'} ${error.message ?? 'is invalid'}`;
	}
}

/**
 * DSCO-style messages for ajv errors. Alternatives (anyOf) report per branch: enum errors on the same field
 * are merged into one list, and the generic anyOf error is kept only when no branch said anything more useful.
 */
export function toMessages(errors: ErrorObject[] | null | undefined): Message[] {
	const list = errors ?? [];
	const merged: ErrorObject[] = [];
	const enums = new Map<string, ErrorObject>();
	for (const error of list) {
		if (
			error.keyword === 'anyOf' &&
			list.some((e) => e !== error && e.instancePath.startsWith(error.instancePath))
		) {
			continue;
		}
		if (error.keyword === 'enum') {
			const previous = enums.get(error.instancePath);
			if (previous) {
				const values = previous.params as { allowedValues: unknown[] };
				values.allowedValues = [
					...new Set([...values.allowedValues, ...(error.params.allowedValues as unknown[])]),
				];
				continue;
			}
			const copy = {
				...error,
				params: { allowedValues: [...(error.params.allowedValues as unknown[])] },
			};
			enums.set(error.instancePath, copy);
			merged.push(copy);
			continue;
		}
		merged.push(error);
	}
	const descriptions = [...new Set(merged.map(describe))];
	return descriptions.map((description) => ({
		code: 'VALIDATION_FAILED',
		severity: 'error',
		description,
	}));
}

/** Messages for a whole body; empty when valid. */
export function validateBody(operationId: OperationId, body: unknown): Message[] {
	const fn = validator(operationId, 'body');
	return fn(body) ? [] : toMessages(fn.errors);
}

/** Messages for one item of a batch body (an array schema); empty when valid. */
export function validateItem(operationId: OperationId, item: unknown): Message[] {
	const fn = validator(operationId, 'items');
	return fn(item) ? [] : toMessages(fn.errors);
}

/** Messages for a 200 answer the simulator is about to send (the vendor's answer schema); empty when it fits. */
export function validateResponse(
	operationId: SimulatorResponseOperationId,
	body: unknown,
): Message[] {
	const key = `${operationId}#response`;
	let fn = compiled.get(key);
	if (!fn) {
		const response = loadSchemaFile().responses[operationId];
		if (!response) throw new Error(`No answer schema for ${operationId} in ${SCHEMA_FILE}`);
		ajv ??= createAjv();
		fn = ajv.compile(response.schema);
		compiled.set(key, fn);
	}
	return fn(body) ? [] : toMessages(fn.errors);
}
