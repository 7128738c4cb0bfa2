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
const steps = require('./install-steps');

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
		throw new Error(
			`Node 24 headers not found under ${dir}/include/node (needed to rebuild sqlite3)`,
		);
	}
	return dir;
}

/** Environment with Node 24 first on PATH (so `npm` and anything it spawns run under Node 24). */
function node24Env(extra) {
	const PATH = [node24BinDir(), process.env.PATH].join(path.delimiter);
	return { ...process.env, PATH, ...extra };
}

/** Runs a command with progress lines (scripts/install-steps.js), logged with this module's prefix. */
function runWithProgress(label, cmd, args, opts = {}) {
	return steps.runWithProgress(label, cmd, args, { log, ...opts });
}

function readyMarker() {
	const file = path.join(n8nInstallDir(), READY_MARKER);
	try {
		const data = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (data.version === N8N_VERSION && fs.existsSync(n8nBinPath())) return data;
	} catch {}
	return null;
}

/** scripts/n8n-install/: the committed package.json and package-lock.json n8n is installed from (see lock.js there). */
const INSTALL_SPEC_DIR = path.join(__dirname, 'n8n-install');

/** The committed lockfile when it pins N8N_VERSION (another DSCO_N8N_VERSION is resolved at install time instead). */
function committedLockfile() {
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(INSTALL_SPEC_DIR, 'package.json'), 'utf8'));
		const lockFile = path.join(INSTALL_SPEC_DIR, 'package-lock.json');
		if (pkg.dependencies && pkg.dependencies.n8n === N8N_VERSION && fs.existsSync(lockFile)) {
			return { pkgFile: path.join(INSTALL_SPEC_DIR, 'package.json'), lockFile };
		}
	} catch {}
	return undefined;
}

/**
 * Prefix of an installed SQLite with headers (Debian: libsqlite3-dev), or undefined. sqlite3's binding linked to it
 * compiles in about a quarter of the time it takes with SQLite's own bundled source (measured: 21 s of CPU against
 * 83 s). DSCO_SQLITE=bundled builds the bundled copy anyway.
 */
function systemSqlitePrefix() {
	if (process.env.DSCO_SQLITE === 'bundled') return undefined;
	for (const prefix of ['/usr', '/usr/local']) {
		if (!fs.existsSync(path.join(prefix, 'include', 'sqlite3.h'))) continue;
		const libDirs = [
			path.join(prefix, 'lib'),
			path.join(prefix, 'lib64'),
			path.join(
				prefix,
				'lib',
				`${os.arch() === 'x64' ? 'x86_64' : os.arch() === 'arm64' ? 'aarch64' : os.arch()}-linux-gnu`,
			),
		];
		if (
			libDirs.some(
				(d) =>
					fs.existsSync(path.join(d, 'libsqlite3.so')) ||
					fs.existsSync(path.join(d, 'libsqlite3.dylib')),
			)
		)
			return prefix;
	}
	return undefined;
}

/** Where a package required from `from` (a lockfile path such as `node_modules/a`) is, as Node resolves it. */
function resolveInLockfile(packages, from, name) {
	for (let base = from; ; ) {
		const candidate = `${base}/node_modules/${name}`;
		if (packages[candidate]) return candidate;
		const up = base.lastIndexOf('/node_modules/');
		if (up < 0) return packages[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
		base = base.slice(0, up);
	}
}

/** A lockfile of its own for `name` (e.g. sqlite3) and what it needs, cut from the committed n8n lockfile. */
function subLockfile(lockFile, name) {
	const { packages } = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
	const root = `node_modules/${name}`;
	if (!packages[root]) return undefined;
	const keep = {};
	const visit = (at) => {
		if (keep[at]) return;
		keep[at] = packages[at];
		for (const dep of Object.keys({
			...packages[at].dependencies,
			...packages[at].optionalDependencies,
		})) {
			const found = resolveInLockfile(packages, at, dep);
			if (found) visit(found);
		}
	};
	visit(root);
	const version = packages[root].version;
	const rootEntry = { name: `dsco-${name}-build`, dependencies: { [name]: version } };
	return {
		version,
		lock: {
			name: rootEntry.name,
			lockfileVersion: 3,
			requires: true,
			packages: { '': rootEntry, ...keep },
		},
	};
}

/**
 * sqlite3's native binding, compiled once per sqlite3 version and SQLite flavour into its own cache folder
 * (CACHE/sqlite3-<version>-…/), from a lockfile cut out of n8n's: so it compiles while n8n's packages are still being
 * unpacked, and an n8n of another version with the same sqlite3 copies it instead of compiling it again. Resolves the
 * path of the compiled `node_sqlite3.node`.
 */
async function ensureSqliteBinding(lockFile) {
	const cut = subLockfile(lockFile, 'sqlite3');
	if (!cut) throw new Error(`${lockFile} has no sqlite3`);
	const sqlite = systemSqlitePrefix();
	const flavour = sqlite ? 'system' : 'bundled';
	const dir = path.join(
		CACHE,
		`sqlite3-${cut.version}-node24-${process.platform}-${process.arch}-${flavour}`,
	);
	const binding = path.join(
		dir,
		'node_modules',
		'sqlite3',
		'build',
		'Release',
		'node_sqlite3.node',
	);
	const marker = path.join(dir, '.dsco-ready');
	if (fs.existsSync(marker) && fs.existsSync(binding)) return { binding, sqlite, compiled: false };
	return steps.withLock(`${dir}.lock`, `compiling sqlite3@${cut.version}`, log, async () => {
		if (fs.existsSync(marker) && fs.existsSync(binding))
			return { binding, sqlite, compiled: false };
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(cut.lock.packages[''], null, 2) + '\n',
		);
		fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(cut.lock, null, 2) + '\n');
		const env = node24Env({ npm_config_nodedir: node24HeadersDir() });
		await steps.npmWithProgress(
			`sqlite3@${cut.version}'s sources (npm ci, ${Object.keys(cut.lock.packages).length - 1} packages)`,
			['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
			{
				cwd: dir,
				env,
				log,
			},
		);
		await runWithProgress(
			`sqlite3's native binding: compiling against Node 24's headers, ${sqlite ? `linked to the system's SQLite (${sqlite})` : "with SQLite's bundled source"}`,
			'npm',
			['rebuild', 'sqlite3', '--build-from-source', ...(sqlite ? [`--sqlite=${sqlite}`] : [])],
			{ cwd: dir, env: { ...env, JOBS: 'max' } },
		);
		if (!fs.existsSync(binding)) throw new Error(`compiling sqlite3 left no ${binding}`);
		fs.writeFileSync(marker, new Date().toISOString() + '\n');
		return { binding, sqlite, compiled: true };
	});
}

/**
 * Installs n8n@N8N_VERSION into the cache once and returns the path of its bin script (run it with `node24()`).
 * Cold: `npm ci --ignore-scripts` from the committed lockfile (scripts/n8n-install/; no dependency resolution), or
 * `npm install n8n@…` for a version without one; install scripts are skipped (some download prebuilt binaries from
 * hosts that are not reachable here). Then sqlite3's native binding is built against Node 24's headers (linked to the
 * system's SQLite when its headers are installed), and n8n's version and the binding are checked. Every step prints
 * progress. Warm (the completion marker exists): does nothing.
 */
async function ensureN8n() {
	if (readyMarker()) return n8nBinPath();
	const dir = n8nInstallDir();
	fs.mkdirSync(dir, { recursive: true });
	return steps.withLock(
		path.join(CACHE, `.n8n-${N8N_VERSION}.lock`),
		'installing n8n',
		log,
		async () => {
			if (readyMarker()) return n8nBinPath();
			const started = Date.now();
			const env = node24Env({ npm_config_nodedir: node24HeadersDir() });
			const locked = committedLockfile();
			const plan = locked
				? "npm ci from the committed lockfile, sqlite3's native binding compiled alongside"
				: "npm install (resolving the tree), then sqlite3's native binding";
			log(`n8n@${N8N_VERSION} is not installed yet; installing it into ${dir} (once: ${plan})`);
			let sqlite;
			if (locked) {
				// The binding compiles (CPU) while npm fetches and unpacks n8n's packages (network and disk).
				const binding = ensureSqliteBinding(locked.lockFile);
				binding.catch(() => {}); // awaited below; the install's own failure comes first
				fs.copyFileSync(locked.pkgFile, path.join(dir, 'package.json'));
				fs.copyFileSync(locked.lockFile, path.join(dir, 'package-lock.json'));
				await steps.npmWithProgress(
					`npm ci: n8n@${N8N_VERSION} from ${path.relative(ROOT, locked.lockFile)}`,
					['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
					{ cwd: dir, env, total: steps.lockfilePackageCount(locked.lockFile), log },
				);
				const built = await binding;
				sqlite = built.sqlite;
				const release = path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release');
				fs.mkdirSync(release, { recursive: true });
				fs.copyFileSync(built.binding, path.join(release, 'node_sqlite3.node'));
				log(
					`sqlite3's native binding: ${built.compiled ? 'compiled' : 'already compiled, from the cache'}, copied into n8n's sqlite3`,
				);
			} else {
				fs.writeFileSync(
					path.join(dir, 'package.json'),
					JSON.stringify({ name: 'dsco-n8n-runtime', private: true }, null, 2) + '\n',
				);
				log(
					`no committed lockfile for n8n@${N8N_VERSION} (scripts/n8n-install/ pins another version): npm resolves the tree first, for minutes`,
				);
				await steps.npmWithProgress(
					`npm install n8n@${N8N_VERSION} (--ignore-scripts)`,
					[
						'install',
						'--ignore-scripts',
						'--no-audit',
						'--no-fund',
						'--save-exact',
						`n8n@${N8N_VERSION}`,
					],
					{ cwd: dir, env, log },
				);
				sqlite = systemSqlitePrefix();
				await runWithProgress(
					`sqlite3's native binding: compiling against Node 24's headers, ${sqlite ? `linked to the system's SQLite (${sqlite})` : "with SQLite's bundled source"}`,
					'npm',
					['rebuild', 'sqlite3', '--build-from-source', ...(sqlite ? [`--sqlite=${sqlite}`] : [])],
					{ cwd: dir, env: { ...env, JOBS: 'max' } },
				);
			}
			const version = spawnSync(node24(), [n8nBinPath(), '--version'], {
				cwd: dir,
				env: node24Env({ N8N_DIAGNOSTICS_ENABLED: 'false' }),
				encoding: 'utf8',
			});
			if (version.status !== 0 || !version.stdout.includes(N8N_VERSION)) {
				throw new Error(`installed n8n does not run: ${version.stdout}\n${version.stderr}`);
			}
			const sqliteCheck = spawnSync(
				node24(),
				[
					'-e',
					"new (require('sqlite3').Database)(':memory:').get('select sqlite_version() as v', (e, r) => { if (e) throw e; console.log(r.v); })",
				],
				{ cwd: dir, encoding: 'utf8' },
			);
			if (sqliteCheck.status !== 0)
				throw new Error(`sqlite3's native binding does not load: ${sqliteCheck.stderr}`);
			const info = {
				version: N8N_VERSION,
				node: spawnSync(node24(), ['-v'], { encoding: 'utf8' }).stdout.trim(),
				sqlite: `${sqliteCheck.stdout.trim()} (${sqlite ? `system, ${sqlite}` : 'bundled'})`,
				lockfile: Boolean(locked),
				installedAt: new Date().toISOString(),
				installSeconds: Number(seconds(started)),
			};
			fs.writeFileSync(path.join(dir, READY_MARKER), JSON.stringify(info, null, 2) + '\n');
			log(
				`n8n@${N8N_VERSION} ready in ${info.installSeconds} s (SQLite ${info.sqlite}; ${n8nBinPath()})`,
			);
			return n8nBinPath();
		},
	);
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

/** The owner account `npm run dev` sets up (and `npm run screenshot` signs in with). */
const DEV_OWNER = {
	email: 'dev@n8n-nodes-dsco.local',
	password: 'DscoDev-2025',
	firstName: 'DSCO',
	lastName: 'Developer',
};

/** The credential the examples and `npm run dev` use. */
const SIM_CREDENTIAL = { id: 'dscoSimCred01', name: 'DSCO Simulator' };

/** A DSCO API credential (OAuth2 client credentials, custom base URL) pointing at a simulator, for importCredentials. */
function simulatorCredential(sim, ref = SIM_CREDENTIAL) {
	return {
		...ref,
		type: 'dscoApi',
		data: {
			environment: 'custom',
			baseUrl: sim.baseUrl,
			authType: 'oAuth2ClientCredentials',
			clientId: sim.clientId,
			clientSecret: sim.clientSecret,
		},
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
 * (no telemetry, version checks, templates, catalogue of verified community nodes or reinstall of "missing" packages
 * from the registry), plain-http cookies.
 * Node 24 is first on PATH. `extra` wins over everything; n8n settings inherited from the caller's environment
 * (N8N_*, DB_*, EXECUTIONS_*, QUEUE_*, WEBHOOK_URL) are dropped so that a developer's own n8n configuration cannot
 * change what a test runs against; pass them in `extra` on purpose (dev.js passes the shell's N8N_* through).
 */
function n8nEnv(userFolder, extra = {}) {
	const inherited = node24Env();
	for (const key of Object.keys(inherited)) {
		// Under Jest, NODE_ENV=test makes n8n believe it runs inside its own unit tests (silent logger, no node loading).
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_)/.test(key) ||
			['WEBHOOK_URL', 'NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID'].includes(key)
		) {
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
		// n8n's list of verified community nodes comes from api.n8n.io (unreachable offline: a stack trace in the log
		// each time the editor asks for it); packages installed from a tarball, like this one, do not need it.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
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
 * non-zero exit; the caller decides). `env` is merged over n8nEnv(); `timeoutMs` kills a hung process; `progress`
 * (a label) prints progress lines through `progressLog` while it runs.
 */
async function runN8n(
	userFolder,
	args,
	{ env = {}, timeoutMs = 180000, progress, progressLog = log } = {},
) {
	const bin = await ensureN8n();
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT || String(await freePort());
	const fullEnv = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: brokerPort, ...env });
	const started = Date.now();
	const step = progress ? steps.startStep(progress, { log: progressLog }) : undefined;
	return new Promise((resolve, reject) => {
		const child = spawn(node24(), [bin, ...args], {
			cwd: userFolder,
			env: fullEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
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
			step?.stop();
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) step?.done();
			else step?.stop();
			resolve({
				code,
				signal,
				stdout,
				stderr,
				logs: parseLogLines(stdout + '\n' + stderr),
				ms: Date.now() - started,
			});
		});
	});
}

function describeFailure(what, result) {
	const tail = (result.stdout + '\n' + result.stderr).split('\n').slice(-40).join('\n');
	return new Error(
		`${what} failed (exit ${result.code}${result.signal ? ', ' + result.signal : ''}):\n${tail}`,
	);
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
		if (r.code !== 0 || !/Successfully imported \d+ workflow/.test(out))
			throw describeFailure('n8n import:workflow', r);
		const skipped = r.logs.filter((l) => /Skipped workflow/.test(l.message));
		if (skipped.length)
			throw describeFailure(`n8n import:workflow (skipped: ${skipped.map((l) => l.message)})`, r);
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
	if (!fs.existsSync(path.join(ROOT, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
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
		const tar = spawnSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1'], {
			encoding: 'utf8',
		});
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
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);
	return dir;
}

/** Starts `n8n start` for `userFolder` (long-running); returns the child process. Output is inherited unless piped. */
function startN8n(bin, userFolder, { env = {}, stdio = 'inherit' } = {}) {
	return spawn(node24(), [bin, 'start'], { cwd: userFolder, env: n8nEnv(userFolder, env), stdio });
}

/**
 * What `n8n start` needs to serve its editor on http://127.0.0.1:`port` (npm run dev, the browser test): listen
 * there only, links and cookies for that address, community packages installed from a tarball allowed, its own task
 * broker port. `extra` wins.
 */
function editorEnv(port, brokerPort, extra = {}) {
	const baseUrl = `http://127.0.0.1:${port}`;
	return {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Offline here: the MCP server registry would only log failed fetches from api.n8n.io.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...extra,
	};
}

/** Waits until the n8n at `baseUrl` answers its readiness check; fails at once when `child` exits first. */
async function waitForN8n(baseUrl, child, timeoutMs = 180000) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`n8n exited (${child.signalCode || child.exitCode}) before it was ready`);
		try {
			const r = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(5000) });
			if (r.status === 200) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`n8n did not become ready within ${timeoutMs / 1000} s`);
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
					headers: {
						...(body === undefined ? {} : { 'content-type': 'application/json' }),
						...(cookie ? { cookie } : {}),
					},
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				break;
			} catch (err) {
				if (attempt >= 5)
					throw new Error(
						`${method} ${baseUrl}${p} failed ${attempt} times: ${err.cause?.message || err.message}`,
					);
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
	if (!created)
		res = await send('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
	if (res.status !== 200)
		throw new Error(`n8n login failed (${res.status}): ${res.text.slice(0, 300)}`);
	const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
	return Object.assign((method, p, body) => send(method, p, body, cookie), { created });
}

module.exports = {
	N8N_VERSION,
	PACKAGE_NAME,
	ROOT,
	CACHE,
	ensureN8n,
	ensureSqliteBinding,
	subLockfile,
	committedLockfile,
	n8nInstallDir,
	n8nBinPath,
	node24,
	node24Env,
	freePort,
	portInUse,
	SIM_CREDENTIAL,
	DEV_OWNER,
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
	editorEnv,
	waitForN8n,
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
