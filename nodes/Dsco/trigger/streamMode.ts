import { createHash } from 'crypto';

import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { toDscoDate } from '../helpers/dates';
import { asNodeError } from '../helpers/items';
import { stableJson } from '../helpers/stableJson';
import type { DscoClient } from '../transport/client';
import {
	commitStreamPosition,
	ensureStream,
	readStreamEvents,
	type StreamDefinition,
	type StreamEvent,
	type StreamInfo,
} from '../transport/streams';
import { eventJson, eventKey, streamDefinitionFor, streamEventMatches } from './events';
import type { TriggerSettings } from './settings';
import {
	loadState,
	RecentSet,
	saveState,
	STATE_VERSION,
	type PartitionState,
	type StreamState,
} from './state';

/** Bounded memory of recently handled event ids and delivered keys: at least this many, or two polls' worth. */
export const MIN_RECENT = 2000;

/** The part of the poll budget spent reading; the rest is left for retries in flight and n8n's hand-off. */
const READ_SHARE_OF_BUDGET = 0.5;

/**
 * The stream id of one trigger node: derived from the workflow id, the node id and what the stream carries, so that
 * re-activating (or restarting n8n) adopts the same stream instead of creating another, and a different event or
 * query gets its own stream (DSCO cannot change a stream's objectType).
 */
export function streamIdFor(
	workflowId: string,
	nodeId: string,
	definition: StreamDefinition,
): string {
	const digest = createHash('sha256')
		.update(`${workflowId}\n${nodeId}\n${definition.objectType}\n${stableJson(definition.query)}`)
		.digest('hex');
	return `n8n-${digest.slice(0, 32)}`;
}

export function streamDescription(ctx: IPollFunctions, settings: TriggerSettings): string {
	const workflow = ctx.getWorkflow();
	return `n8n DSCO Trigger (${settings.event}): workflow ${workflow.id ?? '?'} "${workflow.name ?? ''}", node "${ctx.getNode().name}"`.slice(
		0,
		250,
	);
}

export function definitionFor(
	ctx: IPollFunctions,
	settings: TriggerSettings,
): { id: string; definition: StreamDefinition } {
	const definition = {
		...streamDefinitionFor(settings),
		description: streamDescription(ctx, settings),
	};
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

/** One poll's view of its stream: the node, the stream it reads and the state that carries over between polls. */
interface StreamPoll {
	ctx: IPollFunctions;
	client: DscoClient;
	settings: TriggerSettings;
	staticData: IDataObject;
	streamId: string;
	definition: StreamDefinition;
	state: StreamState;
}

/** What one poll read: the items to emit, the counts, and why reading stopped early, if it did. */
interface PollRead {
	items: INodeExecutionData[];
	stats: PollStats;
	stopped?: 'cap' | 'budget';
	/** Pages read so far across the partitions. */
	reads: number;
	recentIds: RecentSet;
	recentKeys: RecentSet;
	/** When this poll started reading: the time every emitted item carries. */
	now: number;
	deadline: number;
}

/**
 * One poll in streams mode.
 * 1. First activation (no state for this stream id): create or adopt the stream, take its position (or the backfill
 *    start date), return nothing unless backfilling (`startStream`).
 * 2. Commit the positions the previous poll left pending: n8n has taken its items by now (the poll that emitted them
 *    ended and n8n stored its static data with them) (`commitPendingPositions`).
 * 3. Read each partition from the stored position until empty, the per-poll cap, or the read share of the budget;
 *    one item per matching event; event ids and event keys (eventKey) seen recently are skipped (`readEvents`).
 * 4. Store the new positions as pending; commit them right away when nothing was emitted (`commitIdlePositions`).
 * A stream that is gone (404) is created again and read on from the stored position (`recreateStream`).
 */
export async function pollStream(
	ctx: IPollFunctions,
	client: DscoClient,
	settings: TriggerSettings,
	staticData: IDataObject,
	budgetMs: number,
): Promise<INodeExecutionData[][] | null> {
	const deadline = Date.now() + budgetMs * READ_SHARE_OF_BUDGET;
	const { id: streamId, definition } = definitionFor(ctx, settings);
	const stream = { ctx, client, settings, staticData, streamId, definition };
	const previous = loadState(staticData);
	let state: StreamState;
	if (!previous || previous.mode !== 'stream' || previous.streamId !== streamId) {
		const start = await startStream(stream);
		if (!start.backfilling) return null;
		state = start.state;
	} else {
		state = previous;
	}
	const poll: StreamPoll = { ...stream, state };

	await commitPendingPositions(poll);
	const read = await readEvents(poll, deadline);
	if (read.items.length === 0) await commitIdlePositions(poll);
	saveState(staticData, state);
	logPoll(poll, read);
	return read.items.length ? [read.items] : null;
}

/** Step 1, first activation: creates or adopts the DSCO stream and starts at its position, or at the backfill start date. */
async function startStream(
	stream: Omit<StreamPoll, 'state'>,
): Promise<{ state: StreamState; backfilling: boolean }> {
	const { ctx, client, settings, staticData, streamId, definition } = stream;
	const { stream: info, created } = await ensureStream(client, streamId, definition);
	const backfillFrom =
		settings.startDate !== undefined ? toDscoDate(settings.startDate) : undefined;
	const state: StreamState = {
		version: STATE_VERSION,
		mode: 'stream',
		streamId,
		partitions: activePartitions(info).map((p) => ({
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
			backfillFrom
				? `delivering events since ${backfillFrom} (backfill)`
				: `delivering events after position ${state.partitions.map((p) => p.position).join(', ')}`
		}`,
	);
	return { state, backfilling: !!backfillFrom };
}

/** A stream that is gone (404) is created again and set to the last confirmed positions, so that no event is lost. */
async function recreateStream(poll: StreamPoll): Promise<void> {
	const { ctx, client, streamId, definition, state } = poll;
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
			throw new NodeOperationError(
				ctx.getNode(),
				`DSCO stream "${streamId}" disappeared again right after it was created`,
			);
		}
	}
}

/** Confirms one partition's position to DSCO, only once n8n holds every event up to it (see steps 2 and 4). */
async function commitPosition(poll: StreamPoll, p: PartitionState): Promise<void> {
	const { ctx, client, streamId } = poll;
	if (p.position === p.committed) return;
	let result = await commitStreamPosition(client, streamId, p.partitionId, p.position);
	if (result === 'gone') {
		await recreateStream(poll);
		result = await commitStreamPosition(client, streamId, p.partitionId, p.position);
		if (result === 'gone')
			throw new NodeOperationError(
				ctx.getNode(),
				`DSCO stream "${streamId}" is not found even after creating it again`,
			);
	}
	p.committed = p.position;
}

/** Step 2: the previous poll's items were taken by n8n, so their positions can be confirmed to DSCO now. */
async function commitPendingPositions(poll: StreamPoll): Promise<void> {
	for (const p of poll.state.partitions) await commitPosition(poll, p);
	saveState(poll.staticData, poll.state);
}

/**
 * Step 3: reads every partition from its stored position, within the cap and the read share of the budget. A failure
 * with nothing read fails the poll (the state keeps the previous positions); after some events, those are delivered
 * and the positions cover exactly the events handled, so the next poll goes on from there.
 */
async function readEvents(poll: StreamPoll, deadline: number): Promise<PollRead> {
	const { ctx, settings, streamId, state } = poll;
	const capacity = Math.max(MIN_RECENT, 2 * settings.maxEventsPerPoll);
	const read: PollRead = {
		recentIds: new RecentSet(state.recentEventIds, capacity),
		recentKeys: new RecentSet(state.recentKeys, capacity),
		items: [],
		stats: { read: 0, delivered: 0, duplicates: 0, skipped: 0 },
		now: Date.now(),
		deadline,
		// At least one read per poll, however small the budget, so that the trigger always moves on.
		reads: 0,
	};
	try {
		for (const p of state.partitions) await readPartition(poll, p, read);
	} catch (error) {
		if (read.items.length === 0) throw asNodeError(ctx.getNode(), error);
		ctx.logger.warn(
			`DSCO Trigger: reading stream "${streamId}" failed after ${read.items.length} events (${(error as Error).message}); delivering those, the next poll continues after them`,
		);
	}
	read.stats.delivered = read.items.length;
	return read;
}

/** Reads pages of one partition until it is empty or the poll stops; a stream found gone is created again once. */
async function readPartition(poll: StreamPoll, p: PartitionState, read: PollRead): Promise<void> {
	const { ctx, client, settings, streamId } = poll;
	let recreated = false;
	while (!read.stopped) {
		if (read.items.length >= settings.maxEventsPerPoll) read.stopped = 'cap';
		else if (read.reads > 0 && Date.now() > read.deadline) read.stopped = 'budget';
		if (read.stopped) break;
		const page = await readStreamEvents(client, streamId, p.partitionId, p.position);
		read.reads++;
		if (page.gone) {
			if (recreated)
				throw new NodeOperationError(
					ctx.getNode(),
					`DSCO stream "${streamId}" is not found even after creating it again`,
				);
			await recreateStream(poll);
			recreated = true;
			continue;
		}
		if (page.events.length === 0) break;
		for (const event of page.events) {
			if (read.items.length >= settings.maxEventsPerPoll) {
				read.stopped = 'cap';
				break;
			}
			takeEvent(poll, p, event, read);
		}
	}
}

/**
 * Moves the partition's position past one event and emits it once: an event id or event key (eventKey) seen
 * recently is a duplicate, an event the trigger does not ask for is skipped.
 */
function takeEvent(poll: StreamPoll, p: PartitionState, event: StreamEvent, read: PollRead): void {
	const { settings, streamId } = poll;
	const { stats } = read;
	stats.read++;
	p.position = event.id;
	if (read.recentIds.has(event.id)) {
		stats.duplicates++;
		return;
	}
	read.recentIds.add(event.id);
	if (!streamEventMatches(settings, event)) {
		stats.skipped++;
		return;
	}
	const key = eventKey(settings, event.payload, event.id);
	if (read.recentKeys.has(key)) {
		stats.duplicates++;
		return;
	}
	read.recentKeys.add(key);
	const origin = {
		id: event.id,
		source: 'stream' as const,
		streamId,
		partitionId: p.partitionId,
		reasons: event.eventReasons,
	};
	read.items.push({ json: eventJson(settings, event.payload, origin, read.now) });
}

/** Step 4, nothing emitted: nothing for n8n to take, so the position can be confirmed now (an idle poll then costs one read). */
async function commitIdlePositions(poll: StreamPoll): Promise<void> {
	try {
		for (const p of poll.state.partitions) await commitPosition(poll, p);
	} catch (error) {
		poll.ctx.logger.warn(
			`DSCO Trigger: could not confirm the stream position yet (${(error as Error).message}); the next poll does`,
		);
	}
}

/** One log line per poll that read anything or stopped early: what was delivered, suppressed and skipped. */
function logPoll(poll: StreamPoll, read: PollRead): void {
	const { stats, stopped } = read;
	if (stats.read === 0 && !stopped) return;
	poll.ctx.logger.info(
		`DSCO Trigger: stream "${poll.streamId}": ${stats.delivered} delivered, ${stats.duplicates} duplicates suppressed, ${stats.skipped} other events skipped${stopped ? ` (stopped at the ${stopped === 'cap' ? '"Max Events Per Poll" cap' : 'poll time budget'}; the next poll continues)` : ''}`,
	);
}
