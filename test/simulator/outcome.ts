/** Result of applying one write (one order, one item, one invoice): what the change log or a 400 reports. */
import type { Message } from './types';

export type Outcome =
	/** `logPayload`: what the change log shows instead of the submitted object (returns: the Return after the change). */
	| { status: 'success'; messages?: Message[]; logPayload?: unknown }
	| { status: 'failure'; messages: Message[] }
	| { status: 'skipped' };

export const OK: Outcome = { status: 'success' };
export const SKIPPED: Outcome = { status: 'skipped' };

export function error(code: string, description: string): Message {
	return { code, severity: 'error', description };
}

/** The input is wrong (missing or inconsistent values). */
export function invalid(description: string): Outcome {
	return { status: 'failure', messages: [error('VALIDATION_FAILED', description)] };
}

/** The input refers to an order, line or item that does not exist. */
export function notFound(description: string): Outcome {
	return { status: 'failure', messages: [error('NOT_FOUND', description)] };
}

export function failure(messages: Message[]): Outcome {
	return { status: 'failure', messages };
}
