import type { INodeProperties } from 'n8n-workflow';

/**
 * Which of the credential's keys (and, for services that have one, which Base URL) to use. An
 * option: most credentials have no Test Key, so the choice stays out of the way until it matters.
 */
export const environmentOption: INodeProperties = {
	displayName: 'Environment',
	name: 'environment',
	type: 'options',
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
};

/**
 * Where Environment was before it moved under Options. Kept, hidden, so a workflow saved with
 * Environment = Test keeps using the Test Key instead of silently switching to live data.
 */
export const legacyEnvironmentProperty: INodeProperties = {
	displayName: 'Environment (Legacy)',
	name: 'environment',
	type: 'hidden',
	default: 'live',
};
