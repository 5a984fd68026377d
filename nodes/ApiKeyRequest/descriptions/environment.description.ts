import type { INodeProperties } from 'n8n-workflow';

/** Which of the credential's keys (and, for services that have one, which Base URL) to use. */
export const environmentProperties: INodeProperties[] = [
	{
		displayName: 'Environment',
		name: 'environment',
		type: 'options',
		noDataExpression: true,
		default: 'live',
		options: [
			{
				name: 'Live',
				value: 'live',
				description: 'Use the Key (and the Secondary Key when the Key is rejected)',
			},
			{
				name: 'Test',
				value: 'test',
				description:
					"Use the Test Key and, for services that have one, the test environment's URL (e.g. Bubble's version-test)",
			},
		],
		description: 'Which key of the API Key credential to use',
	},
];
