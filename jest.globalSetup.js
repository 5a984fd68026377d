'use strict';
/**
 * Before the jest run: the pinned n8n 1.x install, whose HTTP Request node the workflow tests run
 * in-process (test/helpers/n8nNodes.ts). Installed on first use, then reused from the cache.
 */
const { ensureN8n } = require('./scripts/lib/install-n8n');
const { resolveLine } = require('./scripts/lib/versions');

module.exports = async () => {
	await ensureN8n(resolveLine('1'));
};
