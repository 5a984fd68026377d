/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * The example workflows of examples/guard/: the API Key Guard nodes in them have no parameter
 * issues (n8n refuses to run a workflow with issues), and every example keeps saving executions
 * off, since the Webhook node's output holds the presented key and Issue/Rotate outputs the new one.
 * (The e2e test runs them in real n8n on both pinned lines.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { NodeHelpers, type INode, type INodeParameters } from 'n8n-workflow';

import { guardNode } from '../helpers/guardWorkflow';

const DIR = path.join(__dirname, '..', '..', 'examples', 'guard');
const files = readdirSync(DIR).filter((file) => file.endsWith('.json') && file !== 'key-table-columns.json');

interface Example {
	name: string;
	nodes: INode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	settings: Record<string, unknown>;
}
const load = (file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Example;

it('ships the five example workflows', () => {
	expect(files.sort()).toEqual([
		'issue-key.json',
		'protected-webhook-client-list.json',
		'protected-webhook-data-table.json',
		'revoke-key.json',
		'rotate-key.json',
	]);
});

describe.each(files)('%s', (file) => {
	const example = load(file);

	it('turns saving executions off', () => {
		expect(example.settings).toMatchObject({
			saveDataSuccessExecution: 'none',
			saveDataErrorExecution: 'none',
			saveManualExecutions: false,
			saveExecutionProgress: false,
		});
	});

	it('has API Key Guard nodes without parameter issues, each with its credential', () => {
		const guards = example.nodes.filter((node) => node.type === 'n8n-nodes-api-key.apiKeyGuard');
		expect(guards.length).toBeGreaterThan(0);
		for (const node of guards) {
			const parameters = NodeHelpers.getNodeParameters(guardNode.description.properties, node.parameters, true, false, node, guardNode.description) as INodeParameters;
			expect({ node: node.name, issues: NodeHelpers.getNodeParametersIssues(guardNode.description.properties, { ...node, parameters }, guardNode.description) }).toEqual({
				node: node.name,
				issues: null,
			});
			expect(Object.keys(node.credentials ?? {})).toEqual(['apiKeyGuardApi']);
		}
	});

	it('connects only nodes that exist, and every Denied output to an answer', () => {
		const names = new Set(example.nodes.map((node) => node.name));
		for (const [source, { main }] of Object.entries(example.connections)) {
			expect(names.has(source)).toBe(true);
			for (const target of main.flat()) expect(names.has(target.node)).toBe(true);
		}
		for (const node of example.nodes.filter((candidate) => candidate.parameters.resource === 'request')) {
			const denied = example.connections[node.name]?.main[1] ?? [];
			expect({ node: node.name, denied: denied.length }).toEqual({ node: node.name, denied: 1 });
		}
	});
});

it('looks records up with Always Output Data, so an unknown key id still gets an answer', () => {
	const example = load('protected-webhook-data-table.json');
	const lookup = example.nodes.find((node) => node.name === 'Find Key Record') as INode & { alwaysOutputData?: boolean };
	expect(lookup.alwaysOutputData).toBe(true);
	expect(example.connections['Identify Key'].main[0][0].node).toBe('Find Key Record');
	expect(example.connections['Find Key Record'].main[0][0].node).toBe('Verify Key');
});
