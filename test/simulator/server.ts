/**
 * The HTTP server. Three mounts:
 *   /api/v3    the DSCO API: request log, latency and faults, then route → 403 (API-gateway style) for unknown
 *              paths, bearer check (401), rate limit (429), size limit (413), body parsing and schema validation
 *   /__upload  dataUrl targets of /inventory/batch/large and /catalog/batch/large (request log, no faults, no bearer check)
 *   /__files   temporary URLs of labels and packing slips (request log, no faults, no bearer check)
 *   /__sim     control API (not logged)
 */
import * as http from 'node:http';
import type { FaultDecision } from './faults';
import { gatewayBody } from './faults';
import { FILES_PREFIX, fileRoutes } from './files';
import {
	type BodyRead,
	MAX_JSON_BYTES,
	type Query,
	type Reply,
	badRequest,
	failureBody,
	flatHeaders,
	parseQuery,
	readBody,
	reply,
	send,
} from './http';
import { type Route, type RouteMatch, Router } from './router';
import { accountRoutes } from './routes/account';
import { authRoutes } from './routes/auth';
import { catalogRoutes } from './routes/catalog';
import { changeLogRoutes } from './routes/changeLogs';
import { controlRoutes } from './routes/control';
import { inventoryRoutes } from './routes/inventory';
import { invoiceRoutes } from './routes/invoices';
import { orderRoutes } from './routes/orders';
import { returnRoutes } from './routes/returns';
import { shippingRoutes } from './routes/shipping';
import { streamRoutes } from './routes/streams';
import { UPLOAD_PREFIX, uploadRoutes } from './routes/uploads';
import { validateBody, validateItem } from './schemas';
import type { SimState } from './state';
import type { Message, RecordedRequest } from './types';

export const API_PREFIX = '/api/v3';
export const CONTROL_PREFIX = '/__sim';

interface Mount {
	prefix: string;
	router: Router;
	/** DSCO API behaviour: faults, and 403 "Missing Authentication Token" for unknown routes. */
	gateway: boolean;
	record: boolean;
}

const MISSING_TOKEN = { message: 'Missing Authentication Token' };

function validationMessage(description: string): Message {
	return { code: 'VALIDATION_FAILED', severity: 'error', description };
}

interface ParsedBody {
	value: unknown;
	/** What goes into the request log. */
	recorded: unknown;
	error?: string;
	/** JSON Lines: why a line (an item of `value`, kept as its text) did not parse. */
	lineErrors?: Array<string | undefined>;
}

/** A JSON array (a body starting with "["), else JSON Lines: one value a line, blank lines ignored. */
function parseJsonOrLines(text: string): ParsedBody {
	if (text.trimStart().startsWith('[')) {
		try {
			const value: unknown = JSON.parse(text);
			return { value, recorded: value };
		} catch {
			return { value: undefined, recorded: text, error: 'The request body is not valid JSON' };
		}
	}
	const value: unknown[] = [];
	const lineErrors: Array<string | undefined> = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		try {
			value.push(JSON.parse(line));
			lineErrors.push(undefined);
		} catch {
			value.push(line);
			lineErrors.push('Line is not valid JSON');
		}
	}
	return { value, recorded: value, lineErrors };
}

function parseBody(route: Route | undefined, method: string, read: BodyRead): ParsedBody {
	const kind = method === 'GET' || !route ? 'none' : (route.body ?? 'json');
	const text = read.data.toString('utf8');
	if (kind === 'raw')
		return {
			value: read.data,
			recorded: { bytes: read.size, lines: text.split('\n').filter((l) => l.trim()).length },
		};
	if (read.size === 0 || read.tooLarge)
		return { value: undefined, recorded: read.tooLarge ? { bytes: read.size } : undefined };
	if (kind === 'jsonLines') return parseJsonOrLines(text);
	if (kind === 'form') {
		const value = Object.fromEntries(new URLSearchParams(text));
		return { value, recorded: value };
	}
	try {
		const value: unknown = JSON.parse(text);
		return { value, recorded: value };
	} catch {
		return {
			value: undefined,
			recorded: text,
			error: kind === 'json' ? 'The request body is not valid JSON' : undefined,
		};
	}
}

/** Everything after fault injection: route, auth, limits, body checks, handler. */
async function processRequest(
	state: SimState,
	mount: Mount,
	match: RouteMatch | undefined,
	req: http.IncomingMessage,
	query: Query,
	read: BodyRead,
	body: ParsedBody,
): Promise<Reply> {
	if (!match)
		return mount.gateway ? reply(403, MISSING_TOKEN) : reply(404, { message: 'Not Found' });
	const { route, params } = match;
	const now = state.clock.now();
	if (route.auth !== false && !state.tokens.authorize(req.headers))
		return reply(401, { message: 'Unauthorized' });
	if (
		route.rateLimit &&
		!state.rateLimiter.take(`${route.method} ${route.path}`, route.rateLimit)
	) {
		return reply(429, gatewayBody(429));
	}
	if (read.tooLarge) {
		const limit = route.maxBytes ?? MAX_JSON_BYTES;
		return reply(
			413,
			failureBody([validationMessage(`The request body exceeds the limit of ${limit} bytes`)], now),
		);
	}
	if (body.error) return badRequest([validationMessage(body.error)], now);
	let itemErrors: Message[][] = [];
	const itemSchema = route.itemSchema?.(query);
	if (route.schema || route.itemSchema) {
		if (body.value === undefined)
			return badRequest([validationMessage('A request body is required')], now);
		if (route.batch) {
			const what = route.body === 'jsonLines' ? 'a JSON array or JSON Lines' : 'a JSON array';
			if (!Array.isArray(body.value))
				return badRequest([validationMessage(`The request body must be ${what}`)], now);
			if (body.value.length === 0)
				return badRequest(
					[validationMessage('The request body must contain at least one item')],
					now,
				);
			const { schema } = route;
			const check = (item: unknown): Message[] => {
				if (itemSchema) return validateBody(itemSchema, item);
				return schema ? validateItem(schema, item) : [];
			};
			itemErrors = body.value.map((item, i) => {
				const lineError = body.lineErrors?.[i];
				return lineError ? [validationMessage(lineError)] : check(item);
			});
		} else if (route.schema) {
			const messages = validateBody(route.schema, body.value);
			if (messages.length > 0)
				return route.onInvalid?.(messages, state) ?? badRequest(messages, now);
		}
	}
	return route.handler({ state, req, params, query, body: body.value, raw: read.data, itemErrors });
}

function logError(req: http.IncomingMessage, error: unknown): void {
	process.stderr.write(
		`[dsco-simulator] ${req.method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}\n`,
	);
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle(
	state: SimState,
	mounts: Mount[],
	req: http.IncomingMessage,
	res: http.ServerResponse,
): Promise<void> {
	const started = Date.now();
	const url = new URL(req.url ?? '/', 'http://simulator.invalid');
	const method = req.method ?? 'GET';
	const mount = mounts.find(
		(m) => url.pathname === m.prefix || url.pathname.startsWith(`${m.prefix}/`),
	);
	if (!mount) {
		req.resume();
		return send(res, reply(403, MISSING_TOKEN));
	}
	const path = url.pathname.slice(mount.prefix.length) || '/';
	const match = mount.router.match(method, path);
	const read = await readBody(req, match?.route.maxBytes ?? MAX_JSON_BYTES);
	const query = parseQuery(url.searchParams);
	const body = parseBody(match?.route, method, read);

	let record: RecordedRequest | undefined;
	if (mount.record) {
		record = {
			method,
			path: mount.prefix === API_PREFIX ? path : url.pathname,
			query,
			headers: flatHeaders(req),
			body: body.recorded,
			status: 0,
			at: state.clock.now(),
		};
		state.requests.push(record);
	}
	const finish = (r: Reply | 'drop') => {
		const status = r === 'drop' ? 0 : r.status;
		if (record) record.status = status;
		if (!state.options.quiet) {
			process.stdout.write(
				`${status || 'DROP'} ${method} ${url.pathname}${url.search} ${Date.now() - started}ms\n`,
			);
		}
		if (r === 'drop') res.socket?.destroy();
		else send(res, r);
		if (record) {
			record.answeredAt = state.clock.now();
			state.answered(record);
		}
	};
	const applyFault = async (fault: FaultDecision) => {
		if (fault.holdMs) await sleep(fault.holdMs);
		if (fault.kind === 'drop') return finish('drop');
		const headers =
			fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : undefined;
		finish(reply(fault.status, gatewayBody(fault.status), headers));
	};

	let fault: FaultDecision | undefined;
	if (mount.gateway) {
		if (state.faults.latencyMs > 0) await sleep(state.faults.latencyMs);
		fault = state.faults.decide(path);
		if (fault && !fault.afterProcessing) return applyFault(fault);
	}
	const result = await processRequest(state, mount, match, req, query, read, body).catch(
		(error: unknown) => {
			logError(req, error);
			return reply(500, gatewayBody(500));
		},
	);
	if (fault) return applyFault(fault);
	finish(result);
}

export function createSimServer(state: SimState): http.Server {
	const mounts: Mount[] = [
		{
			prefix: API_PREFIX,
			router: new Router([
				...authRoutes,
				...orderRoutes,
				...inventoryRoutes,
				...catalogRoutes,
				...invoiceRoutes,
				...returnRoutes,
				...changeLogRoutes,
				...streamRoutes,
				...accountRoutes,
				...shippingRoutes,
			]),
			gateway: true,
			record: true,
		},
		{ prefix: UPLOAD_PREFIX, router: new Router(uploadRoutes), gateway: false, record: true },
		{ prefix: FILES_PREFIX, router: new Router(fileRoutes), gateway: false, record: true },
		{ prefix: CONTROL_PREFIX, router: new Router(controlRoutes), gateway: false, record: false },
	];
	return http.createServer((req, res) => {
		handle(state, mounts, req, res).catch((error: unknown) => {
			logError(req, error);
			send(res, reply(500, gatewayBody(500)));
		});
	});
}
