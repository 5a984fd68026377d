/**
 * Revoke: the record of the key in the input item, marked revoked. The key stops working as soon
 * as the store holds the updated record (the Guard reads the record on every request).
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { revokeKey } from '../../helpers/lifecycle';
import { KeyRecordError, readRecord } from '../../helpers/record';
import { text } from '../common/parameters';
import { recordFieldOption, recordFromItem } from './settings.description';

const show = { resource: ['key'], operation: ['revoke'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Input: the record of the key to revoke. Update it in the store by its keyId.',
		name: 'revokeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
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
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const previous = readRecord(recordFromItem(items[itemIndex].json, text(options.recordField)));
			if (!previous) throw new KeyRecordError('The input item holds no key record (no keyId)');
			output.push({ json: { record: revokeKey(previous, Date.now()) }, pairedItem: { item: itemIndex } });
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
