/**
 * Ties a stored OAuth2 token to the credential values that obtained it. n8n keeps the token in the credential and
 * keeps it when the user edits the credential (and when the Test button runs on edited values), so a token fetched
 * with an earlier client ID, client secret or base URL would otherwise still be sent, and a wrong secret would still
 * "test successfully". A token is used only while its fingerprint matches the credential as it is now.
 */
import { createHash } from 'crypto';

import { resolveBaseUrl } from './baseUrl';

/** Changing this makes every stored token stale (fetched again once). */
const FINGERPRINT_VERSION = 'n8n-nodes-dsco/token-fingerprint/v1';

/**
 * A one-way digest of what produced a token: environment, base URL, client ID and client secret. It holds no secret
 * in clear; it lives inside n8n's encrypted credential data. Undefined when the base URL is not usable (nothing
 * may be sent then anyway).
 */
export function tokenFingerprint(credentials: Record<string, unknown>): string | undefined {
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(credentials.environment, credentials.baseUrl);
	} catch {
		return undefined;
	}
	const parts = [
		FINGERPRINT_VERSION,
		String(credentials.environment),
		baseUrl,
		String(credentials.clientId ?? ''),
		String(credentials.clientSecret ?? ''),
	];
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The stored access token, if it was obtained with the credential's current values; '' otherwise. */
export function usableAccessToken(credentials: Record<string, unknown>): string {
	const token = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	if (!token) return '';
	const fingerprint = tokenFingerprint(credentials);
	return fingerprint !== undefined && credentials.accessTokenFingerprint === fingerprint
		? token
		: '';
}
