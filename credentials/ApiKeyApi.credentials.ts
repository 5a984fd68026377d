import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestMethods,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateRequestOptions } from '../shared/credential/authenticate';
import {
	checkKeysForCredentialTest,
	CREDENTIAL_TEST_HEADER,
	prepareCredentialTest,
} from '../shared/credential/credentialTest';
import { keyConfigForRequest } from '../shared/credential/keyRing';
import {
	customOnly,
	presetAccountProperties,
	presetHeaderProperties,
	presetNotices,
	serviceProperty,
} from '../shared/services/fields';

const showFor = (placement: string[]) => ({ show: { placement } });

/** Notices under a key field that say which environment its prefix belongs to. */
const keyKindNotices = (field: string, label: string): INodeProperties[] => [
	{
		displayName: `This ${label} is a test-mode key: it only reaches the service's test data. Keep the live key under Key and this one under Test Key.`,
		name: `${field}TestModeNotice`,
		type: 'notice',
		default: '',
		displayOptions: { show: { [field]: [{ _cnd: { regex: '^\\s*[A-Za-z]{2,5}_test_' } }] } },
	},
	{
		displayName: `This ${label} is a publishable key (pk_…), meant for browsers. Server APIs usually need the secret key (sk_…).`,
		name: `${field}PublishableNotice`,
		type: 'notice',
		default: '',
		displayOptions: { show: { [field]: [{ _cnd: { regex: '^\\s*pk_(test|live)_' } }] } },
	},
];

const liveTestKeyNotice: INodeProperties = {
	displayName:
		'This Test Key is a live key: with Environment Test, requests would reach live data.',
	name: 'testApiKeyLiveNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { testApiKey: [{ _cnd: { regex: '^\\s*[A-Za-z]{2,5}_live_' } }] } },
};

export class ApiKeyApi implements ICredentialType {
	name = 'apiKeyApi';

	// The credential is named after what it holds; "API Key API" would read wrong in the credential list.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'API Key';

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
		...keyKindNotices('apiKey', 'key'),
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
						description: 'HTTP Basic auth with a username and the key as password',
					},
					{
						name: 'Basic Auth (Key as Username)',
						value: 'basicUsername',
						description: 'HTTP Basic auth with the key as username, e.g. Stripe or Mailchimp',
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
				placeholder: 'https://api.example.com/v1',
				description: 'Optional. Nodes using this credential can then use paths such as /items.',
			},
			{
				displayName: 'Test Environment Base URL',
				name: 'testBaseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://sandbox.example.com/v1',
				description:
					"Optional. Used instead of the Base URL when a node's Environment is Test, e.g. a sandbox or staging API.",
			},
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
				displayName: 'Test Request URL',
				name: 'testUrl',
				type: 'string',
				default: '',
				placeholder: '/me',
				description:
					'Path (relative to the Base URL) or full URL that the Test button calls with the key. Empty: the Base URL. The test passes on a 2xx answer.',
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
			placeholder: 'api.example.com, *.example.com',
			description:
				"Comma-separated hosts the key may be sent to; *.example.com allows every subdomain. Empty: the service's API hosts, or for Custom the Base URL's host, or any host when there is no Base URL.",
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
			displayName: 'Test Key',
			name: 'testApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. The key of the test or sandbox environment, used when a node's Environment is Test (e.g. a sk_test_… key).",
		},
		liveTestKeyNotice,
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
		{
			displayName: 'Warn When Live Key Is Used in Manual Runs',
			name: 'warnLiveKeyInManualRuns',
			type: 'boolean',
			default: false,
			description:
				'Whether nodes add a warning when they use the live key in a run started by hand in the editor',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// The credential test carries a marker header: for a service, aim it at the service's test request.
		checkKeysForCredentialTest(requestOptions, credentials);
		// Past Key Expires On the Key is never sent: the Secondary Key stands in, or the request fails.
		return authenticateRequestOptions(
			prepareCredentialTest(requestOptions, credentials),
			keyConfigForRequest(credentials, new Date()),
		);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '={{$credentials.testUrl}}',
			method: '={{$credentials.testMethod || "GET"}}' as IHttpRequestMethods,
			headers: { [CREDENTIAL_TEST_HEADER]: '1' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The API rejected the key (401). Check that the key is complete and sent in the right place, that it was not revoked or expired, and that a test key is not used against live data (or the other way round).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The key was recognised but is not allowed to call the test URL (403). Check its permissions or scopes, or choose another Test Request URL.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'The test URL was not found (404). Check the Base URL and Test Request URL.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'The API is rate limiting this key (429). Wait a moment, then test again.',
				},
			},
		],
	};
}
