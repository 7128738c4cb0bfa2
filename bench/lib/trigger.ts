/** Trigger scenario: an idle poll, then one poll draining new orders (bench/trigger-poll.ts runs the polls). */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

import type { Simulator } from '../../test/simulator';

interface Polled {
	type: 'polled';
	ms: number;
	items: number;
	distinct: number;
	error?: string;
}

/** `packageDir`: the package as installed in the bench's n8n user folder (what n8n loads). */
export async function benchTrigger(sim: Simulator, newOrders: number, packageDir: string) {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', path.join(__dirname, '..', 'trigger-poll.ts')],
		{
			cwd: path.join(__dirname, '..', '..'),
			env: {
				...process.env,
				// The installed package has no node_modules of its own: n8n-workflow comes from the repo, as n8n provides it.
				NODE_PATH: path.join(__dirname, '..', '..', 'node_modules'),
				BENCH_PACKAGE_DIR: packageDir,
				BENCH_BASE_URL: sim.baseUrl,
				BENCH_CLIENT_ID: sim.clientId,
				BENCH_CLIENT_SECRET: sim.clientSecret,
				BENCH_MAX_EVENTS: String(Math.max(newOrders, 1)),
			},
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		},
	);
	const next = () =>
		new Promise<Polled | { type: 'ready' }>((resolve, reject) => {
			const onExit = (code: number | null) => reject(new Error(`trigger poller exited (${code})`));
			child.once('exit', onExit);
			child.once('message', (m) => {
				child.off('exit', onExit);
				resolve(m as Polled);
			});
		});
	const poll = async () => {
		const from = sim.requests.length;
		child.send({ type: 'poll' });
		const result = (await next()) as Polled;
		if (result.error) throw new Error(`trigger poll failed: ${result.error}`);
		const requests = sim.requests.slice(from);
		return {
			...result,
			requests: requests.length,
			r429: requests.filter((r) => r.status === 429).length,
			paths: requests.map((r) => `${r.method} ${r.path.split('/').slice(0, 3).join('/')}`),
		};
	};
	try {
		await next();
		const activation = await poll();
		const idle = await poll();
		const created = Date.now();
		sim.createOrders(newOrders);
		const createMs = Date.now() - created;
		const drain = await poll();
		const after = await poll();
		if (drain.items !== newOrders || drain.distinct !== newOrders) {
			throw new Error(
				`the drain poll emitted ${drain.items} items (${drain.distinct} distinct orders), expected ${newOrders}`,
			);
		}
		return {
			results: {
				idlePollRequests: idle.requests,
				idlePollMs: Math.round(idle.ms),
				newOrders,
				pollMs: Math.round(drain.ms),
			},
			extra: {
				how: "in-process poll() through n8n-core 2.41.1's PollContext, in its own process",
				activationRequests: activation.requests,
				activationMs: Math.round(activation.ms),
				idlePaths: idle.paths,
				drainRequests: drain.requests,
				drain429: drain.r429,
				emitted: drain.items,
				nextPollRequests: after.requests,
				nextPollMs: Math.round(after.ms),
				createOrdersMs: createMs,
			},
		};
	} finally {
		child.send({ type: 'exit' });
	}
}
