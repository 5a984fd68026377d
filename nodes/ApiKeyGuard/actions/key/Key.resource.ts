import type { INodeProperties } from 'n8n-workflow';

import * as issue from './issue.operation';
import * as revoke from './revoke.operation';
import * as rotate from './rotate.operation';

export { issue, revoke, rotate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['key'] } },
		default: 'issue',
		options: [
			{
				name: 'Issue',
				value: 'issue',
				description: 'Create a key for a client and the record to store for it',
				action: 'Issue a key',
			},
			{
				name: 'Revoke',
				value: 'revoke',
				description: 'Mark a key record revoked, so the key stops working',
				action: 'Revoke a key',
			},
			{
				name: 'Rotate',
				value: 'rotate',
				description: 'Create a new key for the same client; the old one works until an overlap deadline',
				action: 'Rotate a key',
			},
		],
	},
	...issue.description,
	...rotate.description,
	...revoke.description,
];
