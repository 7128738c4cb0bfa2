// n8n's queue mode, for real: PostgreSQL and Redis from Debian packages (installed with apt-get when missing), an
// n8n main (`n8n start`, EXECUTIONS_MODE=queue, DB_TYPE=postgresdb) and `n8n worker` processes, each n8n process with
// its own user folder and this package installed into it as the Community Nodes UI does, one shared encryption key.
// Everything listens on 127.0.0.1 on free ports and stop() ends all of it. Used by `npm run dev -- --queue`, the
// queue-mode trigger e2e test and the queue load test (`npm run test:queue`). Plain CommonJS, like n8n-runtime.js.
//
// Why one user folder per n8n process: n8n 2.41 loads community packages from `<user folder>/.n8n/nodes/node_modules`
// in every process that runs workflows (main and workers alike: CommunityPackagesModule.nodeLoaders); when the UI
// installs a package, the main installs it into its own folder and publishes `community-package-install` so that
// every worker installs the same version into its own. Separate folders are what separate machines or containers
// have, so a worker without the package fails here as it would there.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const rt = require('./n8n-runtime');

const DB_NAME = 'n8n';
const DB_USER = 'n8n';
/** Debian packages (meta package `postgresql`: PostgreSQL 15 on Debian 12). */
const APT_PACKAGES = ['redis-server', 'postgresql'];

function log(msg) {
	process.stderr.write(`[queue] ${msg}\n`);
}

function seconds(startMs) {
	return ((Date.now() - startMs) / 1000).toFixed(1);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

// ---------------------------------------------------------------------------------------------------------------
// Debian packages
// ---------------------------------------------------------------------------------------------------------------

/** `bin` folder of the newest PostgreSQL server installed from Debian packages (/usr/lib/postgresql/<major>/bin). */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	let majors = [];
	try {
		majors = fs
			.readdirSync(base)
			.filter((v) => /^\d+$/.test(v))
			.sort((a, b) => Number(b) - Number(a));
	} catch {}
	for (const major of majors) {
		const dir = path.join(base, major, 'bin');
		if (
			['postgres', 'initdb', 'createdb', 'pg_isready', 'psql'].every((b) =>
				fs.existsSync(path.join(dir, b)),
			)
		)
			return dir;
	}
	return undefined;
}

function redisServerBin() {
	for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server'])
		if (fs.existsSync(p)) return p;
	return undefined;
}

/**
 * Makes sure redis-server and a PostgreSQL server are installed, with `apt-get update` then `apt-get install` when
 * one is missing (as root, or through `sudo -n`). Returns `{ redisServer, pgBin, installed: [...], ms }`.
 */
async function ensureQueueServices() {
	const started = Date.now();
	const missing = [];
	if (!redisServerBin()) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length) {
		const sudo = isRoot() ? [] : ['sudo', '-n'];
		if (!isRoot() && spawnSync('sudo', ['-n', 'true']).status !== 0) {
			throw new Error(
				`queue mode needs ${missing.join(' and ')} from Debian packages; install them once as root: ` +
					`apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`,
			);
		}
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const run = (label, args) => {
			const [cmd, ...rest] = [...sudo, ...args];
			return rt.runWithProgress(label, cmd, rest, { env });
		};
		log(
			`${missing.join(' and ')} not installed: installing the Debian packages ${APT_PACKAGES.join(', ')} (once)`,
		);
		await run('apt-get update', ['apt-get', 'update']);
		await run(`apt-get install ${APT_PACKAGES.join(' ')}`, [
			'apt-get',
			'install',
			'-y',
			'--no-install-recommends',
			...APT_PACKAGES,
		]);
		if (!redisServerBin() || !postgresBinDir())
			throw new Error('apt-get install finished but redis-server or PostgreSQL is still missing');
	}
	return {
		redisServer: redisServerBin(),
		pgBin: postgresBinDir(),
		installed: missing,
		ms: Date.now() - started,
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes with captured, line-split output
// ---------------------------------------------------------------------------------------------------------------

/**
 * A long-running child whose output goes, line by line, to a log file, to `onLine` and into an in-memory tail.
 * `stop()` sends `stopSignal`, then SIGKILL after `killAfterMs`. With `detached`, the child gets its own process
 * group, so that a Ctrl-C in the terminal reaches only the parent (which must then stop it).
 */
function startProcess(
	name,
	cmd,
	args,
	{
		env,
		cwd,
		uid,
		gid,
		logFile,
		onLine,
		detached = false,
		stopSignal = 'SIGINT',
		killAfterMs = 30000,
	},
) {
	const child = spawn(cmd, args, {
		env,
		cwd,
		uid,
		gid,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached,
	});
	const out = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
	const proc = {
		name,
		child,
		pid: child.pid,
		logFile,
		/** The last ~4 MB of output. */
		tail: '',
		exited: new Promise((resolve) =>
			child.once('exit', (code, signal) => resolve({ code, signal })),
		),
		get running() {
			return child.exitCode === null && child.signalCode === null;
		},
		async stop() {
			if (proc.running) {
				child.kill(stopSignal);
				const killer = setTimeout(() => proc.running && child.kill('SIGKILL'), killAfterMs);
				await proc.exited;
				clearTimeout(killer);
			}
			await new Promise((r) => (out ? out.end(r) : r()));
		},
	};
	let partial = '';
	const take = (chunk) => {
		const text = chunk.toString();
		out?.write(text);
		proc.tail += text;
		if (proc.tail.length > 4_000_000) proc.tail = proc.tail.slice(-2_000_000);
		partial += text;
		const lines = partial.split('\n');
		partial = lines.pop();
		for (const line of lines) if (line.trim() && onLine) onLine(name, line);
	};
	child.stdout.on('data', take);
	child.stderr.on('data', take);
	child.on('error', (err) =>
		take(Buffer.from(`[queue] ${name} failed to start: ${err.message}\n`)),
	);
	return proc;
}

/** n8n boots in well under a minute on an idle machine; on 2 cores shared by several test runs, a fresh database's
 * migrations and three boots at once took minutes. A process that exits fails the wait at once. */
const BOOT_TIMEOUT_MS = 10 * 60 * 1000;

async function waitFor(what, check, { timeoutMs = BOOT_TIMEOUT_MS, proc, everyMs = 300 } = {}) {
	const started = Date.now();
	const tail = () => (proc ? `:\n${proc.tail.split('\n').slice(-30).join('\n')}` : '');
	for (;;) {
		const value = await check();
		if (value) return value;
		if (proc && !proc.running)
			throw new Error(`${proc.name} exited while waiting for ${what}${tail()}`);
		if (Date.now() - started > timeoutMs)
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${tail()}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

function httpStatus(url) {
	return new Promise((resolve) => {
		const req = http.get(url, (res) => {
			res.resume();
			resolve(res.statusCode);
		});
		req.setTimeout(3000, () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL and Redis
// ---------------------------------------------------------------------------------------------------------------

/** The account PostgreSQL runs under: PostgreSQL refuses to run as root, so root runs it as the `postgres` user. */
function postgresAccount() {
	if (!isRoot()) return {};
	const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
	const uid = id('-u');
	const gid = id('-g');
	if (uid.status !== 0 || gid.status !== 0) {
		throw new Error(
			'PostgreSQL refuses to run as root and there is no `postgres` user (the Debian package creates it)',
		);
	}
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Whether `account` can enter `dir` (every ancestor searchable): root's own folders (/root) usually are not. */
function reachableBy(account, dir) {
	if (account.uid === undefined) return true;
	return spawnSync('test', ['-x', dir], { uid: account.uid, gid: account.gid }).status === 0;
}

/**
 * Where PostgreSQL can keep data meant to live in `preferred`: there when the postgres user can reach it, otherwise
 * (e.g. a checkout under /root) in a folder of its own under the system temp folder, named after `preferred`.
 */
function postgresDataDir(preferred) {
	const account = postgresAccount();
	const parent = path.dirname(preferred);
	fs.mkdirSync(parent, { recursive: true });
	if (reachableBy(account, parent)) return preferred;
	const hash = crypto.createHash('sha256').update(preferred).digest('hex').slice(0, 12);
	const dir = path.join(os.tmpdir(), `n8n-nodes-dsco-pg-${hash}`);
	fs.mkdirSync(dir, { recursive: true, mode: 0o711 });
	return path.join(dir, 'postgres');
}

/**
 * Starts a PostgreSQL server on 127.0.0.1:`port` with its data in `dataDir` (created with initdb when empty; kept
 * otherwise, so a dev database survives restarts), a database `n8n` owned by user `n8n` with `password`. With
 * `ephemeral`, durability is traded for speed (fsync off): for throw-away test databases only.
 */
async function startPostgres({
	pgBin,
	dataDir,
	port,
	password,
	ephemeral,
	logDir,
	onLine,
	detached,
}) {
	const started = Date.now();
	const account = postgresAccount();
	const asPg = {
		uid: account.uid,
		gid: account.gid,
		env: { ...process.env, LC_ALL: 'C', PGPASSWORD: password },
	};
	fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	if (account.uid !== undefined) fs.chownSync(dataDir, account.uid, account.gid);
	if (!reachableBy(account, dataDir)) {
		throw new Error(
			`the postgres user cannot reach ${dataDir} (a parent folder is private); use a folder under ${os.tmpdir()}`,
		);
	}
	const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
	if (fresh) {
		const pwfile = path.join(dataDir, '..', `.pgpass-${process.pid}`);
		fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
		if (account.uid !== undefined) fs.chownSync(pwfile, account.uid, account.gid);
		try {
			const r = spawnSync(
				path.join(pgBin, 'initdb'),
				[
					'-D',
					dataDir,
					'-U',
					DB_USER,
					'--auth=scram-sha-256',
					`--pwfile=${pwfile}`,
					'-E',
					'UTF8',
					'--locale=C',
				],
				{ ...asPg, encoding: 'utf8' },
			);
			if (r.status !== 0)
				throw new Error(`initdb failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
		} finally {
			fs.rmSync(pwfile, { force: true });
		}
	}
	const settings = [
		'listen_addresses=127.0.0.1',
		'unix_socket_directories=',
		'max_connections=200',
	];
	if (ephemeral) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
	const proc = startProcess(
		'postgres',
		path.join(pgBin, 'postgres'),
		['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])],
		{
			...asPg,
			logFile: logDir && path.join(logDir, 'postgres.log'),
			onLine,
			detached,
			// SIGINT is PostgreSQL's "fast" shutdown: active transactions are rolled back, data is consistent.
			stopSignal: 'SIGINT',
		},
	);
	await waitFor(
		`PostgreSQL on port ${port}`,
		() =>
			spawnSync(path.join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q'])
				.status === 0,
		{ proc },
	);
	const exists = spawnSync(
		path.join(pgBin, 'psql'),
		[
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			DB_USER,
			'-d',
			'postgres',
			'-tAc',
			`SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'`,
		],
		{
			...asPg,
			encoding: 'utf8',
		},
	);
	if (exists.status !== 0) throw new Error(`psql failed: ${exists.stderr}`);
	if (exists.stdout.trim() !== '1') {
		const r = spawnSync(
			path.join(pgBin, 'createdb'),
			['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, DB_NAME],
			{ ...asPg, encoding: 'utf8' },
		);
		if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
	}
	log(
		`PostgreSQL ${path.basename(path.dirname(pgBin))} on 127.0.0.1:${port} (${fresh ? 'new' : 'existing'} data in ${dataDir}) in ${seconds(started)} s`,
	);
	return { proc, port, fresh };
}

/** Starts redis-server on 127.0.0.1:`port`, data folder `dir`, no persistence (queue state lives as long as the stack). */
async function startRedis({ redisServer, dir, port, logDir, onLine, detached }) {
	fs.mkdirSync(dir, { recursive: true });
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
	];
	const proc = startProcess('redis', redisServer, args, {
		logFile: logDir && path.join(logDir, 'redis.log'),
		onLine,
		detached,
		stopSignal: 'SIGTERM',
	});
	await waitFor(`Redis on port ${port}`, () => rt.portInUse(port), { proc });
	log(`Redis on 127.0.0.1:${port}`);
	return { proc, port };
}

// ---------------------------------------------------------------------------------------------------------------
// The stack
// ---------------------------------------------------------------------------------------------------------------

/** A random secret kept in `file` (created there on first use): the shared encryption key, the database password. */
function secretIn(file) {
	try {
		const key = fs.readFileSync(file, 'utf8').trim();
		if (key) return key;
	} catch {}
	const key = crypto.randomBytes(24).toString('base64url');
	fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
	return key;
}

/**
 * Starts PostgreSQL, Redis, an n8n main and `workers` n8n workers, with the package tarball installed into every n8n
 * process's user folder. Options:
 *   dir          folder for everything (user folders, logs, key; default a new temp folder, removed by stop())
 *   pgDir        PostgreSQL data folder (default `<dir>/postgres`; see postgresDataDir)
 *   tarball      this package, npm-packed (required)
 *   workers (2), concurrency (5), mainPort (free port)
 *   env          extra n8n settings for every n8n process (N8N_*…)
 *   ephemeral    fast, non-durable PostgreSQL (default: true for a temp dir)
 *   beforeMain   async (stack) => {} — runs once PostgreSQL and Redis are up and before n8n starts: n8n CLI imports
 *                (credentials, workflows) through stack.runN8n / stack.importCredentials / stack.importWorkflow
 *   onLine       (processName, line) => {} for every output line of every process
 *   detached     every process in its own process group: a terminal's Ctrl-C reaches only the caller, which then
 *                stops the workers and the main before the database and Redis they need to shut down cleanly
 * Returns the stack: { mainUrl, dir, ports, processes, encryptionKey, env(), startMain(), stopMain(), addWorker(),
 * executionWorkers(), stop(), timings }.
 */
async function startQueueStack(opts) {
	const t0 = Date.now();
	const timings = {};
	const mark = (what) => (timings[what] = Date.now() - t0);
	if (!opts.tarball || !fs.existsSync(opts.tarball))
		throw new Error('startQueueStack: `tarball` (npm pack of this package) is required');
	const temporary = !opts.dir;
	const dir = opts.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-queue-'));
	fs.mkdirSync(dir, { recursive: true });
	// The postgres user must reach its data folder inside; mkdtemp makes 0700 folders.
	if (temporary && isRoot()) fs.chmodSync(dir, 0o711);
	const logDir = path.join(dir, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const { onLine, detached } = opts;
	const workerCount = opts.workers ?? 2;
	const concurrency = opts.concurrency ?? 5;

	const bin = await rt.ensureN8n();
	const services = await ensureQueueServices();
	mark('packages');

	const processes = {};
	const stack = {
		dir,
		processes,
		timings,
		services,
		concurrency,
		ports: {},
		mainUrl: '',
		encryptionKey: secretIn(path.join(dir, 'encryption-key')),
		userFolders: {},
	};
	let stopped = false;
	// A crash of the caller must not leave servers behind; exit handlers can only act synchronously.
	const killAll = () => {
		for (const p of Object.values(processes)) if (p.running) p.child.kill('SIGKILL');
	};
	process.on('exit', killAll);

	stack.stop = async () => {
		if (stopped) return;
		stopped = true;
		const n8nProcs = Object.values(processes).filter(
			(p) => p.name === 'main' || p.name.startsWith('worker'),
		);
		await Promise.all(n8nProcs.map((p) => p.stop()));
		await Promise.all([processes.redis, processes.postgres].filter(Boolean).map((p) => p.stop()));
		process.off('exit', killAll);
		if (temporary && !opts.keep) fs.rmSync(dir, { recursive: true, force: true });
		else log(`kept ${dir}`);
	};

	try {
		const [pgPort, redisPort] = [await rt.freePort(), await rt.freePort()];
		const pgPassword = secretIn(path.join(dir, 'postgres-password'));
		const pg = await startPostgres({
			pgBin: services.pgBin,
			dataDir: postgresDataDir(opts.pgDir || path.join(dir, 'postgres')),
			port: pgPort,
			password: pgPassword,
			ephemeral: opts.ephemeral ?? temporary,
			logDir,
			onLine,
			detached,
		});
		processes.postgres = pg.proc;
		stack.postgresFresh = pg.fresh;
		const redis = await startRedis({
			redisServer: services.redisServer,
			dir: path.join(dir, 'redis'),
			port: redisPort,
			logDir,
			onLine,
			detached,
		});
		processes.redis = redis.proc;
		stack.ports.postgres = pgPort;
		stack.ports.redis = redisPort;
		mark('services');

		/** n8n settings every process shares: queue mode, the database, Redis, the encryption key. */
		const shared = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: DB_NAME,
			DB_POSTGRESDB_USER: DB_USER,
			DB_POSTGRESDB_PASSWORD: pgPassword,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			N8N_ENCRYPTION_KEY: stack.encryptionKey,
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			// Offline here: the MCP server registry would only log failed fetches from api.n8n.io.
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_LOG_FORMAT: 'json',
			...opts.env,
		};
		stack.env = (extra = {}) => ({ ...shared, ...extra });
		// The settings one more process needs to join (README: adding a worker by hand); secrets, so owner-only.
		fs.writeFileSync(
			path.join(dir, 'queue.env'),
			Object.entries(shared)
				.map(([k, v]) => `${k}=${v}`)
				.join('\n') + '\n',
			{ mode: 0o600 },
		);

		/** A user folder with the package installed into `.n8n/nodes`, as the Community Nodes UI installs it. */
		const userFolder = async (name) => {
			const folder = rt.prepareUserFolder(path.join(dir, name));
			await rt.installPackageTarball(folder, opts.tarball);
			stack.userFolders[name] = folder;
			return folder;
		};
		const mainFolder = await userFolder('main');
		stack.runN8n = (args, runOpts = {}) =>
			rt.runN8n(mainFolder, args, { ...runOpts, env: stack.env(runOpts.env) });
		stack.importCredentials = (creds) =>
			rt.importCredentials(mainFolder, creds, { env: stack.env() });
		stack.importWorkflow = (wf) => rt.importWorkflow(mainFolder, wf, { env: stack.env() });
		if (opts.beforeMain) await opts.beforeMain(stack);
		mark('imports');

		const mainPort = opts.mainPort || (await rt.freePort());
		stack.ports.main = mainPort;
		stack.mainUrl = `http://127.0.0.1:${mainPort}`;
		stack.ports.workers = [];

		stack.startMain = async () => {
			const started = Date.now();
			const brokerPort = await rt.freePort();
			const proc = startProcess('main', rt.node24(), [bin, 'start'], {
				cwd: mainFolder,
				env: rt.n8nEnv(
					mainFolder,
					// The editor settings npm run dev and the browser test use (one definition in n8n-runtime.js).
					stack.env(rt.editorEnv(mainPort, brokerPort, opts.mainEnv)),
				),
				logFile: path.join(logDir, 'main.log'),
				onLine,
				detached,
			});
			processes.main = proc;
			await waitFor(
				'the n8n main to be ready',
				async () => (await httpStatus(`${stack.mainUrl}/healthz/readiness`)) === 200,
				{ proc },
			);
			log(`n8n main ready on ${stack.mainUrl} in ${seconds(started)} s`);
			return proc;
		};
		stack.stopMain = async () => processes.main?.stop();

		/** A worker's name, user folder (with the package) and ports (task broker, health server). */
		const reserveWorker = async () => {
			const name = `worker-${stack.ports.workers.length + 1}`;
			const w = { name, health: await rt.freePort(), broker: await rt.freePort() };
			stack.ports.workers.push(w);
			w.folder = await userFolder(name);
			return w;
		};
		const startWorker = async ({ name, health: healthPort, broker: brokerPort, folder }) => {
			const started = Date.now();
			const proc = startProcess(
				name,
				rt.node24(),
				[bin, 'worker', `--concurrency=${concurrency}`],
				{
					cwd: folder,
					env: rt.n8nEnv(
						folder,
						stack.env({
							QUEUE_HEALTH_CHECK_ACTIVE: 'true',
							QUEUE_HEALTH_CHECK_PORT: String(healthPort),
							N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
							N8N_RUNNERS_BROKER_PORT: String(brokerPort),
							...opts.workerEnv,
						}),
					),
					logFile: path.join(logDir, `${name}.log`),
					onLine,
					detached,
				},
			);
			processes[name] = proc;
			await waitFor(
				`${name} to be ready`,
				async () => (await httpStatus(`http://127.0.0.1:${healthPort}/healthz/readiness`)) === 200,
				{ proc },
			);
			log(
				`n8n ${name} ready (concurrency ${concurrency}, health http://127.0.0.1:${healthPort}/healthz) in ${seconds(started)} s`,
			);
			return proc;
		};
		/** Which worker ran each execution (id → worker name), from the workers' "Worker started execution" log lines. */
		stack.executionWorkers = () => {
			const byExecution = new Map();
			for (const p of Object.values(processes)) {
				if (!p.name.startsWith('worker-') || !fs.existsSync(p.logFile)) continue;
				for (const m of fs
					.readFileSync(p.logFile, 'utf8')
					.matchAll(/Worker started execution (\S+) \(job/g))
					byExecution.set(m[1], p.name);
			}
			return byExecution;
		};
		/** Starts one more worker (its own user folder with the package, its own task-broker and health ports). */
		stack.addWorker = async () => startWorker(await reserveWorker());

		// All at once: n8n takes a database lock around its migrations, so a worker that boots first waits for them
		// (or runs them), and the boots, mostly single-threaded, overlap on several cores.
		const workerPorts = [];
		for (let i = 0; i < workerCount; i++) workerPorts.push(await reserveWorker());
		await Promise.all([
			stack.startMain().then(() => mark('main')),
			...workerPorts.map((w) => startWorker(w)),
		]);
		mark('workers');
		log(
			`queue mode ready in ${seconds(t0)} s: main ${stack.mainUrl}, ${workerCount} worker(s) × concurrency ${concurrency}`,
		);
		return stack;
	} catch (err) {
		await stack.stop().catch(() => {});
		throw err;
	}
}

module.exports = {
	ensureQueueServices,
	startQueueStack,
	startPostgres,
	startRedis,
	postgresDataDir,
	postgresBinDir,
	redisServerBin,
	APT_PACKAGES,
};
