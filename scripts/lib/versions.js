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

module.exports = { resolveLine, allLines, cacheRoot };
