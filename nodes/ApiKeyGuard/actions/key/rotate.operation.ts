/**
 * Rotate: a new key for the client of the record in the input item, and the old record with an
 * overlap deadline: the old key keeps working until then, so the client can switch without
 * downtime. Store both records (insert the new one, update the old one by its keyId).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { rotateKey, KeySettingsError } from '../../helpers/lifecycle';
import { readRecord, KeyRecordError } from '../../helpers/record';
import { readGuardSettings } from '../common/credential';
import { text } from '../common/parameters';
import { expiryProperties, readExpiry, recordFieldOption, recordFromItem } from './settings.description';

const show = { resource: ['key'], operation: ['rotate'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Input: the record of the key to rotate (e.g. from a Data Table lookup). The output shows the new key once, in oneTimeApiKey.',
		name: 'rotateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Old Key Valid For (Minutes)',
		name: 'overlapMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1440,
		description: 'How long the old key keeps working beside the new one; 0 stops it at once',
		displayOptions: { show },
	},
	...expiryProperties(show, 'New Key Expires'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [recordFieldOption],
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const settings = await readGuardSettings.call(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const now = Date.now();
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const previous = readRecord(recordFromItem(items[itemIndex].json, text(options.recordField)));
			if (!previous) throw new KeySettingsError('The input item holds no key record (no keyId)');
			const rotated = rotateKey(
				previous,
				{ overlapSeconds: Number(this.getNodeParameter('overlapMinutes', itemIndex, 1440)) * 60, expiresAt: readExpiry(this, itemIndex, now) },
				{ prefix: settings.prefix, pepper: settings.pepper, now },
			);
			output.push({
				json: {
					oneTimeApiKey: rotated.key,
					keyId: rotated.keyId,
					hint: rotated.hint,
					record: rotated.record,
					previousRecord: rotated.previousRecord,
				},
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const known = error instanceof KeySettingsError || error instanceof KeyRecordError;
			if (this.continueOnFail()) {
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw new NodeOperationError(this.getNode(), known ? (error as Error).message : 'The key could not be rotated', {
				itemIndex,
				description: known ? undefined : (error as Error).message,
			});
		}
	}
	return [output];
}
