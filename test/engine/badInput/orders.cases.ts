import type { BadInputCase } from './types';

const ack = {
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId: '={{ $json.id }}',
	orderIdType: '={{ $json.type ?? "DSCO_ORDER_ID" }}',
};
const get = {
	resource: 'order',
	operation: 'get',
	orderKey: '={{ $json.key ?? "dscoOrderId" }}',
	value: '={{ $json.value }}',
};
const getMany = (since: string, until?: string) => ({
	resource: 'order',
	operation: 'getMany',
	window: 'created',
	since,
	limit: 5,
	filters: until === undefined ? {} : { until },
});

export const orderCases: BadInputCase[] = [
	{
		name: 'acknowledge: empty order id',
		field: 'Order ID',
		build: (sim) => ({
			params: ack,
			input: [{ id: sim.orders()[0].dscoOrderId }, { id: '', type: 'PO_NUMBER', tag: 'X-EMPTY-1' }],
			badItem: 1,
			marker: 'X-EMPTY-1',
		}),
	},
	{
		name: 'acknowledge: unknown order id type',
		field: 'Order ID Type',
		build: (sim) => ({
			params: ack,
			input: [{ id: 'X-TYPE-77', type: 'ORDER_NUMBER' }, { id: sim.orders()[0].dscoOrderId }],
			badItem: 0,
			marker: 'X-TYPE-77',
		}),
	},
	{
		name: 'acknowledge: non-numeric DSCO order id',
		field: 'Order ID',
		message: /all digits/,
		build: (sim) => ({
			params: ack,
			input: [{ id: sim.orders()[0].dscoOrderId }, { id: '12X-ALPHA' }],
			badItem: 1,
			marker: '12X-ALPHA',
		}),
	},
	{
		name: 'get: empty value',
		field: 'Value',
		build: (sim) => ({
			params: get,
			input: [{ value: sim.orders()[0].dscoOrderId }, { value: ' ', key: 'poNumber' }],
			badItem: 1,
			marker: 'poNumber',
		}),
	},
	{
		name: 'get: non-numeric dscoOrderId',
		field: 'Value',
		build: (sim) => ({
			params: get,
			input: [{ value: 'PO-NOT-DIGITS' }, { value: sim.orders()[0].dscoOrderId }],
			badItem: 0,
			marker: 'PO-NOT-DIGITS',
		}),
	},
	{
		name: 'getMany: window start after until',
		field: 'Since',
		message: /is not before the window's end/,
		build: () => ({
			params: getMany('2025-11-21T00:00:00Z', '2025-11-20T00:00:00Z'),
			input: [{}],
			badItem: 0,
			marker: '2025-11-21T00:00:00Z',
		}),
	},
	{
		name: 'getMany: until in the future',
		field: 'Until',
		message: /in the future/,
		build: () => ({
			params: getMany('2025-11-01T00:00:00Z', '2999-01-01T00:00:00Z'),
			input: [{}],
			badItem: 0,
			marker: '2999-01-01',
		}),
	},
	{
		name: 'getMany: malformed since date',
		field: 'Since',
		message: /is not a date/,
		build: () => ({
			params: getMany('2025-13-45-nope'),
			input: [{}],
			badItem: 0,
			marker: '2025-13-45',
		}),
	},
];
