/**
 * Node version 1 (saved workflows: warehouses, retailers and ship codes typed in as text) and version 2 (the same
 * parameters as resource locators, picked from DSCO's lists) side by side, inside n8n's engine against the
 * simulator: a saved version 1 node still runs, and both versions send DSCO exactly the same request. Also what n8n
 * itself makes of each version's parameters (NodeHelpers.getNodeParameters, as the editor and the engine do).
 */
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { PACKAGE } from './harness';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
afterEach(async () => {
	await s?.sim.close();
});

const rl = (value: string, mode = 'list', cachedResultName?: string) => ({
	__rl: true,
	mode,
	value,
	...(cachedResultName ? { cachedResultName } : {}),
});

/** Runs the same node saved as version 1 and as version 2 and returns what DSCO received for `path` each time. */
async function bothVersions(
	v1: IDataObject,
	v2: IDataObject,
	input: IDataObject[],
	received: () => unknown[],
): Promise<{ v1: unknown[]; v2: unknown[] }> {
	const first = await s.h.run(v1, input, { typeVersion: 1 });
	expect(first.error).toBeUndefined();
	const v1Requests = received();
	s.sim.clearRequests();
	const second = await s.h.run(v2, input, { typeVersion: 2 });
	expect(second.error).toBeUndefined();
	expect(second.items.map((i) => i.json.status)).toEqual(first.items.map((i) => i.json.status));
	return { v1: v1Requests, v2: received() };
}

const bodies = (path: string) => () =>
	s.sim.requests.filter((r) => r.method === 'POST' && r.path === path).map((r) => r.body);

describe('a saved version 1 node runs, and version 2 sends DSCO the same', () => {
	it('Inventory → Update: warehouse codes per row and the Warehouse Code of a total', async () => {
		s = await simHarness({ skus: 3, orders: 0 });
		const perWarehouse = {
			resource: 'inventory',
			operation: 'update',
			sku: '={{ $json.sku }}',
			quantitySource: 'warehouses',
			sendMode: 'single',
		};
		const sent = await bothVersions(
			{
				...perWarehouse,
				warehouses: {
					warehouse: [
						{ code: 'WH01', quantity: 3 },
						{ code: '={{ $json.second }}', quantity: 2 },
					],
				},
			},
			{
				...perWarehouse,
				sendMode: 'sync',
				warehouses: {
					warehouse: [
						{ code: rl('WH01', 'list', 'Ridgefield Main (WH01)'), quantity: 3 },
						{ code: rl('={{ $json.second }}', 'code'), quantity: 2 },
					],
				},
			},
			[{ sku: 'SIM-SKU-0001', second: 'WH02' }],
			bodies('/inventory/singleItem'),
		);
		expect(sent.v1).toEqual([
			{
				sku: 'SIM-SKU-0001',
				warehouses: [
					{ code: 'WH01', quantity: 3 },
					{ code: 'WH02', quantity: 2 },
				],
				quantityAvailable: 5,
				status: 'in-stock',
			},
		]);
		expect(sent.v2).toEqual(sent.v1);

		s.sim.clearRequests();
		const total = {
			resource: 'inventory',
			operation: 'update',
			sku: 'SIM-SKU-0002',
			quantitySource: 'total',
			quantity: 7,
			sendMode: 'single',
		};
		const totals = await bothVersions(
			{ ...total, additionalFields: { warehouseCode: 'WH02' } },
			{ ...total, sendMode: 'sync', additionalFields: { warehouseCode: rl('WH02') } },
			[{}],
			bodies('/inventory/singleItem'),
		);
		expect(totals.v1).toEqual([
			{
				sku: 'SIM-SKU-0002',
				warehouses: [{ code: 'WH02', quantity: 7 }],
				quantityAvailable: 7,
				status: 'in-stock',
			},
		]);
		expect(totals.v2).toEqual(totals.v1);
	});

	it('Inventory → Update From File: the Warehouse Code for rows with only a total', async () => {
		s = await simHarness({ skus: 3, orders: 0 });
		const csv = 'sku,quantity\nSIM-SKU-0001,4\nSIM-SKU-0002,0\n';
		const file = {
			data: Buffer.from(csv).toString('base64'),
			mimeType: 'text/csv',
			fileName: 'stock.csv',
			fileExtension: 'csv',
		};
		const params = { resource: 'inventory', operation: 'updateFromFile' };
		const applied = () =>
			['SIM-SKU-0001', 'SIM-SKU-0002'].map((sku) => s.sim.inventory(sku)!.warehouses);
		const v1 = await s.h.run({ ...params, warehouseCode: 'WH02' }, [], {
			items: [{ json: {}, binary: { data: file } }],
			typeVersion: 1,
		});
		expect(v1.error).toBeUndefined();
		expect(v1.items[0].json).toMatchObject({ rowsSent: 2, rowsRefused: 0, status: 'completed' });
		const afterV1 = applied();
		expect(afterV1).toEqual([[{ code: 'WH02', quantity: 4 }], [{ code: 'WH02', quantity: 0 }]]);
		const v2 = await s.h.run({ ...params, warehouseCode: rl('WH02') }, [], {
			items: [{ json: {}, binary: { data: file } }],
			typeVersion: 2,
		});
		expect(v2.error).toBeUndefined();
		expect(v2.items[0].json).toMatchObject({ rowsSent: 2, rowsRefused: 0, status: 'completed' });
		expect(applied()).toEqual(afterV1);
	});

	it('Shipment → Create: carrier, method, service level and warehouse', async () => {
		s = await simHarness({ orders: 4 });
		const [a, b] = s.sim.orders();
		const ship = {
			resource: 'shipment',
			operation: 'create',
			orderId: '={{ $json.orderId }}',
			orderIdType: 'DSCO_ORDER_ID',
			trackingNumber: '={{ $json.tracking }}',
			lineItemsInput: 'json',
			lineItemsJson: '={{ $json.lines }}',
		};
		const lines = (o: typeof a) =>
			o.lineItems.map((l) => ({ sku: l.sku, lineNumber: l.lineNumber, quantity: l.quantity }));
		const v1 = await s.h.run(
			{
				...ship,
				shipCarrier: 'UPS',
				shipMethod: 'Ground',
				shippingServiceLevelCode: 'UPCG',
				additionalFields: { warehouseCode: 'WH01' },
			},
			[{ orderId: a.dscoOrderId, tracking: '1ZV1', lines: lines(a) }],
			{ typeVersion: 1 },
		);
		const { orderId: _v1Order, orderIdType: _v1Type, ...shipV2 } = ship;
		const v2 = await s.h.run(
			{
				...shipV2,
				order: rl('={{ $json.orderId }}', 'dscoOrderId'),
				shipCarrier: rl('UPS'),
				shipMethod: rl('Ground'),
				shippingServiceLevelCode: rl('={{ $json.level }}', 'code'),
				additionalFields: { warehouseCode: rl('WH01', 'list', 'Ridgefield Main (WH01)') },
			},
			[{ orderId: b.dscoOrderId, tracking: '1ZV2', lines: lines(b), level: 'UPCG' }],
			{ typeVersion: 2 },
		);
		expect([v1.error, v2.error]).toEqual([undefined, undefined]);
		const [sentV1, sentV2] = bodies('/order/singleShipment')() as IDataObject[];
		const shipment = (tracking: string, o: typeof a) => ({
			trackingNumber: tracking,
			shipCarrier: 'UPS',
			shipMethod: 'Ground',
			shippingServiceLevelCode: 'UPCG',
			lineItems: lines(o),
			warehouseCode: 'WH01',
		});
		expect(sentV1).toEqual({ dscoOrderId: a.dscoOrderId, shipments: [shipment('1ZV1', a)] });
		expect(sentV2).toEqual({ dscoOrderId: b.dscoOrderId, shipments: [shipment('1ZV2', b)] });
	});

	it('Shipment → Create version 2 still refuses the generic GCG typed in By Code, naming the field, and sends nothing', async () => {
		s = await simHarness({ orders: 2 });
		const [a] = s.sim.orders();
		const { error } = await s.h.run(
			{
				resource: 'shipment',
				operation: 'create',
				order: rl(a.dscoOrderId, 'dscoOrderId'),
				trackingNumber: '1ZGCG',
				shippingServiceLevelCode: rl('gcg', 'code'),
				lineItemsInput: 'json',
				lineItemsJson: JSON.stringify([{ sku: a.lineItems[0].sku, quantity: 1 }]),
			},
			[{}],
			{ typeVersion: 2 },
		);
		expect(error?.message).toMatch(/Shipping Service Level Code.*generic code GCG/);
		expect(bodies('/order/singleShipment')()).toEqual([]);
	});

	it('Inventory → Get: the retailer (DSCO account ID) and the trading partner of a partner SKU', async () => {
		s = await simHarness({ skus: 3, orders: 0 });
		const get = {
			resource: 'inventory',
			operation: 'get',
			itemKey: 'partnerSku',
			value: 'RTL-0002',
		};
		const reads = () => s.sim.requests.filter((r) => r.path === '/inventory').map((r) => r.query);
		const byRetailer = await bothVersions(
			{ ...get, dscoRetailerId: '1000051226' },
			{ ...get, dscoRetailerId: rl('1000051226', 'list', 'Simulated Retailer (1000051226)') },
			[{}],
			reads,
		);
		expect(byRetailer.v1).toEqual([
			{ itemKey: 'partnerSku', value: 'RTL-0002', dscoRetailerId: '1000051226' },
		]);
		expect(byRetailer.v2).toEqual(byRetailer.v1);

		s.sim.clearRequests();
		const byPartner = await bothVersions(
			{ ...get, options: { dscoTradingPartnerId: 'SIMRETAIL' } },
			{
				...get,
				dscoRetailerId: rl(''),
				options: { dscoTradingPartnerId: rl('SIMRETAIL', 'partnerId') },
			},
			[{}],
			reads,
		);
		expect(byPartner.v1).toEqual([
			{ itemKey: 'partnerSku', value: 'RTL-0002', dscoTradingPartnerId: 'SIMRETAIL' },
		]);
		expect(byPartner.v2).toEqual(byPartner.v1);
	});

	it('Invoice → Create: ship carrier and method', async () => {
		s = await simHarness({ orders: 4 });
		const invoice = (
			id: string,
			order: { dscoOrderId: string; lineItems: Array<{ sku?: string }> },
			extra: IDataObject,
			typeVersion = 1,
		) => ({
			resource: 'invoice',
			operation: 'create',
			invoiceId: id,
			...(typeVersion === 1
				? { orderId: order.dscoOrderId, orderIdType: 'DSCO_ORDER_ID' }
				: { order: rl(order.dscoOrderId) }),
			totalAmount: 10,
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([{ sku: order.lineItems[0].sku, quantity: 1, unitPrice: 10 }]),
			sendMode: 'single',
			additionalFields: extra,
		});
		const [a, b] = s.sim.orders();
		const v1 = await s.h.run(
			invoice('INV-V1', a, { shipCarrier: 'FedEx', shipMethod: 'Ground' }),
			[{}],
			{ typeVersion: 1 },
		);
		const v2 = await s.h.run(
			{
				...invoice('INV-V2', b, { shipCarrier: rl('FedEx'), shipMethod: rl('Ground', 'code') }, 2),
				sendMode: 'sync',
			},
			[{}],
			{ typeVersion: 2 },
		);
		expect([v1.error, v2.error]).toEqual([undefined, undefined]);
		expect((bodies('/invoice')() as IDataObject[]).map((body) => body.ship)).toEqual([
			{ carrier: 'FedEx', method: 'Ground' },
			{ carrier: 'FedEx', method: 'Ground' },
		]);
	});

	it('version 2 also reads a plain text value (a workflow written by hand or through the API)', async () => {
		s = await simHarness({ skus: 3, orders: 0 });
		const { error } = await s.h.run(
			{
				resource: 'inventory',
				operation: 'update',
				sku: 'SIM-SKU-0003',
				quantitySource: 'total',
				quantity: 1,
				sendMode: 'sync',
				additionalFields: { warehouseCode: 'WH01' },
			},
			[{}],
			{ typeVersion: 2 },
		);
		expect(error).toBeUndefined();
		expect(bodies('/inventory/singleItem')()).toEqual([
			{
				sku: 'SIM-SKU-0003',
				warehouses: [{ code: 'WH01', quantity: 1 }],
				quantityAvailable: 1,
				status: 'in-stock',
			},
		]);
	});
});

describe('Send Mode: version 1 keeps its own parameter, version 2 has one "sendMode" (sync | batch) for every write', () => {
	const sentTo = (path: string) =>
		s.sim.requests.filter((r) => r.method === 'POST' && r.path === path).length;

	it('Shipment → Create and Cancellation → Cancel Lines: v1 "mode", v2 "sendMode"; each value goes to its own endpoint', async () => {
		s = await simHarness({ orders: 12 });
		const orders = s.sim
			.orders()
			.filter((o) => !o.testFlag && !o.cancelRequested && o.dscoLifecycle === 'created');
		expect(orders.length).toBeGreaterThanOrEqual(6);
		const ship = (o: (typeof orders)[number], tracking: string, typeVersion = 1) => ({
			resource: 'shipment',
			operation: 'create',
			...(typeVersion === 1
				? { orderId: o.dscoOrderId, orderIdType: 'DSCO_ORDER_ID' }
				: { order: rl(o.dscoOrderId) }),
			trackingNumber: tracking,
			shipCarrier: 'UPS',
			shippingServiceLevelCode: 'UPCG',
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([{ sku: o.lineItems[0].sku, quantity: 1 }]),
		});
		const runs: Array<[IDataObject, number, string]> = [
			[{ ...ship(orders[0], '1ZSM1'), mode: 'singleShipment' }, 1, '/order/singleShipment'],
			[{ ...ship(orders[1], '1ZSM2'), mode: 'batch' }, 1, '/order/shipment/batch/small'],
			[{ ...ship(orders[2], '1ZSM3', 2), sendMode: 'sync' }, 2, '/order/singleShipment'],
			[{ ...ship(orders[3], '1ZSM4', 2), sendMode: 'batch' }, 2, '/order/shipment/batch/small'],
			// Unset: each version's default (sync for shipments).
			[ship(orders[4], '1ZSM5', 2), 2, '/order/singleShipment'],
		];
		for (const [parameters, typeVersion, path] of runs) {
			s.sim.clearRequests();
			const { items, error } = await s.h.run(parameters, [{}], { typeVersion });
			expect({
				typeVersion,
				parameters: parameters.mode ?? parameters.sendMode,
				error: error?.message,
				status: items[0]?.json.status,
			}).toEqual({
				typeVersion,
				parameters: parameters.mode ?? parameters.sendMode,
				error: undefined,
				status: 'success',
			});
			expect([sentTo('/order/singleShipment'), sentTo('/order/shipment/batch/small')]).toEqual(
				path === '/order/singleShipment' ? [1, 0] : [0, 1],
			);
		}

		const cancel = (o: (typeof orders)[number]) => ({
			resource: 'cancellation',
			operation: 'cancelLines',
			orderId: o.dscoOrderId,
			orderIdType: 'DSCO_ORDER_ID',
			cancelCode: 'CXSS',
			lineItemsInput: 'json',
			lineItemsJson: JSON.stringify([{ sku: o.lineItems[0].sku, cancelledQuantity: 1 }]),
		});
		s.sim.clearRequests();
		const v1 = await s.h.run({ ...cancel(orders[5]), mode: 'batch' }, [{}], { typeVersion: 1 });
		expect([v1.error, v1.items[0].json.mode, sentTo('/order/item/cancel/batch/small')]).toEqual([
			undefined,
			'batch',
			1,
		]);
	});

	it('a version 2 node given a version 1 value (or anything else) is refused before anything is sent, naming Send Mode', async () => {
		s = await simHarness({ skus: 2, orders: 0 });
		const { error } = await s.h.run(
			{
				resource: 'inventory',
				operation: 'update',
				sku: 'SIM-SKU-0001',
				quantitySource: 'total',
				quantity: 1,
				sendMode: 'single',
			},
			[{}],
			{ typeVersion: 2 },
		);
		expect(error?.message).toMatch(/Send Mode/);
		expect(error?.message).toMatch(/"single" is not one of the choices \(batch, sync\)/);
		expect(s.sim.requests.filter((r) => r.path.startsWith('/inventory'))).toEqual([]);
	});

	it('Wait for Result and its timeout show only in batch mode, for every write with a send mode, in both versions', () => {
		const { Dsco } = require('../../dist/nodes/Dsco/Dsco.node.js') as {
			Dsco: new () => { description: import('n8n-workflow').INodeTypeDescription };
		};
		const description = new Dsco().description;
		const waitShown = (typeVersion: number, values: INodeParameters) => {
			const node = { typeVersion } as INode;
			const options = description.properties.filter(
				(p) => p.name === 'options' && NodeHelpers.displayParameter(values, p, node, description),
			);
			expect(options).toHaveLength(1);
			const wait = (options[0].options as import('n8n-workflow').INodeProperties[]).filter(
				(o) => o.name === 'waitForResult' || o.name === 'waitTimeoutSeconds',
			);
			expect(wait).toHaveLength(2);
			return wait.every((o) =>
				NodeHelpers.displayParameterPath(values, o, 'options', node, description),
			);
		};
		const writes: Array<[string, string, IDataObject, IDataObject]> = [
			['shipment', 'create', { mode: 'singleShipment' }, { mode: 'batch' }],
			['cancellation', 'cancelLines', { mode: 'sync' }, { mode: 'batch' }],
			['inventory', 'update', { sendMode: 'single' }, { sendMode: 'batch' }],
			['invoice', 'create', { sendMode: 'single' }, { sendMode: 'batch' }],
		];
		for (const [resource, operation, v1Sync, v1Batch] of writes) {
			const base = { resource, operation };
			expect({
				resource,
				v1: [waitShown(1, { ...base, ...v1Sync }), waitShown(1, { ...base, ...v1Batch })],
			}).toEqual({ resource, v1: [false, true] });
			expect({
				resource,
				v2: [
					waitShown(2, { ...base, sendMode: 'sync' }),
					waitShown(2, { ...base, sendMode: 'batch' }),
				],
			}).toEqual({ resource, v2: [false, true] });
			// One Send Mode parameter per version.
			const modes = (typeVersion: number) =>
				description.properties
					.filter(
						(p) =>
							(p.name === 'mode' || p.name === 'sendMode') &&
							NodeHelpers.displayParameter(base, p, { typeVersion } as INode, description),
					)
					.map(
						(p) =>
							`${p.name}: ${(p.options as Array<{ value: string }>).map((o) => o.value).join('|')}`,
					);
			expect(modes(2)).toEqual(['sendMode: batch|sync']);
			expect(modes(1)).toHaveLength(1);
		}
	});
});

describe("what n8n makes of each version's parameters (as the editor and the engine resolve a saved node)", () => {
	function resolved(typeVersion: number, parameters: INodeParameters): INodeParameters {
		const { Dsco } = require('../../dist/nodes/Dsco/Dsco.node.js') as {
			Dsco: new () => { description: import('n8n-workflow').INodeTypeDescription };
		};
		const description = new Dsco().description;
		const node: INode = {
			id: 'n',
			name: 'DSCO',
			type: `${PACKAGE}.dsco`,
			typeVersion,
			position: [0, 0],
			parameters,
		};
		return NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			node,
			description,
		)!;
	}
	const shipment = { resource: 'shipment', operation: 'create' };

	it('version 1 keeps text parameters (a saved value stays as it is), version 2 gets resource locators with From List first', () => {
		const v1 = resolved(1, { ...shipment, shipCarrier: 'UPS' });
		expect(v1.shipCarrier).toBe('UPS');
		expect(v1.shipMethod).toBe('');
		const v2 = resolved(2, { ...shipment });
		expect(v2.shipCarrier).toEqual({ __rl: true, mode: 'list', value: '' });
		expect(v2.shippingServiceLevelCode).toEqual({ __rl: true, mode: 'list', value: '' });
		const inventory = { resource: 'inventory', operation: 'updateFromFile' };
		expect(resolved(1, inventory).warehouseCode).toBe('');
		expect(resolved(2, inventory).warehouseCode).toEqual({ __rl: true, mode: 'list', value: '' });
	});

	it('the node is versions 1 and 2, new nodes get 2, and each parameter shows in one form per version', () => {
		const { Dsco } = require('../../dist/nodes/Dsco/Dsco.node.js') as {
			Dsco: new () => { description: import('n8n-workflow').INodeTypeDescription };
		};
		const description = new Dsco().description;
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		const shown = (typeVersion: number, name: string, values: INodeParameters) =>
			description.properties
				.filter((p) => p.name === name)
				.filter((p) =>
					NodeHelpers.displayParameter(values, p, { typeVersion } as INode, description),
				)
				.map((p) => p.type);
		const values = { resource: 'shipment', operation: 'create', shipCodeSource: 'enter' };
		expect(shown(1, 'shipCarrier', values)).toEqual(['string']);
		expect(shown(2, 'shipCarrier', values)).toEqual(['resourceLocator']);
		// Still hidden when the codes come from the order, in both versions.
		expect(shown(2, 'shipCarrier', { ...values, shipCodeSource: 'order' })).toEqual([]);
		expect(
			shown(1, 'dscoRetailerId', {
				resource: 'inventory',
				operation: 'get',
				itemKey: 'partnerSku',
			}),
		).toEqual(['string']);
		expect(
			shown(2, 'dscoRetailerId', {
				resource: 'inventory',
				operation: 'get',
				itemKey: 'partnerSku',
			}),
		).toEqual(['resourceLocator']);
	});
});
