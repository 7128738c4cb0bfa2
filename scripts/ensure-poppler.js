#!/usr/bin/env node
// Makes sure Debian's poppler-utils (pdftotext, pdftoppm) are on this machine: the e2e test of the label example
// reads the PDFs the simulator produced with them, and `npm run render:label` renders one for the README. Installs
// them with apt-get when missing (as root, or through sudo). `node scripts/ensure-poppler.js` from a shell.
'use strict';
const { ensureDebianPackages, has } = require('./debian-packages');

const TOOLS = ['pdftotext', 'pdftoppm'];

/** Installs poppler-utils unless pdftotext and pdftoppm are already there; throws when that is not possible. */
function ensurePoppler() {
	ensureDebianPackages({
		packages: ['poppler-utils'],
		present: () => TOOLS.every(has),
		what: 'pdftotext/pdftoppm (poppler-utils)',
	});
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
