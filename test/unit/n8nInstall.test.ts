/**
 * The first start's install plan (scripts/n8n-runtime.js, scripts/install-steps.js): sqlite3's binding compiles from a
 * lockfile cut out of n8n's committed one, and progress counts the lockfile's packages for this machine.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/n8n-runtime.js') as {
	N8N_VERSION: string;
	committedLockfile(): { pkgFile: string; lockFile: string } | undefined;
	subLockfile(
		lockFile: string,
		name: string,
	): { version: string; lock: { packages: Record<string, Record<string, unknown>> } } | undefined;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const steps = require('../../scripts/install-steps.js') as {
	lockfilePackageCount(lockFile: string): number | undefined;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-n8ninstall-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeLock(packages: Record<string, Record<string, unknown>>): string {
	const file = path.join(
		tmp,
		`lock-${Object.keys(packages).length}-${Math.random().toString(36).slice(2)}.json`,
	);
	fs.writeFileSync(
		file,
		JSON.stringify({ name: 'x', lockfileVersion: 3, requires: true, packages }),
	);
	return file;
}

describe("sqlite3 lockfile cut from n8n's", () => {
	it('keeps what sqlite3 needs as Node resolves it (nested copies first), and nothing else', () => {
		const lockFile = writeLock({
			'': { dependencies: { n8n: '1.0.0' } },
			'node_modules/n8n': { version: '1.0.0', dependencies: { sqlite3: '5.1.7', tar: '^6' } },
			'node_modules/sqlite3': {
				version: '5.1.7',
				dependencies: { bindings: '^1', tar: '^7' },
				optionalDependencies: { 'node-gyp': '8.x' },
				peerDependencies: { 'node-gyp': '8.x' },
			},
			'node_modules/sqlite3/node_modules/tar': {
				version: '7.0.0',
				dependencies: { minipass: '^7' },
			},
			'node_modules/tar': { version: '6.2.1', dependencies: { minipass: '^5' } },
			'node_modules/minipass': { version: '7.1.2' },
			'node_modules/tar/node_modules/minipass': { version: '5.0.0' },
			'node_modules/bindings': { version: '1.5.0', dependencies: { 'file-uri-to-path': '1.0.0' } },
			'node_modules/file-uri-to-path': { version: '1.0.0' },
			'node_modules/node-gyp': { version: '8.4.1', optional: true },
			'node_modules/@n8n/unrelated': { version: '1.0.0' },
		});
		const cut = rt.subLockfile(lockFile, 'sqlite3');
		expect(cut?.version).toBe('5.1.7');
		expect(Object.keys(cut?.lock.packages ?? {}).sort()).toEqual(
			[
				'',
				'node_modules/bindings',
				'node_modules/file-uri-to-path',
				'node_modules/minipass',
				'node_modules/node-gyp',
				'node_modules/sqlite3',
				'node_modules/sqlite3/node_modules/tar',
			].sort(),
		);
		expect(cut?.lock.packages['']).toEqual({
			name: 'dsco-sqlite3-build',
			dependencies: { sqlite3: '5.1.7' },
		});
		expect(rt.subLockfile(lockFile, 'nope')).toBeUndefined();
	});

	it('the committed n8n lockfile pins this n8n, and its sqlite3 cut installs without asking the registry', () => {
		const committed = rt.committedLockfile();
		expect(committed).toBeDefined();
		const lock = JSON.parse(fs.readFileSync(committed!.lockFile, 'utf8')) as {
			packages: Record<
				string,
				{ version?: string; resolved?: string; integrity?: string; link?: boolean }
			>;
		};
		expect(lock.packages['node_modules/n8n'].version).toBe(rt.N8N_VERSION);
		// Without `resolved` and `integrity` npm ci fetches each package's metadata first: what the lockfile is meant to save.
		const unresolved = Object.entries(lock.packages).filter(
			([p, v]) => p && !v.link && !(v.resolved && v.integrity),
		);
		expect(unresolved).toEqual([]);
		const cut = rt.subLockfile(committed!.lockFile, 'sqlite3')!;
		for (const p of Object.keys(cut.lock.packages)) {
			const parent = p.slice(0, p.lastIndexOf('/node_modules/'));
			if (p.includes('/node_modules/')) expect(cut.lock.packages[parent]).toBeDefined();
		}
		expect(cut.lock.packages['node_modules/sqlite3']).toEqual(
			lock.packages['node_modules/sqlite3'],
		);
	});
});

describe('progress: packages a lockfile installs here', () => {
	it('counts entries for this platform, without the root and links', () => {
		const other = process.platform === 'linux' ? 'darwin' : 'linux';
		const lockFile = writeLock({
			'': {},
			'node_modules/a': { version: '1.0.0' },
			'node_modules/b': { version: '1.0.0', os: [process.platform], cpu: [process.arch] },
			'node_modules/c': { version: '1.0.0', os: [other] },
			'node_modules/d': { version: '1.0.0', os: [`!${process.platform}`] },
			'node_modules/e': { link: true, resolved: 'packages/e' },
		});
		expect(steps.lockfilePackageCount(lockFile)).toBe(2);
		expect(steps.lockfilePackageCount(path.join(tmp, 'missing.json'))).toBeUndefined();
	});
});
