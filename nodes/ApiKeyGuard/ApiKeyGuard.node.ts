import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as key from './actions/key/Key.resource';
import * as request from './actions/request/Request.resource';
import { router } from './actions/router';
import { apiKeyGuardApiTest } from './methods/credentialTest';

export class ApiKeyGuard implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'API Key Guard',
		name: 'apiKeyGuard',
		icon: { light: 'file:apiKeyGuard.svg', dark: 'file:apiKeyGuard.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter.operation === "verify" ? ($parameter.recordSource === "input" ? "Verify Key: records from input" : "Verify Key: client list") : { issue: "Issue Key", rotate: "Rotate Key", revoke: "Revoke Key", identify: "Identify Key", signature: "Verify Signature" }[$parameter.operation] }}',
		description: 'Protect your own webhooks with per-client API keys: issue, verify, rotate and revoke them',
		defaults: { name: 'API Key Guard' },
		usableAsTool: {
			replacements: {
				description: 'Issue, rotate or revoke API keys for clients of your own API, or check a request against them',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		// Request operations answer on two outputs (Allowed or Valid Format, and Denied); key operations on one.
		outputs:
			'={{ $parameter.resource === "key" ? ["main"] : [{ "type": "main", "displayName": $parameter.operation === "identify" ? "Valid Format" : "Allowed" }, { "type": "main", "displayName": "Denied" }] }}',
		credentials: [{ name: 'apiKeyGuardApi', required: true, testedBy: 'apiKeyGuardApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'request',
				options: [
					{ name: 'Request', value: 'request', description: 'Check an incoming request' },
					{ name: 'Key', value: 'key', description: 'Issue, rotate or revoke a key' },
				],
			},
			...request.description,
			...key.description,
		],
	};

	methods = { credentialTest: { apiKeyGuardApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
