/**
 * The API Key credential's Test button. n8n calls it through the node's credential entry
 * (`testedBy: 'apiKeyApiTest'`) on 1.x and 2.x alike, with nothing but `helpers.request`, n8n's
 * legacy request helper without authentication: the key is put in here, by the same code as in
 * every other request. Exactly one request is sent, and it never follows a redirect.
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { authenticateRequestOptions } from '../../../shared/credential/authenticate';
import {
	describeTestAnswer,
	describeTestFailure,
	planCredentialTest,
	type CredentialTestPlan,
	type TestAnswer,
} from '../../../shared/credential/credentialTest';

/** How long the Test waits for an answer. */
const TEST_TIMEOUT_MS = 15_000;

export async function apiKeyApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	let plan: CredentialTestPlan | undefined;
	try {
		plan = planCredentialTest(data, new Date());
		const options = authenticateRequestOptions(plan.request, plan.config);
		// A credential test gets no httpRequest: ICredentialTestFunctions offers this helper only.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		const answer = (await this.helpers.request({
			...options,
			json: true,
			timeout: TEST_TIMEOUT_MS,
			// The answer comes back whatever its status, and a redirect is never followed.
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
			followAllRedirects: false,
			maxRedirects: 0,
		})) as TestAnswer;
		return describeTestAnswer(plan, answer);
	} catch (error) {
		return describeTestFailure(plan, error);
	}
}
