/**
 * One n8n process running 10 executions at once (a worker at concurrency 10), each updating inventory one item a
 * call through /inventory/singleItem (DSCO: 5 a second, 300 a minute, per account). The process has no token yet:
 * the first calls wait inside n8n's request helper while tokens are fetched (slowly), so they reach DSCO late.
 * Whatever the delay, DSCO must never see more than 5 of them within one second: counted here from the arrival
 * times at the (nock) DSCO, window by window.
 */
import nock from 'nock';

import { createHarness } from './harness';
import { BASE, BASE_PATH, TOKENS, oauthCredential } from './fixtures';
import { useNock } from './nockSetup';

useNock();

const TOKEN_DELAY_MS = 900;
const EXECUTIONS = 10;
const ITEMS_PER_EXECUTION = 2;

/** The largest number of arrivals within any window of `ms` (a window (t − ms, t] ending at an arrival). */
function busiestWindow(arrivals: number[], ms: number): number {
	const sorted = [...arrivals].sort((a, b) => a - b);
	let most = 0;
	for (let k = 0; k < sorted.length; k++) {
		let n = 0;
		for (let j = k; j >= 0 && sorted[k] - sorted[j] < ms; j--) n++;
		most = Math.max(most, n);
	}
	return most;
}

it('10 concurrent executions never put more than 5 singleItem calls in one second, also while the first wait for a token', async () => {
	const h = await createHarness({ ...oauthCredential, clientId: 'client-concurrency' });
	nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`)
		.delay(TOKEN_DELAY_MS)
		.times(EXECUTIONS)
		.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
	const arrivals: number[] = [];
	const bodies: unknown[] = [];
	nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
		.post(`${BASE_PATH}/inventory/singleItem`)
		.times(EXECUTIONS * ITEMS_PER_EXECUTION)
		.reply(201, (_uri, body) => {
			arrivals.push(Date.now());
			bodies.push(body);
			return { success: true };
		});

	const params = {
		resource: 'inventory',
		operation: 'update',
		sku: '={{ $json.sku }}',
		quantitySource: 'total',
		quantity: 3,
		sendMode: 'single',
	};
	const runs = await Promise.all(
		Array.from({ length: EXECUTIONS }, (_, e) =>
			h.run(
				params,
				Array.from({ length: ITEMS_PER_EXECUTION }, (_, i) => ({ sku: `SKU-${e}-${i}` })),
			),
		),
	);

	for (const r of runs) expect(r.error).toBeUndefined();
	expect(runs.flatMap((r) => r.items.map((i) => i.json.status))).toEqual(
		Array(EXECUTIONS * ITEMS_PER_EXECUTION).fill('success'),
	);
	// Every SKU reached DSCO exactly once.
	const skus = bodies.map((b) => (b as { sku: string }).sku).sort();
	expect(skus).toEqual(
		Array.from({ length: EXECUTIONS }, (_, e) =>
			Array.from({ length: ITEMS_PER_EXECUTION }, (_, i) => `SKU-${e}-${i}`),
		)
			.flat()
			.sort(),
	);
	// DSCO's per-second limit, counted on arrival.
	expect(busiestWindow(arrivals, 1000)).toBeLessThanOrEqual(5);
	// And the pacing still uses the window: the first 5 went together.
	expect(busiestWindow(arrivals, 1000)).toBe(5);
});
