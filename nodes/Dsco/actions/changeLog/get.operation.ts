import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem, invalidInput, quote } from '../../helpers/items';
import { readIdentifier, readQuantity } from '../../helpers/validation';
import {
	CHANGE_LOG_KINDS,
	changeLogKindOf,
	type ChangeLogKind,
	ChangeLogTally,
	scanChangeLog,
	waitForCompletion,
	type ChangeLogEntry,
} from '../../transport/changeLog';
import type { DscoClient } from '../../transport/client';
import { DEFAULT_WAIT_TIMEOUT_SECONDS, MAX_WAIT_TIMEOUT_SECONDS } from '../writeOptions';

const STATUS_FILTERS = ['pending', 'success', 'failure', 'success_or_failure'];
/** Failures listed in a summary (all are counted). */
const LISTED = 10;

export const description: INodeProperties[] = showOnlyFor('changeLog', 'get', [
	{
		displayName: 'Change Log',
		name: 'logType',
		type: 'options',
		options: [
			{
				name: 'Catalog',
				value: 'catalog',
				description:
					"Results of catalog updates: Catalog → Create or Update and Update From File (GET /catalog/log; each entry's payload is {message: ItemCatalog})",
			},
			{
				name: 'Inventory',
				value: 'inventory',
				description: 'Results of inventory updates (GET /inventory/log)',
			},
			{ name: 'Invoice', value: 'invoice', description: 'Results of invoices (GET /invoice/log)' },
			{
				name: 'Order',
				value: 'order',
				description:
					'Results of acknowledgments, shipments, cancellations and order updates (GET /order/log)',
			},
		],
		default: 'order',
		description:
			'Which change log the request is in: the one of the kind of write that returned the requestId',
	},
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.requestId }}',
		description: 'The requestId DSCO returned for an async write',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Summary',
				value: 'summary',
				description:
					'One item per request: whether DSCO has finished (processingStatus), counts by status and the first failures with their messages',
			},
			{
				name: 'Entries',
				value: 'entries',
				description:
					'One item per change-log entry (payload, status, results, dateProcessed); none while DSCO has not processed the request',
			},
		],
		default: 'summary',
		description: 'What to output for each requestId. All pages of the log are read either way.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Only Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Failure', value: 'failure' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Success', value: 'success' },
					{ name: 'Success or Failure', value: 'success_or_failure' },
				],
				default: 'failure',
				description: 'Only entries with this status (DSCO filters them)',
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: false,
				description:
					'Whether to wait until DSCO has processed the whole request before reading its log',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_WAIT_TIMEOUT_SECONDS },
				default: DEFAULT_WAIT_TIMEOUT_SECONDS,
				description: 'How long to wait for completion; the log is then read as it is',
			},
		],
	},
]);

interface Options {
	status?: string;
	waitForCompletion?: boolean;
	waitTimeoutSeconds?: unknown;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const rawKind = this.getNodeParameter('logType', i) as string;
		if (!CHANGE_LOG_KINDS.includes(rawKind as ChangeLogKind)) {
			throw invalidInput(
				this,
				i,
				'Change Log',
				`${quote(rawKind)} is not one of ${CHANGE_LOG_KINDS.join(', ')}`,
			);
		}
		const kind = changeLogKindOf(this, rawKind);
		const requestId = readIdentifier(
			this,
			i,
			'Request ID',
			'requestId',
			this.getNodeParameter('requestId', i),
		);
		const output = this.getNodeParameter('output', i, 'summary') as string;
		if (output !== 'summary' && output !== 'entries')
			throw invalidInput(this, i, 'Output', `${quote(output)} is not one of summary, entries`);
		const options = this.getNodeParameter('options', i, {}) as Options;
		const query: IDataObject = { requestId };
		if (options.status !== undefined) {
			if (!STATUS_FILTERS.includes(options.status)) {
				throw invalidInput(
					this,
					i,
					'Only Status',
					`${quote(options.status)} is not one of ${STATUS_FILTERS.join(', ')}`,
				);
			}
			query.status = options.status;
		}
		if (options.waitForCompletion) {
			const seconds =
				options.waitTimeoutSeconds === undefined
					? DEFAULT_WAIT_TIMEOUT_SECONDS
					: readQuantity(this, i, 'Wait Timeout (Seconds)', options.waitTimeoutSeconds, {
							min: 1,
							max: MAX_WAIT_TIMEOUT_SECONDS,
						});
			await waitForCompletion(
				client,
				kind,
				requestId,
				{ timeoutMs: seconds * 1000, itemIndexes: [i] },
				(ms) => client.wait(ms),
			);
		}

		if (output === 'entries') {
			const entries: ChangeLogEntry[] = [];
			const processingStatus = await scanChangeLog(
				client,
				kind,
				query,
				(page) => entries.push(...page),
				i,
			);
			return entries.map((entry) => ({ ...entry, processingStatus }));
		}
		const tally = new ChangeLogTally(LISTED);
		const processingStatus = await scanChangeLog(client, kind, query, (page) => tally.add(page), i);
		return {
			requestId,
			changeLog: kind,
			processingStatus,
			entries: tally.total,
			success: tally.success,
			failure: tally.failure,
			pending: tally.pending,
			firstFailures: tally.firstFailures as unknown as IDataObject[],
		};
	});
}
