/**
 * Streams: POST /stream, GET /stream?id=, GET /stream/{id}/{partitionId}/{position} (events strictly after
 * the position) and PUT of the same path (commit). Positions contain slashes and arrive percent-encoded.
 */
import { type CreateStreamInput, MAX_PARTITIONS, type StreamRecord } from '../events';
import { type Reply, badRequest, notFoundReply, reply } from '../http';
import type { Route, RouteContext } from '../router';
import type { SimState } from '../state';
import type { Message } from '../types';
import { QueryReader } from './params';

function invalid(state: SimState, description: string): Reply {
	const message: Message = { code: 'VALIDATION_FAILED', severity: 'error', description };
	return badRequest([message], state.clock.now());
}

function view(stream: StreamRecord): Record<string, unknown> {
	return { ...stream, partitions: stream.partitions.map((p) => ({ ...p })) };
}

function createStream({ state, body }: RouteContext): Reply {
	const input = body as CreateStreamInput;
	if (input.query.queryType !== input.objectType) {
		return invalid(
			state,
			`query.queryType (${String(input.query.queryType)}) must match objectType (${input.objectType})`,
		);
	}
	const partitions = input.numPartitions ?? 1;
	if (partitions < 1 || partitions > MAX_PARTITIONS) {
		return invalid(state, `numPartitions must be between 1 and ${MAX_PARTITIONS}`);
	}
	if (input.id !== undefined && state.streams.has(input.id))
		return invalid(state, `A stream with id ${input.id} already exists`);
	return reply(201, view(state.streams.create(input)));
}

function listStreams({ state, query }: RouteContext): Reply {
	const q = new QueryReader(query);
	const id = q.string('id');
	const partitionId = q.integer('partitionId', 0, MAX_PARTITIONS - 1);
	if (!q.ok) return badRequest(q.messages, state.clock.now());
	const streams = state.streams.list(id).map(view);
	if (id !== undefined && streams.length === 0)
		return notFoundReply(`Stream not found: ${id}`, state.clock.now());
	if (partitionId !== undefined) {
		for (const stream of streams) {
			stream.partitions = (stream.partitions as StreamRecord['partitions']).filter(
				(p) => p.partitionId === partitionId,
			);
		}
	}
	return reply(200, streams);
}

/** Common checks of /stream/{id}/{partitionId}/{position}; a Reply when they fail. */
function target(ctx: RouteContext): { id: string; partitionId: number; position: string } | Reply {
	const { id, partitionId, position } = ctx.params;
	if (!/^\d+$/.test(partitionId))
		return invalid(ctx.state, `partitionId must be an integer, got "${partitionId}"`);
	return { id, partitionId: Number(partitionId), position };
}

function failure(
	ctx: RouteContext,
	reason: 'stream' | 'partition' | 'position',
	id: string,
	partitionId: number,
): Reply {
	const now = ctx.state.clock.now();
	if (reason === 'stream') return notFoundReply(`Stream not found: ${id}`, now);
	if (reason === 'partition')
		return notFoundReply(`Partition ${partitionId} not found in stream ${id}`, now);
	return invalid(
		ctx.state,
		'position must be an event id (z/yyyy/MM/dd/HH/mm/<ms>-<sequence>) or an ISO 8601 date-time',
	);
}

function readEvents(ctx: RouteContext): Reply {
	const t = target(ctx);
	if ('status' in t) return t;
	const result = ctx.state.streams.read(t.id, t.partitionId, t.position);
	if (!result.ok) return failure(ctx, result.reason, t.id, t.partitionId);
	return reply(200, { partitionId: result.partitionId, events: result.events });
}

function commitPosition(ctx: RouteContext): Reply {
	const t = target(ctx);
	if ('status' in t) return t;
	const result = ctx.state.streams.commit(t.id, t.partitionId, t.position);
	if (result !== 'ok') return failure(ctx, result, t.id, t.partitionId);
	return reply(200, { status: 'success' });
}

export const streamRoutes: Route[] = [
	{ method: 'POST', path: '/stream', schema: 'createStream', handler: createStream },
	{ method: 'GET', path: '/stream', handler: listStreams },
	{ method: 'GET', path: '/stream/:id/:partitionId/:position', handler: readEvents },
	{
		method: 'PUT',
		path: '/stream/:id/:partitionId/:position',
		body: 'none',
		handler: commitPosition,
	},
];
