#!/usr/bin/env node
// Measures the README's first command as a new user meets it: a fresh clone of this checkout's HEAD in a temp folder
// (its own node_modules), empty caches (its own HOME, npm cache and DSCO_CACHE_DIR: Node 24, n8n), then
// `npm run dev` until it prints the editor URL (cold), stopped with Ctrl-C, and `npm run dev` again (warm).
// Prints each step's time (from the "done in" lines), both totals, the load average and the CPU seconds used;
// --runs N repeats the warm start. Nothing outside the temp folder is read or written (the user's ~/.npmrc is copied in: registry and CA
// settings are part of the machine), and the folder is removed at the end unless --keep.
//
//   node scripts/measure-start.js [--runs 1] [--keep]
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function say(msg) {
	process.stdout.write(`[measure] ${msg}\n`);
}

function loadavg() {
	return os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(' ');
}

/**
 * CPU seconds (user + system) of this process's finished children and their descendants (Linux: /proc/self/stat), or
 * undefined elsewhere. On a shared machine wall time depends on the load; the CPU a start needs does much less.
 */
function childCpuSeconds() {
	try {
		const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
		// Fields 16 and 17 of stat (cutime, cstime), counted from the state field (3).
		return (Number(fields[13]) + Number(fields[14])) / 100;
	} catch {
		return undefined;
	}
}

/** Runs `npm run dev` in `repo` until the ready line, then Ctrl-C; resolves the seconds to ready and the step lines. */
function devUntilReady(repo, env, label) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const load = loadavg();
		// The 1-minute load average every 15 s while it runs: the load at the start says little about a 10-minute run.
		const loads = [os.loadavg()[0]];
		const sampler = setInterval(() => loads.push(os.loadavg()[0]), 15000);
		const cpuBefore = childCpuSeconds();
		const child = spawn('npm', ['run', 'dev', '--', '--quiet-sim'], {
			cwd: repo,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log = fs.createWriteStream(path.join(repo, '..', `${label}.log`));
		const stepLines = [];
		let readyAt;
		let buffer = '';
		const onData = (chunk) => {
			buffer += chunk.toString();
			const lines = buffer.split('\n');
			buffer = lines.pop();
			for (const line of lines) {
				const t = ((Date.now() - started) / 1000).toFixed(1);
				log.write(`${t.padStart(7)} ${line}\n`);
				if (
					/: done in [\d.]+ s/.test(line) ||
					/^\[dev\] (credential|\d+ example|community package|build:)/.test(line)
				)
					stepLines.push(`${t.padStart(7)} s  ${line}`);
				if (readyAt === undefined && /n8n is ready after/.test(line)) {
					readyAt = (Date.now() - started) / 1000;
					process.kill(-child.pid, 'SIGINT');
				}
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const timeout = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 30 * 60 * 1000);
		child.on('error', reject);
		child.on('close', () => {
			clearTimeout(timeout);
			clearInterval(sampler);
			log.end();
			if (readyAt === undefined)
				reject(
					new Error(
						`${label}: npm run dev ended before the editor URL (see ${path.join(repo, '..', `${label}.log`)})`,
					),
				);
			else {
				const cpuAfter = childCpuSeconds();
				resolve({
					seconds: readyAt,
					load,
					loadDuring: `${(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(1)} on average, ${Math.max(...loads).toFixed(1)} at most`,
					stepLines,
					cpu: cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
				});
			}
		});
	});
}

async function main() {
	const argv = process.argv.slice(2);
	const keep = argv.includes('--keep');
	const runsAt = argv.indexOf('--runs');
	const warmRuns = runsAt >= 0 ? Number(argv[runsAt + 1]) : 1;
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-measure-'));
	const home = path.join(tmp, 'home');
	fs.mkdirSync(home);
	const npmrc = path.join(os.homedir(), '.npmrc');
	if (fs.existsSync(npmrc)) fs.copyFileSync(npmrc, path.join(home, '.npmrc'));
	const repo = path.join(tmp, 'repo');
	const head = spawnSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], {
		encoding: 'utf8',
	}).stdout.trim();
	const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, repo], {
		encoding: 'utf8',
	});
	if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
	spawnSync('git', ['-C', repo, 'checkout', '--quiet', head]);
	const env = {
		...process.env,
		HOME: home,
		DSCO_CACHE_DIR: path.join(tmp, 'cache'),
		npm_config_cache: path.join(tmp, 'npm-cache'),
	};
	delete env.DSCO_SKIP_INSTALL;
	for (const k of Object.keys(env))
		if (/^(npm_|N8N_)/i.test(k) && k !== 'npm_config_cache') delete env[k];
	say(
		`fresh clone of ${head.slice(0, 10)} in ${repo}; ${os.cpus().length} cores, load average ${loadavg()}`,
	);

	const cold = await devUntilReady(repo, env, 'cold');
	const cpu = (r) => (r.cpu === undefined ? '' : `, ${r.cpu.toFixed(0)} CPU seconds until stopped`);
	say(
		`cold start: ${cold.seconds.toFixed(1)} s to the editor URL (load average at the start ${cold.load}, during it ${cold.loadDuring}${cpu(cold)})`,
	);
	for (const line of cold.stepLines) say(`  ${line}`);
	const warm = [];
	for (let i = 1; i <= warmRuns; i++) {
		const w = await devUntilReady(repo, env, `warm-${i}`);
		warm.push(w);
		say(
			`warm start ${i}: ${w.seconds.toFixed(1)} s to the editor URL (load average at the start ${w.load}, during it ${w.loadDuring}${cpu(w)})`,
		);
	}
	say(`load average now ${loadavg()}`);
	if (keep) say(`kept ${tmp} (logs: cold.log, warm-N.log)`);
	else fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err) => {
	say(err.message);
	process.exit(1);
});
