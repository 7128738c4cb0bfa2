/** Query-parameter checks that collect DSCO-style messages (answered together as one 400). */
import { parseDate } from '../clock';
import { type Query, many, single } from '../http';
import type { Message } from '../types';

export class QueryReader {
	readonly messages: Message[] = [];

	constructor(private readonly query: Query) {}

	get ok(): boolean {
		return this.messages.length === 0;
	}

	fail(description: string): void {
		this.messages.push({ code: 'VALIDATION_FAILED', severity: 'error', description });
	}

	string(name: string): string | undefined {
		const value = single(this.query, name);
		return value === '' ? undefined : value;
	}

	required(name: string): string | undefined {
		const value = this.string(name);
		if (value === undefined) this.fail(`${name} is required`);
		return value;
	}

	bool(name: string): boolean | undefined {
		const value = this.string(name);
		if (value === undefined) return undefined;
		if (value === 'true' || value === 'false') return value === 'true';
		this.fail(`${name} must be true or false, got "${value}"`);
		return undefined;
	}

	date(name: string): number | undefined {
		const value = this.string(name);
		if (value === undefined) return undefined;
		const ms = parseDate(value);
		if (ms === undefined)
			this.fail(`${name} must be an ISO 8601 date-time with offset, got "${value}"`);
		return ms;
	}

	oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
		const value = this.string(name);
		if (value === undefined) return undefined;
		if ((allowed as readonly string[]).includes(value)) return value as T;
		this.fail(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
		return undefined;
	}

	/** A repeatable parameter (?status=a&status=b), each value checked. */
	manyOf<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
		const values = many(this.query, name);
		if (values.length === 0) return undefined;
		for (const value of values) {
			if (!(allowed as readonly string[]).includes(value))
				this.fail(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
		}
		return values as T[];
	}

	integer(name: string, min: number, max: number): number | undefined {
		const value = this.string(name);
		if (value === undefined) return undefined;
		const n = Number(value);
		if (!/^-?\d+$/.test(value) || n < min || n > max) {
			this.fail(`${name} must be an integer between ${min} and ${max}, got "${value}"`);
			return undefined;
		}
		return n;
	}
}
