// End-to-end tests: the built package installed into a real n8n 2.41.1 (Node 24), workflows imported and executed
// headless with `n8n execute` against the DSCO simulator, and the node panel used in headless Chromium through n8n's
// editor (editor.e2e.test.ts). `npm run test:e2e`. The first run installs n8n into the
// cache (a few minutes, with progress lines); later runs reuse it.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', isolatedModules: true }],
	},
	// Installs n8n (once), builds and packs the package; the tarball's path reaches the tests in DSCO_E2E_TARBALL.
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	// One n8n at a time: every n8n CLI call is a full n8n boot, and the machines have 2 cores.
	maxWorkers: 1,
	testTimeout: 10 * 60 * 1000,
	slowTestThreshold: 120,
};
