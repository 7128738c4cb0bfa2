/**
 * GET /order/log, /inventory/log, /invoice/log, /catalog/log, /return/log: by requestId, or by startDate + endDate;
 * paged with a scrollId like /order/page. Answer: {status: PROCESSING | COMPLETED, logs: [...], scrollId?}.
 */
import type { ChangeLogEntry, LogKind, StatusFilter } from '../changeLog';
import { type Reply, badRequest, notFoundReply, reply } from '../http';
import type { Route, RouteContext } from '../router';
import { QueryReader } from './params';

const STATUS_FILTERS: readonly StatusFilter[] = [
	'pending',
	'success',
	'failure',
	'success_or_failure',
];

function getLog(kind: LogKind) {
	return ({ state, query }: RouteContext): Reply => {
		const now = state.clock.now();
		const q = new QueryReader(query);
		const scrollId = q.string('scrollId');
		if (scrollId !== undefined) {
			const page = state.logScrolls.next<ChangeLogEntry>(scrollId);
			if (!page) return notFoundReply(`No page for scrollId ${scrollId}: unknown or expired`, now);
			return reply(200, { status: page.meta, logs: page.items, scrollId });
		}
		const requestId = q.string('requestId');
		const filter = q.oneOf('status', STATUS_FILTERS);
		const start = q.date('startDate');
		const end = q.date('endDate');
		if (requestId === undefined && (start === undefined || end === undefined) && q.ok) {
			q.fail('requestId, or startDate and endDate, is required');
		}
		if (!q.ok) return badRequest(q.messages, now);
		const result =
			requestId !== undefined
				? state.changeLogs.byRequest(kind, requestId, filter)
				: state.changeLogs.byDate(kind, start as number, end as number, filter);
		const page = state.logScrolls.start(
			result.entries,
			state.options.changeLogPageSize,
			result.status,
		);
		return reply(200, {
			status: result.status,
			logs: page.items,
			...(page.scrollId ? { scrollId: page.scrollId } : {}),
		});
	};
}

export const changeLogRoutes: Route[] = (
	['order', 'inventory', 'invoice', 'catalog', 'return'] as const
).map((kind) => ({
	method: 'GET',
	path: `/${kind}/log`,
	handler: getLog(kind),
}));
