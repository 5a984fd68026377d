/**
 * Runs a credential type's Test the way n8n's credential tester does (CredentialsTesterService):
 * a node that lists the credential with `testedBy` supplies the test function, which is called with
 * n8n-core's real CredentialTestContext, so `this.helpers.request` is n8n's own legacy request
 * helper (proxyRequestToAxios) and nothing is mocked. The credential data gets its properties'
 * defaults first, as n8n's credentials helper applies them.
 */
// n8n-core's own legacy request helper, the one its CredentialTestContext hands to a test function
// as `helpers.request` (not re-exported by n8n-core's index).
import { proxyRequestToAxios } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { NodeHelpers } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialTestFunctions,
	ICredentialType,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The package's nodes, searched like n8n searches a credential's supported nodes. */
const NODES: INodeType[] = [new ApiKeyRequest()];

/** The function n8n would call for the credential's Test button (getCredentialTestFunction). */
export function credentialTestFunction(credentialType: ICredentialType): ICredentialTestFunction {
	if (credentialType.test) throw new Error(`${credentialType.name} has a declarative test: n8n would run that instead of testedBy`);
	for (const node of NODES) {
		const entry = node.description.credentials?.find((credential) => credential.name === credentialType.name && credential.testedBy);
		const testedBy = entry?.testedBy;
		if (typeof testedBy !== 'string') continue;
		const fn = node.methods?.credentialTest?.[testedBy];
		if (!fn) throw new Error(`${node.description.name} names testedBy ${testedBy} but has no methods.credentialTest.${testedBy}`);
		return fn;
	}
	throw new Error(`No node of the package tests ${credentialType.name}`);
}

/** The stored data as n8n hands it to the test: every displayed property, with its default. */
export function withDefaults(credentialType: ICredentialType, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	return NodeHelpers.getNodeParameters(credentialType.properties, data as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
}

/**
 * The `this` of a credential test function, as n8n-core's CredentialTestContext builds it:
 * `helpers.request` is proxyRequestToAxios without workflow, node or additional data. (The real
 * class also starts n8n's SSH client manager, whose interval would keep jest from exiting; the
 * package's test never uses SSH.)
 */
function testContext(): ICredentialTestFunctions {
	return {
		logger: console as unknown as ICredentialTestFunctions['logger'],
		helpers: {
			request: async (uriOrObject: string | object, options?: object) =>
				await proxyRequestToAxios(undefined, undefined, undefined, uriOrObject as never, options as never),
		} as ICredentialTestFunctions['helpers'],
	};
}

export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const fn = credentialTestFunction(credentialType);
	const result = await fn.call(testContext(), {
		id: 'test',
		name: 'Test credential',
		type: credentialType.name,
		data: withDefaults(credentialType, data),
	});
	return { status: result.status, message: result.message };
}
