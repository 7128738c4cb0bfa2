/**
 * Starts the DSCO simulator with seeded data and prints its base URL and test credentials.
 *
 *   npx tsx test/simulator/cli.ts [--port 5679] [--seed 1] [--orders 20] [--skus 50] [--test-orders 2]
 *     [--marketplace-orders 2] [--cancel-requests 2] [--returns 0] [--return-page-size 100] [--token-ttl 3600]
 *     [--settle-ms 50] [--log-page-size 100] [--no-rate-limits] [--no-require-catalog] [--latency-ms 0] [--rate429 0]
 *     [--rate5xx 0] [--drop-rate 0] [--revoke-older-tokens] [--quiet]
 *
 * The port defaults to the one `npm run dev` gives its simulator (5679), so that the "DSCO Simulator" credential it
 * imported works against this one too; `--port 0` takes a free port.
 */
import { startSimulator } from './index';
import type { Faults, SimulatorOptions } from './types';

const NUMBER_FLAGS: Record<string, keyof SimulatorOptions> = {
	'--port': 'port',
	'--seed': 'seed',
	'--orders': 'orders',
	'--skus': 'skus',
	'--test-orders': 'testOrders',
	'--marketplace-orders': 'marketplaceOrders',
	'--cancel-requests': 'cancelRequests',
	'--returns': 'returns',
	'--return-page-size': 'returnPageSize',
	'--token-ttl': 'tokenTtlSeconds',
	'--settle-ms': 'asyncSettleMs',
	'--log-page-size': 'changeLogPageSize',
};

const FAULT_FLAGS: Record<string, keyof Omit<Faults, 'failNextRequests'>> = {
	'--latency-ms': 'latencyMs',
	'--rate429': 'rate429',
	'--rate5xx': 'rate5xx',
	'--drop-rate': 'dropRate',
};

/** `npm run dev`'s simulator port (scripts/dev.js). */
export const DEFAULT_PORT = 5679;

export function parseArgs(argv: string[]): SimulatorOptions {
	const options: Record<string, unknown> = { quiet: false, port: DEFAULT_PORT };
	const faults: Partial<Faults> = {};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--quiet') options.quiet = true;
		else if (flag === '--no-rate-limits') options.rateLimits = false;
		else if (flag === '--no-require-catalog') options.requireCatalog = false;
		else if (flag === '--revoke-older-tokens') options.revokeOlderTokens = true;
		else if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${usage()}\n`);
			process.exit(0);
		} else if (flag in NUMBER_FLAGS || flag in FAULT_FLAGS) {
			const value = Number(argv[++i]);
			if (!Number.isFinite(value)) throw new Error(`${flag} needs a number`);
			if (flag in NUMBER_FLAGS) options[NUMBER_FLAGS[flag]] = value;
			else faults[FAULT_FLAGS[flag]] = value;
		} else throw new Error(`Unknown option ${flag}\n${usage()}`);
	}
	return { ...(options as SimulatorOptions), faults };
}

function usage(): string {
	const flags = [...Object.keys(NUMBER_FLAGS), ...Object.keys(FAULT_FLAGS)].map((f) => `[${f} N]`);
	return [
		`Usage: npm run simulator -- ${flags.join(' ')} [--no-rate-limits] [--no-require-catalog] [--revoke-older-tokens] [--quiet]`,
		`  --port defaults to ${DEFAULT_PORT} (npm run dev's simulator port); --port 0 takes a free port.`,
	].join('\n');
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const sim = await startSimulator(options).catch((error: NodeJS.ErrnoException) => {
		if (error.code !== 'EADDRINUSE') throw error;
		throw new Error(
			`port ${options.port} is in use (npm run dev's simulator listens there while dev runs: add orders to it with npm run sim:orders); ` +
				'choose another with --port N, or --port 0 for a free one',
		);
	});
	const control = sim.baseUrl.replace(/\/api\/v3$/, '/__sim');
	process.stdout.write(
		[
			'DSCO simulator running',
			`  base URL:       ${sim.baseUrl}`,
			`  client id:      ${sim.clientId}`,
			`  client secret:  ${sim.clientSecret}`,
			`  API token:      ${sim.apiToken}`,
			`  control API:    ${control} (e.g. POST ${control}/orders {"count":3}, POST ${control}/returns {"count":1},`,
			`                  POST ${control}/catalog {"count":2})`,
			`  more orders:    npm run sim:orders -- 20 --port ${new URL(sim.baseUrl).port}`,
			'Press Ctrl+C to stop.',
			'',
		].join('\n'),
	);
	const stop = () => {
		void sim.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${(error as Error).message ?? String(error)}\n`);
		process.exit(1);
	});
}
