/**
 * A write whose answer is lost (503, timeout, dropped connection), per write operation, against the simulator:
 * (a) DSCO never processed it → sent again, every item succeeds, DSCO holds exactly one application;
 * (b) DSCO processed it, then the answer was lost → writes a repeat can duplicate are not sent again (the change log or
 *     the order / invoice shows them), every item's output says what DSCO has, DSCO holds exactly one application;
 *     writes a repeat cannot duplicate are sent again (DSCO's state is the same after the repeat).
 * Prints the results table once (the closing note's 503 table). Wait Timeout 1 s: the quiet period before a batch
 * DSCO shows nothing of is taken as not received (see writes/lostBatch.ts).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FailRule, Order } from '../simulator';
import { simHarness, type SimHarness } from './simHarness';

let s: SimHarness;
beforeEach(async () => {
	s = await simHarness({ orders: 14, cancelRequests: 0, skus: 6 });
});
afterEach(async () => {
	await s.sim.close();
});

type Fault = '503' | 'timeout' | 'dropped';
type Case = 'a' | 'b';

/** The fault for the first POST to `path`: before DSCO processes it (a) or after (b). */
function faultRule(fault: Fault, when: Case, path: string): FailRule {
	const afterProcessing = when === 'b';
	if (fault === '503') return { status: 503, count: 1, path, afterProcessing };
	// Held past the node's 1 s timeout, then dropped: the node sees a timeout.
	if (fault === 'timeout') return { status: 0, count: 1, path, afterProcessing, holdMs: 2500 };
	return { status: 0, count: 1, path, afterProcessing };
}

const FAST = { waitTimeoutSeconds: 1 };
const TIMEOUT_1S = { timeoutSeconds: 1 };

interface Scenario {
	operation: string;
	/** The POST whose answer is lost. */
	path: string;
	/** Whether a repeat could duplicate the write (a repeat must then never happen after case b). */
	duplicates: boolean;
	/** Node parameters; `request` = Request Options. */
	params: (request: IDataObject) => IDataObject;
	/** Input items, and per item how many times DSCO applied it (read from the simulator afterwards). */
	prepare: (sim: SimHarness['sim']) => { input: IDataObject[]; applications: () => number[] };
}

/** Two orders with a first line of quantity ≥ 2, so that a repeated shipment or cancellation could really apply twice. */
function twoOrders(sim: SimHarness['sim']): Order[] {
	let pool = sim.orders().filter((o) => !o.cancelRequested && o.lineItems[0].quantity >= 2);
	if (pool.length < 2)
		pool = [...pool, ...sim.createOrders(6)].filter((o) => o.lineItems[0].quantity >= 2);
	if (pool.length < 2)
		throw new Error('the simulator seeded too few orders with a line of quantity ≥ 2');
	return pool.slice(0, 2);
}

const cancelledOf = (sim: SimHarness['sim'], o: Order) =>
	sim.getOrder(o.dscoOrderId)!.lineItems[0].cancelledQuantity - o.lineItems[0].cancelledQuantity;
/** Successful change-log entries of a kind whose payload names `key` = `value`. */
const logged = (
	sim: SimHarness['sim'],
	kind: 'order' | 'inventory' | 'invoice',
	key: string,
	value: string,
) =>
	sim
		.changeLog(kind)
		.filter(
			(e) =>
				e.status === 'success' && String((e.payload as Record<string, unknown>)[key]) === value,
		).length;

const shipment = (mode: string): Scenario => ({
	operation: `Shipment → Create (${mode === 'batch' ? 'batch' : 'sync'})`,
	path: mode === 'batch' ? '/order/shipment/batch/small' : '/order/singleShipment',
	duplicates: true,
	params: (request) => ({
		resource: 'shipment',
		operation: 'create',
		orderId: '={{ $json.orderId }}',
		orderIdType: 'DSCO_ORDER_ID',
		trackingNumber: '={{ $json.tracking }}',
		shipCarrier: 'UPS',
		shipMethod: 'Ground',
		shippingServiceLevelCode: 'UPCG',
		lineItemsInput: 'json',
		lineItemsJson: '={{ $json.lines }}',
		mode,
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const orders = twoOrders(sim);
		// One unit of a line of 2 or more: a second package with the same tracking number would be accepted.
		const input = orders.map((o, k) => ({
			orderId: o.dscoOrderId,
			tracking: `1ZLOST${k}`,
			lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, quantity: 1 }],
		}));
		return {
			input,
			applications: () =>
				orders.map(
					(o, k) =>
						sim.getOrder(o.dscoOrderId)!.packages.filter((p) => p.trackingNumber === `1ZLOST${k}`)
							.length,
				),
		};
	},
});

const cancellation = (mode: string): Scenario => ({
	operation: `Cancellation → Cancel Lines (${mode})`,
	path: mode === 'batch' ? '/order/item/cancel/batch/small' : '/order/item/cancel',
	duplicates: true,
	params: (request) => ({
		resource: 'cancellation',
		operation: 'cancelLines',
		orderId: '={{ $json.orderId }}',
		orderIdType: 'DSCO_ORDER_ID',
		cancelCode: 'CXSS',
		lineItemsInput: 'json',
		lineItemsJson: '={{ $json.lines }}',
		mode,
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const orders = twoOrders(sim);
		const input = orders.map((o) => ({
			orderId: o.dscoOrderId,
			lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, cancelledQuantity: 1 }],
		}));
		return { input, applications: () => orders.map((o) => cancelledOf(sim, o)) };
	},
});

const invoice = (sendMode: string): Scenario => ({
	operation: `Invoice → Create (${sendMode === 'batch' ? 'batch' : 'sync'})`,
	path: sendMode === 'batch' ? '/invoice/batch/small' : '/invoice',
	duplicates: true,
	params: (request) => ({
		resource: 'invoice',
		operation: 'create',
		invoiceId: '={{ $json.invoiceId }}',
		orderId: '={{ $json.orderId }}',
		orderIdType: 'DSCO_ORDER_ID',
		totalAmount: '={{ $json.total }}',
		lineItemsInput: 'json',
		lineItemsJson: '={{ $json.lines }}',
		sendMode,
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const orders = twoOrders(sim);
		const input = orders.map((o, k) => ({
			invoiceId: `INV-LOST-${k}`,
			orderId: o.dscoOrderId,
			total: 25,
			lines: [{ sku: o.lineItems[0].sku, quantity: 2, unitPrice: 12.5, lineNumber: 1 }],
		}));
		return {
			input,
			applications: () =>
				input.map((x) => sim.invoices().filter((i) => i.invoiceId === x.invoiceId).length),
		};
	},
});

/** Return → Update / Complete of two returns the retailer created (the simulator ships orders to return). */
const returnWrite = (operation: 'update' | 'complete', sendMode: string): Scenario => ({
	operation: `Return → ${operation === 'update' ? 'Update' : 'Complete'} (${sendMode})`,
	path:
		sendMode === 'batch'
			? '/return/batch/small'
			: operation === 'update'
				? '/return/update'
				: '/return/',
	duplicates: true,
	params: (request) => ({
		resource: 'return',
		operation,
		returnIdType: 'dscoReturnId',
		returnId: '={{ $json.id }}',
		trackingNumber: '={{ $json.tracking }}',
		lineItemsInput: 'json',
		lineItemsJson: '={{ $json.lines }}',
		sendMode,
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const returns = sim.createReturns(2);
		const input = returns.map((r, k) => ({
			id: r.dscoReturnId,
			tracking: `1ZRLOST${k}`,
			lines: r.lineItems.map((l) =>
				operation === 'update'
					? { sku: l.sku, lineNumber: l.lineNumber, quantity: l.quantity }
					: { sku: l.sku, lineNumber: l.lineNumber, response: 'accepted' },
			),
		}));
		return {
			input,
			applications: () =>
				returns.map((r, k) => {
					const now = sim.getReturn(r.dscoReturnId)!;
					return operation === 'update'
						? now.packages.filter((p) => p.trackingNumber === `1ZRLOST${k}`).length
						: now.lineItems.filter((l) => l.response !== undefined).length / now.lineItems.length;
				}),
		};
	},
});

const ackLines: Scenario = {
	operation: 'Acknowledgment → Acknowledge Lines (cancels 1)',
	path: '/order/acknowledge/items',
	duplicates: true,
	params: (request) => ({
		resource: 'acknowledgment',
		operation: 'acknowledgeLines',
		orderId: '={{ $json.orderId }}',
		orderIdType: 'DSCO_ORDER_ID',
		lineItemsInput: 'json',
		lineItemsJson: '={{ $json.lines }}',
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const orders = twoOrders(sim);
		const input = orders.map((o) => ({
			orderId: o.dscoOrderId,
			lines: [
				{
					sku: o.lineItems[0].sku,
					lineNumber: 1,
					acceptedQuantity: o.lineItems[0].quantity - 1,
					cancelledQuantity: 1,
					cancelCode: 'CXSN',
				},
			],
		}));
		return { input, applications: () => orders.map((o) => cancelledOf(sim, o)) };
	},
};

/** Writes a repeat cannot duplicate: sent again in both cases; "applications" counts how often DSCO processed them. */
const acknowledge: Scenario = {
	operation: 'Acknowledgment → Acknowledge',
	path: '/order/acknowledge',
	duplicates: false,
	params: (request) => ({
		resource: 'acknowledgment',
		operation: 'acknowledge',
		orderId: '={{ $json.orderId }}',
		orderIdType: 'DSCO_ORDER_ID',
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const orders = twoOrders(sim);
		return {
			input: orders.map((o) => ({ orderId: o.dscoOrderId })),
			applications: () => orders.map((o) => logged(sim, 'order', 'id', o.dscoOrderId)),
		};
	},
};

const estimatedShipDate: Scenario = {
	operation: 'Order → Update Estimated Ship Date',
	path: '/orderupdate/batch/small',
	duplicates: false,
	params: (request) => ({
		resource: 'order',
		operation: 'updateEstimatedShipDate',
		orderId: '={{ $json.orderId }}',
		orderIdType: 'DSCO_ORDER_ID',
		estimatedShipDate: '2030-01-02T00:00:00Z',
		lineSelection: 'all',
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const orders = twoOrders(sim);
		return {
			input: orders.map((o) => ({ orderId: o.dscoOrderId })),
			applications: () => orders.map((o) => logged(sim, 'order', 'dscoOrderId', o.dscoOrderId)),
		};
	},
};

const inventory = (sendMode: string): Scenario => ({
	operation: `Inventory → Update (${sendMode === 'batch' ? 'batch' : 'sync'})`,
	path: sendMode === 'batch' ? '/inventory/batch/small' : '/inventory/singleItem',
	duplicates: false,
	params: (request) => ({
		resource: 'inventory',
		operation: 'update',
		sku: '={{ $json.sku }}',
		quantitySource: 'warehouses',
		warehouses: { warehouse: [{ code: '={{ $json.warehouse }}', quantity: 7 }] },
		sendMode,
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const items = ['SIM-SKU-0001', 'SIM-SKU-0002'].map((sku) => ({
			sku,
			warehouse: sim.inventory(sku)!.warehouses[0].code,
		}));
		return {
			input: items,
			applications: () => items.map((x) => logged(sim, 'inventory', 'sku', x.sku)),
		};
	},
});

/** A known SKU and a new one, as full values: DSCO's item ends the same however often it applies them. */
const catalog: Scenario = {
	operation: 'Catalog → Create or Update',
	path: '/catalog/batch/small',
	duplicates: false,
	params: (request) => ({
		resource: 'catalog',
		operation: 'upsert',
		inputMode: 'json',
		itemCatalogJson: '={{ $json.item }}',
		options: FAST,
		requestOptions: request,
	}),
	prepare: (sim) => {
		const input = ['SIM-SKU-0001', 'NEW-CATALOG-1'].map((sku) => ({
			item: { sku, title: `Mug ${sku}`, productStatus: 'active', cost: 4.5 },
		}));
		return {
			input,
			// A catalog change log holds the ItemCatalog under payload.message.
			applications: () =>
				input.map(
					(x) =>
						sim
							.changeLog('catalog')
							.filter(
								(e) =>
									e.status === 'success' &&
									(e.payload as { message?: { sku?: string } }).message?.sku === x.item.sku,
							).length,
				),
		};
	},
};

interface Row {
	operation: string;
	fault: Fault;
	when: Case;
	posts: string;
	applications: string;
	outputs: string;
}
const rows: Row[] = [];

afterAll(() => {
	if (!rows.length) return;
	const header =
		'| operation | answer lost by | DSCO had processed it | POSTs sent (status) | applications in DSCO per item | outputs |';
	const lines = rows.map(
		(r) =>
			`| ${r.operation} | ${r.fault} | ${r.when === 'b' ? 'yes (b)' : 'no (a)'} | ${r.posts} | ${r.applications} | ${r.outputs} |`,
	);
	console.log(
		[
			'Lost answers per write operation (test/engine/lostAnswers.test.ts):',
			header,
			'|---|---|---|---|---|---|',
			...lines,
		].join('\n'),
	);
});

function summarize(items: INodeExecutionData[]) {
	return items
		.map((i) => {
			const j = i.json;
			if (j.error) return `error: ${String(j.error).slice(0, 60)}`;
			return `${String(j.status)}${j.resendSkipped ? ' (not re-sent: found at DSCO)' : ''}${j.resent ? ' (re-sent)' : ''}`;
		})
		.join('; ');
}

async function runCase(scenario: Scenario, fault: Fault, when: Case) {
	const { input, applications } = scenario.prepare(s.sim);
	s.sim.setFaults({ failNextRequests: [faultRule(fault, when, scenario.path)] });
	const { items, error } = await s.h.run(
		scenario.params(fault === 'timeout' ? TIMEOUT_1S : {}),
		input,
	);
	await s.sim.settle();
	// The write's call: a POST, or completeReturn's PUT.
	const posts = s.sim.requests.filter((r) => r.method !== 'GET' && r.path === scenario.path);
	const applied = applications();
	rows.push({
		operation: scenario.operation,
		fault,
		when,
		posts: posts.map((p) => p.status || 'no answer').join(', '),
		applications: applied.join(', '),
		outputs: error ? `node error: ${error.message}` : summarize(items),
	});
	return { items, error, posts, applied };
}

const DUPLICATING: Scenario[] = [
	shipment('batch'),
	shipment('singleShipment'),
	cancellation('batch'),
	cancellation('sync'),
	invoice('batch'),
	invoice('single'),
	ackLines,
	returnWrite('update', 'sync'),
	returnWrite('update', 'batch'),
	returnWrite('complete', 'sync'),
	returnWrite('complete', 'batch'),
];
const FAULTS: Fault[] = ['503', 'timeout', 'dropped'];

describe.each(DUPLICATING.map((sc) => [sc.operation, sc] as const))(
	'%s (a repeat would duplicate)',
	(_name, scenario) => {
		it.each(FAULTS)(
			'(a) %s before DSCO processed it: sent again, every item succeeds, one application each',
			async (fault) => {
				const { items, error, posts, applied } = await runCase(scenario, fault, 'a');
				expect(error).toBeUndefined();
				expect(items.map((i) => i.json.status)).toEqual(['success', 'success']);
				items.forEach((item, k) => expect(item.pairedItem).toEqual({ item: k }));
				expect(applied).toEqual([1, 1]);
				// The lost call, then what is sent again (sync: one call per item).
				const ok = posts.filter((p) => p.status >= 200 && p.status < 300);
				expect(posts.length - ok.length).toBe(1);
				expect(ok.length).toBe(
					scenario.path.includes('batch') || scenario.path === '/order/acknowledge/items' ? 1 : 2,
				);
			},
		);

		it.each(FAULTS)(
			'(b) %s after DSCO processed it: not sent again, each output says what DSCO has, one application each',
			async (fault) => {
				const { items, error, posts, applied } = await runCase(scenario, fault, 'b');
				expect(error).toBeUndefined();
				expect(items.map((i) => i.json.status)).toEqual(['success', 'success']);
				items.forEach((item, k) => expect(item.pairedItem).toEqual({ item: k }));
				expect(applied).toEqual([1, 1]);
				const lost = items.filter((i) => i.json.resendSkipped === true);
				// The batch (both items) or, in sync mode, the first item's call was the lost one.
				expect(lost.length).toBe(
					scenario.path.includes('batch') || scenario.path === '/order/acknowledge/items' ? 2 : 1,
				);
				for (const item of lost) expect(String(item.json.message)).toMatch(/not sent again/);
				expect(posts.filter((p) => p.status >= 200 && p.status < 300).length).toBe(
					scenario.path.includes('batch') || scenario.path === '/order/acknowledge/items' ? 0 : 1,
				);
			},
		);
	},
);

describe.each(
	[acknowledge, estimatedShipDate, inventory('batch'), inventory('single'), catalog].map(
		(sc) => [sc.operation, sc] as const,
	),
)('%s (a repeat changes nothing)', (_name, scenario) => {
	it.each(['a', 'b'] as const)(
		'case (%s), 503: sent again at once, every item succeeds',
		async (when) => {
			const { items, error, posts, applied } = await runCase(scenario, '503', when);
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.status)).toEqual(['success', 'success']);
			expect(posts[0].status).toBe(503);
			expect(posts.slice(1).every((p) => p.status >= 200 && p.status < 300)).toBe(true);
			// Processed once when the first call never reached DSCO; twice, to the same state, when it did (sync: only the
			// first item's call was lost).
			const sync = scenario.path === '/inventory/singleItem';
			expect(applied).toEqual(when === 'a' ? [1, 1] : sync ? [2, 1] : [2, 2]);
		},
	);
});

describe('more lost answers (simulator)', () => {
	const posts = (path: string) =>
		s.sim.requests.filter((r) => r.method === 'POST' && r.path === path);
	const between = (path: string) => {
		const seq = s.sim.requests
			.filter((r) => r.path !== '/oauth2/token')
			.map((r) => `${r.method} ${r.path}`);
		return seq.slice(seq.indexOf(`POST ${path}`) + 1, seq.lastIndexOf(`POST ${path}`));
	};

	it('lost twice (before, then after DSCO processed the re-sent batch): the second look finds it; two calls, one package each', async () => {
		const scenario = shipment('batch');
		const { input, applications } = scenario.prepare(s.sim);
		s.sim.setFaults({
			failNextRequests: [
				faultRule('503', 'a', scenario.path),
				faultRule('dropped', 'b', scenario.path),
			],
		});
		const { items, error } = await s.h.run(scenario.params({}), input);
		await s.sim.settle();
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.status, i.json.resendSkipped])).toEqual([
			['success', true],
			['success', true],
		]);
		expect(posts(scenario.path).map((p) => p.status)).toEqual([503, 0]);
		expect(applications()).toEqual([1, 1]);
	});

	it('DSCO failed one entry of a batch whose answer was lost: that item gets DSCO’s reason, the other success; nothing sent again', async () => {
		const scenario = shipment('batch');
		const { input, applications } = scenario.prepare(s.sim);
		input[1] = { ...input[1], lines: [{ sku: 'NOT-ON-ORDER', quantity: 1 }] };
		s.sim.setFaults({ failNextRequests: [faultRule('503', 'b', scenario.path)] });
		const { items, error } = await s.h.run(scenario.params({}), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		// Item 0 is found on the order or in the change log first, depending on when the simulator settles the batch
		// (under load either comes first); item 1's reason can only come from the change log.
		expect(items[0].json).toMatchObject({ status: 'success', resendSkipped: true });
		expect(items[1].json.error).toMatch(
			/^DSCO did not apply the shipment: NOT_FOUND .*Line item not found.*\[item 1\]$/,
		);
		expect(posts(scenario.path)).toHaveLength(1);
		expect(applications()).toEqual([1, 0]);
	});

	it('batch cancellations without "Check Against Order": a batch DSCO shows nothing of is not sent again (nothing to compare with)', async () => {
		const scenario = cancellation('batch');
		const { input, applications } = scenario.prepare(s.sim);
		s.sim.setFaults({ failNextRequests: [faultRule('503', 'a', scenario.path)] });
		const params = { ...scenario.params({}), options: { ...FAST, checkAgainstOrder: false } };
		const { items, error } = await s.h.run(params, input, { continueOnFail: true });
		expect(error).toBeUndefined();
		for (const [k, item] of items.entries()) {
			expect(item.json.error).toBe(
				`DSCO answered HTTP 503 to the batch, and whether DSCO applied this cancellation cannot be told (the order was not read before sending ("Check Against Order" is off), so there is nothing to compare with): not sent again [item ${k}]`,
			);
			expect(item.json.errorDescription).toMatch(
				/^Before running it again: read the order \(Order → Get, dscoOrderId \d+\) and compare its lines' cancelledQuantity with what was sent\. DSCO's order change log from .* on shows what arrived\.$/,
			);
		}
		expect(posts(scenario.path)).toHaveLength(1);
		expect(applications()).toEqual([0, 0]);
	});

	it('…but when DSCO did process it, its change log says so even without the order read: success, not sent again', async () => {
		const scenario = cancellation('batch');
		const { input, applications } = scenario.prepare(s.sim);
		s.sim.setFaults({ failNextRequests: [faultRule('503', 'b', scenario.path)] });
		const params = { ...scenario.params({}), options: { ...FAST, checkAgainstOrder: false } };
		const { items, error } = await s.h.run(params, input);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.status, i.json.resendSkipped])).toEqual([
			['success', true],
			['success', true],
		]);
		expect(posts(scenario.path)).toHaveLength(1);
		expect(applications()).toEqual([1, 1]);
	});

	it('line acknowledgments that cancel nothing are sent again at once, without reading anything first', async () => {
		const [a, b] = twoOrders(s.sim);
		s.sim.setFaults({ failNextRequests: [faultRule('503', 'b', '/order/acknowledge/items')] });
		const input = [a, b].map((o) => ({
			orderId: o.dscoOrderId,
			lines: [{ sku: o.lineItems[0].sku, lineNumber: 1, acceptedQuantity: 1 }],
		}));
		const { items, error } = await s.h.run(ackLines.params({}), input);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['success', 'success']);
		expect(posts('/order/acknowledge/items').map((p) => p.status)).toEqual([503, 202]);
		expect(between('/order/acknowledge/items')).toEqual([]);
		expect(s.sim.getOrder(a.dscoOrderId)!.lineItems[0].acceptedQuantity).toBe(1);
	});
});
