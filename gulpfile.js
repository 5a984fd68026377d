const path = require('path');
const { task, src, dest } = require('gulp');

// tsc only emits JavaScript; n8n reads node and credential icons from dist/ next to the built files.
function copyIcons() {
	return src(['{credentials,nodes}/**/*.{png,svg}'], { encoding: false }).pipe(
		dest(path.resolve('dist')),
	);
}

task('build:icons', copyIcons);
