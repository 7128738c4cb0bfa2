/**
 * Files DSCO hands out by URL: a label's `labelUrl` (POST /shippinglabels), a packing slip's `url` (GET /packingslip)
 * and the upload target `dataUrl` (POST /inventory/batch/large). Such a URL is pre-signed and temporary: the URL itself
 * is the permission, for a while. So these files are fetched or written WITHOUT the DSCO token, and only over https
 * (http only on loopback, for local stand-ins such as the bundled simulator): neither the file nor the URL's
 * signature travels in clear text, and a made-up answer cannot send the node to an arbitrary scheme.
 */
import { isLoopbackHost } from './baseUrl';

/** Why a URL DSCO handed out is not fetched (undefined when it may be). */
export function fileUrlProblem(raw: unknown): string | undefined {
	if (typeof raw !== 'string' || raw.trim() === '') return 'the URL is empty';
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return 'it is not an absolute URL';
	}
	if (url.username || url.password) return 'it carries a user name or password';
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
	if (url.protocol === 'http:') {
		return `it uses http to ${url.host}; files are fetched only over https (http only on loopback addresses: 127.0.0.0/8, ::1, localhost)`;
	}
	return `its scheme is ${url.protocol.replace(/:$/, '')}; only https is accepted (http only on loopback addresses)`;
}

/** A URL as it may appear in messages and logs: scheme, host and path, without the query (the signature). */
export function describeFileUrl(raw: string): string {
	try {
		const url = new URL(raw);
		return `${url.protocol}//${url.host}${url.pathname}`;
	} catch {
		return '(not a URL)';
	}
}

/** `20251121T063400Z` (AWS's X-Amz-Date) as epoch milliseconds. */
function amzDateMs(value: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

/**
 * When a pre-signed URL stops working, as its own query says: AWS Signature V4 (`X-Amz-Date` + `X-Amz-Expires`
 * seconds) or V2 / CloudFront (`Expires`, epoch seconds). Undefined when the URL does not say.
 */
export function fileUrlExpiresAt(raw: string): number | undefined {
	let params: URLSearchParams;
	try {
		params = new URL(raw).searchParams;
	} catch {
		return undefined;
	}
	const find = (name: string) =>
		[...params.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
	const date = find('X-Amz-Date');
	const expires = find('X-Amz-Expires');
	if (date && expires && /^\d+$/.test(expires)) {
		const start = amzDateMs(date);
		if (start !== undefined) return start + Number(expires) * 1000;
	}
	const epoch = find('Expires');
	return epoch && /^\d{9,11}$/.test(epoch) ? Number(epoch) * 1000 : undefined;
}

/** A kind of file DSCO hands out, recognised by its first bytes (a gateway's HTML page is not a label). */
export interface FileKind {
	/** As named in messages: "PDF". */
	name: string;
	extension: string;
	mimeType: string;
	matches(body: Buffer): boolean;
}

const startsWith = (body: Buffer, signature: Buffer) =>
	body.length >= signature.length && body.subarray(0, signature.length).equals(signature);
const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GIF_SIGNATURES = [Buffer.from('GIF87a', 'latin1'), Buffer.from('GIF89a', 'latin1')];

/** The label formats DSCO documents (`labelFormats`: pdf, png, gif); packing slips are PDF. */
export const FILE_KINDS = {
	pdf: {
		name: 'PDF',
		extension: 'pdf',
		mimeType: 'application/pdf',
		matches: (b: Buffer) => startsWith(b, PDF_SIGNATURE),
	},
	png: {
		name: 'PNG',
		extension: 'png',
		mimeType: 'image/png',
		matches: (b: Buffer) => startsWith(b, PNG_SIGNATURE),
	},
	gif: {
		name: 'GIF',
		extension: 'gif',
		mimeType: 'image/gif',
		matches: (b: Buffer) => GIF_SIGNATURES.some((s) => startsWith(b, s)),
	},
} satisfies Record<string, FileKind>;

export type FileFormat = keyof typeof FILE_KINDS;

/** The first bytes of a body that is not the file expected, printable, for an error. */
export function bodyStart(body: Buffer): string {
	const text = body
		.subarray(0, 60)
		.toString('latin1')
		.replace(/[^\x20-\x7e]/g, '.');
	return body.length > 60 ? `${text}…` : text;
}
