/**
 * OAuth2 client-credentials tokens and the bearer check. Several tokens may be valid at once (api-notes); with
 * `revokeOlderTokens` a new token revokes the client's older ones instead, as some OAuth2 servers do.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SECOND, SimClock } from './clock';

export const CLIENT_ID = 'sim-client-id';
export const CLIENT_SECRET = 'sim-client-secret';
export const API_TOKEN = 'sim-static-api-token';

export class TokenStore {
	private readonly tokens = new Map<string, number>();

	constructor(
		private readonly clock: SimClock,
		readonly ttlSeconds: number,
		readonly apiToken: string = API_TOKEN,
		readonly revokeOlderTokens = false,
	) {}

	issue(): string {
		const token = randomBytes(24).toString('base64url');
		if (this.revokeOlderTokens) this.tokens.clear();
		this.tokens.set(token, this.clock.now() + this.ttlSeconds * SECOND);
		return token;
	}

	isValid(token: string): boolean {
		if (token === this.apiToken) return true;
		const expiresAt = this.tokens.get(token);
		return expiresAt !== undefined && this.clock.now() < expiresAt;
	}

	/** All issued tokens become invalid; the static API token stays valid. */
	expireAll(): void {
		this.tokens.clear();
	}

	/** `Authorization: Bearer <token>` (any case of "bearer", as production accepts). */
	authorize(headers: IncomingHttpHeaders): boolean {
		const match = /^bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
		return match !== null && this.isValid(match[1]);
	}
}
