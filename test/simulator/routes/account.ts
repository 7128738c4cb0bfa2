/**
 * The account's own lists: GET /warehouse/page (getWarehouses, paged with a scrollId) and GET /tradingpartner
 * (getTradingPartners). Query parameters are checked as the document describes them, and every answer is checked
 * against the vendor's answer schema before it is sent (checkedReply: a seeded value of the wrong shape answers 500).
 */
import { type Reply, badRequest, checkedReply, notFoundReply, reply } from '../http';
import type { Route, RouteContext } from '../router';
import type { AccountWarehouse, TradingPartner, TradingPartnerStatus } from '../types';
import { QueryReader } from './params';

/**
 * Searches by one of: idType + idValue; status; status + name (supplierId / dscoTradingPartnerId are ignored for a
 * supplier, as documented). With a scrollId every other parameter is ignored.
 */
function getWarehouses({ state, query }: RouteContext): Reply {
	const now = state.clock.now();
	const q = new QueryReader(query);
	const scrollId = q.string('scrollId');
	if (scrollId !== undefined) {
		const page = state.warehouseScrolls.next<AccountWarehouse>(scrollId);
		if (!page) return notFoundReply(`No page for scrollId ${scrollId}: unknown or expired`, now);
		return checkedReply('getWarehouses', { scrollId, warehouses: page.items });
	}
	const idType = q.oneOf('idType', ['code', 'warehouseId'] as const);
	const idValue = q.string('idValue');
	const status = q.oneOf('status', ['active', 'inactive'] as const);
	const name = q.string('name');
	if (idType !== undefined && idValue === undefined)
		q.fail('idValue is required if idType is present');
	if (idValue !== undefined && idType === undefined)
		q.fail('idType is required if idValue is present');
	if (idType !== undefined && (status !== undefined || name !== undefined))
		q.fail('idType/idValue cannot be combined with status or name');
	if (name !== undefined && status === undefined)
		q.fail('name can only be searched together with status');
	if (!q.ok) return badRequest(q.messages, now);
	const found = state.warehouses.filter(
		(w) =>
			(idType === undefined || w[idType] === idValue) &&
			(status === undefined || w.status === status) &&
			(name === undefined || w.name === name),
	);
	const page = state.warehouseScrolls.start(found, state.options.warehousePageSize);
	return checkedReply('getWarehouses', {
		...(page.scrollId ? { scrollId: page.scrollId } : {}),
		warehouses: page.items,
	});
}

const PARTNER_STATUSES: readonly TradingPartnerStatus[] = [
	'onboarding',
	'active',
	'paused',
	'terminated',
];

/** One of accountId, tradingPartnerId or status (more than one → 400); none: every partner not terminated. */
function getTradingPartners({ state, query }: RouteContext): Reply {
	const now = state.clock.now();
	const q = new QueryReader(query);
	const accountId = q.string('accountId');
	const tradingPartnerId = q.string('tradingPartnerId');
	const statuses = q.manyOf('status', PARTNER_STATUSES);
	const models = q.manyOf('defaultRetailModel', ['dropship', 'marketplace'] as const);
	const given = [accountId, tradingPartnerId, statuses].filter((v) => v !== undefined).length;
	if (given > 1) q.fail('Provide only one of accountId, tradingPartnerId or status');
	if (!q.ok) return badRequest(q.messages, now);
	const found: TradingPartner[] = state.tradingPartners.filter(
		(p) =>
			(accountId === undefined || p.accountId === accountId) &&
			(tradingPartnerId === undefined || p.tradingPartnerId === tradingPartnerId) &&
			(statuses === undefined
				? given > 0 || p.status !== 'terminated'
				: statuses.includes(p.status)) &&
			(models === undefined ||
				(p.defaultRetailModel !== null && models.includes(p.defaultRetailModel))),
	);
	return checkedReply('getTradingPartners', found);
}

export const accountRoutes: Route[] = [
	{ method: 'GET', path: '/warehouse/page', handler: getWarehouses },
	{ method: 'GET', path: '/tradingpartner', handler: getTradingPartners },
];
