// Typed access to scripts/n8n-runtime.js (plain CommonJS, shared with `npm run dev`) for the e2e tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LogEntry {
	level: string;
	message: string;
	metadata?: Record<string, unknown>;
}

export interface N8nResult {
	code: number | null;
	signal: string | null;
	stdout: string;
	stderr: string;
	logs: LogEntry[];
	ms: number;
}

export interface RunJson {
	status: string;
	finished?: boolean;
	mode: string;
	data: {
		resultData: {
			error?: {
				message: string;
				description?: string;
				node?: { name: string };
				[k: string]: unknown;
			};
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message: string };
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
				}>
			>;
			lastNodeExecuted?: string;
		};
	};
}

export interface ExecuteResult extends N8nResult {
	run?: RunJson;
}

export interface RunOptions {
	env?: Record<string, string>;
	timeoutMs?: number;
}

export interface Credential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface Runtime {
	N8N_VERSION: string;
	PACKAGE_NAME: string;
	ensureN8n(): Promise<string>;
	/** Path of the Node 24 binary that runs n8n. */
	node24(): string;
	prepareUserFolder(dir?: string, opts?: { fresh?: boolean }): string;
	installPackageTarball(userFolder: string, tarball: string): Promise<string>;
	extractTarball(tarball: string, dir: string): string;
	importCredentials(userFolder: string, creds: Credential[], opts?: RunOptions): Promise<N8nResult>;
	importWorkflow(
		userFolder: string,
		wf: object | object[] | string,
		opts?: RunOptions,
	): Promise<N8nResult>;
	executeWorkflow(userFolder: string, id: string, opts?: RunOptions): Promise<ExecuteResult>;
	nodeOutput(
		run: RunJson | undefined,
		nodeName: string,
		outputIndex?: number,
	): Array<Record<string, unknown>> | undefined;
	SIM_CREDENTIAL: { id: string; name: string };
	simulatorCredential(
		sim: { baseUrl: string; clientId: string; clientSecret: string },
		ref?: { id: string; name: string },
	): Credential;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const runtime: Runtime = require(
	path.join(__dirname, '..', '..', 'scripts', 'n8n-runtime.js'),
);

/** All of n8n's output of one CLI call, for "never prints X" assertions. */
export function allOutput(r: N8nResult): string {
	return `${r.stdout}\n${r.stderr}`;
}

/** A workflow "Manual Trigger → <nodes in a chain>", the shape `n8n import:workflow` takes. */
export function chainWorkflow(
	id: string,
	name: string,
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credential?: { id: string; name: string };
	}>,
): object {
	const trigger = {
		id: `${id}-trigger`,
		name: 'Manual Trigger',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const all = [
		trigger,
		...nodes.map((n, i) => ({
			id: `${id}-n${i}`,
			name: n.name,
			type: n.type,
			typeVersion: 1,
			position: [240 * (i + 1), 0],
			parameters: n.parameters,
			...(n.credential ? { credentials: { dscoApi: n.credential } } : {}),
		})),
	];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		nodes: all,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

/** The credential the examples and `npm run dev` use ("DSCO Simulator", id dscoSimCred01). */
export const SIM_CREDENTIAL: { id: string; name: string } = runtime.SIM_CREDENTIAL;

/** A DSCO API credential (OAuth2 client credentials, custom base URL) pointing at a simulator, for importCredentials. */
export function simulatorCredential(
	sim: { baseUrl: string; clientId: string; clientSecret: string },
	ref: { id: string; name: string } = SIM_CREDENTIAL,
): Credential {
	return runtime.simulatorCredential(sim, ref);
}

/** The package tarball globalSetup packed (DSCO_E2E_TARBALL). */
export function e2eTarball(): string {
	const t = process.env.DSCO_E2E_TARBALL;
	if (!t || !fs.existsSync(t))
		throw new Error(
			'DSCO_E2E_TARBALL is not set: run through `npm run test:e2e` (globalSetup packs it)',
		);
	return t;
}

/** The IRun of an `n8n execute`; fails with n8n's own output when n8n printed none (it broke before running). */
export function runOf(r: ExecuteResult): RunJson {
	if (!r.run)
		throw new Error(`n8n execute printed no run (exit ${r.code}):\n${allOutput(r).slice(-6000)}`);
	return r.run;
}

/** Removes a test's n8n user folder, or keeps it (and says where) with DSCO_E2E_KEEP=1. */
export function removeUnlessKept(dir: string): void {
	if (process.env.DSCO_E2E_KEEP === '1') process.stderr.write(`[e2e] kept ${dir}\n`);
	else fs.rmSync(dir, { recursive: true, force: true });
}
