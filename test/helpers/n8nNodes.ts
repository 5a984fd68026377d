/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * n8n's own nodes from the pinned n8n 1.x install (scripts/n8n-versions.json), for workflow tests
 * that run them next to this package's nodes through the same n8n-core. jest.config.js maps their
 * n8n-workflow and n8n-core imports to the package's copies (the same versions), so the engine,
 * the nodes and their errors share one instance; jest.globalSetup.js installs n8n when missing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { n8nInstallDir } = require('../../scripts/lib/install-n8n') as { n8nInstallDir: (line: string) => string };

/** Where the pinned n8n of the 1.x line keeps n8n-nodes-base. */
export function nodesBaseDir(): string {
	return path.join(n8nInstallDir('1'), 'node_modules', 'n8n-nodes-base', 'dist', 'nodes');
}

/**
 * n8n's HTTP Request node (all its versions), presented under its real type name: n8n-core lets
 * it use any credential type (Predefined Credential Type) only as n8n-nodes-base.httpRequest.
 */
export function loadHttpRequestNode(): INodeType {
	const file = path.join(nodesBaseDir(), 'HttpRequest', 'HttpRequest.node.js');
	if (!existsSync(file)) {
		throw new Error(`n8n's HTTP Request node is not installed at ${file}: run \`node scripts/install-n8n.js 1\``);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { HttpRequest } = require(file) as { HttpRequest: new () => IVersionedNodeType };
	const versioned = new HttpRequest();
	return {
		description: { ...versioned.description, name: 'n8n-nodes-base.httpRequest' },
		nodeVersions: versioned.nodeVersions,
		currentVersion: versioned.currentVersion,
		getNodeType: (version?: number) => versioned.getNodeType(version),
		getLatestVersion: () => (versioned as unknown as { getLatestVersion: () => INodeType }).getLatestVersion(),
	} as unknown as INodeType;
}
