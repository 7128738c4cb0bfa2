/**
 * Shipping Label → Create against the simulator, and Label → Shipment → Create without mapping: the exact
 * POST /shippinglabels body built from the order (ship-to, PO, retailer and supplier) and the warehouse (ship-from),
 * the label downloaded from its temporary URL without the DSCO token into n8n binary data (`<PO>-<tracking>.<ext>`,
 * MIME type), DSCO's refusals as errors of their own item, and the duplicate guard on the ship confirmation.
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Order, RecordedRequest } from '../simulator';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 8, cancelRequests: 0 });
});
afterEach(async () => {
	await s.sim.close();
});

/** The node's parameters for one label per input item (an order, as the DSCO Trigger outputs it). */
const label = (extra: IDataObject = {}): IDataObject => ({
	resource: 'shippingLabel',
	operation: 'create',
	packageWeight: 2.5,
	length: 12,
	width: 9,
	height: 4,
	warehouseCode: 'WH01',
	...extra,
});

const apiCalls = (sim: SimHarness['sim']) => sim.requests.filter((r) => r.path !== '/oauth2/token');
const describeCall = (r: RecordedRequest) =>
	`${r.method} ${r.path.startsWith('/__files/') ? '/__files/…' : r.path} ${r.status}`;
const binaryOf = (item: INodeExecutionData, name = 'label') => item.binary?.[name] as IBinaryData;
const bytesOf = (b: IBinaryData) => Buffer.from(b.data, 'base64');

const toAddress = (o: Order) => ({
	name: o.shipping.name,
	address: o.shipping.address,
	city: o.shipping.city,
	state: o.shipping.region,
	postal: o.shipping.postal,
	country: o.shipping.country,
});

describe('Shipping Label → Create', () => {
	it('buys one label per item from the order and the warehouse, downloads it without the token into binary data', async () => {
		const [a, b] = s.sim.orders();
		const { items, error } = await s.h.run(label(), [a, b] as unknown as IDataObject[]);
		expect(error).toBeUndefined();
		const labels = s.sim.labels();
		expect(labels.map((l) => l.dscoOrderId)).toEqual([a.dscoOrderId, b.dscoOrderId]);

		// What DSCO received, in order: the order, the warehouse (read once for both), the label, the file.
		expect(apiCalls(s.sim).map(describeCall)).toEqual([
			'GET /order/ 200',
			'GET /warehouse/page 200',
			'POST /shippinglabels 200',
			'GET /__files/… 200',
			'GET /order/ 200',
			'POST /shippinglabels 200',
			'GET /__files/… 200',
		]);
		const posts = s.sim.requests.filter((r) => r.path === '/shippinglabels');
		expect(posts[0].body).toEqual([
			{
				carrier: a.shipCarrier,
				carrierServiceLevel: a.shippingServiceLevelCode,
				carrierSpecs: { weightUnits: 'lbs', dimensionUnits: 'in' },
				currencyCode: 'USD',
				fromAddress: {
					name: 'Ridgefield Main',
					address: ['100 SHALER BLVD'],
					city: 'RIDGEFIELD',
					state: 'NJ',
					postal: '07657',
					country: 'US',
					company: 'Simulated Supplier Inc',
					addressType: 'commercial',
				},
				labelFormats: 'pdf',
				orderId: a.dscoOrderId,
				packageType: 'YOUR_PACKAGING',
				packageWeight: 2.5,
				referenceId: a.poNumber,
				retailerId: a.dscoRetailerId,
				supplierId: a.dscoSupplierId,
				toAddress: { ...toAddress(a), phone: a.shipping.phone },
				packageDimensions: { length: 12, width: 9, height: 4 },
				customLabelEntries: { poNumber: a.poNumber, customerOrder: a.consumerOrderNumber },
				warehouseId: '4000010000',
			},
		]);
		// The file URL got no DSCO token; the API calls did.
		const downloads = s.sim.requests.filter((r) => r.path.startsWith('/__files/'));
		expect(downloads).toHaveLength(2);
		for (const d of downloads) expect(d.headers.authorization).toBeUndefined();
		for (const r of apiCalls(s.sim).filter((q) => !q.path.startsWith('/__files/')))
			expect(r.headers.authorization).toMatch(/^Bearer /);

		// The output: the label's facts on the JSON, the PDF in binary data, paired to the input.
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		items.forEach((item, k) => {
			const o = [a, b][k];
			const l = labels[k];
			const fileName = `${o.poNumber}-${l.trackingNumber}.pdf`;
			expect(item.json).toEqual({
				dscoOrderId: o.dscoOrderId,
				poNumber: o.poNumber,
				referenceId: o.poNumber,
				carrier: o.shipCarrier,
				carrierServiceLevel: o.shippingServiceLevelCode,
				trackingNumber: l.trackingNumber,
				trackingLink: l.trackingLink,
				success: true,
				status: 'Label created',
				labelFormat: 'pdf',
				fileName,
				warehouseId: '4000010000',
			});
			const file = binaryOf(item);
			expect({
				fileName: file.fileName,
				mimeType: file.mimeType,
				fileExtension: file.fileExtension,
			}).toEqual({ fileName, mimeType: 'application/pdf', fileExtension: 'pdf' });
			const pdf = bytesOf(file);
			expect(pdf.equals(s.sim.file(l.fileId)!.data)).toBe(true);
			expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
			expect(pdf.toString('latin1')).toContain(`(${l.trackingNumber}) Tj`);
			expect(pdf.toString('latin1')).toContain(`(PO: ${o.poNumber}) Tj`);
		});
	});

	it.each([
		['png', 'image/png'],
		['gif', 'image/gif'],
	])('label format %s: a %s file with its MIME type and extension', async (format, mimeType) => {
		const [a] = s.sim.orders();
		const { items, error } = await s.h.run(
			label({ labelFormat: format, options: { binaryPropertyName: 'carrierLabel' } }),
			[a as unknown as IDataObject],
		);
		expect(error).toBeUndefined();
		const [l] = s.sim.labels();
		expect(l.labelFormat).toBe(format);
		const file = binaryOf(items[0], 'carrierLabel');
		expect({
			fileName: file.fileName,
			mimeType: file.mimeType,
			fileExtension: file.fileExtension,
		}).toEqual({
			fileName: `${a.poNumber}-${l.trackingNumber}.${format}`,
			mimeType,
			fileExtension: format,
		});
		expect(bytesOf(file).equals(s.sim.file(l.fileId)!.data)).toBe(true);
		expect(items[0].binary?.label).toBeUndefined();
	});

	it('keeps the files the input item carries and adds the label next to them', async () => {
		const [a] = s.sim.orders();
		const invoice = {
			data: Buffer.from('invoice').toString('base64'),
			mimeType: 'text/plain',
			fileName: 'invoice.txt',
		};
		const { items, error } = await s.h.run(label(), [], {
			items: [{ json: a as unknown as IDataObject, binary: { invoice } }],
		});
		expect(error).toBeUndefined();
		expect(Object.keys(items[0].binary ?? {}).sort()).toEqual(['invoice', 'label']);
		expect(items[0].binary?.invoice).toEqual(invoice);
	});

	it('ship-from an address, carrier and service level entered, reference by supplier order number, carrier specs', async () => {
		const [a] = s.sim.orders();
		// Give the order a supplier order number (acknowledging with one does), then take the label by PO number.
		await s.h.run({
			resource: 'acknowledgment',
			operation: 'acknowledge',
			orderId: a.dscoOrderId,
			orderIdType: 'DSCO_ORDER_ID',
			additionalFields: { supplierOrderNumber: 'SO-77' },
		});
		await s.sim.settle();
		s.sim.clearRequests();
		const { items, error } = await s.h.run(
			label({
				orderId: a.poNumber,
				orderIdType: 'PO_NUMBER',
				shipCodeSource: 'enter',
				carrier: 'FedEx',
				carrierServiceLevel: 'FEHD',
				packageType: 'MEDIUM_BOX',
				length: 0,
				width: 0,
				height: 0,
				weightUnits: 'kg',
				shipFromSource: 'address',
				shipFromAddress: {
					address: {
						name: 'Dock 9',
						company: 'ACME 3PL',
						phone: '5550100',
						address1: '9 Pier Rd',
						address2: 'Unit B',
						city: 'Newark',
						state: 'NJ',
						postal: '07105',
						country: 'US',
						addressType: 'commercial',
					},
				},
				referenceSource: 'supplierOrderNumber',
				additionalFields: {
					saturdayDelivery: true,
					insuranceAmount: 150,
					printReferences: false,
					warehouseId: '4000010001',
				},
			}),
		);
		expect(error).toBeUndefined();
		const [post] = s.sim.requests.filter((r) => r.path === '/shippinglabels');
		expect(s.sim.requests.some((r) => r.path === '/warehouse/page')).toBe(false);
		expect(post.body).toEqual([
			{
				carrier: 'FedEx',
				carrierServiceLevel: 'FEHD',
				carrierSpecs: {
					weightUnits: 'kg',
					saturdayDelivery: true,
					insuranceAmount: 150,
					insuranceCurrencyCode: 'USD',
				},
				currencyCode: 'USD',
				fromAddress: {
					name: 'Dock 9',
					address: ['9 Pier Rd', 'Unit B'],
					city: 'Newark',
					state: 'NJ',
					postal: '07105',
					country: 'US',
					company: 'ACME 3PL',
					phone: '5550100',
					addressType: 'commercial',
				},
				labelFormats: 'pdf',
				orderId: a.dscoOrderId,
				packageType: 'MEDIUM_BOX',
				packageWeight: 2.5,
				referenceId: 'SO-77',
				retailerId: a.dscoRetailerId,
				supplierId: a.dscoSupplierId,
				toAddress: { ...toAddress(a), phone: a.shipping.phone },
				warehouseId: '4000010001',
			},
		]);
		expect(items[0].json).toMatchObject({
			carrier: 'FedEx',
			carrierServiceLevel: 'FEHD',
			referenceId: 'SO-77',
			poNumber: a.poNumber,
			trackingNumber: expect.stringMatching(/^77\d{10}$/),
		});
	});

	it('a label DSCO refuses is an error for its item only, with DSCO’s status text; the others are created', async () => {
		const [a, b, c] = s.sim.orders();
		const params = label({
			shipCodeSource: 'enter',
			carrier: 'UPS',
			carrierServiceLevel: '={{ $json.level }}',
		});
		const input = [
			{ dscoOrderId: a.dscoOrderId, level: 'UPCG' },
			{ dscoOrderId: b.dscoOrderId, level: 'UPXX' },
			{ dscoOrderId: c.dscoOrderId, level: 'UP2D' },
		];
		const { items, error } = await s.h.run(params, input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(
			items.map((i) => [i.pairedItem, i.json.error ?? i.json.trackingNumber !== undefined]),
		).toEqual([
			[{ item: 0 }, true],
			[
				{ item: 1 },
				'DSCO could not create the label: Carrier service level UPXX is not a valid and enabled ship code for UPS (Mapping Settings -> Ship Mappings) [item 1]',
			],
			[{ item: 2 }, true],
		]);
		expect(items[1].binary).toBeUndefined();
		expect(s.sim.labels().map((l) => l.dscoOrderId)).toEqual([a.dscoOrderId, c.dscoOrderId]);
		// The refused label was asked for once, and no file was fetched for it.
		expect(s.sim.requests.filter((r) => r.path === '/shippinglabels')).toHaveLength(3);
		expect(s.sim.requests.filter((r) => r.path.startsWith('/__files/'))).toHaveLength(2);

		// Without continue-on-fail the node stops at that item, with the same text.
		const again = await s.h.run(params, input.slice(1));
		expect(again.error?.message).toBe(
			'DSCO could not create the label: Carrier service level UPXX is not a valid and enabled ship code for UPS (Mapping Settings -> Ship Mappings) [item 0]',
		);
	});

	it('refuses an unknown warehouse code naming the item and field, buying nothing', async () => {
		const [a] = s.sim.orders();
		const { error } = await s.h.run(label({ warehouseCode: 'WH99' }), [
			a as unknown as IDataObject,
		]);
		expect(error?.message).toBe(
			'Invalid "Warehouse Code" [item 0]: DSCO has no warehouse with code "WH99"',
		);
		expect(s.sim.requests.filter((r) => r.path === '/shippinglabels')).toEqual([]);
		expect(s.sim.labels()).toEqual([]);
	});

	it('an expired label URL is a clear error that names the tracking number of the label already bought', async () => {
		await s.sim.close();
		s = await simHarness({ orders: 2, fileUrlTtlSeconds: 0 });
		const [a] = s.sim.orders();
		// The URL is valid for 0 s: expired when fetched.
		const { error } = await s.h.run(label(), [a as unknown as IDataObject]);
		expect(error?.message).toBe(
			"DSCO's URL for the label file has expired or is not valid (HTTP 403) [item 0]",
		);
		const [l] = s.sim.labels();
		expect(error?.description).toContain(
			`The label was created: tracking number ${l.trackingNumber}`,
		);
		expect(error?.description).toContain('Running this item again would buy a second label.');
		expect(error?.description).not.toContain('X-Amz-Signature');
		// One download, not retried: 403 means the URL is no longer valid.
		expect(
			s.sim.requests.filter((r) => r.path.startsWith('/__files/')).map((r) => r.status),
		).toEqual([403]);
	});
});

describe('Label → Shipment → Create, no mapping', () => {
	const shipmentDefaults = { resource: 'shipment', operation: 'create' };

	it('takes tracking number, carrier, service level, tracking link and the open lines from the label item; the second run sends nothing', async () => {
		const [a, b] = s.sim.orders();
		const labelled = await s.h.run(label(), [a, b] as unknown as IDataObject[]);
		expect(labelled.error).toBeUndefined();
		const labels = s.sim.labels();
		s.sim.clearRequests();

		const first = await s.h.run(shipmentDefaults, [], { items: labelled.items });
		expect(first.error).toBeUndefined();
		expect(first.items.map((i) => [i.json.trackingNumber, i.json.status])).toEqual(
			labels.map((l) => [l.trackingNumber, 'success']),
		);
		const posts = s.sim.requests.filter((r) => r.path === '/order/singleShipment');
		expect(posts.map((r) => r.body)).toEqual(
			[a, b].map((o, k) => ({
				dscoOrderId: o.dscoOrderId,
				shipments: [
					{
						trackingNumber: labels[k].trackingNumber,
						shipCarrier: o.shipCarrier,
						shippingServiceLevelCode: o.shippingServiceLevelCode,
						lineItems: o.lineItems.map((l) => ({
							sku: l.sku,
							lineNumber: l.lineNumber,
							quantity: l.quantity,
						})),
						trackingUrl: labels[k].trackingLink,
					},
				],
			})),
		);
		for (const [k, o] of [a, b].entries()) {
			const order = s.sim.getOrder(o.dscoOrderId)!;
			expect(order.packages.map((p) => p.trackingNumber)).toEqual([labels[k].trackingNumber]);
			expect(order.dscoLifecycle).toBe('completed');
		}

		// Confirming the same labels again: the duplicate guard reads the orders and sends nothing.
		s.sim.clearRequests();
		const second = await s.h.run(shipmentDefaults, [], { items: labelled.items });
		expect(second.items.map((i) => [i.json.trackingNumber, i.json.status])).toEqual(
			labels.map((l) => [l.trackingNumber, 'alreadyShipped']),
		);
		expect(s.sim.requests.filter((r) => r.path === '/order/singleShipment')).toEqual([]);
		for (const [k, o] of [a, b].entries())
			expect(s.sim.getOrder(o.dscoOrderId)!.packages.map((p) => p.trackingNumber)).toEqual([
				labels[k].trackingNumber,
			]);
	});

	it('an item that is not a label (no carrierServiceLevel) with the default Tracking Number: only the tracking number is taken', async () => {
		const [a] = s.sim.orders();
		const erp = {
			dscoOrderId: a.dscoOrderId,
			trackingNumber: '1ZERP0000000001',
			carrier: 'UPS',
			trackingLink: 'https://erp.example/t/1',
		};
		const noLines = await s.h.run(shipmentDefaults, [erp]);
		expect(noLines.error?.message).toBe(
			'Invalid "Line Items" [item 0]: there are no lines; add at least one',
		);
		const withLines = await s.h.run(
			{
				...shipmentDefaults,
				lineItemsInput: 'json',
				lineItemsJson: JSON.stringify([{ sku: a.lineItems[0].sku, quantity: 1 }]),
			},
			[erp],
		);
		expect(withLines.error).toBeUndefined();
		expect(
			s.sim.requests.filter((r) => r.path === '/order/singleShipment').map((r) => r.body),
		).toEqual([
			{
				dscoOrderId: a.dscoOrderId,
				shipments: [
					{
						trackingNumber: '1ZERP0000000001',
						lineItems: [{ sku: a.lineItems[0].sku, quantity: 1 }],
					},
				],
			},
		]);
	});

	it('a Tracking Number of its own keeps the old behaviour: lines are required and nothing is taken from the item', async () => {
		const [a] = s.sim.orders();
		const labelled = await s.h.run(label(), [a as unknown as IDataObject]);
		const { error } = await s.h.run(
			{ ...shipmentDefaults, trackingNumber: '={{ $json["trackingNumber"] }}' },
			[],
			{ items: labelled.items },
		);
		expect(error?.message).toBe(
			'Invalid "Line Items" [item 0]: there are no lines; add at least one',
		);
		expect(s.sim.requests.filter((r) => r.path === '/order/singleShipment')).toEqual([]);
	});
});

itLeaksNoSecrets(() => [
	s.sim.clientSecret,
	String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
]);
