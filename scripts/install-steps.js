// The install steps of a first start (dev dependencies, n8n, sqlite3's native binding): each prints a line when it
// starts, one every 15 s while it runs (elapsed time, and for npm installs how many of the lockfile's packages are
// in), one when it ends; a cross-process lock keeps two starts from installing into the same folder at once. Plain
// CommonJS with no dependencies: it runs before the dev dependencies exist.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function seconds(startMs) {
	return ((Date.now() - startMs) / 1000).toFixed(1);
}

/**
 * Runs a command, printing `label…`, a progress line with the elapsed time every `everyMs` while it runs (plus
 * `progress()`, when given), and `label: done in N s`. `onLine(line)` sees every output line (stdout and stderr).
 * Resolves the output (the last 100 kB or so); on a non-zero exit prints its tail and rejects.
 */
function runWithProgress(label, cmd, args, opts = {}) {
	const { progress, onLine, everyMs = 15000, log = defaultLog, ...spawnOpts } = opts;
	const step = startStep(label, { log, progress, everyMs });
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
		let output = '';
		const partial = { stdout: '', stderr: '' };
		const keep = (stream) => (chunk) => {
			const text = chunk.toString();
			output += text;
			if (output.length > 200000) output = output.slice(-100000);
			if (!onLine) return;
			const lines = (partial[stream] + text).split('\n');
			partial[stream] = lines.pop();
			for (const line of lines) onLine(line);
		};
		child.stdout.on('data', keep('stdout'));
		child.stderr.on('data', keep('stderr'));
		child.on('error', (err) => {
			step.stop();
			reject(err);
		});
		child.on('close', (code) => {
			step.stop();
			if (code === 0) {
				step.done();
				resolve(output);
			} else {
				process.stderr.write(output.slice(-8000));
				reject(new Error(`${label} failed (exit ${code}): ${cmd} ${args.join(' ')}`));
			}
		});
	});
}

/**
 * A step's progress lines: `label…` now, `  … label: N s elapsed[, progress()]` every `everyMs`, and `label: done in
 * N s` from `done()`. `stop()` ends the periodic line without the last one.
 */
function startStep(label, { log = defaultLog, progress, everyMs = 15000 } = {}) {
	const started = Date.now();
	log(`${label}…`);
	const timer = setInterval(() => {
		const extra = progress ? `, ${progress()}` : '';
		log(`  … ${label}: ${seconds(started)} s elapsed${extra}`);
	}, everyMs);
	return {
		stop: () => clearInterval(timer),
		done: (detail = '') => {
			clearInterval(timer);
			log(`${label}: done in ${seconds(started)} s${detail}`);
		},
	};
}

function defaultLog(msg) {
	process.stderr.write(`${msg}\n`);
}

let libcCache;
/** glibc or musl on Linux (read once: process.report.getReport() takes milliseconds, and a lockfile has thousands of entries). */
function machineLibc() {
	if (process.platform !== 'linux') return undefined;
	libcCache ??= process.report?.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';
	return libcCache;
}

/** Whether a lockfile entry's os / cpu / libc fields (as npm reads them: a list, `!x` excludes) allow this machine. */
function platformAllows(entry) {
	const allows = (list, value) => {
		if (!Array.isArray(list) || !list.length) return true;
		if (list.some((v) => v === `!${value}`)) return false;
		const positives = list.filter((v) => !v.startsWith('!'));
		return !positives.length || positives.includes(value);
	};
	const libc = machineLibc();
	return (
		allows(entry.os, process.platform) &&
		allows(entry.cpu, process.arch) &&
		(!libc || allows(entry.libc, libc))
	);
}

/** Number of packages a package-lock.json installs on this machine (the root, links and other platforms' excluded). */
function lockfilePackageCount(lockFile) {
	try {
		const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
		return Object.entries(lock.packages || {}).filter(([p, v]) => p && !v.link && platformAllows(v))
			.length;
	} catch {
		return undefined;
	}
}

/**
 * `npm ci` (or another installing npm command) with progress: with --timing, npm logs a line as each package is
 * unpacked into place (`reifyNode:<path>`); the progress line counts them against `total` and names the phase.
 */
function npmWithProgress(label, args, { total, ...opts } = {}) {
	let unpacked = 0;
	let phase = 'reading the lockfile';
	const onLine = (line) => {
		if (/^npm timing reifyNode:\S+ Completed/.test(line)) {
			unpacked++;
			phase = 'unpacking';
		} else if (/^npm timing idealTree:buildDeps Completed/.test(line))
			phase = 'dependency tree built; fetching and unpacking';
		else if (/^npm timing reify:unpack Completed/.test(line))
			phase = 'all unpacked; linking package binaries';
	};
	const progress = () => `${phase}: ${unpacked}${total ? ` of ${total}` : ''} packages unpacked`;
	return runWithProgress(label, 'npm', [...args, '--timing', '--loglevel=http'], {
		...opts,
		onLine,
		progress,
	});
}

/**
 * Runs `fn` holding a cross-process lock (a directory with the holder's pid), so that two processes never install
 * into the same folder at once; the other one waits (saying so once) and then finds the work done.
 */
async function withLock(lockDir, what, log, fn) {
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir, { recursive: false });
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code === 'ENOENT') {
				fs.mkdirSync(path.dirname(lockDir), { recursive: true });
				continue;
			}
			if (err.code !== 'EEXIST') throw err;
			let holder = NaN;
			try {
				holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {}
			// A lock without a live holder (crashed installer) is taken over; a fresh one without a pid file yet is not.
			if (!pidAlive(holder) && (holder > 0 || Date.now() - fs.statSync(lockDir).mtimeMs > 60000)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				// npm run dev's own wrapper (scripts/with-node24.js) installs n8n while dev.js builds, then waits here.
				log(
					holder === process.ppid
						? `waiting until this command's own install is done (${what}; its progress lines above)…`
						: `waiting for another process (pid ${holder}) that is ${what}…`,
				);
				announced = true;
			}
			await new Promise((r) => setTimeout(r, 1000));
			if (Date.now() - started > 30 * 60 * 1000)
				throw new Error(`gave up waiting for lock ${lockDir}`);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Whether a process with this pid exists. */
function pidAlive(pid) {
	if (!(pid > 0)) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

module.exports = {
	startStep,
	runWithProgress,
	npmWithProgress,
	lockfilePackageCount,
	withLock,
	pidAlive,
	seconds,
};
