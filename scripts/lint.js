#!/usr/bin/env node
// `npm run lint`: a type check of all TypeScript; n8n's official community-node lint over what the package ships;
// then the same rules with inline `eslint-disable` comments ignored, as n8n's community-package scanner runs them.
// (`n8n-node lint` itself runs `eslint .`, which would also lint tests and tooling with node-only rules; its
// strict-mode check that eslint.config.mjs is n8n's unchanged template is repeated here.)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const template = path.join(
	ROOT,
	'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
);
if (
	fs.readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8').trim() !==
	fs.readFileSync(template, 'utf8').trim()
) {
	console.error(
		'eslint.config.mjs differs from the @n8n/node-cli template (n8n strict mode requires it unchanged)',
	);
	process.exit(1);
}
// Type-check everything TypeScript, tests, simulator and bench included (ts-jest only transpiles them).
const tsc = spawnSync('tsc', ['-p', 'tsconfig.test.json', '--noEmit'], {
	stdio: 'inherit',
	cwd: ROOT,
});
if (tsc.status !== 0) process.exit(tsc.status || 1);
console.log('tsc -p tsconfig.test.json (sources, tests, simulator, bench): clean');

// Formatting: n8n's starter Prettier config (.prettierrc.js, 100 columns) over all code; `npx prettier --write .` fixes it.
const prettier = spawnSync('prettier', ['--check', '--log-level', 'warn', '.'], {
	stdio: 'inherit',
	cwd: ROOT,
});
if (prettier.status !== 0) {
	console.error('Prettier: the files above are not formatted; run `npx prettier --write .`');
	process.exit(prettier.status || 1);
}
console.log('prettier --check (.prettierrc.js, 100 columns): clean');

const targets = ['nodes', 'credentials', 'package.json'];
for (const extra of [[], ['--no-inline-config']]) {
	const r = spawnSync('eslint', ['--max-warnings', '0', ...extra, ...targets], {
		stdio: 'inherit',
		cwd: ROOT,
	});
	if (r.status !== 0) process.exit(r.status || 1);
	console.log(`eslint ${extra.join(' ') || '(n8n community config)'} ${targets.join(' ')}: clean`);
}
