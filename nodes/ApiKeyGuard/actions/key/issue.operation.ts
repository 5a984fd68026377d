/**
 * Issue: a new key and the record to store for it. The key is output once, in `oneTimeApiKey`,
 * next to `record`; the record holds only its hash. Store the record with any store node and hand
 * the key to the client; it cannot be shown again.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { issueKey, KeySettingsError, type KeySettings } from '../../helpers/lifecycle';
import { parseScopes } from '../../helpers/scopes';
import { isPeriod, parseTime } from '../../helpers/time';
import { readGuardSettings } from '../common/credential';
import { text } from '../common/parameters';
import { expiryProperties, readExpiry } from './settings.description';

const show = { resource: ['key'], operation: ['issue'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'The output shows the new key once, in oneTimeApiKey. Store only the record, give the key to the client, and turn off saving successful executions for this workflow so the key is not kept in its executions.',
		name: 'issueNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Client Name',
		name: 'clientName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Acme Corp',
		description: 'Who the key is for; shown in the Allowed output of Verify Key',
		displayOptions: { show },
	},
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		default: '',
		placeholder: 'customer_42',
		description: 'Your ID for the client, kept when the key is rotated. Empty: the key ID.',
		displayOptions: { show },
	},
	{
		displayName: 'Scopes',
		name: 'scopes',
		type: 'string',
		default: '',
		placeholder: 'orders:read orders:write',
		description: 'Space- or comma-separated scopes the key grants; orders:* grants every orders: scope',
		displayOptions: { show },
	},
	...expiryProperties(show, 'Expires'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Allowed IPs',
				name: 'allowedIps',
				type: 'string',
				default: '',
				placeholder: '203.0.113.7, 2001:db8::/32',
				description: 'Comma-separated addresses or CIDR ranges the key may be used from. Empty: any.',
			},
			{
				displayName: 'Metadata (JSON)',
				name: 'metadata',
				type: 'json',
				default: '{}',
				description: 'Anything to know about the client when its key is used (plan, account, ...); output by Verify Key',
			},
			{
				displayName: 'Not Before',
				name: 'notBefore',
				type: 'dateTime',
				default: '',
				description: 'The key works from this time on',
			},
			{
				displayName: 'Quota',
				name: 'quota',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Requests per Quota Period; 0: none',
			},
			{
				displayName: 'Quota Period',
				name: 'quotaPeriod',
				type: 'options',
				default: 'month',
				options: [
					{ name: 'Hour', value: 'hour' },
					{ name: 'Day', value: 'day' },
					{ name: 'Week (From Monday, UTC)', value: 'week' },
					{ name: 'Month (UTC)', value: 'month' },
				],
			},
			{
				displayName: 'Rate Limit',
				name: 'rateLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Requests per Rate Limit Window; 0: none',
			},
			{
				displayName: 'Rate Limit Window (Seconds)',
				name: 'rateLimitWindow',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
			},
		],
	},
];

function metadataOf(value: unknown): Record<string, unknown> {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	const raw = text(value).trim();
	if (raw === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		parsed = undefined;
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new KeySettingsError('Metadata must be a JSON object');
	return parsed as Record<string, unknown>;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const settings = await readGuardSettings.call(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const now = Date.now();
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const quota = Number(options.quota ?? 0);
			const keySettings: KeySettings = {
				name: text(this.getNodeParameter('clientName', itemIndex)),
				clientId: text(this.getNodeParameter('clientId', itemIndex, '')),
				scopes: parseScopes(this.getNodeParameter('scopes', itemIndex, '')),
				expiresAt: readExpiry(this, itemIndex, now),
				notBefore: parseTime(options.notBefore),
				allowedIps: text(options.allowedIps),
				rateLimit: Number(options.rateLimit ?? 0),
				rateLimitWindow: Number(options.rateLimitWindow ?? 60),
				quota,
				quotaPeriod: quota > 0 ? (isPeriod(options.quotaPeriod) ? options.quotaPeriod : 'month') : undefined,
				metadata: metadataOf(options.metadata),
			};
			if (keySettings.name.trim() === '') throw new KeySettingsError('Client Name is empty');
			const issued = issueKey(keySettings, { prefix: settings.prefix, pepper: settings.pepper, now });
			output.push({
				json: {
					oneTimeApiKey: issued.key,
					keyId: issued.keyId,
					hint: issued.hint,
					record: issued.record,
				},
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
		}
	}
	return [output];
}
