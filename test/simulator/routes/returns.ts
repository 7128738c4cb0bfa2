/**
 * Returns (supplier side): GET /return/page (getReturns: one return by returnIdType/returnIdValue, the returns of an
 * order, or a created/updated date window; scroll paging like /order/page), POST /return/ (createReturn, sync 201),
 * PUT /return/ (completeReturn, sync 200), POST /return/update (updateReturn, sync 201) — each answering the
 * document's ReturnResponse {status, return} — and POST /return/batch/small?operation=create|update|complete (async
 * 202; the document gives no body schema, so each item is checked against the body schema of that operation's sync
 * API, as its description points to). The document names no GET /return/ and no rate limit for returns.
 */
import { RETAILER_ID, RETAILER_TRADING_PARTNER_ID } from '../data';
import { type Reply, badRequest, checkedReply, notFoundReply, reply } from '../http';
import {
	type ReturnCompleteInput,
	type ReturnCreateInput,
	type ReturnOutcome,
	type ReturnUpdateInput,
	clean,
} from '../returns';
import type { Route, RouteContext } from '../router';
import type { OperationId } from '../schemas';
import type { Return, ReturnStatus } from '../types';
import { QueryReader } from './params';
import { acceptBatch, runSync } from './writes';

const STATUSES: readonly ReturnStatus[] = ['created', 'acknowledged', 'completed'];
const OPERATIONS = ['create', 'update', 'complete'] as const;
type Operation = (typeof OPERATIONS)[number];
const SCHEMA_OF: Record<Operation, OperationId> = {
	create: 'createReturn',
	update: 'updateReturn',
	complete: 'completeReturn',
};

function getReturnPage({ state, query }: RouteContext): Reply {
	const now = state.clock.now();
	const q = new QueryReader(query);
	const scrollId = q.string('scrollId');
	if (scrollId !== undefined) {
		const page = state.returnScrolls.next<Return>(scrollId);
		if (!page) return notFoundReply(`No page for scrollId ${scrollId}: unknown or expired`, now);
		return checkedReply('getReturns', { scrollId, returns: page.items });
	}
	const returnIdType = q.oneOf('returnIdType', [
		'dscoReturnId',
		'returnNumber',
		'partnerReturnNumber',
	] as const);
	const returnIdValue = q.string('returnIdValue');
	const orderIdType = q.oneOf('orderIdType', ['dscoOrderId', 'poNumber'] as const);
	const orderIdValue = q.string('orderIdValue');
	const accountIdType = q.oneOf('accountIdType', ['dscoAccountId', 'tradingPartnerId'] as const);
	const accountIdValue = q.string('accountIdValue');
	const createdSince = q.date('returnsCreatedSince');
	const updatedSince = q.date('returnsUpdatedSince');
	const until = q.date('until');
	const statuses = q.manyOf('status', STATUSES);
	if (!q.ok) return badRequest(q.messages, now);

	if ((returnIdType === undefined) !== (returnIdValue === undefined))
		q.fail('returnIdType and returnIdValue are required together');
	if ((orderIdType === undefined) !== (orderIdValue === undefined))
		q.fail('orderIdType and orderIdValue are required together');
	if ((accountIdType === undefined) !== (accountIdValue === undefined))
		q.fail('accountIdType and accountIdValue are required together');
	const byDate = createdSince !== undefined || updatedSince !== undefined;
	const modes = [returnIdType !== undefined, orderIdType !== undefined, byDate].filter(
		Boolean,
	).length;
	if (q.ok && modes === 0) {
		q.fail(
			'One of returnIdType/returnIdValue, orderIdType/orderIdValue, returnsCreatedSince/until, returnsUpdatedSince/until or scrollId is required',
		);
	}
	if (modes > 1)
		q.fail(
			'Search by only one of returnIdType/returnIdValue, orderIdType/orderIdValue or a date window',
		);
	if (createdSince !== undefined && updatedSince !== undefined)
		q.fail('Only one of returnsCreatedSince or returnsUpdatedSince may be given');
	if (byDate && until === undefined)
		q.fail('until is required with returnsCreatedSince or returnsUpdatedSince');
	const needsAccount = returnIdType === 'partnerReturnNumber' || orderIdType === 'poNumber';
	if (needsAccount && accountIdType === undefined) {
		q.fail(
			`accountIdType and accountIdValue are required with ${returnIdType === 'partnerReturnNumber' ? 'returnIdType partnerReturnNumber' : 'orderIdType poNumber'}`,
		);
	}
	if (!q.ok) return badRequest(q.messages, now);

	// The supplier trades with one retailer: another account has none of its returns.
	const otherAccount =
		accountIdType !== undefined &&
		accountIdValue !==
			(accountIdType === 'dscoAccountId' ? RETAILER_ID : RETAILER_TRADING_PARTNER_ID);
	const found = otherAccount
		? []
		: state.returns.search({
				...(returnIdType ? { [returnIdType]: returnIdValue } : {}),
				...(orderIdType ? { [orderIdType]: orderIdValue } : {}),
				createdSince,
				updatedSince,
				until,
				statuses,
			});
	const page = state.returnScrolls.start(
		found.map((ret) => clean(ret)),
		state.options.returnPageSize,
	);
	return checkedReply('getReturns', {
		...(page.scrollId ? { scrollId: page.scrollId } : {}),
		returns: page.items,
	});
}

/** A sync return write: ReturnResponse {status: "success", return} with `status` (201 or 200), or 400 with DSCO's messages. */
function syncWrite<T>(
	status: number,
	apply: (state: RouteContext['state'], body: T) => ReturnOutcome,
) {
	return (ctx: RouteContext): Reply => {
		let changed: Return | undefined;
		return runSync<T>(
			ctx,
			'return',
			(body) => {
				const outcome = apply(ctx.state, body);
				changed = outcome.ret;
				return outcome;
			},
			() => reply(status, { status: 'success', return: changed && clean(changed) }),
		);
	};
}

function applyOperation(operation: Operation) {
	return (state: RouteContext['state'], item: unknown): ReturnOutcome => {
		if (operation === 'create') return state.returns.create(item as ReturnCreateInput);
		if (operation === 'update') return state.returns.update(item as ReturnUpdateInput);
		return state.returns.complete(item as ReturnCompleteInput);
	};
}

function operationOf(query: RouteContext['query']): Operation | undefined {
	const value = query.operation;
	return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value)
		? (value as Operation)
		: undefined;
}

function acceptReturnBatch(ctx: RouteContext): Reply {
	const q = new QueryReader(ctx.query);
	const operation = q.required('operation') && q.oneOf('operation', OPERATIONS);
	if (!q.ok || !operation) return badRequest(q.messages, ctx.state.clock.now());
	const apply = applyOperation(operation);
	return acceptBatch<unknown>(ctx, 'return', (item) => apply(ctx.state, item));
}

export const returnRoutes: Route[] = [
	{ method: 'GET', path: '/return/page', handler: getReturnPage },
	{
		method: 'POST',
		path: '/return',
		schema: 'createReturn',
		handler: syncWrite(201, applyOperation('create')),
	},
	{
		method: 'PUT',
		path: '/return',
		schema: 'completeReturn',
		handler: syncWrite(200, applyOperation('complete')),
	},
	{
		method: 'POST',
		path: '/return/update',
		schema: 'updateReturn',
		handler: syncWrite(201, applyOperation('update')),
	},
	{
		method: 'POST',
		path: '/return/batch/small',
		body: 'jsonLines',
		batch: true,
		itemSchema: (query) => {
			const operation = operationOf(query);
			return operation && SCHEMA_OF[operation];
		},
		handler: acceptReturnBatch,
	},
];
