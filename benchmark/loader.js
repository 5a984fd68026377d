'use strict';
/**
 * Lets plain Node run the package's TypeScript (the node, the credential, the in-process
 * harness in test/helpers/workflow.ts) by transpiling each .ts file with the `typescript`
 * package as it is required, and lets n8n's own HTTP Request node (from the n8n install in
 * ~/.cache) run in the same process.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const N8N_VERSION = '1.123.81';
const N8N_DIR = path.join(os.homedir(), '.cache', 'n8n-nodes-api-key', `n8n-${N8N_VERSION}`);
const HTTP_REQUEST_NODE = path.join(N8N_DIR, 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2021,
	esModuleInterop: true,
	resolveJsonModule: true,
	sourceMap: false,
	inlineSourceMap: false,
};

let registered = false;
function register() {
	if (registered) return;
	registered = true;
	require.extensions['.ts'] = (module, filename) => {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
		module._compile(outputText, filename);
	};

	// n8n-nodes-base 1.121.53 (in n8n 1.123.81) was built against n8n-workflow 1.120.31 and
	// n8n-core 1.122.48, the versions this package develops against. Its requires of those two
	// go to the package's copies, so the engine, the node and its errors share one instance.
	const ours = {
		'n8n-workflow': require.resolve('n8n-workflow', { paths: [ROOT] }),
		'n8n-core': require.resolve('n8n-core', { paths: [ROOT] }),
	};
	const resolve = Module._resolveFilename;
	Module._resolveFilename = function (request, parent, ...rest) {
		if (parent?.filename?.startsWith(N8N_DIR) && Object.hasOwn(ours, request)) return ours[request];
		return resolve.call(this, request, parent, ...rest);
	};
}

/** n8n's HTTP Request node class, or a message saying how to get it. */
function loadHttpRequestNode() {
	if (!fs.existsSync(HTTP_REQUEST_NODE)) {
		return {
			error: `n8n's HTTP Request node was not found at ${HTTP_REQUEST_NODE}. Run \`npm start\` once: it installs n8n ${N8N_VERSION} into ${N8N_DIR}.`,
		};
	}
	register();
	const { HttpRequest } = require(HTTP_REQUEST_NODE);
	return { createHttpRequestNode: () => asN8nType(new HttpRequest()), version: N8N_VERSION };
}

/**
 * The harness names a node type after `description.name`, prefixed with this package unless it
 * has a dot. n8n-core lets the HTTP Request node use any credential (Predefined Credential Type)
 * only under its real type name, so the versioned node is presented as n8n-nodes-base.httpRequest.
 */
function asN8nType(versioned) {
	return {
		description: { ...versioned.description, name: 'n8n-nodes-base.httpRequest' },
		nodeVersions: versioned.nodeVersions,
		currentVersion: versioned.currentVersion,
		getNodeType: (version) => versioned.getNodeType(version),
		getLatestVersion: () => versioned.getLatestVersion(),
	};
}

module.exports = { register, loadHttpRequestNode, ROOT, N8N_DIR, N8N_VERSION };
