/** HTTP plumbing: replies, body reading with a size limit, query parsing, DSCO-style failure bodies. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorResponseOperationId } from '../../scripts/gen-simulator-schemas';
import { formatDate } from './clock';
import { validateResponse } from './schemas';
import type { Message } from './types';

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Query = Record<string, string | string[]>;

export const MB = 1024 * 1024;
/** The documented body limit of DSCO's JSON endpoints ("up to 5 megabytes"). */
export const MAX_JSON_BYTES = 5 * MB;

export function reply(status: number, body?: unknown, headers?: Record<string, string>): Reply {
	return { status, body, headers };
}

/**
 * A 200 answer checked against the vendor's answer schema of its operation before it is sent: an answer of the wrong
 * shape (seeded data, or a change the simulator let through) answers 500 and says why on stderr, so no test builds on
 * an answer DSCO would not give.
 */
export function checkedReply(
	operationId: SimulatorResponseOperationId,
	body: unknown,
	opts: { list?: boolean } = {},
): Reply {
	// list: the body is a list of such answers (GET /catalog with returnMultiple; the document types one).
	const problems =
		opts.list && Array.isArray(body)
			? body.flatMap((one) => validateResponse(operationId, one))
			: validateResponse(operationId, body);
	if (problems.length === 0) return reply(200, body);
	process.stderr.write(
		`[dsco-simulator] ${operationId} answer does not fit the vendor schema: ${problems.map((p) => p.description).join('; ')}\n`,
	);
	return reply(500, { message: 'Internal server error' });
}

/** The body of a rejected write: {status: "failure", requestId, eventDate, messages}. */
export function failureBody(
	messages: Message[],
	nowMs: number,
	requestId: string = randomUUID(),
): Record<string, unknown> {
	return { status: 'failure', requestId, eventDate: formatDate(nowMs), messages };
}

export function badRequest(messages: Message[], nowMs: number): Reply {
	return reply(400, failureBody(messages, nowMs));
}

export function notFoundReply(description: string, nowMs: number): Reply {
	return reply(404, failureBody([{ code: 'NOT_FOUND', severity: 'error', description }], nowMs));
}

export interface BodyRead {
	data: Buffer;
	tooLarge: boolean;
	size: number;
}

/** Reads the whole body; past `limit` bytes the rest is drained and dropped. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) chunks.push(chunk);
		});
		req.on('end', () => resolve({ data: Buffer.concat(chunks), tooLarge: size > limit, size }));
		req.on('error', reject);
	});
}

export function parseQuery(params: URLSearchParams): Query {
	const query: Query = {};
	for (const [key, value] of params) {
		const previous = query[key];
		if (previous === undefined) query[key] = value;
		else query[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
	}
	return query;
}

/** A query parameter given once (the first, when repeated). */
export function single(query: Query, name: string): string | undefined {
	const value = query[name];
	return Array.isArray(value) ? value[0] : value;
}

export function many(query: Query, name: string): string[] {
	const value = query[name];
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

export function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
	const headers: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(req.headers))
		headers[name] = Array.isArray(value) ? value.join(', ') : value;
	return headers;
}

export function send(res: ServerResponse, r: Reply): void {
	if (res.headersSent || res.destroyed) return;
	const headers: Record<string, string> = { ...r.headers };
	let payload: string | Buffer = '';
	if (Buffer.isBuffer(r.body)) {
		// Files (labels, packing slips): the route sets their content type.
		payload = r.body;
		headers['content-type'] ??= 'application/octet-stream';
	} else if (r.body !== undefined) {
		payload = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
		headers['content-type'] ??= 'application/json';
	}
	headers['content-length'] = String(Buffer.byteLength(payload));
	res.writeHead(r.status, headers);
	res.end(payload);
}
