import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * Per-item parameters without n8n's per-item cost where the answer cannot differ from n8n's.
 *
 * n8n 2.x evaluates every expression in an isolate (about 0.4 ms each) and, for every getNodeParameter call, also
 * gathers the expression context and checks the value against the node's property list. For a batched write of
 * 100,000 items that is most of the node's time (bench/RESULTS.md). Two cases are answered here instead:
 * - a parameter with no expression anywhere in it: n8n's own answer for the first item that asks, reused (as a copy)
 *   for every item;
 * - a parameter that is exactly `={{ $json.path }}` (dot or quoted-bracket segments): the value at that path in the
 *   item's JSON, when it is plain JSON data (a copy of objects and arrays, as n8n returns).
 * Anything else — other expressions, a missing value on the path, options such as extractValue — goes to n8n.
 */

type GetNodeParameter = IExecuteFunctions['getNodeParameter'];

const JSON_PATH = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\]*'|"[^"\\]*"|\d+)\s*\])*)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)"|(\d+))\s*\]/g;
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** The keys of a `={{ $json… }}` expression, or undefined when the value is not exactly such an expression. */
export function jsonPathOf(value: unknown): string[] | undefined {
	if (typeof value !== 'string') return undefined;
	const match = JSON_PATH.exec(value);
	if (!match) return undefined;
	const keys: string[] = [];
	for (const m of match[1].matchAll(SEGMENT)) keys.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
	return keys.some((k) => UNSAFE_KEYS.has(k)) ? undefined : keys;
}

/** Whether a parameter value holds an expression anywhere (n8n marks expressions with a leading "="). */
export function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

const NOT_PLAIN = Symbol('not plain JSON');

/**
 * A copy of plain JSON data (what an expression returns unchanged apart from copying), or NOT_PLAIN for anything
 * else (dates, class instances, non-finite numbers, deep nesting), which is then left to n8n.
 */
function plainCopy(value: unknown, depth = 0): unknown {
	if (value === null) return null;
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return value;
		case 'number':
			return Number.isFinite(value) ? value : NOT_PLAIN;
		case 'object': {
			if (depth > 20) return NOT_PLAIN;
			if (Array.isArray(value)) {
				const out: unknown[] = new Array(value.length);
				for (let k = 0; k < value.length; k++) {
					const v = plainCopy(value[k], depth + 1);
					if (v === NOT_PLAIN) return NOT_PLAIN;
					out[k] = v;
				}
				return out;
			}
			// A plain object (from any realm): its prototype is an Object.prototype, whose own prototype is null.
			const proto: unknown = Object.getPrototypeOf(value);
			if (proto !== null && Object.getPrototypeOf(proto) !== null) return NOT_PLAIN;
			const out: IDataObject = {};
			for (const key of Object.keys(value as IDataObject)) {
				if (UNSAFE_KEYS.has(key)) return NOT_PLAIN;
				const v = plainCopy((value as IDataObject)[key], depth + 1);
				if (v === NOT_PLAIN) return NOT_PLAIN;
				out[key] = v as IDataObject[string];
			}
			return out;
		}
		default:
			return NOT_PLAIN;
	}
}

function rawParameter(parameters: IDataObject, name: string): unknown {
	let value: unknown = parameters;
	for (const key of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/**
 * A getNodeParameter with the shortcuts described above, over the node's input `items` (the node has one main
 * input, so `$json` of item i is `items[i].json`).
 */
export function fastGetNodeParameter(ctx: IExecuteFunctions, items: INodeExecutionData[], original: GetNodeParameter): GetNodeParameter {
	const parameters = ctx.getNode().parameters as IDataObject;
	const fixed = new Map<string, { value: unknown }>();
	const paths = new Map<string, string[] | null>();
	const fast = (name: string, itemIndex: number, fallbackValue?: unknown, options?: unknown): unknown => {
		const slow = () => (original as (...args: unknown[]) => unknown).call(ctx, name, itemIndex, fallbackValue, options);
		if (options !== undefined || name.includes('[')) return slow();
		const cached = fixed.get(name);
		if (cached) return plainCopy(cached.value);
		const raw = rawParameter(parameters, name);
		if (raw === undefined) return slow();
		if (!hasExpression(raw)) {
			const value = slow();
			const kept = plainCopy(value);
			if (kept !== NOT_PLAIN) fixed.set(name, { value: kept });
			return value;
		}
		let keys = paths.get(name);
		if (keys === undefined) {
			keys = jsonPathOf(raw) ?? null;
			paths.set(name, keys);
		}
		const item = items[itemIndex];
		if (!keys || !item) return slow();
		let value: unknown = item.json;
		for (const key of keys) {
			if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return slow();
			value = (value as IDataObject)[key];
		}
		const copied = value === undefined ? NOT_PLAIN : plainCopy(value);
		return copied === NOT_PLAIN ? slow() : copied;
	};
	return fast as GetNodeParameter;
}

/** Installs fastGetNodeParameter on the node's execution context; returns the function that puts n8n's back. */
export function useFastParameters(ctx: IExecuteFunctions, items: INodeExecutionData[]): () => void {
	const original = ctx.getNodeParameter;
	ctx.getNodeParameter = fastGetNodeParameter(ctx, items, original);
	return () => {
		ctx.getNodeParameter = original;
	};
}
