'use strict';
/**
 * The REST calls of n8n's editor that the Guard e2e test needs (both pinned lines): owner setup,
 * Data Tables, credentials, workflows and their activation. Every answer is kept for the leak scan.
 */
const fs = require('node:fs');
const path = require('node:path');

const { PROJECT_ROOT } = require('../../../scripts/lib/package');

const EXAMPLES = path.join(PROJECT_ROOT, 'examples', 'guard');

function createGuardRest(baseUrl) {
	const responses = [];
	let cookie = '';
	const browserId = 'guard-e2e-browser';

	async function call(method, route, body) {
		const response = await fetch(`${baseUrl}${route}`, {
			method,
			headers: { 'Content-Type': 'application/json', 'browser-id': browserId, ...(cookie ? { Cookie: cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30000),
		});
		const auth = (response.headers.getSetCookie?.() ?? []).map((value) => value.split(';')[0]).find((value) => value.startsWith('n8n-auth='));
		if (auth) cookie = auth;
		const text = await response.text();
		responses.push({ name: `${method} ${route} (${response.status})`, text });
		if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 400)}`);
		const json = text === '' ? {} : JSON.parse(text);
		return json.data ?? json;
	}

	return {
		responses,
		call,
		setupOwner: (owner) => call('POST', '/rest/owner/setup', owner),
		personalProject: () => call('GET', '/rest/projects/personal'),
		createDataTable: (projectId, table) => call('POST', `/rest/projects/${projectId}/data-tables`, table),
		dataTableRows: async (projectId, tableId) => {
			const result = await call('GET', `/rest/projects/${projectId}/data-tables/${tableId}/rows?take=1000`);
			return result.data ?? result;
		},
		createCredential: (name, type, data) => call('POST', '/rest/credentials', { name, type, data }),
		createWorkflow: (workflow) => call('POST', '/rest/workflows', workflow),
		activateWorkflow: (workflow) => call('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: workflow.versionId }),
		nodeTypes: async () => {
			const response = await fetch(`${baseUrl}/types/nodes.json`, { headers: { Cookie: cookie, 'browser-id': browserId } });
			return JSON.parse(await response.text());
		},
	};
}

/** An example workflow from examples/guard/, with its placeholders replaced. */
function loadExample(file, replacements) {
	let text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
	for (const [placeholder, value] of Object.entries(replacements)) text = text.split(placeholder).join(value);
	const left = /REPLACE_[A-Z_]+/.exec(text);
	if (left) throw new Error(`${file}: placeholder ${left[0]} has no value`);
	return JSON.parse(text);
}

function keyTableDefinition() {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'key-table-columns.json'), 'utf8'));
}

function exampleFiles() {
	return fs.readdirSync(EXAMPLES).filter((file) => file.endsWith('.json') && file !== 'key-table-columns.json').sort();
}

module.exports = { createGuardRest, loadExample, keyTableDefinition, exampleFiles, EXAMPLES };
