/**
 * A date given without a zone is read in the workflow's timezone (its Timezone setting, else the instance's default,
 * GENERIC_TIMEZONE), as n8n's own nodes read it; a date with a zone is taken as given. Checked on what DSCO receives
 * (the simulator's request log), through n8n-core's engine with the workflow settings n8n would pass.
 */
import { getGlobalState, setGlobalState } from 'n8n-workflow';

import type { Order } from '../simulator';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 6, cancelRequests: 0 });
});
afterEach(async () => {
	await s.sim.close();
});

const ship = (shipDate: string) => ({
	resource: 'shipment',
	operation: 'create',
	orderId: '={{ $json.orderId }}',
	orderIdType: 'DSCO_ORDER_ID',
	trackingNumber: '={{ $json.tracking }}',
	shippingServiceLevelCode: 'UPCG',
	shipDate,
	lineItemsInput: 'json',
	lineItemsJson: '={{ $json.lines }}',
});
const pkg = (o: Order, tracking: string) => ({
	orderId: o.dscoOrderId,
	tracking,
	lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, quantity: 1 }],
});
const sentShipDates = () =>
	s.sim.requests
		.filter((r) => r.path === '/order/singleShipment')
		.map((r) => (r.body as { shipments: Array<{ shipDate?: string }> }).shipments[0].shipDate);

it.each([
	[
		'a date and time without a zone',
		'Europe/Berlin',
		'2026-01-15T09:30:00',
		'2026-01-15T08:30:00Z',
	],
	['the same in summer time', 'Europe/Berlin', '2026-07-15T09:30:00', '2026-07-15T07:30:00Z'],
	['a date alone (midnight there)', 'America/Los_Angeles', '2026-01-15', '2026-01-15T08:00:00Z'],
	[
		'a date and time with Z (the workflow timezone does not apply)',
		'Asia/Tokyo',
		'2026-01-15T09:30:00Z',
		'2026-01-15T09:30:00Z',
	],
	[
		'a date and time with an offset',
		'Asia/Tokyo',
		'2026-01-15T09:30:00-05:00',
		'2026-01-15T14:30:00Z',
	],
])(
	'ship date, %s, in workflow timezone %s: DSCO receives UTC',
	async (_what, timezone, given, expected) => {
		const [a] = s.sim.orders();
		const { error } = await s.h.run(ship(given), [pkg(a, '1ZTZ0001')], { timezone });
		expect(error).toBeUndefined();
		expect(sentShipDates()).toEqual([expected]);
	},
);

it('without a workflow timezone, the instance default (GENERIC_TIMEZONE) is used', async () => {
	const before = getGlobalState();
	setGlobalState({ ...before, defaultTimezone: 'Asia/Tokyo' });
	try {
		const [a] = s.sim.orders();
		const { error } = await s.h.run(ship('2026-01-15T09:30:00'), [pkg(a, '1ZTZ0002')]);
		expect(error).toBeUndefined();
		expect(sentShipDates()).toEqual(['2026-01-15T00:30:00Z']);
	} finally {
		setGlobalState(before);
	}
});

it('Get Many reads a zone-less Since in the workflow timezone', async () => {
	const { error } = await s.h.run(
		{
			resource: 'order',
			operation: 'getMany',
			window: 'created',
			since: '2025-11-01T00:00:00',
			limit: 5,
		},
		[{}],
		{ timezone: 'America/New_York' },
	);
	expect(error).toBeUndefined();
	const search = s.sim.requests.find((r) => r.path === '/order/page');
	expect(search?.query.ordersCreatedSince).toBe('2025-11-01T04:00:00Z');
});
