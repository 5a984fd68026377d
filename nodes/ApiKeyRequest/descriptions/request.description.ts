import type { INodeProperties } from 'n8n-workflow';

import { nameValueCollection } from './common';

export const requestProperties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'GET',
		options: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].map((method) => ({
			name: method,
			value: method,
		})),
		description: 'The HTTP method to use',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://api.example.com/v1/items or /items',
		description:
			'Full URL, or a path relative to the Base URL set in the API Key credential. Do not put the key here: the credential adds it.',
	},
	{
		displayName: 'Send Query Parameters',
		name: 'sendQuery',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description: 'Whether the request has query parameters',
	},
	nameValueCollection('Query Parameters', 'queryParameters', { show: { sendQuery: [true] } }, 'Add Parameter'),
	{
		displayName: 'Send Headers',
		name: 'sendHeaders',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description: 'Whether the request has headers',
	},
	nameValueCollection('Header Parameters', 'headerParameters', { show: { sendHeaders: [true] } }, 'Add Header'),
];
