/**
 * What Packing Slip → Create and → Get share: start every item's slip, wait for all of them together (one round of
 * reads serves every pending slip), then download each PDF into the item's binary data.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { binaryPropertyOption, readBinaryPropertyName, withFile } from '../../helpers/fileOutput';
import { invalidInput, ItemResults, ItemWithBinary } from '../../helpers/items';
import type { DscoClient } from '../../transport/client';
import { FILE_KINDS } from '../../transport/fileUrls';
import {
	DEFAULT_SLIP_POLL,
	waitForPackingSlips,
	type SlipState,
	type Timing,
} from '../../transport/packingSlips';

export const BINARY_PROPERTY = 'packingSlip';

/** The Options collection of both operations. */
export function slipOptions(waitDefault: number, waitDescription: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			binaryPropertyOption(BINARY_PROPERTY, 'the packing slip PDF'),
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 3600 },
				default: waitDefault,
				description: waitDescription,
			},
		],
	};
}

export function readWaitTimeoutMs(ctx: IExecuteFunctions, defaultSeconds: number): number {
	const raw =
		(ctx.getNodeParameter('options', 0, {}) as { waitTimeoutSeconds?: unknown })
			.waitTimeoutSeconds ?? defaultSeconds;
	const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 3600) {
		throw invalidInput(
			ctx,
			0,
			'Wait Timeout (Seconds)',
			`"${String(raw)}" is not a number of seconds from 0 to 3600`,
		);
	}
	return n * 1000;
}

/** One item's slip once DSCO has been asked (or, for Get, once its requestId is known). */
export interface StartedSlip {
	state: SlipState;
	fileName: string;
	/** What identifies the slip in the output (dscoOrderId, poNumber…), next to requestId and status. */
	info: IDataObject;
	binaryPropertyName: string;
}

export function readSlipBinaryProperty(ctx: IExecuteFunctions, itemIndex: number): string {
	return readBinaryPropertyName(ctx, itemIndex, BINARY_PROPERTY);
}

function notReady(
	ctx: IExecuteFunctions,
	i: number,
	state: Extract<SlipState, { state: 'pending' }>,
	timeoutMs: number,
) {
	const seen = state.unseen
		? 'DSCO answered 404 to every read: it does not show this request (yet).'
		: 'DSCO is still generating it.';
	return new NodeOperationError(
		ctx.getNode(),
		`The packing slip is not ready after ${Math.round(timeoutMs / 1000)} s (requestId ${state.requestId}) [item ${i}]`,
		{
			itemIndex: i,
			description: `${seen} Get it later with Packing Slip → Get and this requestId, or raise the Wait Timeout option.`,
		},
	);
}

/**
 * Reads (validates) every item first, then runs `start` for each valid one, waits for the pending slips, downloads
 * the ready ones. Outputs, per item in order, the
 * input item with `packingSlip: {requestId, status, fileName, …}` in its JSON and the PDF in its binary data (the
 * files it already carried are kept, as n8n's HTTP Request node keeps them when it downloads a file). A failure is an
 * error for its item only under continue-on-fail; otherwise it stops the node (rate-limit give-ups: see
 * ThrottledItems).
 */
export async function produceSlips<T>(
	ctx: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
	read: (itemIndex: number) => T,
	start: (itemIndex: number, value: T) => Promise<StartedSlip>,
	wait: { timeoutMs: number; readFirst: boolean },
	timing: Timing = { now: () => Date.now(), sleep: async (ms) => await client.wait(ms) },
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(ctx, items.length);
	// Bad input is refused before anything is sent (without continue-on-fail, the first bad item stops the node here).
	const valid = results.validate(read);
	const started = new Map<number, StartedSlip>();
	for (const { itemIndex: i, value } of valid) {
		try {
			started.set(i, await start(i, value));
		} catch (error) {
			results.failOrHold(i, error);
		}
	}

	const pending = new Map<number, { requestId: string; itemIndex: number }>();
	for (const [i, slip] of started)
		if (slip.state.state === 'pending')
			pending.set(i, { requestId: slip.state.requestId, itemIndex: i });
	await waitForPackingSlips(
		client,
		pending,
		{ ...DEFAULT_SLIP_POLL, ...wait },
		timing,
		(i, state) => {
			started.get(i)!.state = state;
		},
	);

	for (const [i, slip] of started) {
		try {
			const { state } = slip;
			if (state.state === 'failed') throw state.error;
			if (state.state === 'pending') throw notReady(ctx, i, state, wait.timeoutMs);
			const pdf = await client.download(state.url, FILE_KINDS.pdf, {
				what: 'the packing slip PDF',
				itemIndexes: i,
			});
			const packingSlip: IDataObject = {
				requestId: state.requestId,
				status: 'success',
				...slip.info,
				fileName: slip.fileName,
			};
			const json = { ...items[i].json, packingSlip };
			const binary = await withFile(
				ctx,
				items[i],
				slip.binaryPropertyName,
				pdf,
				slip.fileName,
				FILE_KINDS.pdf.mimeType,
			);
			results.set(i, new ItemWithBinary(json, binary));
		} catch (error) {
			results.failOrHold(i, error);
		}
	}
	return results.output();
}
