/**
 * Runs this package's nodes inside n8n's real execution engine (n8n-core's WorkflowExecute / PollContext), loaded
 * from the built dist/ with n8n-core's PackageDirectoryLoader, with a credentials helper that applies the
 * credential's `authenticate` and `preAuthentication` the way n8n's CLI does and stores refreshed tokens.
 */
import path from 'node:path';

import {
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export const ROOT = path.resolve(__dirname, '../..');
export const PACKAGE = 'n8n-nodes-dsco';

/** Every log line and output the suite produced, for the no-secrets check. */
export const transcript: string[] = [];

class CapturingLogger {
	lines: Array<{ level: string; message: string }> = [];
	private log(level: string, message: string, meta?: unknown) {
		const line = `${level} ${message}${meta ? ' ' + safeJson(meta) : ''}`;
		this.lines.push({ level, message });
		transcript.push(line);
	}
	error(m: string, meta?: unknown) { this.log('error', m, meta); }
	warn(m: string, meta?: unknown) { this.log('warn', m, meta); }
	info(m: string, meta?: unknown) { this.log('info', m, meta); }
	debug(m: string, meta?: unknown) { this.log('debug', m, meta); }
	verbose(m: string, meta?: unknown) { this.log('verbose', m, meta); }
	scoped() { return this; }
}

export const logger = new CapturingLogger();

/** n8n-core's own copies of its DI container and Logger class (it nests versions of its own). */
function fromCore<T>(id: string): T {
	return require(require.resolve(id, { paths: [path.dirname(require.resolve('n8n-core'))] })) as T;
}
const { Container } = fromCore<typeof import('@n8n/di')>('@n8n/di');
const { Logger } = fromCore<typeof import('@n8n/backend-common')>('@n8n/backend-common');
Container.set(Logger, logger as unknown as InstanceType<typeof Logger>);

function safeJson(v: unknown) {
	try {
		return JSON.stringify(v);
	} catch {
		return String(v);
	}
}

interface Loaded {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	loader: PackageDirectoryLoader;
}

let loaded: Promise<Loaded> | undefined;

/** Loads the built package once per test file, as n8n loads an installed community package. */
export function loadPackage(): Promise<Loaded> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
		const byName = (type: string) => {
			const short = type.replace(`${PACKAGE}.`, '');
			const entry = loader.nodeTypes[short];
			if (!entry) throw new Error(`Unknown node type ${type}`);
			return entry.type;
		};
		const nodeTypes: INodeTypes = {
			getByName: (type) => byName(type),
			getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName(type), version),
			getKnownTypes: () => ({}),
		} as INodeTypes;
		const credentialTypes: Record<string, ICredentialType> = {};
		for (const [name, entry] of Object.entries(loader.credentialTypes)) credentialTypes[name] = entry.type;
		return { nodeTypes, credentialTypes, loader };
	})();
	return loaded;
}

/** A stored credential: what n8n's database would hold. */
export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Mirrors packages/cli/src/credentials-helper.ts for what nodes use: generic `authenticate` with expressions over
 * $credentials, `preAuthentication` when the expirable field is empty or after a 401, and persisting its output.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, StoredCredential>();
	preAuthCalls: Array<{ expired: boolean }> = [];

	constructor(private readonly types: Record<string, ICredentialType>) {
		super();
	}

	add(cred: StoredCredential) {
		this.store.set(cred.id, { ...cred, data: { ...cred.data } });
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		const auth = type.authenticate;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		const resolve = (value: unknown) => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			return workflow!.expression.getSimpleParameterValue(node!, value, 'internal', { $credentials: credentials }, undefined, '');
		};
		const out = { ...requestOptions } as IHttpRequestOptions & Record<string, IDataObject>;
		for (const [where, props] of Object.entries(auth.properties) as Array<[string, IDataObject]>) {
			const target: IDataObject = { ...((out as Record<string, unknown>)[where] as IDataObject) };
			for (const [k, v] of Object.entries(props)) target[k] = resolve(v) as string;
			(out as Record<string, unknown>)[where] = target;
		}
		return out;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthCalls.push({ expired: credentialsExpired });
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			await this.updateCredentials(node.credentials[typeName], typeName, Object.assign(credentials, output));
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string) {
		const type = this.types[typeName];
		return (await type.preAuthentication?.call(helpers, credentials)) as ICredentialDataDecryptedObject | undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.get(nodeCredentials.id ?? '');
		if (!stored) throw new Error(`No credential ${nodeCredentials.id}`);
		// Defaults first, as n8n fills in unset properties from the type.
		const defaults: ICredentialDataDecryptedObject = {};
		for (const p of this.types[stored.type].properties) defaults[p.name] = p.default as never;
		return { ...defaults, ...stored.data };
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		const stored = this.store.get(nodeCredentials.id ?? '');
		if (stored) stored.data = { ...data };
	}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type].properties;
	}
}

export interface Harness {
	credentials: TestCredentialsHelper;
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	loader: PackageDirectoryLoader;
	/** Runs the DSCO node once over `input` and returns its output items (or the error that stopped it). */
	run(parameters: IDataObject, input?: IDataObject[], options?: RunOptions): Promise<RunResult>;
	additionalData(): IWorkflowExecuteAdditionalData;
	/** Log lines written since this harness was created. */
	logLines(): string[];
}

export interface RunOptions {
	continueOnFail?: boolean;
	credentialId?: string;
	nodeName?: string;
}

export interface RunResult {
	items: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string; message: string; context?: IDataObject };
	run: IRun;
}

export const DEFAULT_CREDENTIAL_ID = 'cred-1';

export async function createHarness(credentialData: ICredentialDataDecryptedObject): Promise<Harness> {
	const { nodeTypes, credentialTypes, loader } = await loadPackage();
	const firstLine = logger.lines.length;
	const credentials = new TestCredentialsHelper(credentialTypes);
	credentials.add({ id: DEFAULT_CREDENTIAL_ID, name: 'DSCO test', type: 'dscoApi', data: credentialData });

	const additionalData = (hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData =>
		({
			hooks,
			credentialsHelper: credentials,
			variables: {},
			restApiUrl: 'http://localhost/rest',
			instanceBaseUrl: 'http://localhost/',
			webhookBaseUrl: 'http://localhost/webhook',
			webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost/webhook-test',
			formBaseUrl: 'http://localhost/form',
			formWaitingBaseUrl: 'http://localhost/form-waiting',
			formTestBaseUrl: 'http://localhost/form-test',
			mcpBaseUrl: 'http://localhost/mcp',
			mcpTestBaseUrl: 'http://localhost/mcp-test',
			currentNodeExecutionIndex: 0,
			executeWorkflow: async () => {
				throw new Error('not used');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('not used');
			},
		}) as unknown as IWorkflowExecuteAdditionalData;

	async function run(parameters: IDataObject, input: IDataObject[] = [{}], options: RunOptions = {}): Promise<RunResult> {
		const node: INode = {
			id: 'node-dsco',
			name: options.nodeName ?? 'DSCO',
			type: `${PACKAGE}.dsco`,
			typeVersion: 1,
			position: [0, 0],
			parameters: parameters as INode['parameters'],
			credentials: { dscoApi: { id: options.credentialId ?? DEFAULT_CREDENTIAL_ID, name: 'DSCO test' } },
			continueOnFail: options.continueOnFail,
			onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
		};
		const workflowData = {
			id: 'wf-test',
			name: 'DSCO test',
			nodes: [node],
			connections: {},
			active: false,
			settings: { executionOrder: 'v1' as const },
		};
		const workflow = new Workflow({ ...workflowData, nodeTypes, staticData: {} });
		const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', workflowData as never);
		let resolveRun!: (r: IRun) => void;
		const done = new Promise<IRun>((resolve) => (resolveRun = resolve));
		hooks.addHandler('workflowExecuteAfter', (fullRun) => resolveRun(fullRun));
		const runExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				waitingExecution: {},
				waitingExecutionSource: {},
				nodeExecutionStack: [{ node, data: { main: [input.map((json) => ({ json }))] }, source: null }],
			},
		} as unknown as IRunExecutionData;
		const execute = new WorkflowExecute(additionalData(hooks), 'manual' as WorkflowExecuteMode, runExecutionData);
		await execute.processRunExecutionData(workflow);
		const result = await done;
		const taskData = result.data.resultData.runData[node.name]?.[0];
		const items = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
		const error = (result.data.resultData.error ?? taskData?.error) as RunResult['error'];
		// What n8n would store and show: the whole run data, plus the error's own text and stack.
		transcript.push(safeJson(result.data.resultData), safeJson(items));
		if (error) transcript.push(`${error.message} ${error.description ?? ''} ${error.stack ?? ''} ${safeJson(error)}`);
		return { items, error, run: result };
	}

	return {
		credentials,
		nodeTypes,
		credentialTypes,
		loader,
		run,
		additionalData: () => additionalData(),
		logLines: () => logger.lines.slice(firstLine).map((l) => l.message),
	};
}

/** A PollContext for the trigger node, with static data that survives between polls like n8n's. */
export function pollContext(
	harness: Harness,
	node: INode,
	staticData: IDataObject,
	mode: WorkflowExecuteMode = 'trigger',
) {
	const workflow = new Workflow({
		id: 'wf-trigger',
		name: 'trigger',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: harness.nodeTypes,
		staticData,
	});
	return { context: new PollContext(workflow, node, harness.additionalData(), mode, 'activate'), workflow };
}

export type { INodeType };
