'use strict';
/**
 * Installs a pinned n8n (and, when its line needs one, a pinned Node.js) into the cache folder,
 * outside this package, and reuses it while its marker file says the install is complete.
 *
 * A plain `npm install n8n` does not work here: n8n-nodes-base asks for xlsx from a tarball URL
 * outside the npm registry (pinned to a registry version through `overrides`), and install scripts
 * would try to download prebuilt binaries. So: install with scripts off, then compile only the
 * native modules n8n needs (`rebuild` in n8n-versions.json) from source.
 */
const fs = require('node:fs');
const path = require('node:path');

const { cleanEnv, run, runWithProgress } = require('./proc');
const { cacheRoot } = require('./versions');

const MARKER = '.install-complete.json';
const npmFetch = (line) => /\bfetch GET\b/.test(line);

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return undefined;
	}
}

function isComplete(dir, expected) {
	const marker = readMarker(dir);
	return marker !== undefined && JSON.stringify(marker.pin) === JSON.stringify(expected);
}

/** Empties an install folder (a half-done install is never reused) and writes its package.json. */
function prepareFolder(dir, packageJson) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, '\t')}\n`);
}

function writeMarker(dir, pin) {
	fs.writeFileSync(path.join(dir, MARKER), `${JSON.stringify({ pin, installedAt: new Date().toISOString() }, null, '\t')}\n`);
}

/** The folder whose include/node/ holds the headers matching a Node.js binary (node-gyp's nodedir). */
function findNodeHeaders(candidates, version) {
	const wanted = version.replace(/^v/, '').split('.');
	return candidates.find((dir) => {
		const header = path.join(dir, 'include', 'node', 'node_version.h');
		if (!fs.existsSync(header)) return false;
		const text = fs.readFileSync(header, 'utf8');
		const part = (name) => (text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`)) || [])[1];
		return part('MAJOR') === wanted[0] && part('MINOR') === wanted[1] && part('PATCH') === wanted[2];
	});
}

/** The Node.js running this script, with its headers when they are installed beside it. */
function systemNode() {
	const prefix = path.dirname(path.dirname(process.execPath));
	return { version: process.versions.node, bin: process.execPath, headers: findNodeHeaders([prefix], process.versions.node) };
}

/**
 * An exact Node.js from the npm registry's `node` package (its install script brings the platform
 * binary package, which also ships the headers node-gyp needs). The system Node.js is not touched.
 */
async function ensureNode(version) {
	const dir = path.join(cacheRoot(), `node-${version}`);
	const bin = path.join(dir, 'node_modules', 'node', 'bin', 'node');
	const pin = { node: version };
	if (!isComplete(dir, pin)) {
		console.log(`Installing Node.js ${version} into ${dir}`);
		prepareFolder(dir, { name: 'node-install', private: true, dependencies: { node: version } });
		await runWithProgress(`npm install node@${version}`, 'npm', ['install', '--ignore-scripts=false', '--no-audit', '--no-fund', '--loglevel=http'], {
			cwd: dir,
			env: cleanEnv(),
			logFile: path.join(dir, 'install.log'),
			count: npmFetch,
			countLabel: 'fetches',
		});
		const { stdout } = await run(bin, ['--version']);
		if (stdout.trim() !== `v${version}`) throw new Error(`${bin} reports ${stdout.trim()}, expected v${version}`);
		writeMarker(dir, pin);
	}
	const platformDirs = [path.join(dir, 'node_modules'), path.join(dir, 'node_modules', 'node', 'node_modules')]
		.filter((parent) => fs.existsSync(parent))
		.flatMap((parent) => fs.readdirSync(parent).filter((name) => /^node-(linux|darwin)-/.test(name)).map((name) => path.join(parent, name)));
	return { version, bin, headers: findNodeHeaders(platformDirs, version) };
}

/** Environment for npm and n8n: the chosen Node.js first on PATH, node-gyp pointed at its headers. */
function envFor(node, extra = {}) {
	const env = cleanEnv(extra);
	env.PATH = `${path.dirname(node.bin)}${path.delimiter}${env.PATH || ''}`;
	if (node.headers) env.npm_config_nodedir = node.headers;
	return env;
}

function n8nFolder(pin, node) {
	const suffix = pin.node ? `-node${node.version}` : '';
	return path.join(cacheRoot(), `n8n-${pin.n8n}${suffix}`);
}

async function installN8n(dir, pin, node) {
	console.log(`Installing n8n ${pin.n8n} (Node.js ${node.version}) into ${dir}; this takes a few minutes the first time.`);
	prepareFolder(dir, {
		name: 'n8n-install',
		private: true,
		dependencies: { n8n: pin.n8n },
		overrides: pin.overrides,
	});
	const env = envFor(node, { JOBS: 'max' });
	const logFile = path.join(dir, 'install.log');
	await runWithProgress(`npm install n8n@${pin.n8n}`, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'], {
		cwd: dir,
		env,
		logFile,
		count: npmFetch,
		countLabel: 'fetches',
	});
	await runWithProgress(`compile ${pin.rebuild.join(', ')}`, 'npm', ['rebuild', ...pin.rebuild, '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: dir,
		env,
		logFile,
		count: (line) => /\b(CC|CXX)\(target\)/.test(line),
		countLabel: 'files compiled',
	});
	// A native module that did not build fails here, not in the middle of an n8n start.
	const requires = pin.rebuild.map((name) => `require(${JSON.stringify(path.join(dir, 'node_modules', name))});`).join('');
	await run(node.bin, ['-e', requires], { env });
}

/**
 * Makes sure the pinned n8n of a line is installed. Returns what is needed to run it:
 * { pin, dir, node, n8nBin, env(extra) }.
 */
async function ensureN8n(pin) {
	const node = pin.node ? await ensureNode(pin.node) : systemNode();
	const dir = n8nFolder(pin, node);
	const expected = { n8n: pin.n8n, node: node.version, overrides: pin.overrides, rebuild: pin.rebuild };
	if (!isComplete(dir, expected)) {
		await installN8n(dir, pin, node);
		writeMarker(dir, expected);
	}
	return {
		pin,
		dir,
		node,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		env: (extra = {}) => envFor(node, { ...pin.env, ...extra }),
	};
}

/** The install folder of a pinned line (whether or not it is installed yet). */
function n8nInstallDir(line) {
	const { resolveLine } = require('./versions');
	const pin = resolveLine(line);
	return n8nFolder(pin, pin.node ? { version: pin.node } : systemNode());
}

module.exports = { ensureN8n, ensureNode, n8nInstallDir };
