import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** A repeatable list of name/value pairs, as used for query parameters, headers and body fields. */
export const nameValueCollection = (
	displayName: string,
	name: string,
	displayOptions: IDisplayOptions,
	placeholder: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder,
	default: { parameters: [{ name: '', value: '' }] },
	displayOptions,
	options: [
		{
			displayName: 'Parameter',
			name: 'parameters',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
});
