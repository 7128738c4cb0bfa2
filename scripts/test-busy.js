#!/usr/bin/env node
// `npm run test:busy`: `npm test` while other processes keep the CPU busy, to check that no test depends on how fast
// the machine is (tests use injected clocks and assert order and counts, not elapsed time). Starts
// DSCO_BUSY_PROCESSES busy loops (default: one per core, at least 2; the same load as `yes > /dev/null` per core),
// runs scripts/test.js with the given arguments, stops the loops, and prints the load and the wall time after jest's
// summary line. Exit code: the test run's.
'use strict';
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const cores =
	typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const count = Number(process.env.DSCO_BUSY_PROCESSES ?? Math.max(2, cores));
if (!Number.isInteger(count) || count < 0) {
	process.stderr.write(
		`DSCO_BUSY_PROCESSES must be a whole number, got "${process.env.DSCO_BUSY_PROCESSES}"\n`,
	);
	process.exit(2);
}

const busy = Array.from({ length: count }, () =>
	spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' }),
);
const stopBusy = () => {
	for (const child of busy)
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
process.on('exit', stopBusy);
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		stopBusy();
		process.exit(1);
	});
}

process.stdout.write(
	`[test:busy] ${count} busy-loop processes on ${cores} cores (pids ${busy.map((c) => c.pid).join(', ')})\n`,
);
const started = Date.now();
const tests = spawn(process.execPath, [path.join(__dirname, 'test.js'), ...process.argv.slice(2)], {
	stdio: 'inherit',
	cwd: ROOT,
});
tests.on('exit', (code, signal) => {
	stopBusy();
	const seconds = Math.round((Date.now() - started) / 1000);
	process.stdout.write(
		`[test:busy] npm test took ${seconds} s of wall time with ${count} busy-loop processes alongside\n`,
	);
	process.exit(signal ? 1 : (code ?? 1));
});
