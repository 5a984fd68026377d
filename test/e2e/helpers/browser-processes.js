'use strict';
/**
 * Last-resort cleanup for the browser test: n8n is started by scripts/lib/n8n-process.js in this
 * script's process group, n8n 2.x starts a task runner child of its own, and the build, npm pack
 * and Chromium run below this script too. When the run is cut short (time-out, signal, crash),
 * every process below this script is killed by process id.
 */
const fs = require('node:fs');

/** Ids of every living descendant of pid (Linux /proc). */
function descendants(pid) {
	const children = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command name, which is in parentheses and may hold spaces.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(entry));
		} catch {
			// The process ended while we looked.
		}
	}
	const found = [];
	const walk = (parent) => {
		for (const child of children.get(parent) ?? []) {
			found.push(child);
			walk(child);
		}
	};
	walk(pid);
	return found;
}

/** Synchronous SIGKILL of every process below this one; for process.on('exit'). */
function killDescendantsNow() {
	for (const id of descendants(process.pid)) {
		try {
			process.kill(id, 'SIGKILL');
		} catch {
			// Gone already.
		}
	}
}

module.exports = { descendants, killDescendantsNow };
