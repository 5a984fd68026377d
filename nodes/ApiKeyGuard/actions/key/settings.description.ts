import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseTime } from '../../helpers/time';

/** When a key stops working: never, after a number of days, or at a date. */
export const expiryProperties = (show: IDisplayOptions['show'], label: string): INodeProperties[] => [
	{
		displayName: label,
		name: 'expiry',
		type: 'options',
		default: 'never',
		displayOptions: { show },
		options: [
			{ name: 'Never', value: 'never' },
			{ name: 'After a Number of Days', value: 'days' },
			{ name: 'At a Date', value: 'date' },
		],
	},
	{
		displayName: 'Expires In (Days)',
		name: 'expiresInDays',
		type: 'number',
		typeOptions: { minValue: 0.001 },
		default: 90,
		displayOptions: { show: { ...show, expiry: ['days'] } },
	},
	{
		displayName: 'Expires At',
		name: 'expiresAt',
		type: 'dateTime',
		default: '',
		// Not `required`: Expires may be an expression, and n8n would then flag this field as missing.
		description: 'When the key stops working',
		displayOptions: { show: { ...show, expiry: ['date'] } },
	},
];

/** The expiry chosen for an item, in epoch ms (undefined: never; NaN: not a date). */
export function readExpiry(context: IExecuteFunctions, itemIndex: number, now: number): number | undefined {
	const expiry = context.getNodeParameter('expiry', itemIndex, 'never');
	if (expiry === 'days') return now + Number(context.getNodeParameter('expiresInDays', itemIndex, 90)) * 86_400_000;
	if (expiry === 'date') return parseTime(context.getNodeParameter('expiresAt', itemIndex, '')) ?? Number.NaN;
	return undefined;
}

/** The record field of an item (empty path: the item itself is the record). */
export function recordFromItem(json: IDataObject, path: string): unknown {
	if (path.trim() === '') return json;
	let current: unknown = json;
	for (const part of path.trim().split('.')) {
		if (!current || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

export const recordFieldOption: INodeProperties = {
	displayName: 'Record Field',
	name: 'recordField',
	type: 'string',
	default: '',
	placeholder: 'record',
	description: 'The field of the input item that holds the key record. Empty: the item is the record (as a Data Table or Postgres node outputs it).',
};
