// Typed access to scripts/n8n-runtime.js (plain CommonJS, shared with `npm run dev`) for the e2e tests.
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
			error?: { message: string; description?: string; node?: { name: string }; [k: string]: unknown };
			runData: Record<string, Array<{ executionStatus?: string; error?: { message: string }; data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
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
	prepareUserFolder(dir?: string, opts?: { fresh?: boolean }): string;
	installPackageTarball(userFolder: string, tarball: string): Promise<string>;
	extractTarball(tarball: string, dir: string): string;
	importCredentials(userFolder: string, creds: Credential[], opts?: RunOptions): Promise<N8nResult>;
	importWorkflow(userFolder: string, wf: object | object[] | string, opts?: RunOptions): Promise<N8nResult>;
	executeWorkflow(userFolder: string, id: string, opts?: RunOptions): Promise<ExecuteResult>;
	nodeOutput(run: RunJson | undefined, nodeName: string, outputIndex?: number): Array<Record<string, unknown>> | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const runtime: Runtime = require(path.join(__dirname, '..', '..', 'scripts', 'n8n-runtime.js'));

/** All of n8n's output of one CLI call, for "never prints X" assertions. */
export function allOutput(r: N8nResult): string {
	return `${r.stdout}\n${r.stderr}`;
}

/** A workflow "Manual Trigger → <nodes in a chain>", the shape `n8n import:workflow` takes. */
export function chainWorkflow(
	id: string,
	name: string,
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; credential?: { id: string; name: string } }>,
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
	return { id, name, nodes: all, connections, settings: { executionOrder: 'v1' }, active: false, pinData: {} };
}
