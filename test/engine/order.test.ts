import nock from 'nock';

import { createHarness, type Harness } from './harness';
import { BASE, BASE_PATH, CLIENT_SECRET, TOKENS, oauthCredential, order } from './fixtures';

let h: Harness;

beforeAll(async () => {
	nock.disableNetConnect();
});
beforeEach(async () => {
	h = await createHarness(oauthCredential);
});
afterEach(() => {
	nock.cleanAll();
});

function tokenEndpoint(token = TOKENS[0], times = 1) {
	return nock(BASE)
		.post(`${BASE_PATH}/oauth2/token`, (body) => {
			return body.grant_type === 'client_credentials' && body.client_id === 'client-42' && body.client_secret === CLIENT_SECRET;
		})
		.times(times)
		.reply(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
}

describe('order.get', () => {
	it('gets an order by PO number with one token fetch, bearer auth and SLA fields', async () => {
		const token = tokenEndpoint();
		const api = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKENS[0]}` } })
			.get(`${BASE_PATH}/order/`)
			.query({ orderKey: 'poNumber', value: 'PO-7' })
			.reply(200, order(7, { poNumber: 'PO-7' }));

		const { items, error } = await h.run({ resource: 'order', operation: 'get', orderKey: 'poNumber', value: 'PO-7' });

		expect(error).toBeUndefined();
		expect(token.isDone()).toBe(true);
		expect(api.isDone()).toBe(true);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ dscoOrderId: '7', poNumber: 'PO-7' });
		expect(items[0].json.sla).toMatchObject({ acknowledgeOverdue: true, shipOverdue: false });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});
