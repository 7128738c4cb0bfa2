import { quote } from './items';

/**
 * Dates given to the node: ISO 8601 text, a luxon DateTime (`$now`, `DateTime` expressions), a JS Date, or epoch
 * milliseconds.
 * - Text is read strictly: a day or time that does not exist (2026-02-30, 24:00, a leap second, a time skipped by a
 *   daylight-saving change) is refused, never rolled over to another day as Date.parse does.
 * - Text without a zone is a wall-clock time in the workflow's timezone (`getTimezone()`: the workflow's Timezone
 *   setting, else the instance's GENERIC_TIMEZONE), as n8n's own nodes read it (luxon `fromISO` with that zone); a
 *   date without a time is midnight there. A wall-clock time that occurs twice (clocks set back) is the first one.
 */

/** DSCO refuses an order search whose `until` is less than 5 s in the past; the default leaves room for clock differences. */
export const DEFAULT_UNTIL_LAG_MS = 10_000;
export const MIN_UNTIL_LAG_MS = 5_000;

export type DateReading = { ms: number; problem?: undefined } | { ms?: undefined; problem: string };

// 2025-11-06, 2025-11-06T10:30, 2025-11-06 10:30:15.250, each optionally with Z, ±hh, ±hhmm or ±hh:mm.
const ISO_TEXT =
	/^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const FORMAT_HINT =
	'use ISO 8601, e.g. 2025-11-06T00:00:00Z (without a zone: the workflow’s timezone)';
const MONTH_NAMES = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];
const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Epoch ms of a wall-clock time read as UTC (years below 100 too, which Date.UTC would move to the 1900s). */
function utcOf(
	y: number,
	mo: number,
	d: number,
	h: number,
	mi: number,
	s: number,
	ms: number,
): number {
	const date = new Date(0);
	date.setUTCFullYear(y, mo - 1, d);
	date.setUTCHours(h, mi, s, ms);
	return date.getTime();
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant (ms, east positive); throws RangeError for a zone Intl does not know. */
function zoneOffsetMs(zone: string, at: number): number {
	let format = zoneFormats.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			era: 'short',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		zoneFormats.set(zone, format);
	}
	const part: Record<string, string> = {};
	for (const p of format.formatToParts(at)) part[p.type] = p.value;
	const year = part.era === 'BC' || part.era === 'B' ? 1 - Number(part.year) : Number(part.year);
	const wall = utcOf(
		year,
		Number(part.month),
		Number(part.day),
		Number(part.hour),
		Number(part.minute),
		Number(part.second),
		0,
	);
	return wall - (at - (((at % 1000) + 1000) % 1000));
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Z']);

/** The instant a wall-clock time (given as if UTC) names in `zone`: the earlier one when it occurs twice. */
function wallClockInZone(wall: number, zone: string): number | 'skipped' {
	if (UTC_ZONES.has(zone)) return wall;
	// Offsets a day either side cover any change of offset around this time.
	const offsets = new Set([
		zoneOffsetMs(zone, wall - DAY_MS),
		zoneOffsetMs(zone, wall),
		zoneOffsetMs(zone, wall + DAY_MS),
	]);
	let best: number | undefined;
	for (const offset of offsets) {
		const at = wall - offset;
		if (zoneOffsetMs(zone, at) === offset && (best === undefined || at < best)) best = at;
	}
	return best ?? 'skipped';
}

/** Recently read zone-less texts: a file of a million rows usually repeats a few dates. */
const zonelessCache = new Map<string, DateReading>();
const ZONELESS_CACHE_SIZE = 1000;

function readIsoText(text: string, timezone: string): DateReading {
	const m = ISO_TEXT.exec(text);
	if (!m) return { problem: `${quote(text)} is not a date; ${FORMAT_HINT}` };
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
	const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
	const zone = m[8];
	if (mo < 1 || mo > 12) return { problem: `"${text}" is not a date: there is no month ${mo}` };
	if (d < 1 || d > daysInMonth(y, mo)) {
		return {
			problem: `"${text}" is not a date: ${MONTH_NAMES[mo - 1]} ${y} has ${daysInMonth(y, mo)} days`,
		};
	}
	if (h > 23 || mi > 59 || s > 59)
		return { problem: `"${text}" is not a time of day: hours go to 23, minutes and seconds to 59` };
	const wall = utcOf(y, mo, d, h, mi, s, ms);
	if (zone !== undefined) {
		if (zone === 'Z' || zone === 'z') return { ms: wall };
		const digits = zone.replace(':', '');
		const offsetH = Number(digits.slice(1, 3));
		const offsetM = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
		if (offsetH > 23 || offsetM > 59)
			return { problem: `"${text}" has no valid zone offset: ${zone}` };
		const sign = zone.startsWith('-') ? -1 : 1;
		return { ms: wall - sign * (offsetH * 60 + offsetM) * 60_000 };
	}
	const key = `${timezone}\u0000${text}`;
	const cached = zonelessCache.get(key);
	if (cached) return cached;
	let reading: DateReading;
	try {
		const at = wallClockInZone(wall, timezone);
		reading =
			at === 'skipped'
				? {
						problem: `"${text}" does not exist in the workflow's timezone ${timezone} (the clocks skip it); give another time or a zone, e.g. ${text}Z`,
					}
				: { ms: at };
	} catch {
		reading = {
			problem: `the workflow's timezone "${timezone}" is not a timezone this system knows; fix the workflow's Timezone setting or give the date with a zone, e.g. ${text}Z`,
		};
	}
	if (zonelessCache.size >= ZONELESS_CACHE_SIZE) zonelessCache.clear();
	zonelessCache.set(key, reading);
	return reading;
}

/** DSCO writes 4-digit years: instants outside years 1 to 9999 cannot be sent. */
const MIN_MS = utcOf(1, 1, 1, 0, 0, 0, 0);
const MAX_MS = utcOf(9999, 12, 31, 23, 59, 59, 999);

/** Reads a date parameter into epoch milliseconds, or says why it is not a date (see the header). */
export function parseDate(value: unknown, timezone: string): DateReading {
	let ms: number;
	if (typeof value === 'string') {
		const reading = readIsoText(value.trim(), timezone);
		if (reading.problem !== undefined) return reading;
		ms = reading.ms;
	} else if (typeof value === 'number') {
		ms = value;
	} else if (value instanceof Date) {
		ms = value.getTime();
	} else if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		ms = (value as { toMillis: () => number }).toMillis();
	} else {
		return {
			problem: `${value === undefined || value === null || value === '' ? 'it is empty' : `a ${typeof value} is not a date`}; ${FORMAT_HINT}`,
		};
	}
	if (!Number.isFinite(ms)) return { problem: `${quote(value)} is not a date; ${FORMAT_HINT}` };
	if (ms < MIN_MS || ms > MAX_MS)
		return { problem: `${quote(value)} is outside the years 1 to 9999` };
	return { ms };
}

/** ISO 8601 in UTC without milliseconds, the form DSCO uses: 2025-11-06T23:02:30Z. */
export function toDscoDate(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
