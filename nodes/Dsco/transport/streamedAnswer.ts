/**
 * DSCO answers read as a stream (n8n's `encoding: 'stream'`), for the calls that want to know when DSCO started to
 * answer, before the body is in (DscoRequest.onAnswerArriving: a scroll asks for its next page then).
 *
 * n8n's HTTP client resolves a streamed call as soon as the status and headers are in, and from then on it no longer
 * applies the request timeout (axios marks the call done): a DSCO that stops sending in the middle of a body would
 * leave the read waiting for ever. So the body is read here with a watchdog of its own: when no byte came for
 * `idleTimeoutMs` (the request timeout, which n8n applies to a silent socket the same way), the read fails with
 * ETIMEDOUT, a network failure like any other. The watchdog looks every WATCHDOG_STEP_MS, with n8n's `sleep`
 * (a node starts no timers of its own), so at most one such step stays pending once a body is in.
 *
 * The body is decoded as n8n's HTTP client decodes a JSON call's answer: UTF-8 without a byte order mark, parsed as
 * JSON when it parses, else kept as text ('' when empty), so that the answer checks treat both alike.
 */

/** How often the watchdog looks at a body still arriving. */
export const WATCHDOG_STEP_MS = 250;
/** Body bytes after which a 2xx answer counts as arriving (an empty page of a scroll is far shorter). */
export const ARRIVING_AFTER_BYTES = 1024;

/** The subset of a Node.js Readable this reads (the package may not import node:stream). */
interface BodyStream {
	on(event: 'data', listener: (chunk: unknown) => void): unknown;
	on(event: 'end' | 'close', listener: () => void): unknown;
	on(event: 'error', listener: (error: unknown) => void): unknown;
	removeAllListeners(event?: string): unknown;
	destroy(error?: Error): unknown;
}

export function isBodyStream(body: unknown): body is BodyStream {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as BodyStream).on === 'function' &&
		typeof (body as BodyStream).destroy === 'function' &&
		typeof (body as { pipe?: unknown }).pipe === 'function'
	);
}

export interface ReadBodyOptions {
	idleTimeoutMs: number;
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	/** Called once, when `arrivingAfterBytes` bytes of the body are in (not for a shorter body). */
	onArriving?: () => void;
	arrivingAfterBytes?: number;
}

/** A body that did not arrive whole: a network failure, with the code the transport retries on. */
export class BodyReadError extends Error {
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message);
	}
}

/**
 * Reads a streamed body to its end as UTF-8 text (decoded chunk by chunk as it arrives, so that the decoding overlaps
 * the wait for the rest); fails with BodyReadError when it breaks off or stalls.
 */
export async function readBody(stream: BodyStream, options: ReadBodyOptions): Promise<string> {
	const decoder = new TextDecoder('utf-8');
	const parts: string[] = [];
	let bytes = 0;
	let lastByteAt = options.now();
	let settled = false;
	let arriving = options.onArriving;
	const threshold = options.arrivingAfterBytes ?? ARRIVING_AFTER_BYTES;
	return await new Promise<string>((resolve, reject) => {
		const settle = (error?: Error) => {
			if (settled) return;
			settled = true;
			stream.removeAllListeners('data');
			if (error) {
				parts.length = 0;
				reject(error);
			} else {
				parts.push(decoder.decode());
				resolve(parts.join(''));
			}
		};
		stream.on('data', (chunk: unknown) => {
			const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
			parts.push(decoder.decode(b, { stream: true }));
			bytes += b.length;
			lastByteAt = options.now();
			if (arriving && bytes >= threshold) {
				const told = arriving;
				arriving = undefined;
				told();
			}
		});
		stream.on('end', () => settle());
		// A body that broke off is retried like a connection reset, whatever the stream named it.
		stream.on('error', (error: unknown) =>
			settle(
				new BodyReadError(
					`DSCO's answer broke off after ${bytes} bytes (${errorCode(error) ?? 'connection closed'})`,
					'ECONNRESET',
				),
			),
		);
		// A stream destroyed without an error ends without 'end': the body is incomplete.
		stream.on('close', () =>
			settle(
				new BodyReadError(
					`DSCO's answer broke off after ${bytes} bytes (connection closed)`,
					'ECONNRESET',
				),
			),
		);
		void (async () => {
			while (!settled) {
				await options.sleep(WATCHDOG_STEP_MS);
				if (settled) return;
				if (options.now() - lastByteAt >= options.idleTimeoutMs) {
					settle(
						new BodyReadError(
							`DSCO sent no byte of its answer for ${Math.round(options.idleTimeoutMs / 1000)} s after ${bytes} bytes (timeout)`,
							'ETIMEDOUT',
						),
					);
					stream.destroy();
				}
			}
		})();
	});
}

/** A body's text as n8n's HTTP client decodes a JSON call's answer: parsed JSON, else the text ('' when empty). */
export function decodeJsonBody(body: string): { body: unknown; text: string } {
	// TextDecoder drops a leading byte order mark already; a text from elsewhere may still have one.
	const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
	if (text === '') return { body: '', text };
	try {
		return { body: JSON.parse(text) as unknown, text };
	} catch {
		return { body: text, text };
	}
}

function errorCode(error: unknown): string | undefined {
	const code = (error as { code?: unknown } | undefined)?.code;
	return typeof code === 'string' && code ? code : undefined;
}
