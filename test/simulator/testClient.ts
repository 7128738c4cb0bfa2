/** Minimal HTTP client for the simulator's own tests (plain fetch, no transport code of the package). */
import type { Simulator } from './index';

export interface Response<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

export class SimClient {
	private token: string | undefined;

	constructor(
		readonly sim: Simulator,
		private readonly auth: 'oauth' | 'apiToken' | 'none' = 'oauth',
	) {}

	async fetchToken(form?: Record<string, string>): Promise<Response> {
		const body = new URLSearchParams(
			form ?? {
				grant_type: 'client_credentials',
				client_id: this.sim.clientId,
				client_secret: this.sim.clientSecret,
			},
		);
		return this.request('POST', '/oauth2/token', {
			rawBody: body.toString(),
			contentType: 'application/x-www-form-urlencoded',
			noAuth: true,
		});
	}

	private async authorization(): Promise<string | undefined> {
		if (this.auth === 'none') return undefined;
		if (this.auth === 'apiToken') return `bearer ${this.sim.apiToken}`;
		if (!this.token) this.token = (await this.fetchToken()).body.access_token as string;
		return `Bearer ${this.token}`;
	}

	async request<T = any>(
		method: string,
		path: string,
		opts: {
			query?: Record<string, string | string[]>;
			json?: unknown;
			rawBody?: string;
			contentType?: string;
			noAuth?: boolean;
			headers?: Record<string, string>;
		} = {},
	): Promise<Response<T>> {
		const url = new URL(this.sim.baseUrl + path);
		for (const [key, value] of Object.entries(opts.query ?? {})) {
			for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
		}
		const headers: Record<string, string> = { ...opts.headers };
		const authorization = opts.noAuth ? undefined : await this.authorization();
		if (authorization) headers.authorization = authorization;
		let body: string | undefined = opts.rawBody;
		if (opts.json !== undefined) {
			body = JSON.stringify(opts.json);
			headers['content-type'] = 'application/json';
		}
		if (opts.contentType) headers['content-type'] = opts.contentType;
		const res = await fetch(url, { method, headers, body });
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON
		}
		return { status: res.status, headers: res.headers, body: parsed as T };
	}

	get<T = any>(path: string, query?: Record<string, string | string[]>): Promise<Response<T>> {
		return this.request<T>('GET', path, { query });
	}

	post<T = any>(
		path: string,
		json: unknown,
		query?: Record<string, string | string[]>,
	): Promise<Response<T>> {
		return this.request<T>('POST', path, { json, query });
	}

	put<T = any>(path: string): Promise<Response<T>> {
		return this.request<T>('PUT', path);
	}
}

/** ISO date `ms` before the given clock value. */
export function isoBefore(nowMs: number, ms: number): string {
	return new Date(nowMs - ms).toISOString();
}
