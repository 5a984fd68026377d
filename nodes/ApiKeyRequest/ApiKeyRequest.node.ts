import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as request from './actions/request.operation';
import { properties } from './descriptions';
import { apiKeyApiTest } from './methods/credentialTest';

export class ApiKeyRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'API Key Request',
		name: 'apiKeyRequest',
		icon: { light: 'file:apiKeyRequest.svg', dark: 'file:apiKeyRequest.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["method"] + " " + $parameter["url"]}}',
		// Also what an AI Agent's model reads about the tool: n8n builds the tool's default description
		// from this text when it runs the workflow (usableAsTool replacements only reach the editor, and
		// the editor does not save a description left at its default).
		description:
			"Call an API protected by an API key. The credential adds the key, so never put one in the URL, query or body; URLs can be full or relative to the credential's Base URL, and keys in answers come back as [redacted].",
		defaults: { name: 'API Key Request' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apiKeyApi', required: true, testedBy: 'apiKeyApiTest' }],
		properties,
	};

	methods = { credentialTest: { apiKeyApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await request.execute.call(this);
	}
}
