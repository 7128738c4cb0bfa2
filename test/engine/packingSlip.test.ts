/**
 * Packing Slip → Create and → Get against the simulator: every slip requested first (POST /packingslip, the body
 * DSCO documents), then read together until ready (GET /packingslip), then each PDF downloaded without the DSCO token
 * into the input item's binary data. DSCO's failures and a slip still pending at the timeout are errors of their
 * own item. (The poll's timing is tested on a virtual clock in test/unit/packingSlips.test.ts.)
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { Order } from '../simulator';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
afterEach(async () => {
	await s.sim.close();
});
const start = async (packingSlipReadyMs: number) => {
	s = await simHarness({ orders: 6, cancelRequests: 0, packingSlipReadyMs });
};

const slip = (extra: IDataObject = {}): IDataObject => ({
	resource: 'packingSlip',
	operation: 'create',
	...extra,
});
const calls = () =>
	s.sim.requests
		.filter((r) => r.path !== '/oauth2/token')
		.map((r) => `${r.method} ${r.path.startsWith('/__files/') ? '/__files/…' : r.path}`);
const pdfOf = (b: IBinaryData) => Buffer.from(b.data, 'base64');

describe('Packing Slip → Create', () => {
	it('requests every slip, then polls until ready, then downloads each PDF into the input item', async () => {
		await start(300);
		const orders = s.sim.orders().slice(0, 3);
		const { items, error } = await s.h.run(slip(), orders as unknown as IDataObject[]);
		expect(error).toBeUndefined();

		// All three requested before any read: one round of reads serves every slip still pending.
		const sequence = calls();
		expect(sequence.slice(0, 3)).toEqual(Array(3).fill('POST /packingslip'));
		expect(sequence.filter((c) => c === 'GET /__files/…')).toHaveLength(3);
		const firstDownload = sequence.indexOf('GET /__files/…');
		expect(sequence.slice(3, firstDownload).every((c) => c === 'GET /packingslip')).toBe(true);
		expect(sequence.slice(3, firstDownload).length).toBeGreaterThanOrEqual(3);
		expect(
			s.sim.requests
				.filter((r) => r.path === '/packingslip' && r.method === 'POST')
				.map((r) => [r.body, r.status]),
		).toEqual(orders.map((o) => [{ dscoOrderId: Number(o.dscoOrderId) }, 202]));
		for (const d of s.sim.requests.filter((r) => r.path.startsWith('/__files/')))
			expect(d.headers.authorization).toBeUndefined();

		const slips = s.sim.packingSlips();
		items.forEach((item, k) => {
			const o = orders[k];
			expect(item.pairedItem).toEqual({ item: k });
			// The input item as it was, with the slip's facts added.
			expect(item.json).toEqual({
				...(o as unknown as IDataObject),
				packingSlip: {
					requestId: slips[k].requestId,
					status: 'success',
					dscoOrderId: o.dscoOrderId,
					poNumber: o.poNumber,
					fileName: `${o.poNumber}-packing-slip.pdf`,
				},
			});
			const file = item.binary!.packingSlip;
			expect({
				fileName: file.fileName,
				mimeType: file.mimeType,
				fileExtension: file.fileExtension,
			}).toEqual({
				fileName: `${o.poNumber}-packing-slip.pdf`,
				mimeType: 'application/pdf',
				fileExtension: 'pdf',
			});
			const pdf = pdfOf(file);
			expect(pdf.equals(s.sim.file(slips[k].fileId!)!.data)).toBe(true);
			expect(pdf.toString('latin1')).toContain(`(PO: ${o.poNumber}) Tj`);
		});
	});

	it('ready at once: DSCO answers 200 with the url and nothing is polled', async () => {
		await start(0);
		const [o] = s.sim.orders();
		const { items, error } = await s.h.run(slip({ orderId: o.poNumber, orderIdType: 'PO_NUMBER' }));
		expect(error).toBeUndefined();
		expect(calls()).toEqual(['POST /packingslip', 'GET /__files/…']);
		expect(s.sim.requests.find((r) => r.path === '/packingslip')?.body).toEqual({
			poNumber: o.poNumber,
		});
		expect(items[0].json.packingSlip).toMatchObject({
			status: 'success',
			poNumber: o.poNumber,
			dscoOrderId: null,
			fileName: `${o.poNumber}-packing-slip.pdf`,
		});
	});

	it('listed lines (fields and JSON), pallets and units: the body DSCO documents; a supplier order number is resolved first', async () => {
		await start(0);
		const [a, b] = s.sim.orders();
		await s.h.run({
			resource: 'acknowledgment',
			operation: 'acknowledge',
			orderId: b.dscoOrderId,
			orderIdType: 'DSCO_ORDER_ID',
			additionalFields: { supplierOrderNumber: 'SO-9' },
		});
		s.sim.clearRequests();
		const line = (o: Order) => o.lineItems[0];
		const fields = await s.h.run(
			slip({
				orderId: a.dscoOrderId,
				itemsSource: 'fields',
				items: { values: [{ itemId: line(a).dscoItemId, lineNumber: 1, quantity: 1 }] },
				additionalFields: { numberOfPallets: 1, numberOfUnits: 3 },
			}),
		);
		expect(fields.error).toBeUndefined();
		const json = await s.h.run(
			slip({
				orderId: 'SO-9',
				orderIdType: 'SUPPLIER_ORDER_NUMBER',
				itemsSource: 'json',
				itemsJson: JSON.stringify([{ itemId: line(b).dscoItemId, lineNumber: 1, shipQuantity: 1 }]),
			}),
		);
		expect(json.error).toBeUndefined();
		expect(calls().filter((c) => c !== 'GET /__files/…')).toEqual([
			'POST /packingslip',
			'GET /order/',
			'POST /packingslip',
		]);
		expect(s.sim.requests.filter((r) => r.path === '/packingslip').map((r) => r.body)).toEqual([
			{
				dscoOrderId: Number(a.dscoOrderId),
				items: [{ itemId: Number(line(a).dscoItemId), lineNumber: 1, quantity: 1 }],
				numberOfPallets: 1,
				numberOfUnits: 3,
			},
			{
				dscoOrderId: Number(b.dscoOrderId),
				items: [{ itemId: Number(line(b).dscoItemId), lineNumber: 1, shipQuantity: 1 }],
			},
		]);
		expect(json.items[0].json.packingSlip).toMatchObject({
			dscoOrderId: b.dscoOrderId,
			poNumber: b.poNumber,
		});
	});

	it('a slip DSCO fails is an error for its item only, with DSCO’s error code and description', async () => {
		await start(100);
		const [a, b] = s.sim.orders();
		const input = [
			{ dscoOrderId: a.dscoOrderId },
			{ dscoOrderId: '1' },
			{ dscoOrderId: b.dscoOrderId },
		];
		const { items, error } = await s.h.run(slip(), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(
			items.map((i) => [i.pairedItem, i.json.error ?? (i.json.packingSlip as IDataObject).status]),
		).toEqual([
			[{ item: 0 }, 'success'],
			[
				{ item: 1 },
				'DSCO could not generate the packing slip: ORDER_NOT_FOUND: Order not found: 1 [item 1]',
			],
			[{ item: 2 }, 'success'],
		]);
		expect(items[1].json.errorDescription).toContain(
			`requestId: ${s.sim.packingSlips()[1].requestId}`,
		);
		expect(s.sim.requests.filter((r) => r.path.startsWith('/__files/'))).toHaveLength(2);
	});

	it('still pending at the timeout: an error naming the requestId; Packing Slip → Get fetches it later', async () => {
		await start(300_000);
		const [a] = s.sim.orders();
		const created = await s.h.run(slip({ options: { waitTimeoutSeconds: 1 } }), [
			{ dscoOrderId: a.dscoOrderId },
		]);
		const [pending] = s.sim.packingSlips();
		expect(created.error?.message).toBe(
			`The packing slip is not ready after 1 s (requestId ${pending.requestId}) [item 0]`,
		);
		expect(created.error?.description).toContain('Packing Slip → Get');
		expect(
			s.sim.requests.filter((r) => r.path === '/packingslip' && r.method === 'GET').length,
		).toBeGreaterThanOrEqual(1);

		// Five minutes later (simulator clock) it is ready: Get reads it once and downloads it.
		s.sim.advanceClock(300_000);
		s.sim.clearRequests();
		const got = await s.h.run(
			{
				resource: 'packingSlip',
				operation: 'get',
				requestId: '={{ $json.id }}',
				options: { waitTimeoutSeconds: 0 },
			},
			[{ id: pending.requestId }],
		);
		expect(got.error).toBeUndefined();
		expect(calls()).toEqual(['GET /packingslip', 'GET /__files/…']);
		expect(got.items[0].json).toEqual({
			id: pending.requestId,
			packingSlip: {
				requestId: pending.requestId,
				status: 'success',
				fileName: `packing-slip-${pending.requestId}.pdf`,
			},
		});
		expect(pdfOf(got.items[0].binary!.packingSlip).toString('latin1')).toContain(
			`(PO: ${a.poNumber}) Tj`,
		);
	});

	it('Get of a requestId DSCO does not know: 404 on every read until the timeout, then an error saying so', async () => {
		await start(0);
		const { error } = await s.h.run({
			resource: 'packingSlip',
			operation: 'get',
			requestId: 'no-such-request',
			options: { waitTimeoutSeconds: 0 },
		});
		expect(error?.message).toBe(
			'The packing slip is not ready after 0 s (requestId no-such-request) [item 0]',
		);
		expect(error?.description).toContain('DSCO answered 404 to every read');
		expect(calls()).toEqual(['GET /packingslip']);
	});
});

itLeaksNoSecrets(() => [
	s.sim.clientSecret,
	String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
]);
