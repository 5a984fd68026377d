'use strict';
/**
 * Long-running processes for the queue-mode test: a throwaway Redis and the n8n main and worker
 * processes. Each runs in its own process group (n8n 2.x starts a task runner child), keeps its
 * output in memory and in a log file, and is stopped with SIGTERM, then SIGKILL for the whole group.
 */
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const { spawn } = require('node:child_process');

/** Every process started here, so an exit on any path can still kill them (killAllNow). */
const started = new Set();

/**
 * Spawns a command in its own process group. Returns { child, name, output(), waitForOutput(regex),
 * stop() }; output() is everything it printed so far (stdout and stderr).
 */
function startProcess(name, command, args, { env, cwd, logFile }) {
	const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
	let text = '';
	const waiters = new Set();
	const onData = (chunk) => {
		text += chunk.toString();
		log?.write(chunk);
		for (const waiter of waiters) waiter();
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	child.on('exit', () => {
		for (const waiter of waiters) waiter();
	});
	const running = () => child.exitCode === null && child.signalCode === null;
	let stopping;
	const handle = {
		name,
		child,
		output: () => text,
		running,
		exited,
		/** Resolves with the regex match once the output shows it; rejects on exit or timeout. */
		waitForOutput(regex, timeoutMs) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const match = regex.exec(text);
					if (match) return done(() => resolve(match));
					if (!running()) return done(() => reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing ${regex}:\n${tail(text)}`)));
					return undefined;
				};
				const timer = setTimeout(() => done(() => reject(new Error(`${name} did not print ${regex} within ${timeoutMs / 1000}s:\n${tail(text)}`))), timeoutMs);
				const done = (settle) => {
					clearTimeout(timer);
					waiters.delete(check);
					settle();
				};
				waiters.add(check);
				check();
			});
		},
		/** SIGTERM to the process, SIGKILL to its group after graceMs. Resolves when it has exited. */
		stop(graceMs = 20000) {
			stopping ??= (async () => {
				if (running()) child.kill('SIGTERM');
				const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
				// A task runner left behind by its n8n process goes too.
				killGroup(child, 'SIGKILL');
				started.delete(handle);
				await new Promise((resolve) => (log ? log.end(resolve) : resolve()));
			})();
			return stopping;
		},
	};
	started.add(handle);
	return handle;
}

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is gone already.
	}
}

/** Synchronous: for process.on('exit') when a run is cut short. */
function killAllNow() {
	for (const handle of started) killGroup(handle.child, 'SIGKILL');
	started.clear();
}

function tail(text, lines = 25) {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * One n8n CLI command (e.g. ['import:workflow', '--input', file]) in its own process group, so a
 * run that is cut short still ends it. Its output is appended to logFile; rejects on a non-zero exit.
 */
async function runN8nCommand(n8n, args, { env, logFile, timeoutMs = 180000 }) {
	const started = Date.now();
	const command = startProcess(`n8n ${args[0]}`, n8n.node.bin, [n8n.n8nBin, ...args], { env });
	const timer = setTimeout(() => killGroup(command.child, 'SIGKILL'), timeoutMs);
	const { code, signal } = await command.exited;
	clearTimeout(timer);
	await command.stop();
	if (logFile) fs.appendFileSync(logFile, `\n===== n8n ${args.join(' ')} (exit ${code ?? signal}, ${Date.now() - started} ms)\n${command.output()}\n`);
	if (code !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${code ?? signal}:\n${tail(command.output(), 30)}`);
	return command.output();
}

/** Sends one Redis inline command and resolves with its first reply line. */
function redisCommand(port, command, timeoutMs = 2000) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`redis ${command}: no answer`));
		}, timeoutMs);
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(reply.split('\r\n')[0]);
			}
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

/**
 * Debian's redis-server on 127.0.0.1:port, nothing saved to disk (no RDB snapshots, no AOF),
 * working directory `dir`. Resolves once it answers PING.
 */
async function startRedis({ port, dir, logFile, bin = '/usr/bin/redis-server' }) {
	if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: apt-get install redis-server`);
	fs.mkdirSync(dir, { recursive: true });
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', ''];
	const redis = startProcess('redis-server', bin, args, { env: { PATH: process.env.PATH }, cwd: dir, logFile });
	await redis.waitForOutput(/Ready to accept connections/, 15000);
	const pong = await redisCommand(port, 'PING');
	if (pong !== '+PONG') throw new Error(`redis answered ${pong} to PING`);
	return redis;
}

/** Polls GET url until it answers `status` (default 200). */
async function waitForHttp(url, { timeoutMs = 60000, status = 200, process: watched } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (watched && !watched.running()) throw new Error(`${watched.name} exited before ${url} answered:\n${tail(watched.output())}`);
		last = await new Promise((resolve) => {
			const request = http.get(url, (response) => {
				response.resume();
				resolve(response.statusCode);
			});
			request.on('error', (error) => resolve(error.code));
			request.setTimeout(2000, () => request.destroy());
		});
		if (last === status) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`${url} did not answer ${status} within ${timeoutMs / 1000}s (last: ${last})`);
}

module.exports = { startProcess, runN8nCommand, startRedis, redisCommand, waitForHttp, killAllNow, tail };
