// The credential's Test button in a real n8n 2.41.1 (`n8n start`, Node 24, the package installed as a community
// package), through the REST call the editor makes (POST /rest/credentials/test with the form's values, unchanged
// secrets sent as n8n's blanking placeholder), against the DSCO simulator running in this process. A working
// credential tests successful; the same credential with a wrong client secret typed over it must fail, and the
// token the working secret obtained must never be sent while testing it.
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

import { startSimulator } from '../simulator';
import { runtime as rt, type Credential } from './runtime';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeJs = require('../../scripts/n8n-runtime.js') as {
	startN8n(
		bin: string,
		userFolder: string,
		opts: { env?: Record<string, string>; stdio?: 'pipe' | 'inherit' },
	): ChildProcess;
	freePort(): Promise<number>;
	editorEnv(
		port: number,
		brokerPort: number,
		extra?: Record<string, string>,
	): Record<string, string>;
};

const CRED = { id: 'dscoTestCred01', name: 'DSCO Simulator' };
const OWNER = {
	email: 'e2e@n8n-nodes-dsco.dev',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-password-1',
};
const WRONG_SECRET = `wrong-secret-${Math.random().toString(36).slice(2)}-e2e`;

function tarball(): string {
	const t = process.env.DSCO_E2E_TARBALL;
	if (!t || !fs.existsSync(t))
		throw new Error(
			'DSCO_E2E_TARBALL is not set: run through `npm run test:e2e` (globalSetup packs it)',
		);
	return t;
}

async function until<T>(
	what: string,
	fn: () => T | undefined | false,
	timeoutMs: number,
	child: ChildProcess,
): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = fn();
		if (value) return value;
		if (child.exitCode !== null)
			throw new Error(`n8n exited (code ${child.exitCode}) while waiting for ${what}`);
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

describe(`the DSCO credential's Test button in n8n ${rt.N8N_VERSION}`, () => {
	let sim: Simulator;
	let userFolder: string;
	let child: ChildProcess | undefined;
	let base = '';
	let cookie = '';
	let output = '';

	beforeAll(async () => {
		sim = await startSimulator({ orders: 1 });
		const bin = await rt.ensureN8n();
		userFolder = rt.prepareUserFolder();
		await rt.installPackageTarball(userFolder, tarball());
		const credential: Credential = {
			...CRED,
			type: 'dscoApi',
			data: {
				environment: 'custom',
				baseUrl: sim.baseUrl,
				authType: 'oAuth2ClientCredentials',
				clientId: sim.clientId,
				clientSecret: sim.clientSecret,
			},
		};
		await rt.importCredentials(userFolder, [credential]);
		const port = await runtimeJs.freePort();
		base = `http://127.0.0.1:${port}`;
		child = runtimeJs.startN8n(bin, userFolder, {
			stdio: 'pipe',
			env: runtimeJs.editorEnv(port, await runtimeJs.freePort(), { N8N_LOG_FORMAT: 'text' }),
		});
		child.stdout?.on('data', (c) => (output += c));
		child.stderr?.on('data', (c) => (output += c));
		await until(
			'n8n to be ready',
			() => /Editor is now accessible|n8n ready on/i.test(output) || undefined,
			180_000,
			child,
		);
		// "n8n ready" is printed before the REST controllers are mounted: wait until they answer.
		let restUp = false;
		await until(
			"n8n's REST API",
			() => {
				void fetch(`${base}/rest/settings`).then(
					(r) => (restUp = r.status === 200),
					() => undefined,
				);
				return restUp || undefined;
			},
			180_000,
			child,
		);
		let res = await fetch(`${base}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (res.status !== 200) {
			res = await fetch(`${base}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
		}
		cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
	}, 600_000);

	afterAll(async () => {
		const c = child;
		if (c && c.exitCode === null && c.signalCode === null) {
			const exited = new Promise((r) => c.once('exit', r));
			c.kill('SIGINT');
			const killer = setTimeout(() => c.kill('SIGKILL'), 20_000);
			await exited;
			clearTimeout(killer);
		}
		await sim?.close();
		if (userFolder && process.env.DSCO_E2E_KEEP !== '1')
			fs.rmSync(userFolder, { recursive: true, force: true });
	});

	async function json(res: Response): Promise<unknown> {
		const text = await res.text();
		try {
			return JSON.parse(text);
		} catch {
			throw new Error(`${res.url} answered ${res.status} with ${text.slice(0, 300)}`);
		}
	}

	/** The credential as the editor loads it: secrets replaced by n8n's blanking placeholder. */
	async function formValues(): Promise<Record<string, unknown>> {
		const res = await fetch(`${base}/rest/credentials/${CRED.id}?includeData=true`, {
			headers: { cookie },
		});
		const body = (await json(res)) as { data?: { data?: Record<string, unknown> } };
		if (!body.data?.data)
			throw new Error(
				`GET credential answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`,
			);
		return body.data.data;
	}

	async function test(data: Record<string, unknown>): Promise<{ status: string; message: string }> {
		const res = await fetch(`${base}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ credentials: { ...CRED, type: 'dscoApi', data } }),
		});
		const body = (await json(res)) as { data?: { status: string; message: string } };
		if (!body.data)
			throw new Error(
				`POST /rest/credentials/test answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`,
			);
		return body.data;
	}

	const hellos = () =>
		sim.requests
			.filter((r) => r.path === '/hello')
			.map((r) => `${r.status} ${String(r.headers.authorization ?? '-')}`);
	// For the printed line: which token each /hello carried (1st, 2nd… token seen), never the token itself.
	const helloTokens = () => {
		const seen: string[] = [];
		return hellos().map((h) =>
			h.replace(
				/Bearer (\S+)$/,
				(_m, token: string) =>
					`Bearer <token ${(seen.includes(token) ? seen : (seen.push(token), seen)).indexOf(token) + 1}>`,
			),
		);
	};
	const tokenCalls = () =>
		sim.requests
			.filter((r) => r.path === '/oauth2/token')
			.map(
				(r) =>
					`${r.status} ${(r.body as Record<string, string>).client_secret === sim.clientSecret ? 'right' : 'wrong'} secret`,
			);

	it('tests a working credential as successful, the same with a wrong secret typed over it as failed, never with the old token', async () => {
		// 1. The stored credential: a token is fetched and /hello answers with it.
		expect(await test(await formValues())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(tokenCalls()).toEqual(['200 right secret']);
		const [firstHello] = hellos();
		expect(firstHello).toMatch(/^200 Bearer \S+$/);
		const firstToken = firstHello.replace(/^200 /, '');

		// 2. A wrong secret typed over it (the stored token comes back from n8n's placeholder): the test fails.
		const wrong = await test({ ...(await formValues()), clientSecret: WRONG_SECRET });
		console.log(
			`Test button with a wrong secret over a working credential (n8n ${rt.N8N_VERSION}): ${JSON.stringify(wrong)}; /hello saw ${JSON.stringify(helloTokens())}; token endpoint saw ${JSON.stringify(tokenCalls())}`,
		);
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/DSCO rejected the Client ID or Client Secret/);
		expect(wrong.message).not.toContain(WRONG_SECRET);
		expect(tokenCalls()).toEqual(['200 right secret', '401 wrong secret']);
		expect(hellos().slice(1)).not.toContain(`200 ${firstToken}`);
		expect(hellos().filter((h) => h.endsWith(firstToken))).toHaveLength(1);

		// 3. The stored credential again: successful.
		expect(await test(await formValues())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	}, 300_000);
});
