import { createHash } from 'crypto';

import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { toDscoDate } from '../helpers/dates';
import { asNodeError } from '../helpers/items';
import type { DscoClient } from '../transport/client';
import {
	commitStreamPosition,
	ensureStream,
	readStreamEvents,
	type StreamDefinition,
	type StreamInfo,
} from '../transport/streams';
import { eventJson, eventKey, streamDefinitionFor, streamEventMatches } from './events';
import type { TriggerSettings } from './settings';
import { loadState, RecentSet, saveState, STATE_VERSION, type PartitionState, type StreamState } from './state';

/** Bounded memory of recently handled event ids and delivered keys: at least this many, or two polls' worth. */
export const MIN_RECENT = 2000;

/** The part of the poll budget spent reading; the rest is left for retries in flight and n8n's hand-off. */
const READ_SHARE_OF_BUDGET = 0.5;

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * The stream id of one trigger node: derived from the workflow id, the node id and what the stream carries, so that
 * re-activating (or restarting n8n) adopts the same stream instead of creating another, and a different event or
 * query gets its own stream (DSCO cannot change a stream's objectType).
 */
export function streamIdFor(workflowId: string, nodeId: string, definition: StreamDefinition): string {
	const digest = createHash('sha256')
		.update(`${workflowId}\n${nodeId}\n${definition.objectType}\n${stableJson(definition.query)}`)
		.digest('hex');
	return `n8n-${digest.slice(0, 32)}`;
}

export function streamDescription(ctx: IPollFunctions, settings: TriggerSettings): string {
	const workflow = ctx.getWorkflow();
	return `n8n DSCO Trigger (${settings.event}): workflow ${workflow.id ?? '?'} "${workflow.name ?? ''}", node "${ctx.getNode().name}"`.slice(0, 250);
}

export function definitionFor(ctx: IPollFunctions, settings: TriggerSettings): { id: string; definition: StreamDefinition } {
	const definition = { ...streamDefinitionFor(settings), description: streamDescription(ctx, settings) };
	const workflowId = String(ctx.getWorkflow().id ?? '');
	return { id: streamIdFor(workflowId, ctx.getNode().id, definition), definition };
}

function activePartitions(stream: StreamInfo) {
	const active = stream.partitions.filter((p) => p.status === undefined || p.status === 'active');
	return active.length ? active : stream.partitions;
}

/** Counts for the log line and for tests. */
export interface PollStats {
	read: number;
	delivered: number;
	duplicates: number;
	skipped: number;
}

/**
 * One poll in streams mode.
 * 1. First activation (no state for this stream id): create or adopt the stream, take its position (or the backfill
 *    start date), return nothing unless backfilling.
 * 2. Commit the positions the previous poll left pending: n8n has taken its items by now (the poll that emitted them
 *    ended and n8n stored its static data with them).
 * 3. Read each partition from the stored position until empty, the per-poll cap, or the read share of the budget;
 *    one item per matching event; event ids and (dscoOrderId, event) keys seen recently are skipped.
 * 4. Store the new positions as pending; commit them right away when nothing was emitted.
 * A stream that is gone (404) is created again and read on from the stored position.
 */
export async function pollStream(
	ctx: IPollFunctions,
	client: DscoClient,
	settings: TriggerSettings,
	staticData: IDataObject,
	budgetMs: number,
): Promise<INodeExecutionData[][] | null> {
	const started = Date.now();
	const deadline = started + budgetMs * READ_SHARE_OF_BUDGET;
	const { id: streamId, definition } = definitionFor(ctx, settings);
	const previous = loadState(staticData);
	let state: StreamState;

	if (!previous || previous.mode !== 'stream' || previous.streamId !== streamId) {
		const { stream, created } = await ensureStream(client, streamId, definition);
		const backfillFrom = settings.startDate !== undefined ? toDscoDate(settings.startDate) : undefined;
		state = {
			version: STATE_VERSION,
			mode: 'stream',
			streamId,
			partitions: activePartitions(stream).map((p) => ({
				partitionId: p.partitionId,
				position: backfillFrom ?? p.position,
				committed: p.position,
			})),
			recentEventIds: [],
			recentKeys: [],
		};
		saveState(staticData, state);
		ctx.logger.info(
			`DSCO Trigger: ${created ? 'created' : 'adopted'} DSCO stream "${streamId}" (${definition.objectType}); ${
				backfillFrom ? `delivering events since ${backfillFrom} (backfill)` : `delivering events after position ${state.partitions.map((p) => p.position).join(', ')}`
			}`,
		);
		if (!backfillFrom) return null;
	} else {
		state = previous;
	}

	const recreate = async () => {
		const positions = state.partitions.map((p) => p.position).join(', ');
		const { stream } = await ensureStream(client, streamId, definition, state.partitions.length);
		ctx.logger.warn(
			`DSCO Trigger: DSCO stream "${streamId}" was not found (404); created it again and resuming from the stored position ${positions}`,
		);
		const known = new Set(stream.partitions.map((p) => p.partitionId));
		for (const p of state.partitions) {
			if (!known.has(p.partitionId)) continue;
			// The new stream's own position is its creation; set it to what was last confirmed, as before.
			if ((await commitStreamPosition(client, streamId, p.partitionId, p.committed)) === 'gone') {
				throw new NodeOperationError(ctx.getNode(), `DSCO stream "${streamId}" disappeared again right after it was created`);
			}
		}
	};

	const commit = async (p: PartitionState) => {
		if (p.position === p.committed) return;
		let result = await commitStreamPosition(client, streamId, p.partitionId, p.position);
		if (result === 'gone') {
			await recreate();
			result = await commitStreamPosition(client, streamId, p.partitionId, p.position);
			if (result === 'gone') throw new NodeOperationError(ctx.getNode(), `DSCO stream "${streamId}" is not found even after creating it again`);
		}
		p.committed = p.position;
	};

	// 2. The previous poll's items were taken: confirm their positions to DSCO.
	for (const p of state.partitions) await commit(p);
	saveState(staticData, state);

	// 3. Read.
	const capacity = Math.max(MIN_RECENT, 2 * settings.maxEventsPerPoll);
	const recentIds = new RecentSet(state.recentEventIds, capacity);
	const recentKeys = new RecentSet(state.recentKeys, capacity);
	const items: INodeExecutionData[] = [];
	const stats: PollStats = { read: 0, delivered: 0, duplicates: 0, skipped: 0 };
	const now = Date.now();
	let stopped: string | undefined;
	// At least one read per poll, however small the budget, so that the trigger always moves on.
	let reads = 0;
	try {
		for (const p of state.partitions) {
			let recreated = false;
			while (!stopped) {
				if (items.length >= settings.maxEventsPerPoll) stopped = 'cap';
				else if (reads > 0 && Date.now() > deadline) stopped = 'budget';
				if (stopped) break;
				const page = await readStreamEvents(client, streamId, p.partitionId, p.position);
				reads++;
				if (page.gone) {
					if (recreated) throw new NodeOperationError(ctx.getNode(), `DSCO stream "${streamId}" is not found even after creating it again`);
					await recreate();
					recreated = true;
					continue;
				}
				if (page.events.length === 0) break;
				for (const event of page.events) {
					if (items.length >= settings.maxEventsPerPoll) {
						stopped = 'cap';
						break;
					}
					stats.read++;
					p.position = event.id;
					if (recentIds.has(event.id)) {
						stats.duplicates++;
						continue;
					}
					recentIds.add(event.id);
					if (!streamEventMatches(settings, event)) {
						stats.skipped++;
						continue;
					}
					const key = eventKey(settings, event.payload, event.id);
					if (recentKeys.has(key)) {
						stats.duplicates++;
						continue;
					}
					recentKeys.add(key);
					const origin = { id: event.id, source: 'stream' as const, streamId, partitionId: p.partitionId, reasons: event.eventReasons };
					items.push({ json: eventJson(settings, event.payload, origin, now) });
				}
			}
		}
	} catch (error) {
		// Nothing read yet: fail the poll (the state keeps the previous positions). Otherwise deliver what was read;
		// the positions cover exactly the events handled, so the next poll goes on from there.
		if (items.length === 0) throw asNodeError(ctx.getNode(), error);
		ctx.logger.warn(
			`DSCO Trigger: reading stream "${streamId}" failed after ${items.length} events (${(error as Error).message}); delivering those, the next poll continues after them`,
		);
	}
	stats.delivered = items.length;

	// 4. Nothing emitted: nothing for n8n to take, so the position can be confirmed now (an idle poll then costs one read).
	if (items.length === 0) {
		try {
			for (const p of state.partitions) await commit(p);
		} catch (error) {
			ctx.logger.warn(`DSCO Trigger: could not confirm the stream position yet (${(error as Error).message}); the next poll does`);
		}
	}
	saveState(staticData, state);
	if (stats.read > 0 || stopped) {
		ctx.logger.info(
			`DSCO Trigger: stream "${streamId}": ${stats.delivered} delivered, ${stats.duplicates} duplicates suppressed, ${stats.skipped} other events skipped${stopped ? ` (stopped at the ${stopped === 'cap' ? '"Max Events Per Poll" cap' : 'poll time budget'}; the next poll continues)` : ''}`,
		);
	}
	return items.length ? [items] : null;
}
