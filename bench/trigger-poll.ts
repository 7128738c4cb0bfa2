/**
 * The DSCO Trigger's polls for the bench, in their own process (like n8n's): the node of the package as installed in
 * the bench's n8n user folder (BENCH_PACKAGE_DIR), loaded with n8n-core 2.41.1's PackageDirectoryLoader, each poll
 * run through n8n-core's PollContext in trigger mode on static data kept between polls as n8n keeps it
 * (TriggerProcess from test/engine/harness.ts). Why not real n8n: `n8n execute` cannot run a polling trigger (in CLI
 * mode n8n passes a poll node's input through without polling), and an active workflow under `n8n start` polls on
 * its own schedule, at most once a minute, so a single poll cannot be timed there.
 * Driven by bench/lib/trigger.ts over IPC: "poll" → { ms, items, distinct }.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import { NodeHelpers } from 'n8n-workflow';
import type { ICredentialType, INodeTypes, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { TestCredentialsHelper, TriggerProcess, type Harness } from '../test/engine/harness';

const CREDENTIAL_ID = 'benchDscoCred01';

async function pollHarness(packageDir: string): Promise<Harness> {
	const loader = new PackageDirectoryLoader(packageDir);
	await loader.loadAll();
	const byName = (type: string) => {
		const entry = loader.nodeTypes[type.replace('n8n-nodes-dsco.', '')];
		if (!entry) throw new Error(`Unknown node type ${type}`);
		return entry.type;
	};
	const nodeTypes = {
		getByName: (type: string) => byName(type),
		getByNameAndVersion: (type: string, version?: number) =>
			NodeHelpers.getVersionedNodeType(byName(type), version),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const [name, entry] of Object.entries(loader.credentialTypes))
		credentialTypes[name] = entry.type;
	const credentials = new TestCredentialsHelper(credentialTypes);
	credentials.add({
		id: CREDENTIAL_ID,
		name: 'DSCO (bench)',
		type: 'dscoApi',
		data: {
			environment: 'custom',
			baseUrl: process.env.BENCH_BASE_URL ?? '',
			authType: 'oAuth2ClientCredentials',
			clientId: process.env.BENCH_CLIENT_ID ?? '',
			clientSecret: process.env.BENCH_CLIENT_SECRET ?? '',
		},
	});
	const additionalData = () =>
		({
			credentialsHelper: credentials,
			variables: {},
			restApiUrl: 'http://localhost/rest',
			instanceBaseUrl: 'http://localhost/',
			webhookBaseUrl: 'http://localhost/webhook',
			webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost/webhook-test',
			formWaitingBaseUrl: 'http://localhost/form-waiting',
			currentNodeExecutionIndex: 0,
		}) as unknown as IWorkflowExecuteAdditionalData;
	const unused = async () => {
		throw new Error('not used by the trigger bench');
	};
	return {
		credentials,
		nodeTypes,
		credentialTypes,
		loader,
		run: unused,
		additionalData,
		logLines: () => [],
		testCredential: unused,
	};
}

interface PollMessage {
	type: 'poll' | 'exit';
}

async function main() {
	const packageDir = process.env.BENCH_PACKAGE_DIR;
	if (!packageDir) throw new Error('BENCH_PACKAGE_DIR is not set');
	const h = await pollHarness(packageDir);
	const trigger = new TriggerProcess(
		h,
		{
			event: 'newOrder',
			mode: 'stream',
			options: { maxEventsPerPoll: Number(process.env.BENCH_MAX_EVENTS ?? 10000) },
		},
		{ workflowId: 'benchTrigger01', nodeId: 'benchTriggerNode01', credentialId: CREDENTIAL_ID },
	);
	const send = (m: object) => process.send?.(m);
	process.on('message', (m: PollMessage) => {
		if (m.type === 'exit') process.exit(0);
		if (m.type !== 'poll') return;
		const started = performance.now();
		trigger.poll().then(
			(outcome) => {
				const ms = performance.now() - started;
				const items = outcome.items ?? [];
				const ids = items.map((i) =>
					String((i.json as { dscoOrderId?: unknown }).dscoOrderId ?? ''),
				);
				send({
					type: 'polled',
					ms,
					items: items.length,
					distinct: new Set(ids).size,
					error: outcome.error?.message,
				});
			},
			(error: Error) =>
				send({ type: 'polled', ms: performance.now() - started, items: 0, error: error.message }),
		);
	});
	send({ type: 'ready' });
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
