#!/usr/bin/env node
// `npm run scan`: the checks of n8n's community-package scanner (@n8n/scan-community-package) that can run before
// publishing. It lints, with the scanner's own ESLint rule set and inline `eslint-disable` comments ignored,
//   1. the sources as the scanner lints the provenance-attested GitHub checkout (package.json, nodes/, credentials/);
//   2. the packed tarball (`npm pack`) as published: its compiled JS and package.json.
// The scanner's provenance check needs a package published from GitHub Actions with npm provenance, so it cannot
// run here; .github/workflows/publish.yml publishes that way.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..');

async function main() {
	const scanner = await import(
		pathToFileURL(path.join(ROOT, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs'))
			.href
	);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-scan-'));
	try {
		const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
			cwd: ROOT,
			encoding: 'utf8',
		})
			.trim()
			.split('\n')
			.pop();
		execFileSync('tar', ['xzf', path.join(work, tgz), '-C', work]);
		const legs = [
			['sources (package.json, nodes/, credentials/)', ROOT, scanner.SOURCE_FILE_PATTERNS],
			[
				`tarball ${tgz} (compiled JS, package.json)`,
				path.join(work, 'package'),
				['**/*.js', 'package.json'],
			],
		];
		let ok = true;
		for (const [label, dir, patterns] of legs) {
			const result = await scanner.analyzePackage(dir, patterns);
			if (result.passed) {
				console.log(`scanner rules on ${label}: clean`);
			} else {
				ok = false;
				console.log(`scanner rules on ${label}: ${result.message}\n${result.details ?? ''}`);
			}
		}
		console.log(
			'provenance check: not run (needs a package published from GitHub Actions with npm provenance)',
		);
		process.exit(ok ? 0 : 1);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
