/**
 * A test-only node that wires the key life cycle (nodes/ApiKeyRequest/helpers/keyLifecycle.ts)
 * around the package's real transport (`sendWithKey`) and error mapping, the way the API Key
 * Request node does once integrated: environment, expiry before sending, rotation on 401/403,
 * `keyUsed` in the output, explained rejections and execution hints.
 *
 * It keeps the life-cycle workflow tests independent of the node's request options, which are
 * being reworked separately; the same tests also run against the real node once it has the
 * Environment parameter (see test/workflow/keyLifecycle.test.ts).
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestMethods, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { environmentProperties } from '../../nodes/ApiKeyRequest/descriptions/environment.description';
import { httpStatusError, toNodeError } from '../../nodes/ApiKeyRequest/helpers/errors';
import {
	explainKeyRejection,
	lifecycleHints,
	loadLifecycleKeyContext,
	markKeyUsed,
	sendWithRotation,
	type LifecycleKeyContext,
} from '../../nodes/ApiKeyRequest/helpers/keyLifecycle';
import { sendWithKey } from '../../nodes/ApiKeyRequest/transport';
import type { PreparedRequest } from '../../nodes/ApiKeyRequest/transport/types';

async function requestForItem(ctx: IExecuteFunctions, key: LifecycleKeyContext, itemIndex: number): Promise<INodeExecutionData[]> {
	const request: PreparedRequest = {
		method: ctx.getNodeParameter('method', itemIndex, 'GET') as IHttpRequestMethods,
		url: ctx.getNodeParameter('url', itemIndex) as string,
		qs: {},
		headers: {},
		timeout: 10_000,
		followRedirects: true,
		maxRedirects: 5,
	};
	const { response, keyUsed } = await sendWithRotation((attemptKey) => sendWithKey(ctx, request, attemptKey), key);
	if (response.statusCode >= 400) throw httpStatusError(ctx.getNode(), response, key.redactor, itemIndex);
	const text = key.redactor.text(response.body.toString('utf8'));
	const json = text.trim().startsWith('{') ? (JSON.parse(text) as Record<string, never>) : { body: text };
	return markKeyUsed([{ json, pairedItem: { item: itemIndex } }], keyUsed);
}

export class LifecycleRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lifecycle Request',
		name: 'lifecycleRequest',
		group: ['output'],
		version: 1,
		description: 'Test-only: the key life cycle around the real transport',
		defaults: { name: 'Lifecycle Request' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apiKeyApi', required: true }],
		properties: [
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			...environmentProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const key = await loadLifecycleKeyContext(this);
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
			try {
				output.push(...(await requestForItem(this, key, itemIndex)));
			} catch (caught) {
				const error = explainKeyRejection(toNodeError(this.getNode(), caught, key.redactor, itemIndex), key);
				if (!this.continueOnFail()) throw error;
				output.push({ json: { error: error.message, description: error.description ?? '' }, pairedItem: { item: itemIndex } });
			}
		}
		this.addExecutionHints(...lifecycleHints(this, key));
		return [output];
	}
}
