'use strict';
/**
 * Runs an installed n8n (from ensureN8n) headless: the CLI commands the e2e tests use and the
 * server that `npm start` and the REST tests use.
 */
const fs = require('node:fs');
const http = require('node:http');
const { spawn } = require('node:child_process');

const { run } = require('./proc');

/**
 * Environment for an n8n process with its own user folder: no telemetry, version checks or
 * templates calls (none of those hosts can be reached anyway), and `info` logs because the
 * `execute` command prints its result through the logger.
 */
function headlessEnv(n8n, { userFolder, encryptionKey, port, brokerPort, extra = {} }) {
	const env = {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_TYPE: 'sqlite',
		...extra,
	};
	if (port !== undefined) {
		Object.assign(env, { N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_PORT: String(port), N8N_SECURE_COOKIE: 'false' });
	}
	// The task runner broker of n8n 2.x listens on a fixed port; two n8n processes at once need two.
	if (brokerPort !== undefined) env.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	return n8n.env(env);
}

/** One n8n CLI command, e.g. ['import:workflow', '--input', file]. Output is appended to logFile. */
async function runN8nCli(n8n, args, { env, logFile, timeoutMs = 180000, allowFailure = false }) {
	const started = Date.now();
	const result = await run(n8n.node.bin, [n8n.n8nBin, ...args], { env, timeoutMs, allowFailure: true });
	if (logFile) {
		const header = `\n===== n8n ${args.join(' ')} (exit ${result.code ?? result.signal}, ${Date.now() - started} ms)\n`;
		fs.appendFileSync(logFile, `${header}--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}\n`);
	}
	if (result.code !== 0 && !allowFailure) {
		throw new Error(`n8n ${args.join(' ')} exited with ${result.code ?? result.signal}:\n${(result.stdout + result.stderr).trim().split('\n').slice(-30).join('\n')}`);
	}
	return result;
}

/** True when GET /rest/settings answers with n8n's JSON settings. */
function settingsReady(url) {
	return new Promise((resolve) => {
		const request = http.get(url, (response) => {
			response.resume();
			resolve(response.statusCode === 200 && /application\/json/.test(response.headers['content-type'] ?? ''));
		});
		request.on('error', () => resolve(false));
		request.setTimeout(2000, () => request.destroy());
	});
}

/**
 * Polls GET /rest/settings. /healthz answers before the REST API is ready, and while n8n starts
 * (migrations, node loading) every path, /rest/settings included, answers 200 with the HTML text
 * "n8n is starting up. Please wait", then 404: only the JSON answer means ready.
 */
async function waitForReady(baseUrl, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited with ${child.exitCode ?? child.signalCode} before it was ready`);
		}
		if (await settingsReady(`${baseUrl}/rest/settings`)) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n did not answer ${baseUrl}/rest/settings within ${timeoutMs / 1000}s`);
}

/**
 * Starts `n8n start`. stdio 'inherit' shows n8n's own output (npm start); a logFile captures it
 * (tests). Resolves once the REST API answers; `stop()` ends n8n and waits for it.
 */
async function startN8nServer(n8n, { env, port, logFile, stdio = 'pipe', timeoutMs = 180000 }) {
	const child = spawn(n8n.node.bin, [n8n.n8nBin, 'start'], { env, stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
	if (logFile) {
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		child.stdout.pipe(log);
		child.stderr.pipe(log);
	}
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	const baseUrl = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
		const result = await exited;
		clearTimeout(timer);
		return result;
	};
	try {
		await waitForReady(baseUrl, child, timeoutMs);
	} catch (error) {
		await stop();
		throw error;
	}
	return { child, baseUrl, exited, stop };
}

module.exports = { headlessEnv, runN8nCli, startN8nServer, waitForReady };
