import type { INodeProperties } from 'n8n-workflow';

import * as identify from './identify.operation';
import * as signature from './signature.operation';
import * as verify from './verify.operation';

export { identify, signature, verify };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		default: 'verify',
		options: [
			{
				name: 'Identify Key',
				value: 'identify',
				description: 'Check the presented key offline and output its key ID, for a lookup in your store',
				action: 'Identify the key of a request',
			},
			{
				name: 'Verify Key',
				value: 'verify',
				description: 'Check the presented key against its record: allowed or denied',
				action: 'Verify the key of a request',
			},
			{
				name: 'Verify Signature',
				value: 'signature',
				description: 'Check an HMAC-SHA256 signature of the request body with a shared secret',
				action: 'Verify the signature of a request',
			},
		],
	},
	...verify.description,
	...identify.description,
	...signature.description,
];
