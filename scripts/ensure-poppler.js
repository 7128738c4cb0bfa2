#!/usr/bin/env node
// Makes sure Debian's poppler-utils (pdftotext, pdftoppm) are on this machine: the e2e test of the label example
// reads the PDFs the simulator produced with them, and `npm run render:label` renders one for the README. Installs
// them with apt-get when missing (as root, or through sudo). `node scripts/ensure-poppler.js` from a shell.
'use strict';
const { spawnSync } = require('node:child_process');

const TOOLS = ['pdftotext', 'pdftoppm'];

function has(tool) {
	return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args) {
	const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	return r.status === 0;
}

/** Installs poppler-utils unless pdftotext and pdftoppm are already there; throws when that is not possible. */
function ensurePoppler() {
	if (TOOLS.every(has)) return;
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	const apt = root ? ['apt-get'] : has('sudo') ? ['sudo', '-n', 'apt-get'] : undefined;
	if (!apt || !has('apt-get')) {
		throw new Error('pdftotext/pdftoppm are missing and apt-get is not usable here: install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils)');
	}
	process.stderr.write('[dsco] installing poppler-utils (pdftotext, pdftoppm) with apt-get\n');
	const [cmd, ...pre] = apt;
	if (!run(cmd, [...pre, 'install', '-y', '--no-install-recommends', 'poppler-utils'])) {
		// A fresh machine or CI image may have no package lists yet.
		if (!run(cmd, [...pre, 'update']) || !run(cmd, [...pre, 'install', '-y', '--no-install-recommends', 'poppler-utils'])) {
			throw new Error('apt-get install poppler-utils failed');
		}
	}
	const missing = TOOLS.filter((t) => !has(t));
	if (missing.length) throw new Error(`poppler-utils installed, but ${missing.join(', ')} still missing`);
}

module.exports = { ensurePoppler };

if (require.main === module) {
	try {
		ensurePoppler();
		process.stdout.write('pdftotext and pdftoppm are available\n');
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	}
}
