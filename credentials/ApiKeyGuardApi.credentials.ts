import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The provider side's settings: the prefix of the keys you issue, the pepper their hashes are
 * keyed with, an optional client list for small setups, and the secret for request signatures.
 */
export class ApiKeyGuardApi implements ICredentialType {
	name = 'apiKeyGuardApi';

	// Ends in "API" as n8n's verification requires of every credential (new ones are named "Key Guard account").
	displayName = 'API Key Guard API';

	icon: Icon = { light: 'file:apiKeyGuard.svg', dark: 'file:apiKeyGuard.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-api-key/n8n-nodes-api-key#protect-your-own-webhook';

	properties: INodeProperties[] = [
		{
			displayName: 'Key Prefix',
			name: 'keyPrefix',
			type: 'string',
			default: 'api_live_',
			required: true,
			placeholder: 'acme_live_',
			description:
				'The readable start of every key issued with this credential, e.g. your brand and the environment. Lower-case letters and digits in groups separated by "_". Keys with another prefix are refused without a lookup.',
		},
		// The pepper is a secret (an HMAC key), even though its name does not say so.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Pepper',
			name: 'pepper',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional, recommended: a long random secret. Key hashes are then HMAC-SHA256 with it, so a copy of your key table alone does not allow testing guesses. Changing it invalidates every key issued before.',
		},
		{
			displayName: 'Client List',
			name: 'clients',
			type: 'json',
			default: '[]',
			description:
				'For a few clients: the "record" objects the Issue operation output, as a JSON array. It holds only hashes, never keys. With Verify Key set to Client List in Credential, these are the keys that are accepted.',
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional: the shared secret for Verify Signature (HMAC-SHA256 of the request body)',
		},
		{
			displayName: 'Previous Signing Secret',
			name: 'previousSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional: still accepted while clients move to the new Signing Secret',
		},
	];
}
