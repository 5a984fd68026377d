'use strict';
/**
 * Builds n8n workflow JSON for `n8n import:workflow`: one Manual Trigger fanned out to many request
 * nodes, so a single `n8n execute` (several seconds of start-up each) runs a whole group of cases.
 */
const { randomUUID } = require('node:crypto');

const TRIGGER = 'Manual Trigger';

/** A node using one stored credential. */
function credentialNode({ name, type, typeVersion, parameters, credential, credentialType = 'apiKeyApi' }) {
	return {
		id: randomUUID(),
		name,
		type,
		typeVersion,
		parameters,
		credentials: { [credentialType]: { id: credential.id, name: credential.name } },
		// Every case continues on failure: one broken case must not stop the others in the same
		// workflow. Cases expecting success assert that their item has no error.
		onError: 'continueRegularOutput',
	};
}

/** A workflow whose trigger feeds every given node once, in the given order. */
function fanOutWorkflow({ id, name, nodes }) {
	const trigger = { id: randomUUID(), name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
	const positioned = [trigger, ...nodes].map((node, index) => ({
		...node,
		position: index === 0 ? [0, 0] : [300, (index - 1) * 160],
	}));
	return {
		id,
		name,
		active: false,
		nodes: positioned,
		connections: { [TRIGGER]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** The JSON that `n8n execute --rawOutput` prints: the lines from the first `{` to the last `}`. */
function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	const end = lines.lastIndexOf('}');
	if (start === -1 || end < start) throw new Error(`n8n execute printed no result JSON:\n${stdout.slice(-3000)}`);
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

/** The items a node produced in a run (first run, first output), or undefined if it did not run. */
function nodeItems(run, nodeName) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const first = runs[0];
	if (first.error) return [{ json: { error: first.error.message, description: first.error.description } }];
	return first.data?.main?.[0] ?? [];
}

module.exports = { credentialNode, fanOutWorkflow, parseExecuteOutput, nodeItems };
