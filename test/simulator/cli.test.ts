/**
 * `npm run simulator` defaults to `npm run dev`'s simulator port, and `npm run sim:orders` (scripts/sim-orders.js)
 * adds orders to a running simulator through its control API.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DEFAULT_PORT, parseArgs } from './cli';
import { type Simulator, startSimulator } from './index';

const SIM_ORDERS = path.join(__dirname, '..', '..', 'scripts', 'sim-orders.js');

function simOrders(
	args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [SIM_ORDERS, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('npm run simulator: options', () => {
	it("listens on npm run dev's simulator port unless told otherwise", () => {
		expect(DEFAULT_PORT).toBe(5679);
		expect(parseArgs([]).port).toBe(5679);
		expect(parseArgs(['--port', '0']).port).toBe(0);
		expect(parseArgs(['--orders', '5', '--rate429', '0.1'])).toMatchObject({
			port: 5679,
			orders: 5,
			faults: { rate429: 0.1 },
		});
	});
});

describe('npm run sim:orders', () => {
	let sim: Simulator;
	let port: string;
	const listOrders = async () =>
		(await (await fetch(`http://127.0.0.1:${port}/__sim/orders`)).json()) as Array<
			Record<string, unknown>
		>;

	beforeAll(async () => {
		sim = await startSimulator({
			orders: 2,
			skus: 3,
			testOrders: 0,
			marketplaceOrders: 0,
			cancelRequests: 0,
			quiet: true,
		});
		port = new URL(sim.baseUrl).port;
	});
	afterAll(() => sim.close());

	it('adds new created orders that the example workflows can get again', async () => {
		const before = await listOrders();
		const r = await simOrders(['3', '--port', port]);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const after = await listOrders();
		expect(after).toHaveLength(before.length + 3);
		const added = after.filter((o) => !before.some((b) => b.dscoOrderId === o.dscoOrderId));
		expect(added).toHaveLength(3);
		for (const o of added) expect(o).toMatchObject({ dscoStatus: 'created' });
		expect(r.stdout).toBe(
			`[sim:orders] 3 new order(s) in the simulator at http://127.0.0.1:${port}: ${added.map((o) => o.poNumber).join(', ')}\n`,
		);
	});

	it('passes --test and --cancel-requested on', async () => {
		const before = await listOrders();
		expect((await simOrders(['1', '--port', port, '--test', '--cancel-requested'])).code).toBe(0);
		const added = (await listOrders()).filter(
			(o) => !before.some((b) => b.dscoOrderId === o.dscoOrderId),
		);
		expect(added).toEqual([expect.objectContaining({ testFlag: true, cancelRequested: true })]);
	});

	it('says in one line when no simulator answers, and refuses a bad count', async () => {
		const closed = await startSimulator({ orders: 0, quiet: true });
		const closedPort = new URL(closed.baseUrl).port;
		await closed.close();
		const r = await simOrders(['--port', closedPort]);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(
			new RegExp(
				`^\\[sim:orders\\] no DSCO simulator answers at http://127\\.0\\.0\\.1:${closedPort} \\(ECONNREFUSED\\)[^\\n]*\\n$`,
			),
		);
		const bad = await simOrders(['0', '--port', port]);
		expect(bad).toMatchObject({
			code: 1,
			stderr: '[sim:orders] count must be a whole number from 1 to 10000\n',
		});
	});
});
