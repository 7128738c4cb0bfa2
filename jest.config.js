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
	// A guard against hangs, not a speed check: with both cores busy the heaviest tests (2,500 acknowledgments, a
	// 100,000-row file) took over 20 s, and a tighter limit would fail them for the machine's load alone.
	testTimeout: 120_000,
};
