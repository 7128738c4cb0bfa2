import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { sleep } from 'n8n-workflow';

import { backoffDelayMs, parseRetryAfterMs, RETRYABLE_STATUSES } from '../nodes/Dsco/transport/backoff';
import { resolveBaseUrl } from '../nodes/Dsco/transport/baseUrl';

/** Retries of the token request after 408, 429, 5xx or a dropped connection, and the cap on one wait. */
const TOKEN_RETRIES = 3;
const TOKEN_MAX_WAIT_MS = 10_000;

type TokenResponse = { statusCode?: number; body?: IDataObject; headers?: IDataObject };

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
				{ name: 'Custom', value: 'custom', description: 'Your own base URL, e.g. a local simulator' },
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
	];

	/**
	 * Fetches an OAuth2 token (client credentials) when the cached one is empty or expired. n8n calls this before
	 * requests and again after a 401, and stores what it returns in the credential (encrypted).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = resolveBaseUrl(credentials.environment, credentials.baseUrl);
		if (credentials.authType === 'apiToken') return {};
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
					headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
					body: form.toString(),
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				})) as TokenResponse;
			} catch (error) {
				// Only the code is kept: the original error carries the request body, which holds the client secret.
				networkCode = (error as { code?: string }).code ?? 'network error';
			}
			const retryable = networkCode !== undefined || (RETRYABLE_STATUSES as readonly number[]).includes(response?.statusCode ?? 0);
			if (!retryable || attempt >= TOKEN_RETRIES) {
				if (networkCode !== undefined) {
					throw new Error(`Could not reach the DSCO token endpoint ${url} (${networkCode}): check the credential's environment or Base URL`);
				}
				break;
			}
			const retryAfter = parseRetryAfterMs(response?.headers?.['retry-after']);
			await sleep(Math.min(TOKEN_MAX_WAIT_MS, retryAfter ?? backoffDelayMs(attempt, 500, TOKEN_MAX_WAIT_MS)));
		}
		response = response as TokenResponse;
		const body = (typeof response.body === 'object' && response.body) || {};
		if (response.statusCode !== 200 || typeof body.access_token !== 'string') {
			const code = typeof body.error === 'string' ? body.error : `HTTP ${response.statusCode}`;
			const status = response.statusCode ?? 0;
			const hint =
				code === 'invalid_client'
					? 'DSCO rejected the Client ID or Client Secret: check both in the credential'
					: (RETRYABLE_STATUSES as readonly number[]).includes(status)
						? `DSCO's token endpoint is unavailable (still HTTP ${status} after ${TOKEN_RETRIES} retries): try again later`
						: 'DSCO did not issue a token: check the Client ID, Client Secret and environment';
			throw new Error(`${hint} (${code})`);
		}
		const expiresIn = Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600;
		return {
			accessToken: body.access_token,
			accessTokenExpiresAt: Date.now() + expiresIn * 1000,
		};
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'=Bearer {{$credentials.authType === "apiToken" ? $credentials.apiToken : $credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : ($credentials.environment === "staging" ? "https://staging-api.dsco.io/api/v3" : "https://api.dsco.io/api/v3")}}',
			url: '/hello',
			method: 'GET',
		},
	};
}
