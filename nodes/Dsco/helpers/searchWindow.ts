import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_UNTIL_LAG_MS, MIN_UNTIL_LAG_MS, toDscoDate } from './dates';
import { invalidInput, quote } from './items';
import { readEpochMs } from './validation';

/** A created-since or updated-since window of a DSCO search (`/order/page`, `/return/page`), in ms since epoch. */
export interface SearchWindow {
	window: 'created' | 'updated';
	since: number;
	until: number;
}

/**
 * The Window, Since and Until (an optional filter) of one item, checked before anything is sent: Since before Until,
 * Until at least 5 seconds in the past (DSCO's rule for order searches, kept for returns too: DSCO's reads lag), and
 * now minus 10 seconds when Until is empty.
 */
export function readSearchWindow(
	ctx: IExecuteFunctions,
	itemIndex: number,
	now: number,
	rawUntil: unknown,
): SearchWindow {
	const window = ctx.getNodeParameter('window', itemIndex) as string;
	if (window !== 'created' && window !== 'updated') {
		throw invalidInput(ctx, itemIndex, 'Window', `${quote(window)} is not one of created, updated`);
	}
	const since = readEpochMs(ctx, itemIndex, 'Since', ctx.getNodeParameter('since', itemIndex, ''));
	let until = now - DEFAULT_UNTIL_LAG_MS;
	if (rawUntil !== undefined && rawUntil !== '') {
		const given = readEpochMs(ctx, itemIndex, 'Until', rawUntil);
		if (given > now - MIN_UNTIL_LAG_MS) {
			throw invalidInput(
				ctx,
				itemIndex,
				'Until',
				`${toDscoDate(given)} is ${given > now ? 'in the future' : 'less than 5 seconds in the past'}; DSCO requires at least 5 seconds in the past (leave it empty for now minus 10 seconds)`,
			);
		}
		until = given;
	}
	if (since >= until) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Since',
			`${toDscoDate(since)} is not before the window's end ${toDscoDate(until)}`,
		);
	}
	return { window, since, until };
}
