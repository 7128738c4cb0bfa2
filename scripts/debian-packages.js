// Debian packages the tooling needs (poppler-utils for the label PDFs, chromium for the browser test and the
// screenshots): installed with apt-get when missing, as root or through passwordless sudo, apt's own progress shown.
'use strict';
const { spawnSync } = require('node:child_process');

function has(tool) {
	return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args) {
	const r = spawnSync(cmd, args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	return r.status === 0;
}

/**
 * Installs `packages` with apt-get unless `present()` already holds; throws (naming the command to run by hand)
 * when apt-get is not usable here or the install did not make `present()` true.
 */
function ensureDebianPackages({ packages, present, what }) {
	if (present()) return { installed: false };
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	const apt = root
		? ['apt-get']
		: has('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0
			? ['sudo', '-n', 'apt-get']
			: undefined;
	const manual = `apt-get update && apt-get install -y ${packages.join(' ')}`;
	if (!apt || !has('apt-get'))
		throw new Error(
			`${what} missing and apt-get is not usable here (not root, no passwordless sudo): install it once as root: ${manual}`,
		);
	process.stderr.write(
		`[dsco] ${what} missing: installing the Debian package(s) ${packages.join(', ')} with apt-get\n`,
	);
	const [cmd, ...pre] = apt;
	const install = () => run(cmd, [...pre, 'install', '-y', '--no-install-recommends', ...packages]);
	// A fresh machine or CI image may have no package lists yet.
	if (!install() && (!run(cmd, [...pre, 'update']) || !install()))
		throw new Error(`apt-get install ${packages.join(' ')} failed`);
	if (!present())
		throw new Error(`apt-get installed ${packages.join(', ')}, but ${what} is still missing`);
	return { installed: true };
}

module.exports = { ensureDebianPackages, has };
