// Jest globalSetup for the e2e suite: a real n8n in the cache, a fresh build of this package and its npm-pack tarball.
// Set DSCO_E2E_TARBALL to test a tarball you already have (no build, no pack).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const rt = require('../../scripts/n8n-runtime');
const { ensurePoppler } = require('../../scripts/ensure-poppler');
const { ensureChromium } = require('../../scripts/editor-browser');

module.exports = async function globalSetup() {
	const started = Date.now();
	process.stderr.write('\n');
	await rt.ensureN8n();
	// The label example's test reads the PDFs with Debian's poppler-utils (pdftotext, pdftoppm).
	ensurePoppler();
	// The browser test drives Debian's Chromium.
	ensureChromium();
	if (!process.env.DSCO_E2E_TARBALL) {
		await rt.buildPackage();
		const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-e2e-pack-'));
		process.env.DSCO_E2E_TARBALL = await rt.packPackage(dest);
		process.env.DSCO_E2E_PACK_DIR = dest; // removed by global-teardown.js
	}
	rt.log(
		`e2e setup ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${process.env.DSCO_E2E_TARBALL}`,
	);
};
