import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{ ignores: ['test/**', 'scripts/**', 'benchmark/**', 'gulpfile.js', 'jest.config.js', 'eslint.config.mjs'] },
];
