import { NodeOperationError } from 'n8n-workflow';
import type { IPollFunctions } from 'n8n-workflow';

import { parseDate } from '../helpers/dates';
import { quote } from '../helpers/items';
import { parseRequestOptions } from '../helpers/requestOptions';
import { parseDecimal, wholeNumberProblem } from '../helpers/validation';
import type { TransportSettings } from '../transport/client';
import {
	DATE_WINDOW_EVENTS,
	LINE_CHANGE_STATUSES,
	ORDER_TYPES,
	TRIGGER_EVENTS,
	type EventFilter,
	type TriggerEventType,
} from './events';

export type TriggerMode = 'stream' | 'dateWindow';

export const DEFAULT_MAX_EVENTS_PER_POLL = 100;
export const MAX_EVENTS_PER_POLL_LIMIT = 10_000;
export const DEFAULT_OVERLAP_MINUTES = 10;
/** Host budget when it does not say (n8n < 2.36 has no getPollBudgetMs): n8n's own default. */
export const DEFAULT_POLL_BUDGET_MS = 5 * 60 * 1000;

export interface TriggerSettings extends EventFilter {
	mode: TriggerMode;
	maxEventsPerPoll: number;
	/** Backfill: deliver events since this time on the first activation (epoch ms). */
	startDate?: number;
	overlapMs: number;
	transport: Partial<TransportSettings>;
}

/** A NodeOperationError for a bad trigger parameter: names the field and says what is allowed. */
export function invalidParameter(
	ctx: IPollFunctions,
	field: string,
	problem: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field}": ${problem}`, {
		description: `Fix the "${field}" parameter of the trigger; nothing was sent to DSCO.`,
	});
}

interface Options {
	orderTypes?: string[];
	includeTestOrders?: boolean;
	simplify?: boolean;
	maxEventsPerPoll?: unknown;
	startDate?: unknown;
	overlapMinutes?: unknown;
	lineChangeStatuses?: string[];
}

function wholeNumber(
	ctx: IPollFunctions,
	field: string,
	value: unknown,
	min: number,
	max: number,
): number {
	const n = parseDecimal(value);
	const problem = wholeNumberProblem(value, n, min, max);
	if (problem) throw invalidParameter(ctx, field, problem);
	return n as number;
}

function subset(
	ctx: IPollFunctions,
	field: string,
	value: unknown,
	allowed: readonly string[],
): string[] {
	const list = Array.isArray(value) ? value.map(String) : [];
	if (list.length === 0)
		throw invalidParameter(ctx, field, `choose at least one of ${allowed.join(', ')}`);
	for (const v of list) {
		if (!allowed.includes(v))
			throw invalidParameter(ctx, field, `${quote(v)} is not one of ${allowed.join(', ')}`);
	}
	return [...new Set(list)];
}

/** Reads and checks the trigger's parameters before anything is sent. */
export function readTriggerSettings(ctx: IPollFunctions): TriggerSettings {
	const event = ctx.getNodeParameter('event', 'newOrder') as TriggerEventType;
	if (!TRIGGER_EVENTS.includes(event))
		throw invalidParameter(
			ctx,
			'Event',
			`${quote(event)} is not one of ${TRIGGER_EVENTS.join(', ')}`,
		);
	// Only events with a date-window search show "mode"; the others read a stream.
	const rawMode = DATE_WINDOW_EVENTS.includes(event)
		? ctx.getNodeParameter('mode', 'stream')
		: 'stream';
	if (rawMode !== 'stream' && rawMode !== 'dateWindow')
		throw invalidParameter(ctx, 'Mode', `${quote(rawMode)} is not one of stream, dateWindow`);
	const options = ctx.getNodeParameter('options', {}) as Options;
	const orderTypes = subset(ctx, 'Order Types', options.orderTypes ?? ['dropship'], ORDER_TYPES);
	const lineChangeStatuses = subset(
		ctx,
		'Line Changes',
		options.lineChangeStatuses ?? [...LINE_CHANGE_STATUSES],
		LINE_CHANGE_STATUSES,
	);
	const maxEventsPerPoll = wholeNumber(
		ctx,
		'Max Events Per Poll',
		options.maxEventsPerPoll ?? DEFAULT_MAX_EVENTS_PER_POLL,
		1,
		MAX_EVENTS_PER_POLL_LIMIT,
	);
	const overlapMinutes = wholeNumber(
		ctx,
		'Overlap (Minutes)',
		options.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES,
		1,
		1440,
	);
	let startDate: number | undefined;
	if (options.startDate !== undefined && options.startDate !== '' && options.startDate !== null) {
		const reading = parseDate(options.startDate, ctx.getTimezone());
		if (reading.problem !== undefined) throw invalidParameter(ctx, 'Start Date', reading.problem);
		startDate = reading.ms;
		if (startDate > Date.now())
			throw invalidParameter(
				ctx,
				'Start Date',
				`${new Date(startDate).toISOString()} is in the future`,
			);
	}
	const transport: Partial<TransportSettings> = parseRequestOptions(
		ctx.getNodeParameter('requestOptions', {}),
		(field, problem) =>
			invalidParameter(
				ctx,
				field === 'Request Options' ? field : `Request Options › ${field}`,
				problem,
			),
	);
	return {
		event,
		mode: rawMode,
		orderTypes,
		includeTestOrders: options.includeTestOrders === true,
		lineChangeStatuses,
		simplify: options.simplify === true,
		maxEventsPerPoll,
		startDate,
		overlapMs: overlapMinutes * 60_000,
		transport,
	};
}

/** How long this poll may take: the host's budget where it has one (n8n 2.36+), else n8n's default. */
export function pollBudgetMs(ctx: IPollFunctions): number {
	const fn = (ctx as Partial<IPollFunctions>).getPollBudgetMs;
	if (typeof fn !== 'function') return DEFAULT_POLL_BUDGET_MS;
	const budget = fn.call(ctx);
	return Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_POLL_BUDGET_MS;
}
