/**
 * The trigger's own parameters are checked before anything is sent, like the action node's: a Start Date that is no
 * calendar date is refused, one without a zone is read in the workflow's timezone, and Request Options from
 * expressions that are not sensible numbers are refused naming the option.
 */
import { TriggerProcess } from './harness';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 3 });
});
afterEach(async () => {
	await s.sim.close();
});

const apiCalls = () => s.sim.requests.filter((r) => r.path !== '/oauth2/token');

it('date-window backfill: a Start Date without a zone starts the search at that time in the workflow timezone', async () => {
	const t = new TriggerProcess(
		s.h,
		{ event: 'newOrder', mode: 'dateWindow', options: { startDate: '2025-11-01T00:00:00' } },
		{ timezone: 'America/New_York' },
	);
	const outcome = await t.poll();
	expect(outcome.error).toBeUndefined();
	const search = apiCalls().find((r) => r.path === '/order/page');
	expect(search?.query.ordersCreatedSince).toBe('2025-11-01T04:00:00Z');
});

it.each([
	[
		{ options: { startDate: '2026-02-30T00:00:00' } },
		'Start Date',
		'"2026-02-30T00:00:00" is not a date: February 2026 has 28 days',
	],
	[
		{ options: { startDate: '={{ "2025-11-06T24:00:00Z" }}' } },
		'Start Date',
		'is not a time of day',
	],
	[
		{ requestOptions: { timeoutSeconds: '={{ 0 }}' } },
		'Request Options › Timeout (Seconds)',
		'0 is below the minimum of 1 second',
	],
	[
		{ requestOptions: { maxRetries: '={{ "lots" }}' } },
		'Request Options › Max Retries',
		'"lots" is not a number',
	],
	[
		{ requestOptions: { maxRetries: '={{ -2 }}' } },
		'Request Options › Max Retries',
		'-2 is below the minimum of 0',
	],
	[
		{ options: { maxEventsPerPoll: '={{ "0x10" }}' } },
		'Max Events Per Poll',
		'"0x10" is not a number',
	],
])('refuses %j naming the field, sending nothing', async (params, field, problem) => {
	const t = new TriggerProcess(s.h, { event: 'newOrder', mode: 'dateWindow', ...params });
	const outcome = await t.poll();
	expect(outcome.error?.message).toContain(`Invalid "${field}": `);
	expect(outcome.error?.message).toContain(problem);
	expect(apiCalls()).toEqual([]);
});
