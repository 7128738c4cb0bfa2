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
	if (Number(process.versions.node.split('.')[0]) === NODE_MAJOR) return path.dirname(process.execPath);
	const pkg = `node-${process.platform}-${process.arch}`;
	const prefix = path.join(CACHE, `node${NODE_MAJOR}`);
	const bin = path.join(prefix, 'node_modules', pkg, 'bin');
	if (!fs.existsSync(path.join(bin, 'node'))) {
		log(`Node ${NODE_MAJOR} not found; installing ${pkg}@${NODE_MAJOR} from the npm registry into ${prefix} (once)…`);
		fs.mkdirSync(prefix, { recursive: true });
		run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--ignore-scripts', `${pkg}@${NODE_MAJOR}`]);
	}
	return bin;
}

function envWith(binDir) {
	const PATH = [binDir, path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter);
	return { ...process.env, PATH };
}

/** Installs dev dependencies when node_modules is missing or older than the lock file. */
function ensureDependencies(env) {
	// A node_modules that is a symlink belongs to another checkout (e.g. a git worktree sharing it): npm ci would empty
	// the target through the link, under that checkout's feet.
	try {
		if (fs.lstatSync(path.join(ROOT, 'node_modules')).isSymbolicLink()) return;
	} catch {}
	const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
	const lock = path.join(ROOT, 'package-lock.json');
	const stale =
		!fs.existsSync(marker) || (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
	if (!stale) return;
	log('Installing dev dependencies (npm ci --ignore-scripts)…');
	// --ignore-scripts: eslint-plugin-n8n-nodes-base's preinstall insists on pnpm; nothing we need builds from source.
	run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, env });
}

function main() {
	const [cmd, ...args] = process.argv.slice(2);
	const binDir = node24BinDir();
	const env = envWith(binDir);
	if (process.env.DSCO_SKIP_INSTALL !== '1') ensureDependencies(env);
	if (!cmd) {
		process.stdout.write(path.join(binDir, 'node') + '\n');
		return;
	}
	const child = spawn(cmd, args, { stdio: 'inherit', env, cwd: process.cwd() });
	for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
	child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 1));
}

if (require.main === module) main();
module.exports = { node24BinDir, envWith, CACHE, ROOT };
