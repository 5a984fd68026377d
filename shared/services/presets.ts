/**
 * Service presets: how each key-protected service wants its key, as data.
 *
 * One entry per service. The credential's Service list, its per-service fields, the credential
 * test, the allowed hosts and the README's preset table are all derived from this table, and
 * shared/services/resolve.ts turns an entry into the same settings a Custom configuration would hold.
 * Adding a service is one entry here plus its contract in test/contracts/providerContracts.ts.
 *
 * Every entry was checked against the provider's current authentication documentation; `checked`
 * says when and against which page. Keep this file free of runtime imports:
 * scripts/presets-table.js loads it on its own.
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
	/**
	 * The credential field that holds it, this service's own: each service keeps its own default
	 * and choices. Stored in the credential: never rename.
	 */
	field: string;
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

/**
 * The one field name every service shared for its account up to 0.1: credentials saved then keep
 * their value there, and it is still read (see shared/services/legacy.ts).
 */
export const LEGACY_ACCOUNT_FIELD = 'account';

/** The field names every service shared for its version, organization and project headers up to 0.1. */
export type LegacyHeaderField = 'apiVersion' | 'organization' | 'project';

/** A non-secret header sent with every request: fixed, or taken from a preset field. */
export interface PresetHeader {
	name: string;
	/** Fixed value. */
	value?: string;
	/**
	 * The credential field holding the value, this service's own (e.g. `githubApiVersion`); empty
	 * falls back to `default`, or omits the header. Stored in the credential: never rename.
	 */
	field?: string;
	/** The name the field had, shared by every service, up to 0.1: still read for credentials saved then. */
	legacyField?: LegacyHeaderField;
	label?: string;
	description?: string;
	default?: string;
}

/**
 * An answer that is not a 2xx but still proves the key was accepted (Google: the key is valid, the
 * test API is just not enabled for its project), or one that rejects the key without a 401.
 */
export interface PresetTestAnswer {
	status: number;
	/** Text the answer's body must contain, e.g. Google's error reason `SERVICE_DISABLED`. */
	bodyIncludes: string[];
	/** What it means, for the Test result. */
	meaning: string;
}

export interface PresetTest {
	/** A path relative to the Base URL, or a full URL. */
	url: string;
	method?: 'GET' | 'HEAD' | 'POST';
	/** The permission or scope a least-privilege key needs for the test request, named as the service names it. */
	permission?: string;
	/** Answers that still mean the key is valid. */
	acceptedAnswers?: PresetTestAnswer[];
	/** Answers that mean the key was rejected although the status is not 401. */
	rejectedAnswers?: PresetTestAnswer[];
}

/** When and against which page an entry was last checked. */
export interface PresetCheck {
	/** YYYY-MM-DD */
	on: string;
	/** The page the entry was compared with. */
	against: string;
	/** What could not be confirmed there, if anything. */
	note?: string;
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
	/** What the credential's Test button calls. */
	test: PresetTest;
	/** Key prefixes that tell the environment, besides the common sk_test_ / sk_live_ family. */
	keyPrefixes?: { test?: string[]; live?: string[] };
	/** One line for the README. */
	notes?: string;
	checked: PresetCheck;
}

/** The day the entries below were last compared with their providers' pages. */
const CHECKED_ON = '2026-12-01';

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
		checked: { on: CHECKED_ON, against: 'https://airtable.com/developers/web/api/get-user-id-scopes' },
	},
	{
		id: 'anthropic',
		name: 'Anthropic (Claude)',
		docsUrl: 'https://platform.claude.com/docs/en/api/overview',
		keysUrl: 'https://platform.claude.com/settings/keys',
		keyHelp: 'An API key from the Claude Console (Settings → API keys).',
		auth: { placement: 'header', name: 'x-api-key' },
		baseUrl: 'https://api.anthropic.com/v1',
		headers: [
			{
				name: 'anthropic-version',
				field: 'anthropicApiVersion',
				legacyField: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the anthropic-version header',
				default: '2023-06-01',
			},
		],
		test: { url: '/models' },
		checked: {
			on: CHECKED_ON,
			against: 'https://platform.claude.com/docs/en/api/overview',
			note: 'The API docs and the key settings moved from docs.anthropic.com and console.anthropic.com to platform.claude.com.',
		},
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
		checked: { on: CHECKED_ON, against: 'https://developers.brevo.com/docs/api-key-authentication' },
	},
	{
		id: 'bubble',
		name: 'Bubble (Data and Workflow API)',
		docsUrl:
			'https://manual.bubble.io/core-resources/api/the-bubble-api/the-data-api/authentication',
		keysUrl: 'https://bubble.io/home',
		keyHelp:
			'An API token from your app editor: Settings → API → Generate a new API token. Enable the Data API there too, with the User type: the Test button reads one user.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://{account}/api/1.1',
		testBaseUrl: 'https://{account}/version-test/api/1.1',
		account: {
			field: 'bubbleAppDomain',
			label: 'App Domain',
			description:
				"Your app's domain: appname.bubbleapps.io, or your custom domain such as www.example.com",
			kind: 'host',
			placeholder: 'myapp.bubbleapps.io',
			example: 'myapp.bubbleapps.io',
			required: true,
		},
		test: { url: '/obj/user?limit=1' },
		notes: 'Environment Test calls the development version (`/version-test`).',
		checked: {
			on: CHECKED_ON,
			against: 'https://manual.bubble.io/core-resources/api/the-bubble-api/the-data-api/authentication',
			note: 'GET /meta answers without a token. Bubble has no read that always needs the token; reading one User through the Data API is the closest: the admin token reads past privacy rules and a wrong token is refused.',
		},
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
		checked: { on: CHECKED_ON, against: 'https://developer.clickup.com/docs/authentication' },
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
		test: { url: '/user', permission: 'User: Read' },
		checked: { on: CHECKED_ON, against: 'https://elevenlabs.io/docs/api-reference/authentication' },
	},
	{
		id: 'gemini',
		name: 'Gemini API (Google AI Studio)',
		docsUrl: 'https://ai.google.dev/gemini-api/docs/api-key',
		keysUrl: 'https://aistudio.google.com/apikey',
		keyHelp:
			'An API key from Google AI Studio (Get API key). Since September 2026 the Gemini API refuses standard Google Cloud API keys: create an AI Studio key for it.',
		auth: { placement: 'header', name: 'x-goog-api-key' },
		baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
		test: { url: '/models' },
		checked: {
			on: CHECKED_ON,
			against: 'https://ai.google.dev/gemini-api/docs/api-key',
			note: 'Standard keys: unrestricted ones refused from 19 June 2026, all from September 2026; AI Studio creates the new keys.',
		},
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
				field: 'githubApiVersion',
				legacyField: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the X-GitHub-Api-Version header',
				default: '2022-11-28',
			},
		],
		test: { url: '/user' },
		checked: { on: CHECKED_ON, against: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api' },
	},
	{
		// The id stays `google`: it is stored in credentials saved before the Gemini API had its own entry.
		id: 'google',
		name: 'Google Cloud (API Key)',
		docsUrl: 'https://cloud.google.com/docs/authentication/api-keys-use',
		keysUrl: 'https://console.cloud.google.com/apis/credentials',
		keyHelp:
			'A Google Cloud API key (APIs & Services → Credentials). The Test button asks Cloud Storage for one object of a public dataset: it passes whenever Google accepts the key, also when Cloud Storage is not enabled for its project. For Gemini, choose Gemini API instead.',
		auth: { placement: 'header', name: 'x-goog-api-key' },
		baseUrl: 'https://www.googleapis.com',
		allowedHosts: ['*.googleapis.com'],
		test: {
			url: 'https://storage.googleapis.com/storage/v1/b/gcp-public-data-landsat/o?maxResults=1',
			acceptedAnswers: [
				{
					status: 403,
					bodyIncludes: ['SERVICE_DISABLED', 'API_KEY_SERVICE_BLOCKED'],
					meaning: 'Google accepted the key; Cloud Storage, which the test asks, is not enabled for it, which does not matter for other APIs.',
				},
			],
			rejectedAnswers: [
				{
					status: 400,
					bodyIncludes: ['API_KEY_INVALID'],
					meaning: 'Google does not know the key (API_KEY_INVALID).',
				},
			],
		},
		notes:
			'The key goes in the `x-goog-api-key` header, which Google Cloud APIs accept, and may go to any `*.googleapis.com` host; use full URLs for APIs outside www.googleapis.com. The Gemini API has its own entry.',
		checked: {
			on: CHECKED_ON,
			against: 'https://cloud.google.com/docs/authentication/api-keys-use',
			note: 'The Gemini API no longer takes standard Cloud keys, so the old Gemini test request failed for them. That a key restricted to other APIs answers API_KEY_SERVICE_BLOCKED is taken from Google\'s error model, not from a live call.',
		},
	},
	{
		id: 'hubspot',
		name: 'HubSpot (Service Key)',
		docsUrl:
			'https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/account-service-keys',
		keysUrl: 'https://app.hubspot.com/',
		keyHelp:
			'A service key from Development → Keys → Service keys (Settings → Integrations → Service Keys in some accounts). Since 26 October 2026 legacy private apps can no longer be created; their tokens still work here.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.hubapi.com',
		test: { url: '/account-info/2026-03/details' },
		checked: {
			on: CHECKED_ON,
			against: 'https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/account-service-keys',
			note: 'HubSpot has no stable address for the Service keys page: the link opens HubSpot, the help text gives the menu path.',
		},
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
			field: 'mailchimpDataCenter',
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
		checked: { on: CHECKED_ON, against: 'https://mailchimp.com/developer/marketing/docs/fundamentals/' },
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
			field: 'makeZone',
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
		checked: { on: CHECKED_ON, against: 'https://developers.make.com/api-documentation/authentication' },
	},
	{
		id: 'n8n',
		name: 'n8n (Public API)',
		docsUrl: 'https://docs.n8n.io/connect/n8n-api/authentication/',
		keysUrl: '{account}/settings/api',
		keyHelp:
			'An API key from Settings → n8n API in the instance you want to call. On Enterprise, give it at least the workflow:list scope for the Test button.',
		auth: { placement: 'header', name: 'X-N8N-API-KEY' },
		baseUrl: '{account}/api/v1',
		account: {
			field: 'n8nInstanceUrl',
			label: 'Instance URL',
			description: 'The address of the n8n instance, e.g. https://yourname.app.n8n.cloud',
			kind: 'url',
			placeholder: 'https://n8n.example.com',
			example: 'https://n8n.example.com',
			required: true,
		},
		test: { url: '/workflows?limit=1', permission: 'workflow:list' },
		checked: {
			on: CHECKED_ON,
			against: 'https://docs.n8n.io/connect/n8n-api/authentication/',
			note: 'The API docs moved from docs.n8n.io/api/ to docs.n8n.io/connect/n8n-api/.',
		},
	},
	{
		id: 'notion',
		name: 'Notion',
		docsUrl: 'https://developers.notion.com/reference/authentication',
		keysUrl: 'https://www.notion.so/profile/integrations',
		keyHelp:
			'The token of an internal connection (Settings → Connections → Develop your own connections). Share the pages it needs with the connection.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.notion.com/v1',
		headers: [
			{
				name: 'Notion-Version',
				field: 'notionApiVersion',
				legacyField: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the Notion-Version header. Older examples on the web use 2022-06-28.',
				default: '2026-03-11',
			},
		],
		test: { url: '/users/me' },
		checked: {
			on: CHECKED_ON,
			against: 'https://www.notion.com/help/create-integrations-with-the-notion-api',
			note: 'Notion now calls integrations "connections"; the management page address is unchanged.',
		},
	},
	{
		id: 'openai',
		name: 'OpenAI',
		docsUrl: 'https://platform.openai.com/docs/api-reference/authentication',
		keysUrl: 'https://platform.openai.com/api-keys',
		keyHelp:
			'A secret key from the API keys page, preferably a project key. A restricted key needs the Models: Read permission for the Test button.',
		auth: { placement: 'bearer' },
		baseUrl: 'https://api.openai.com/v1',
		headers: [
			{
				name: 'OpenAI-Organization',
				field: 'openaiOrganization',
				legacyField: 'organization',
				label: 'Organization ID',
				description: 'Optional. Only needed when your key can reach several organizations.',
			},
			{
				name: 'OpenAI-Project',
				field: 'openaiProject',
				legacyField: 'project',
				label: 'Project ID',
				description: 'Optional. Only needed with a user key that can reach several projects.',
			},
		],
		test: { url: '/models', permission: 'Models: Read' },
		checked: { on: CHECKED_ON, against: 'https://platform.openai.com/docs/api-reference/authentication' },
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
		checked: { on: CHECKED_ON, against: 'https://openweathermap.org/current' },
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
				field: 'pineconeApiVersion',
				legacyField: 'apiVersion',
				label: 'API Version',
				description: 'Sent as the X-Pinecone-Api-Version header',
				default: '2026-04',
			},
		],
		allowedHosts: ['*.pinecone.io'],
		test: { url: '/indexes' },
		notes: 'Index hosts (`*.pinecone.io`) are allowed too; call them with full URLs.',
		checked: {
			on: CHECKED_ON,
			against: 'https://docs.pinecone.io/reference/api/versioning',
			note: '2026-04 is the current stable version (2025-10 stays supported for 12 months after its release). The Test only needs a 2xx from GET /indexes, so a changed answer body does not affect it; workflows that read index fields should check the 2026-04 release notes.',
		},
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
			field: 'pipedriveCompanyDomain',
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
		checked: { on: CHECKED_ON, against: 'https://pipedrive.readme.io/docs/core-api-concepts-authentication' },
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
		checked: { on: CHECKED_ON, against: 'https://postmarkapp.com/developer/api/overview' },
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
			field: 'qdrantClusterUrl',
			label: 'Cluster URL',
			description:
				'Your cluster endpoint with its port, e.g. https://xyz-example.eu-central.aws.cloud.qdrant.io:6333',
			kind: 'url',
			placeholder: 'https://xyz-example.eu-central.aws.cloud.qdrant.io:6333',
			example: 'https://xyz-example.eu-central.aws.cloud.qdrant.io:6333',
			required: true,
		},
		test: { url: '/collections' },
		checked: { on: CHECKED_ON, against: 'https://qdrant.tech/documentation/cloud/authentication/' },
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
		checked: {
			on: CHECKED_ON,
			against: 'https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication',
		},
	},
	{
		id: 'stripe',
		name: 'Stripe',
		docsUrl: 'https://docs.stripe.com/api/authentication',
		keysUrl: 'https://dashboard.stripe.com/apikeys',
		keyHelp:
			'A secret key (sk_…) or restricted key (rk_…, with the Balance: Read permission for the Test button) from Developers → API keys. Test-mode keys (sk_test_…) only reach test data.',
		auth: { placement: 'basicUsername' },
		baseUrl: 'https://api.stripe.com/v1',
		headers: [
			{
				name: 'Stripe-Version',
				field: 'stripeApiVersion',
				legacyField: 'apiVersion',
				label: 'API Version',
				description:
					"Optional. Sent as the Stripe-Version header; empty uses your account's default version.",
			},
		],
		test: { url: '/balance', permission: 'Balance: Read' },
		checked: { on: CHECKED_ON, against: 'https://docs.stripe.com/api/authentication' },
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
		checked: { on: CHECKED_ON, against: 'https://developers.webflow.com/data/reference/token/introspect' },
	},
];

export function findPreset(id: string): ServicePreset | undefined {
	return PRESETS.find((preset) => preset.id === id);
}
