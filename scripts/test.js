#!/usr/bin/env node
// `npm test`: builds the package (the engine tests load dist/ as n8n does), runs jest, and ends with one
// summary line "N passed, N failed" (", N skipped") that CI reads. Arguments are passed on to jest.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, env: process.env });

const build = run('npm', ['run', '--silent', 'build']);
if (build.status !== 0) process.exit(build.status || 1);

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-jest-')), 'report.json');
const jest = run('jest', ['--json', `--outputFile=${report}`, ...process.argv.slice(2)]);
let summary = 'jest did not report';
if (fs.existsSync(report)) {
	const r = JSON.parse(fs.readFileSync(report, 'utf8'));
	summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
	if (r.numTotalTests === 0) summary = '0 passed, 0 failed (no tests ran)';
}
process.stdout.write(`\nTests: ${summary}\n`);
process.exit(jest.status ?? 1);
