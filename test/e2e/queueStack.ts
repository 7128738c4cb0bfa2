// Typed access to scripts/queue-stack.js (n8n's queue mode: PostgreSQL, Redis, an n8n main and workers), shared by
// the queue-mode trigger e2e test and the queue load test (bench/queue-load.ts).
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import type { Credential, N8nResult, RunOptions } from './runtime';

export interface StackProcess {
	name: string;
	child: ChildProcess;
	pid: number;
	logFile?: string;
	/** The last few MB of the process's output. */
	tail: string;
	readonly running: boolean;
	exited: Promise<{ code: number | null; signal: string | null }>;
	stop(): Promise<void>;
}

export interface QueueStackOptions {
	/** Folder for everything (default: a new temp folder, removed by stop()). */
	dir?: string;
	pgDir?: string;
	/** The package, npm-packed; installed into every n8n process's user folder. */
	tarball: string;
	workers?: number;
	concurrency?: number;
	mainPort?: number;
	/** Extra n8n settings for every n8n process, the main only, the workers only. */
	env?: Record<string, string>;
	mainEnv?: Record<string, string>;
	workerEnv?: Record<string, string>;
	ephemeral?: boolean;
	/** Keep a temporary `dir` after stop(). */
	keep?: boolean;
	/** Runs once PostgreSQL and Redis are up, before n8n starts (n8n CLI imports). */
	beforeMain?: (stack: QueueStack) => Promise<void>;
	onLine?: (processName: string, line: string) => void;
	/** Each process in its own process group (the caller stops them; a terminal's Ctrl-C reaches only the caller). */
	detached?: boolean;
}

export interface QueueStack {
	dir: string;
	mainUrl: string;
	encryptionKey: string;
	concurrency: number;
	postgresFresh: boolean;
	ports: {
		main: number;
		postgres: number;
		redis: number;
		workers: Array<{ name: string; health: number; broker: number }>;
	};
	processes: Record<string, StackProcess>;
	userFolders: Record<string, string>;
	/** Milliseconds from the start to the end of each phase (packages, services, imports, main, workers). */
	timings: Record<string, number>;
	services: { installed: string[]; ms: number };
	env(extra?: Record<string, string>): Record<string, string>;
	runN8n(args: string[], opts?: RunOptions): Promise<N8nResult>;
	importCredentials(creds: Credential[]): Promise<N8nResult>;
	importWorkflow(wf: object | object[] | string): Promise<N8nResult>;
	startMain(): Promise<StackProcess>;
	stopMain(): Promise<void>;
	addWorker(): Promise<StackProcess>;
	/** Which worker ran each execution (execution id → worker name), from the workers' logs. */
	executionWorkers(): Map<string, string>;
	stop(): Promise<void>;
}

interface QueueStackModule {
	startQueueStack(opts: QueueStackOptions): Promise<QueueStack>;
	ensureQueueServices(): Promise<{
		redisServer: string;
		pgBin: string;
		installed: string[];
		ms: number;
	}>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const queueStack: QueueStackModule = require(
	path.join(__dirname, '..', '..', 'scripts', 'queue-stack.js'),
);
