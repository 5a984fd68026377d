import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateRequestOptions } from '../shared/credential/authenticate';
import { keyConfigForRequest } from '../shared/credential/keyRing';
import {
	behindToggle,
	customOnly,
	presetAccountProperties,
	presetHeaderProperties,
	presetNotices,
	serviceProperty,
} from '../shared/services/fields';

const showFor = (placement: string[]) => ({ show: { placement } });

/** Shows the optional groups below; a field that holds a value is shown whatever this says. */
const ADVANCED_TOGGLE = 'showAdvancedSettings';
const LIFECYCLE_TOGGLE = 'showKeyLifecycle';

export class ApiKeyApi implements ICredentialType {
	name = 'apiKeyApi';

	// Ends in "API" as n8n's verification requires of every credential; searching "API Key" finds it.
	// n8n names new credentials "<display name without the word API> account" ("Key account") and
	// offers no way to name them after a field, so each service's notice asks for a better name.
	displayName = 'API Key API';

	icon: Icon = { light: 'file:apiKey.svg', dark: 'file:apiKey.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-api-key/n8n-nodes-api-key#api-key-credential';

	properties: INodeProperties[] = [
		serviceProperty(),
		...presetNotices(),
		{
			displayName: 'Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API key, token or secret the service gave you',
		},
		...presetAccountProperties(),
		...presetHeaderProperties(),
		...customOnly([
			{
				displayName: 'Placement',
				name: 'placement',
				type: 'options',
				default: 'header',
				description: 'Where the service expects the key; its API documentation says which',
				options: [
					{
						name: 'Authorization: Bearer',
						value: 'bearer',
						description: 'Authorization: Bearer &lt;key&gt;',
					},
					{
						name: 'Authorization With Custom Scheme',
						value: 'authScheme',
						description: 'Authorization: &lt;scheme&gt; &lt;key&gt;, e.g. Token or Api-Key',
					},
					{
						name: 'Basic Auth (Key as Password)',
						value: 'basicPassword',
						description: 'HTTP Basic auth with a username and the key as password, e.g. Mailchimp',
					},
					{
						name: 'Basic Auth (Key as Username)',
						value: 'basicUsername',
						description: 'HTTP Basic auth with the key as username and an empty or fixed password, e.g. Stripe',
					},
					{
						name: 'Body Field',
						value: 'body',
						description: 'A field of the JSON or form request body',
					},
					{ name: 'Cookie', value: 'cookie', description: 'A cookie sent with every request' },
					{ name: 'Header', value: 'header', description: 'A header such as X-API-Key' },
					{
						name: 'Query Parameter',
						value: 'query',
						description: 'A query string parameter such as ?api_key=',
					},
				],
			},
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: 'X-API-Key',
				required: true,
				displayOptions: showFor(['header']),
			},
			{
				displayName: 'Query Parameter Name',
				name: 'queryName',
				type: 'string',
				default: 'api_key',
				required: true,
				displayOptions: showFor(['query']),
			},
			{
				displayName: 'Scheme',
				name: 'scheme',
				type: 'string',
				default: 'Token',
				required: true,
				placeholder: 'Token',
				description: 'The word before the key in the Authorization header',
				displayOptions: showFor(['authScheme']),
			},
			{
				displayName: 'Password',
				name: 'basicPassword',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'Leave empty when the service only wants the key as username',
				displayOptions: showFor(['basicUsername']),
			},
			{
				displayName: 'Username',
				name: 'basicUsername',
				type: 'string',
				default: '',
				required: true,
				displayOptions: showFor(['basicPassword']),
			},
			{
				displayName: 'Body Field Name',
				name: 'bodyFieldName',
				type: 'string',
				default: 'api_key',
				required: true,
				displayOptions: showFor(['body']),
			},
			{
				displayName: 'Body Format',
				name: 'bodyFormat',
				type: 'options',
				default: 'json',
				description: 'Format of the body when the request has none of its own',
				options: [
					{ name: 'JSON', value: 'json' },
					{ name: 'Form URL-Encoded', value: 'form' },
				],
				displayOptions: showFor(['body']),
			},
			{
				displayName: 'Cookie Name',
				name: 'cookieName',
				type: 'string',
				default: 'api_key',
				required: true,
				displayOptions: showFor(['cookie']),
			},
			{
				displayName: 'Base URL',
				name: 'baseUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://api.example.com/v1',
				description: 'The key goes only to this address (scheme, host and port), and nodes can use paths such as /items. Without a Base URL, list the hosts under Allowed Hosts.',
			},
			{
				displayName: 'Test Request URL',
				name: 'testUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. /me',
				description:
					'What the Test button calls with the key: a path relative to the Base URL or a full URL. Pick an endpoint that needs the key, e.g. /me or /account: most APIs answer 404 at their Base URL itself.',
			},
		]),
		{
			displayName: 'Show Advanced Settings',
			name: ADVANCED_TOGGLE,
			type: 'boolean',
			default: false,
			description:
				'Whether to show the allowed hosts and, for Custom, the additional fields sent with the key and the test request method',
		},
		...behindToggle(ADVANCED_TOGGLE, [
			...customOnly([
				{
					displayName: 'Additional Fields',
					name: 'extraFields',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					placeholder: 'Add Field',
					default: {},
					description:
						'Extra headers or query parameters sent with the key, e.g. a secret, an account ID or a version header',
					options: [
						{
							displayName: 'Field',
							name: 'field',
							values: [
								{
									displayName: 'Send In',
									name: 'location',
									type: 'options',
									default: 'header',
									options: [
										{ name: 'Header', value: 'header' },
										{ name: 'Query Parameter', value: 'query' },
									],
								},
								{
									displayName: 'Name',
									name: 'name',
									type: 'string',
									default: '',
									placeholder: 'X-API-Secret',
								},
								{
									displayName: 'Value',
									name: 'value',
									type: 'string',
									typeOptions: { password: true },
									default: '',
								},
								{
									displayName: 'Secret',
									name: 'secret',
									type: 'boolean',
									default: true,
									description:
										'Whether to mask this value in node output, errors and logs like the key. Turn off for non-secret values such as version headers.',
								},
							],
						},
					],
				},
				{
					displayName: 'Test Request Method',
					name: 'testMethod',
					type: 'options',
					default: 'GET',
					options: [
						{ name: 'GET', value: 'GET' },
						{ name: 'HEAD', value: 'HEAD' },
						{ name: 'POST', value: 'POST' },
					],
				},
			]),
			{
				displayName: 'Allowed Hosts',
				name: 'allowedHosts',
				type: 'string',
				default: '',
				placeholder: 'e.g. api.example.com, *.example.com',
				description:
					"Comma-separated hosts the key may be sent to, over https on the default port; *.example.com allows every subdomain, http://host or host:port allow plain http or another port, * allows any host. Empty: the service's API hosts, or for Custom the Base URL's address. Custom without Base URL needs this list.",
			},
		]),
		{
			displayName: 'Show Test Key, Rotation and Expiry',
			name: LIFECYCLE_TOGGLE,
			type: 'boolean',
			default: false,
			description:
				"Whether to show the fields for a test-mode key, a second key for rotating without downtime, and the key's expiry date",
		},
		...behindToggle(LIFECYCLE_TOGGLE, [
			{
				displayName: 'Test Key',
				name: 'testApiKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					"Optional. The key of the test or sandbox environment, used when a node's Environment is Test (e.g. a sk_test_… key).",
			},
			...customOnly([
				{
					displayName: 'Test Environment Base URL',
					name: 'testBaseUrl',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://sandbox.example.com/v1',
					description:
						"Optional. Used instead of the Base URL when a node's Environment is Test, e.g. a sandbox or staging API.",
				},
			]),
			{
				displayName: 'Warn When Live Key Is Used in Manual Runs',
				name: 'warnLiveKeyInManualRuns',
				type: 'boolean',
				default: false,
				description:
					'Whether nodes add a warning when they use the live key in a run started by hand in the editor',
			},
			{
				displayName: 'Secondary Key',
				name: 'secondaryApiKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Optional, for rotating keys without downtime: when the API rejects the Key (401 or 403), the request is sent once more with this key, and the node says so. Move it into Key once the old key is gone.',
			},
			{
				displayName: 'Key Expires On',
				name: 'expiresAt',
				type: 'dateTime',
				default: '',
				description:
					'Optional. From this moment on the Key is no longer sent: nodes fail with a message that says how to rotate it, or use the Secondary Key when there is one.',
			},
			{
				displayName: 'Warn Days Before Expiry',
				name: 'expiryWarningDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 14,
				description:
					'Nodes add a warning to their output this many days before the Key expires. 0 turns it off.',
				displayOptions: { hide: { expiresAt: [''] } },
			},
		]),
	];

	// An own property, not a class method: n8n copies community credential types with a spread
	// before sending them to the editor, and the editor lists a type under the HTTP Request node's
	// Predefined Credential Type only when that copy still has `authenticate`.
	// Past Key Expires On the Key is never sent: the Secondary Key stands in, or the request fails.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> =>
		authenticateRequestOptions(requestOptions, keyConfigForRequest(credentials, new Date()));
}
