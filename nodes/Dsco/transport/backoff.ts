/** Retry timing: exponential backoff with jitter, and the Retry-After header. Pure functions. */

export const RETRYABLE_STATUSES = [408, 429, 500, 502, 503, 504] as const;

/** Network failures worth another try. ECONNREFUSED never reached DSCO, the others may have. */
export const RETRYABLE_NETWORK_CODES = [
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ESOCKETTIMEDOUT',
	'UND_ERR_SOCKET',
] as const;

/** Whether a failure proves DSCO did not act on the request, so a write may be sent again. */
export function failureIsNotProcessed(failure: { status?: number; code?: string }): boolean {
	if (failure.status !== undefined) return failure.status === 429 || failure.status === 408;
	return failure.code === 'ECONNREFUSED' || failure.code === 'EAI_AGAIN';
}

/**
 * Delay before retry number `attempt` (0-based): full jitter over an exponentially growing ceiling,
 * never below half of it, capped at `maxMs`. `random` is injectable for tests.
 */
export function backoffDelayMs(
	attempt: number,
	baseMs: number,
	maxMs: number,
	random: () => number = Math.random,
) {
	const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfterMs(value: unknown, now: number = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
