/**
 * API Key Guard through n8n-core's WorkflowExecute: keys issued by the node itself, verified by the
 * node against the client list of its credential (Webhook → Verify Key → Allowed / Denied).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resetRegistries } from '../../nodes/ApiKeyGuard/actions/common/registries';
import { checksumOf } from '../../nodes/ApiKeyGuard/helpers/keyFormat';
import { bearer, guardCredential, guardCredentialTypes, guardNode, webhookItem } from '../helpers/guardWorkflow';
import { binaryBuffer, binaryItem, runNode } from '../helpers/workflow';
import { verifiedRedactorCache } from '../../nodes/ApiKeyGuard/helpers/redaction';

interface Issued {
	oneTimeApiKey: string;
	keyId: string;
	record: IDataObject;
}

async function issue(parameters: IDataObject = {}, credential = guardCredential()): Promise<Issued> {
	const result = await runNode({
		node: guardNode,
		parameters: { resource: 'key', operation: 'issue', clientName: 'Acme', ...parameters },
		credentials: credential,
		credentialTypes: guardCredentialTypes,
	});
	if (result.error) throw result.error;
	expect(result.outputs).toHaveLength(1);
	return result.items[0].json as unknown as Issued;
}

async function verify(items: INodeExecutionData[], records: IDataObject[], parameters: IDataObject = {}) {
	const result = await runNode({
		node: guardNode,
		parameters: { resource: 'request', operation: 'verify', recordSource: 'credential', placement: 'bearer', ...parameters },
		credentials: guardCredential({ clients: JSON.stringify(records) }),
		credentialTypes: guardCredentialTypes,
		items,
		mode: 'webhook',
	});
	return { ...result, allowed: result.outputs[0] ?? [], denied: result.outputs[1] ?? [] };
}

beforeEach(() => resetRegistries());

describe('Issue', () => {
	it('outputs the key once, next to a record that holds only its hash', async () => {
		const issued = await issue({ clientId: 'customer_42', scopes: 'orders:read orders:write', expiry: 'days', expiresInDays: 30 });
		expect(issued.oneTimeApiKey).toMatch(new RegExp(`^acme_live_${issued.keyId}_[0-9A-Za-z]{38}$`));
		expect(issued.record).toMatchObject({ keyId: issued.keyId, clientId: 'customer_42', scopes: 'orders:read orders:write', hashAlgorithm: 'hmac-sha256' });
		expect(JSON.stringify(issued.record)).not.toContain(issued.oneTimeApiKey);
		expect(Date.parse(issued.record.expiresAt as string) - Date.now()).toBeGreaterThan(29 * 86_400_000);
	});

	it('refuses a bad prefix in the credential with an error that names the field', async () => {
		const result = await runNode({
			node: guardNode,
			parameters: { resource: 'key', operation: 'issue', clientName: 'x' },
			credentials: guardCredential({ keyPrefix: 'Not A Prefix!' }),
			credentialTypes: guardCredentialTypes,
		});
		expect(result.error?.message).toBe('The Key Prefix of the API Key Guard credential is not valid');
	});
});

describe('Verify Key with the client list', () => {
	it('has two outputs, Allowed and Denied; Allowed carries the client and the request without the key', async () => {
		const issued = await issue({ clientId: 'c1', scopes: 'orders:read', options: { metadata: '{"plan":"pro"}' } });
		const item = webhookItem({ headers: { authorization: `Bearer ${issued.oneTimeApiKey}`, 'x-echo': issued.oneTimeApiKey }, query: { page: '2' }, body: { order: 7 } });
		const result = await verify([item], [issued.record], { requiredScopes: 'orders:read' });
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		expect(result.denied).toHaveLength(0);
		expect(result.allowed).toHaveLength(1);
		const json = result.allowed[0].json;
		expect(json).toMatchObject({
			allowed: true,
			client: { clientId: 'c1', name: 'Acme', keyId: issued.keyId, prefix: 'acme_live_', scopes: ['orders:read'], metadata: { plan: 'pro' } },
			usage: { keyId: issued.keyId, clientId: 'c1', usageWindowCount: 1, usagePeriod: 'month', usagePeriodCount: 1 },
			request: { query: { page: '2' }, body: { order: 7 }, headers: { 'x-echo': '[redacted]' } },
		});
		expect((json.request as IDataObject).headers).not.toHaveProperty('authorization');
		expect(result.allowed[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(result.runData)).not.toContain(issued.oneTimeApiKey);
	});

	it('denies wrong, malformed and missing keys with ready answers; unknown id and wrong secret look the same', async () => {
		const issued = await issue();
		const other = await issue(); // a real key whose record is not in the list
		const body = `acme_live_${issued.keyId}_${'Q'.repeat(32)}`;
		const wrongSecret = body + checksumOf(body); // right id, right checksum, wrong secret
		const items = [
			bearer(other.oneTimeApiKey),
			bearer(wrongSecret),
			bearer('acme_live_garbage'),
			webhookItem(),
			webhookItem({ headers: { authorization: `Bearer ${'x'.repeat(10_240)}` } }),
		];
		const result = await verify(items, [issued.record]);
		expect(result.allowed).toHaveLength(0);
		const denied = result.denied.map((entry) => entry.json);
		const invalid = {
			allowed: false,
			reason: 'invalid_key',
			statusCode: 401,
			headers: { 'Cache-Control': 'no-store', 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The API key is not valid"' },
			body: { error: 'invalid_key', message: 'The API key is not valid' },
		};
		expect(denied[0]).toEqual({ ...invalid, keyId: other.keyId });
		expect(denied[1]).toEqual({ ...invalid, keyId: issued.keyId });
		expect(denied[2]).toEqual({ ...invalid, keyId: null });
		expect(denied[3]).toMatchObject({ reason: 'missing_key', statusCode: 401, headers: { 'WWW-Authenticate': 'Bearer realm="api"' } });
		expect(denied[4]).toEqual({ ...invalid, keyId: null });
		expect(result.denied.map((entry) => entry.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		const stored = JSON.stringify(result.runData);
		for (const key of [issued.oneTimeApiKey, other.oneTimeApiKey, wrongSecret]) expect(stored).not.toContain(key);
	});

	it('denies a revoked key (after Revoke) and a rotated-out key after the overlap', async () => {
		const issued = await issue();
		const revoked = await runNode({
			node: guardNode,
			parameters: { resource: 'key', operation: 'revoke' },
			credentials: guardCredential(),
			credentialTypes: guardCredentialTypes,
			items: [{ json: issued.record }],
		});
		const revokedRecord = revoked.items[0].json.record as IDataObject;
		expect(revokedRecord.status).toBe('revoked');
		const afterRevoke = await verify([bearer(issued.oneTimeApiKey)], [revokedRecord]);
		expect(afterRevoke.denied[0].json).toMatchObject({ reason: 'key_revoked', statusCode: 401 });

		const second = await issue();
		const rotated = await runNode({
			node: guardNode,
			parameters: { resource: 'key', operation: 'rotate', overlapMinutes: 0 },
			credentials: guardCredential(),
			credentialTypes: guardCredentialTypes,
			items: [{ json: second.record }],
		});
		const { oneTimeApiKey, record, previousRecord } = rotated.items[0].json as unknown as Issued & { previousRecord: IDataObject };
		const result = await verify([bearer(second.oneTimeApiKey), bearer(oneTimeApiKey)], [record, previousRecord]);
		expect(result.denied.map((entry) => entry.json.reason)).toEqual(['key_expired']);
		expect(result.allowed).toHaveLength(1);
		expect((result.allowed[0].json.client as IDataObject).keyId).toBe(record.keyId);
	});

	it('denies a key without the endpoint\'s scope with 403 and RFC 6750 insufficient_scope', async () => {
		const issued = await issue({ scopes: 'orders:read' });
		const result = await verify([bearer(issued.oneTimeApiKey)], [issued.record], { requiredScopes: 'orders:write' });
		expect(result.denied[0].json).toMatchObject({
			reason: 'insufficient_scope',
			statusCode: 403,
			headers: { 'WWW-Authenticate': expect.stringContaining('error="insufficient_scope"') },
			body: { error: 'insufficient_scope', requiredScopes: ['orders:write'] },
		});
	});

	it('rate-limits per key across executions of the process, with Retry-After', async () => {
		const issued = await issue({ options: { rateLimit: 2, rateLimitWindow: 3600 } });
		const statuses: Array<number | string> = [];
		for (let attempt = 0; attempt < 4; attempt++) {
			const result = await verify([bearer(issued.oneTimeApiKey)], [issued.record]);
			statuses.push(result.allowed.length > 0 ? 'allowed' : (result.denied[0].json.statusCode as number));
			if (attempt === 3) {
				const headers = result.denied[0].json.headers as IDataObject;
				expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
				expect(headers['RateLimit-Limit']).toBe('2');
			}
		}
		expect(statuses).toEqual(['allowed', 'allowed', 429, 429]);
	});

	it('passes a raw body on with the key masked, and an unrelated body unchanged', async () => {
		const issued = await issue();
		const withKey = await binaryItem(Buffer.from(`{"api_key":"${issued.oneTimeApiKey}","order":1}`), 'body.json', 'application/json', {
			...webhookItem({ headers: { authorization: `Bearer ${issued.oneTimeApiKey}` } }).json,
		});
		const plain = await binaryItem(Buffer.from('{"order":2}'), 'body.json', 'application/json', { ...webhookItem({ headers: { authorization: `Bearer ${issued.oneTimeApiKey}` } }).json });
		const result = await verify([withKey, plain], [issued.record]);
		expect(result.allowed).toHaveLength(2);
		const masked = (await binaryBuffer(result.allowed[0])).toString();
		expect(masked).toBe('{"api_key":"[redacted]","order":1}');
		expect((await binaryBuffer(result.allowed[1])).toString()).toBe('{"order":2}');
		expect(result.allowed[1].binary?.data).toEqual(plain.binary?.data);
	});

	it('keeps one redactor per verified key, bounded', async () => {
		verifiedRedactorCache.clear();
		const keys = [await issue(), await issue()];
		for (let round = 0; round < 3; round++) {
			const result = await verify(keys.map((key) => bearer(key.oneTimeApiKey)), keys.map((key) => key.record));
			expect(result.allowed).toHaveLength(2);
		}
		expect(verifiedRedactorCache.size).toBe(2);
		// Denied keys get none.
		await verify([bearer(keys[0].oneTimeApiKey.replace(/^acme/, 'acmx'))], []);
		expect(verifiedRedactorCache.size).toBe(2);
	});

	it('reads the key from every placement', async () => {
		const issued = await issue();
		const key = issued.oneTimeApiKey;
		const cases: Array<[IDataObject, INodeExecutionData]> = [
			[{ placement: 'header', headerName: 'X-Client-Key' }, webhookItem({ headers: { 'x-client-key': key } })],
			[{ placement: 'query', queryName: 'key' }, webhookItem({ query: { key } })],
			[{ placement: 'authScheme', scheme: 'Token' }, webhookItem({ headers: { authorization: `Token ${key}` } })],
			[{ placement: 'basicUsername' }, webhookItem({ headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } })],
			[{ placement: 'basicPassword' }, webhookItem({ headers: { authorization: `Basic ${Buffer.from(`user:${key}`).toString('base64')}` } })],
			[{ placement: 'body', bodyFieldName: 'token' }, webhookItem({ body: { token: key } })],
			[{ placement: 'cookie', cookieName: 'k' }, webhookItem({ headers: { cookie: `k=${key}` } })],
		];
		for (const [parameters, item] of cases) {
			const result = await verify([item], [issued.record], parameters);
			expect({ placement: parameters.placement, allowed: result.allowed.length }).toEqual({ placement: parameters.placement, allowed: 1 });
			expect(JSON.stringify(result.runData)).not.toContain(key);
		}
	});

	it('stops with a clear error when the client list is broken, and with On Error → Continue answers 500 on Denied', async () => {
		const result = await verify([bearer('acme_live_x')], [{ keyId: 'nope' }]);
		expect(result.error?.message).toBe('The client list of the API Key Guard credential cannot be used');
		expect(result.error?.description).toBe("Client list entry 1: The record's keyId is not a key ID of this format");

		const continued = await runNode({
			node: guardNode,
			parameters: { resource: 'request', operation: 'verify', recordSource: 'credential', placement: 'bearer' },
			credentials: guardCredential({ clients: '[{"keyId": "nope"}]' }),
			credentialTypes: guardCredentialTypes,
			items: [bearer('acme_live_x')],
			continueOnFail: true,
		});
		expect(continued.outputs[0]).toEqual([]);
		expect(continued.outputs[1].map((entry) => entry.json)).toEqual([
			expect.objectContaining({ allowed: false, reason: 'guard_error', statusCode: 500, body: { error: 'server_error', message: 'The request could not be checked' } }),
		]);
	});
});
