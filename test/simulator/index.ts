/**
 * DSCO v3 simulator: a local HTTP server on 127.0.0.1 that behaves like https://api.dsco.io/api/v3 for the
 * endpoints this package uses. See test/simulator/README.md for behaviour, control API and CLI.
 *
 *   const sim = await startSimulator({ seed: 7 });
 *   // … point the credential at sim.baseUrl with sim.clientId / sim.clientSecret …
 *   await sim.close();
 */
import type { AddressInfo } from 'node:net';
import { changeCatalogNow } from './routes/catalog';
import { createSimServer } from './server';
import { clean } from './returns';
import { SimState, resolveOptions } from './state';
import type { RecordedRequest, Simulator, SimulatorOptions } from './types';

export type {
	AccountWarehouse,
	ChangeLogKind,
	CreateOrdersOptions,
	CreateReturnsOptions,
	FailRule,
	Faults,
	Invoice,
	ItemCatalog,
	ItemInventory,
	Message,
	Order,
	OrderLineItem,
	OrderPackage,
	RecordedRequest,
	Return,
	ReturnLineItem,
	ReturnPackage,
	Simulator,
	SimulatorOptions,
	TradingPartner,
} from './types';
export type { SimLabel, SimPackingSlip } from './shipping';

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
	const options = resolveOptions(opts);
	const state = new SimState(options);
	const server = createSimServer(state);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	state.origin = `http://127.0.0.1:${port}`;
	let closed: Promise<void> | undefined;

	return {
		baseUrl: state.baseUrl,
		clientId: state.credentials.clientId,
		clientSecret: state.credentials.clientSecret,
		apiToken: state.credentials.apiToken,
		requests: state.requests,
		clearRequests: () => {
			state.requests.length = 0;
		},
		setFaults: (faults) => {
			state.faults.set(faults);
		},
		advanceClock: (ms) => state.clock.advance(ms),
		expireTokens: () => state.tokens.expireAll(),
		createOrders: (n, createOpts) =>
			state.orders.create(n, createOpts).map((order) => structuredClone(order)),
		requestCancel: (dscoOrderId, cancelCode) => {
			const order = state.orders.requestCancel(dscoOrderId, cancelCode);
			return order && structuredClone(order);
		},
		getOrder: (dscoOrderId) => {
			const order = state.orders.get(dscoOrderId);
			return order && structuredClone(order);
		},
		orders: () => state.orders.list().map((order) => structuredClone(order)),
		inventory: (sku) => {
			const item = state.inventory.get(sku);
			return item && structuredClone(item);
		},
		invoices: () => state.invoices.list().map((invoice) => structuredClone(invoice)),
		catalogItem: (sku) => {
			const item = state.catalog.get(sku);
			return item && structuredClone(item);
		},
		createCatalogItems: (n) => {
			const changes = changeCatalogNow(
				state,
				Array.from({ length: n }, () => state.catalogFactory.create()),
			);
			return changes.map((change) => change.item!);
		},
		changeCatalogItem: (item) => {
			const [change] = changeCatalogNow(state, [item]);
			if (change.status === 'failure') {
				throw new Error(
					`DSCO refused the catalog change of ${item.sku}: ${change.messages?.map((m) => m.description).join('; ')}`,
				);
			}
			return change.item!;
		},
		createReturns: (n, returnOpts) =>
			state.returns.createForRetailers(n, returnOpts).map((ret) => clean(ret)),
		getReturn: (dscoReturnId) => {
			const ret = state.returns.get(dscoReturnId);
			return ret && clean(ret);
		},
		returns: () => state.returns.list().map((ret) => clean(ret)),
		warehouses: () => structuredClone(state.warehouses),
		tradingPartners: () => structuredClone(state.tradingPartners),
		changeLog: (kind) => state.changeLogs.all(kind).map((entry) => structuredClone(entry)),
		labels: () => state.shipping.labels.map((label) => ({ ...label })),
		packingSlips: () =>
			[...state.shipping.slips.keys()].map((id) => structuredClone(state.shipping.slip(id)!)),
		file: (id) => {
			const file = state.files.get(id);
			return (
				file && { fileName: file.fileName, mimeType: file.mimeType, data: Buffer.from(file.data) }
			);
		},
		settle: () => state.queue.settle(),
		holdSettling: () => state.queue.hold(),
		releaseSettling: () => state.queue.release(),
		nextRequest: (match = () => true) =>
			new Promise<RecordedRequest>((resolve, reject) => {
				if (closed) return reject(new Error('The simulator is closed'));
				state.requestWaiters.add({ match, resolve, reject });
			}),
		close: () => {
			closed ??= new Promise<void>((resolve, reject) => {
				state.queue.close();
				for (const waiter of state.requestWaiters)
					waiter.reject(new Error('The simulator closed before a matching request was answered'));
				state.requestWaiters.clear();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			});
			return closed;
		},
	};
}
