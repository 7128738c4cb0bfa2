/**
 * Runs this package's nodes inside n8n's real execution engine (n8n-core's WorkflowExecute / PollContext), loaded
 * from the built dist/ with n8n-core's PackageDirectoryLoader, with a credentials helper that applies the
 * credential's `authenticate` and `preAuthentication` the way n8n's CLI does and stores refreshed tokens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	PollContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createEmptyRunExecutionData,
	isExpression,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
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
	error(m: string, meta?: unknown) {
		this.log('error', m, meta);
	}
	warn(m: string, meta?: unknown) {
		this.log('warn', m, meta);
	}
	info(m: string, meta?: unknown) {
		this.log('info', m, meta);
	}
	debug(m: string, meta?: unknown) {
		this.log('debug', m, meta);
	}
	verbose(m: string, meta?: unknown) {
		this.log('verbose', m, meta);
	}
	scoped() {
		return this;
	}
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
const copies = new Map<string, Promise<Loaded>>();

/** Loads the built package once per test file, as n8n loads an installed community package. */
export function loadPackage(): Promise<Loaded> {
	loaded ??= load(ROOT);
	return loaded;
}

/**
 * Loads a copy of the built package from another folder (package.json and dist/, with node_modules linked back), so
 * that its modules are loaded anew: the package's process-wide state (pacers, token fetches in progress) is then
 * another n8n process's, while n8n-core and n8n-workflow stay shared. Removed by removePackageCopies().
 */
export function loadPackageCopy(name: string): Promise<Loaded> {
	let copy = copies.get(name);
	if (!copy) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-nodes-dsco-${name}-`));
		fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
		fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
		copyDirs.push(dir);
		copy = load(dir);
		copies.set(name, copy);
	}
	return copy;
}

const copyDirs: string[] = [];

export function removePackageCopies() {
	for (const dir of copyDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

function load(root: string): Promise<Loaded> {
	return (async () => {
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		const byName = (type: string) => {
			const short = type.replace(`${PACKAGE}.`, '');
			const entry = loader.nodeTypes[short];
			if (!entry) throw new Error(`Unknown node type ${type}`);
			return entry.type;
		};
		const nodeTypes: INodeTypes = {
			getByName: (type) => byName(type),
			getByNameAndVersion: (type, version) =>
				NodeHelpers.getVersionedNodeType(byName(type), version),
			getKnownTypes: () => ({}),
		} as INodeTypes;
		const credentialTypes: Record<string, ICredentialType> = {};
		for (const [name, entry] of Object.entries(loader.credentialTypes))
			credentialTypes[name] = entry.type;
		return { nodeTypes, credentialTypes, loader };
	})();
}

/** A stored credential: what n8n's database would hold. */
export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Mirrors n8n 2.41.1's CLI credentials helper (dist/credentials-helper.js) for what nodes use: `authenticate` (a
 * function, or generic with expressions over $credentials); `preAuthentication` when the expirable field is empty,
 * after a 401, or for the Test button's mock node, with `this.helpers` reduced to `httpRequest`
 * (restrictToCredentialDomains), persisting the stored data plus its output, and handing the output back merged
 * into the credentials it was given.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	preAuthCalls: Array<{ expired: boolean; testing?: boolean }> = [];

	/** `store` is n8n's database: several helpers (n8n processes) may share one. */
	constructor(
		private readonly types: Record<string, ICredentialType>,
		readonly store = new Map<string, StoredCredential>(),
	) {
		super();
	}

	/** Stores the credential (as saving it in the editor does), replacing what the store held under its id. */
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
			return workflow!.expression.getSimpleParameterValue(
				node!,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
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
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		// n8n's own test for "the Test button's mock node" (it compares the type with 'n8n-nodes-base.noOp', while the
		// tester names the node by the NoOp description's short name 'noOp': in 2.41.1 this is false for the Test button).
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;
		this.preAuthCalls.push({
			expired: credentialsExpired,
			...(node.id === 'temp' ? { testing: true } : {}),
		});
		const restricted = {
			helpers: {
				httpRequest: async (options: IHttpRequestOptions) =>
					await helpers.helpers.httpRequest(options),
			},
		};
		const output = await type.preAuthentication.call(restricted as IHttpRequestHelper, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const nodeCredentials = node.credentials[typeName];
			const storedData = { ...(this.store.get(nodeCredentials.id ?? '')?.data ?? {}) };
			const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
			for (const [key, value] of Object.entries(output)) {
				if (key === expirable.name || !isExpression(storedData[key]))
					dataToPersist[key] = value as ICredentialDataDecryptedObject[string];
			}
			await this.updateCredentials(nodeCredentials, typeName, dataToPersist);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	) {
		const type = this.types[typeName];
		return (await type.preAuthentication?.call(helpers, credentials)) as
			| ICredentialDataDecryptedObject
			| undefined;
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

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	) {
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
	/**
	 * Calls one of the DSCO node's `methods.listSearch` as n8n's editor backend does (DynamicNodeParametersService):
	 * a one-node workflow with the panel's current parameters and credential, and n8n-core's LoadOptionsContext.
	 * (Optional only for harnesses built elsewhere, such as the trigger bench's.)
	 */
	listSearch?(method: string, options?: ListSearchOptions): Promise<INodeListSearchResult>;
	/** Log lines written since this harness was created. */
	logLines(): string[];
	/** The credential's Test button on `data` (the form's values, stored secrets filled in), as n8n 2.41.1 runs it. */
	testCredential(
		data: ICredentialDataDecryptedObject,
		credentialId?: string,
	): Promise<INodeCredentialTestResult>;
}

export interface ListSearchOptions {
	filter?: string;
	paginationToken?: string;
	/** The panel's current parameters (n8n sends them with every list request). */
	parameters?: IDataObject;
	/** The parameter path the list is for, e.g. "parameters.warehouseCode". */
	path?: string;
	typeVersion?: number;
	credentialId?: string;
}

export interface RunOptions {
	/** The node's typeVersion (default 1: the version saved workflows hold). */
	typeVersion?: number;
	continueOnFail?: boolean;
	/** On Error: Continue (using error output); the error output's items are returned as `errorItems`. */
	errorOutput?: boolean;
	credentialId?: string;
	nodeName?: string;
	/** Input items as n8n items (e.g. with binary data) instead of plain JSON. */
	items?: INodeExecutionData[];
	/** The workflow's Timezone setting (n8n's instance default otherwise). */
	timezone?: string;
}

export interface RunResult {
	items: INodeExecutionData[];
	/** Items of the error output (with `errorOutput`). */
	errorItems: INodeExecutionData[];
	error?: Error & {
		description?: string;
		httpCode?: string;
		message: string;
		context?: IDataObject;
	};
	run: IRun;
}

export const DEFAULT_CREDENTIAL_ID = 'cred-1';

export interface HarnessOptions {
	/** Run the nodes from a copy of the package loaded under this name: another n8n process (see loadPackageCopy). */
	processName?: string;
	/** The credential store (n8n's database) to use, e.g. another harness's: processes sharing one credential. */
	credentialStore?: Map<string, StoredCredential>;
}

export async function createHarness(
	credentialData: ICredentialDataDecryptedObject,
	options: HarnessOptions = {},
): Promise<Harness> {
	const { nodeTypes, credentialTypes, loader } = await (options.processName
		? loadPackageCopy(options.processName)
		: loadPackage());
	const firstLine = logger.lines.length;
	const credentials = new TestCredentialsHelper(credentialTypes, options.credentialStore);
	// A second harness on a shared store (another n8n process) finds the credential the first one stored.
	if (!credentials.store.has(DEFAULT_CREDENTIAL_ID)) {
		credentials.add({
			id: DEFAULT_CREDENTIAL_ID,
			name: 'DSCO test',
			type: 'dscoApi',
			data: credentialData,
		});
	}

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

	async function run(
		parameters: IDataObject,
		input: IDataObject[] = [{}],
		options: RunOptions = {},
	): Promise<RunResult> {
		const node: INode = {
			id: 'node-dsco',
			name: options.nodeName ?? 'DSCO',
			type: `${PACKAGE}.dsco`,
			typeVersion: options.typeVersion ?? 1,
			position: [0, 0],
			parameters: parameters as INode['parameters'],
			credentials: {
				dscoApi: { id: options.credentialId ?? DEFAULT_CREDENTIAL_ID, name: 'DSCO test' },
			},
			continueOnFail: options.continueOnFail || options.errorOutput,
			onError: options.errorOutput
				? 'continueErrorOutput'
				: options.continueOnFail
					? 'continueRegularOutput'
					: undefined,
		};
		const workflowData = {
			id: 'wf-test',
			name: 'DSCO test',
			nodes: [node],
			connections: {},
			active: false,
			settings: {
				executionOrder: 'v1' as const,
				...(options.timezone ? { timezone: options.timezone } : {}),
			},
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
				nodeExecutionStack: [
					{
						node,
						data: { main: [options.items ?? input.map((json) => ({ json }))] },
						source: null,
					},
				],
			},
		} as unknown as IRunExecutionData;
		const execute = new WorkflowExecute(
			additionalData(hooks),
			'manual' as WorkflowExecuteMode,
			runExecutionData,
		);
		await execute.processRunExecutionData(workflow);
		const result = await done;
		const taskData = result.data.resultData.runData[node.name]?.[0];
		const items = (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[];
		const errorItems = (taskData?.data?.main?.[1] ?? []) as INodeExecutionData[];
		const error = (result.data.resultData.error ?? taskData?.error) as RunResult['error'];
		// What n8n would store and show: the whole run data, plus the error's own text and stack.
		transcript.push(safeJson(result.data.resultData), safeJson(items));
		if (error)
			transcript.push(
				`${error.message} ${error.description ?? ''} ${error.stack ?? ''} ${safeJson(error)}`,
			);
		return { items, errorItems, error, run: result };
	}

	async function listSearch(
		method: string,
		options: ListSearchOptions = {},
	): Promise<INodeListSearchResult> {
		const node: INode = {
			id: 'uuid-1234',
			name: 'Temp-Node',
			type: `${PACKAGE}.dsco`,
			typeVersion: options.typeVersion ?? 2,
			position: [0, 0],
			parameters: (options.parameters ?? {}) as INode['parameters'],
			credentials: {
				dscoApi: { id: options.credentialId ?? DEFAULT_CREDENTIAL_ID, name: 'DSCO test' },
			},
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const fn = type.methods?.listSearch?.[method];
		if (!fn) throw new Error(`The DSCO node has no listSearch method ${method}`);
		const data = {
			...additionalData(),
			currentNodeParameters: node.parameters,
		} as IWorkflowExecuteAdditionalData;
		const context = new LoadOptionsContext(workflow, node, data, options.path ?? 'parameters');
		try {
			const result = await fn.call(context, options.filter, options.paginationToken);
			transcript.push(safeJson(result));
			return result;
		} catch (error) {
			// What n8n sends the editor for a list that failed: the error's message and description.
			transcript.push(
				`${(error as Error).message} ${(error as { description?: string }).description ?? ''} ${safeJson(error)}`,
			);
			throw error;
		}
	}

	/**
	 * Mirrors CredentialsTester.testCredentials → runRequestTest of n8n 2.41.1 (dist/services/credentials-tester.service.js)
	 * for a credential type with `test.request`: a mock node of NoOp's description name ('noOp') whose one property
	 * `temp` routes the test request, credentials referring to the stored credential, n8n-core's RoutingNode sending
	 * the request with the tested data as `credentialsDecrypted` (and getDecrypted answering the tested data), and
	 * the same mapping of failures to messages.
	 */
	async function testCredential(
		data: ICredentialDataDecryptedObject,
		credentialId = DEFAULT_CREDENTIAL_ID,
	): Promise<INodeCredentialTestResult> {
		const type = credentialTypes.dscoApi;
		const testRequest = type.test!;
		const tested = { id: credentialId, name: 'DSCO test', type: 'dscoApi', data: { ...data } };
		// applyDefaultsAndOverwrites: unset properties from the type's defaults.
		for (const p of type.properties)
			if (!(p.name in tested.data)) tested.data[p.name] = p.default as never;
		const node: INode = {
			id: 'temp',
			parameters: {},
			name: 'Temp-Node',
			type: 'noOp',
			typeVersion: 1,
			position: [0, 0],
			credentials: { dscoApi: { id: tested.id, name: tested.name } },
		};
		const nodeTypeCopy = {
			description: {
				displayName: 'No Operation, do nothing',
				name: 'noOp',
				group: ['organization'],
				version: 1,
				description: 'No Operation',
				defaults: { name: 'No Operation, do nothing' },
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: 'dscoApi', required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: testRequest.request },
						default: '',
					},
				],
			},
		} as unknown as INodeType;
		const mockNodeTypes = {
			getKnownTypes: () => ({}),
			getByName: () => nodeTypeCopy,
			getByNameAndVersion: () => nodeTypeCopy,
		} as unknown as INodeTypes;
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: mockNodeTypes,
		});
		const base = additionalData();
		const testing = Object.create(credentials) as TestCredentialsHelper;
		testing.getDecrypted = async () => tested.data;
		base.credentialsHelper = testing;
		(base as { currentNodeParameters?: unknown }).currentNodeParameters = node.parameters;
		const executeData = { node, data: {}, source: null };
		const context = new ExecuteContext(
			workflow,
			node,
			base,
			'internal',
			createEmptyRunExecutionData(),
			0,
			[],
			{ main: [[{ json: {} }]] },
			executeData,
			[],
		);
		const routingNode = new RoutingNode(context, nodeTypeCopy, tested);
		try {
			await routingNode.runNode();
		} catch (error) {
			const e = error as Error & {
				cause?: { response?: { status: number; statusText?: string }; code?: string };
			};
			transcript.push(
				`${e.message} ${(e as { description?: string }).description ?? ''} ${safeJson(e)}`,
			);
			if (e.cause?.response) {
				const { status, statusText } = e.cause.response;
				if (status < 199 || status > 299)
					return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			} else if (e.cause?.code) {
				return { status: 'Error', message: e.cause.code };
			}
			return { status: 'Error', message: e.message.toString() };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	return {
		credentials,
		nodeTypes,
		credentialTypes,
		loader,
		run,
		listSearch,
		additionalData: () => additionalData(),
		logLines: () => logger.lines.slice(firstLine).map((l) => l.message),
		testCredential,
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
	return {
		context: new PollContext(workflow, node, harness.additionalData(), mode, 'activate'),
		workflow,
	};
}

export type { INodeType };

/**
 * One polling trigger node as n8n 2.41 runs it, across polls and restarts, for trigger tests:
 * - polls run through n8n-core's PollContext in trigger mode, on the workflow's static data kept in memory between
 *   polls (n8n keeps the active Workflow object), with the host's poll budget;
 * - what n8n's database holds (`persisted`) is updated where n8n saves static data: after an activation poll,
 *   when a poll emits items (the items are then taken: `delivered`), and with durable poll cursors
 *   (N8N_POLLER_DURABLE_CURSORS_ENABLED) also after a poll that returns nothing;
 * - `restart()` is a new n8n process: a new Workflow built from `persisted`; its first poll is an 'init' activation.
 */
export interface TriggerProcessOptions {
	workflowId?: string;
	nodeId?: string;
	nodeName?: string;
	credentialId?: string;
	/** Model n8n 2.36+ with durable poll cursors on (static data also saved after polls that return nothing). */
	durableCursors?: boolean;
	/** What the host's getPollBudgetMs() answers (n8n-core's default otherwise: 5 minutes). */
	pollBudgetMs?: number;
	/** The workflow's Timezone setting (n8n's instance default otherwise). */
	timezone?: string;
}

export interface PollOutcome {
	items: INodeExecutionData[] | null;
	error?: Error & { description?: string };
}

export class TriggerProcess {
	/** The workflow's static data as n8n's database holds it. */
	persisted: IDataObject = {};
	/** Every item n8n took from an emitting poll, in order. */
	readonly delivered: INodeExecutionData[] = [];
	restarts = 0;
	private live: IDataObject = {};
	private workflow!: Workflow;
	private activation: WorkflowActivateMode = 'activate';
	/** The next poll is the one n8n runs right when the workflow is activated (at 'activate', or 'init' on start). */
	private activationPoll = true;
	readonly node: INode;

	constructor(
		private readonly harness: Harness,
		parameters: IDataObject,
		private readonly options: TriggerProcessOptions = {},
	) {
		this.node = {
			id: options.nodeId ?? 'node-trigger',
			name: options.nodeName ?? 'DSCO Trigger',
			type: `${PACKAGE}.dscoTrigger`,
			typeVersion: 1,
			position: [0, 0],
			parameters: parameters as INode['parameters'],
			credentials: {
				dscoApi: { id: options.credentialId ?? DEFAULT_CREDENTIAL_ID, name: 'DSCO test' },
			},
		};
		this.boot({});
	}

	private boot(staticData: IDataObject) {
		this.live = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		this.workflow = new Workflow({
			id: this.options.workflowId ?? 'wf-trigger',
			name: 'DSCO trigger test',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.harness.nodeTypes,
			staticData: this.live,
			settings: {
				executionOrder: 'v1',
				...(this.options.timezone ? { timezone: this.options.timezone } : {}),
			},
		});
	}

	/** The node's own static data ("node:<name>") as it is in memory now. */
	nodeStaticData(): IDataObject {
		return (this.live[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	/** The node's static data as n8n's database holds it. */
	persistedNodeStaticData(): IDataObject {
		return (this.persisted[`node:${this.node.name}`] ?? {}) as IDataObject;
	}

	private context(mode: WorkflowExecuteMode, activation: WorkflowActivateMode) {
		const budget = this.options.pollBudgetMs;
		return new PollContext(
			this.workflow,
			this.node,
			this.harness.additionalData(),
			mode,
			activation,
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			budget === undefined ? undefined : () => budget,
		);
	}

	private save() {
		this.persisted = JSON.parse(JSON.stringify(this.live)) as IDataObject;
	}

	/**
	 * One scheduled poll. With `crashBeforeHandOff`, n8n dies after the poll returned and before it saved anything or
	 * started the execution: the items are not taken, and the process restarts from what the database holds.
	 */
	async poll(opts: { crashBeforeHandOff?: boolean } = {}): Promise<PollOutcome> {
		const type = this.harness.nodeTypes.getByNameAndVersion(this.node.type, 1);
		const ctx = this.context('trigger', this.activationPoll ? this.activation : 'activate');
		let items: INodeExecutionData[] | null = null;
		try {
			const result = await type.poll!.call(ctx);
			items = result?.[0] ?? null;
		} catch (error) {
			// n8n records a failed execution (__emitError); the in-memory static data keeps whatever the poll wrote.
			transcript.push(
				`${(error as Error).message} ${(error as { description?: string }).description ?? ''}`,
			);
			return { items: null, error: error as PollOutcome['error'] };
		}
		const activationPoll = this.activationPoll;
		this.activationPoll = false;
		if (opts.crashBeforeHandOff) {
			this.restart();
			return { items: null };
		}
		if (items && items.length) {
			// __emit: n8n saves the static data, then runs and stores the execution with the items.
			this.save();
			this.delivered.push(...items);
			transcript.push(safeJson(items));
		} else if (activationPoll || this.options.durableCursors) {
			// After an activation n8n saves the static data; with durable cursors, also a poll that emitted nothing.
			this.save();
		}
		return { items: items && items.length ? items : null };
	}

	/** "Fetch Test Event": the node run in manual mode on the same static data. */
	async fetchTestEvent(): Promise<PollOutcome> {
		const type = this.harness.nodeTypes.getByNameAndVersion(this.node.type, 1);
		try {
			const result = await type.poll!.call(this.context('manual', 'manual'));
			const items = result?.[0] ?? null;
			if (items) transcript.push(safeJson(items));
			return { items };
		} catch (error) {
			transcript.push(
				`${(error as Error).message} ${(error as { description?: string }).description ?? ''}`,
			);
			return { items: null, error: error as PollOutcome['error'] };
		}
	}

	/** A new n8n process: static data reloaded from the database; the next poll is an 'init' activation. */
	restart() {
		this.restarts++;
		this.boot(this.persisted);
		this.activation = 'init';
		this.activationPoll = true;
	}

	/** The workflow is deactivated and activated again (same process): the next poll is an activation poll. */
	reactivate() {
		this.activation = 'activate';
		this.activationPoll = true;
	}
}
