/** Route table: method + path pattern (":name" segments) → handler, with per-route auth, limits and body handling. */
import type { IncomingMessage } from 'node:http';
import type { Query, Reply } from './http';
import type { RateLimit } from './rateLimit';
import type { OperationId } from './schemas';
import type { SimState } from './state';
import type { Message } from './types';

export interface RouteContext {
	state: SimState;
	req: IncomingMessage;
	params: Record<string, string>;
	query: Query;
	/** Parsed body: JSON value, form fields, or undefined. */
	body: unknown;
	raw: Buffer;
	/** Batch routes: schema messages per item of the body array (empty = valid). */
	itemErrors: Message[][];
}

export interface Route {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	handler: (ctx: RouteContext) => Reply | Promise<Reply>;
	/** Bearer token required (default true). */
	auth?: boolean;
	rateLimit?: RateLimit;
	/**
	 * How the body is parsed (default "json"; GET routes ignore it). "jsonLines": a JSON array, or JSON Lines (one
	 * JSON value a line; a line that does not parse fails as a batch item).
	 */
	body?: 'json' | 'form' | 'raw' | 'none' | 'jsonLines';
	/** Request-body schema of the vendor operation. */
	schema?: OperationId;
	/**
	 * Batch routes whose items follow another operation's whole body (e.g. /return/batch/small?operation=complete →
	 * completeReturn); undefined (an invalid query) leaves the items unchecked for the handler to refuse the request.
	 */
	itemSchema?: (query: Query) => OperationId | undefined;
	/** The body is an array validated item by item (invalid items fail in the change log, not with 400). */
	batch?: boolean;
	/** Body size limit in bytes (default 5 MB). */
	maxBytes?: number;
	/** Reply for a schema violation of a non-batch body (default: 400 with DSCO messages). */
	onInvalid?: (messages: Message[], state: SimState) => Reply;
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

interface CompiledRoute {
	route: Route;
	segments: string[];
}

function split(path: string): string[] {
	const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
	return trimmed.split('/').slice(1);
}

export class Router {
	private readonly routes: CompiledRoute[];

	constructor(routes: Route[]) {
		this.routes = routes.map((route) => ({ route, segments: split(route.path) }));
	}

	/**
	 * Matches a raw (still percent-encoded) path, so an encoded "/" inside a parameter (stream positions)
	 * stays inside it; parameters are decoded after matching. A trailing slash is ignored.
	 */
	match(method: string, rawPath: string): RouteMatch | undefined {
		const segments = split(rawPath);
		for (const { route, segments: pattern } of this.routes) {
			if (route.method !== method || pattern.length !== segments.length) continue;
			const params: Record<string, string> = {};
			const ok = pattern.every((part, i) => {
				if (part.startsWith(':')) {
					if (segments[i] === '') return false;
					params[part.slice(1)] = safeDecode(segments[i]);
					return true;
				}
				return part === segments[i];
			});
			if (ok) return { route, params };
		}
		return undefined;
	}
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}
