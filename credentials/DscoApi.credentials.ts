import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { sleep } from 'n8n-workflow';

import {
	backoffDelayMs,
	parseRetryAfterMs,
	RETRYABLE_STATUSES,
} from '../nodes/Dsco/transport/backoff';
import { originOf, resolveBaseUrl } from '../nodes/Dsco/transport/baseUrl';
import { redirectText } from '../nodes/Dsco/transport/errors';
import { Redactor } from '../nodes/Dsco/transport/redact';
import { tokenFingerprint, usableAccessToken } from '../nodes/Dsco/transport/tokenFingerprint';

/** Retries of the token request after 408, 429, 5xx or a dropped connection, and the cap on one wait. */
const TOKEN_RETRIES = 3;
const TOKEN_MAX_WAIT_MS = 10_000;

type TokenResponse = { statusCode?: number; body?: unknown; headers?: IDataObject };

/**
 * The Test button's base URL as an n8n expression over $credentials: resolveBaseUrl's result for every base URL it
 * accepts (test/engine/hostile/credentials.test.ts compares them). For one it refuses, authenticate and
 * preAuthentication raise resolveBaseUrl's own error before anything is sent.
 */
export const TEST_BASE_URL_EXPRESSION =
	'$credentials.environment === "custom" ? String($credentials.baseUrl ?? "").trim().replace(/[?#][\\s\\S]*$/, "").replace(/^([A-Za-z][A-Za-z0-9+.-]*:\\/\\/)[^\\/]*@/, "$1").replace(/\\/+$/, "") : ($credentials.environment === "staging" ? "https://staging-api.dsco.io/api/v3" : "https://api.dsco.io/api/v3")';

export class DscoApi implements ICredentialType {
	name = 'dscoApi';

	displayName = 'DSCO API';

	icon: Icon = { light: 'file:../nodes/Dsco/dsco.svg', dark: 'file:../nodes/Dsco/dsco.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-dsco/n8n-nodes-dsco#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.dsco.io/api/v3' },
				{ name: 'Staging', value: 'staging', description: 'https://staging-api.dsco.io/api/v3' },
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own base URL, e.g. a local simulator',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.dsco.io/api/v3',
			description: 'Must use https, except on loopback addresses (127.0.0.0/8, ::1, localhost)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'OAuth2 Client Credentials',
					value: 'oAuth2ClientCredentials',
					description: 'Client ID and secret from DSCO (required for new accounts)',
				},
				{ name: 'API Token (Legacy)', value: 'apiToken', description: 'A static DSCO API token' },
			],
			default: 'oAuth2ClientCredentials',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['oAuth2ClientCredentials'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['oAuth2ClientCredentials'] } },
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['apiToken'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
		{
			// A digest of the values that obtained the access token (tokenFingerprint): no secret in clear.
			displayName: 'Access Token Fingerprint',
			name: 'accessTokenFingerprint',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/**
	 * Fetches an OAuth2 token (client credentials). n8n calls this when the stored token is empty, and again after a
	 * 401; the transport empties it when it is about to expire or was obtained with other credential values (see
	 * tokenFingerprint). n8n stores what this returns in the credential (encrypted), fingerprint included.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = resolveBaseUrl(credentials.environment, credentials.baseUrl);
		if (credentials.authType === 'apiToken') return {};
		const redactor = Redactor.forCredential(credentials);
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: String(credentials.clientId ?? ''),
			client_secret: String(credentials.clientSecret ?? ''),
		});
		const url = `${baseUrl}/oauth2/token`;
		let response: TokenResponse | undefined;
		// The token endpoint is retried like any DSCO call (429, 5xx, dropped connections), a few times with backoff.
		for (let attempt = 0; ; attempt++) {
			let networkCode: string | undefined;
			try {
				response = (await this.helpers.httpRequest({
					method: 'POST',
					url,
					headers: {
						'Content-Type': 'application/x-www-form-urlencoded',
						Accept: 'application/json',
					},
					body: form.toString(),
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					// A 307/308 would make the HTTP client post the client secret again to wherever the Location points.
					disableFollowRedirect: true,
				})) as TokenResponse;
			} catch (error) {
				// Only the code is kept: the original error carries the request body, which holds the client secret.
				networkCode = (error as { code?: string }).code ?? 'network error';
			}
			const retryable =
				networkCode !== undefined ||
				(RETRYABLE_STATUSES as readonly number[]).includes(response?.statusCode ?? 0);
			if (!retryable || attempt >= TOKEN_RETRIES) {
				if (networkCode !== undefined) {
					throw new Error(
						redactor.text(
							`Could not reach the DSCO token endpoint ${url} (${networkCode}): check the credential's environment or Base URL`,
						),
					);
				}
				break;
			}
			const retryAfter = parseRetryAfterMs(response?.headers?.['retry-after']);
			await sleep(
				Math.min(TOKEN_MAX_WAIT_MS, retryAfter ?? backoffDelayMs(attempt, 500, TOKEN_MAX_WAIT_MS)),
			);
		}
		response = response as TokenResponse;
		const status = Number(response.statusCode) || 0;
		if (status >= 300 && status < 400) {
			throw new Error(
				`DSCO's token endpoint answered with a ${redirectText(status, response.headers?.location, url)}. Check the credential's environment or Base URL.`,
			);
		}
		const body = (
			response.body && typeof response.body === 'object' && !Array.isArray(response.body)
				? response.body
				: {}
		) as IDataObject;
		const accessToken = typeof body.access_token === 'string' ? body.access_token.trim() : '';
		if (status !== 200 || !accessToken)
			throw new Error(redactor.text(tokenRefusal(status, response.body)));
		const expiresIn = Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600;
		return {
			accessToken,
			accessTokenExpiresAt: Date.now() + expiresIn * 1000,
			accessTokenFingerprint: tokenFingerprint(credentials) ?? '',
		};
	}

	/**
	 * Adds `Authorization: Bearer …` — only for a request to the credential's own DSCO origin (also when the credential
	 * is used by n8n's HTTP Request node), and only with a token obtained with the credential's current values. A
	 * stale token is left out: DSCO answers 401, and n8n fetches a fresh one through preAuthentication and resends.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const baseUrl = resolveBaseUrl(credentials.environment, credentials.baseUrl);
		const dscoOrigin = originOf(baseUrl);
		const targetOrigin = originOf(requestTarget(requestOptions));
		if (!targetOrigin || targetOrigin !== dscoOrigin) {
			throw new Error(
				`Refusing to send the DSCO credential to ${targetOrigin ?? 'an unreadable URL'}: it is sent to the credential's DSCO address (${dscoOrigin}) only`,
			);
		}
		const token =
			credentials.authType === 'apiToken'
				? String(credentials.apiToken ?? '')
				: usableAccessToken(credentials);
		if (!token) return requestOptions;
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` },
		};
	}

	/**
	 * The Test button: `GET /hello` with the credential as it is in the form. The base URL is the one the transport
	 * uses (resolveBaseUrl: no query, fragment or user info; an expression cannot call it, so it is repeated here and
	 * a test compares the two). A token obtained with other values is not sent (see authenticate), so the test fetches
	 * a token with the values being tested.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{${TEST_BASE_URL_EXPRESSION}}}`,
			url: '/hello',
			method: 'GET',
		},
	};
}

/**
 * The URL a request goes to: `url` (or `uri`, in the legacy request options n8n's HTTP Request node uses), joined to
 * `baseURL` unless it is absolute, as the HTTP client does.
 */
function requestTarget(options: IHttpRequestOptions): string {
	const legacy = options as IHttpRequestOptions & { uri?: unknown; baseUrl?: unknown };
	const raw: unknown = legacy.url ?? legacy.uri;
	const path =
		typeof raw === 'string'
			? raw
			: raw && typeof raw === 'object' && 'href' in raw
				? String(raw.href)
				: '';
	const base = legacy.baseURL ?? legacy.baseUrl;
	if (typeof base !== 'string' || base === '' || originOf(path) !== undefined) return path;
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** What the token endpoint said instead of a token, for the error (redacted by the caller). */
function tokenRefusal(status: number, rawBody: unknown): string {
	const body =
		rawBody && typeof rawBody === 'object' && !Array.isArray(rawBody)
			? (rawBody as IDataObject)
			: {};
	const code = typeof body.error === 'string' && body.error ? body.error : `HTTP ${status}`;
	const text = typeof rawBody === 'string' ? rawBody.trim().slice(0, 200) : '';
	const said =
		typeof body.error_description === 'string' && body.error_description
			? `: ${body.error_description.slice(0, 200)}`
			: text && !text.startsWith('<')
				? `: ${text}`
				: '';
	if (code === 'invalid_client')
		return `DSCO rejected the Client ID or Client Secret: check both in the credential (${code}${said})`;
	if ((RETRYABLE_STATUSES as readonly number[]).includes(status)) {
		return `DSCO's token endpoint is unavailable (still HTTP ${status} after ${TOKEN_RETRIES} retries): try again later`;
	}
	if (status === 200) {
		const what =
			typeof rawBody === 'string'
				? rawBody.trim() === ''
					? 'an empty body'
					: /^\s*</.test(rawBody)
						? 'an HTML page'
						: 'a body that is not JSON'
				: typeof body.access_token === 'string'
					? 'an empty access_token'
					: 'no access_token';
		return `DSCO's token endpoint answered HTTP 200 with ${what} instead of a token: check the credential's environment or Base URL`;
	}
	return `DSCO did not issue a token: check the Client ID, Client Secret and environment (${code}${said})`;
}
