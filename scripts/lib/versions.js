'use strict';
/** Reads the pinned n8n versions from scripts/n8n-versions.json. */
const path = require('node:path');
const os = require('node:os');

const pins = require('../n8n-versions.json');

/**
 * One n8n line, e.g. '1' or '2' (a full pinned version such as '2.41.1' is accepted too).
 * Returns { line, n8n, node, rebuild, env, overrides }.
 */
function resolveLine(wanted = pins.default) {
	const asked = String(wanted);
	const line = Object.keys(pins.lines).find((name) => name === asked || pins.lines[name].n8n === asked);
	if (!line) {
		const known = Object.entries(pins.lines).map(([name, pin]) => `${name} (${pin.n8n})`);
		throw new Error(`Unknown n8n line "${asked}". Pinned: ${known.join(', ')}`);
	}
	return { line, overrides: pins.overrides, ...pins.lines[line] };
}

function allLines() {
	return Object.keys(pins.lines).map((line) => resolveLine(line));
}

/** Where n8n installs are kept, shared by every checkout of this package on the machine. */
function cacheRoot() {
	if (process.env.N8N_NODES_API_KEY_CACHE) return path.resolve(process.env.N8N_NODES_API_KEY_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-api-key');
}

/**
 * Where this checkout's n8n user folders, logs and e2e outputs go: outside the project, because
 * n8n unpacks thousands of minified editor files into a user folder, and n8n's lint (whose config
 * must stay the template's) would read every one of them inside the project.
 */
function workRoot() {
	const project = path.resolve(__dirname, '..', '..');
	const id = require('node:crypto').createHash('sha256').update(project).digest('hex').slice(0, 10);
	return path.join(cacheRoot(), 'work', `${path.basename(project)}-${id}`);
}

module.exports = { resolveLine, allLines, cacheRoot, workRoot };
