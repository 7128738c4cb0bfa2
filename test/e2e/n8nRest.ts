// n8n's REST API as the editor uses it (owner session cookie): publish a workflow, list a workflow's executions, read
// an execution's run data. Shared by the queue-mode trigger e2e test and the queue load test.
import * as path from 'node:path';

export interface RestResponse<T = unknown> {
	status: number;
	json: T;
	text: string;
}

export type RestRequest = <T = unknown>(
	method: string,
	path: string,
	body?: unknown,
) => Promise<RestResponse<T>>;

interface RuntimeJs {
	n8nInstallDir(): string;
	ownerSession(
		baseUrl: string,
		owner: typeof E2E_OWNER,
	): Promise<RestRequest & { created: boolean }>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeJs = require(
	path.join(__dirname, '..', '..', 'scripts', 'n8n-runtime.js'),
) as RuntimeJs;

export const E2E_OWNER = {
	email: 'e2e@n8n-nodes-dsco.dev',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-password-1',
};

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	startedAt?: string;
	stoppedAt?: string;
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message: string; description?: string };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface ExecutionRun {
	status?: string;
	resultData: {
		error?: { message: string; node?: { name: string } };
		runData: Record<string, NodeRun[]>;
		lastNodeExecuted?: string;
	};
}

interface FlattedModule {
	parse(text: string): unknown;
}

/** n8n stores run data as `flatted` text (JSON with shared references); its own copy reads it the same way. */
function flatted(): FlattedModule {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(
		require.resolve('flatted', { paths: [runtimeJs.n8nInstallDir()] }),
	) as FlattedModule;
}

/** The owner's REST session (set up on first use, else logged in): what the editor sends, with its cookie. */
export const ownerSession = (baseUrl: string, owner = E2E_OWNER) =>
	runtimeJs.ownerSession(baseUrl, owner);

/** Publishes (activates) the workflow's current version, as the editor's Publish button does. */
export async function publishWorkflow(rest: RestRequest, workflowId: string): Promise<void> {
	const wf = await rest<{ data: { versionId: string } }>('GET', `/rest/workflows/${workflowId}`);
	if (wf.status !== 200)
		throw new Error(`GET workflow ${workflowId}: ${wf.status} ${wf.text.slice(0, 300)}`);
	const res = await rest('POST', `/rest/workflows/${workflowId}/activate`, {
		versionId: wf.json.data.versionId,
	});
	if (res.status !== 200)
		throw new Error(`publishing workflow ${workflowId}: ${res.status} ${res.text.slice(0, 500)}`);
}

/** The workflow's executions, newest first (at most `limit`; n8n allows 100). */
export async function listExecutions(
	rest: RestRequest,
	workflowId: string,
	limit = 100,
): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const res = await rest<{ data?: { results?: ExecutionSummary[] } }>(
		'GET',
		`/rest/executions?filter=${filter}&limit=${limit}`,
	);
	if (res.status !== 200)
		throw new Error(`listing executions of ${workflowId}: ${res.status} ${res.text.slice(0, 300)}`);
	return (res.json.data?.results ?? []).map((e) => ({ ...e, id: String(e.id) }));
}

/** Whether an execution has ended (successfully or not). */
export function ended(e: ExecutionSummary): boolean {
	return !['new', 'running', 'waiting', 'unknown'].includes(e.status);
}

/** An execution's run data as stored (what the editor shows). */
export async function executionRun(rest: RestRequest, id: string): Promise<ExecutionRun> {
	const res = await rest<{ data: { data: string; status: string } }>(
		'GET',
		`/rest/executions/${id}`,
	);
	if (res.status !== 200)
		throw new Error(`GET execution ${id}: ${res.status} ${res.text.slice(0, 300)}`);
	const data = flatted().parse(res.json.data.data) as { resultData: ExecutionRun['resultData'] };
	return { status: res.json.data.status, resultData: data.resultData };
}

/** The json of the items on `nodeName`'s main output `outputIndex` (its last run), or undefined when it did not run. */
export function nodeItems(
	run: ExecutionRun,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> | undefined {
	const runs = run.resultData.runData[nodeName];
	if (!runs?.length) return undefined;
	const main = runs[runs.length - 1].data?.main;
	return (main?.[outputIndex] ?? []).map((item) => item.json);
}

/** The error that ended the execution, if any: "<node>: <message>". */
export function runError(run: ExecutionRun): string | undefined {
	const e = run.resultData.error;
	if (!e) return undefined;
	return `${e.node?.name ? `${e.node.name}: ` : ''}${e.message}`;
}
