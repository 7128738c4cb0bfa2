import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, quote } from '../helpers/items';
import { readQuantity } from '../helpers/validation';

/** Default for "Wait Timeout": how long to wait for DSCO's change log after an async write. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;
export const MAX_WAIT_TIMEOUT_SECONDS = 3600;

/**
 * The "Options" collection of an async write: Wait for Result (default on) and its timeout, plus the operation's
 * own options.
 */
export function asyncWriteOptions(extra: INodeProperties[] = []): INodeProperties {
	const own: INodeProperties[] = [
		{
			displayName: 'Wait for Result',
			name: 'waitForResult',
			type: 'boolean',
			default: true,
			description:
				"Whether to wait until DSCO has processed the write and output each item's own result from DSCO's change log. DSCO accepts batch writes at once and can fail items later, silently.",
		},
		{
			displayName: 'Wait Timeout (Seconds)',
			name: 'waitTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_WAIT_TIMEOUT_SECONDS },
			default: 300,
			description:
				'How long to wait for the result; an item still unprocessed then is reported with its requestId. Also how long DSCO is given to show a batch whose answer was lost (5xx, timeout) before it is sent again.',
		},
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...extra, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export interface AsyncWriteOptions {
	waitForResult: boolean;
	waitTimeoutMs: number;
}

/** Wait for Result and its timeout, checked before anything is sent (they apply to the whole run, read for item 0). */
export function readAsyncWriteOptions(ctx: IExecuteFunctions): AsyncWriteOptions {
	const o = ctx.getNodeParameter('options', 0, {}) as {
		waitForResult?: unknown;
		waitTimeoutSeconds?: unknown;
	};
	if (o.waitForResult !== undefined && typeof o.waitForResult !== 'boolean') {
		throw invalidInput(ctx, 0, 'Wait for Result', `${quote(o.waitForResult)} is not true or false`);
	}
	const seconds =
		o.waitTimeoutSeconds === undefined
			? DEFAULT_WAIT_TIMEOUT_SECONDS
			: readQuantity(ctx, 0, 'Wait Timeout (Seconds)', o.waitTimeoutSeconds, {
					min: 1,
					max: MAX_WAIT_TIMEOUT_SECONDS,
				});
	return { waitForResult: o.waitForResult ?? true, waitTimeoutMs: seconds * 1000 };
}
