import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { DEFAULT_TRANSPORT_SETTINGS, DscoClient } from './transport/client';
import { eventSubtitleExpression, triggerProperties } from './trigger/description';
import { fetchTestEvent } from './trigger/manual';
import { pollBudgetMs, readTriggerSettings } from './trigger/settings';
import { pollStream } from './trigger/streamMode';
import { pollDateWindow } from './trigger/windowMode';

/** Retry waits inside a poll stay this far below the poll budget, so that a poll never outlives it retrying. */
const RETRY_WAIT_SHARE_OF_BUDGET = 0.1;
/** Waiting out DSCO's rate limit takes at most this share of the poll budget; the next poll goes on from there. */
const RATE_LIMIT_WAIT_SHARE_OF_BUDGET = 0.25;

/**
 * DSCO Trigger (polling). DSCO has no webhooks; it recommends streams, which keep a position on DSCO's side. The
 * trigger owns one stream per workflow node, confirms positions only once n8n has taken the emitted items, and
 * suppresses repeats. A date-window mode over /order/page (and /return/page) serves accounts without streams.
 */
export class DscoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DSCO Trigger',
		name: 'dscoTrigger',
		icon: { light: 'file:dsco.svg', dark: 'file:dsco.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventSubtitleExpression(),
		// n8n's node creator lists the action node and its trigger as one entry ("DSCO") and shows the trigger's
		// description there and in the entry's details, so it describes both nodes.
		description:
			'Get, acknowledge, ship, cancel and invoice DSCO dropship orders, buy shipping labels and packing slips, keep inventory in sync, and start workflows when orders, returns or catalog items arrive or change',
		defaults: { name: 'DSCO Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dscoApi', required: true }],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readTriggerSettings(this);
		const budgetMs = pollBudgetMs(this);
		const transport = { ...settings.transport };
		transport.maxRetryWaitMs = Math.max(
			1000,
			Math.min(transport.maxRetryWaitMs ?? 60_000, budgetMs * RETRY_WAIT_SHARE_OF_BUDGET),
		);
		transport.maxRateLimitWaitMs = Math.max(
			1000,
			Math.min(
				transport.maxRateLimitWaitMs ?? DEFAULT_TRANSPORT_SETTINGS.maxRateLimitWaitMs,
				budgetMs * RATE_LIMIT_WAIT_SHARE_OF_BUDGET,
			),
		);
		const client = await DscoClient.create(this, transport);
		if (this.getMode() === 'manual') return await fetchTestEvent(this, client, settings);
		const staticData = this.getWorkflowStaticData('node') as IDataObject;
		if (settings.mode === 'dateWindow')
			return await pollDateWindow(this, client, settings, staticData, budgetMs);
		return await pollStream(this, client, settings, staticData, budgetMs);
	}
}
