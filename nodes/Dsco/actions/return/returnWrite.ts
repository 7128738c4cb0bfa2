/**
 * The two return writes (Update, Complete) go out the same way: sync, one call per item (`POST /return/update`,
 * `PUT /return/`), or batched to `/return/batch/small?operation=` and verified through `/return/log`. Neither is
 * idempotent by the document (nothing says a repeated package or completion is recognised), so after a failure that
 * may have reached DSCO the return is read first and the write is sent again only when DSCO shows none of it.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { RETURN_WRITE } from '../../transport/answers';
import { sendBatched } from '../../writes/batchWrite';
import type { DscoClient } from '../../transport/client';
import type { EntryState } from '../../writes/lostBatch';
import { ORDER_RECHECK_PAUSE_MS } from '../../transport/orders';
import { findReturns } from '../../transport/returns';
import { sendEach } from '../../writes/singleWrite';
import { RETURN_LINE_KEYS } from '../lineItems';
import { readSendMode, type SendModeSpec } from '../sendMode';
import { readAsyncWriteOptions } from '../writeOptions';
import { referenceOfBody, returnKey } from './reference';

export interface ReturnWriteSpec {
	/** The batch's `operation` (and the write's name in messages). */
	operation: 'update' | 'complete';
	/** The sync call. */
	method: 'POST' | 'PUT';
	path: string;
	noun: string;
	sendMode: SendModeSpec;
	/** Reads and checks one input item into the write's body (throws NodeOperationError naming item and field). */
	read: (itemIndex: number) => IDataObject;
	/** The fields identifying the write in its output item (a new object each call). */
	describe: (entry: IDataObject) => IDataObject;
	/** What the return as DSCO shows it says of this write; `ret` undefined: DSCO has no such return. */
	state: (ret: IDataObject | undefined, entry: IDataObject) => EntryState;
	/** What the user should look at before running the item again. */
	whatToCheck: (entry: IDataObject) => string;
}

/** The return a write names, read through `/return/page`, and what it shows of the write. */
async function returnState(
	client: DscoClient,
	spec: ReturnWriteSpec,
	entry: IDataObject,
	itemIndex: number,
): Promise<EntryState> {
	const [ret] = await findReturns(client, referenceOfBody(entry), itemIndex);
	return spec.state(ret, entry);
}

export async function sendReturnWrite(
	ctx: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
	spec: ReturnWriteSpec,
): Promise<INodeExecutionData[]> {
	/** Partner return numbers sent, to pair change-log entries (returnKey). */
	const byNumber = new Set<string>();
	const read = (i: number) => {
		const entry = spec.read(i);
		if (typeof entry.partnerReturnNumber === 'string') byNumber.add(entry.partnerReturnNumber);
		return entry;
	};
	if (readSendMode(ctx, spec.sendMode) === 'sync') {
		/** Per item, what the check after a lost answer found at DSCO. */
		const found = new Map<number, string>();
		return await sendEach<IDataObject>(ctx, client, items, {
			path: spec.path,
			method: spec.method,
			noun: spec.noun,
			answer: RETURN_WRITE,
			idempotent: false,
			read,
			describe: spec.describe,
			describeFailures: true,
			// Two looks a moment apart (DSCO's reads lag); sent again only when neither shows the write.
			checkBeforeResend: (entry, i) => async () => {
				for (let look = 0; look < 2; look++) {
					if (look > 0) await client.wait(ORDER_RECHECK_PAUSE_MS);
					const state = await returnState(client, spec, entry, i);
					if (state.state === 'applied') {
						found.set(i, `${state.message}: not sent again`);
						return 'alreadyApplied';
					}
					if (state.state === 'conflict' || state.state === 'unknown') {
						const why = state.state === 'conflict' ? state.message : state.reason;
						throw new NodeOperationError(
							client.node,
							`The ${spec.noun} may have reached DSCO, and ${why}: not sent again [item ${i}]`,
							{ itemIndex: i, description: `Before running it again: ${spec.whatToCheck(entry)}` },
						);
					}
				}
				return 'resend';
			},
			succeeded: (_entry, answer, i) => {
				if (answer.alreadyApplied)
					return { status: 'success', resendSkipped: true, message: found.get(i) ?? null };
				const ret = answer.body.return as IDataObject | undefined;
				return ret && typeof ret.status === 'string' ? { returnStatus: ret.status } : {};
			},
		});
	}
	const wait = readAsyncWriteOptions(ctx);
	return await sendBatched<IDataObject>(ctx, client, items, {
		path: '/return/batch/small',
		qs: { operation: spec.operation },
		noun: spec.noun,
		idempotent: false,
		recheck: {
			read: async (entries) => {
				const states = new Map<number, EntryState>();
				for (const { entry, itemIndex } of entries)
					states.set(itemIndex, await returnState(client, spec, entry, itemIndex));
				return states;
			},
			whatToCheck: (entry) => spec.whatToCheck(entry),
		},
		read,
		describe: spec.describe,
		verify: {
			kind: 'return',
			key: returnKey(byNumber),
			wait: wait.waitForResult,
			timeoutMs: wait.waitTimeoutMs,
		},
	});
}

/** "return 300010001" or "return RMA-000001": how a write's return reads in messages. */
export function returnLabel(entry: IDataObject): string {
	return `return ${String(entry.dscoReturnId ?? entry.partnerReturnNumber)}`;
}

/** How a write's return is named in its output item: the identifier it was sent with. */
export function returnIdentity(entry: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const key of ['dscoReturnId', 'partnerReturnNumber'])
		if (entry[key] !== undefined) out[key] = entry[key];
	return out;
}

/** The line of a return a sent line names: by lineNumber, else by the first item identifier it gives. */
export function findReturnLine(ret: IDataObject, line: IDataObject): IDataObject | undefined {
	const lines = Array.isArray(ret.lineItems) ? (ret.lineItems as IDataObject[]) : [];
	if (typeof line.lineNumber === 'number')
		return lines.find((l) => Number(l.lineNumber) === line.lineNumber);
	const key = RETURN_LINE_KEYS.find((k) => line[k] !== undefined);
	return key
		? lines.find((l) => l[key] !== undefined && String(l[key]) === String(line[key]))
		: undefined;
}
