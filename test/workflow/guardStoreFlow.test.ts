/**
 * The no-code store flow through n8n-core's WorkflowExecute:
 *   Webhook item → API Key Guard (Identify Key) → key table lookup by {{ $json.keyId }} → API Key Guard (Verify Key, From Input Items)
 * Verify Key finds the presented key's context through n8n's paired items; nobody writes an
 * expression that carries or splits the key. The lookup is a small test node that behaves like a
 * Data Table "Get" with Always Output Data (n8n's own Data Table node runs in the e2e test).
 */
import { NodeHelpers, Workflow, type IConnections, type IDataObject, type INode, type INodeExecutionData, type INodeParameters, type INodeTypes } from 'n8n-workflow';

import { resetRegistries } from '../../nodes/ApiKeyGuard/actions/common/registries';
import { checksumOf } from '../../nodes/ApiKeyGuard/helpers/keyFormat';
import { bearer, GuardTestRequest, GuardTestStore, guardCredential, guardCredentialTypes, guardNode, storeRows, upsertRow, webhookItem } from '../helpers/guardWorkflow';
import { runNode, runWorkflow, type WorkflowNodeSpec } from '../helpers/workflow';

const store = new GuardTestStore();
const request = new GuardTestRequest();

async function issueInto(parameters: IDataObject = {}): Promise<{ key: string; keyId: string }> {
	const result = await runNode({
		node: guardNode,
		parameters: { resource: 'key', operation: 'issue', clientName: 'Acme', ...parameters },
		credentials: guardCredential(),
		credentialTypes: guardCredentialTypes,
	});
	if (result.error) throw result.error;
	const json = result.items[0].json as { oneTimeApiKey: string; keyId: string; record: IDataObject };
	upsertRow(json.record);
	return { key: json.oneTimeApiKey, keyId: json.keyId };
}

const WEBHOOK = 'Webhook';
const IDENTIFY = 'Identify Key';
const LOOKUP = 'Key Table';
const VERIFY = 'Verify Key';

function flow(verifyParameters: IDataObject = {}, identifyParameters: IDataObject = {}, lookup: IDataObject = {}) {
	const nodes: WorkflowNodeSpec[] = [
		{ name: WEBHOOK, node: request, parameters: {} },
		{ name: IDENTIFY, node: guardNode, parameters: { resource: 'request', operation: 'identify', placement: 'bearer', ...identifyParameters } },
		{ name: LOOKUP, node: store, parameters: { keyId: '={{ $json.keyId }}', ...lookup } },
		{ name: VERIFY, node: guardNode, parameters: { resource: 'request', operation: 'verify', recordSource: 'input', ...verifyParameters } },
	];
	const connections: IConnections = {
		[WEBHOOK]: { main: [[{ node: IDENTIFY, type: 'main', index: 0 }]] },
		[IDENTIFY]: { main: [[{ node: LOOKUP, type: 'main', index: 0 }], []] },
		[LOOKUP]: { main: [[{ node: VERIFY, type: 'main', index: 0 }]] },
	};
	return { nodes, connections };
}

async function call(item: INodeExecutionData, verifyParameters: IDataObject = {}, identifyParameters: IDataObject = {}, lookup: IDataObject = {}) {
	const result = await runWorkflow({
		...flow(verifyParameters, identifyParameters, lookup),
		credentials: guardCredential(),
		credentialTypes: guardCredentialTypes,
		items: [item],
		mode: 'webhook',
	});
	const identify = result.nodes[IDENTIFY];
	const verify = result.nodes[VERIFY];
	const answer = identify?.outputs[1]?.[0] ?? verify?.outputs[1]?.[0];
	return { result, identify, verify, allowed: verify?.outputs[0]?.[0], denied: answer, error: result.error };
}

beforeEach(() => {
	storeRows.length = 0;
	resetRegistries();
});

it('the outputs expression gives Request operations Allowed/Valid Format and Denied, Key operations one output', () => {
	const nodeTypes: INodeTypes = {
		getByName: () => guardNode,
		getByNameAndVersion: () => guardNode,
		getKnownTypes: () => ({}),
	};
	const outputsFor = (parameters: INodeParameters) => {
		const node: INode = { id: '1', name: 'Guard', type: 'n8n-nodes-api-key.apiKeyGuard', typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Guard')!, guardNode.description);
	};
	expect(outputsFor({ resource: 'request', operation: 'verify' })).toEqual([
		{ type: 'main', displayName: 'Allowed' },
		{ type: 'main', displayName: 'Denied' },
	]);
	expect(outputsFor({ resource: 'request', operation: 'identify' })).toEqual([
		{ type: 'main', displayName: 'Valid Format' },
		{ type: 'main', displayName: 'Denied' },
	]);
	expect(outputsFor({})).toEqual([
		{ type: 'main', displayName: 'Allowed' },
		{ type: 'main', displayName: 'Denied' },
	]);
	expect(outputsFor({ resource: 'key', operation: 'issue' })).toEqual(['main']);
});

it('Identify Key outputs the key id for the lookup and the context for Verify Key, never the key', async () => {
	const { key, keyId } = await issueInto();
	const { identify } = await call(bearer(key));
	const json = identify!.outputs[0][0].json as IDataObject & { guard: IDataObject; request: IDataObject };
	expect(json.keyId).toBe(keyId);
	expect(json.prefix).toBe('acme_live_');
	expect(json.guard).toMatchObject({ keyId, hashAlgorithm: 'hmac-sha256', keyHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
	expect(JSON.stringify(identify)).not.toContain(key);
});

it('allows a valid key: Verify Key finds its context through paired items', async () => {
	const { key, keyId } = await issueInto({ clientId: 'c7', scopes: 'orders:*', options: { metadata: '{"plan":"gold"}' } });
	const { allowed, result, error } = await call(webhookItem({ headers: { authorization: `Bearer ${key}` }, body: { order: 1 } }), { requiredScopes: 'orders:read' });
	expect(error).toBeUndefined();
	expect(allowed?.json).toMatchObject({
		allowed: true,
		client: { clientId: 'c7', keyId, scopes: ['orders:*'], metadata: { plan: 'gold' } },
		usage: { keyId, usageWindowCount: 1 },
		request: { body: { order: 1 } },
	});
	expect(allowed?.pairedItem).toEqual([{ item: 0 }]);
	// The Webhook's own output holds the key (as n8n's Webhook node does); no Guard output does.
	expect(JSON.stringify(result.runData[WEBHOOK])).toContain(key);
	expect(JSON.stringify([result.runData[IDENTIFY], result.runData[LOOKUP], result.runData[VERIFY]])).not.toContain(key);
});

it('answers unknown ids (empty lookup) and wrong secrets identically, malformed keys before any lookup', async () => {
	const { keyId } = await issueInto();
	const unknown = await issueInto();
	storeRows.splice(storeRows.findIndex((row) => row.keyId === unknown.keyId), 1);
	const body = `acme_live_${keyId}_${'Z'.repeat(32)}`;
	const wrongSecret = await call(bearer(body + checksumOf(body)));
	const unknownId = await call(bearer(unknown.key));
	const strip = (json: IDataObject | undefined) => ({ ...json, keyId: undefined });
	expect(wrongSecret.denied?.json).toMatchObject({ reason: 'invalid_key', statusCode: 401 });
	expect(strip(unknownId.denied?.json)).toEqual(strip(wrongSecret.denied?.json));

	const malformed = await call(bearer('acme_live_not-a-key'));
	expect(malformed.denied?.json).toMatchObject({ reason: 'invalid_key', statusCode: 401 });
	expect(strip(malformed.denied?.json)).toEqual(strip(wrongSecret.denied?.json));
	expect(malformed.result.nodes[LOOKUP]).toBeUndefined(); // rejected offline: the store was never asked
});

it('denies revoked, expired and wrong-scope keys, and a key whose id has two records', async () => {
	const revoked = await issueInto();
	upsertRow({ keyId: revoked.keyId, status: 'revoked', revokedAt: new Date().toISOString() });
	expect((await call(bearer(revoked.key))).denied?.json).toMatchObject({ reason: 'key_revoked' });

	const expired = await issueInto();
	upsertRow({ keyId: expired.keyId, expiresAt: new Date(Date.now() - 1000).toISOString() });
	expect((await call(bearer(expired.key))).denied?.json).toMatchObject({ reason: 'key_expired' });

	const narrow = await issueInto({ scopes: 'orders:read' });
	expect((await call(bearer(narrow.key), { requiredScopes: 'admin' })).denied?.json).toMatchObject({ reason: 'insufficient_scope', statusCode: 403 });

	const doubled = await issueInto();
	storeRows.push({ ...storeRows.find((row) => row.keyId === doubled.keyId) });
	const twice = await call(bearer(doubled.key));
	expect(twice.denied?.json).toMatchObject({ reason: 'invalid_key' });
	expect(twice.result.nodes[VERIFY].hints.map((hint) => hint.message)).toEqual([
		`Key ${doubled.keyId} has 2 records in the input; it is refused until only one is left`,
	]);
});

it('rotation through the store: both keys work during the overlap; usage fed back counts across "workers"', async () => {
	const old = await issueInto({ options: { rateLimit: 3, rateLimitWindow: 3600 } });
	const rotated = await runNode({
		node: guardNode,
		parameters: { resource: 'key', operation: 'rotate', overlapMinutes: 60 },
		credentials: guardCredential(),
		credentialTypes: guardCredentialTypes,
		items: [{ json: { id: 1, ...storeRows[0] } }],
	});
	const { oneTimeApiKey, record, previousRecord } = rotated.items[0].json as { oneTimeApiKey: string; record: IDataObject; previousRecord: IDataObject };
	upsertRow(previousRecord);
	upsertRow(record);
	expect((await call(bearer(old.key))).allowed).toBeDefined();
	expect((await call(bearer(oneTimeApiKey))).allowed).toBeDefined();

	// Usage stored back into the key's row and a fresh process (cleared registry): the count goes on.
	const first = await call(bearer(oneTimeApiKey));
	upsertRow(first.allowed!.json.usage as IDataObject);
	resetRegistries();
	const second = await call(bearer(oneTimeApiKey));
	expect((second.allowed?.json.usage as IDataObject).usageWindowCount).toBe(3);
	upsertRow(second.allowed!.json.usage as IDataObject);
	resetRegistries();
	expect((await call(bearer(oneTimeApiKey))).denied?.json).toMatchObject({ reason: 'rate_limited', statusCode: 429 });
});

it('tells what is wrong when there is no Identify Key step or the lookup drops the item', async () => {
	const { key } = await issueInto();
	const alone = await runNode({
		node: guardNode,
		parameters: { resource: 'request', operation: 'verify', recordSource: 'input' },
		credentials: guardCredential(),
		credentialTypes: guardCredentialTypes,
		items: [bearer(key)],
	});
	expect(alone.error?.message).toBe('No API Key Guard Identify Key step before this node');

	const named = await call(bearer(key), { options: { identifyNode: 'Nope' } });
	expect(named.error?.message).toBe('"Nope" is not an API Key Guard Identify Key step before this node');

	// Without Always Output Data an unknown key id ends the run at the lookup: Verify Key never
	// runs (the docs tell to turn it on). With it, the empty item is answered with invalid_key.
	const unknown = `acme_live_${'A'.repeat(12)}_${'B'.repeat(32)}`;
	const withoutEmptyItem = await call(bearer(unknown + checksumOf(unknown)), {}, {}, { alwaysOutputData: false });
	expect(withoutEmptyItem.verify).toBeUndefined();
	expect((await call(bearer(unknown + checksumOf(unknown)))).denied?.json).toMatchObject({ reason: 'invalid_key' });
});

it('passes the request on without the key, also where the client repeated it; Include Request off passes none', async () => {
	const { key } = await issueInto();
	const item = webhookItem({ headers: { authorization: `Bearer ${key}`, 'x-copy': key }, query: { k: encodeURIComponent(key) }, body: { nested: { again: key } } });
	const { allowed, result } = await call(item);
	const request = allowed?.json.request as IDataObject & { headers: IDataObject; query: IDataObject };
	expect(request.headers).not.toHaveProperty('authorization');
	expect(request.headers['x-copy']).toBe('[redacted]');
	expect(request.query.k).toBe('[redacted]');
	expect(JSON.stringify([result.runData[IDENTIFY], result.runData[VERIFY]])).not.toContain(key);

	const bare = await call(bearer(key), { options: { includeRequest: false } });
	expect(bare.allowed?.json).not.toHaveProperty('request');
	expect(bare.allowed?.json.client).toBeDefined();
});
