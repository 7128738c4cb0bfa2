/** The package as n8n and npm see it: loaded by n8n's own loader without warnings, and a tarball of dist only. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

import { ROOT, logger } from './harness';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe("n8n's package loader", () => {
	it('loads every node and credential of the manifest, with icons, and logs no warning', async () => {
		const from = logger.lines.length;
		const loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
		const problems = logger.lines
			.slice(from)
			.filter(
				(l) => l.level === 'warn' || l.level === 'error' || /No codex available/.test(l.message),
			);
		expect(problems).toEqual([]);
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(
			pkg.n8n.nodes
				.map((p: string) =>
					path.basename(p, '.node.js').replace(/^./, (c: string) => c.toLowerCase()),
				)
				.sort(),
		);
		expect(Object.keys(loader.credentialTypes)).toEqual(['dscoApi']);
		for (const { type } of Object.values(loader.nodeTypes)) {
			const d =
				'nodeVersions' in type ? Object.values(type.nodeVersions)[0].description : type.description;
			// The loader turns `icon: {light, dark}` into `iconUrl: {light, dark}` paths it has checked.
			const icon = (d.iconUrl ?? d.icon) as { light: string; dark: string };
			expect(icon.light).toMatch(/dsco\.svg$/);
			expect(icon.dark).toMatch(/dsco\.dark\.svg$/);
		}
		for (const file of ['dist/nodes/Dsco/dsco.svg', 'dist/nodes/Dsco/dsco.dark.svg']) {
			expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
		}
	});
});

describe('npm pack', () => {
	it('ships dist only, no tests, simulator, bench or examples, and no runtime dependencies', () => {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: ROOT,
				encoding: 'utf8',
			}),
		);
		const files: string[] = packed.files.map((f: { path: string }) => f.path);
		const outside = files.filter(
			(f) =>
				!f.startsWith('dist/') &&
				![pkg.main, 'package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md'].includes(f),
		);
		expect(outside).toEqual([]);
		expect(fs.readFileSync(path.join(ROOT, pkg.main), 'utf8')).toMatch(/module\.exports = \{\};/);
		expect(
			files.filter((f) => /(^|\/)(test|simulator|bench|examples|e2e)(\/|$)|\.test\.js$/.test(f)),
		).toEqual([]);
		for (const manifestPath of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
			expect(files).toContain(manifestPath);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});
});
