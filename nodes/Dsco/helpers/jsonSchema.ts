/**
 * A checker for the part of JSON Schema (2020-12) that the vendor's ItemCatalog schema uses: type, enum, pattern,
 * maxLength, minimum, format (date-time, uri; float is descriptive), required, properties, additionalProperties,
 * items, allOf and anyOf; annotations (readOnly, deprecated) check nothing. Community nodes may not depend on a validator package, and DSCO refuses an item its schema
 * refuses only later, in the change log: checking first lets the node refuse a bad row before anything is sent.
 */

export interface JsonSchema {
	type?: string | string[];
	enum?: unknown[];
	pattern?: string;
	maxLength?: number;
	minimum?: number;
	format?: string;
	required?: string[];
	properties?: Record<string, JsonSchema>;
	additionalProperties?: JsonSchema | boolean;
	items?: JsonSchema;
	allOf?: JsonSchema[];
	anyOf?: JsonSchema[];
	/** Annotations: DSCO sets the field itself / the field is on its way out (the field mapper leaves both out). */
	readOnly?: boolean;
	deprecated?: boolean;
}

/** One violation: where (e.g. `attributes[0].value`, empty for the value itself) and what is wrong. */
export interface SchemaProblem {
	path: string;
	problem: string;
}

// ISO 8601 date-time with a zone, as DSCO's date-time fields take it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const patterns = new Map<string, RegExp>();

function regexOf(pattern: string): RegExp {
	let re = patterns.get(pattern);
	if (!re) {
		re = new RegExp(pattern, 'u');
		patterns.set(pattern, re);
	}
	return re;
}

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

function hasType(value: unknown, type: string): boolean {
	const actual = typeOf(value);
	// NaN and Infinity (e.g. from an expression) are no JSON numbers: ajv's strictNumbers refuses them too.
	if (type === 'number')
		return (actual === 'number' || actual === 'integer') && Number.isFinite(value);
	return actual === type;
}

const TYPE_WORDS: Record<string, string> = {
	string: 'text',
	number: 'a number',
	integer: 'a whole number',
	boolean: 'true or false',
	object: 'an object',
	array: 'a list',
	null: 'null',
};

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (typeof value === 'object') return 'an object';
	return String(value);
}

const join = (path: string, key: string | number) =>
	typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** The first violation of `schema` by `value`, or undefined when it conforms. */
export function firstSchemaProblem(
	schema: JsonSchema,
	value: unknown,
	path = '',
): SchemaProblem | undefined {
	const fail = (problem: string): SchemaProblem => ({ path, problem });
	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!types.some((t) => hasType(value, t))) {
			const allowed = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
			return fail(`is ${describe(value)}, must be ${allowed}`);
		}
	}
	if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) {
		const allowed = schema.enum.filter((v) => v !== null).map(String);
		return fail(`is ${describe(value)}, must be one of ${allowed.join(', ')}`);
	}
	if (typeof value === 'string') {
		if (schema.maxLength !== undefined && [...value].length > schema.maxLength)
			return fail(`is longer than ${schema.maxLength} characters`);
		if (schema.pattern !== undefined && !regexOf(schema.pattern).test(value))
			return fail(`is ${describe(value)}, must match ${schema.pattern}`);
		if (schema.format === 'date-time' && !(DATE_TIME.test(value) && !isNaN(Date.parse(value))))
			return fail(
				`is ${describe(value)}, must be an ISO 8601 date-time with a zone, e.g. 2026-01-31T00:00:00Z`,
			);
		if (schema.format === 'uri' && !URL.canParse(value))
			return fail(`is ${describe(value)}, must be a URL`);
	}
	if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum)
		return fail(`is ${value}, must be at least ${schema.minimum}`);
	for (const part of schema.allOf ?? []) {
		const found = firstSchemaProblem(part, value, path);
		if (found) return found;
	}
	if (schema.anyOf !== undefined) {
		const found = schema.anyOf.map((part) => firstSchemaProblem(part, value, path));
		if (found.every((f) => f !== undefined)) return found[0];
	}
	if (Array.isArray(value) && schema.items !== undefined) {
		for (let k = 0; k < value.length; k++) {
			const found = firstSchemaProblem(schema.items, value[k], join(path, k));
			if (found) return found;
		}
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const object = value as Record<string, unknown>;
		for (const name of schema.required ?? []) {
			if (object[name] === undefined) return { path: join(path, name), problem: 'is required' };
		}
		for (const [name, field] of Object.entries(object)) {
			if (field === undefined) continue;
			const own = schema.properties?.[name];
			if (own) {
				const found = firstSchemaProblem(own, field, join(path, name));
				if (found) return found;
			} else if (schema.additionalProperties === false) {
				return { path: join(path, name), problem: 'is not a field DSCO knows here' };
			} else if (typeof schema.additionalProperties === 'object') {
				const found = firstSchemaProblem(schema.additionalProperties, field, join(path, name));
				if (found) return found;
			}
		}
	}
	return undefined;
}
