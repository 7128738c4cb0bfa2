/**
 * Files the simulator hands out by URL (labels, packing slips), served under /__files like a pre-signed object-store
 * URL: no bearer token needed, `X-Amz-Date` + `X-Amz-Expires` in the query, a signature over both. Past its expiry
 * (simulator clock) a URL answers 403 "Request has expired"; a changed query 403 SignatureDoesNotMatch; an unknown
 * file 404 NoSuchKey; a request that also carries an Authorization header (a client sending its DSCO token along)
 * 400 InvalidArgument, as S3 refuses two auth mechanisms — XML bodies, as an object store answers.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { SimClock } from './clock';
import { type Reply, reply } from './http';
import type { Route, RouteContext } from './router';

export const FILES_PREFIX = '/__files';

export interface StoredFile {
	id: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

function amzDate(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d+Z$/, 'Z');
}

function amzDateMs(value: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

function s3Error(status: number, code: string, message: string): Reply {
	return reply(
		status,
		`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
		{ 'content-type': 'application/xml' },
	);
}

export class FileStore {
	private readonly files = new Map<string, StoredFile>();
	private readonly secret = randomBytes(16);

	constructor(
		private readonly clock: SimClock,
		private readonly ttlSeconds: number,
	) {}

	add(fileName: string, mimeType: string, data: Buffer): StoredFile {
		const file = { id: randomUUID(), fileName, mimeType, data };
		this.files.set(file.id, file);
		return file;
	}

	get(id: string): StoredFile | undefined {
		return this.files.get(id);
	}

	private sign(id: string, date: string, expires: string): string {
		return createHmac('sha256', this.secret).update(`${id}\n${date}\n${expires}`).digest('hex');
	}

	/** A new temporary URL for a file, valid for ttlSeconds from now (simulator clock). */
	url(origin: string, file: StoredFile): string {
		const date = amzDate(Math.floor(this.clock.now() / 1000) * 1000);
		const expires = String(this.ttlSeconds);
		const query = new URLSearchParams({
			'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
			'X-Amz-Credential': `SIMULATOR/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
			'X-Amz-Date': date,
			'X-Amz-Expires': expires,
			'X-Amz-SignedHeaders': 'host',
			'X-Amz-Signature': this.sign(file.id, date, expires),
		});
		return `${origin}${FILES_PREFIX}/${file.id}/${encodeURIComponent(file.fileName)}?${query}`;
	}

	serve({ params, query, req }: Pick<RouteContext, 'params' | 'query' | 'req'>): Reply {
		if (req.headers.authorization !== undefined) {
			return s3Error(
				400,
				'InvalidArgument',
				'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
			);
		}
		const file = this.files.get(params.id);
		if (!file) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
		const one = (name: string) =>
			(Array.isArray(query[name]) ? query[name][0] : query[name]) as string | undefined;
		const date = one('X-Amz-Date') ?? '';
		const expires = one('X-Amz-Expires') ?? '';
		const start = amzDateMs(date);
		if (
			start === undefined ||
			!/^\d+$/.test(expires) ||
			one('X-Amz-Signature') !== this.sign(file.id, date, expires)
		) {
			return s3Error(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		}
		if (this.clock.now() >= start + Number(expires) * 1000)
			return s3Error(403, 'AccessDenied', 'Request has expired');
		return reply(200, file.data, { 'content-type': file.mimeType });
	}
}

/** Served under /__files, outside /api/v3: no bearer check (the URL is the permission). */
export const fileRoutes: Route[] = [
	{ method: 'GET', path: '/:id/:name', auth: false, handler: (ctx) => ctx.state.files.serve(ctx) },
];
