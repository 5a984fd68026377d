import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		ignores: [
			'test/**',
			'scripts/**',
			'benchmark/**',
			'docs/**',
			'.e2e/**',
			'.n8n-local/**',
			'gulpfile.js',
			'jest.config.js',
			'eslint.config.mjs',
		],
	},
];
