/* eslint-disable @n8n/community-nodes/node-usable-as-tool -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Pieces for running the API Key Guard node in-process through n8n-core (test/helpers/workflow.ts):
 * Webhook-shaped input items, the credential, and a tiny key store node that plays the part of
 * n8n's Data Table node (Get rows by keyId; the empty item of Always Output Data when nothing matches).
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { ApiKeyGuardApi } from '../../credentials/ApiKeyGuardApi.credentials';
import { ApiKeyGuard } from '../../nodes/ApiKeyGuard/ApiKeyGuard.node';

export const guardNode = new ApiKeyGuard();
export const guardCredentialTypes = [new ApiKeyGuardApi()];

export function guardCredential(overrides: ICredentialDataDecryptedObject = {}): Record<string, ICredentialDataDecryptedObject> {
	return { apiKeyGuardApi: { keyPrefix: 'acme_live_', pepper: 'workflow-test-pepper', clients: '[]', ...overrides } };
}

/** What n8n's Webhook node (v2) outputs for a request. */
export function webhookItem(parts: { headers?: IDataObject; query?: IDataObject; body?: unknown } = {}): INodeExecutionData {
	return {
		json: {
			headers: { host: 'localhost:5678', 'user-agent': 'test', ...parts.headers },
			params: {},
			query: parts.query ?? {},
			body: (parts.body ?? {}) as IDataObject,
			webhookUrl: 'http://localhost:5678/webhook/orders',
			executionMode: 'production',
		},
	};
}

export const bearer = (key: string) => webhookItem({ headers: { authorization: `Bearer ${key}` } });

/**
 * Stands in for the Webhook trigger at the start of a harness run: passes its items on, paired,
 * so the nodes after it find the request item through paired items, as after n8n's Webhook node.
 */
export class GuardTestRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Guard Test Request',
		name: 'guardTestRequest',
		group: ['transform'],
		version: 1,
		description: 'Passes the request items on',
		defaults: { name: 'Webhook' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ json: item.json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: index } }))];
	}
}

/** Rows of the fake store, shared by every run in a test file. */
export const storeRows: IDataObject[] = [];

/** "Get rows where keyId = {{ $json.keyId }}", with Always Output Data on. */
export class GuardTestStore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Guard Test Store',
		name: 'guardTestStore',
		group: ['transform'],
		version: 1,
		description: 'In-memory key table for tests',
		defaults: { name: 'Key Table' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Key ID', name: 'keyId', type: 'string', default: '' },
			{ displayName: 'Always Output Data', name: 'alwaysOutputData', type: 'boolean', default: true },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		this.getInputData().forEach((_item, index) => {
			const keyId = this.getNodeParameter('keyId', index) as string;
			const rows = storeRows.filter((row) => row.keyId === keyId);
			for (const row of rows) output.push({ json: { id: storeRows.indexOf(row) + 1, ...row }, pairedItem: { item: index } });
			if (rows.length === 0 && this.getNodeParameter('alwaysOutputData', index)) output.push({ json: {}, pairedItem: { item: index } });
		});
		return [output];
	}
}

/** Replaces the row with the same keyId (or adds it): what an upsert by keyId does. */
export function upsertRow(row: IDataObject): void {
	const at = storeRows.findIndex((candidate) => candidate.keyId === row.keyId);
	if (at === -1) storeRows.push({ ...row });
	else storeRows[at] = { ...storeRows[at], ...row };
}
