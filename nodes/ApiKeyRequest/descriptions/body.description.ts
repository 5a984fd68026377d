import type { INodeProperties } from 'n8n-workflow';

import { nameValueCollection } from './common';

const showForBody = (contentType: string[], extra: Record<string, string[]> = {}) => ({
	show: { sendBody: [true], contentType, ...extra },
});

export const bodyProperties: INodeProperties[] = [
	{
		displayName: 'Send Body',
		name: 'sendBody',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description: 'Whether the request has a body',
	},
	{
		displayName: 'Body Content Type',
		name: 'contentType',
		type: 'options',
		default: 'json',
		noDataExpression: true,
		displayOptions: { show: { sendBody: [true] } },
		options: [
			{ name: 'Binary File', value: 'binaryData' },
			{ name: 'Form URL-Encoded', value: 'form-urlencoded' },
			{ name: 'Form-Data (Multipart)', value: 'multipart-form-data' },
			{ name: 'JSON', value: 'json' },
			{ name: 'Raw', value: 'raw' },
		],
	},
	{
		displayName: 'Specify Body',
		name: 'specifyBody',
		type: 'options',
		default: 'keypair',
		noDataExpression: true,
		displayOptions: showForBody(['json']),
		options: [
			{ name: 'Using Fields Below', value: 'keypair' },
			{ name: 'Using JSON', value: 'json' },
		],
	},
	nameValueCollection(
		'Body Parameters',
		'bodyParameters',
		{ show: { sendBody: [true], contentType: ['json', 'form-urlencoded'] }, hide: { specifyBody: ['json'] } },
		'Add Parameter',
	),
	{
		displayName: 'JSON',
		name: 'jsonBody',
		type: 'json',
		default: '{\n  "name": "value"\n}',
		displayOptions: showForBody(['json'], { specifyBody: ['json'] }),
	},
	{
		displayName: 'Form Fields',
		name: 'multipartParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: { parameters: [{ parameterType: 'formData', name: '', value: '' }] },
		displayOptions: showForBody(['multipart-form-data']),
		options: [
			{
				displayName: 'Field',
				name: 'parameters',
				values: [
					{
						displayName: 'Field Type',
						name: 'parameterType',
						type: 'options',
						default: 'formData',
						options: [
							{ name: 'Text', value: 'formData' },
							{ name: 'Binary File', value: 'formBinaryData' },
						],
					},
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { show: { parameterType: ['formData'] } },
					},
					{
						displayName: 'Input Data Field Name',
						name: 'inputDataFieldName',
						type: 'string',
						default: 'data',
						hint: 'The name of the input field containing the binary file data',
						displayOptions: { show: { parameterType: ['formBinaryData'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Content Type',
		name: 'rawContentType',
		type: 'string',
		default: 'text/plain',
		placeholder: 'text/plain',
		displayOptions: showForBody(['raw']),
	},
	{
		displayName: 'Body',
		name: 'rawBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: showForBody(['raw']),
	},
	{
		displayName: 'Input Data Field Name',
		name: 'inputDataFieldName',
		type: 'string',
		default: 'data',
		hint: 'The name of the input field containing the binary file data to send',
		displayOptions: showForBody(['binaryData']),
	},
];
