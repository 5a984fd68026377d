'use strict';
/**
 * What an AI Agent's model is told about the API Key Request tool at run time, computed by the
 * installed n8n's own code: the node type is built the way NodeTypes.getByNameAndVersion builds it
 * for an execution (a clone of the node type, converted by n8n's convertNodeToAiTool, without the
 * editor's usableAsTool replacements), the saved parameters get the tool's defaults as the Workflow
 * constructor gives them, and n8n-core's createNodeAsTool makes the tool the agent hands the model:
 * its name, its description, and one argument per $fromAI() in the parameters.
 *
 * Runs in n8n's own Node.js, against the package as installed in the user folder.
 */
const path = require('node:path');

const { run } = require('../../../scripts/lib/proc');

const SCRIPT = `
const root = process.env.TOOL_N8N_MODULES;
const workflow = require(root + '/n8n-workflow');
const exported = require(process.env.TOOL_NODE_FILE);
const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
let convert;
try {
	convert = require(root + '/n8n/dist/tool-generation/ai-tools.js').convertNodeToAiTool; // 2.x
} catch {
	const { LoadNodesAndCredentials } = require(root + '/n8n/dist/load-nodes-and-credentials.js'); // 1.x
	convert = (node) => LoadNodesAndCredentials.prototype.convertNodeToAiTool.call(LoadNodesAndCredentials.prototype, node);
}
const type = new NodeClass();
const properties = Object.create(type.description.properties);
const description = Object.create(type.description, { properties: { value: properties } });
const tool = convert(Object.create(type, { description: { value: description } }));
const saved = JSON.parse(process.env.TOOL_NODE);
const parameters = workflow.NodeHelpers.getNodeParameters(tool.description.properties, saved.parameters, true, false, null, tool.description);
const { createNodeAsTool } = require(root + '/n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool.js');
const { response } = createNodeAsTool({ node: { ...saved, parameters }, nodeType: tool, handleToolInvocation: async () => '' });
const args = Object.fromEntries(Object.entries(response.schema.shape).map(([key, schema]) => [key, schema.description ?? '']));
process.stdout.write(JSON.stringify({ name: response.name, description: response.description, arguments: args }));
`;

/** { name, description, arguments } of the tool the model gets for a saved API Key Request Tool node. */
async function runtimeTool(n8n, userFolder, savedNode) {
	const packageDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-api-key');
	const modules = path.join(n8n.dir, 'node_modules');
	const { stdout } = await run(n8n.node.bin, ['-e', SCRIPT], {
		env: {
			...n8n.env(),
			NODE_PATH: modules,
			TOOL_N8N_MODULES: modules,
			TOOL_NODE_FILE: path.join(packageDir, 'dist', 'nodes', 'ApiKeyRequest', 'ApiKeyRequest.node.js'),
			TOOL_NODE: JSON.stringify({ name: savedNode.name, type: savedNode.type, typeVersion: savedNode.typeVersion, parameters: savedNode.parameters ?? {} }),
		},
		timeoutMs: 60000,
	});
	return JSON.parse(stdout.slice(stdout.indexOf('{')));
}

module.exports = { runtimeTool };
