// Removes the tarball folder that global-setup.js packed into (not one passed in through DSCO_E2E_TARBALL).
'use strict';
const fs = require('node:fs');

module.exports = async function globalTeardown() {
	const dir = process.env.DSCO_E2E_PACK_DIR;
	if (dir && process.env.DSCO_E2E_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
};
