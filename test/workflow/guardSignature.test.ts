/**
 * Verify Signature through n8n-core: the raw body arrives as binary data (the Webhook node's Raw
 * Body option), signed with HMAC-SHA256 over "<timestamp>.<raw body>" with the credential's secret.
 */
import { createHmac } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resetRegistries } from '../../nodes/ApiKeyGuard/actions/common/registries';
import { guardCredential, guardCredentialTypes, guardNode, webhookItem } from '../helpers/guardWorkflow';
import { binaryItem, runNode } from '../helpers/workflow';

const SECRET = 'whsec-workflow-test';
const body = '{"event":"order.paid","id":42}';

async function signedItem(overrides: { signature?: string; timestamp?: number; payload?: string } = {}): Promise<INodeExecutionData> {
	const timestamp = String(overrides.timestamp ?? Math.floor(Date.now() / 1000));
	const signature = overrides.signature ?? createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
	const json = webhookItem({ headers: { 'x-signature': `sha256=${signature}`, 'x-signature-timestamp': timestamp } }).json;
	return await binaryItem(Buffer.from(overrides.payload ?? body), 'body.json', 'application/json', json as IDataObject);
}

async function check(items: INodeExecutionData[], credential = guardCredential({ signingSecret: SECRET })) {
	const result = await runNode({
		node: guardNode,
		parameters: { resource: 'request', operation: 'signature' },
		credentials: credential,
		credentialTypes: guardCredentialTypes,
		items,
		mode: 'webhook',
	});
	return { ...result, allowed: result.outputs[0] ?? [], denied: result.outputs[1] ?? [] };
}

beforeEach(() => resetRegistries());

it('lets a correctly signed request through and refuses a changed body, a stale timestamp and a replay', async () => {
	const good = await signedItem();
	const result = await check([good, await signedItem({ payload: body.replace('42', '43') }), await signedItem({ timestamp: Math.floor(Date.now() / 1000) - 3600 })]);
	expect(result.allowed).toHaveLength(1);
	expect(result.allowed[0].pairedItem).toEqual({ item: 0 });
	expect(result.denied.map((item) => [item.json.signatureProblem, item.json.statusCode, (item.json.body as IDataObject).error])).toEqual([
		['mismatch', 401, 'invalid_signature'],
		['stale', 401, 'invalid_signature'],
	]);
	const replay = await check([good]);
	expect(replay.denied.map((item) => item.json.signatureProblem)).toEqual(['replayed']);
});

it('explains what is missing: the raw body, or the secret', async () => {
	const noBody = await check([webhookItem({ headers: { 'x-signature': 'sha256=00', 'x-signature-timestamp': '1' } })]);
	expect(noBody.error?.message).toBe('The raw request body is missing');
	const noSecret = await check([await signedItem()], guardCredential());
	expect(noSecret.error?.message).toBe('The API Key Guard credential has no Signing Secret');
});
