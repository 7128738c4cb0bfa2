#!/usr/bin/env node
// `npm run dev`: a real n8n 2.41.1 on http://127.0.0.1:5678 with this package installed as a community package, a
// "DSCO Simulator" credential pointing at a local DSCO simulator, the example workflows imported, and an owner
// account already set up. Ctrl-C stops n8n and the simulator.
//
// Options: --port N (n8n, default 5678), --sim-port N (simulator, default 5679; a default port that is taken is
// replaced by a free one, a port given that is taken is an error), --fresh (wipe the dev user folder .n8n-dev/
// first), --no-build (use dist/ as it is), --quiet-sim (no simulator request log), --orders N (seeded orders, 30).
// One `npm run dev` per checkout: a second one says where the first runs and exits, without touching its data.
// `npm run sim:orders` (scripts/sim-orders.js) adds orders to the running simulator.
// Everything that is already up to date is skipped, so a warm start is quick: the build (same sources as at the
// last build), the package install (same dist/ hash), the credential and example imports (same content hash).
// --queue: n8n's queue mode instead (scripts/queue-stack.js): PostgreSQL and Redis (Debian packages, installed with
// apt-get when missing), an n8n main and --workers N (2) `n8n worker` processes at --concurrency N (5), the package
// installed on every one of them, data in .n8n-dev/queue/. Busy default ports are replaced by free ones.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const rt = require('./n8n-runtime');
const queue = require('./queue-stack');
const steps = require('./install-steps');

const ROOT = rt.ROOT;
// gitignored; DSCO_DEV_DIR puts it elsewhere (the tests of the one-dev-per-folder rule use a temp folder).
const DEV_DIR = process.env.DSCO_DEV_DIR
	? path.resolve(process.env.DSCO_DEV_DIR)
	: path.join(ROOT, '.n8n-dev');
const STATE_FILE = path.join(DEV_DIR, 'dev-state.json');
const QUEUE_DIR = path.join(DEV_DIR, 'queue');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const CREDENTIAL_NAME = rt.SIM_CREDENTIAL.name;
const OWNER = rt.DEV_OWNER;

/** Where a running `npm run dev` is (.n8n-dev/dev.lock); npm run sim:orders reads it too. */
const LOCK_FILE = path.join(DEV_DIR, 'dev.lock');
const DEFAULT_PORT = 5678;
const DEFAULT_SIM_PORT = 5679;

/** An error whose message is all the user needs: printed as one line, without a stack trace. */
class DevError extends Error {
	constructor(message, exitCode = 1) {
		super(message);
		this.exitCode = exitCode;
	}
}

function parseArgs(argv) {
	const opts = {
		port: DEFAULT_PORT,
		simPort: DEFAULT_SIM_PORT,
		portGiven: false,
		simPortGiven: false,
		fresh: false,
		build: true,
		quietSim: false,
		orders: 30,
		queue: false,
		workers: 2,
		concurrency: 5,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			const v = argv[++i];
			if (v === undefined) throw new DevError(`${a} needs a value`);
			return v;
		};
		const count = (min, max) => {
			const v = Number(next());
			if (!Number.isInteger(v) || v < min || v > max)
				throw new DevError(`${a} needs a whole number from ${min} to ${max}`);
			return v;
		};
		if (a === '--port') [opts.port, opts.portGiven] = [count(1, 65535), true];
		else if (a === '--sim-port') [opts.simPort, opts.simPortGiven] = [count(1, 65535), true];
		else if (a === '--orders') opts.orders = count(0, 100000);
		else if (a === '--workers') opts.workers = count(1, 32);
		else if (a === '--concurrency') opts.concurrency = count(1, 100);
		else if (a === '--queue') opts.queue = true;
		else if (a === '--fresh') opts.fresh = true;
		else if (a === '--no-build') opts.build = false;
		else if (a === '--quiet-sim') opts.quietSim = true;
		else if (a === '--help' || a === '-h') {
			const header = fs.readFileSync(__filename, 'utf8').split('\n').slice(1);
			process.stdout.write(
				header
					.slice(
						0,
						header.findIndex((l) => !l.startsWith('//')),
					)
					.join('\n') + '\n',
			);
			process.exit(0);
		} else throw new DevError(`unknown option ${a} (try --help)`);
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

/** Sets up the owner account through n8n's own first-run endpoint, or logs in when an owner exists already. */
async function ensureOwner(baseUrl) {
	try {
		return (await rt.ownerSession(baseUrl, OWNER)).created ? 'created' : 'exists';
	} catch (err) {
		return `unknown (${err.message})`;
	}
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

/** 1. Build (only when the sources changed since the last build). */
async function buildIfChanged(opts, state) {
	if (!opts.build) return;
	const inputsHash = hashFiles(buildInputs());
	if (state.buildInputsHash === inputsHash && fs.existsSync(path.join(ROOT, 'dist'))) {
		say('build: sources unchanged since the last build, skipped');
		return;
	}
	await rt.buildPackage();
	state.buildInputsHash = inputsHash;
	writeState(state);
}

function distHash() {
	return hashFiles([...walk(path.join(ROOT, 'dist')), path.join(ROOT, 'package.json')]);
}

/** The npm-packed package, packed again only when dist/ changed. */
async function packIfChanged(state) {
	const packageHash = distHash();
	if (state.tarballHash === packageHash && state.tarball && fs.existsSync(state.tarball))
		return state.tarball;
	fs.rmSync(path.join(DEV_DIR, 'pack'), { recursive: true, force: true });
	state.tarball = await rt.packPackage(path.join(DEV_DIR, 'pack'));
	state.tarballHash = packageHash;
	writeState(state);
	return state.tarball;
}

/**
 * 4. Credential + example workflows into n8n's database (only when their content changed since `imported` recorded
 * them). `importCredentials` / `importWorkflow` run n8n's CLI against the right database.
 */
async function importIfChanged(
	imported,
	sim,
	{ importCredentials, importWorkflow, save },
	elapsed,
) {
	const credential = rt.simulatorCredential(sim);
	const credentialHash = hashJson(credential);
	if (imported.credentialHash === credentialHash) {
		say('credential "DSCO Simulator": unchanged, skipped');
	} else {
		await importCredentials([credential]);
		imported.credentialHash = credentialHash;
		save();
		say(`credential "${CREDENTIAL_NAME}" imported (${elapsed()})`);
	}
	const examples = exampleWorkflows();
	const examplesHash = hashFiles(examples);
	if (imported.examplesHash === examplesHash) {
		say('example workflows: unchanged, skipped');
	} else if (examples.length) {
		if (imported.examplesHash)
			say(
				'example workflows changed in examples/: re-importing them (your edits to them are replaced)',
			);
		await importWorkflow(EXAMPLES_DIR);
		imported.examplesHash = examplesHash;
		save();
		say(`${examples.length} example workflow(s) imported (${elapsed()})`);
	}
}

/** The shell's own N8N_* settings apply to the dev instance (n8nEnv drops them by default). */
function shellN8nSettings() {
	return Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('N8N_')));
}

function printReady(baseUrl, owner, sim, elapsed, extra = []) {
	say('');
	say(`n8n is ready after ${elapsed()}: ${baseUrl}`);
	say(`  log in as ${OWNER.email} / ${OWNER.password}  (owner account: ${owner})`);
	say(
		`  credential "${CREDENTIAL_NAME}" → ${sim.baseUrl}; examples from examples/ are in the Overview`,
	);
	for (const line of extra) say(`  ${line}`);
}

function readLock() {
	try {
		return JSON.parse(fs.readFileSync(LOCK_FILE, 'utf8'));
	} catch {
		return undefined;
	}
}

/** Whether `pid` is a running `npm run dev` (a pid reused by another program after a crash does not count). */
function devRunning(pid) {
	if (!steps.pidAlive(pid)) return false;
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dev.js');
	} catch {
		return true; // no /proc (macOS): a live pid counts
	}
}

/**
 * Makes this process the checkout's one `npm run dev` (.n8n-dev/dev.lock, removed at exit). Another one running
 * stops this one with one line saying where it is, before anything here writes to .n8n-dev/ (its credential, its
 * database, its build state).
 */
function acquireDevLock(mode) {
	fs.mkdirSync(DEV_DIR, { recursive: true });
	for (;;) {
		try {
			fs.writeFileSync(
				LOCK_FILE,
				JSON.stringify({ pid: process.pid, mode, startedAt: new Date().toISOString() }, null, 2) +
					'\n',
				{ flag: 'wx' },
			);
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			const other = readLock();
			if (other && devRunning(other.pid)) {
				const where = other.n8nUrl
					? `n8n ${other.n8nUrl}, simulator ${other.simUrl}`
					: 'still starting';
				// Exit code 0: nothing failed, and npm adds no "npm error" lines under the one line that says it all.
				throw new DevError(
					`npm run dev is already running from this folder (pid ${other.pid}, ${other.mode || 'regular'} mode, ${where}): use that one, or stop it (Ctrl-C) first`,
					0,
				);
			}
			// Left by a run that was killed: nothing holds it.
			fs.rmSync(LOCK_FILE, { force: true });
		}
	}
	process.on('exit', () => {
		if (readLock()?.pid === process.pid) fs.rmSync(LOCK_FILE, { force: true });
	});
}

function updateDevLock(fields) {
	const lock = readLock();
	if (lock?.pid === process.pid)
		fs.writeFileSync(LOCK_FILE, JSON.stringify({ ...lock, ...fields }, null, 2) + '\n');
}

/**
 * A port to listen on: the one given with `--…` (an error when it is taken), else the default when it is free,
 * else a free one (said in one line).
 */
async function choosePort(port, given, what, flag) {
	if (!(await rt.portInUse(port))) return port;
	if (given)
		throw new DevError(
			`port ${port} (${what}, ${flag}) is in use; choose another one, or leave ${flag} out to get a free one`,
		);
	const free = await rt.freePort();
	say(`port ${port} (${what}) is in use; using ${free}`);
	return free;
}

/** Label of an n8n CLI import's progress lines. */
function importLabel(what, userFolder) {
	const first = !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	return `importing ${what} with n8n's CLI${first ? " (its first run creates n8n's database)" : ''}`;
}

/** --fresh: everything in .n8n-dev/ except the queue mode's data and this run's lock. */
function removeDevData() {
	say(`--fresh: removing the n8n data in ${path.relative(ROOT, DEV_DIR)}/`);
	for (const entry of fs.readdirSync(DEV_DIR)) {
		if (entry === 'dev.lock' || entry === 'queue') continue;
		fs.rmSync(path.join(DEV_DIR, entry), { recursive: true, force: true });
	}
}

async function mainRegular(opts, elapsed) {
	acquireDevLock('regular');
	// A port given that is taken fails now, before any work; all ports are chosen just before use.
	if (opts.portGiven) await choosePort(opts.port, true, 'n8n', '--port');
	if (opts.simPortGiven) await choosePort(opts.simPort, true, 'simulator', '--sim-port');

	// On a first start n8n is still being installed (by scripts/with-node24.js): the build, the package's install into
	// the user folder and the simulator need no n8n, so they run meanwhile, off the first start's longest path.
	const n8nInstalled = rt.ensureN8n();
	n8nInstalled.catch(() => {}); // awaited below, before the first n8n command
	if (opts.fresh) removeDevData();
	const userFolder = rt.prepareUserFolder(DEV_DIR);
	const state = readState();
	await buildIfChanged(opts, state);

	// 2. Install the package as a community package (only when dist/ changed).
	const packageHash = distHash();
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
	const port = await choosePort(opts.port, opts.portGiven, 'n8n', '--port');
	const simPort = await choosePort(opts.simPort, opts.simPortGiven, 'simulator', '--sim-port');
	const sim = await startSimulator({ ...opts, simPort });
	say(`DSCO simulator on ${sim.baseUrl} (${opts.orders} seeded orders)`);
	const baseUrl = `http://127.0.0.1:${port}`;
	updateDevLock({ n8nUrl: baseUrl, simUrl: sim.baseUrl });
	let bin;
	try {
		bin = await n8nInstalled;
	} catch (err) {
		await sim.close().catch(() => {});
		throw err;
	}

	await importIfChanged(
		state,
		sim,
		{
			importCredentials: (creds) =>
				rt.importCredentials(userFolder, creds, {
					env: { N8N_LOG_FORMAT: 'json' },
					progress: importLabel('the credential', userFolder),
					progressLog: say,
				}),
			importWorkflow: (dir) =>
				rt.importWorkflow(userFolder, dir, {
					progress: importLabel('the example workflows', userFolder),
					progressLog: say,
				}),
			save: () => writeState(state),
		},
		elapsed,
	);

	// 5. n8n itself.
	const brokerPort = await rt.freePort();
	say(`starting n8n ${rt.N8N_VERSION} …`);
	// The user folder and where n8n listens are this script's to set, whatever the shell says.
	const child = rt.startN8n(bin, userFolder, {
		env: {
			...shellN8nSettings(),
			...rt.editorEnv(
				port,
				brokerPort,
				process.env.N8N_DISABLED_MODULES === undefined
					? {}
					: { N8N_DISABLED_MODULES: process.env.N8N_DISABLED_MODULES },
			),
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

	await rt.waitForN8n(baseUrl, child);
	const owner = await ensureOwner(baseUrl);
	printReady(baseUrl, owner, sim, elapsed, [
		'more orders for the examples: npm run sim:orders (in another terminal)',
		'Ctrl-C stops n8n and the simulator.',
	]);
}

async function mainQueue(opts, t0, elapsed) {
	acquireDevLock('queue');
	if (opts.portGiven) await choosePort(opts.port, true, 'n8n main', '--port');
	if (opts.simPortGiven) await choosePort(opts.simPort, true, 'simulator', '--sim-port');
	if (opts.fresh) {
		say(`--fresh: removing ${QUEUE_DIR}`);
		fs.rmSync(QUEUE_DIR, { recursive: true, force: true });
	}
	await rt.ensureN8n();
	const services = await queue.ensureQueueServices();
	const state = readState();
	await buildIfChanged(opts, state);
	const tarball = await packIfChanged(state);

	const sim = await startSimulator({
		...opts,
		simPort: await choosePort(opts.simPort, opts.simPortGiven, 'simulator', '--sim-port'),
	});
	say(`DSCO simulator on ${sim.baseUrl} (${opts.orders} seeded orders)`);
	const mainPort = await choosePort(opts.port, opts.portGiven, 'n8n main', '--port');
	updateDevLock({ n8nUrl: `http://127.0.0.1:${mainPort}`, simUrl: sim.baseUrl });

	let stack;
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping the n8n workers and main, Redis, PostgreSQL and the simulator …');
		await stack?.stop().catch((err) => say(`stop: ${err.message}`));
		await sim.close().catch(() => {});
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	const logFormat = process.env.N8N_LOG_FORMAT || 'text';
	stack = await queue
		.startQueueStack({
			dir: QUEUE_DIR,
			pgDir: path.join(QUEUE_DIR, 'postgres'),
			ephemeral: false,
			tarball,
			workers: opts.workers,
			concurrency: opts.concurrency,
			mainPort,
			env: {
				...shellN8nSettings(),
				N8N_LOG_FORMAT: logFormat,
				N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
			},
			onLine: (name, line) => process.stdout.write(`[${name}] ${line}\n`),
			detached: true,
			// A new database (first start, or its data folder was removed) has nothing imported yet.
			beforeMain: async (s) => {
				if (s.postgresFresh || !state.queueImports) state.queueImports = {};
				await importIfChanged(
					state.queueImports,
					sim,
					{
						importCredentials: s.importCredentials,
						importWorkflow: s.importWorkflow,
						save: () => writeState(state),
					},
					elapsed,
				);
			},
		})
		.catch(async (err) => {
			await sim.close().catch(() => {});
			throw err;
		});
	for (const [name, p] of Object.entries(stack.processes)) {
		p.exited.then(({ code, signal }) => {
			if (!stopping) {
				say(`${name} exited (${signal || code}); stopping everything`);
				stop(code || 1);
			}
		});
	}
	const owner = await ensureOwner(stack.mainUrl);
	const readySeconds = Number(((Date.now() - t0) / 1000).toFixed(1));
	state.queueReady = {
		seconds: readySeconds,
		aptInstalled: services.installed,
		aptSeconds: Number((services.ms / 1000).toFixed(1)),
		at: new Date().toISOString(),
	};
	writeState(state);
	const w = stack.ports.workers;
	printReady(stack.mainUrl, owner, sim, elapsed, [
		`queue mode: main ${stack.mainUrl} (editor, webhooks, triggers), ${w.length} worker(s) × concurrency ${opts.concurrency}: ` +
			w.map((x) => `${x.name} health http://127.0.0.1:${x.health}/healthz`).join(', '),
		`PostgreSQL 127.0.0.1:${stack.ports.postgres} (database n8n, user n8n, password in ${path.relative(ROOT, path.join(QUEUE_DIR, 'postgres-password'))}), Redis 127.0.0.1:${stack.ports.redis}`,
		`data and logs in ${path.relative(ROOT, QUEUE_DIR)}/; ${services.installed.length ? `installed ${services.installed.join(', ')} with apt-get in ${(services.ms / 1000).toFixed(1)} s; ` : ''}Ctrl-C stops everything.`,
	]);
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	if (opts.queue) await mainQueue(opts, t0, elapsed);
	else await mainRegular(opts, elapsed);
}

if (require.main === module) {
	main().catch((err) => {
		// A DevError says all there is to say; anything else keeps its stack for the bug report.
		process.stderr.write(
			`[dev] ${err instanceof DevError || !err.stack ? err.message || err : err.stack}\n`,
		);
		process.exit(err instanceof DevError ? err.exitCode : 1);
	});
}

module.exports = { parseArgs, choosePort, acquireDevLock, DevError, LOCK_FILE };
