/**
 * Verify Signature: checks an HMAC-SHA256 signature of the raw request body made with the
 * credential's Signing Secret, within a timestamp tolerance, and refuses a replay of a signature
 * this n8n process has already accepted.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { deny } from '../../helpers/denial';
import { requestView } from '../../helpers/presentedKey';
import { verifySignature } from '../../helpers/signature';
import { readGuardSettings } from '../common/credential';
import { deniedJson, errorDeniedJson } from '../common/output';
import { text } from '../common/parameters';
import { signatureReplays } from '../common/registries';

const show = { resource: ['request'], operation: ['signature'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Turn on Raw Body in the Webhook node\'s options: the signature covers the body exactly as sent. Clients sign "&lt;timestamp&gt;.&lt;raw body&gt;" with HMAC-SHA256 and the Signing Secret of the API Key Guard credential.',
		name: 'signatureNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Signature Header',
		name: 'signatureHeader',
		type: 'string',
		default: 'X-Signature',
		required: true,
		description: 'Header with the hex signature, optionally as sha256=&lt;hex&gt;; several comma-separated signatures are allowed',
		displayOptions: { show },
	},
	{
		displayName: 'Timestamp Header',
		name: 'timestampHeader',
		type: 'string',
		default: 'X-Signature-Timestamp',
		required: true,
		description: 'Header with the time of signing, in Unix seconds',
		displayOptions: { show },
	},
	{
		displayName: 'Tolerance (Seconds)',
		name: 'toleranceSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description: 'How far the timestamp may be from the current time',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Raw Body Field',
				name: 'binaryProperty',
				type: 'string',
				default: 'data',
				description: 'The binary field the Webhook node puts the raw body in',
			},
			{
				displayName: 'Refuse Replays',
				name: 'refuseReplays',
				type: 'boolean',
				default: true,
				description: 'Whether a signature accepted once is refused when it comes again within the tolerance (counted per n8n process)',
			},
			{
				displayName: 'Realm',
				name: 'realm',
				type: 'string',
				default: 'api',
				description: 'The realm named in WWW-Authenticate answers',
			},
		],
	},
];

async function rawBody(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, property: string): Promise<Buffer> {
	if (item.binary?.[property]) return await context.helpers.getBinaryDataBuffer(itemIndex, property);
	const body = (item.json as { body?: unknown }).body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	throw new NodeOperationError(context.getNode(), 'The raw request body is missing', {
		description: `Turn on Raw Body in the Webhook node's options (the body then arrives as binary field "${property}").`,
		itemIndex,
	});
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const settings = await readGuardSettings.call(this);
	if (settings.signingSecrets.length === 0) {
		throw new NodeOperationError(this.getNode(), 'The API Key Guard credential has no Signing Secret');
	}
	const allowed: INodeExecutionData[] = [];
	const denied: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as { binaryProperty?: string; refuseReplays?: boolean; realm?: string };
			const view = requestView(item.json);
			// After Verify Key the request is under `request`; straight after the Webhook it is the item.
			const headers = Object.keys(view.headers).length > 0 ? view.headers : requestView((item.json as { request?: unknown }).request).headers;
			const result = verifySignature({
				signatureHeader: headers[text(this.getNodeParameter('signatureHeader', itemIndex)).toLowerCase()],
				timestampHeader: headers[text(this.getNodeParameter('timestampHeader', itemIndex)).toLowerCase()],
				payload: await rawBody(this, item, itemIndex, text(options.binaryProperty) || 'data'),
				secrets: settings.signingSecrets,
				now: Date.now(),
				toleranceSeconds: Number(this.getNodeParameter('toleranceSeconds', itemIndex, 300)),
				replays: options.refuseReplays === false ? undefined : signatureReplays,
			});
			if (result.ok) {
				allowed.push({ json: item.json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: itemIndex } });
			} else {
				const denial = deny('invalid_signature', { placement: 'header', scheme: '', realm: text(options.realm) || 'api' });
				denied.push({ json: { ...deniedJson(denial), signatureProblem: result.problem }, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				denied.push({ json: errorDeniedJson((error as Error).message), pairedItem: { item: itemIndex } });
				continue;
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [allowed, denied];
}
