import type { BadInputCase } from './types';

const RETAILER_ID = '1000051226';

const update = {
	resource: 'return',
	operation: 'update',
	returnIdType: '={{ $json.type ?? "dscoReturnId" }}',
	returnId: '={{ $json.id }}',
	trackingNumber: '={{ $json.tracking ?? "1ZGOOD0001" }}',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
};
const complete = {
	resource: 'return',
	operation: 'complete',
	returnIdType: 'dscoReturnId',
	returnId: '={{ $json.id }}',
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
};
const getMany = (extra: Record<string, unknown>) => ({
	resource: 'return',
	operation: 'getMany',
	returnAll: true,
	...extra,
});

/** A return of the simulator and a valid package update / completion of it. */
const aReturn = (sim: Parameters<BadInputCase['build']>[0]) => {
	const [ret] = sim.createReturns(1);
	return {
		id: ret.dscoReturnId,
		pkg: ret.lineItems.map((l) => ({ sku: l.sku, lineNumber: l.lineNumber, quantity: 1 })),
		answers: ret.lineItems.map((l) => ({
			sku: l.sku,
			lineNumber: l.lineNumber,
			response: 'accepted',
		})),
	};
};

export const returnCases: BadInputCase[] = [
	{
		name: 'return update: partner return number without the retailer',
		field: 'Retailer',
		build: (sim) => {
			const r = aReturn(sim);
			return {
				params: update,
				input: [
					{ id: r.id, lines: r.pkg },
					{ id: 'RMA-NO-ACCOUNT-1', type: 'partnerReturnNumber', lines: r.pkg },
				],
				badItem: 1,
				marker: 'RMA-NO-ACCOUNT-1',
			};
		},
	},
	{
		name: 'return update: your own return number cannot name the return of a write',
		field: 'Return ID Type',
		build: (sim) => {
			const r = aReturn(sim);
			return {
				params: update,
				input: [
					{ id: 'MY-NUMBER-77', type: 'returnNumber', lines: r.pkg },
					{ id: r.id, lines: r.pkg },
				],
				badItem: 0,
				marker: 'MY-NUMBER-77',
			};
		},
	},
	{
		name: 'return update: a package line with quantity 0',
		field: 'Line Items (JSON) › Line 1 › quantity',
		build: (sim) => {
			const r = aReturn(sim);
			return {
				params: update,
				input: [
					{ id: r.id, lines: r.pkg },
					{ id: r.id, tracking: '1ZZEROQTY01', lines: [{ sku: 'X-ZERO-QTY', quantity: 0 }] },
				],
				badItem: 1,
				marker: '1ZZEROQTY01',
			};
		},
	},
	{
		name: 'return update: a tracking number with a line break',
		field: 'Tracking Number',
		message: /control character/,
		build: (sim) => {
			const r = aReturn(sim);
			return {
				params: update,
				input: [
					{ id: r.id, tracking: '1ZBROKEN\nLINE', lines: r.pkg },
					{ id: r.id, lines: r.pkg },
				],
				badItem: 0,
				marker: '1ZBROKEN',
			};
		},
	},
	{
		name: 'return complete: a line without a response',
		field: 'Line Items (JSON) › Line 1 › response',
		build: (sim) => {
			const r = aReturn(sim);
			return {
				params: complete,
				input: [
					{ id: r.id, lines: r.answers },
					{ id: '300099991', lines: [{ sku: 'X-NO-RESPONSE' }] },
				],
				badItem: 1,
				marker: '300099991',
			};
		},
	},
	{
		name: 'return complete: a response DSCO does not know',
		field: 'Line Items (JSON) › Line 1 › response',
		message: /not one of accepted, rejected/,
		build: (sim) => {
			const r = aReturn(sim);
			return {
				params: complete,
				input: [
					{ id: '300099992', lines: [{ sku: 'X-1', response: 'refunded' }] },
					{ id: r.id, lines: r.answers },
				],
				badItem: 0,
				marker: '300099992',
			};
		},
	},
	{
		name: 'return complete: an order line key (dscoItemId) where a return line has itemId',
		field: 'Line Items (JSON) › Line 1',
		message: /unknown key "dscoItemId"/,
		build: (sim) => {
			const r = aReturn(sim);
			return {
				params: complete,
				input: [
					{ id: r.id, lines: r.answers },
					{ id: '300099993', lines: [{ dscoItemId: '123', response: 'accepted' }] },
				],
				badItem: 1,
				marker: '300099993',
			};
		},
	},
	{
		name: 'return get many: by PO number without the retailer',
		field: 'Retailer',
		build: () => ({
			params: getMany({
				searchBy: 'order',
				orderId: 'PO-WITHOUT-RETAILER',
				orderIdType: 'PO_NUMBER',
			}),
			input: [{}],
			badItem: 0,
			marker: 'PO-WITHOUT-RETAILER',
		}),
	},
	{
		name: 'return get many: by supplier order number (DSCO does not search returns by it)',
		field: 'Order ID',
		message: /DSCO order ID or the PO number/,
		build: () => ({
			params: getMany({
				searchBy: 'order',
				orderId: 'SO-NOT-SEARCHABLE',
				orderIdType: 'SUPPLIER_ORDER_NUMBER',
				retailer: { __rl: true, mode: 'accountId', value: RETAILER_ID },
			}),
			input: [{}],
			badItem: 0,
			marker: 'SO-NOT-SEARCHABLE',
		}),
	},
	{
		name: 'return get many: a status DSCO does not know',
		field: 'Statuses',
		build: () => ({
			params: getMany({
				searchBy: 'window',
				window: 'created',
				since: '2025-11-01T00:00:00Z',
				filters: { statuses: ['refunded-X'] },
			}),
			input: [{}],
			badItem: 0,
			marker: 'refunded-X',
		}),
	},
];
