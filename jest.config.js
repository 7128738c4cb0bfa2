/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.js'],
	// A guard against hangs, not a speed check: with both cores busy (load 16 on 2 cores) the heaviest tests (the
	// 100,000-row file, the 5 MB inventory split) took 44-49 s; a tighter limit would fail them for the load alone.
	testTimeout: 120_000,
};
