// Removes the folders given as arguments (cross-platform `rm -rf` for npm scripts).
'use strict';
const fs = require('node:fs');
for (const dir of process.argv.slice(2)) fs.rmSync(dir, { recursive: true, force: true });
