#!/usr/bin/env node
// `npm run dev`: a real n8n 2.41.1 on http://127.0.0.1:5678 with this package installed as a community package, a
// "DSCO Simulator" credential pointing at a local DSCO simulator, the example workflows imported, and an owner
// account already set up. Ctrl-C stops n8n and the simulator.
//
// Options: --port N (n8n, default 5678), --sim-port N (simulator, default 5679), --fresh (wipe the dev user
// folder .n8n-dev/ first), --no-build (use dist/ as it is), --quiet-sim (no simulator request log), --orders N.
// Everything that is already up to date is skipped, so a warm start is quick: the build (same sources as at the
// last build), the package install (same dist/ hash), the credential and example imports (same content hash).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const rt = require('./n8n-runtime');

const ROOT = rt.ROOT;
const DEV_DIR = path.join(ROOT, '.n8n-dev'); // gitignored
const STATE_FILE = path.join(DEV_DIR, 'dev-state.json');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const CREDENTIAL_ID = 'dscoSimCred01';
const CREDENTIAL_NAME = 'DSCO Simulator';
const OWNER = { email: 'dev@n8n-nodes-dsco.local', password: 'DscoDev-2025', firstName: 'DSCO', lastName: 'Developer' };

function parseArgs(argv) {
	const opts = { port: 5678, simPort: 5679, fresh: false, build: true, quietSim: false, orders: 30 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--port') opts.port = Number(next());
		else if (a === '--sim-port') opts.simPort = Number(next());
		else if (a === '--orders') opts.orders = Number(next());
		else if (a === '--fresh') opts.fresh = true;
		else if (a === '--no-build') opts.build = false;
		else if (a === '--quiet-sim') opts.quietSim = true;
		else if (a === '--help' || a === '-h') {
			process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 9).join('\n') + '\n');
			process.exit(0);
		} else throw new Error(`unknown option ${a} (try --help)`);
	}
	return opts;
}

function say(msg) {
	process.stdout.write(`[dev] ${msg}\n`);
}

function readState() {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		return {};
	}
}

function writeState(state) {
	fs.mkdirSync(DEV_DIR, { recursive: true });
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2) + '\n');
}

function walk(dir, out = []) {
	let entries;
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return out;
	}
	for (const e of entries) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) walk(p, out);
		else if (e.isFile()) out.push(p);
	}
	return out;
}

function hashFiles(files) {
	const h = crypto.createHash('sha256');
	for (const f of [...files].sort()) {
		h.update(path.relative(ROOT, f));
		h.update(fs.readFileSync(f));
	}
	return h.digest('hex');
}

function hashJson(value) {
	return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Inputs of `npm run build`; their hash decides whether a build is needed. */
function buildInputs() {
	const files = [...walk(path.join(ROOT, 'credentials')), ...walk(path.join(ROOT, 'nodes'))];
	for (const f of ['package.json', 'tsconfig.json', 'gulpfile.js', 'index.js']) {
		if (fs.existsSync(path.join(ROOT, f))) files.push(path.join(ROOT, f));
	}
	return files;
}

function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function httpJson(method, url, body) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : JSON.stringify(body);
		const req = http.request(
			url,
			{ method, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} },
			(res) => {
				let text = '';
				res.on('data', (c) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode, text, headers: res.headers }));
			},
		);
		req.setTimeout(5000, () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		if (data) req.write(data);
		req.end();
	});
}

async function waitForN8n(baseUrl, child, timeoutMs = 180000) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (child.exitCode !== null) throw new Error(`n8n exited (code ${child.exitCode}) before it was ready`);
		try {
			const r = await httpJson('GET', `${baseUrl}/healthz/readiness`);
			if (r.status === 200) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n did not become ready within ${timeoutMs / 1000} s`);
}

/** Sets up the owner account through n8n's own first-run endpoint; a no-op (400) when an owner exists already. */
async function ensureOwner(baseUrl) {
	const setup = await httpJson('POST', `${baseUrl}/rest/owner/setup`, OWNER);
	if (setup.status === 200) return 'created';
	const login = await httpJson('POST', `${baseUrl}/rest/login`, { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	if (login.status === 200) return 'exists';
	return `unknown (owner setup answered ${setup.status}, login answered ${login.status}: ${login.text.slice(0, 200)})`;
}

/** Starts the DSCO simulator in this process (TypeScript, through tsx's require hook). */
async function startSimulator(opts) {
	const indexTs = path.join(ROOT, 'test', 'simulator', 'index.ts');
	if (!fs.existsSync(indexTs)) throw new Error(`the DSCO simulator is missing (${indexTs})`);
	const { register } = require('tsx/cjs/api');
	register();
	const { startSimulator: start } = require(indexTs);
	return start({ port: opts.simPort, orders: opts.orders, quiet: opts.quietSim });
}

function exampleWorkflows() {
	return walk(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

	if (await portInUse(opts.port)) throw new Error(`port ${opts.port} is in use (another n8n?); try --port N`);
	if (await portInUse(opts.simPort)) throw new Error(`port ${opts.simPort} is in use; try --sim-port N`);

	const bin = await rt.ensureN8n();

	if (opts.fresh) {
		say(`--fresh: removing ${DEV_DIR}`);
		fs.rmSync(DEV_DIR, { recursive: true, force: true });
	}
	const userFolder = rt.prepareUserFolder(DEV_DIR);
	const state = readState();

	// 1. Build (only when the sources changed since the last build).
	if (opts.build) {
		const inputsHash = hashFiles(buildInputs());
		if (state.buildInputsHash === inputsHash && fs.existsSync(path.join(ROOT, 'dist'))) {
			say('build: sources unchanged since the last build, skipped');
		} else {
			await rt.buildPackage();
			state.buildInputsHash = inputsHash;
			writeState(state);
		}
	}

	// 2. Install the package as a community package (only when dist/ changed).
	const packageHash = hashFiles([...walk(path.join(ROOT, 'dist')), path.join(ROOT, 'package.json')]);
	const installedDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', rt.PACKAGE_NAME);
	if (state.packageHash === packageHash && fs.existsSync(installedDir)) {
		say('community package: unchanged, skipped');
	} else {
		const tarball = await rt.packPackage(path.join(DEV_DIR, 'pack'));
		await rt.installPackageTarball(userFolder, tarball);
		state.packageHash = packageHash;
		writeState(state);
		say(`community package installed into ${path.relative(ROOT, installedDir)} (${elapsed()})`);
	}

	// 3. The simulator.
	const sim = await startSimulator(opts);
	say(`DSCO simulator on ${sim.baseUrl} (${opts.orders} seeded orders)`);

	// 4. Credential + example workflows (only when their content changed).
	const credential = {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'dscoApi',
		data: {
			environment: 'custom',
			baseUrl: sim.baseUrl,
			authType: 'oAuth2ClientCredentials',
			clientId: sim.clientId,
			clientSecret: sim.clientSecret,
		},
	};
	const credentialHash = hashJson(credential);
	if (state.credentialHash === credentialHash) {
		say('credential "DSCO Simulator": unchanged, skipped');
	} else {
		await rt.importCredentials(userFolder, [credential], { env: { N8N_LOG_FORMAT: 'json' } });
		state.credentialHash = credentialHash;
		writeState(state);
		say(`credential "${CREDENTIAL_NAME}" imported (${elapsed()})`);
	}
	const examples = exampleWorkflows();
	const examplesHash = hashFiles(examples);
	if (state.examplesHash === examplesHash) {
		say('example workflows: unchanged, skipped');
	} else if (examples.length) {
		if (state.examplesHash) say('example workflows changed in examples/: re-importing them (your edits to them are replaced)');
		await rt.importWorkflow(userFolder, EXAMPLES_DIR);
		state.examplesHash = examplesHash;
		writeState(state);
		say(`${examples.length} example workflow(s) imported (${elapsed()})`);
	}

	// 5. n8n itself.
	const baseUrl = `http://127.0.0.1:${opts.port}`;
	const brokerPort = await rt.freePort();
	say(`starting n8n ${rt.N8N_VERSION} …`);
	// The shell's own N8N_* settings apply to the dev instance (n8nEnv drops them by default), except the ones
	// this script must own: the user folder and where n8n listens.
	const passthrough = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('N8N_')));
	const child = rt.startN8n(bin, userFolder, {
		env: {
			...passthrough,
			N8N_PORT: String(opts.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${baseUrl}/`,
			N8N_WEBHOOK_URL: `${baseUrl}/`,
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			// Offline here: the MCP server registry would only log failed fetches from api.n8n.io.
			N8N_DISABLED_MODULES: process.env.N8N_DISABLED_MODULES ?? 'mcp-registry',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LOG_FORMAT: process.env.N8N_LOG_FORMAT || 'text',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
			N8N_USER_FOLDER: userFolder,
		},
	});

	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the simulator …');
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGINT');
			const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
			await new Promise((r) => child.once('exit', r));
			clearTimeout(killer);
		}
		await sim.close().catch(() => {});
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	child.on('exit', (code, signal) => {
		if (!stopping) {
			say(`n8n exited (${signal || code})`);
			stop(code || 1);
		}
	});

	await waitForN8n(baseUrl, child);
	const owner = await ensureOwner(baseUrl);
	say('');
	say(`n8n is ready after ${elapsed()}: ${baseUrl}`);
	say(`  log in as ${OWNER.email} / ${OWNER.password}  (owner account: ${owner})`);
	say(`  credential "${CREDENTIAL_NAME}" → ${sim.baseUrl}; examples from examples/ are in the Overview`);
	say('  Ctrl-C stops n8n and the simulator.');
}

main().catch((err) => {
	process.stderr.write(`[dev] ${err.stack || err}\n`);
	process.exit(1);
});
