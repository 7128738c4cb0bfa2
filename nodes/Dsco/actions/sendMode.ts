import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, quote } from '../helpers/items';
import { LISTS_VERSION, version1Then } from '../helpers/locators';

/**
 * How a write that DSCO offers both ways goes out: `sync`, one call per item that DSCO answers at once with its
 * verdict, or `batch`, as few async calls as DSCO's size limit allows, each item's result read from DSCO's change
 * log (Wait for Result). Every such write has one "Send Mode" parameter with these two values from node version 2
 * on; version 1 nodes (saved workflows) keep the name and values they were saved with (`mode: singleShipment|batch`,
 * `mode: sync|batch`, `sendMode: single|batch`), read through the same function.
 */
export type SendMode = 'sync' | 'batch';

export interface SendModeSpec {
	/** The parameter as version 1 had it. */
	v1: { name: 'mode' | 'sendMode'; displayName: string; sync: string };
	default: SendMode;
	/** The sync option's label, e.g. "One Call per Item (Sync)". */
	syncName: string;
	syncDescription: string;
	batchDescription: string;
	/** "How the … are sent to DSCO". */
	description: string;
}

const NAME = 'sendMode';

function property(
	spec: SendModeSpec,
	name: string,
	displayName: string,
	syncValue: string,
): INodeProperties {
	const sendMode: INodeProperties = {
		displayName,
		name,
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Batch (Async)', value: 'batch', description: spec.batchDescription },
			{ name: spec.syncName, value: syncValue, description: spec.syncDescription },
		],
		default: 'batch',
		description: spec.description,
	};
	if (spec.default === 'sync') sendMode.default = syncValue;
	return sendMode;
}

/** The Send Mode parameter: version 1's own, then the shared one. */
export function sendModeProperties(spec: SendModeSpec): INodeProperties[] {
	return version1Then(
		property(spec, spec.v1.name, spec.v1.displayName, spec.v1.sync),
		property(spec, NAME, 'Send Mode', 'sync'),
	);
}

/**
 * Hides Wait for Result and its timeout in an options collection while the node sends sync (the answer is the
 * result there, so they would do nothing): under either version's parameter.
 */
export function waitOnlyInBatch(options: INodeProperties, spec: SendModeSpec): INodeProperties {
	const batchOnly = new Set(['waitForResult', 'waitTimeoutSeconds']);
	const hide: Record<string, string[]> =
		spec.v1.name === NAME
			? { [`/${NAME}`]: [spec.v1.sync, 'sync'] }
			: { [`/${spec.v1.name}`]: [spec.v1.sync], [`/${NAME}`]: ['sync'] };
	return {
		...options,
		options: (options.options as INodeProperties[]).map((o) =>
			batchOnly.has(o.name) ? { ...o, displayOptions: { hide } } : o,
		),
	};
}

/** The run's send mode (one for all items), from either version's parameter. */
export function readSendMode(ctx: IExecuteFunctions, spec: SendModeSpec): SendMode {
	const v2 = ctx.getNode().typeVersion >= LISTS_VERSION;
	const raw = ctx.getNodeParameter(
		v2 ? NAME : spec.v1.name,
		0,
		v2 ? spec.default : spec.default === 'sync' ? spec.v1.sync : 'batch',
	);
	if (raw === 'batch') return 'batch';
	if (raw === (v2 ? 'sync' : spec.v1.sync)) return 'sync';
	throw invalidInput(
		ctx,
		0,
		v2 ? 'Send Mode' : spec.v1.displayName,
		`${quote(raw)} is not one of the choices (batch, ${v2 ? 'sync' : spec.v1.sync})`,
	);
}
