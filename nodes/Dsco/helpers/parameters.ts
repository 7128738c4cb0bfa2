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

const JSON_PATH =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\]*'|"[^"\\]*"|\d+)\s*\])*)\s*\}\}$/;
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
	// Strings first: most values read per item are text, and copying them is the value itself.
	if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
	if (typeof value === 'number') return Number.isFinite(value) ? value : NOT_PLAIN;
	if (typeof value !== 'object' || depth > 20) return NOT_PLAIN;
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
	// for…in on a plain object walks its own enumerable keys (its prototype has none), without an array of keys.
	for (const key in value as IDataObject) {
		if (!Object.prototype.hasOwnProperty.call(value, key)) return NOT_PLAIN;
		if (key === '__proto__' || key === 'prototype' || key === 'constructor') return NOT_PLAIN;
		const v = plainCopy((value as IDataObject)[key], depth + 1);
		if (v === NOT_PLAIN) return NOT_PLAIN;
		out[key] = v as IDataObject[string];
	}
	return out;
}

function rawParameter(parameters: IDataObject, name: string): unknown {
	let value: unknown = parameters;
	for (const key of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** How one parameter is answered: n8n's answer reused, the item's value at a `$json` path, or n8n each time. */
type Plan = { kind: 'fixed'; value: unknown } | { kind: 'path'; keys: string[] } | { kind: 'n8n' };

/**
 * A getNodeParameter with the shortcuts described above, over the node's input `items` (the node has one main
 * input, so `$json` of item i is `items[i].json`). How each parameter is answered is decided once per name, on its
 * first call; for 100,000 items each read then costs a lookup and a copy.
 */
export function fastGetNodeParameter(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	original: GetNodeParameter,
): GetNodeParameter {
	const parameters = ctx.getNode().parameters as IDataObject;
	const call = original as (...args: unknown[]) => unknown;
	const plans = new Map<string, Plan>();
	const N8N: Plan = { kind: 'n8n' };
	const fast = (
		name: string,
		itemIndex: number,
		fallbackValue?: unknown,
		options?: unknown,
	): unknown => {
		if (options !== undefined) return call.call(ctx, name, itemIndex, fallbackValue, options);
		let plan = plans.get(name);
		if (plan === undefined) {
			const raw = name.includes('[') ? undefined : rawParameter(parameters, name);
			if (raw === undefined) plan = N8N;
			else if (!hasExpression(raw)) {
				// n8n's own answer for the first item that asks, kept when it is plain JSON (else n8n answers each time).
				const value = call.call(ctx, name, itemIndex, fallbackValue, options);
				const kept = plainCopy(value);
				plans.set(name, kept === NOT_PLAIN ? N8N : { kind: 'fixed', value: kept });
				return value;
			} else {
				const keys = jsonPathOf(raw);
				plan = keys ? { kind: 'path', keys } : N8N;
			}
			plans.set(name, plan);
		}
		if (plan.kind === 'fixed') return plainCopy(plan.value);
		const item = plan.kind === 'path' ? items[itemIndex] : undefined;
		if (plan.kind === 'path' && item) {
			let value: unknown = item.json;
			const keys = plan.keys;
			let found = true;
			for (let k = 0; k < keys.length; k++) {
				if (
					value === null ||
					typeof value !== 'object' ||
					!Object.prototype.hasOwnProperty.call(value, keys[k])
				) {
					found = false;
					break;
				}
				value = (value as IDataObject)[keys[k]];
			}
			if (found && value !== undefined) {
				const copied = plainCopy(value);
				if (copied !== NOT_PLAIN) return copied;
			}
		}
		return call.call(ctx, name, itemIndex, fallbackValue, options);
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
