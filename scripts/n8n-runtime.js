// Real n8n for development and end-to-end tests: installs a pinned n8n into a cache folder outside the repo (once),
// prepares isolated user folders, installs this package into them the way the Community Nodes UI does, and runs
// n8n's CLI (import:credentials, import:workflow, execute, start). Plain CommonJS; runs under Node 20 or 24, but n8n
// itself always runs under Node 24 (n8n@2.41 requires it), which scripts/with-node24.js provides.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { node24BinDir, CACHE, ROOT } = require('./with-node24');

const N8N_VERSION = process.env.DSCO_N8N_VERSION || '2.41.1';
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;
const READY_MARKER = '.dsco-n8n-ready.json';

function log(msg) {
	process.stderr.write(`[n8n-runtime] ${msg}\n`);
}

function seconds(startMs) {
	return ((Date.now() - startMs) / 1000).toFixed(1);
}

/** Folder n8n is installed into (outside the repo, never committed). */
function n8nInstallDir() {
	return path.join(CACHE, `n8n-${N8N_VERSION}`);
}

function n8nBinPath() {
	return path.join(n8nInstallDir(), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Path of the Node 24 binary that runs n8n. */
function node24() {
	return path.join(node24BinDir(), 'node');
}

/** Folder holding Node 24's C headers (`include/node`), for native rebuilds (npm_config_nodedir). */
function node24HeadersDir() {
	const dir = path.dirname(node24BinDir());
	if (!fs.existsSync(path.join(dir, 'include', 'node', 'node_version.h'))) {
		throw new Error(`Node 24 headers not found under ${dir}/include/node (needed to rebuild sqlite3)`);
	}
	return dir;
}

/** Environment with Node 24 first on PATH (so `npm` and anything it spawns run under Node 24). */
function node24Env(extra) {
	const PATH = [node24BinDir(), process.env.PATH].join(path.delimiter);
	return { ...process.env, PATH, ...extra };
}

/** Runs a command, printing a progress line with the elapsed time every `everyMs` while it runs. */
function runWithProgress(label, cmd, args, opts = {}) {
	const { progress, everyMs = 15000, ...spawnOpts } = opts;
	const started = Date.now();
	log(`${label}…`);
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
		let output = '';
		const keep = (chunk) => {
			output += chunk.toString();
			if (output.length > 200000) output = output.slice(-100000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const timer = setInterval(() => {
			const extra = progress ? `, ${progress()}` : '';
			log(`  … ${label}: ${seconds(started)} s elapsed${extra}`);
		}, everyMs);
		child.on('error', (err) => {
			clearInterval(timer);
			reject(err);
		});
		child.on('close', (code) => {
			clearInterval(timer);
			if (code === 0) {
				log(`${label}: done in ${seconds(started)} s`);
				resolve(output);
			} else {
				process.stderr.write(output.slice(-8000));
				reject(new Error(`${label} failed (exit ${code}): ${cmd} ${args.join(' ')}`));
			}
		});
	});
}

function countInstalledPackages(nodeModules) {
	try {
		let n = 0;
		for (const entry of fs.readdirSync(nodeModules)) {
			if (entry.startsWith('.')) continue;
			if (entry.startsWith('@')) n += fs.readdirSync(path.join(nodeModules, entry)).length;
			else n += 1;
		}
		return `${n} top-level packages in node_modules`;
	} catch {
		return 'resolving the dependency tree';
	}
}

/** Simple cross-process lock (a directory), so a dev server and a test run never install at the same time. */
async function withLock(lockDir, fn) {
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			let holder = NaN;
			try {
				holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {}
			let alive = false;
			if (holder > 0) {
				try {
					process.kill(holder, 0);
					alive = true;
				} catch {}
			}
			// A lock without a live holder (crashed installer) is taken over; a fresh one without a pid file yet is not.
			if (!alive && (holder > 0 || Date.now() - fs.statSync(lockDir).mtimeMs > 60000)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another process (pid ${holder}) that is installing n8n…`);
				announced = true;
			}
			await new Promise((r) => setTimeout(r, 1000));
			if (Date.now() - started > 30 * 60 * 1000) throw new Error(`gave up waiting for lock ${lockDir}`);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function readyMarker() {
	const file = path.join(n8nInstallDir(), READY_MARKER);
	try {
		const data = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (data.version === N8N_VERSION && fs.existsSync(n8nBinPath())) return data;
	} catch {}
	return null;
}

/**
 * Installs n8n@N8N_VERSION into the cache once and returns the path of its bin script (run it with `node24()`).
 * Cold: `npm install --ignore-scripts n8n@…` (install scripts are skipped: some download prebuilt binaries from
 * hosts that are not reachable here), then `npm rebuild sqlite3` against Node 24's headers, then a version check.
 * Warm (the completion marker exists): does nothing.
 */
async function ensureN8n() {
	if (readyMarker()) return n8nBinPath();
	const dir = n8nInstallDir();
	fs.mkdirSync(dir, { recursive: true });
	return withLock(path.join(CACHE, `.n8n-${N8N_VERSION}.lock`), async () => {
		if (readyMarker()) return n8nBinPath();
		const started = Date.now();
		log(`n8n@${N8N_VERSION} is not installed yet; installing it into ${dir} (once; takes a few minutes)`);
		const env = node24Env({ npm_config_nodedir: node24HeadersDir() });
		const pkgJson = path.join(dir, 'package.json');
		if (!fs.existsSync(pkgJson)) {
			fs.writeFileSync(pkgJson, JSON.stringify({ name: 'dsco-n8n-runtime', private: true }, null, 2) + '\n');
		}
		await runWithProgress(
			`npm install n8n@${N8N_VERSION} (--ignore-scripts)`,
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', `n8n@${N8N_VERSION}`],
			{ cwd: dir, env, progress: () => countInstalledPackages(path.join(dir, 'node_modules')) },
		);
		await runWithProgress('npm rebuild sqlite3 (native, against Node 24 headers)', 'npm', ['rebuild', 'sqlite3'], {
			cwd: dir,
			env,
		});
		const version = spawnSync(node24(), [n8nBinPath(), '--version'], {
			cwd: dir,
			env: node24Env({ N8N_DIAGNOSTICS_ENABLED: 'false' }),
			encoding: 'utf8',
		});
		if (version.status !== 0 || !version.stdout.includes(N8N_VERSION)) {
			throw new Error(`installed n8n does not run: ${version.stdout}\n${version.stderr}`);
		}
		const info = {
			version: N8N_VERSION,
			node: spawnSync(node24(), ['-v'], { encoding: 'utf8' }).stdout.trim(),
			installedAt: new Date().toISOString(),
			installSeconds: Number(seconds(started)),
		};
		fs.writeFileSync(path.join(dir, READY_MARKER), JSON.stringify(info, null, 2) + '\n');
		log(`n8n@${N8N_VERSION} ready in ${info.installSeconds} s (${n8nBinPath()})`);
		return n8nBinPath();
	});
}


// ---------------------------------------------------------------------------------------------------------------
// User folders and the environment n8n runs with
// ---------------------------------------------------------------------------------------------------------------

/** A free TCP port on 127.0.0.1 (n8n's task broker defaults to 5679; every n8n process here gets its own). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = require('node:net').createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Whether something listens on 127.0.0.1:`port`. */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = require('node:net').connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** The credential the examples and `npm run dev` use. */
const SIM_CREDENTIAL = { id: 'dscoSimCred01', name: 'DSCO Simulator' };

/** A DSCO API credential (OAuth2 client credentials, custom base URL) pointing at a simulator, for importCredentials. */
function simulatorCredential(sim, ref = SIM_CREDENTIAL) {
	return {
		...ref,
		type: 'dscoApi',
		data: { environment: 'custom', baseUrl: sim.baseUrl, authType: 'oAuth2ClientCredentials', clientId: sim.clientId, clientSecret: sim.clientSecret },
	};
}

/** Creates (or, with `fresh`, recreates) a user folder; n8n keeps its data in `<dir>/.n8n`. */
function prepareUserFolder(dir, { fresh = false } = {}) {
	if (!dir) dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-n8n-'));
	if (fresh) fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.join(dir, '.n8n', 'nodes'), { recursive: true });
	return dir;
}

/**
 * Environment for an n8n process using `userFolder`: isolated (own data folder, own task-broker port), offline-friendly
 * (no telemetry, version checks, templates or reinstall of "missing" packages from the registry), plain-http cookies.
 * Node 24 is first on PATH. `extra` wins over everything; n8n settings inherited from the caller's environment
 * (N8N_*, DB_*, EXECUTIONS_*, QUEUE_*, WEBHOOK_URL) are dropped so that a developer's own n8n configuration cannot
 * change what a test runs against; pass them in `extra` on purpose (dev.js passes the shell's N8N_* through).
 */
function n8nEnv(userFolder, extra = {}) {
	const inherited = node24Env();
	for (const key of Object.keys(inherited)) {
		// Under Jest, NODE_ENV=test makes n8n believe it runs inside its own unit tests (silent logger, no node loading).
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_)/.test(key) || ['WEBHOOK_URL', 'NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID'].includes(key)) {
			delete inherited[key];
		}
	}
	return {
		...inherited,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'json',
		DB_TYPE: 'sqlite',
		...extra,
	};
}

/** Parses n8n's log output (N8N_LOG_FORMAT=json: one JSON object per line); other lines come back as
 * `{ level: 'text', message: line }`. */
function parseLogLines(text) {
	const entries = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		try {
			const obj = JSON.parse(line);
			if (obj && typeof obj === 'object' && 'level' in obj && 'message' in obj) {
				entries.push(obj);
				continue;
			}
		} catch {}
		entries.push({ level: 'text', message: line });
	}
	return entries;
}

/**
 * Runs `n8n <args>` for `userFolder` and resolves `{ code, signal, stdout, stderr, logs, ms }` (never rejects on a
 * non-zero exit; the caller decides). `env` is merged over n8nEnv(); `timeoutMs` kills a hung process.
 */
async function runN8n(userFolder, args, { env = {}, timeoutMs = 180000 } = {}) {
	const bin = await ensureN8n();
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT || String(await freePort());
	const fullEnv = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: brokerPort, ...env });
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(node24(), [bin, ...args], { cwd: userFolder, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		const timer = setTimeout(() => {
			stderr += `\n[n8n-runtime] n8n ${args[0]} timed out after ${timeoutMs} ms; killed\n`;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, logs: parseLogLines(stdout + '\n' + stderr), ms: Date.now() - started });
		});
	});
}

function describeFailure(what, result) {
	const tail = (result.stdout + '\n' + result.stderr).split('\n').slice(-40).join('\n');
	return new Error(`${what} failed (exit ${result.code}${result.signal ? ', ' + result.signal : ''}):\n${tail}`);
}

function writeTempJson(userFolder, name, data) {
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}-${process.pid}-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/**
 * Imports credentials: an array of `{ id, name, type, data }` with plain-object `data` (n8n encrypts it on import with
 * the user folder's key). The temp file holding secrets is deleted afterwards.
 */
async function importCredentials(userFolder, creds, opts = {}) {
	const file = writeTempJson(userFolder, 'credentials', creds);
	try {
		const r = await runN8n(userFolder, ['import:credentials', `--input=${file}`], opts);
		if (r.code !== 0 || !/Successfully imported \d+ credential/.test(r.stdout + r.stderr)) {
			throw describeFailure('n8n import:credentials', r);
		}
		return r;
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Imports one workflow object, an array of them, or (a string) a folder of *.json workflow files (`--separate`). */
async function importWorkflow(userFolder, wf, opts = {}) {
	let args;
	let tmp;
	if (typeof wf === 'string') {
		args = ['import:workflow', '--separate', `--input=${wf}`];
	} else {
		tmp = writeTempJson(userFolder, 'workflow', wf);
		args = ['import:workflow', `--input=${tmp}`];
	}
	try {
		const r = await runN8n(userFolder, args, opts);
		const out = r.stdout + r.stderr;
		if (r.code !== 0 || !/Successfully imported \d+ workflow/.test(out)) throw describeFailure('n8n import:workflow', r);
		const skipped = r.logs.filter((l) => /Skipped workflow/.test(l.message));
		if (skipped.length) throw describeFailure(`n8n import:workflow (skipped: ${skipped.map((l) => l.message)})`, r);
		return r;
	} finally {
		if (tmp) fs.rmSync(tmp, { force: true });
	}
}

/** The IRun JSON n8n prints (as an info log line) for `execute`, or undefined. */
function findRunJson(logs) {
	for (let i = logs.length - 1; i >= 0; i--) {
		const msg = logs[i].message;
		if (typeof msg !== 'string' || !msg.startsWith('{')) continue;
		try {
			const obj = JSON.parse(msg);
			if (obj && obj.data && obj.data.resultData) return obj;
		} catch {}
	}
	return undefined;
}

/**
 * `n8n execute --id=<id> --rawOutput` → `{ run, code, stdout, stderr, logs, ms }`; `run` is the parsed IRun
 * (printed for successful and for failed executions; undefined when n8n failed before running the workflow).
 * Pass `{ env: { N8N_LOG_LEVEL: 'debug' } }` to also get the node loader's messages in `logs`.
 */
async function executeWorkflow(userFolder, id, opts = {}) {
	const r = await runN8n(userFolder, ['execute', `--id=${id}`, '--rawOutput'], opts);
	return { ...r, run: findRunJson(r.logs) };
}

/** Output items (json only) of `nodeName`'s last run in an IRun, main output `outputIndex`. */
function nodeOutput(run, nodeName, outputIndex = 0) {
	const runs = run && run.data && run.data.resultData.runData[nodeName];
	if (!runs || !runs.length) return undefined;
	const main = runs[runs.length - 1].data && runs[runs.length - 1].data.main;
	return ((main && main[outputIndex]) || []).map((item) => item.json);
}

// ---------------------------------------------------------------------------------------------------------------
// This package: build, pack, install as a community package
// ---------------------------------------------------------------------------------------------------------------

/** `npm run build` in the repo (under Node 24). */
async function buildPackage() {
	await runWithProgress('npm run build', 'npm', ['run', 'build'], { cwd: ROOT, env: node24Env() });
}

/** `npm pack` of the repo into `destDir` (default: a temp folder); returns the tarball's path. Build first. */
async function packPackage(destDir) {
	destDir = destDir || fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-pack-'));
	fs.mkdirSync(destDir, { recursive: true });
	if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const out = await runWithProgress(
		'npm pack',
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{ cwd: ROOT, env: node24Env() },
	);
	const json = JSON.parse(out.slice(out.indexOf('[')));
	return path.join(destDir, json[0].filename);
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` exactly as n8n 2.41's Community Nodes UI does
 * (CommunityPackagesService.downloadPackage): extract into `nodes/node_modules/<name>`, drop dev/peer/optional
 * dependencies from its package.json, `npm install` its own dependencies there with scripts ignored, and record
 * it in `nodes/package.json`. (The UI also writes an `installed_packages` row; n8n loads the package without it.)
 * Returns the installed package directory.
 */
async function installPackageTarball(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const staging = fs.mkdtempSync(path.join(nodesDir, '.extract-'));
	try {
		const tar = spawnSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], { encoding: 'utf8' });
		if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);
		const pkgJsonPath = path.join(staging, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
			fs.readFileSync(pkgJsonPath, 'utf8'),
		);
		fs.writeFileSync(pkgJsonPath, JSON.stringify(pkg, null, 2));
		const pkgDir = path.join(nodesDir, 'node_modules', pkg.name);
		fs.rmSync(pkgDir, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(pkgDir), { recursive: true });
		fs.renameSync(staging, pkgDir);
		if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
			await runWithProgress(
				`npm install (dependencies of ${pkg.name})`,
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: pkgDir, env: node24Env() },
			);
		}
		const manifestPath = path.join(nodesDir, 'package.json');
		let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
		try {
			manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
			manifest.dependencies = manifest.dependencies || {};
		} catch {}
		manifest.dependencies[pkg.name] = pkg.version;
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		return pkgDir;
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

/** Extracts a tarball into `dir` (for N8N_CUSTOM_EXTENSIONS, where node types are `CUSTOM.<name>`). */
function extractTarball(tarball, dir) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);
	return dir;
}

/** Starts `n8n start` for `userFolder` (long-running); returns the child process. Output is inherited unless piped. */
function startN8n(bin, userFolder, { env = {}, stdio = 'inherit' } = {}) {
	return spawn(node24(), [bin, 'start'], { cwd: userFolder, env: n8nEnv(userFolder, env), stdio });
}

// ---------------------------------------------------------------------------------------------------------------
// n8n's REST API as the owner (what the editor does)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Sets up the owner on first use (n8n's own first-run endpoint), logs in and returns `request(method, path, body)`
 * for the REST API with the session cookie: `{ status, json, text }`; its `created` says whether the owner was new.
 */
async function ownerSession(baseUrl, owner) {
	const send = async (method, p, body, cookie) => {
		let res;
		// A main that is busy (or restarting) can drop a connection; the calls made here are safe to repeat.
		for (let attempt = 1; ; attempt++) {
			try {
				res = await fetch(`${baseUrl}${p}`, {
					method,
					headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				break;
			} catch (err) {
				if (attempt >= 5) throw new Error(`${method} ${baseUrl}${p} failed ${attempt} times: ${err.cause?.message || err.message}`);
				await new Promise((r) => setTimeout(r, 1000 * attempt));
			}
		}
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {}
		return { status: res.status, json, text, headers: res.headers };
	};
	let res = await send('POST', '/rest/owner/setup', owner);
	const created = res.status === 200;
	if (!created) res = await send('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	if (res.status !== 200) throw new Error(`n8n login failed (${res.status}): ${res.text.slice(0, 300)}`);
	const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
	return Object.assign((method, p, body) => send(method, p, body, cookie), { created });
}

module.exports = {
	N8N_VERSION,
	PACKAGE_NAME,
	ROOT,
	CACHE,
	ensureN8n,
	n8nInstallDir,
	n8nBinPath,
	node24,
	node24Env,
	freePort,
	portInUse,
	SIM_CREDENTIAL,
	simulatorCredential,
	prepareUserFolder,
	n8nEnv,
	runN8n,
	parseLogLines,
	importCredentials,
	importWorkflow,
	executeWorkflow,
	findRunJson,
	nodeOutput,
	buildPackage,
	packPackage,
	installPackageTarball,
	extractTarball,
	startN8n,
	ownerSession,
	runWithProgress,
	log,
};

if (require.main === module) {
	const t = Date.now();
	ensureN8n().then(
		(bin) => log(`ensureN8n → ${bin} (${seconds(t)} s)`),
		(err) => {
			log(err.stack || String(err));
			process.exit(1);
		},
	);
}
