/**
 * A DSCO stream that disappears (404) is created again and read on from the stored position, with a clear log line;
 * events DSCO delivers again after that are suppressed (by event id, and by (dscoOrderId, event)). nock, because the
 * simulator cannot delete a stream.
 */
import nock from 'nock';

import { createHarness, TriggerProcess, type Harness } from './harness';
import { BASE, BASE_PATH, TOKENS, oauthCredential, order } from './fixtures';
import { useNock } from './nockSetup';

const STREAM = 'n8n-test';
const enc = encodeURIComponent;
const P0 = 'z/2025/11/21/06/34/1763706868903-0000001';
const pos = (n: number) =>
	`z/2025/11/21/06/35/17637069${String(n).padStart(5, '0')}-00000${String(n).padStart(2, '0')}`;
const event = (n: number, orderId: number) => ({
	id: pos(n),
	source: 'stream',
	payload: order(orderId),
	eventReasons: ['create'],
});
const eventsPath = (position: string) => `${BASE_PATH}/stream/${STREAM}/0/${enc(position)}`;

let h: Harness;
let requests: string[];
useNock();
beforeEach(async () => {
	h = await createHarness(oauthCredential);
	requests = [];
	nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`)
		.reply(200, { access_token: TOKENS[0], token_type: 'Bearer', expires_in: 3600 })
		.persist();
});

function api() {
	return nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } }).on(
		'request',
		(req, _i, body) => {
			requests.push(`${req.method} ${req.path.replace(BASE_PATH, '')}${body ? ` ${body}` : ''}`);
		},
	);
}

it('recreates a stream that is gone and resumes from the stored position; re-delivered events are suppressed', async () => {
	// The stream id is the trigger's own; adopt an existing stream under it.
	let streamId = '';
	api()
		.get(`${BASE_PATH}/stream`)
		.query((q) => {
			streamId = String(q.id);
			return true;
		})
		.reply(200, () => [
			{
				id: streamId,
				objectType: 'order',
				partitions: [{ partitionId: 0, position: P0, status: 'active' }],
			},
		]);
	const t = new TriggerProcess(h, { event: 'newOrder' });
	expect((await t.poll()).items).toBeNull();
	expect(streamId).toMatch(/^n8n-[0-9a-f]{32}$/);
	const path = (position: string) => eventsPath(position).replace(STREAM, streamId);

	// Poll 2: two new orders.
	api()
		.get(path(P0))
		.reply(200, { partitionId: 0, events: [event(1, 101), event(2, 102)] });
	api()
		.get(path(pos(2)))
		.reply(200, { partitionId: 0, events: [] });
	expect((await t.poll()).items?.map((i) => i.json.dscoOrderId)).toEqual(['101', '102']);

	// Poll 3: the commit finds the stream gone. It is created again (same id and query), given back the last confirmed
	// position, then the pending one, and read from the stored position. DSCO re-delivers event 2: suppressed.
	requests = [];
	api()
		.put(path(pos(2)))
		.reply(404, { message: 'Stream not found' });
	api().get(`${BASE_PATH}/stream`).query({ id: streamId }).reply(404, { message: 'not found' });
	api()
		.post(`${BASE_PATH}/stream`)
		.reply(201, (_uri, body) => ({
			...(body as object),
			partitions: [{ partitionId: 0, position: 'z/2025/11/21/07/00/1763708400000-0000001' }],
		}));
	api().put(path(P0)).reply(200, { status: 'success' });
	api()
		.put(path(pos(2)))
		.reply(200, { status: 'success' });
	api()
		.get(path(pos(2)))
		.reply(200, { partitionId: 0, events: [event(2, 102), event(3, 103)] });
	api()
		.get(path(pos(3)))
		.reply(200, { partitionId: 0, events: [] });
	const third = await t.poll();
	expect(third.error).toBeUndefined();
	expect(third.items?.map((i) => i.json.dscoOrderId)).toEqual(['103']);
	expect(requests.map((r) => r.split(' ').slice(0, 2).join(' '))).toEqual([
		`PUT /stream/${streamId}/0/${enc(pos(2))}`,
		`GET /stream?id=${streamId}`,
		'POST /stream',
		`PUT /stream/${streamId}/0/${enc(P0)}`,
		`PUT /stream/${streamId}/0/${enc(pos(2))}`,
		`GET /stream/${streamId}/0/${enc(pos(2))}`,
		`GET /stream/${streamId}/0/${enc(pos(3))}`,
	]);
	const created = JSON.parse(requests[2].slice('POST /stream '.length));
	expect(created).toMatchObject({
		id: streamId,
		objectType: 'order',
		query: { queryType: 'order', orderTypes: ['dropship'] },
	});
	expect(
		h
			.logLines()
			.some((l) =>
				l.includes(
					`DSCO stream "${streamId}" was not found (404); created it again and resuming from the stored position ${pos(2)}`,
				),
			),
	).toBe(true);

	// Poll 4: gone again while reading. Recreated; the same order under a new event id is not delivered twice.
	requests = [];
	api()
		.put(path(pos(3)))
		.reply(200, { status: 'success' });
	api()
		.get(path(pos(3)))
		.reply(404, { message: 'Stream not found' });
	api().get(`${BASE_PATH}/stream`).query({ id: streamId }).reply(404, { message: 'not found' });
	api()
		.post(`${BASE_PATH}/stream`)
		.reply(201, (_uri, body) => ({
			...(body as object),
			partitions: [{ partitionId: 0, position: 'z/2025/11/21/08/00/1763712000000-0000001' }],
		}));
	api()
		.put(path(pos(3)))
		.reply(200, { status: 'success' });
	api()
		.get(path(pos(3)))
		.reply(200, { partitionId: 0, events: [event(4, 103), event(5, 104)] });
	api()
		.get(path(pos(5)))
		.reply(200, { partitionId: 0, events: [] });
	expect((await t.poll()).items?.map((i) => i.json.dscoOrderId)).toEqual(['104']);
	expect(nock.pendingMocks().filter((m) => !m.includes('oauth2'))).toEqual([]);
});
