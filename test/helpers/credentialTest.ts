/**
 * Runs a credential type's declarative `test` the way n8n's credential tester does: the test
 * request goes through n8n-core's RoutingNode (so `authenticate` and expressions on
 * `$credentials` run for real), then the tester's rules decide the verdict.
 */
import type { ICredentialDataDecryptedObject, ICredentialType, INodeType } from 'n8n-workflow';

import { runNode } from './workflow';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

function testNodeFor(credentialType: ICredentialType): INodeType {
	return {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Runs a credential test request',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: credentialType.test!.request },
				},
			],
		},
	} as INodeType;
}

export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const result = await runNode({
		node: testNodeFor(credentialType),
		parameters: {},
		credentialTypes: [credentialType],
		credentials: { [credentialType.name]: data },
	});
	if (!result.error) return { status: 'OK', message: 'Connection successful!' };
	const status = Number((result.error as { httpCode?: string }).httpCode);
	if (Number.isFinite(status) && status > 0) {
		const rule = credentialType.test?.rules?.find(
			(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
		);
		if (rule && rule.type === 'responseCode') return { status: 'Error', message: rule.properties.message };
		return { status: 'Error', message: `Received HTTP status code: ${status}` };
	}
	return { status: 'Error', message: result.error.message };
}
