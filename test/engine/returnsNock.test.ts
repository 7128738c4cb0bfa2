/**
 * Return operations against exact DSCO exchanges (nock), for answers the simulator does not give: a redirect, a 429
 * before a write, a 503 after a completion DSCO applied (the return read shows it) or half applied by someone else
 * (not sent again), and an empty search for Return → Get.
 */
import nock from 'nock';

import { BASE_PATH } from './fixtures';
import { createHarness, type Harness } from './harness';
import { apiTokenCredential, dsco, received, resetRecording, unmatched } from './hostile/families';
import { useNock } from './nockSetup';

useNock();

let h: Harness;
beforeEach(async () => {
	h = await createHarness(apiTokenCredential);
	resetRecording();
});

const RETURN_ID = '300010001';
const SKU = 'SKU-1';
const theReturn = (responses: Array<string | undefined>) => ({
	dscoReturnId: RETURN_ID,
	status: responses.every((r) => r) ? 'completed' : 'created',
	lineItems: responses.map((response, k) => ({
		sku: `${SKU}${k}`,
		lineNumber: k + 1,
		quantity: 1,
		reasonCode: 'DAMAGED',
		...(response ? { response } : {}),
	})),
	packages: [],
});
const complete = {
	resource: 'return',
	operation: 'complete',
	returnIdType: 'dscoReturnId',
	returnId: RETURN_ID,
	lineItemsInput: 'json',
	lineItemsJson: JSON.stringify([
		{ sku: `${SKU}0`, lineNumber: 1, response: 'accepted' },
		{ sku: `${SKU}1`, lineNumber: 2, response: 'rejected' },
	]),
	requestOptions: { maxRetries: 2, maxRetryWaitSeconds: 1 },
};
const completeBody = {
	dscoReturnId: RETURN_ID,
	lineItems: [
		{ sku: `${SKU}0`, lineNumber: 1, response: 'accepted' },
		{ sku: `${SKU}1`, lineNumber: 2, response: 'rejected' },
	],
};
const readReturn = (ret: object) =>
	dsco()
		.get(`${BASE_PATH}/return/page`)
		.query({ returnIdType: 'dscoReturnId', returnIdValue: RETURN_ID })
		.reply(200, { returns: [ret] });
const seq = () => received.map((r) => `${r.method} ${r.path}`);

it('a redirect on /return/page is an error; the Location is never asked', async () => {
	const elsewhere = nock('https://elsewhere.example').get(/.*/).reply(200, { returns: [] });
	dsco()
		.get(`${BASE_PATH}/return/page`)
		.query(true)
		.reply(302, '', { Location: 'https://elsewhere.example/return/page' });
	const { error } = await h.run({
		resource: 'return',
		operation: 'get',
		returnIdType: 'dscoReturnId',
		returnId: RETURN_ID,
	});
	expect(error?.message).toMatch(/302/);
	expect(elsewhere.isDone()).toBe(false);
	expect(seq()).toEqual(['GET /return/page']);
	nock.cleanAll();
});

it('Return → Get: an empty search is "Return not found", never an empty success', async () => {
	dsco()
		.get(`${BASE_PATH}/return/page`)
		.query({ returnIdType: 'returnNumber', returnIdValue: 'MY-RMA-9' })
		.reply(200, { returns: [] });
	const { error, items } = await h.run({
		resource: 'return',
		operation: 'get',
		returnIdType: 'returnNumber',
		returnId: 'MY-RMA-9',
	});
	expect(items).toEqual([]);
	expect(error?.message).toBe(
		'Return not found: no DSCO return with returnNumber "MY-RMA-9" [item 0]',
	);
	expect(unmatched).toEqual([]);
});

it('a 429 on POST /return/update proves DSCO did not take it: sent again, once, without reading anything', async () => {
	const body = {
		dscoReturnId: RETURN_ID,
		packages: [{ trackingNumber: '1ZRET429', lineItems: [{ sku: SKU, quantity: 1 }] }],
	};
	dsco().post(`${BASE_PATH}/return/update`, body).reply(429, { message: 'Too many requests' });
	dsco()
		.post(`${BASE_PATH}/return/update`, body)
		.reply(201, {
			status: 'success',
			return: { ...theReturn([undefined]), packages: body.packages },
		});
	const { items, error } = await h.run({
		resource: 'return',
		operation: 'update',
		returnIdType: 'dscoReturnId',
		returnId: RETURN_ID,
		trackingNumber: '1ZRET429',
		lineItemsInput: 'json',
		lineItemsJson: JSON.stringify([{ sku: SKU, quantity: 1 }]),
		requestOptions: { maxRetryWaitSeconds: 1 },
	});
	expect(error).toBeUndefined();
	expect(seq()).toEqual(['POST /return/update', 'POST /return/update']);
	expect(items[0].json).toMatchObject({ status: 'success', returnStatus: 'created' });
});

it('a 503 after DSCO completed the return: the return read shows every line answered as sent → success, not sent again', async () => {
	dsco().put(`${BASE_PATH}/return/`, completeBody).reply(503, 'Service Unavailable');
	readReturn(theReturn(['accepted', 'rejected']));
	const { items, error } = await h.run(complete);
	expect(error).toBeUndefined();
	expect(seq()).toEqual(['PUT /return/', 'GET /return/page']);
	expect(received[0].body).toEqual(completeBody);
	expect(items.map((i) => i.json)).toEqual([
		{
			dscoReturnId: RETURN_ID,
			accepted: 1,
			rejected: 1,
			status: 'success',
			resendSkipped: true,
			message: expect.stringMatching(/every line sent answered as sent.*not sent again/),
		},
	]);
});

it('a 503, and the return shows a line answered otherwise: an error saying what to check, not sent again', async () => {
	dsco().put(`${BASE_PATH}/return/`, completeBody).reply(503, 'Service Unavailable');
	readReturn(theReturn(['accepted', 'accepted']));
	const { items, error } = await h.run(complete, [{}], { continueOnFail: true });
	expect(error).toBeUndefined();
	expect(seq()).toEqual(['PUT /return/', 'GET /return/page']);
	expect(items[0].json.error).toMatch(
		/may have reached DSCO, and DSCO's return 300010001 shows line 2 \(sku SKU-11\) already accepted, unlike what was sent: not sent again \[item 0\]/,
	);
	expect(items[0].json.status).toBeUndefined();
});

it('a 503 before DSCO processed it: two reads a moment apart show nothing, then it is sent again once', async () => {
	dsco().put(`${BASE_PATH}/return/`, completeBody).reply(503, 'Service Unavailable');
	readReturn(theReturn([undefined, undefined]));
	readReturn(theReturn([undefined, undefined]));
	dsco()
		.put(`${BASE_PATH}/return/`, completeBody)
		.reply(200, { status: 'success', return: theReturn(['accepted', 'rejected']) });
	const { items, error } = await h.run(complete);
	expect(error).toBeUndefined();
	expect(seq()).toEqual(['PUT /return/', 'GET /return/page', 'GET /return/page', 'PUT /return/']);
	expect(items[0].json).toMatchObject({ status: 'success', returnStatus: 'completed' });
	expect(nock.pendingMocks()).toEqual([]);
});

it('DSCO’s ReturnResponse with status failure fails the item with DSCO’s words', async () => {
	dsco()
		.put(`${BASE_PATH}/return/`, completeBody)
		.reply(200, {
			status: 'failure',
			messages: [
				{ code: 'INVALID', severity: 'error', description: 'Return is already completed' },
			],
		});
	const { items, error } = await h.run(complete, [{}], { continueOnFail: true });
	expect(error).toBeUndefined();
	expect(items[0].json.error).toMatch(/DSCO did not apply the return completion/);
	expect(JSON.stringify(items[0].json)).toMatch(/already completed/);
	expect(seq()).toEqual(['PUT /return/']);
});
