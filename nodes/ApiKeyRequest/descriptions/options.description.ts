import type { INodeProperties } from 'n8n-workflow';

import { environmentOption } from './environment.description';
import { paginationOption } from './pagination.description';
import { rateLimitOption, retryOption } from './rateLimit.description';

export const optionsProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			environmentOption,
			{
				displayName: 'Follow Redirects',
				name: 'followRedirects',
				type: 'boolean',
				default: true,
				description:
					'Whether to follow redirects. The key is only sent again when the redirect stays on the same origin.',
			},
			{
				displayName: 'Full Response',
				name: 'fullResponse',
				type: 'boolean',
				default: false,
				description: 'Whether to return the status code and headers along with the body',
			},
			{
				displayName: 'Ignore SSL Issues (Insecure)',
				name: 'allowUnauthorizedCerts',
				type: 'boolean',
				default: false,
				description: 'Whether to connect even if SSL certificate validation is not possible',
			},
			{
				displayName: 'Include Quota State',
				name: 'includeQuota',
				type: 'boolean',
				default: false,
				description:
					"Whether to add the key's quota to each output item: what the API reported (limit, remaining, reset) and the key's budget in this n8n instance, shared by every execution using it",
			},
			{
				displayName: 'Max Redirects',
				name: 'maxRedirects',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				// Hidden only once Follow Redirects is turned off: with `show`, n8n would drop a Max
				// Redirects set while Follow Redirects was never touched.
				displayOptions: { hide: { followRedirects: [false] } },
			},
			{
				displayName: 'Max Response Size (MB)',
				name: 'maxResponseSizeMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description:
					'Largest answer to accept. A larger one fails the item instead of filling the memory of n8n.',
			},
			{
				displayName: 'Never Error',
				name: 'neverError',
				type: 'boolean',
				default: false,
				description: 'Whether to succeed even when the API answers with a status other than 2xx',
			},
			paginationOption,
			{
				displayName: 'Put Output File in Field',
				name: 'outputPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the binary field the file is written to',
				// Autodetect can end in a file too, so the field stays unless the format cannot be a file.
				displayOptions: { hide: { responseFormat: ['json', 'text'] } },
			},
			{
				displayName: 'Put Quota State in Field',
				name: 'quotaField',
				type: 'string',
				default: 'quota',
				description: 'Name of the field each output item gets the quota state in',
				displayOptions: { show: { includeQuota: [true] } },
			},
			rateLimitOption,
			{
				displayName: 'Response Format',
				name: 'responseFormat',
				type: 'options',
				default: 'autodetect',
				options: [
					{ name: 'Autodetect', value: 'autodetect', description: 'Decide from the Content-Type header' },
					{ name: 'File', value: 'file', description: 'Store the body as binary data' },
					{ name: 'JSON', value: 'json' },
					{ name: 'Text', value: 'text' },
				],
			},
			retryOption,
			{
				displayName: 'Split Into Items',
				name: 'splitAtPath',
				type: 'string',
				default: '',
				placeholder: 'data.items',
				description:
					'Path to an array in the JSON response; each element becomes its own item. Empty: a top-level array is split, an object is one item.',
			},
			{
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300000,
				description: 'Milliseconds to wait for the API to answer before the item fails',
			},
		],
	},
];
