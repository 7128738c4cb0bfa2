import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';

import { checkAnswer, type AnswerShape } from './answers';
import { resolveBaseUrl } from './baseUrl';
import {
	backoffDelayMs,
	failureIsNotProcessed,
	parseRetryAfterMs,
	RETRYABLE_NETWORK_CODES,
	RETRYABLE_STATUSES,
} from './backoff';
import {
	asNodeError,
	dscoApiError,
	dscoRedirectError,
	errorText,
	itemLabel,
	keepMessage,
	redirectText,
} from './errors';
import {
	bodyStart,
	describeFileUrl,
	fileUrlExpiresAt,
	fileUrlProblem,
	type FileKind,
} from './fileUrls';
import { markRateLimitGiveUp, processPacing, type PacingAnswer, type ThrottleNote } from './pacing';
import { Redactor, SECRET_FIELDS } from './redact';
import { decodeJsonBody, isBodyStream, readBody } from './streamedAnswer';
import { usableAccessToken } from './tokenFingerprint';
import { startTokenFetch, tokenFetchInProgress } from './tokenRefresh';

export const CREDENTIAL_TYPE = 'dscoApi';

/** A cached OAuth2 token counts as expired this long before DSCO's `expires_in` runs out. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

export type DscoContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface TransportSettings {
	/** Retries after a retryable failure other than a rate limit (408, 5xx, connection reset). */
	maxRetries: number;
	/** Cap on one wait between retries, Retry-After included. */
	maxRetryWaitMs: number;
	/**
	 * How long DSCO may keep refusing this node's calls to one endpoint with 429 (from the first 429 until DSCO accepts
	 * one again) before a call fails: a 429 means "not processed, later", so it is bounded by time, not attempts.
	 */
	maxRateLimitWaitMs: number;
	/** First backoff step; doubles each retry. */
	baseDelayMs: number;
	/** Per-request timeout. */
	timeoutMs: number;
}

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	maxRetries: 5,
	maxRetryWaitMs: 60_000,
	maxRateLimitWaitMs: 10 * 60_000,
	baseDelayMs: 500,
	timeoutMs: 120_000,
};

/**
 * How long one client reuses a credential read for its next calls. n8n reads a credential from its database and
 * decrypts it on every getCredentials: between one order page's answer and the next page's request, that was a
 * query and a decryption on the critical path of every page. A read is never reused after a 401 or a token fetch
 * (see DscoClient.readCredential), so a token another process stored is adopted as before.
 */
export const CREDENTIAL_REUSE_MS = 5000;

/** How many times one call fetches or adopts a new token after DSCO answered 401 (another process may revoke ours). */
const AUTH_RECOVERIES = 3;

export interface DscoRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/order/page`. */
	path: string;
	qs?: IDataObject;
	/** A JSON value, or a Buffer holding JSON already serialised (sent as it is). */
	body?: unknown;
	/** The input item(s) this call serves, named in errors. */
	itemIndexes?: readonly number[] | number;
	/**
	 * Whether sending the request again cannot duplicate its effect. Defaults to true for GET.
	 * A non-idempotent request is retried only after a failure that proves DSCO did not act on it (429, 408,
	 * connection refused), or after `checkBeforeResend` says so.
	 */
	idempotent?: boolean;
	/**
	 * For non-idempotent writes: asked after every ambiguous failure, also the last one that Max Retries allows, what
	 * DSCO has. `alreadyApplied` ends the request; `resend` sends it again, or a part of it (`{ resend }`: the body and
	 * items still missing at DSCO). With no retries left, a `resend` still ends with the failure.
	 */
	checkBeforeResend?: (context: ResendContext) => Promise<ResendDecision>;
	/** Statuses returned to the caller instead of raised (e.g. 404 for a lookup). */
	acceptStatuses?: number[];
	/** The shape DSCO documents for this endpoint's 2xx answer (see answers.ts); any other 2xx body is an error. */
	answer: AnswerShape;
	/**
	 * Aborted when the caller no longer wants the answer (a page read ahead that the caller stopped before): from then
	 * on the call is not sent, sent again or waited for, and it ends with CallAbandoned. A send already in flight runs
	 * to its answer (n8n gives its HTTP client the execution's own cancel signal, not this one).
	 */
	signal?: AbortSignal;
	/**
	 * Called once while a 2xx answer's body is arriving (its first KiB is in), before the rest is read and checked: the
	 * answer is then read as a stream (streamedAnswer.ts). A scroll asks for its next page at that moment. Never called
	 * for an answer shorter than that, or one of another status.
	 */
	onAnswerArriving?: () => void;
}

/** The error a call ends with when its caller aborted it (DscoRequest.signal) before it was sent (again). */
export class CallAbandoned extends NodeOperationError {}

/** What checkBeforeResend knows about the failure it is asked about. */
export interface ResendContext {
	/** The failure's HTTP status, or the network code (ETIMEDOUT, ECONNRESET, …) when there was no answer. */
	status?: number;
	code?: string;
	/** Whether Max Retries allows another send after this check. */
	retriesLeft: boolean;
}

export type ResendDecision =
	| 'resend'
	| 'alreadyApplied'
	| { resend: Pick<DscoRequest, 'body' | 'itemIndexes'> };

export interface DscoResponse<T = unknown> {
	status: number;
	body: T;
	/** Set when `checkBeforeResend` reported the write as already applied: no answer from DSCO to read. */
	alreadyApplied?: boolean;
}

interface Failure {
	status?: number;
	code?: string;
	retryAfterMs?: number;
	body?: unknown;
}

function networkCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let e = error as { code?: unknown; cause?: unknown } | undefined;
	while (e && typeof e === 'object' && !seen.has(e)) {
		seen.add(e);
		if (typeof e.code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(e.code)) return e.code;
		e = e.cause as typeof e;
	}
	return undefined;
}

function httpStatusOf(error: unknown): number | undefined {
	const e = error as {
		httpCode?: unknown;
		response?: { status?: unknown };
		cause?: { response?: { status?: unknown } };
	};
	const raw = e?.httpCode ?? e?.response?.status ?? e?.cause?.response?.status;
	const n = Number(raw);
	return Number.isInteger(n) && n >= 100 ? n : undefined;
}

/**
 * The one way this package talks to DSCO: authentication through n8n's credential machinery
 * (`httpRequestWithAuthentication`, the credential's preAuthentication, core's refresh-and-resend on 401),
 * pacing under the documented limits, bounded retries with backoff and Retry-After, and errors that carry
 * DSCO's messages and name the input items.
 */
export class DscoClient {
	/** Per endpoint: when DSCO started refusing this node's calls there with 429 (cleared by any other answer). */
	private readonly refusedSince = new Map<string, number>();
	/** Every secret this client has seen in the credential (a token replaced mid-run may still be echoed). */
	private readonly secrets = new Set<string>();
	private redactor = new Redactor([]);
	/** The last credential read and when it was made (see readCredential). */
	private lastRead: { data: ICredentialDataDecryptedObject; at: number } | undefined;

	private constructor(
		private readonly ctx: DscoContext,
		readonly baseUrl: string,
		private readonly account: string,
		private readonly settings: TransportSettings,
		credentials: ICredentialDataDecryptedObject,
	) {
		this.lastRead = { data: credentials, at: Date.now() };
	}

	static async create(
		ctx: DscoContext,
		settings: Partial<TransportSettings> = {},
	): Promise<DscoClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		let baseUrl: string;
		try {
			baseUrl = resolveBaseUrl(credentials.environment, credentials.baseUrl);
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				errorText(error, "The credential's DSCO base URL is not usable"),
			);
		}
		const credentialId = ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? 'default';
		return new DscoClient(
			ctx,
			baseUrl,
			`${baseUrl}#${credentialId}`,
			{ ...DEFAULT_TRANSPORT_SETTINGS, ...settings },
			credentials,
		);
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	/** The node's Max Retries (for messages about retries spent). */
	get maxRetries(): number {
		return this.settings.maxRetries;
	}

	/**
	 * Sends one request, pacing and retrying as described on the class. Throws NodeApiError on failure. What it
	 * returns and what it throws has the credential's secrets redacted (see redact.ts): callers may quote both.
	 */
	async request<T = unknown>(req: DscoRequest): Promise<DscoResponse<T>> {
		try {
			return await this.paced<T>(req);
		} catch (error) {
			throw this.redactor.error(error);
		}
	}

	private async paced<T>(request: DscoRequest): Promise<DscoResponse<T>> {
		let req = request;
		const idempotent = req.idempotent ?? req.method === 'GET';
		const endpoint = `${req.method} ${req.path}`;
		let retries = 0;
		let rateLimited = 0;
		let authRecoveries = 0;
		let rejectedToken: string | undefined;
		for (;;) {
			this.checkAbandoned(req);
			// The credential is read before the pacer lets the call through, so that a call waiting for another one's
			// token fetch does not hold a place in DSCO's window meanwhile.
			const auth = await this.credentialOptions(rejectedToken);
			let attempt: Awaited<ReturnType<DscoClient['attempt']>>;
			try {
				attempt = await this.attempt(req, auth);
			} catch (error) {
				if ((error as { httpStatus?: number }).httpStatus !== 401)
					throw asNodeError(this.node, error);
				// DSCO refused the token (401): nothing was processed. Another process may have fetched a new token and
				// DSCO revoked ours: adopt the token now stored in the credential, or fetch one when it is still ours.
				if (auth.authType === 'apiToken' || authRecoveries >= AUTH_RECOVERIES)
					throw this.credentialsRefused(req, auth.authType);
				authRecoveries++;
				rejectedToken = auth.token ?? (await this.storedToken());
				this.log(
					'debug',
					`DSCO ${endpoint} answered 401; reading the credential again (${authRecoveries}/${AUTH_RECOVERIES})${itemLabel(req.itemIndexes)}`,
				);
				continue;
			} finally {
				auth.fetched();
			}
			const { outcome, note } = attempt;
			if ('response' in outcome) {
				this.refusedSince.delete(endpoint);
				checkAnswer(this.node, req, req.answer, outcome.response.status, outcome.response.body);
				return outcome.response as DscoResponse<T>;
			}
			const failure = outcome.failure;

			let delay: number;
			if (failure.status === 429) {
				// "Not processed, later": retried while DSCO keeps answering, for up to Max Total Wait on Rate Limit.
				const now = Date.now();
				const since = this.refusedSince.get(endpoint) ?? now;
				this.refusedSince.set(endpoint, since);
				if (now - since >= this.settings.maxRateLimitWaitMs) {
					throw markRateLimitGiveUp(
						this.failureError(
							req,
							failure,
							`DSCO refused calls to ${endpoint} with 429 (rate limit) for ${Math.round((now - since) / 1000)} s without accepting one (node option "Max Total Wait on Rate Limit"). Nothing was processed for this item: it can be sent again.`,
						),
					);
				}
				this.logThrottle(req, note, rateLimited);
				// A paced endpoint's pacer already waits (lower rate, Retry-After); others back off here.
				delay =
					note?.ratePerSecond !== undefined
						? 0
						: Math.min(
								this.settings.maxRetryWaitMs,
								failure.retryAfterMs ??
									backoffDelayMs(
										rateLimited,
										this.settings.baseDelayMs,
										this.settings.maxRetryWaitMs,
									),
							);
				rateLimited++;
			} else {
				this.refusedSince.delete(endpoint);
				const safeToResend = idempotent || failureIsNotProcessed(failure);
				const retriesLeft = retries < this.settings.maxRetries;
				let checked = false;
				if (!safeToResend && req.checkBeforeResend) {
					// Asked even when no retry is left, so that a write DSCO did apply is reported as applied, not as failed.
					const decision = await req.checkBeforeResend({
						status: failure.status,
						code: failure.code,
						retriesLeft,
					});
					if (decision === 'alreadyApplied')
						return { status: 0, body: undefined as T, alreadyApplied: true };
					if (typeof decision === 'object') req = { ...req, ...decision.resend };
					checked = true;
				}
				if (!retriesLeft) {
					throw this.failureError(
						req,
						failure,
						`Gave up after ${retries} retries (node option "Max Retries").${checked ? ' Reading DSCO afterwards did not show it applied, so it was not sent again; it may still appear: check before running it again.' : ''}`,
					);
				}
				if (!safeToResend && !checked) {
					throw this.failureError(
						req,
						failure,
						'Not sent again: the request may have reached DSCO, and sending it twice could duplicate it.',
					);
				}
				delay = Math.min(
					this.settings.maxRetryWaitMs,
					failure.retryAfterMs ??
						backoffDelayMs(retries, this.settings.baseDelayMs, this.settings.maxRetryWaitMs),
				);
				this.log(
					'warn',
					`DSCO ${req.method} ${req.path} ${failure.status ? `answered ${failure.status}` : `failed (${failure.code})`}; retry ${retries + 1}/${this.settings.maxRetries} in ${delay} ms${failure.retryAfterMs !== undefined ? ' (Retry-After)' : ''}${itemLabel(req.itemIndexes)}`,
				);
				retries++;
			}
			await this.wait(delay, req);
		}
	}

	/** One call: waits for the pacer, sends, and tells the pacer how DSCO answered. */
	private async attempt(
		req: DscoRequest,
		credentials: Awaited<ReturnType<DscoClient['credentialOptions']>>,
	) {
		this.checkAbandoned(req);
		// The pacer counts the call from now until its answer, whenever n8n really sends it (see pacing.ts).
		const permit = await processPacing.acquire(this.account, req.method, req.path, (ms) =>
			this.wait(ms, req),
		);
		let answer: PacingAnswer = {};
		let note: ThrottleNote | undefined;
		let counted = false;
		// The answer's time is what DSCO's window counts from (see pacing.ts): taken as soon as DSCO's status is in (for
		// a streamed answer, before its body arrives), and before the body is redacted.
		const answered = (status: number | undefined, retryAfterMs: number | undefined) => {
			if (counted) return;
			counted = true;
			answer = {
				status,
				retryAfterMs:
					retryAfterMs === undefined
						? undefined
						: Math.min(this.settings.maxRetryWaitMs, retryAfterMs),
			};
			note = permit.release(answer);
		};
		try {
			// Abandoned while the pacer held it: not sent (the permit is released as a call without an answer).
			this.checkAbandoned(req);
			const outcome = await this.send(req, credentials, answered);
			answered(
				'response' in outcome ? outcome.response.status : outcome.failure.status,
				'failure' in outcome ? outcome.failure.retryAfterMs : undefined,
			);
			if ('response' in outcome && !outcome.clean)
				outcome.response.body = this.redactor.value(outcome.response.body);
			return { outcome, note };
		} finally {
			// A send that threw still ends the call for the pacer (no-op when released above).
			permit.release(answer);
		}
	}

	/** One warning when DSCO starts refusing calls to an endpoint (an episode), debug lines for the rest of it. */
	private logThrottle(req: DscoRequest, note: ThrottleNote | undefined, earlier429s: number) {
		const endpoint = `${req.method} ${req.path}`;
		const pace =
			note?.ratePerSecond !== undefined
				? `this n8n process now sends at most ${note.ratePerSecond.toFixed(2)} calls/s there (documented limit ${note.limitPerSecond}/s per DSCO account, shared by every process using it) and retries`
				: 'retrying with backoff';
		if (note?.newEpisode) {
			this.log(
				'warn',
				`DSCO rate limit (429) on ${endpoint}: ${pace}. Further 429s of this episode are logged at debug level${itemLabel(req.itemIndexes)}`,
			);
		} else {
			this.log(
				'debug',
				`DSCO 429 on ${endpoint} (${note?.episode429s ?? earlier429s + 1} in this episode): ${pace}${itemLabel(req.itemIndexes)}`,
			);
		}
	}

	private credentialsRefused(req: DscoRequest, authType: unknown) {
		return dscoApiError(this.node, {
			status: 401,
			method: req.method,
			path: req.path,
			body: undefined,
			itemIndexes: req.itemIndexes,
			message:
				authType === 'apiToken'
					? 'DSCO refused the API token (401): check the DSCO API credential (environment and API token)'
					: 'DSCO refused the credentials (401) even after fetching a new token: check the DSCO API credential (environment, client ID and secret, or API token)',
		});
	}

	private async storedToken(): Promise<string | undefined> {
		const data = await this.readCredential(true);
		return typeof data.accessToken === 'string' && data.accessToken ? data.accessToken : undefined;
	}

	/**
	 * One HTTP call through n8n. `answered` is told DSCO's status as soon as it is in: for a streamed answer
	 * (`onAnswerArriving`) before the body arrives. `clean`: the body's text holds no secret, so it needs no redaction.
	 */
	private async send(
		req: DscoRequest,
		credentials: Awaited<ReturnType<DscoClient['credentialOptions']>>,
		answered: (status: number, retryAfterMs: number | undefined) => void,
	): Promise<{ response: DscoResponse; clean?: boolean } | { failure: Failure }> {
		const url = `${this.baseUrl}${req.path}`;
		const options: IHttpRequestOptions = {
			method: req.method,
			url,
			qs: req.qs,
			arrayFormat: 'repeat',
			json: true,
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			// A 401 comes back as an answer: request() decides whether to adopt a token another process stored or to
			// fetch one. (n8n's own refresh-on-401 would fetch every time, and with DSCO revoking older tokens two
			// processes would keep revoking each other's.)
			ignoreHttpStatusErrors: true,
			// n8n's HTTP client would send the Authorization header on to wherever a Location points (any origin, or
			// plain http): a 3xx comes back as an answer and is an error below.
			disableFollowRedirect: true,
			timeout: this.settings.timeoutMs,
		};
		if (req.onAnswerArriving) options.encoding = 'stream';
		if (req.body !== undefined) options.body = req.body as IHttpRequestOptions['body'];
		// A Buffer is a JSON body serialised once already (batching.ts batchBody): sent as it is.
		if (Buffer.isBuffer(req.body))
			options.headers = { ...options.headers, 'Content-Type': 'application/json' };

		let raw: { statusCode: number; body: unknown; headers?: IDataObject };
		let clean = false;
		try {
			raw = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				options,
				credentials.options,
			)) as typeof raw;
			if (isBodyStream(raw.body)) {
				const status = Number(raw.statusCode);
				answered(status, parseRetryAfterMs(raw.headers?.['retry-after']));
				const text = await this.readStreamed(
					raw.body,
					status >= 200 && status < 300 ? req.onAnswerArriving : undefined,
				);
				raw.body = text.body;
				clean = text.clean;
			}
		} catch (error) {
			// n8n refreshed the token into `credentials.data` (preAuthentication) before failing: redact that one too.
			this.learnSecrets(credentials.data);
			const code = networkCode(error);
			if (code && (RETRYABLE_NETWORK_CODES as readonly string[]).includes(code))
				return { failure: { code } };
			const status = httpStatusOf(error);
			if (status === 401) {
				throw dscoApiError(this.node, {
					status,
					method: req.method,
					path: req.path,
					body: undefined,
					itemIndexes: req.itemIndexes,
					message:
						'DSCO refused the credentials (401) even after fetching a new token: check the DSCO API credential (environment, client ID and secret, or API token)',
				});
			}
			if (error instanceof NodeApiError || error instanceof NodeOperationError) {
				// Already an n8n error without request details (e.g. the credential could not get a token).
				throw new NodeOperationError(this.node, `${error.message}${itemLabel(req.itemIndexes)}`, {
					description: error.description ?? undefined,
					itemIndex: typeof req.itemIndexes === 'number' ? req.itemIndexes : undefined,
				});
			}
			throw new NodeOperationError(
				this.node,
				`${errorText(error, `${req.method} ${req.path} to DSCO failed without an answer`)}${itemLabel(req.itemIndexes)}`,
			);
		}

		// The token n8n used may be one it fetched during this call; DSCO's answer is redacted with it.
		this.learnSecrets(credentials.data);
		const status = Number(raw.statusCode);
		if (status >= 300 && status < 400) {
			throw dscoRedirectError(this.node, {
				status,
				method: req.method,
				path: req.path,
				location: raw.headers?.location,
				requestUrl: url,
				itemIndexes: req.itemIndexes,
			});
		}
		// Redacted by attempt() once the pacer has the answer's time (a page of 1,000 orders takes a while to walk).
		if ((status >= 200 && status < 300) || req.acceptStatuses?.includes(status))
			return { response: { status, body: raw.body }, clean };
		const body = this.redactor.value(raw.body);
		if ((RETRYABLE_STATUSES as readonly number[]).includes(status)) {
			return {
				failure: { status, retryAfterMs: parseRetryAfterMs(raw.headers?.['retry-after']), body },
			};
		}
		throw dscoApiError(this.node, {
			status,
			method: req.method,
			path: req.path,
			body,
			itemIndexes: req.itemIndexes,
		});
	}

	/**
	 * A streamed answer's body, decoded as n8n decodes a JSON answer (streamedAnswer.ts). `clean` when its text holds
	 * no secret and no JSON escape (which could spell one differently): then no value parsed from it holds one, and the
	 * walk through every value (a page of 1,000 orders) is skipped.
	 */
	private async readStreamed(stream: Parameters<typeof readBody>[0], onArriving?: () => void) {
		const read = await readBody(stream, {
			idleTimeoutMs: this.settings.timeoutMs,
			now: () => Date.now(),
			sleep,
			onArriving,
		});
		const { body, text } = decodeJsonBody(read);
		const clean = !text.includes('\\') && this.redactor.text(text) === text;
		return { body, clean };
	}

	/**
	 * Reads the stored credential, handed to n8n with each request. A usable token is sent as stored. No token, one about
	 * to expire, one obtained with other credential values (tokenFingerprint), or the one DSCO just refused
	 * (`rejectedToken`): the token is blanked, so that the credential's preAuthentication fetches a new one and n8n
	 * stores it — by one call of this process at a time; the others wait for it and use the token it stored.
	 * `fetched` must be called once the call has its answer. n8n writes a token it fetches into this same object,
	 * which is how the redaction learns it.
	 */
	private async credentialOptions(rejectedToken?: string) {
		const none = () => {};
		// After a 401 the credential is read again: another process may have stored a new token.
		let fresh = rejectedToken !== undefined;
		for (;;) {
			const data: ICredentialDataDecryptedObject = { ...(await this.readCredential(fresh)) };
			this.learnSecrets(data);
			const authType = data.authType;
			const token = typeof data.accessToken === 'string' ? data.accessToken : '';
			const expiresAt = Number(data.accessTokenExpiresAt) || 0;
			const usable =
				token !== '' &&
				token !== rejectedToken &&
				(!expiresAt || Date.now() < expiresAt - TOKEN_REFRESH_MARGIN_MS) &&
				usableAccessToken(data);
			let fetched = none;
			if (authType !== 'apiToken' && !usable) {
				const inProgress = tokenFetchInProgress(this.account);
				if (inProgress) {
					await inProgress;
					fresh = true;
					continue;
				}
				const fetchDone = startTokenFetch(this.account);
				// The token this call fetches is stored in the credential: the next call reads it from there.
				fetched = () => {
					this.lastRead = undefined;
					fetchDone();
				};
				data.accessToken = '';
			}
			this.watchTokenWrites(data);
			const ref = this.node.credentials?.[CREDENTIAL_TYPE];
			return {
				data,
				options: {
					credentialsDecrypted: {
						id: ref?.id ?? '',
						name: ref?.name ?? '',
						type: CREDENTIAL_TYPE,
						data,
					},
				},
				authType,
				token: authType !== 'apiToken' && usable ? token : undefined,
				fetched,
			};
		}
	}

	/**
	 * The credential as n8n stores it: a read younger than CREDENTIAL_REUSE_MS is reused unless `fresh` (after a 401,
	 * after waiting for another call's token fetch); none is reused after this client fetched a token. Callers copy it
	 * before changing it.
	 */
	private async readCredential(fresh = false): Promise<ICredentialDataDecryptedObject> {
		const now = Date.now();
		const last = this.lastRead;
		if (!fresh && last && now >= last.at && now - last.at < CREDENTIAL_REUSE_MS) return last.data;
		const data = await this.ctx.getCredentials(CREDENTIAL_TYPE);
		this.lastRead = { data, at: now };
		return data;
	}

	/**
	 * n8n assigns the token it fetches (preAuthentication) into the credential object it was handed: learn each one as
	 * it is assigned, so that DSCO echoing it is redacted too.
	 */
	private watchTokenWrites(data: ICredentialDataDecryptedObject) {
		let accessToken = data.accessToken;
		Object.defineProperty(data, 'accessToken', {
			enumerable: true,
			configurable: true,
			get: () => accessToken,
			set: (value: unknown) => {
				accessToken = value as typeof accessToken;
				this.learnSecrets({ accessToken });
			},
		});
	}

	private learnSecrets(data: ICredentialDataDecryptedObject | undefined) {
		let added = false;
		for (const field of SECRET_FIELDS) {
			const value = data?.[field];
			if (typeof value === 'string' && value !== '' && !this.secrets.has(value)) {
				this.secrets.add(value);
				added = true;
			}
		}
		if (added) this.redactor = new Redactor(this.secrets);
	}

	/** A log line, redacted like everything else that leaves the transport. */
	private log(level: 'warn' | 'debug', line: string) {
		this.ctx.logger[level](this.redactor.text(line));
	}

	private failureError(req: DscoRequest, failure: Failure, note: string) {
		if (failure.status !== undefined) {
			return dscoApiError(this.node, {
				status: failure.status,
				method: req.method,
				path: req.path,
				body: failure.body,
				itemIndexes: req.itemIndexes,
				note,
			});
		}
		const message = `Could not reach DSCO (${failure.code}) for ${req.method} ${req.path}${itemLabel(req.itemIndexes)}`;
		return keepMessage(
			new NodeApiError(this.node, { code: failure.code ?? 'network' } as JsonObject, {
				message,
				description: note,
				itemIndex: typeof req.itemIndexes === 'number' ? req.itemIndexes : undefined,
			}),
			message,
		);
	}

	/**
	 * PUTs a body to a presigned upload URL that DSCO handed out (the `dataUrl` of `/inventory/batch/large`). The URL
	 * carries its own signature, so this call is NOT authenticated: it goes through n8n's plain `httpRequest`, and the
	 * DSCO token never reaches the upload host. Only an absolute https URL is accepted (http on loopback, for local
	 * stand-ins), checked before a byte is read or sent. The body may be a stream (sent chunked as it is read);
	 * redirects are not followed, because following them would make the HTTP client keep the whole body in memory to
	 * replay it. Not retried: a stream cannot be sent twice, and DSCO accepts one upload per dataUrl.
	 */
	async upload(
		url: unknown,
		body: unknown,
		options: {
			itemIndexes?: readonly number[] | number;
			contentType?: string;
			contentLength?: number;
		} = {},
	) {
		const target = DscoClient.checkUploadUrl(url);
		if (!target.ok) {
			const message = `DSCO handed out an upload URL that is not an absolute https address (${target.reason}); nothing was uploaded${itemLabel(options.itemIndexes)}`;
			throw keepMessage(
				new NodeApiError(this.node, { code: 'dataUrl' } as JsonObject, {
					message,
					description:
						'The file is uploaded only to an https address (or http on a loopback address, for a local stand-in). Try again; if it repeats, tell DSCO support.',
					itemIndex: typeof options.itemIndexes === 'number' ? options.itemIndexes : undefined,
				}),
				message,
			);
		}
		const path = `PUT ${target.url.origin} (DSCO upload URL)`;
		let raw: { statusCode: number; body: unknown; headers?: IDataObject };
		try {
			raw = (await this.ctx.helpers.httpRequest({
				method: 'PUT',
				url: target.url.href,
				body: body as IHttpRequestOptions['body'],
				headers: {
					...(options.contentType ? { 'Content-Type': options.contentType } : {}),
					// A streamed body would otherwise go out chunked, which a pre-signed object-store PUT (S3) refuses (411).
					...(options.contentLength !== undefined
						? { 'Content-Length': String(options.contentLength) }
						: {}),
				},
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: this.settings.timeoutMs,
			})) as typeof raw;
		} catch (error) {
			const code = networkCode(error);
			const message = `The upload to DSCO's data URL failed${code ? ` (${code})` : ''}${itemLabel(options.itemIndexes)}`;
			const failed = new NodeApiError(this.node, { code: code ?? 'upload' } as JsonObject, {
				message,
				// The URL's path and query carry DSCO's signature: only its origin is named.
				description: `${path}: ${errorText(error, 'no answer').split(target.url.href).join(`${target.url.origin}/…`)}`,
				itemIndex: typeof options.itemIndexes === 'number' ? options.itemIndexes : undefined,
			});
			throw this.redactor.error(keepMessage(failed, message));
		}
		const status = Number(raw.statusCode);
		if (status < 200 || status >= 300) {
			throw this.redactor.error(
				dscoApiError(this.node, {
					status,
					method: 'PUT',
					path: `${target.url.origin} (DSCO upload URL)`,
					body: this.redactor.value(raw.body),
					itemIndexes: options.itemIndexes,
					message:
						status >= 300 && status < 400
							? `DSCO's data URL answered the upload with a ${redirectText(status, raw.headers?.location, target.url.href)}`
							: `DSCO's data URL refused the upload (HTTP ${status})`,
				}),
			);
		}
		return { status };
	}

	/** An upload URL from DSCO is used only when it is an absolute https URL (http on loopback): see fileUrls.ts. */
	static checkUploadUrl(url: unknown): { ok: true; url: URL } | { ok: false; reason: string } {
		const problem = fileUrlProblem(url);
		return problem === undefined
			? { ok: true, url: new URL(url as string) }
			: { ok: false, reason: problem };
	}

	/**
	 * GETs a file DSCO handed out by URL (a label's `labelUrl`, a packing slip's `url`; see fileUrls.ts). The URL is
	 * pre-signed, so, as with upload, the call is NOT authenticated: n8n's plain `httpRequest`, and the DSCO token never
	 * reaches the file host. Only https is accepted (http only on loopback), and a redirect is not followed: it could
	 * lead anywhere. A timeout, dropped connection, 408, 429 or 5xx is retried with backoff within Max Retries and while
	 * the URL is still valid (until the expiry its query gives, when it gives one); 403, 404 and 410 mean the URL expired
	 * or never was valid. The body must be a `kind` file. `what` names the file in messages ("the label file").
	 */
	async download(
		url: string,
		kind: FileKind,
		options: { what: string; itemIndexes?: readonly number[] | number },
	): Promise<Buffer> {
		const where = itemLabel(options.itemIndexes);
		const itemIndex = typeof options.itemIndexes === 'number' ? options.itemIndexes : undefined;
		const refused = fileUrlProblem(url);
		if (refused) {
			throw new NodeOperationError(
				this.node,
				`DSCO's URL for ${options.what} was not fetched: ${refused}${where}`,
				{
					itemIndex,
					description: `URL: ${typeof url === 'string' ? describeFileUrl(url) : String(url)}. Files DSCO hands out are fetched without the DSCO token and only over https.`,
				},
			);
		}
		const at = describeFileUrl(url);
		const expiresAt = fileUrlExpiresAt(url);
		// keepMessage: n8n would swap a message naming a network code for its own sentence; redacted like every error.
		const fail = (status: number | undefined, message: string, note?: string) =>
			this.redactor.error(
				keepMessage(
					new NodeApiError(
						this.node,
						{ httpCode: status === undefined ? null : String(status) } as JsonObject,
						{
							message: `${message}${where}`,
							description: [`GET ${at}${status === undefined ? '' : ` → HTTP ${status}`}`, note]
								.filter(Boolean)
								.join('\n'),
							httpCode: status === undefined ? undefined : String(status),
							itemIndex,
						},
					),
					`${message}${where}`,
				),
			);
		for (let retries = 0; ; retries++) {
			let raw: { statusCode: number; body: unknown; headers?: IDataObject } | undefined;
			// A retryable failure: an HTTP status, or the network code of a call that got no answer.
			let failure: { status?: number; code?: string; retryAfterMs?: number } = {};
			try {
				raw = (await this.ctx.helpers.httpRequest({
					method: 'GET',
					url,
					encoding: 'arraybuffer',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					timeout: this.settings.timeoutMs,
				})) as { statusCode: number; body: unknown; headers?: IDataObject };
			} catch (error) {
				const code = networkCode(error);
				if (!code || !(RETRYABLE_NETWORK_CODES as readonly string[]).includes(code)) {
					throw fail(
						undefined,
						`Could not fetch ${options.what} from DSCO's URL${code ? ` (${code})` : ''}`,
						(error as Error).message,
					);
				}
				failure = { code };
			}
			if (raw) {
				const status = raw.statusCode;
				if (status >= 200 && status < 300) {
					const body = asBuffer(raw.body);
					if (body.length === 0)
						throw fail(status, `DSCO's URL for ${options.what} answered an empty body`);
					if (!kind.matches(body)) {
						throw fail(
							status,
							`DSCO's URL for ${options.what} did not answer a ${kind.name} file: the body starts with "${bodyStart(body)}"`,
							`${body.length} bytes; nothing was kept.`,
						);
					}
					return body;
				}
				if (status >= 300 && status < 400) {
					const location = describeFileUrl(String(raw.headers?.location ?? ''));
					throw fail(
						status,
						`DSCO's URL for ${options.what} answered a redirect (HTTP ${status}), which is not followed`,
						`Redirect to: ${location}. A file DSCO hands out is fetched only from the URL DSCO gave.`,
					);
				}
				if (status === 403 || status === 404 || status === 410) {
					throw fail(
						status,
						`DSCO's URL for ${options.what} has expired or is not valid (HTTP ${status})`,
						'The URLs DSCO hands out for files are temporary: fetch the file soon after DSCO answers.',
					);
				}
				if (!(RETRYABLE_STATUSES as readonly number[]).includes(status))
					throw fail(status, `DSCO's URL for ${options.what} answered HTTP ${status}`);
				failure = { status, retryAfterMs: parseRetryAfterMs(raw.headers?.['retry-after']) };
			}
			const what = failure.status ? `answered ${failure.status}` : `failed (${failure.code})`;
			if (retries >= this.settings.maxRetries) {
				throw fail(
					failure.status,
					`DSCO's URL for ${options.what} ${what}`,
					`Gave up after ${retries} retries (node option "Max Retries").`,
				);
			}
			const delay = Math.min(
				this.settings.maxRetryWaitMs,
				failure.retryAfterMs ??
					backoffDelayMs(retries, this.settings.baseDelayMs, this.settings.maxRetryWaitMs),
			);
			if (expiresAt !== undefined && Date.now() + delay >= expiresAt) {
				throw fail(
					failure.status,
					`DSCO's URL for ${options.what} ${what}`,
					`Not tried again: the URL expires at ${new Date(expiresAt).toISOString()}, before another try.`,
				);
			}
			this.log(
				'warn',
				`DSCO file URL (${options.what}) ${what}; retry ${retries + 1}/${this.settings.maxRetries} in ${delay} ms${where}`,
			);
			await this.wait(delay);
		}
	}

	/** Sleeps, unless the execution was cancelled; a wait for a call (`req`) ends as soon as its caller abandons it. */
	async wait(ms: number, req?: DscoRequest) {
		if (req) this.checkAbandoned(req);
		if (ms <= 0) return;
		if (this.cancelled) throw new NodeOperationError(this.node, 'Execution was cancelled');
		const signal = req?.signal;
		if (!signal) return await sleep(ms);
		await new Promise<void>((resolve, reject) => {
			const abandoned = () => reject(this.abandoned(req));
			signal.addEventListener('abort', abandoned, { once: true });
			void sleep(ms).then(() => {
				signal.removeEventListener('abort', abandoned);
				resolve();
			});
		});
	}

	private checkAbandoned(req: DscoRequest) {
		if (req.signal?.aborted) throw this.abandoned(req);
	}

	private abandoned(req: DscoRequest) {
		return new CallAbandoned(
			this.node,
			`${req.method} ${req.path} was not sent: its caller no longer wanted the answer${itemLabel(req.itemIndexes)}`,
		);
	}

	/** Whether n8n cancelled the execution. */
	get cancelled(): boolean {
		const signal =
			'getExecutionCancelSignal' in this.ctx ? this.ctx.getExecutionCancelSignal?.() : undefined;
		return signal?.aborted === true;
	}
}

/** A downloaded body as bytes (n8n answers Buffers for `encoding: arraybuffer`; other forms are converted). */
function asBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}
