#!/usr/bin/env node
// Runs a command under Node 24 (what n8n 2.41 requires) with this package's dev dependencies installed.
// Works from a system Node 20: Node 24 comes from the npm registry (node-<platform>-<arch>@24, which carries
// the binary) into a cache folder outside the repo, once. Usage: node scripts/with-node24.js <cmd> [args…]
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = process.env.DSCO_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-dsco');
const NODE_MAJOR = 24;

function log(msg) {
	process.stderr.write(`[dsco] ${msg}\n`);
}

function run(cmd, args, opts) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
	if (r.status !== 0) {
		log(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
		process.exit(r.status || 1);
	}
}

/** Directory holding a `node` binary of major 24, installing it into the cache when needed. */
function node24BinDir() {
	if (Number(process.versions.node.split('.')[0]) === NODE_MAJOR)
		return path.dirname(process.execPath);
	const pkg = `node-${process.platform}-${process.arch}`;
	const prefix = path.join(CACHE, `node${NODE_MAJOR}`);
	const bin = path.join(prefix, 'node_modules', pkg, 'bin');
	if (!fs.existsSync(path.join(bin, 'node'))) {
		const started = Date.now();
		log(
			`Node ${NODE_MAJOR} not found; installing ${pkg}@${NODE_MAJOR} (about 50 MB to download) from the npm registry into ${prefix} (once)…`,
		);
		fs.mkdirSync(prefix, { recursive: true });
		run('npm', [
			'install',
			'--prefix',
			prefix,
			'--no-save',
			'--no-package-lock',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			`${pkg}@${NODE_MAJOR}`,
		]);
		log(`Node ${NODE_MAJOR}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	return bin;
}

function envWith(binDir) {
	const PATH = [binDir, path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(
		path.delimiter,
	);
	return { ...process.env, PATH };
}

/** Whether the dev dependencies need installing: node_modules missing or older than the lock file. */
function dependenciesStale() {
	// A node_modules that is a symlink belongs to another checkout (e.g. a git worktree sharing it): npm ci would empty
	// the target through the link, under that checkout's feet.
	try {
		if (fs.lstatSync(path.join(ROOT, 'node_modules')).isSymbolicLink()) return false;
	} catch {}
	const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
	const lock = path.join(ROOT, 'package-lock.json');
	return (
		!fs.existsSync(marker) ||
		(fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000)
	);
}

/** Installs the dev dependencies (`npm ci`, with progress lines) when they are stale. */
async function ensureDependencies(env) {
	if (!dependenciesStale()) return;
	const { npmWithProgress, lockfilePackageCount, withLock } = require('./install-steps');
	const checkout = require('node:crypto')
		.createHash('sha256')
		.update(ROOT)
		.digest('hex')
		.slice(0, 12);
	await withLock(
		path.join(CACHE, `.dev-dependencies-${checkout}.lock`),
		`installing the dev dependencies of ${ROOT}`,
		log,
		async () => {
			if (!dependenciesStale()) return;
			// --ignore-scripts: eslint-plugin-n8n-nodes-base's preinstall insists on pnpm; nothing we need builds from source.
			await npmWithProgress(
				'npm ci: dev dependencies from package-lock.json',
				['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
				{
					cwd: ROOT,
					env,
					total: lockfilePackageCount(path.join(ROOT, 'package-lock.json')),
					log,
				},
			);
		},
	);
}

/**
 * `--with-n8n` (npm run dev, npm run test:e2e): n8n's own install (scripts/n8n-runtime.js) starts at once, alongside
 * the dev dependencies' (on a first start two npm processes keep two cores busy where one leaves one idle), and goes
 * on in this process after the command started: the command builds meanwhile and waits for n8n through the install
 * lock. The command's end never cuts the install off half-way.
 */
async function main() {
	let argv = process.argv.slice(2);
	const withN8n = argv[0] === '--with-n8n';
	if (withN8n) argv = argv.slice(1);
	const [cmd, ...args] = argv;
	const binDir = node24BinDir();
	const env = envWith(binDir);
	const message = (err) => (err && err.message ? err.message : String(err));
	const dependencies =
		process.env.DSCO_SKIP_INSTALL !== '1' ? ensureDependencies(env) : Promise.resolve();
	const n8n = withN8n ? require('./n8n-runtime').ensureN8n() : undefined;
	let n8nSettled = !n8n;
	let n8nFailed = false;
	n8n?.then(
		() => (n8nSettled = true),
		(err) => {
			n8nSettled = true;
			n8nFailed = true;
			log(message(err));
		},
	);
	try {
		await dependencies;
	} catch (err) {
		log(message(err));
		await n8n?.catch(() => {});
		process.exit(1);
	}
	if (!cmd) {
		await n8n?.catch(() => process.exit(1));
		process.stdout.write(path.join(binDir, 'node') + '\n');
		return;
	}
	const child = spawn(cmd, args, { stdio: 'inherit', env, cwd: process.cwd() });
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
	// A failed n8n install ends the command that waits for it.
	n8n?.catch(() => child.kill('SIGTERM'));
	child.on('exit', async (code, signal) => {
		if (!n8nSettled) await n8n.catch(() => {});
		process.exit(n8nFailed || signal ? 1 : (code ?? 1));
	});
}

// Exported before main() runs: main requires n8n-runtime.js, which requires this module back.
module.exports = { node24BinDir, envWith, CACHE, ROOT };
if (require.main === module) {
	main().catch((err) => {
		log(err.stack || String(err));
		process.exit(1);
	});
}
