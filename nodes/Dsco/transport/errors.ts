import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { originOf } from './baseUrl';

/** One DSCO message, as found in `messages[]` of an answer or `results[]` of a change-log entry. */
export interface DscoMessage {
	code?: string;
	severity?: string;
	description?: string;
}

/** `[item 3]` or `[items 0–41]`: which input items a failure belongs to. */
export function itemLabel(itemIndexes: readonly number[] | number | undefined): string {
	if (itemIndexes === undefined) return '';
	const list = typeof itemIndexes === 'number' ? [itemIndexes] : itemIndexes;
	if (list.length === 0) return '';
	if (list.length === 1) return ` [item ${list[0]}]`;
	const sorted = [...list].sort((a, b) => a - b);
	const contiguous = sorted[sorted.length - 1] - sorted[0] === sorted.length - 1;
	return contiguous
		? ` [items ${sorted[0]}–${sorted[sorted.length - 1]}]`
		: ` [items ${sorted.join(', ')}]`;
}

export function dscoMessages(body: unknown): DscoMessage[] {
	if (!body || typeof body !== 'object') return [];
	const b = body as { messages?: unknown; results?: unknown };
	const list = Array.isArray(b.messages) ? b.messages : Array.isArray(b.results) ? b.results : [];
	return list
		.filter((m): m is Record<string, unknown> => !!m && typeof m === 'object')
		.map((m) => ({
			code: typeof m.code === 'string' ? m.code : undefined,
			severity: typeof m.severity === 'string' ? m.severity : undefined,
			description: typeof m.description === 'string' ? m.description : undefined,
		}));
}

export function formatMessages(messages: DscoMessage[]): string {
	return messages
		.map((m) =>
			[
				m.code,
				m.severity && `(${m.severity})`,
				m.description && `${m.code || m.severity ? ': ' : ''}${m.description}`,
			]
				.filter(Boolean)
				.join(' ')
				.replace(' :', ':'),
		)
		.join('; ');
}

const STATUS_HINTS: Record<number, string> = {
	400: 'DSCO refused the request as invalid',
	401: 'DSCO refused the credentials',
	403: 'DSCO refused access (an unknown path also answers 403)',
	404: 'DSCO found nothing at that address',
	408: 'DSCO timed out waiting for the request',
	413: 'The request body is larger than DSCO accepts',
	429: 'DSCO rate limit reached',
	500: 'DSCO failed to process the request',
	502: 'DSCO gateway error',
	503: 'DSCO is unavailable',
	504: 'DSCO gateway timed out',
};

export interface DscoErrorDetails {
	status: number;
	method: string;
	path: string;
	body: unknown;
	itemIndexes?: readonly number[] | number;
	/** Replaces the generic first part of the message. */
	message?: string;
	/** Added to the description (e.g. how many retries were spent). */
	note?: string;
}

/**
 * A NodeApiError carrying DSCO's messages[] (code, severity, description), the HTTP status and DSCO's requestId,
 * naming the input item(s). Built from the parsed answer only: no request headers (and so no token) reach it.
 */
export function dscoApiError(node: INode, d: DscoErrorDetails): NodeApiError {
	const messages = dscoMessages(d.body);
	const body = d.body && typeof d.body === 'object' ? (d.body as JsonObject) : {};
	const requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
	const text = typeof d.body === 'string' ? d.body.slice(0, 300) : undefined;
	const first = d.message ?? STATUS_HINTS[d.status] ?? `DSCO answered HTTP ${d.status}`;
	const summary = messages.length
		? formatMessages(messages)
		: (text ?? (typeof body.message === 'string' ? body.message : ''));
	const description = [
		`${d.method} ${d.path} → HTTP ${d.status}`,
		summary && `DSCO says: ${summary}`,
		requestId && `requestId: ${requestId}`,
		d.note,
	]
		.filter(Boolean)
		.join('\n');
	const itemIndex =
		typeof d.itemIndexes === 'number'
			? d.itemIndexes
			: d.itemIndexes?.length === 1
				? d.itemIndexes[0]
				: undefined;
	const message = `${first}${summary ? `: ${summary}` : ''}${itemLabel(d.itemIndexes)}`;
	const error = new NodeApiError(
		node,
		{
			httpCode: String(d.status),
			messages: messages as unknown as JsonObject[],
			requestId: requestId ?? null,
			body: text ?? null,
		} as JsonObject,
		{
			message,
			description,
			httpCode: String(d.status),
			itemIndex,
		},
	);
	return Object.assign(keepMessage(error, message), {
		dscoMessages: messages,
		dscoRequestId: requestId,
		httpStatus: d.status,
	});
}

/**
 * NodeApiError replaces a message that mentions a network code (ECONNRESET, ETIMEDOUT, …) with n8n's generic
 * sentence, which names neither the call nor the item. This package's messages say both: they are put back.
 */
export function keepMessage<E extends Error & { messages?: string[] }>(
	error: E,
	message: string,
): E {
	if (error.message !== message) {
		error.messages = (error.messages ?? []).filter((m) => m !== message);
		error.message = message;
	}
	return error;
}

/** An error's own message, or `fallback` when it has none (an empty message, a thrown string or object). */
export function errorText(error: unknown, fallback: string): string {
	const message =
		error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
	return typeof message === 'string' && message.trim() !== '' ? message : fallback;
}

/** The error as an n8n node error (DSCO's own errors already are one), never with an empty message. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error as Error);
	if (!nodeError.message.trim())
		nodeError.message = errorText(error, `The node "${node.name}" failed without a message`);
	return nodeError;
}

/**
 * Why a 3xx is an error: redirects are never followed, because n8n's HTTP client would send the Authorization
 * header (or the token request's client secret) to wherever the Location points. Names the status and the
 * Location's origin only: its path and query may carry signatures or tokens.
 */
export function redirectText(status: number, location: unknown, requestUrl: string): string {
	const origin = originOf(location, requestUrl);
	const where = origin
		? `to ${origin}`
		: location === undefined || location === ''
			? 'without a Location'
			: 'to an unreadable Location';
	return `redirect (HTTP ${status}) ${where}, not followed: DSCO credentials are sent to DSCO's own address only`;
}

/** A 3xx from a DSCO API call, as a NodeApiError naming the call, the status and the Location's origin. */
export function dscoRedirectError(
	node: INode,
	d: {
		status: number;
		method: string;
		path: string;
		location: unknown;
		requestUrl: string;
		itemIndexes?: readonly number[] | number;
	},
): NodeApiError {
	const text = redirectText(d.status, d.location, d.requestUrl);
	return dscoApiError(node, {
		status: d.status,
		method: d.method,
		path: d.path,
		body: undefined,
		itemIndexes: d.itemIndexes,
		message: `DSCO answered with a ${text}`,
		note: "Check the credential's environment or Base URL: it must point at DSCO's API itself, not at an address that forwards to it.",
	});
}
