import type { IDataObject } from 'n8n-workflow';

import {
	STREAM_COMMIT,
	STREAM_CREATED,
	STREAM_EVENTS,
	STREAM_LIST,
	unexpectedAnswerError,
} from './answers';
import type { DscoClient } from './client';
import { dscoApiError, dscoMessages } from './errors';

/**
 * DSCO streams (api-notes "Streams"): POST /stream, GET /stream?id=, GET and PUT /stream/{id}/{partitionId}/{position}.
 * A stream keeps, per partition, the position up to which its reader has confirmed receipt; a read returns the events
 * strictly after a position. Positions contain slashes (z/2025/11/21/06/34/1763706868903-0174608) and are
 * percent-encoded in paths. All calls go through DscoClient.request (pacing, retries, DSCO errors, answer shapes):
 * an answer of another shape is an error, never "no events" or "no stream".
 */

/** What a stream carries: `objectType` and its `query` (the query's `queryType` equals the object type). */
export interface StreamDefinition {
	objectType: string;
	query: IDataObject;
	description?: string;
}

export interface StreamPartitionInfo {
	partitionId: number;
	/** The committed position: where a reader that lost its own bookkeeping starts again. */
	position: string;
	status?: string;
}

export interface StreamInfo {
	id: string;
	objectType?: string;
	partitions: StreamPartitionInfo[];
}

export interface StreamEvent {
	/** The event's position: reading from it returns the events after this one. */
	id: string;
	payload: IDataObject;
	source?: string;
	/** Normalised to an array (production sends an array of strings, the document types it as one string). */
	eventReasons: string[];
}

/**
 * `/stream/{id}/{partitionId}/{position}` with the id and the position percent-encoded, each exactly one segment.
 * An empty, "." or ".." segment cannot be sent: URL parsing (WHATWG, as the HTTP client applies it) removes dot
 * segments even percent-encoded (%2E%2E), so the request would reach another path. Such a value (only a broken or
 * hostile answer gives one) is refused before anything is sent.
 */
export function streamPositionPath(
	streamId: string,
	partitionId: number,
	position: string,
): string {
	if (!Number.isSafeInteger(partitionId) || partitionId < 0) {
		throw new Error(
			`The DSCO stream partition ${JSON.stringify(String(partitionId)).slice(0, 102)} is not a partition number; nothing was sent`,
		);
	}
	return `/stream/${pathSegment('stream id', streamId)}/${partitionId}/${pathSegment('stream position', position)}`;
}

function pathSegment(what: string, value: string): string {
	if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
		throw new Error(
			`The DSCO ${what} ${JSON.stringify(String(value))} cannot be sent: as a path segment it would change the request's path; nothing was sent`,
		);
	}
	return encodeURIComponent(value);
}

/**
 * A stream as DSCO answered it (shape checked by the transport). A created stream's partitions may still lack their
 * position; ensureStream then reads the stream's listing, where every partition has one (STREAM_LIST).
 */
function toStreamInfo(s: IDataObject, fallbackId: string): StreamInfo {
	const partitions = ((s.partitions ?? []) as unknown[])
		.filter((p): p is IDataObject => !!p && typeof p === 'object')
		.filter((p) => typeof p.partitionId === 'number' && typeof p.position === 'string')
		.map((p) => ({
			partitionId: p.partitionId as number,
			position: p.position as string,
			status: typeof p.status === 'string' ? p.status : undefined,
		}));
	return {
		id: typeof s.id === 'string' ? s.id : fallbackId,
		objectType: typeof s.objectType === 'string' ? s.objectType : undefined,
		partitions,
	};
}

/** The stream with this id, or undefined when DSCO does not know it (404). */
export async function getStream(
	client: DscoClient,
	streamId: string,
): Promise<StreamInfo | undefined> {
	const res = await client.request<IDataObject[]>({
		method: 'GET',
		path: '/stream',
		qs: { id: streamId },
		acceptStatuses: [404],
		answer: STREAM_LIST,
	});
	if (res.status === 404) return undefined;
	const found =
		res.body.find((s) => s.id === streamId) ??
		(res.body.length === 1 && res.body[0].id === undefined ? res.body[0] : undefined);
	if (!found) {
		// DSCO answers 404 for an id it does not know: a list without this stream is not an answer about it.
		throw unexpectedAnswerError(client.node, {
			status: res.status,
			method: 'GET',
			path: '/stream',
			body: res.body,
			problem: `the list does not hold stream "${streamId}"`,
			expected: STREAM_LIST.expected,
		});
	}
	return toStreamInfo(found, streamId);
}

function alreadyExists(body: unknown): boolean {
	return dscoMessages(body).some((m) => /already exists/i.test(m.description ?? ''));
}

/**
 * Creates the stream with this id, or adopts it when it already exists (the id is the caller's, so a create that
 * is sent twice, or races another activation, ends in the same stream). `numPartitions` only when above 1.
 */
export async function ensureStream(
	client: DscoClient,
	streamId: string,
	definition: StreamDefinition,
	numPartitions = 1,
): Promise<{ stream: StreamInfo; created: boolean }> {
	const existing = await getStream(client, streamId);
	if (existing) return { stream: existing, created: false };
	const body: IDataObject = {
		id: streamId,
		objectType: definition.objectType,
		query: definition.query,
	};
	if (definition.description) body.description = definition.description;
	if (numPartitions > 1) body.numPartitions = numPartitions;
	// A stream is named by its id: sending the create again cannot make a second one.
	const res = await client.request<IDataObject>({
		method: 'POST',
		path: '/stream',
		body,
		idempotent: true,
		acceptStatuses: [400],
		answer: STREAM_CREATED,
	});
	if (res.status === 400) {
		if (!alreadyExists(res.body)) {
			throw dscoApiError(client.node, {
				status: 400,
				method: 'POST',
				path: '/stream',
				body: res.body,
			});
		}
		const adopted = await getStream(client, streamId);
		if (adopted) return { stream: adopted, created: false };
		throw dscoApiError(client.node, {
			status: 400,
			method: 'POST',
			path: '/stream',
			body: res.body,
		});
	}
	const created = toStreamInfo(res.body, streamId);
	if (created.partitions.length > 0) return { stream: created, created: true };
	const listed = await getStream(client, streamId);
	if (!listed) {
		throw dscoApiError(client.node, {
			status: 404,
			method: 'GET',
			path: '/stream',
			body: undefined,
			message: `DSCO created stream "${streamId}" but does not list it`,
		});
	}
	return { stream: listed, created: true };
}

function reasonsOf(raw: unknown): string[] {
	if (Array.isArray(raw)) return raw.filter((r): r is string => typeof r === 'string');
	return typeof raw === 'string' && raw ? [raw] : [];
}

/** Events strictly after `position` (an empty array when caught up), or `gone` when the stream no longer exists. */
export async function readStreamEvents(
	client: DscoClient,
	streamId: string,
	partitionId: number,
	position: string,
): Promise<{ gone: true } | { gone: false; events: StreamEvent[] }> {
	const res = await client.request<IDataObject>({
		method: 'GET',
		path: streamPositionPath(streamId, partitionId, position),
		acceptStatuses: [404],
		answer: STREAM_EVENTS,
	});
	if (res.status === 404) return { gone: true };
	// Every event has a string id and an object payload (STREAM_EVENTS): none is dropped here.
	const events = (res.body.events as IDataObject[]).map((e) => ({
		id: e.id as string,
		payload: e.payload as IDataObject,
		source: typeof e.source === 'string' ? e.source : undefined,
		eventReasons: reasonsOf(e.eventReasons),
	}));
	return { gone: false, events };
}

/** Confirms receipt up to `position` (PUT, idempotent). `gone` when the stream no longer exists. */
export async function commitStreamPosition(
	client: DscoClient,
	streamId: string,
	partitionId: number,
	position: string,
): Promise<'ok' | 'gone'> {
	const path = streamPositionPath(streamId, partitionId, position);
	const res = await client.request<IDataObject>({
		method: 'PUT',
		path,
		idempotent: true,
		acceptStatuses: [404],
		answer: STREAM_COMMIT,
	});
	if (res.status === 404) return 'gone';
	if (res.body.status !== 'success') {
		throw dscoApiError(client.node, {
			status: res.status,
			method: 'PUT',
			path,
			body: res.body,
			message: 'DSCO did not update the stream position',
		});
	}
	return 'ok';
}
