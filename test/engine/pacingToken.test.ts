/**
 * Pacing counts a request from when it can have reached DSCO. The first request of a run often waits for n8n to
 * fetch an OAuth2 token first; counted from its slot, the 11th order page of the first second reached DSCO less
 * than a second after the 1st and got a 429 (seen by the benchmark, bench/RESULTS.md). Here the token endpoint is
 * slow and the pages are instant: every 11th page must still reach DSCO at least a second after the 1st.
 *
 * Assertions hold on a busy machine: arrival times are only compared one way (a slow machine spreads pages out,
 * it never crowds them into a window); "no slower than needed" is shown on a virtual clock in
 * test/unit/pacing.test.ts.
 */
import nock from 'nock';

import { createHarness } from './harness';
import { BASE, BASE_PATH, TOKENS, oauthCredential, order } from './fixtures';
import { useNock } from './nockSetup';

useNock();

const TOKEN_DELAY_MS = 400;

it('waits a full second after the first page really reached DSCO, also when a token was fetched first', async () => {
	// Its own account (client ID), so that no other test's reservations shape these windows.
	const h = await createHarness({ ...oauthCredential, clientId: 'client-pacing' });
	nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`)
		.delay(TOKEN_DELAY_MS)
		.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 });
	const arrived: number[] = [];
	const PAGES = 12;
	let served = 0;
	nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
		.get(`${BASE_PATH}/order/page`)
		.query(true)
		.times(PAGES + 1)
		.reply(200, () => {
			arrived.push(Date.now());
			served++;
			return { scrollId: 'scroll-1', orders: served <= PAGES ? [order(served)] : [] };
		});

	const { items, error } = await h.run({
		resource: 'order',
		operation: 'getMany',
		window: 'created',
		since: '2025-11-01T00:00:00Z',
		returnAll: true,
		filters: { until: '2025-11-20T00:00:00Z' },
	});

	expect(error).toBeUndefined();
	expect(items).toHaveLength(PAGES);
	expect(arrived).toHaveLength(PAGES + 1);
	// DSCO's limit for /order/page is 10 a second: no one-second window, counted from any page's arrival, holds
	// more than 10 of them.
	const inWindow = arrived.map(
		(start) => arrived.filter((t) => t >= start && t < start + 1000).length,
	);
	expect(Math.max(...inWindow)).toBeLessThanOrEqual(10);
	// That the first ten go at once (no slower than needed) is shown on a virtual clock in test/unit/pacing.test.ts:
	// measured here it would be a wall-clock threshold, which a busy machine breaks.
});
