/**
 * Redaction of the credential's secrets (the access token, the API token, the client secret) from any text that
 * leaves the transport: DSCO, a gateway or a token endpoint may echo them back (an error body quoting the
 * Authorization header, an OAuth2 `error_description` quoting the submitted form), and whatever DSCO says ends up in
 * error messages, error items, run data and log lines. No I/O: the client and the credential use it.
 */

export const REDACTED = '[redacted]';

/**
 * Values shorter than this are not searched for: they could not be told apart from ordinary words and numbers in
 * DSCO's answers (DSCO's client secrets and tokens are long random strings).
 */
export const MIN_SECRET_LENGTH = 8;

/** The credential fields that hold secrets. */
export const SECRET_FIELDS = ['accessToken', 'apiToken', 'clientSecret'] as const;

/**
 * Every spelling in which a secret can come back: as sent, URL-encoded (a query or an echoed form, where `+` may
 * stand for a space), and escaped inside a JSON string (a body quoted as text).
 */
function spellings(secret: string): string[] {
	const forms = new Set<string>([secret]);
	forms.add(encodeURIComponent(secret));
	forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
	forms.add(JSON.stringify(secret).slice(1, -1));
	return [...forms];
}

/** A redactor for a set of secrets: the longest spelling is replaced first, so that no part of one survives. */
export class Redactor {
	private readonly needles: string[];
	/** A string shorter than every needle cannot hold one (most of an answer's strings: codes, dates, numbers). */
	private readonly shortest: number;

	constructor(secrets: Iterable<unknown>) {
		const needles = new Set<string>();
		for (const secret of secrets) {
			if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
			for (const form of spellings(secret)) needles.add(form);
		}
		this.needles = [...needles].sort((a, b) => b.length - a.length);
		this.shortest = this.needles.length ? this.needles[this.needles.length - 1].length : Infinity;
	}

	/** The secrets of a credential's decrypted data (the fields in SECRET_FIELDS). */
	static forCredential(data: Record<string, unknown> | undefined): Redactor {
		return new Redactor(SECRET_FIELDS.map((field) => data?.[field]));
	}

	get empty(): boolean {
		return this.needles.length === 0;
	}

	text(value: string): string {
		if (value.length < this.shortest) return value;
		let out = value;
		for (const needle of this.needles)
			if (out.includes(needle)) out = out.split(needle).join(REDACTED);
		return out;
	}

	/**
	 * The value with every string in it redacted, at any depth. Objects and arrays are copied only where something
	 * changed, so that a clean answer (nearly always) costs one walk and no allocation.
	 */
	value<T>(value: T): T {
		if (this.empty) return value;
		return this.walk(value, []) as T;
	}

	/**
	 * `ancestors` (the objects above this one) only stops a cycle: an answer parsed from JSON is a tree, and keeping
	 * every object visited in a WeakSet cost three times the walk itself on a page of 1,000 orders.
	 */
	private walk(value: unknown, ancestors: object[]): unknown {
		if (typeof value === 'string') return this.text(value);
		if (!value || typeof value !== 'object' || Buffer.isBuffer(value) || ArrayBuffer.isView(value))
			return value;
		if (ancestors.includes(value)) return value;
		if (Array.isArray(value)) {
			ancestors.push(value);
			let copy: unknown[] | undefined;
			for (let i = 0; i < value.length; i++) {
				const next = this.walk(value[i], ancestors);
				if (next !== value[i]) (copy ??= [...value])[i] = next;
			}
			ancestors.pop();
			return copy ?? value;
		}
		if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
			return value;
		ancestors.push(value);
		const record = value as Record<string, unknown>;
		let copy: Record<string, unknown> | undefined;
		// for…in over a plain object (its prototype has no enumerable keys): no array of entries per object.
		for (const key in record) {
			const entry = record[key];
			const next = this.walk(entry, ancestors);
			if (next !== entry) (copy ??= { ...record })[key] = next;
		}
		ancestors.pop();
		return copy ?? value;
	}

	/**
	 * Redacts an error in place, with everything n8n shows, stores or logs of it: message, description, stack,
	 * `messages`, `context`, `errorResponse`, and its `cause` chain (an HTTP client error keeps the request it sent,
	 * Authorization header included). Returns the same error.
	 */
	error<E>(error: E): E {
		if (!this.empty && error && typeof error === 'object') this.scrub(error, new WeakSet(), 0);
		return error;
	}

	/** Redacts the strings of an error's object graph in place; sockets, streams and the workflow's node are left alone. */
	private scrub(value: object, seen: WeakSet<object>, depth: number) {
		if (seen.has(value) || depth > MAX_ERROR_DEPTH) return;
		seen.add(value);
		if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return;
		const emitter = value as { on?: unknown; emit?: unknown };
		if (typeof emitter.on === 'function' && typeof emitter.emit === 'function') return;
		const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
		if (value instanceof Error && !keys.includes('cause') && 'cause' in value) keys.push('cause');
		const target = value as Record<string, unknown>;
		for (const key of keys) {
			if (key === 'node') continue;
			let current: unknown;
			try {
				current = target[key];
				if (typeof current === 'string') {
					const next = this.text(current);
					if (next !== current) target[key] = next;
				} else if (current && typeof current === 'object') {
					this.scrub(current, seen, depth + 1);
				}
			} catch {
				// A getter that throws or a read-only property: nothing n8n serialises from an error is either.
			}
		}
	}
}

/** How deep `Redactor.error` looks into an error's objects (an HTTP client error nests config → headers). */
const MAX_ERROR_DEPTH = 8;
