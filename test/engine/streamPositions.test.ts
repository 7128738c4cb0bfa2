/**
 * Stream positions come from DSCO's answers (and the trigger's stored state) and go back into request paths. Whatever
 * a position holds — slashes, dot segments, percent signs — the path DSCO receives keeps it as the one position
 * segment; a position URL parsing would drop entirely ("." or "..", even percent-encoded) is refused before anything
 * is sent. nock sees the path after the HTTP client's own URL parsing, as DSCO would.
 */
import nock from 'nock';

import { BASE, BASE_PATH, TOKENS, oauthCredential, order } from './fixtures';
import { createHarness, TriggerProcess, type Harness } from './harness';
import { useNock } from './nockSetup';

let h: Harness;
/** Every API request nock received (method and raw path), in order. */
let received: string[];
/** Answers by `${method} ${path}` (path without /api/v3); anything else answers 404. */
let answers: Map<string, unknown>;
/** Where partition 0 of the existing stream stands (GET /stream?id= answers it under the id asked for). */
let adopted: { position: string } | undefined;

useNock();
beforeEach(async () => {
	h = await createHarness(oauthCredential);
	received = [];
	answers = new Map();
	adopted = undefined;
	nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`)
		.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 })
		.persist();
	const api = nock(BASE).persist();
	const reply = (method: string) =>
		function (this: { req: { path: string } }, uri: string): [number, unknown] {
			received.push(`${method} ${uri}`);
			const path = uri.replace(BASE_PATH, '').replace(/\?.*$/, '');
			if (method === 'GET' && path === '/stream' && adopted) {
				const id = new URL(uri, BASE).searchParams.get('id');
				return [
					200,
					[
						{
							id,
							objectType: 'order',
							partitions: [{ partitionId: 0, position: adopted.position, status: 'active' }],
						},
					],
				];
			}
			const answer = answers.get(`${method} ${path}`);
			return answer === undefined ? [404, { message: 'not found' }] : [200, answer];
		};
	api.get(() => true).reply(reply('GET'));
	api.put(() => true).reply(reply('PUT'));
	api.post((uri) => !uri.endsWith('/oauth2/token')).reply(reply('POST'));
});

/** A trigger that adopts an existing stream whose partition 0 stands at `position`. */
async function adopt(position: string): Promise<{ t: TriggerProcess; streamId: string }> {
	adopted = { position };
	const t = new TriggerProcess(h, { event: 'newOrder' });
	const first = await t.poll();
	expect(first.error).toBeUndefined();
	expect(first.items).toBeNull();
	expect(received).toHaveLength(1);
	const streamId = new URL(received[0].slice('GET '.length), BASE).searchParams.get('id') ?? '';
	received = [];
	return { t, streamId };
}

const event = (id: string, orderId: number) => ({
	id,
	source: 'stream',
	payload: order(orderId),
	eventReasons: ['create'],
});

it('positions with slashes, dot segments and percent signs reach DSCO as one encoded segment each, reads and commits alike', async () => {
	const start = '../../order/page';
	const { t, streamId } = await adopt(start);
	const positions = ['./x', '...', 'a/../../b', '%2E%2E', '.%2e'];
	const segment = (p: string) => `/stream/${streamId}/0/${encodeURIComponent(p)}`;
	// Each read answers one event whose id (= its position) is the next tricky position; the last read is empty.
	[start, ...positions].forEach((p, k) => {
		answers.set(`GET ${segment(p)}`, {
			partitionId: 0,
			events: k < positions.length ? [event(positions[k], 201 + k)] : [],
		});
	});

	const second = await t.poll();
	expect(second.error).toBeUndefined();
	expect(second.items?.map((i) => i.json.dscoOrderId)).toEqual(['201', '202', '203', '204', '205']);
	expect(received).toEqual([start, ...positions].map((p) => `GET ${BASE_PATH}${segment(p)}`));
	// What the paths look like on the wire: dots kept inside the one segment, slashes and percent signs encoded.
	expect(received[0]).toBe(`GET ${BASE_PATH}/stream/${streamId}/0/..%2F..%2Forder%2Fpage`);
	expect(received[4]).toBe(`GET ${BASE_PATH}/stream/${streamId}/0/%252E%252E`);
	for (const r of received) expect(r.split('/')).toHaveLength(7);

	// The next poll confirms the last position to DSCO: the same segment, by PUT.
	received = [];
	answers.set(`PUT ${segment('.%2e')}`, { status: 'success' });
	expect((await t.poll()).items).toBeNull();
	expect(received[0]).toBe(`PUT ${BASE_PATH}/stream/${streamId}/0/.%252e`);
	expect(received.filter((r) => !r.includes(`/stream/${streamId}/0/`))).toEqual([]);
});

it.each([['..'], ['.']])(
	'a stored position "%s" is refused before anything is sent: no request reaches a shortened path',
	async (position) => {
		const { t, streamId } = await adopt(position);
		const outcome = await t.poll();
		expect(outcome.error?.message).toBe(
			`The DSCO stream position "${position}" cannot be sent: as a path segment it would change the request's path; nothing was sent`,
		);
		// Neither the read nor a commit went out, to `/stream/{id}/0/..` or to what URL parsing makes of it.
		expect(received).toEqual([]);
		expect(streamId).toMatch(/^n8n-[0-9a-f]{32}$/);
	},
);

it('an event id ".." from DSCO is delivered once, then refused as the next position; the poll after fails loudly, sending nothing', async () => {
	const { t, streamId } = await adopt('z/2025/11/21/06/34/1763706868903-0000001');
	answers.set(
		`GET /stream/${streamId}/0/${encodeURIComponent('z/2025/11/21/06/34/1763706868903-0000001')}`,
		{ partitionId: 0, events: [event('..', 301)] },
	);
	const second = await t.poll();
	expect(second.items?.map((i) => i.json.dscoOrderId)).toEqual(['301']);
	expect(received).toHaveLength(1);
	expect(h.logLines().some((l) => l.includes('The DSCO stream position ".." cannot be sent'))).toBe(
		true,
	);

	received = [];
	const third = await t.poll();
	expect(third.error?.message).toMatch(/The DSCO stream position "\.\." cannot be sent/);
	expect(received).toEqual([]);
});
