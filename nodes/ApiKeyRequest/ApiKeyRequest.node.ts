import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as request from './actions/request.operation';
import { properties } from './descriptions';

export class ApiKeyRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'API Key Request',
		name: 'apiKeyRequest',
		icon: { light: 'file:apiKeyRequest.svg', dark: 'file:apiKeyRequest.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["method"] + " " + $parameter["url"]}}',
		description: 'Call any API protected by an API key, with the key kept secret',
		defaults: { name: 'API Key Request' },
		usableAsTool: {
			replacements: {
				description:
					'Call an API that needs an API key. The key is added from the credential and never shown; give the method, and a full URL or a path relative to the Base URL of the credential.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apiKeyApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await request.execute.call(this);
	}
}
