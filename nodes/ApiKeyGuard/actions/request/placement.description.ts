import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** `show` conditions merged into every field, plus the placement condition of that field. */
const within = (show: IDisplayOptions['show'], placement?: string[]): IDisplayOptions => ({
	show: { ...show, ...(placement ? { placement } : {}) },
});

/** Where clients send the key; the same choices as the Placement of the API Key credential. */
export const placementProperties = (show: IDisplayOptions['show']): INodeProperties[] => [
	{
		displayName: 'Key Location',
		name: 'placement',
		type: 'options',
		default: 'header',
		description: 'Where clients send their key. Clients using the API Key credential pick the same Placement there.',
		displayOptions: within(show),
		options: [
			{
				name: 'Authorization With Custom Scheme',
				value: 'authScheme',
				description: 'Authorization: &lt;scheme&gt; &lt;key&gt;, e.g. Token or Api-Key',
			},
			{ name: 'Authorization: Bearer', value: 'bearer', description: 'Authorization: Bearer &lt;key&gt;' },
			{ name: 'Basic Auth (Key as Password)', value: 'basicPassword', description: 'HTTP Basic auth, the key as password' },
			{ name: 'Basic Auth (Key as Username)', value: 'basicUsername', description: 'HTTP Basic auth, the key as username' },
			{ name: 'Body Field', value: 'body', description: 'A field of the JSON or form body' },
			{ name: 'Cookie', value: 'cookie', description: 'A cookie' },
			{ name: 'Header', value: 'header', description: 'A header such as X-API-Key' },
			{ name: 'Query Parameter', value: 'query', description: 'A query string parameter such as ?api_key=' },
		],
	},
	{
		displayName: 'Header Name',
		name: 'headerName',
		type: 'string',
		default: 'X-API-Key',
		required: true,
		displayOptions: within(show, ['header']),
	},
	{
		displayName: 'Query Parameter Name',
		name: 'queryName',
		type: 'string',
		default: 'api_key',
		required: true,
		displayOptions: within(show, ['query']),
	},
	{
		displayName: 'Scheme',
		name: 'scheme',
		type: 'string',
		default: 'Token',
		required: true,
		placeholder: 'Token',
		description: 'The word before the key in the Authorization header',
		displayOptions: within(show, ['authScheme']),
	},
	{
		displayName: 'Body Field Name',
		name: 'bodyFieldName',
		type: 'string',
		default: 'api_key',
		required: true,
		displayOptions: within(show, ['body']),
	},
	{
		displayName: 'Cookie Name',
		name: 'cookieName',
		type: 'string',
		default: 'api_key',
		required: true,
		displayOptions: within(show, ['cookie']),
	},
];

/** Options shared by the steps that read the key from the request. */
export const requestReadingOptions: INodeProperties[] = [
	{
		displayName: 'Also Accept Prefixes',
		name: 'extraPrefixes',
		type: 'string',
		default: '',
		placeholder: 'acme_old_',
		description:
			'Comma-separated key prefixes accepted besides the Key Prefix of the credential, e.g. while moving to a new prefix. Keys with any other prefix are refused without a lookup.',
	},
	{
		displayName: 'Client IP Field',
		name: 'clientIpField',
		type: 'string',
		default: '',
		placeholder: 'ip',
		description:
			"A field of the incoming item that holds the client's IP address. n8n's Webhook node does not output one; leave empty to use X-Forwarded-For (see Trust X-Forwarded-For).",
	},
	{
		displayName: 'Realm',
		name: 'realm',
		type: 'string',
		default: 'api',
		description: 'The realm named in WWW-Authenticate answers',
	},
	{
		displayName: 'Trust X-Forwarded-For',
		name: 'trustForwardedFor',
		type: 'boolean',
		default: false,
		description:
			'Whether a reverse proxy in front of n8n sets X-Forwarded-For. Only turn this on when every request passes through such a proxy: a client can send any X-Forwarded-For itself.',
	},
	{
		displayName: 'Trusted Proxies',
		name: 'trustedProxies',
		type: 'string',
		default: '',
		placeholder: '10.0.0.0/8, 2001:db8::/32',
		description:
			'Comma-separated addresses or CIDR ranges of your proxies. X-Forwarded-For is read from the right, skipping these; empty: one proxy, the rightmost address is the client.',
		displayOptions: { show: { trustForwardedFor: [true] } },
	},
	{
		displayName: 'X-Forwarded-For Header',
		name: 'forwardedForHeader',
		type: 'string',
		default: 'X-Forwarded-For',
		description: 'The header your proxy puts the client address chain in',
		displayOptions: { show: { trustForwardedFor: [true] } },
	},
];
