/**
 * The simulator's shipping documents: POST /shippinglabels (schema-checked, DSCO's refusals per label, tracking
 * numbers per carrier), POST and GET /packingslip (pending → success or failure, 15/s), and
 * the files behind their temporary URLs (valid PDF, PNG and GIF; no token needed and none accepted; expiring).
 */
import { inflateSync } from 'node:zlib';

import { type Order, type Simulator, startSimulator } from './index';
import { SimClient } from './testClient';

let sim: Simulator;
let client: SimClient;
let clock: number;
beforeEach(async () => {
	clock = Date.parse('2025-11-21T06:34:00Z');
	sim = await startSimulator({
		now: () => clock,
		orders: 4,
		cancelRequests: 0,
		packingSlipReadyMs: 2000,
		fileUrlTtlSeconds: 600,
	});
	client = new SimClient(sim, 'apiToken');
});
afterEach(() => sim.close());

const shipment = (o: Order, extra: Record<string, unknown> = {}) => ({
	carrier: o.shipCarrier,
	carrierServiceLevel: o.shippingServiceLevelCode,
	currencyCode: 'USD',
	fromAddress: {
		name: 'Dock 1',
		address: ['9 Pier Rd'],
		city: 'Newark',
		state: 'NJ',
		postal: '07105',
		country: 'US',
	},
	labelFormats: 'pdf',
	orderId: o.dscoOrderId,
	packageType: 'BOX',
	packageWeight: 3,
	referenceId: o.poNumber,
	retailerId: o.dscoRetailerId,
	supplierId: o.dscoSupplierId,
	toAddress: {
		name: o.shipping.name,
		address: o.shipping.address,
		city: o.shipping.city,
		state: o.shipping.region,
		postal: o.shipping.postal,
		country: 'US',
	},
	...extra,
});

/** GETs a file URL without (or, to check the refusal, with) an Authorization header. */
async function fetchFile(url: string, headers: Record<string, string> = {}) {
	const res = await fetch(url, { headers });
	return {
		status: res.status,
		type: res.headers.get('content-type'),
		data: Buffer.from(await res.arrayBuffer()),
	};
}

/** The PDF's structure: every xref offset points at its object, startxref at the xref table. */
function checkPdf(pdf: Buffer): string {
	const text = pdf.toString('latin1');
	expect(text.startsWith('%PDF-1.4\n')).toBe(true);
	expect(text.endsWith('%%EOF\n')).toBe(true);
	const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
	expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
	const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) =>
		Number(m[1]),
	);
	expect(offsets.length).toBe(7);
	offsets.forEach((offset, k) =>
		expect(text.slice(offset, offset + `${k + 1} 0 obj`.length)).toBe(`${k + 1} 0 obj`),
	);
	const stream = /<< \/Length (\d+) >>\nstream\n/.exec(text)!;
	const start = stream.index + stream[0].length;
	expect(text.slice(start + Number(stream[1]), start + Number(stream[1]) + 10)).toBe('\nendstream');
	return text;
}

/** Decodes a GIF's image data (LZW) into colour indexes: a check that any decoder can read it. */
function decodeGif(gif: Buffer): { width: number; height: number; pixels: number[] } {
	expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
	const width = gif.readUInt16LE(6);
	const height = gif.readUInt16LE(8);
	const tableSize = 2 ** ((gif[10] & 7) + 1) * 3;
	let at = 13 + tableSize;
	expect(gif[at]).toBe(0x2c);
	at += 10;
	const minCode = gif[at++];
	const data: number[] = [];
	for (let size = gif[at++]; size > 0; size = gif[at++]) {
		data.push(...gif.subarray(at, at + size));
		at += size;
	}
	expect(gif[at]).toBe(0x3b);
	const clear = 1 << minCode;
	let width_ = minCode + 1;
	let dict: number[][] = [];
	const reset = () => {
		dict = Array.from({ length: clear + 2 }, (_, k) => [k]);
		width_ = minCode + 1;
	};
	reset();
	const pixels: number[] = [];
	let bit = 0;
	let previous: number[] | undefined;
	for (;;) {
		let code = 0;
		for (let k = 0; k < width_; k++, bit++) code |= ((data[bit >> 3] >> (bit & 7)) & 1) << k;
		if (code === clear) {
			reset();
			previous = undefined;
			continue;
		}
		if (code === clear + 1) break;
		const entry = code < dict.length ? dict[code] : [...previous!, previous![0]];
		pixels.push(...entry);
		if (previous) dict.push([...previous, entry[0]]);
		previous = entry;
		if (dict.length === 1 << width_ && width_ < 12) width_++;
	}
	return { width, height, pixels };
}

describe('POST /shippinglabels', () => {
	it('creates a label: tracking number and link per carrier, a temporary URL to a real PDF with the PO and tracking number', async () => {
		const [a] = sim.orders();
		const res = await client.post('/shippinglabels', [shipment(a)]);
		expect(res.status).toBe(200);
		const [result] = res.body;
		expect(result).toMatchObject({
			success: true,
			status: 'Label created',
			orderId: a.dscoOrderId,
			referenceId: a.poNumber,
			carrier: a.shipCarrier,
			carrierServiceLevel: a.shippingServiceLevelCode,
		});
		const formats: Record<string, RegExp> = {
			UPS: /^1Z[0-9A-Z]{16}$/,
			FedEx: /^\d{12}$/,
			USPS: /^9400\d{18}$/,
		};
		expect(result.trackingNumber).toMatch(formats[a.shipCarrier]);
		expect(result.trackingLink).toContain(result.trackingNumber);
		expect(result.labelUrl).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/__files\/[0-9a-f-]+\/label-[0-9A-Z]+\.pdf\?X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Date=20251121T063400Z&X-Amz-Expires=600&/,
		);

		const file = await fetchFile(result.labelUrl);
		expect([file.status, file.type]).toEqual([200, 'application/pdf']);
		const text = checkPdf(file.data);
		expect(text).toContain(`(${result.trackingNumber}) Tj`);
		expect(text).toContain(`(PO: ${a.poNumber}) Tj`);
		expect(sim.labels()).toEqual([
			expect.objectContaining({
				trackingNumber: result.trackingNumber,
				dscoOrderId: a.dscoOrderId,
				labelFormat: 'pdf',
				fileBytes: file.data.length,
			}),
		]);
		// The file URL is outside the API: it was logged, without any bearer token.
		const logged = sim.requests.find((r) => r.path.startsWith('/__files/'))!;
		expect([logged.method, logged.status, logged.headers.authorization]).toEqual([
			'GET',
			200,
			undefined,
		]);
	});

	it('PNG and GIF labels are valid images of the label', async () => {
		const [a] = sim.orders();
		const [png] = (await client.post('/shippinglabels', [shipment(a, { labelFormats: 'png' })]))
			.body;
		const pngFile = await fetchFile(png.labelUrl);
		expect(pngFile.type).toBe('image/png');
		const data = pngFile.data;
		expect(data.subarray(0, 8)).toEqual(
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR');
		const [width, height] = [data.readUInt32BE(16), data.readUInt32BE(20)];
		const idatLength = data.readUInt32BE(33);
		expect(data.subarray(37, 41).toString('latin1')).toBe('IDAT');
		expect(inflateSync(data.subarray(41, 41 + idatLength)).length).toBe((width + 1) * height);

		const [gif] = (await client.post('/shippinglabels', [shipment(a, { labelFormats: 'gif' })]))
			.body;
		const gifFile = await fetchFile(gif.labelUrl);
		expect(gifFile.type).toBe('image/gif');
		const decoded = decodeGif(gifFile.data);
		expect(decoded.pixels.length).toBe(decoded.width * decoded.height);
		expect(new Set(decoded.pixels)).toEqual(new Set([0, 1]));
	});

	it.each([
		[
			'a service level not enabled for the carrier',
			(o: Order) => ({ carrier: 'UPS', carrierServiceLevel: 'FECG' }),
			'Carrier service level FECG is not a valid and enabled ship code for UPS (Mapping Settings -> Ship Mappings)',
		],
		[
			'a ship-to without street address',
			(o: Order) => ({ toAddress: { ...shipment(o).toAddress, address: [] } }),
			'Invalid toAddress: missing address',
		],
		[
			'a ship-from without city and postal code',
			(o: Order) => ({ fromAddress: { ...shipment(o).fromAddress, city: '', postal: ' ' } }),
			'Invalid fromAddress: missing city, postal',
		],
		[
			'Your Packaging without dimensions',
			() => ({ packageType: 'YOUR_PACKAGING' }),
			'Package dimensions are required for package type YOUR_PACKAGING',
		],
		['a weight of 0', () => ({ packageWeight: 0 }), 'Package weight must be greater than 0'],
		['an unknown order', () => ({ orderId: '42' }), 'Order 42 not found'],
		[
			'a reference that is not the order’s',
			() => ({ referenceId: 'PO-OTHER' }),
			expect.stringMatching(
				/^Reference PO-OTHER is neither the PO number nor the supplier order number/,
			),
		],
		[
			'another retailer',
			() => ({ retailerId: '999' }),
			expect.stringMatching(/^No carrier credentials found for retailer 999/),
		],
	])(
		'refuses %s in the label’s own result (success false, status), creating nothing',
		async (_case, change, status) => {
			const [a, b] = sim.orders();
			const res = await client.post('/shippinglabels', [shipment(a, change(a)), shipment(b)]);
			expect(res.status).toBe(200);
			expect(res.body[0]).toEqual(expect.objectContaining({ success: false, status }));
			expect(res.body[0].labelUrl).toBeUndefined();
			expect(res.body[1].success).toBe(true);
			expect(sim.labels().map((l) => l.dscoOrderId)).toEqual([b.dscoOrderId]);
		},
	);

	it.each([
		[
			'no toAddress',
			(o: Order) => ({ ...shipment(o), toAddress: undefined }),
			'[0].toAddress is required',
		],
		[
			'a label format DSCO does not offer',
			(o: Order) => shipment(o, { labelFormats: 'zpl' }),
			'[0].labelFormats must be one of pdf, png, gif',
		],
		[
			'a carrier DSCO does not offer',
			(o: Order) => shipment(o, { carrier: 'DHL' }),
			'[0].carrier must be one of FedEx, UPS, USPS',
		],
		[
			'weight units other than lbs or kg',
			(o: Order) => shipment(o, { carrierSpecs: { weightUnits: 'oz' } }),
			'[0].carrierSpecs.weightUnits must be one of lbs, kg, null',
		],
		[
			'a currency other than USD',
			(o: Order) => shipment(o, { currencyCode: 'EUR' }),
			'[0].currencyCode must be one of USD',
		],
	])('checks the body against the vendor schema: %s → 400', async (_case, body, description) => {
		const [a] = sim.orders();
		const res = await client.post('/shippinglabels', [JSON.parse(JSON.stringify(body(a)))]);
		expect(res.status).toBe(400);
		expect(res.body.messages).toContainEqual({
			code: 'VALIDATION_FAILED',
			severity: 'error',
			description,
		});
		expect(sim.labels()).toEqual([]);
	});

	it('an empty list → 400; no token → 401', async () => {
		expect((await client.post('/shippinglabels', [])).status).toBe(400);
		expect(
			(await new SimClient(sim, 'none').post('/shippinglabels', [shipment(sim.orders()[0])]))
				.status,
		).toBe(401);
	});
});

describe('temporary file URLs', () => {
	const labelUrl = async () =>
		(await client.post('/shippinglabels', [shipment(sim.orders()[0])])).body[0].labelUrl as string;

	it('expire after X-Amz-Expires seconds (simulator clock): 403 "Request has expired"', async () => {
		const url = await labelUrl();
		clock += 599_000;
		expect((await fetchFile(url)).status).toBe(200);
		clock += 1000;
		const expired = await fetchFile(url);
		expect([expired.status, expired.type]).toEqual([403, 'application/xml']);
		expect(expired.data.toString()).toContain('<Message>Request has expired</Message>');
	});

	it('refuse a changed signature (403), an unknown file (404) and a request carrying an Authorization header (400)', async () => {
		const url = await labelUrl();
		expect(
			(await fetchFile(url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000'))).status,
		).toBe(403);
		expect(
			(
				await fetchFile(
					url.replace(/__files\/[0-9a-f-]+\//, '__files/00000000-0000-0000-0000-000000000000/'),
				)
			).status,
		).toBe(404);
		const withToken = await fetchFile(url, { authorization: `Bearer ${sim.apiToken}` });
		expect(withToken.status).toBe(400);
		expect(withToken.data.toString()).toContain('Only one auth mechanism allowed');
	});
});

describe('POST and GET /packingslip', () => {
	it('pending (202) until generated, then success with a temporary URL to a PDF listing the lines and tracking numbers', async () => {
		const [a] = sim.orders();
		const [label] = (await client.post('/shippinglabels', [shipment(a)])).body;
		const created = await client.post('/packingslip', { dscoOrderId: Number(a.dscoOrderId) });
		expect(created.status).toBe(202);
		expect(created.body).toEqual({
			status: 'pending',
			requestId: expect.any(String),
			eventDate: '2025-11-21T06:34:00+00:00',
		});
		const read = () => client.get('/packingslip', { requestId: created.body.requestId });
		expect((await read()).body).toEqual({ status: 'pending', url: null });
		clock += 2000;
		const done = await read();
		expect(done.body).toEqual({
			status: 'success',
			url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__files\/.+\.pdf\?X-Amz-/),
		});
		const text = checkPdf((await fetchFile(done.body.url)).data);
		expect(text).toContain(`(PO: ${a.poNumber}) Tj`);
		expect(text).toContain(`(${label.trackingNumber}) Tj`);
		for (const line of a.lineItems) expect(text).toContain(`(${line.sku}) Tj`);
	});

	it('ready at once (packingSlipReadyMs 0): 200 {requestId, url}; by PO number', async () => {
		const quick = await startSimulator({ orders: 1, packingSlipReadyMs: 0 });
		try {
			const [o] = quick.orders();
			const res = await new SimClient(quick, 'apiToken').post('/packingslip', {
				poNumber: o.poNumber,
			});
			expect(res.status).toBe(200);
			expect(res.body).toEqual({
				requestId: expect.any(String),
				url: expect.stringContaining('/__files/'),
			});
		} finally {
			await quick.close();
		}
	});

	it.each([
		[
			'an unknown order',
			() => ({ dscoOrderId: 42 }),
			{ errorCode: 'ORDER_NOT_FOUND', errorDescription: 'Order not found: 42' },
		],
		[
			'a listed line that is not on the order',
			(o: Order) => ({ dscoOrderId: Number(o.dscoOrderId), items: [{ itemId: 1, lineNumber: 1 }] }),
			{
				errorCode: 'ITEM_NOT_FOUND',
				errorDescription: expect.stringMatching(/has no line 1 with item 1$/),
			},
		],
	])('fails %s, with details', async (_case, body, details) => {
		const [a] = sim.orders();
		const created = await client.post('/packingslip', body(a));
		expect(created.status).toBe(202);
		clock += 2000;
		expect((await client.get('/packingslip', { requestId: created.body.requestId })).body).toEqual({
			status: 'failure',
			url: null,
			details,
		});
	});

	it.each([
		[
			'neither dscoOrderId nor poNumber',
			{},
			'The order must include at least one identifier: dscoOrderId or poNumber',
		],
		[
			'an item without its line number',
			{ dscoOrderId: 1, items: [{ itemId: 5 }] },
			'items[0].lineNumber is required',
		],
		[
			'an item named in snake_case',
			{ dscoOrderId: 1, items: [{ item_id: 5, line_number: 1 }] },
			'items[0].itemId is required',
		],
		['a dscoOrderId as text', { dscoOrderId: '1030010000' }, 'dscoOrderId must be number,null'],
	])('400 for %s', async (_case, body, description) => {
		const res = await client.post('/packingslip', body);
		expect(res.status).toBe(400);
		expect(res.body.messages.map((m: { description: string }) => m.description)).toContain(
			description,
		);
	});

	it('GET: 404 for an unknown requestId, 400 without one', async () => {
		expect((await client.get('/packingslip', { requestId: 'nope' })).status).toBe(404);
		expect((await client.get('/packingslip')).status).toBe(400);
	});

	it('limits each of POST and GET to 15 a second, as documented', async () => {
		const [a] = sim.orders();
		const posts: number[] = [];
		for (let i = 0; i < 16; i++)
			posts.push(
				(await client.post('/packingslip', { dscoOrderId: Number(a.dscoOrderId) })).status,
			);
		expect(posts).toEqual([...Array(15).fill(202), 429]);
		// GET has its own budget.
		expect((await client.get('/packingslip', { requestId: 'nope' })).status).toBe(404);
		clock += 1000;
		expect((await client.post('/packingslip', { dscoOrderId: Number(a.dscoOrderId) })).status).toBe(
			202,
		);
	});
});
