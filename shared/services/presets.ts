/**
 * Service presets: how each key-protected service wants its key, as data.
 *
 * One entry per service. The credential's Service list, its per-service fields, the credential
 * test, the allowed hosts and the README's preset table are all derived from this table, and
 * shared/services/resolve.ts turns an entry into the same settings a Custom configuration would hold.
 * Adding a service is one entry here plus its contract in test/contracts/providerContracts.ts.
 *
 * Every entry was checked against the provider's current authentication documentation
 * (`docsUrl`). Keep this file free of runtime imports: scripts/presets-table.js loads it on its own.
 */
import type { Placement } from '../types';

/** How the key is sent, in the terms of a Custom configuration. */
export interface PresetAuth {
	placement: Placement;
	/** Header or query parameter name, for the header and query placements. */
	name?: string;
	/** The word before the key, for the authScheme placement. */
	scheme?: string;
	/** Fixed Basic auth username, for the basicPassword placement. */
	basicUsername?: string;
}

/**
 * The account-specific part of a service's URL (app domain, zone, instance URL, data centre),
 * filled into `{account}` in the preset's URLs.
 *
 * - subdomain: one DNS label, e.g. `us6` in `https://{account}.api.mailchimp.com`
 * - host: a host name, e.g. `myapp.bubbleapps.io` in `https://{account}/api/1.1`
 * - url: an http(s) URL, e.g. an n8n instance in `{account}/api/v1`
 */
export interface PresetAccount {
	label: string;
	description: string;
	kind: 'subdomain' | 'host' | 'url';
	placeholder: string;
	/** A value used in examples and end-to-end fixtures. */
	example: string;
	required: boolean;
	/** Fixed choices, shown as a list instead of a text field. */
	options?: Array<{ name: string; value: string }>;
	/** A regular expression whose first group reads the account from the key (Mailchimp's `-us6`). */
	fromKey?: string;
}

/** The credential fields a preset can ask for besides the key and the account. */
export type PresetHeaderSlot = 'apiVersion' | 'organization' | 'project';

/** A non-secret header sent with every request: fixed, or taken from a preset field. */
export interface PresetHeader {
	name: string;
	/** Fixed value. */
	value?: string;
	/** The credential field holding the value; empty falls back to `default`, or omits the header. */
	slot?: PresetHeaderSlot;
	label?: string;
	description?: string;
	default?: string;
}

export interface ServicePreset {
	/** Stored in the credential's Service field: never rename. */
	id: string;
	name: string;
	/** The authentication documentation this entry was checked against. */
	docsUrl: string;
	/** Where the keys are created and revoked; may contain `{account}`. */
	keysUrl: string;
	/** Where to find the key, in the service's own words. */
	keyHelp: string;
	auth: PresetAuth;
	/** API root; may contain `{account}`. */
	baseUrl: string;
	/** API root of the service's test environment (Bubble's version-test). */
	testBaseUrl?: string;
	account?: PresetAccount;
	headers?: PresetHeader[];
	/** Extra host patterns the key may go to; the hosts of the URLs above are always allowed. */
	allowedHosts?: string[];
	/** What the credential's Test button calls: a path relative to the Base URL, or a full URL. */
	test: { url: string; method?: 'GET' | 'HEAD' | 'POST' };
	/** Key prefixes that tell the environment, besides the common sk_test_ / sk_live_ family. */
	keyPrefixes?: { test?: string[]; live?: string[] };
	/** One line for the README. */
	notes?: string;
}

export const PRESETS: readonly ServicePreset[] = [
	{
		id: 'airtable',
		name: 'Airtable',
		docsUrl: 'https://airtable.com/developers/web/api/authentication',
		keysUrl: 'https://airtable.com/create/tokens',
		keyHelp:
			'A personal access token (pat…) from the Builder Hub, with the scopes and bases it may use.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.airtable.com/v0',
		test: { url: '/meta/whoami' },
	},
	{
		id: 'anthropic',
		name: 'Anthropic (Claude)',
		docsUrl: 'https://docs.anthropic.com/en/api/overview',
		keysUrl: 'https://console.anthropic.com/settings/keys',
		keyHelp: 'An API key from the Claude Console (Settings → API Keys).',
		auth: { placement: 'header', name: 'x-api-key' },
		baseUrl: 'https://api.anthropic.com/v1',
		headers: [
			{
				name: 'anthropic-version',
				slot: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the anthropic-version header',
				default: '2023-06-01',
			},
		],
		test: { url: '/models' },
	},
	{
		id: 'brevo',
		name: 'Brevo',
		docsUrl: 'https://developers.brevo.com/docs/api-key-authentication',
		keysUrl: 'https://app.brevo.com/settings/keys/api',
		keyHelp: 'An API key from SMTP & API → API keys (not the SMTP key).',
		auth: { placement: 'header', name: 'api-key' },
		baseUrl: 'https://api.brevo.com/v3',
		test: { url: '/account' },
	},
	{
		id: 'bubble',
		name: 'Bubble (Data and Workflow API)',
		docsUrl:
			'https://manual.bubble.io/core-resources/api/the-bubble-api/the-data-api/authentication',
		keysUrl: 'https://bubble.io/home',
		keyHelp:
			'An API token from your app editor: Settings → API → Generate a new API token. Enable the Data API or Workflow API there too.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://{account}/api/1.1',
		testBaseUrl: 'https://{account}/version-test/api/1.1',
		account: {
			label: 'App Domain',
			description:
				"Your app's domain: appname.bubbleapps.io, or your custom domain such as www.example.com",
			kind: 'host',
			placeholder: 'myapp.bubbleapps.io',
			example: 'myapp.bubbleapps.io',
			required: true,
		},
		test: { url: '/meta' },
		notes: 'Environment Test calls the development version (`/version-test`).',
	},
	{
		id: 'clickup',
		name: 'ClickUp',
		docsUrl: 'https://developer.clickup.com/docs/authentication',
		keysUrl: 'https://app.clickup.com/settings/apps',
		keyHelp: 'Your personal API token (pk_…) from Settings → Apps → API Token.',
		auth: { placement: 'header', name: 'Authorization' },
		baseUrl: 'https://api.clickup.com/api/v2',
		test: { url: '/user' },
		notes: 'The token goes into the Authorization header as it is, without a scheme.',
	},
	{
		id: 'elevenlabs',
		name: 'ElevenLabs',
		docsUrl: 'https://elevenlabs.io/docs/api-reference/authentication',
		keysUrl: 'https://elevenlabs.io/app/settings/api-keys',
		keyHelp:
			'An API key from Developers → API Keys. The Test button needs the User: Read permission.',
		auth: { placement: 'header', name: 'xi-api-key' },
		baseUrl: 'https://api.elevenlabs.io/v1',
		test: { url: '/user' },
	},
	{
		id: 'github',
		name: 'GitHub',
		docsUrl: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api',
		keysUrl: 'https://github.com/settings/personal-access-tokens',
		keyHelp: 'A fine-grained or classic personal access token from Settings → Developer settings.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.github.com',
		headers: [
			{
				name: 'X-GitHub-Api-Version',
				slot: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the X-GitHub-Api-Version header',
				default: '2022-11-28',
			},
		],
		test: { url: '/user' },
	},
	{
		id: 'google',
		name: 'Google APIs (API Key)',
		docsUrl: 'https://cloud.google.com/docs/authentication/api-keys-use',
		keysUrl: 'https://console.cloud.google.com/apis/credentials',
		keyHelp:
			'An API key from Google Cloud (APIs & Services → Credentials) or Google AI Studio. The Test button lists the Gemini models, so it needs a key the Gemini API accepts.',
		auth: { placement: 'query', name: 'key' },
		baseUrl: 'https://www.googleapis.com',
		allowedHosts: ['*.googleapis.com'],
		test: { url: 'https://generativelanguage.googleapis.com/v1beta/models' },
		notes:
			'The key may go to any `*.googleapis.com` host; use full URLs for APIs outside www.googleapis.com.',
	},
	{
		id: 'hubspot',
		name: 'HubSpot (Private App)',
		docsUrl: 'https://developers.hubspot.com/docs/apps/legacy-apps/authentication/intro-to-auth',
		keysUrl: 'https://app.hubspot.com/private-apps',
		keyHelp: 'The access token of a private app (Settings → Integrations → Private Apps).',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.hubapi.com',
		test: { url: '/account-info/2026-03/details' },
	},
	{
		id: 'mailchimp',
		name: 'Mailchimp Marketing',
		docsUrl: 'https://mailchimp.com/developer/marketing/docs/fundamentals/',
		keysUrl: 'https://admin.mailchimp.com/account/api/',
		keyHelp:
			'An API key from Account & billing → Extras → API keys. It ends in your data centre, e.g. -us6.',
		auth: { placement: 'basicPassword', basicUsername: 'anystring' },
		baseUrl: 'https://{account}.api.mailchimp.com/3.0',
		account: {
			label: 'Data Center',
			description:
				'Optional: taken from the end of the key (…-us6 → us6). Set it only if your key has no suffix.',
			kind: 'subdomain',
			placeholder: 'us6',
			example: 'us6',
			required: true,
			fromKey: '-([a-z]+[0-9]+)$',
		},
		test: { url: '/ping' },
	},
	{
		id: 'make',
		name: 'Make',
		docsUrl: 'https://developers.make.com/api-documentation/authentication',
		keysUrl:
			'https://developers.make.com/api-documentation/authentication/create-authentication-token',
		keyHelp:
			'An API token from your Make profile (Profile → API → Add token), created in the zone you use.',
		auth: { placement: 'authScheme', scheme: 'Token' },
		baseUrl: 'https://{account}/api/v2',
		account: {
			label: 'Zone',
			description: 'The zone in your Make address, e.g. eu2.make.com',
			kind: 'host',
			placeholder: 'eu1.make.com',
			example: 'eu2.make.com',
			required: true,
			options: [
				{ name: 'EU1 (eu1.make.com)', value: 'eu1.make.com' },
				{ name: 'EU2 (eu2.make.com)', value: 'eu2.make.com' },
				{ name: 'US1 (us1.make.com)', value: 'us1.make.com' },
				{ name: 'US2 (us2.make.com)', value: 'us2.make.com' },
				{ name: 'Celonis EU1 (eu1.make.celonis.com)', value: 'eu1.make.celonis.com' },
				{ name: 'Celonis US1 (us1.make.celonis.com)', value: 'us1.make.celonis.com' },
			],
		},
		test: { url: '/users/me' },
	},
	{
		id: 'n8n',
		name: 'n8n (Public API)',
		docsUrl: 'https://docs.n8n.io/api/authentication/',
		keysUrl: '{account}/settings/api',
		keyHelp: 'An API key from Settings → n8n API in the instance you want to call.',
		auth: { placement: 'header', name: 'X-N8N-API-KEY' },
		baseUrl: '{account}/api/v1',
		account: {
			label: 'Instance URL',
			description: 'The address of the n8n instance, e.g. https://yourname.app.n8n.cloud',
			kind: 'url',
			placeholder: 'https://n8n.example.com',
			example: 'https://n8n.example.com',
			required: true,
		},
		test: { url: '/workflows?limit=1' },
	},
	{
		id: 'notion',
		name: 'Notion',
		docsUrl: 'https://developers.notion.com/reference/authentication',
		keysUrl: 'https://www.notion.so/profile/integrations',
		keyHelp:
			'The secret of an internal integration (or a personal access token). Share the pages it needs with it.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.notion.com/v1',
		headers: [
			{
				name: 'Notion-Version',
				slot: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the Notion-Version header. Older examples on the web use 2022-06-28.',
				default: '2026-03-11',
			},
		],
		test: { url: '/users/me' },
	},
	{
		id: 'openai',
		name: 'OpenAI',
		docsUrl: 'https://platform.openai.com/docs/api-reference/authentication',
		keysUrl: 'https://platform.openai.com/api-keys',
		keyHelp: 'A secret key from the API keys page, preferably a project key.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.openai.com/v1',
		headers: [
			{
				name: 'OpenAI-Organization',
				slot: 'organization',
				label: 'Organization ID',
				description: 'Optional. Only needed when your key can reach several organizations.',
			},
			{
				name: 'OpenAI-Project',
				slot: 'project',
				label: 'Project ID',
				description: 'Optional. Only needed with a user key that can reach several projects.',
			},
		],
		test: { url: '/models' },
	},
	{
		id: 'openweathermap',
		name: 'OpenWeatherMap',
		docsUrl: 'https://openweathermap.org/current',
		keysUrl: 'https://home.openweathermap.org/api_keys',
		keyHelp: 'An API key from My API keys. New keys can take a couple of hours to become active.',
		auth: { placement: 'query', name: 'appid' },
		baseUrl: 'https://api.openweathermap.org',
		test: { url: '/data/2.5/weather?q=London' },
	},
	{
		id: 'pinecone',
		name: 'Pinecone',
		docsUrl: 'https://docs.pinecone.io/reference/api/authentication',
		keysUrl: 'https://app.pinecone.io/organizations/-/projects/-/keys',
		keyHelp: 'An API key of the project that holds your indexes.',
		auth: { placement: 'header', name: 'Api-Key' },
		baseUrl: 'https://api.pinecone.io',
		headers: [
			{
				name: 'X-Pinecone-Api-Version',
				slot: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the X-Pinecone-Api-Version header',
				default: '2025-10',
			},
		],
		allowedHosts: ['*.pinecone.io'],
		test: { url: '/indexes' },
		notes: 'Index hosts (`*.pinecone.io`) are allowed too; call them with full URLs.',
	},
	{
		id: 'pipedrive',
		name: 'Pipedrive',
		docsUrl: 'https://pipedrive.readme.io/docs/core-api-concepts-authentication',
		keysUrl: 'https://app.pipedrive.com/settings/api',
		keyHelp: 'Your personal API token from Personal preferences → API.',
		auth: { placement: 'header', name: 'x-api-token' },
		baseUrl: 'https://{account}.pipedrive.com/api',
		account: {
			label: 'Company Domain',
			description:
				'The first part of your Pipedrive address: yourcompany in yourcompany.pipedrive.com',
			kind: 'subdomain',
			placeholder: 'yourcompany',
			example: 'examplecompany',
			required: true,
		},
		test: { url: '/v1/users/me' },
		notes:
			"Pipedrive's current docs send the token in the `x-api-token` header; the older `api_token` query parameter is not used.",
	},
	{
		id: 'postmark',
		name: 'Postmark',
		docsUrl: 'https://postmarkapp.com/developer/api/overview',
		keysUrl: 'https://account.postmarkapp.com/servers',
		keyHelp:
			"A Server API token from your server's API Tokens tab. POSTMARK_API_TEST is Postmark's test token.",
		auth: { placement: 'header', name: 'X-Postmark-Server-Token' },
		baseUrl: 'https://api.postmarkapp.com',
		headers: [{ name: 'Accept', value: 'application/json' }],
		test: { url: '/server' },
		keyPrefixes: { test: ['POSTMARK_API_TEST'] },
	},
	{
		id: 'qdrant',
		name: 'Qdrant',
		docsUrl: 'https://qdrant.tech/documentation/cloud/authentication/',
		keysUrl: 'https://cloud.qdrant.io/',
		keyHelp: 'A database API key from the API Keys section of your cluster in Qdrant Cloud.',
		auth: { placement: 'header', name: 'api-key' },
		baseUrl: '{account}',
		account: {
			label: 'Cluster URL',
			description:
				'Your cluster endpoint with its port, e.g. https://xyz-example.eu-central.aws.cloud.qdrant.io:6333',
			kind: 'url',
			placeholder: 'https://xyz-example.eu-central.aws.cloud.qdrant.io:6333',
			example: 'https://xyz-example.eu-central.aws.cloud.qdrant.io:6333',
			required: true,
		},
		test: { url: '/collections' },
	},
	{
		id: 'sendgrid',
		name: 'SendGrid',
		docsUrl:
			'https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication',
		keysUrl: 'https://app.sendgrid.com/settings/api_keys',
		keyHelp: 'An API key (SG.…) from Settings → API Keys.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.sendgrid.com/v3',
		allowedHosts: ['api.eu.sendgrid.com'],
		test: { url: '/scopes' },
		notes: 'EU regional subusers can call `https://api.eu.sendgrid.com/v3/…` with full URLs.',
	},
	{
		id: 'stripe',
		name: 'Stripe',
		docsUrl: 'https://docs.stripe.com/api/authentication',
		keysUrl: 'https://dashboard.stripe.com/apikeys',
		keyHelp:
			'A secret key (sk_…) or restricted key (rk_…) from Developers → API keys. Put the test-mode key under Test Key.',
		auth: { placement: 'basicUsername' },
		baseUrl: 'https://api.stripe.com/v1',
		headers: [
			{
				name: 'Stripe-Version',
				slot: 'apiVersion',
				label: 'API Version',
				description:
					"Optional. Sent as the Stripe-Version header; empty uses your account's default version.",
			},
		],
		test: { url: '/balance' },
	},
	{
		id: 'webflow',
		name: 'Webflow (Data API v2)',
		docsUrl: 'https://developers.webflow.com/data/reference/token/introspect',
		keysUrl: 'https://developers.webflow.com/data/reference/site-token',
		keyHelp:
			'A site token from Site settings → Apps & integrations → API access, or a workspace token.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.webflow.com/v2',
		test: { url: '/token/introspect' },
	},
];

export function findPreset(id: string): ServicePreset | undefined {
	return PRESETS.find((preset) => preset.id === id);
}
