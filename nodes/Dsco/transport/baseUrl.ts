/** DSCO environments and the rules for a custom base URL. Shared by the credential and the transport. */

export const DSCO_BASE_URLS = {
	production: 'https://api.dsco.io/api/v3',
	staging: 'https://staging-api.dsco.io/api/v3',
} as const;

/** 127.0.0.0/8, ::1 or localhost: where http is allowed, for local stand-ins such as the bundled simulator. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host === '::1') return true;
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The base URL for a credential's environment, without a trailing slash.
 * A custom URL must use https, except on loopback (127.0.0.0/8, ::1, localhost), where http is allowed
 * for local stand-ins such as the bundled simulator.
 */
export function resolveBaseUrl(environment: unknown, customBaseUrl: unknown): string {
	if (environment === 'production' || environment === 'staging') return DSCO_BASE_URLS[environment];
	if (environment !== 'custom') {
		throw new Error(
			`Unknown DSCO environment "${String(environment)}": choose Production, Staging or Custom in the credential`,
		);
	}
	const raw = typeof customBaseUrl === 'string' ? customBaseUrl.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	if (!url) {
		throw new Error(
			`The credential's Base URL "${raw}" is not a valid URL: use e.g. https://api.dsco.io/api/v3`,
		);
	}
	if (!isHttpsOrLoopback(url)) {
		throw new Error(
			`The credential's Base URL must use https (http is allowed only for loopback addresses: 127.0.0.0/8, ::1, localhost); got ${url.protocol}//${url.host}`,
		);
	}
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** https, or plain http on a loopback address (local stand-ins such as the simulator): where DSCO data may go. */
export function isHttpsOrLoopback(url: URL): boolean {
	return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * The origin (scheme, host, port) of a URL, resolved against `relativeTo` when it is relative (a Location header
 * may be): what errors may name of a URL DSCO handed out, never its path or query (which may carry a signature).
 */
export function originOf(url: unknown, relativeTo?: string): string | undefined {
	if (typeof url !== 'string' || url.trim() === '') return undefined;
	try {
		const parsed = new URL(url.trim(), relativeTo);
		return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}…`;
	} catch {
		return undefined;
	}
}
