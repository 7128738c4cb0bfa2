/**
 * Table of bad inputs across the operations. Each is refused with the item index and the field named, nothing is
 * sent for that item, and under continue-on-fail the other items still go through.
 */
import { badInputCases } from './badInput';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 10, skus: 20, packingSlipReadyMs: 0 });
});
afterEach(async () => {
	await s.sim.close();
});

const sentToDsco = (sim: SimHarness['sim']) =>
	sim.requests
		.filter((r) => r.path !== '/oauth2/token')
		.map((r) => JSON.stringify({ q: r.query, b: r.body }));

it('has at least 40 distinct cases', () => {
	expect(new Set(badInputCases.map((c) => c.name)).size).toBe(badInputCases.length);
	expect(badInputCases.length).toBeGreaterThanOrEqual(40);
});

/** Errors quote at most 100 characters of a value: a message stays short whatever was given. */
const MAX_MESSAGE_LENGTH = 600;

describe.each(badInputCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
	it('stops the node naming item and field, sending nothing', async () => {
		const { params, input, badItem, timezone } = c.build(s.sim);
		const { error } = await s.h.run(params, input, { timezone });
		expect(error?.message).toContain(`Invalid "${c.field}" [item ${badItem}]`);
		if (c.message) expect(error?.message).toMatch(c.message);
		expect(error!.message.length).toBeLessThan(MAX_MESSAGE_LENGTH);
		if (badItem === 0 || input.length === 1 || params.operation !== 'get')
			expect(sentToDsco(s.sim)).toEqual([]);
	});

	if (c.scope === 'node') {
		it('under continue-on-fail: still stops the node (a setting of the whole run), sending nothing', async () => {
			const { params, input, timezone } = c.build(s.sim);
			const { error } = await s.h.run(params, input, { continueOnFail: true, timezone });
			expect(error?.message).toContain(`Invalid "${c.field}" [item 0]`);
			expect(sentToDsco(s.sim)).toEqual([]);
		});
		return;
	}

	it('under continue-on-fail: an error item for it, the others proceed, nothing of it sent', async () => {
		const { params, input, badItem, marker, timezone } = c.build(s.sim);
		const { items, error } = await s.h.run(params, input, { continueOnFail: true, timezone });
		expect(error).toBeUndefined();
		const bad = items.filter((i) => (i.pairedItem as { item: number }).item === badItem);
		expect(bad).toHaveLength(1);
		expect(bad[0].json.error).toContain(`Invalid "${c.field}" [item ${badItem}]`);
		const others = items.filter((i) => (i.pairedItem as { item: number }).item !== badItem);
		for (const o of others) expect(o.json.error).toBeUndefined();
		expect(new Set(others.map((o) => (o.pairedItem as { item: number }).item)).size).toBe(
			input.length - 1,
		);
		for (const sent of sentToDsco(s.sim)) expect(sent).not.toContain(marker);
	});
});
