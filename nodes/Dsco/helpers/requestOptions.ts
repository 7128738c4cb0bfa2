import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TransportSettings } from '../transport/client';
import { invalidInput, quote } from './items';
import { parseDecimal, wholeNumberProblem } from './validation';

/**
 * Bounds of the Request Options (retries and timeouts), shared by the parameter's description and by the check
 * below: expressions bypass the editor's bounds, so every value is checked again before anything is sent.
 */
export const REQUEST_OPTION_LIMITS = {
	maxRetries: { label: 'Max Retries', min: 0, max: 20 },
	maxRetryWaitSeconds: { label: 'Max Wait Between Retries (Seconds)', min: 1, max: 3600 },
	maxRateLimitWaitMinutes: { label: 'Max Total Wait on Rate Limit (Minutes)', min: 0, max: 240 },
	timeoutSeconds: { label: 'Timeout (Seconds)', min: 1, max: 900 },
} as const;

type Fail = (field: string, problem: string) => Error;

const UNITS = { second: 1000, minute: 60_000 } as const;

/** A duration in whole or decimal `unit`s within the limit, as milliseconds. */
function duration(
	value: unknown,
	limit: { min: number; max: number },
	unit: keyof typeof UNITS = 'second',
): { ms?: number; problem?: string } {
	const n = parseDecimal(value);
	if (n === undefined)
		return {
			problem: `${quote(value)} is not a number of ${unit}s; give it in decimal digits, e.g. 30`,
		};
	if (n < limit.min)
		return {
			problem: `${n} is below the minimum of ${limit.min} ${unit}${limit.min === 1 ? '' : 's'}`,
		};
	if (n > limit.max) return { problem: `${n} is above the maximum of ${limit.max} ${unit}s` };
	return { ms: Math.round(n * UNITS[unit]) };
}

/**
 * The Request Options collection (as n8n returns it, expressions resolved) as transport settings. A value that is not
 * a number, a retry count that is negative, fractional or above the maximum, a wait or timeout of 0 or below (a total
 * rate-limit wait below 0) or above its maximum are refused through `fail(field label, problem)`.
 */
export function parseRequestOptions(raw: unknown, fail: Fail): Partial<TransportSettings> {
	if (raw === undefined || raw === null) return {};
	if (typeof raw !== 'object' || Array.isArray(raw))
		throw fail('Request Options', `${quote(raw)} is not a set of options`);
	const o = raw as Record<string, unknown>;
	const settings: Partial<TransportSettings> = {};
	const { maxRetries, maxRetryWaitSeconds, maxRateLimitWaitMinutes, timeoutSeconds } =
		REQUEST_OPTION_LIMITS;
	if (o.maxRetries !== undefined) {
		const n = parseDecimal(o.maxRetries);
		const problem = wholeNumberProblem(o.maxRetries, n, maxRetries.min, maxRetries.max);
		if (problem) throw fail(maxRetries.label, problem);
		settings.maxRetries = n;
	}
	if (o.maxRetryWaitSeconds !== undefined) {
		const wait = duration(o.maxRetryWaitSeconds, maxRetryWaitSeconds);
		if (wait.problem !== undefined) throw fail(maxRetryWaitSeconds.label, wait.problem);
		settings.maxRetryWaitMs = wait.ms;
	}
	if (o.maxRateLimitWaitMinutes !== undefined) {
		const total = duration(o.maxRateLimitWaitMinutes, maxRateLimitWaitMinutes, 'minute');
		if (total.problem !== undefined) throw fail(maxRateLimitWaitMinutes.label, total.problem);
		settings.maxRateLimitWaitMs = total.ms;
	}
	if (o.timeoutSeconds !== undefined) {
		const timeout = duration(o.timeoutSeconds, timeoutSeconds);
		if (timeout.problem !== undefined) throw fail(timeoutSeconds.label, timeout.problem);
		settings.timeoutMs = timeout.ms;
	}
	return settings;
}

// Defaults shown here equal DEFAULT_TRANSPORT_SETTINGS (a unit test keeps them in step).

/** Retry and pacing settings, shown for every operation. */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: REQUEST_OPTION_LIMITS.maxRetries.label,
			name: 'maxRetries',
			type: 'number',
			typeOptions: {
				minValue: REQUEST_OPTION_LIMITS.maxRetries.min,
				maxValue: REQUEST_OPTION_LIMITS.maxRetries.max,
			},
			default: 5,
			description:
				'How many times a call is retried after a timeout, 5xx or dropped connection. Writes that may have reached DSCO are never re-sent blindly. Rate limits (429) are bounded by time instead: see Max Total Wait on Rate Limit.',
		},
		{
			displayName: REQUEST_OPTION_LIMITS.maxRetryWaitSeconds.label,
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: {
				minValue: REQUEST_OPTION_LIMITS.maxRetryWaitSeconds.min,
				maxValue: REQUEST_OPTION_LIMITS.maxRetryWaitSeconds.max,
			},
			default: 60,
			description:
				'Upper bound on one wait between retries, including a Retry-After asked for by DSCO',
		},
		{
			displayName: REQUEST_OPTION_LIMITS.maxRateLimitWaitMinutes.label,
			name: 'maxRateLimitWaitMinutes',
			type: 'number',
			typeOptions: {
				minValue: REQUEST_OPTION_LIMITS.maxRateLimitWaitMinutes.min,
				maxValue: REQUEST_OPTION_LIMITS.maxRateLimitWaitMinutes.max,
				numberPrecision: 2,
			},
			default: 10,
			description:
				'How long DSCO may keep answering 429 (rate limit) to calls of this node to one endpoint, without accepting any, before a call fails. DSCO processed nothing for a call it answered 429, so the call is retried until then, at a slower pace. 0 fails a call at its first 429.',
		},
		{
			displayName: REQUEST_OPTION_LIMITS.timeoutSeconds.label,
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: {
				minValue: REQUEST_OPTION_LIMITS.timeoutSeconds.min,
				maxValue: REQUEST_OPTION_LIMITS.timeoutSeconds.max,
			},
			default: 120,
			description: 'How long to wait for DSCO to answer one call',
		},
	],
};

/** The Request Options, checked before anything is sent (they apply to the whole run, read for item 0). */
export function readTransportSettings(ctx: IExecuteFunctions): Partial<TransportSettings> {
	return parseRequestOptions(ctx.getNodeParameter('requestOptions', 0, {}), (field, problem) =>
		invalidInput(
			ctx,
			0,
			field === 'Request Options' ? field : `Request Options › ${field}`,
			problem,
		),
	);
}
