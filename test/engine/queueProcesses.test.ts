/**
 * Two n8n processes (queue mode: two workers) on one DSCO account and one n8n credential. Each process runs the
 * package from its own copy, so it has its own pacers and token fetches, as separate processes do; both read and
 * store the credential in one store (n8n's database). Against the simulator, with DSCO's limits enforced.
 */
import { startSimulator, type Simulator } from '../simulator';
import { createHarness, removePackageCopies, type Harness, type RunResult } from './harness';

let sim: Simulator | undefined;
afterEach(async () => {
	await sim?.close();
	sim = undefined;
});
afterAll(() => removePackageCopies());

async function twoProcesses(s: Simulator): Promise<[Harness, Harness]> {
	const credential = {
		environment: 'custom',
		baseUrl: s.baseUrl,
		authType: 'oAuth2ClientCredentials',
		clientId: s.clientId,
		clientSecret: s.clientSecret,
	};
	const a = await createHarness(credential, { processName: 'worker-a' });
	const b = await createHarness(credential, {
		processName: 'worker-b',
		credentialStore: a.credentials.store,
	});
	return [a, b];
}

const statuses = (runs: RunResult[]) => runs.flatMap((r) => r.items.map((i) => i.json.status));

it('DSCO revoking older tokens: both processes fetch at once, and again after DSCO expired them, and every shipment lands once', async () => {
	sim = await startSimulator({
		orders: 24,
		cancelRequests: 0,
		revokeOlderTokens: true,
		asyncSettleMs: 20,
	});
	const s = sim;
	const [a, b] = await twoProcesses(s);
	const orders = s.orders();
	const ship = {
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
	};
	const input = (k: number) =>
		[orders[k], orders[k + 1]].map((o) => ({
			orderId: o.dscoOrderId,
			tracking: `1Z${o.dscoOrderId}`,
			lines: o.lineItems.map((l) => ({
				sku: l.sku,
				lineNumber: l.lineNumber,
				quantity: l.quantity,
			})),
		}));
	// Three executions on each worker at once, two shipments each: twice, with DSCO expiring every token in between.
	const phase = (first: number) =>
		Promise.all([0, 1, 2, 3, 4, 5].map((e) => (e % 2 ? b : a).run(ship, input(first + 2 * e))));
	const before = await phase(0);
	s.expireTokens();
	const after = await phase(12);

	for (const r of [...before, ...after]) expect(r.error).toBeUndefined();
	expect(statuses([...before, ...after])).toEqual(Array(24).fill('success'));
	// Each order has its one package: nothing sent twice, nothing lost.
	for (const o of orders)
		expect(s.getOrder(o.dscoOrderId)!.packages.map((p) => p.trackingNumber)).toEqual([
			`1Z${o.dscoOrderId}`,
		]);
	const shipments = s.requests.filter((r) => r.path === '/order/singleShipment');
	expect(shipments.filter((r) => r.status === 201)).toHaveLength(24);
	// DSCO refused revoked or expired tokens (at least each process's first call after the expiry) and every such
	// call was sent again with a valid token; the processes fetched few tokens for it.
	const refused = s.requests.filter((r) => r.status === 401);
	const fetches = s.requests.filter((r) => r.path === '/oauth2/token' && r.status === 200);
	expect(refused.length).toBeGreaterThanOrEqual(2);
	expect(fetches.length).toBeGreaterThanOrEqual(4);
	expect(fetches.length).toBeLessThanOrEqual(12);
	// eslint-disable-next-line no-console
	console.log(
		`two processes, revoking DSCO: 24 shipments, ${refused.length} answers 401, ${fetches.length} tokens fetched, 0 lost, 0 twice`,
	);
});

it('two workers × 5 executions on /inventory/singleItem (5/s per account): every item once, no execution fails on 429s', async () => {
	sim = await startSimulator({ orders: 2, skus: 50 });
	const s = sim;
	const [a, b] = await twoProcesses(s);
	const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;
	const params = {
		resource: 'inventory',
		operation: 'update',
		sku: '={{ $json.sku }}',
		quantitySource: 'total',
		quantity: '={{ $json.quantity }}',
		sendMode: 'single',
	};
	const runs = await Promise.all(
		Array.from({ length: 10 }, (_, e) =>
			(e % 2 ? b : a).run(
				params,
				[1, 2, 3, 4].map((i) => ({ sku: sku(e * 4 + i), quantity: e + i })),
			),
		),
	);

	for (const r of runs) expect(r.error).toBeUndefined();
	expect(statuses(runs)).toEqual(Array(40).fill('success'));
	const calls = s.requests.filter((r) => r.path === '/inventory/singleItem');
	const accepted = calls.filter((r) => r.status === 201);
	expect(accepted.map((r) => (r.body as { sku: string }).sku).sort()).toEqual(
		Array.from({ length: 40 }, (_, k) => sku(k + 1)).sort(),
	);
	for (let e = 0; e < 10; e++) expect(s.inventory(sku(e * 4 + 4))?.quantityAvailable).toBe(e + 4);
	const refused = calls.filter((r) => r.status === 429).length;
	expect(calls.length).toBe(accepted.length + refused);
	// Both processes start at the documented 5/s each: DSCO refuses some until they have adapted, far from one per call.
	expect(refused).toBeLessThan(accepted.length);
	// eslint-disable-next-line no-console
	console.log(`two processes on singleItem: 40 items, ${refused} answers 429, 0 failed`);
});
