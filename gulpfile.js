const path = require('path');
const { task, src, dest } = require('gulp');

// tsc only emits JavaScript; n8n reads icons and each node's codex (*.node.json) from dist/,
// next to the built files.
function copyIcons() {
	return src(['{credentials,nodes}/**/*.{png,svg}', 'nodes/**/*.node.json'], {
		encoding: false,
		base: '.',
	}).pipe(dest(path.resolve('dist')));
}

task('build:icons', copyIcons);
