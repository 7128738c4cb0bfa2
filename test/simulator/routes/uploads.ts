/**
 * Large batches (inventory, catalog): POST …/batch/large answers 200 {status, requestId, eventDate, dataUrl}; a PUT
 * of JSON Lines to the dataUrl (served here under /__upload, once) is processed like a small batch under that
 * requestId.
 */
import type { OpenOptions, LogKind } from '../changeLog';
import { type Reply, reply } from '../http';
import type { Route, RouteContext } from '../router';
import type { PendingUpload } from '../state';
import { openRequest, parseJsonLines, settleLater } from './writes';

export const UPLOAD_PREFIX = '/__upload';

/** Opens the request and hands out the URL its file is PUT to. */
export function startLargeBatch(
	ctx: RouteContext,
	kind: LogKind,
	upload: Pick<PendingUpload, 'check' | 'apply'>,
	opts?: OpenOptions,
): Reply {
	const { state } = ctx;
	const { requestId, eventDate } = openRequest(state, kind, opts);
	state.uploads.set(requestId, { requestId, used: false, ...upload });
	const dataUrl = `${state.origin}${UPLOAD_PREFIX}/${requestId}`;
	return reply(200, { status: 'success', requestId, eventDate, dataUrl });
}

function receiveUpload({ state, params, raw, req }: RouteContext): Reply {
	const upload = state.uploads.get(params.id);
	if (!upload) return reply(404, { message: 'Not Found' });
	// A pre-signed object-store PUT (S3) refuses a chunked body without Content-Length: 411 MissingContentLength.
	if (req.headers['content-length'] === undefined)
		return reply(411, {
			message: 'MissingContentLength: You must provide the Content-Length HTTP header.',
		});
	if (upload.used) return reply(409, { message: 'This dataUrl has already received its data' });
	upload.used = true;
	settleLater(
		state,
		upload.requestId,
		parseJsonLines(raw.toString('utf8'), upload.check),
		upload.apply,
	);
	return reply(200);
}

/** Served under /__upload (the dataUrl), outside /api/v3: no bearer check, up to 2 GB as documented. */
export const uploadRoutes: Route[] = [
	{
		method: 'PUT',
		path: '/:id',
		auth: false,
		body: 'raw',
		maxBytes: 2 * 1024 * 1024 * 1024,
		handler: receiveUpload,
	},
];
