/** The simulator's clock (injectable, can be moved forward) and DSCO's date format. */

export class SimClock {
	private offsetMs = 0;

	constructor(private readonly base: () => number = Date.now) {}

	now(): number {
		return this.base() + this.offsetMs;
	}

	/** Now, truncated to whole seconds: DSCO stores and shows dates with second precision. */
	nowSeconds(): number {
		return wholeSeconds(this.now());
	}

	advance(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0)
			throw new Error(`advanceClock needs a non-negative number, got ${ms}`);
		this.offsetMs += ms;
	}
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function wholeSeconds(ms: number): number {
	return Math.floor(ms / SECOND) * SECOND;
}

/** 2025-11-06T23:02:30+00:00, the form production uses. */
export function formatDate(ms: number): string {
	return `${new Date(wholeSeconds(ms)).toISOString().slice(0, 19)}+00:00`;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an ISO 8601 date-time with offset; undefined when it is not one. */
export function parseDate(value: string): number | undefined {
	if (!ISO_DATE_TIME.test(value)) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

export function isDateTime(value: string): boolean {
	return parseDate(value) !== undefined;
}
