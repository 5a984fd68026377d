'use strict';
/**
 * Builds and packs this package, and installs the tarball into an n8n user folder the way n8n
 * installs a community package from its Settings page, so n8n loads it as `n8n-nodes-api-key.*`
 * with the `n8n` section of package.json, exactly as users get it.
 */
const fs = require('node:fs');
const path = require('node:path');

const { cleanEnv, run } = require('./proc');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(PROJECT_ROOT, 'package.json')).name;

/** `npm run build`; its output is shown only when it fails. */
async function buildPackage() {
	await run('npm', ['run', 'build'], { cwd: PROJECT_ROOT, env: cleanEnv() });
}

/** `npm pack` into destDir; returns the tarball's path. */
async function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: PROJECT_ROOT, env: cleanEnv() });
	const [packed] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return path.join(destDir, packed.filename);
}

/** The folder where n8n keeps installed community packages for a user folder. */
function nodesFolder(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes');
}

/**
 * Installs the tarball under <userFolder>/.n8n/nodes/node_modules/<name>, following n8n's own
 * community package installer (CommunityPackagesService.downloadPackage): unpack, drop the
 * dev/peer/optional dependency lists (n8n itself provides n8n-workflow), install the remaining
 * dependencies inside the package folder with scripts off, and record it in nodes/package.json.
 */
async function installIntoUserFolder(tarball, userFolder, env = cleanEnv()) {
	const nodesDir = nodesFolder(userFolder);
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	if (Object.keys(manifest.dependencies ?? {}).length > 0) {
		await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir, env },
		);
	}
	recordDependency(nodesDir, manifest.version);
	return packageDir;
}

function recordDependency(nodesDir, version) {
	const listPath = path.join(nodesDir, 'package.json');
	const list = fs.existsSync(listPath)
		? JSON.parse(fs.readFileSync(listPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	list.dependencies = { ...list.dependencies, [PACKAGE_NAME]: version };
	fs.writeFileSync(listPath, JSON.stringify(list, null, 2));
}

module.exports = { PROJECT_ROOT, PACKAGE_NAME, buildPackage, packPackage, installIntoUserFolder, nodesFolder };
