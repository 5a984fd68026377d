#!/usr/bin/env node
'use strict';
/**
 * `npm start`: a real n8n with this package installed, on http://localhost:5678.
 *
 *   npm start                    the default pinned n8n line (1.x)
 *   npm start -- --n8n 2         the 2.x line (installs its own Node.js the first time)
 *   npm start -- --port 5690     another port
 *   npm start -- --no-build      use the existing dist/
 *
 * Builds the package, installs the pinned n8n into the cache folder when missing, installs the
 * packed package into a persistent user folder (.n8n-local/n8n-<line>/: workflows, credentials and
 * the owner account stay between starts) and runs `n8n start` with SQLite. The package is also
 * recorded in n8n's database the way n8n's own installer records it, so Settings → Community Nodes
 * lists it (before n8n starts; on the very first start, once n8n has created its database).
 * Ctrl-C stops n8n.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { ensureN8n } = require('./lib/install-n8n');
const { headlessEnv, waitForReady } = require('./lib/n8n-process');
const { buildPackage, installIntoUserFolder, packPackage, PROJECT_ROOT, registerCommunityPackage } = require('./lib/package');
const { resolveLine, workRoot } = require('./lib/versions');

const LOCAL_ROOT = path.join(workRoot(), 'local');
// Fixed so the credentials saved in the persistent user folder stay readable between starts.
const ENCRYPTION_KEY = 'n8n-nodes-api-key-local-development';

function parseArgs(argv) {
	const options = { line: undefined, port: 5678, build: true };
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		const [name, inline] = arg.split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++index]);
		if (name === '--n8n') options.line = value();
		else if (name === '--port') options.port = Number(value());
		else if (arg === '--no-build') options.build = false;
		else throw new Error(`Unknown argument ${arg}. Usage: npm start -- [--n8n 1|2] [--port 5678] [--no-build]`);
	}
	if (!Number.isInteger(options.port) || options.port <= 0) throw new Error('--port needs a port number');
	return options;
}

async function prepare(options) {
	const pin = resolveLine(options.line);
	if (options.build) {
		console.log('Building n8n-nodes-api-key (npm run build)...');
		await buildPackage();
	}
	const n8n = await ensureN8n(pin);
	const userFolder = path.join(LOCAL_ROOT, `n8n-${pin.line}`);
	const tarball = await packPackage(path.join(LOCAL_ROOT, 'package'));
	await installIntoUserFolder(tarball, userFolder);
	fs.rmSync(tarball, { force: true });
	console.log(`Installed ${path.basename(tarball)} into ${path.relative(PROJECT_ROOT, userFolder)}/.n8n/nodes`);
	const registered = await registerCommunityPackage(n8n, userFolder);
	return { pin, n8n, userFolder, registered };
}

/**
 * n8n runs in its own process group, so a Ctrl-C reaches it once, from here, and not a second time
 * from the terminal (n8n treats a second SIGINT as "stop now"). Repeated signals right after the
 * first (npm forwards the same Ctrl-C) are ignored; one sent later, or a stop that takes longer
 * than 30 s, kills n8n.
 */
function superviseChild(child) {
	let firstSignalAt = 0;
	const onSignal = (signal) => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		if (firstSignalAt === 0) {
			firstSignalAt = Date.now();
			console.log(`\nStopping n8n (${signal})...`);
			child.kill(signal);
			setTimeout(() => child.kill('SIGKILL'), 30000).unref();
		} else if (Date.now() - firstSignalAt > 3000) {
			console.log('Killing n8n.');
			child.kill('SIGKILL');
		}
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	// A signal death after our own stop request is a clean stop; any other signal death is not.
	child.on('exit', (code) => process.exit(code ?? (firstSignalAt !== 0 ? 0 : 1)));
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const { pin, n8n, userFolder, registered } = await prepare(options);
	const env = headlessEnv(n8n, { userFolder, encryptionKey: ENCRYPTION_KEY, port: options.port });
	console.log(`Starting n8n ${pin.n8n} (Node.js ${n8n.node.version}), user folder ${path.relative(PROJECT_ROOT, userFolder)}`);
	const child = spawn(n8n.node.bin, [n8n.n8nBin, 'start'], { env, stdio: 'inherit', detached: true });
	superviseChild(child);
	try {
		await waitForReady(`http://127.0.0.1:${options.port}`, child, 180000);
		// First start: n8n has just created its database.
		if (!registered) await registerCommunityPackage(n8n, userFolder);
		console.log(`\nn8n ${pin.n8n} is ready: http://localhost:${options.port}  (Ctrl-C to stop)\n`);
	} catch (error) {
		console.error(error.message);
	}
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
