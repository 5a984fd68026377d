'use strict';
/**
 * Child process helpers shared by start.js, e2e.js and the e2e tests. Plain Node.js, no dependencies.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');

/**
 * The environment for a child npm or n8n process. `npm run` exports the project's npm settings as
 * lower-case npm_config_* variables (this repository sets ignore-scripts=true); they must not leak
 * into installs made in other folders, so every lower-case npm_* variable is dropped. Upper-case
 * NPM_CONFIG_* variables, which only a user sets (e.g. a registry mirror), are kept.
 */
function cleanEnv(extra = {}) {
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.startsWith('npm_')) env[name] = value;
	}
	return { ...env, ...extra };
}

function formatSeconds(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Runs a command to completion, collecting its output. Rejects on a non-zero exit. */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			const result = { code, signal, stdout, stderr };
			if (code === 0 || options.allowFailure) resolve(result);
			else {
				const error = new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail(stdout + stderr, 40)}`);
				error.result = result;
				reject(error);
			}
		});
	});
}

function tail(text, lines) {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs a long command (an install, a native build) with its output going to a log file, and shows
 * that it is alive: a status line that is rewritten on a terminal, or one line every 15 s otherwise.
 * `count` picks the output lines worth counting (e.g. npm's package fetches).
 */
function runWithProgress(label, command, args, { cwd, env, logFile, count = () => false, countLabel = 'lines' }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		const tty = process.stdout.isTTY;
		let counted = 0;
		let lastLine = '';
		let pending = '';
		const onData = (chunk) => {
			log.write(chunk);
			pending += chunk.toString();
			const lines = pending.split('\n');
			pending = lines.pop();
			for (const line of lines) {
				if (count(line)) counted++;
				if (line.trim() !== '') lastLine = line.trim();
			}
		};
		const status = () => {
			const excerpt = lastLine.length > 70 ? `${lastLine.slice(0, 67)}...` : lastLine;
			return `  ${label}: ${formatSeconds(Date.now() - started)}, ${counted} ${countLabel}  ${excerpt}`;
		};
		const timer = setInterval(
			() => {
				if (tty) process.stdout.write(`\r\x1b[K${status().slice(0, (process.stdout.columns || 120) - 1)}`);
				else console.log(status());
			},
			tty ? 500 : 15000,
		);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', (error) => {
			clearInterval(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearInterval(timer);
			if (tty) process.stdout.write('\r\x1b[K');
			log.end(() => {
				if (code === 0) {
					console.log(`  ${label}: done in ${formatSeconds(Date.now() - started)}`);
					resolve();
					return;
				}
				const text = fs.readFileSync(logFile, 'utf8');
				reject(new Error(`${label} failed (exit ${code}); log: ${logFile}\n${tail(text, 40)}`));
			});
		});
	});
}

module.exports = { cleanEnv, formatSeconds, run, runWithProgress, tail };
