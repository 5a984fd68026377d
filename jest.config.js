/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }],
	},
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e/'],
	testTimeout: 30000,
	globalSetup: '<rootDir>/jest.globalSetup.js',
	// n8n's own nodes (loaded from the pinned n8n install) share the package's n8n-workflow and
	// n8n-core, the same versions, so there is one engine and one set of error classes.
	moduleNameMapper: {
		'^n8n-workflow$': '<rootDir>/node_modules/n8n-workflow',
		'^n8n-core$': '<rootDir>/node_modules/n8n-core',
	},
};
