/** Fault injection: random 429 / 5xx / dropped connections, latency, and deterministic failNextRequests. */
import { STATUS_CODES } from 'node:http';
import { Rng } from './random';
import type { FailRule, Faults } from './types';

export type FaultDecision =
	| { kind: 'drop'; afterProcessing: boolean; holdMs?: number }
	| {
			kind: 'status';
			status: number;
			retryAfter?: number;
			afterProcessing: boolean;
			holdMs?: number;
	  };

const SERVER_ERRORS = [500, 502, 503, 504] as const;

/** API-gateway style bodies (production documents none for these statuses). */
const GATEWAY_MESSAGES: Record<number, string> = {
	429: 'Too Many Requests',
	500: 'Internal server error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Endpoint request timed out',
};

export function gatewayBody(status: number): { message: string } {
	return { message: GATEWAY_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error' };
}

export const NO_FAULTS: Faults = {
	rate429: 0,
	rate5xx: 0,
	latencyMs: 0,
	dropRate: 0,
	failNextRequests: [],
};

export class FaultInjector {
	private faults: Faults = { ...NO_FAULTS, failNextRequests: [] };

	constructor(
		private readonly rng: Rng,
		initial: Partial<Faults> = {},
	) {
		this.set(initial);
	}

	/** Merges: fields given replace the current ones (failNextRequests is replaced as a whole). */
	set(update: Partial<Faults>): Faults {
		for (const key of ['rate429', 'rate5xx', 'dropRate'] as const) {
			const value = update[key];
			if (value !== undefined && !(value >= 0 && value <= 1))
				throw new Error(`${key} must be between 0 and 1`);
		}
		if (update.latencyMs !== undefined && !(update.latencyMs >= 0))
			throw new Error('latencyMs must be >= 0');
		const rules = update.failNextRequests?.map((rule) => validateRule(rule));
		this.faults = {
			...this.faults,
			...update,
			failNextRequests: rules ?? this.faults.failNextRequests,
		};
		return this.current();
	}

	current(): Faults {
		return {
			...this.faults,
			failNextRequests: (this.faults.failNextRequests ?? []).map((r) => ({ ...r })),
		};
	}

	get latencyMs(): number {
		return this.faults.latencyMs;
	}

	/** The fault for a request to `path` (without /api/v3), if any; consumes a failNextRequests rule. */
	decide(path: string): FaultDecision | undefined {
		const rules = this.faults.failNextRequests ?? [];
		const index = rules.findIndex((r) => r.count > 0 && (r.path === undefined || r.path === path));
		if (index >= 0 && (rules[index].skip ?? 0) > 0) {
			// This request is let through (and counted) before the rule fails the ones after it.
			rules[index].skip = (rules[index].skip ?? 0) - 1;
		} else if (index >= 0) {
			const rule = rules[index];
			rule.count -= 1;
			if (rule.count <= 0) rules.splice(index, 1);
			const afterProcessing = rule.afterProcessing === true;
			const holdMs = rule.holdMs;
			if (rule.status === 0) return { kind: 'drop', afterProcessing, holdMs };
			return {
				kind: 'status',
				status: rule.status,
				retryAfter: rule.retryAfter,
				afterProcessing,
				holdMs,
			};
		}
		if (this.rng.chance(this.faults.dropRate)) return { kind: 'drop', afterProcessing: false };
		if (this.rng.chance(this.faults.rate429)) {
			return {
				kind: 'status',
				status: 429,
				retryAfter: this.rng.chance(0.5) ? 1 : undefined,
				afterProcessing: false,
			};
		}
		if (this.rng.chance(this.faults.rate5xx)) {
			return { kind: 'status', status: this.rng.pick(SERVER_ERRORS), afterProcessing: false };
		}
		return undefined;
	}
}

function validateRule(rule: FailRule): FailRule {
	if (
		!Number.isInteger(rule.status) ||
		(rule.status !== 0 && (rule.status < 100 || rule.status > 599))
	) {
		throw new Error(
			`failNextRequests status must be 0 (drop) or an HTTP status, got ${rule.status}`,
		);
	}
	if (!Number.isInteger(rule.count) || rule.count < 1)
		throw new Error('failNextRequests count must be >= 1');
	if (rule.skip !== undefined && !(Number.isInteger(rule.skip) && rule.skip >= 0))
		throw new Error('failNextRequests skip must be an integer >= 0');
	if (rule.holdMs !== undefined && !(rule.holdMs >= 0))
		throw new Error('failNextRequests holdMs must be >= 0');
	return { ...rule };
}
