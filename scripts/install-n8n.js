#!/usr/bin/env node
'use strict';
/**
 * Installs the pinned n8n versions into the cache folder (see scripts/n8n-versions.json).
 * Usage: node scripts/install-n8n.js [line ...]   e.g. `1`, `2`; no argument installs every line.
 */
const { ensureN8n } = require('./lib/install-n8n');
const { allLines, resolveLine } = require('./lib/versions');
const { formatSeconds } = require('./lib/proc');

async function main() {
	const wanted = process.argv.slice(2);
	const pins = wanted.length > 0 ? wanted.map((line) => resolveLine(line)) : allLines();
	for (const pin of pins) {
		const started = Date.now();
		const n8n = await ensureN8n(pin);
		console.log(`n8n ${pin.n8n} on Node.js ${n8n.node.version}: ${n8n.dir} (${formatSeconds(Date.now() - started)})`);
	}
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
