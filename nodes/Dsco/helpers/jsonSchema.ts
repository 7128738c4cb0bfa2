/**
 * A check of a value against a JSON Schema, for request bodies whose vendor schema is too large to check by hand
 * (ItemCatalog has about 130 fields). It covers the keywords those schemas use — type (with "null" for the
 * document's nullable), enum, required, properties, additionalProperties, items, allOf, anyOf, minimum, maxLength,
 * pattern, and the formats date-time and uri — and answers the first problem in words, with the path of the value
 * ("images[0].reference"). Annotations (title, readOnly, deprecated, format float) check nothing, as in JSON Schema.
 */

export interface JsonSchema {
	title?: string;
	type?: string | string[];
	enum?: unknown[];
	required?: string[];
	properties?: Record<string, JsonSchema>;
	additionalProperties?: JsonSchema | boolean;
	items?: JsonSchema;
	allOf?: JsonSchema[];
	anyOf?: JsonSchema[];
	minimum?: number;
	maxLength?: number;
	pattern?: string;
	format?: string;
	readOnly?: boolean;
	deprecated?: boolean;
}

export interface SchemaProblem {
	/** Where in the value, e.g. `cost` or `images[0].reference` (empty for the value itself). */
	path: string;
	problem: string;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** RFC 3339 date-time, as the document's `format: date-time` means. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
	let re = patterns.get(pattern);
	if (!re) {
		re = new RegExp(pattern, 'u');
		patterns.set(pattern, re);
	}
	return re;
}

/** The value in a few words, for a message (at most 60 characters of a text). */
export function describeJsonValue(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'string') return v.length > 60 ? `"${v.slice(0, 60)}…"` : `"${v}"`;
	if (typeof v === 'object') return 'an object';
	return String(v);
}

function typeOf(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	return typeof v;
}

function hasType(v: unknown, type: string): boolean {
	const actual = typeOf(v);
	if (type === 'number') return (actual === 'number' || actual === 'integer') && Number.isFinite(v);
	return actual === type;
}

const TYPE_WORDS: Record<string, string> = {
	string: 'a text',
	number: 'a number',
	integer: 'a whole number',
	boolean: 'true or false',
	object: 'an object',
	array: 'a list',
	null: 'null',
};

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The first problem of `value` against `schema`, or undefined when it fits. */
export function schemaProblem(
	schema: JsonSchema,
	value: unknown,
	path = '',
): SchemaProblem | undefined {
	const at = (problem: string): SchemaProblem => ({ path, problem });
	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!types.some((t) => hasType(value, t))) {
			const allowed = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
			return at(`${describeJsonValue(value)} is not ${allowed}`);
		}
	}
	if (schema.enum && !schema.enum.some((e) => e === value)) {
		const allowed = schema.enum.filter((e) => e !== null).join(', ');
		return at(`${describeJsonValue(value)} is not one of ${allowed}`);
	}
	for (const part of schema.allOf ?? []) {
		const found = schemaProblem(part, value, path);
		if (found) return found;
	}
	if (schema.anyOf && !schema.anyOf.some((alt) => !schemaProblem(alt, value, path))) {
		return at(`${describeJsonValue(value)} fits none of the allowed forms`);
	}
	if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) {
		return at(`${value} is below the minimum of ${schema.minimum}`);
	}
	if (typeof value === 'string') {
		if (schema.maxLength !== undefined && [...value].length > schema.maxLength)
			return at(`${describeJsonValue(value)} is longer than ${schema.maxLength} characters`);
		if (schema.pattern !== undefined && !compiled(schema.pattern).test(value))
			return at(`${describeJsonValue(value)} does not have the form ${schema.pattern}`);
		if (schema.format === 'date-time' && !isDateTime(value))
			return at(
				`${describeJsonValue(value)} is not a date and time (ISO 8601 with a time zone, e.g. 2026-01-31T12:00:00Z)`,
			);
		if (schema.format === 'uri' && !isUri(value))
			return at(`${describeJsonValue(value)} is not an absolute URL`);
	}
	if (Array.isArray(value) && schema.items) {
		for (let k = 0; k < value.length; k++) {
			const found = schemaProblem(schema.items, value[k], `${path}[${k}]`);
			if (found) return found;
		}
	}
	if (isObject(value)) {
		for (const name of schema.required ?? []) {
			if (value[name] === undefined)
				return { path: join(path, name), problem: 'is missing; DSCO requires it' };
		}
		for (const [key, v] of Object.entries(value)) {
			if (v === undefined) continue;
			const own = schema.properties?.[key];
			const sub =
				own ??
				(typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
			if (!own && schema.additionalProperties === false)
				return { path: join(path, key), problem: 'is not a field DSCO knows here' };
			if (sub) {
				const found = schemaProblem(sub, v, join(path, key));
				if (found) return found;
			}
		}
	}
	return undefined;
}

function isDateTime(text: string): boolean {
	return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text));
}

function isUri(text: string): boolean {
	try {
		return new URL(text).protocol.length > 1;
	} catch {
		return false;
	}
}
