/** Pure input readers: dates (strict, in the workflow's timezone), numbers (one decimal parser), quoting, Request Options. */
import { parseDate } from '../../nodes/Dsco/helpers/dates';
import { quote } from '../../nodes/Dsco/helpers/items';
import { parseRequestOptions } from '../../nodes/Dsco/helpers/requestOptions';
import {
	MAX_DSCO_INTEGER,
	parseDecimal,
	wholeNumberProblem,
} from '../../nodes/Dsco/helpers/validation';

const iso = (text: string, zone = 'UTC') => {
	const r = parseDate(text, zone);
	return r.problem ?? new Date(r.ms).toISOString();
};

describe('dates', () => {
	it('refuses days and times that do not exist instead of rolling them over', () => {
		expect(iso('2026-02-30')).toBe('"2026-02-30" is not a date: February 2026 has 28 days');
		expect(iso('2026-02-29T10:00:00Z')).toMatch(/February 2026 has 28 days/);
		expect(iso('2028-02-29T10:00:00Z')).toBe('2028-02-29T10:00:00.000Z');
		expect(iso('1900-02-29')).toMatch(/February 1900 has 28 days/);
		expect(iso('2000-02-29')).toBe('2000-02-29T00:00:00.000Z');
		expect(iso('2025-04-31T00:00:00Z')).toMatch(/April 2025 has 30 days/);
		expect(iso('2025-13-01')).toMatch(/there is no month 13/);
		expect(iso('2025-00-10')).toMatch(/there is no month 0/);
		expect(iso('2025-11-00')).toMatch(/November 2025 has 30 days/);
		expect(iso('2025-11-06T24:00:00Z')).toMatch(/is not a time of day/);
		expect(iso('2025-11-06T23:59:60Z')).toMatch(/is not a time of day/);
		expect(iso('2025-11-06T10:00:00+25:00')).toMatch(/has no valid zone offset/);
		// JavaScript's own parser shifts these: the reason for the strict reading.
		expect(new Date(Date.parse('2026-02-30')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
	});

	it('reads zones as given, and text without a zone in the workflow timezone (midnight for a bare date)', () => {
		expect(iso('2025-11-06T10:00:00Z', 'America/New_York')).toBe('2025-11-06T10:00:00.000Z');
		expect(iso('2025-11-06T10:00:00+01:00', 'America/New_York')).toBe('2025-11-06T09:00:00.000Z');
		expect(iso('2025-11-06T10:00:00-0330', 'UTC')).toBe('2025-11-06T13:30:00.000Z');
		expect(iso('2025-11-06T10:00:00.25+05', 'UTC')).toBe('2025-11-06T05:00:00.250Z');
		expect(iso('2025-11-06T10:00:00', 'America/New_York')).toBe('2025-11-06T15:00:00.000Z');
		expect(iso('2025-07-06T10:00', 'America/New_York')).toBe('2025-07-06T14:00:00.000Z');
		expect(iso('2025-11-06', 'Europe/Berlin')).toBe('2025-11-05T23:00:00.000Z');
		expect(iso('2025-11-06 10:00:00', 'Asia/Kolkata')).toBe('2025-11-06T04:30:00.000Z');
		expect(iso('2025-11-06', 'UTC')).toBe('2025-11-06T00:00:00.000Z');
	});

	it('refuses a wall-clock time the zone skips, takes the first of one it repeats, and names an unknown zone', () => {
		// New York: 2025-03-09 02:00 → 03:00; 2025-11-02 02:00 → 01:00.
		expect(iso('2025-03-09T02:30:00', 'America/New_York')).toMatch(
			/does not exist in the workflow's timezone America\/New_York/,
		);
		expect(iso('2025-11-02T01:30:00', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z');
		expect(iso('2025-11-06T10:00:00', 'Mars/Olympus')).toMatch(
			/the workflow's timezone "Mars\/Olympus" is not a timezone this system knows/,
		);
		// Samoa skipped 2011-12-30 entirely.
		expect(iso('2011-12-30T12:00:00', 'Pacific/Apia')).toMatch(/does not exist/);
	});

	it('takes DateTime-like objects, Dates and epoch ms; refuses other types and quotes at most 100 characters', () => {
		expect(parseDate({ toMillis: () => 1762423200000 }, 'UTC')).toEqual({ ms: 1762423200000 });
		expect(parseDate(new Date(1762423200000), 'UTC')).toEqual({ ms: 1762423200000 });
		expect(parseDate(1762423200000, 'UTC')).toEqual({ ms: 1762423200000 });
		expect(parseDate({ toMillis: () => NaN }, 'UTC').problem).toMatch(/is not a date/);
		expect(parseDate(true, 'UTC').problem).toMatch(/a boolean is not a date/);
		expect(parseDate('', 'UTC').problem).toMatch(/is not a date/);
		expect(parseDate(8.7e15, 'UTC').problem).toMatch(/outside the years 1 to 9999/);
		const long = `2025-11-06T10:00:00Z${'x'.repeat(5000)}`;
		const problem = parseDate(long, 'UTC').problem!;
		expect(problem).toContain('(5020 characters)');
		expect(problem.length).toBeLessThan(250);
	});
});

describe('numbers: one decimal parser', () => {
	it('reads JSON numbers and plain decimal text only', () => {
		expect(parseDecimal(12)).toBe(12);
		expect(parseDecimal(' 12.50 ')).toBe(12.5);
		expect(parseDecimal('-3')).toBe(-3);
		expect(parseDecimal('007')).toBe(7);
		for (const text of [
			'0x10',
			'0b101',
			'0o17',
			'1e3',
			'1E3',
			'Infinity',
			'-Infinity',
			'NaN',
			'',
			' ',
			'+5',
			'.5',
			'5.',
			'1,000',
			'1_000',
			'12 34',
		]) {
			expect([text, parseDecimal(text)]).toEqual([text, undefined]);
		}
		expect(parseDecimal(Infinity)).toBeUndefined();
		expect(parseDecimal(NaN)).toBeUndefined();
		expect(parseDecimal('9'.repeat(400))).toBeUndefined();
		expect(parseDecimal(true)).toBeUndefined();
		expect(parseDecimal(null)).toBeUndefined();
		expect(parseDecimal(BigInt(5))).toBeUndefined();
	});

	it('refuses whole numbers above 2^31 − 1 (DSCO) and beyond 2^53 − 1 (JavaScript)', () => {
		const check = (v: unknown, max = MAX_DSCO_INTEGER) =>
			wholeNumberProblem(v, parseDecimal(v), 0, max);
		expect(check(MAX_DSCO_INTEGER)).toBeUndefined();
		expect(check(2 ** 31)).toBe(
			"2147483648 is above the maximum of 2147483647 (DSCO's integers are 32-bit)",
		);
		expect(check('2147483648')).toMatch(/above the maximum of 2147483647/);
		expect(check(2 ** 53, Infinity)).toBe(
			'"9007199254740992" is beyond 2^53 − 1, the largest whole number JavaScript holds exactly',
		);
		expect(check('9007199254740993', Infinity)).toMatch(/"9007199254740993" is beyond 2\^53 − 1/);
		expect(check(1.5)).toBe('1.5 is not a whole number');
		expect(check('0x10')).toBe('"0x10" is not a number; give a whole number of at least 0');
		expect(check(-1)).toBe('-1 is below the minimum of 0');
	});
});

describe('quote', () => {
	it('quotes short values whole and long ones cut at 100 characters with their length', () => {
		expect(quote('abc')).toBe('"abc"');
		expect(quote(12)).toBe('"12"');
		expect(quote({ a: 1 })).toBe('"{"a":1}"');
		const long = quote('A'.repeat(5000));
		expect(long).toBe(`"${'A'.repeat(100)}…" (5000 characters)`);
		// Control characters shown as escapes: a quoted value stays on one line.
		expect(quote('A\nB\t\u0000')).toBe('"A\\nB\\t\\u0000"');
		// Never through the middle of a surrogate pair.
		expect(quote(`${'A'.repeat(99)}${'😀'.repeat(10)}`)).toBe(
			`"${'A'.repeat(99)}…" (119 characters)`,
		);
	});
});

describe('Request Options', () => {
	const fail = (field: string, problem: string) => new Error(`${field}: ${problem}`);
	const parse = (raw: unknown) => parseRequestOptions(raw, fail);

	it('turn seconds into milliseconds and accept decimal text from expressions', () => {
		expect(parse({ maxRetries: 3, maxRetryWaitSeconds: 1.5, timeoutSeconds: '30' })).toEqual({
			maxRetries: 3,
			maxRetryWaitMs: 1500,
			timeoutMs: 30_000,
		});
		expect(parse({})).toEqual({});
		expect(parse(undefined)).toEqual({});
	});

	it('refuse a timeout of 0 or below, bad retry counts and non-numbers, naming the option', () => {
		expect(() => parse({ timeoutSeconds: 0 })).toThrow(
			'Timeout (Seconds): 0 is below the minimum of 1 second',
		);
		expect(() => parse({ timeoutSeconds: -5 })).toThrow(
			'Timeout (Seconds): -5 is below the minimum of 1 second',
		);
		expect(() => parse({ timeoutSeconds: 'soon' })).toThrow(
			'Timeout (Seconds): "soon" is not a number of seconds',
		);
		expect(() => parse({ timeoutSeconds: 1e9 })).toThrow(
			'Timeout (Seconds): 1000000000 is above the maximum of 900 seconds',
		);
		expect(() => parse({ maxRetries: -1 })).toThrow('Max Retries: -1 is below the minimum of 0');
		expect(() => parse({ maxRetries: 2.5 })).toThrow('Max Retries: 2.5 is not a whole number');
		expect(() => parse({ maxRetries: 1e6 })).toThrow(
			'Max Retries: 1000000 is above the maximum of 20',
		);
		expect(() => parse({ maxRetries: '0x10' })).toThrow('Max Retries: "0x10" is not a number');
		expect(() => parse({ maxRetries: true })).toThrow('Max Retries: "true" is not a number');
		expect(() => parse({ maxRetryWaitSeconds: 0 })).toThrow(
			'Max Wait Between Retries (Seconds): 0 is below the minimum of 1 second',
		);
		expect(() => parse({ maxRetryWaitSeconds: Infinity })).toThrow(
			'Max Wait Between Retries (Seconds): "Infinity" is not a number of seconds',
		);
		expect(() => parse('fast')).toThrow('Request Options: "fast" is not a set of options');
	});
});
