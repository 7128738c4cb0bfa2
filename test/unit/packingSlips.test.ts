/**
 * The packing-slip wait on a virtual clock: when each GET /packingslip happens (pauses growing ×1.5 from the first
 * up to the cap, the last read at the deadline), what settles each slip (success, DSCO's failure, a read that fails),
 * and what is left pending (with 404s: "unseen"). No wall clock: the clock moves only when the wait sleeps.
 */
import type { INode } from 'n8n-workflow';

import type { DscoRequest } from '../../nodes/Dsco/transport/client';
import { documentedLimit } from '../../nodes/Dsco/transport/pacing';
import {
	waitForPackingSlips,
	type SlipState,
	type SlipWait,
} from '../../nodes/Dsco/transport/packingSlips';
import { VirtualClock } from './virtualClock';

type Answer = { status: number; body: unknown } | Error;

/** A client whose GET /packingslip answers come from a script per requestId (the last answer repeats). */
function scriptedClient(clock: VirtualClock, scripts: Record<string, Answer[]>) {
	const reads: Array<{ at: number; requestId: string }> = [];
	const client = {
		node: {
			name: 'DSCO',
			type: 'n8n-nodes-dsco.dsco',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			id: 'n',
		} as INode,
		request: async (req: DscoRequest) => {
			expect([req.method, req.path]).toEqual(['GET', '/packingslip']);
			const requestId = String(req.qs?.requestId);
			reads.push({ at: clock.now(), requestId });
			const script = scripts[requestId];
			const answer = script.length > 1 ? script.shift()! : script[0];
			if (answer instanceof Error) throw answer;
			return answer as never;
		},
	};
	return { client, reads };
}

const pending = { status: 200, body: { status: 'pending', url: null } };
const success = (url: string) => ({ status: 200, body: { status: 'success', url } });
const notFound = { status: 404, body: { message: 'not found' } };

async function run(
	clock: VirtualClock,
	scripts: Record<string, Answer[]>,
	wait: Partial<SlipWait>,
) {
	const { client, reads } = scriptedClient(clock, scripts);
	const slips = new Map(Object.keys(scripts).map((id, k) => [id, { requestId: id, itemIndex: k }]));
	const settled: Array<{ at: number; key: string; state: SlipState }> = [];
	let done = false;
	const promise = waitForPackingSlips(
		client,
		slips,
		{ timeoutMs: 60_000, firstPollMs: 1000, maxPollMs: 10_000, readFirst: false, ...wait },
		clock,
		(key, state) => settled.push({ at: clock.now(), key, state }),
	).then(() => (done = true));
	await clock.run(() => done);
	await promise;
	return { reads, settled };
}

describe('waitForPackingSlips', () => {
	it('reads every pending slip per round, pauses 1 s, 1.5 s, 2.25 s…, and settles each as DSCO reports it', async () => {
		const clock = new VirtualClock();
		const { reads, settled } = await run(
			clock,
			{
				A: [pending, pending, success('https://files.example/a.pdf')],
				B: [
					pending,
					{
						status: 200,
						body: {
							status: 'failure',
							details: { errorCode: 'ORDER_NOT_FOUND', errorDescription: 'Order not found: 1' },
						},
					},
				],
			},
			{},
		);
		expect(reads.map((r) => `${r.at} ${r.requestId}`)).toEqual([
			'1000 A',
			'1000 B',
			'2500 A',
			'2500 B',
			'4750 A',
		]);
		expect(settled.map((s) => [s.at, s.key, s.state.state])).toEqual([
			[2500, 'B', 'failed'],
			[4750, 'A', 'ready'],
		]);
		const failed = settled[0].state as Extract<SlipState, { state: 'failed' }>;
		expect(failed.error.message).toBe(
			'DSCO could not generate the packing slip: ORDER_NOT_FOUND: Order not found: 1 [item 1]',
		);
		expect(settled[1].state).toEqual({
			state: 'ready',
			requestId: 'A',
			url: 'https://files.example/a.pdf',
		});
	});

	it('stops at the timeout: the last read falls on the deadline, the slip is left pending', async () => {
		const clock = new VirtualClock();
		const { reads, settled } = await run(clock, { A: [pending] }, { timeoutMs: 10_000 });
		expect(reads.map((r) => r.at)).toEqual([1000, 2500, 4750, 8125, 10_000]);
		expect(settled).toEqual([
			{ at: 10_000, key: 'A', state: { state: 'pending', requestId: 'A', unseen: false } },
		]);
	});

	it('never pauses longer than maxPollMs', async () => {
		const clock = new VirtualClock();
		const { reads } = await run(clock, { A: [pending] }, { timeoutMs: 30_000, maxPollMs: 3000 });
		const gaps = reads.slice(1).map((r, k) => r.at - reads[k].at);
		expect(gaps).toEqual([1500, 2250, ...Array(8).fill(3000), 1250]);
	});

	it('Get reads once at once (readFirst); a timeout of 0 reads only that once', async () => {
		const clock = new VirtualClock();
		const { reads, settled } = await run(
			clock,
			{ A: [pending] },
			{ timeoutMs: 0, readFirst: true },
		);
		expect(reads.map((r) => r.at)).toEqual([0]);
		expect(settled.map((s) => s.state.state)).toEqual(['pending']);
	});

	it('404 on every read: pending and "unseen"; a 404 followed by a real answer is not', async () => {
		const clock = new VirtualClock();
		const { settled } = await run(
			clock,
			{ A: [notFound], B: [notFound, pending] },
			{ timeoutMs: 3000 },
		);
		expect(settled.map((s) => [s.key, s.state])).toEqual([
			['A', { state: 'pending', requestId: 'A', unseen: true }],
			['B', { state: 'pending', requestId: 'B', unseen: false }],
		]);
	});

	it('a read that fails (retries spent, unexpected answer) settles that slip as failed; the others go on', async () => {
		const clock = new VirtualClock();
		const broken = new Error('DSCO answered with an unexpected body');
		const { reads, settled } = await run(
			clock,
			{ A: [broken], B: [pending, success('https://files.example/b.pdf')] },
			{},
		);
		expect(reads.map((r) => `${r.at} ${r.requestId}`)).toEqual(['1000 A', '1000 B', '2500 B']);
		expect(settled.map((s) => [s.key, s.state.state])).toEqual([
			['A', 'failed'],
			['B', 'ready'],
		]);
		expect((settled[0].state as { error: Error }).error).toBe(broken);
	});
});

describe('documented limits of the packing slip endpoints', () => {
	it('paces POST and GET /packingslip at 15 a second and 300 a minute each', () => {
		for (const method of ['POST', 'GET'])
			expect(documentedLimit(method, '/packingslip')).toEqual([
				{ ms: 1000, max: 15 },
				{ ms: 60_000, max: 300 },
			]);
		// No numbers are documented for labels and warehouses: not paced (their 429s are still retried).
		expect(documentedLimit('POST', '/shippinglabels')).toBeUndefined();
		expect(documentedLimit('GET', '/warehouse/page')).toBeUndefined();
	});
});
