/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Each provider's documented auth shape, written down from its documentation independently of
 * shared/presets.ts: the request the Test button should make, where the key must be, and the
 * non-secret headers the provider requires. A local stub enforces these (test/helpers/presetStubs.ts).
 *
 * Adding a preset means adding its contract here; test/workflow/presetContracts.test.ts fails for
 * a preset without one.
 */

/** The places a key can be sent. Header names are lower-case; schemes compare case-insensitively. */
export type KeyShape =
	| 'bearer'
	| 'scheme:token'
	| 'authorization-raw'
	| 'basic-user'
	| 'basic-password'
	| `header:${string}`
	| `query:${string}`;

export interface ProviderContract {
	/** The documentation the contract was written from. */
	source: string;
	/** Host the request must go to (with the sample account filled in). */
	host: string;
	method: 'GET' | 'HEAD' | 'POST';
	path: string;
	/** Non-secret query parameters the request must carry. */
	query?: Record<string, string>;
	/** Non-secret headers the provider requires (lower-case names), e.g. version headers. */
	headers?: Record<string, string | { match: RegExp; example: string }>;
	/** Every documented way to send the key; all other shapes must be rejected. */
	keyShapes: KeyShape[];
	/** A fake key of the provider's shape and the credential fields besides Service and Key. */
	sample: { apiKey: string; account?: string; fields?: Record<string, string> };
}

export const PROVIDER_CONTRACTS: Record<string, ProviderContract> = {
	airtable: {
		source: 'https://airtable.com/developers/web/api/get-user-id-scopes',
		host: 'api.airtable.com',
		method: 'GET',
		path: '/v0/meta/whoami',
		keyShapes: ['bearer'],
		sample: { apiKey: 'patFAKE123.fake456' },
	},
	anthropic: {
		source: 'https://platform.claude.com/docs/en/api/models/list',
		host: 'api.anthropic.com',
		method: 'GET',
		path: '/v1/models',
		headers: { 'anthropic-version': '2023-06-01' },
		keyShapes: ['header:x-api-key'],
		sample: { apiKey: 'sk-ant-fake123' },
	},
	brevo: {
		source: 'https://developers.brevo.com/docs/api-key-authentication',
		host: 'api.brevo.com',
		method: 'GET',
		path: '/v3/account',
		keyShapes: ['header:api-key'],
		sample: { apiKey: 'xkeysib-fake123' },
	},
	bubble: {
		source: 'https://manual.bubble.io/core-resources/api/the-bubble-api/the-data-api/authentication',
		host: 'myapp.bubbleapps.io',
		method: 'GET',
		path: '/api/1.1/obj/user',
		query: { limit: '1' },
		keyShapes: ['bearer'],
		sample: { apiKey: 'fakebubbletoken123', account: 'myapp.bubbleapps.io' },
	},
	clickup: {
		source: 'https://developer.clickup.com/docs/authentication',
		host: 'api.clickup.com',
		method: 'GET',
		path: '/api/v2/user',
		keyShapes: ['authorization-raw'],
		sample: { apiKey: 'pk_123_FAKE' },
	},
	elevenlabs: {
		source: 'https://elevenlabs.io/docs/api-reference/authentication',
		host: 'api.elevenlabs.io',
		method: 'GET',
		path: '/v1/user',
		keyShapes: ['header:xi-api-key'],
		sample: { apiKey: 'sk_fake123' },
	},
	github: {
		source: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api',
		host: 'api.github.com',
		method: 'GET',
		path: '/user',
		headers: { 'x-github-api-version': '2022-11-28' },
		// "In most cases, you can use Authorization: Bearer or Authorization: token".
		keyShapes: ['bearer', 'scheme:token'],
		sample: { apiKey: 'github_pat_fake123' },
	},
	gemini: {
		source: 'https://ai.google.dev/gemini-api/docs/api-key',
		host: 'generativelanguage.googleapis.com',
		method: 'GET',
		path: '/v1beta/models',
		// "You can pass the key as the x-goog-api-key header (recommended) or the key query parameter".
		keyShapes: ['header:x-goog-api-key', 'query:key'],
		sample: { apiKey: 'fake-ai-studio-key-123' },
	},
	google: {
		source: 'https://cloud.google.com/docs/authentication/api-keys-use',
		host: 'storage.googleapis.com',
		method: 'GET',
		path: '/storage/v1/b/gcp-public-data-landsat/o',
		query: { maxResults: '1' },
		keyShapes: ['query:key', 'header:x-goog-api-key'],
		sample: { apiKey: 'AIzaFake123' },
	},
	hubspot: {
		// Service keys and private app tokens both go in Authorization: Bearer (account-service-keys).
		source: 'https://developers.hubspot.com/docs/api-reference/latest/account/account-information/guide',
		host: 'api.hubapi.com',
		method: 'GET',
		path: '/account-info/2026-03/details',
		keyShapes: ['bearer'],
		sample: { apiKey: 'pat-na1-fake123' },
	},
	mailchimp: {
		source: 'https://mailchimp.com/developer/marketing/docs/fundamentals/',
		host: 'us6.api.mailchimp.com',
		method: 'GET',
		path: '/3.0/ping',
		// "you can use any string as the user name. Your API key is used where you would normally include your password".
		keyShapes: ['basic-password'],
		sample: { apiKey: 'fakekey123-us6' },
	},
	make: {
		source: 'https://developers.make.com/api-documentation/authentication',
		host: 'eu2.make.com',
		method: 'GET',
		path: '/api/v2/users/me',
		keyShapes: ['scheme:token'],
		sample: { apiKey: '00000000-fake-0000-0000-000000000000', account: 'eu2.make.com' },
	},
	n8n: {
		source: 'https://docs.n8n.io/connect/n8n-api/authentication/',
		host: 'n8n.example.com',
		method: 'GET',
		path: '/api/v1/workflows',
		query: { limit: '1' },
		keyShapes: ['header:x-n8n-api-key'],
		sample: { apiKey: 'fake-n8n-api-key', account: 'https://n8n.example.com' },
	},
	notion: {
		source: 'https://developers.notion.com/reference/authentication',
		host: 'api.notion.com',
		method: 'GET',
		path: '/v1/users/me',
		headers: { 'notion-version': { match: /^\d{4}-\d{2}-\d{2}$/, example: '2022-06-28' } },
		keyShapes: ['bearer'],
		sample: { apiKey: 'ntn_fake123' },
	},
	openai: {
		source: 'https://platform.openai.com/docs/api-reference/authentication',
		host: 'api.openai.com',
		method: 'GET',
		path: '/v1/models',
		keyShapes: ['bearer'],
		sample: { apiKey: 'sk-proj-fake123' },
	},
	openweathermap: {
		source: 'https://openweathermap.org/current',
		host: 'api.openweathermap.org',
		method: 'GET',
		path: '/data/2.5/weather',
		query: { q: 'London' },
		keyShapes: ['query:appid'],
		sample: { apiKey: 'fakeowmkey123' },
	},
	pinecone: {
		source: 'https://docs.pinecone.io/reference/api/authentication',
		host: 'api.pinecone.io',
		method: 'GET',
		path: '/indexes',
		headers: { 'x-pinecone-api-version': { match: /^\d{4}-\d{2}$/, example: '2026-04' } },
		keyShapes: ['header:api-key'],
		sample: { apiKey: 'pcsk_fake123' },
	},
	pipedrive: {
		source: 'https://pipedrive.readme.io/docs/core-api-concepts-authentication',
		host: 'examplecompany.pipedrive.com',
		method: 'GET',
		path: '/api/v1/users/me',
		keyShapes: ['header:x-api-token'],
		sample: { apiKey: 'fakepipedrivetoken123', account: 'examplecompany' },
	},
	postmark: {
		source: 'https://postmarkapp.com/developer/api/overview',
		host: 'api.postmarkapp.com',
		method: 'GET',
		path: '/server',
		headers: { accept: { match: /application\/json/, example: 'application/json' } },
		keyShapes: ['header:x-postmark-server-token'],
		sample: { apiKey: 'fake-postmark-server-token' },
	},
	qdrant: {
		source: 'https://qdrant.tech/documentation/cloud/authentication/',
		host: 'xyz-example.eu-central.aws.cloud.qdrant.io:6333',
		method: 'GET',
		path: '/collections',
		// "Alternatively, you can use the Authorization header with the Bearer prefix".
		keyShapes: ['header:api-key', 'bearer'],
		sample: { apiKey: 'fake-qdrant-key', account: 'https://xyz-example.eu-central.aws.cloud.qdrant.io:6333' },
	},
	sendgrid: {
		source: 'https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access',
		host: 'api.sendgrid.com',
		method: 'GET',
		path: '/v3/scopes',
		keyShapes: ['bearer'],
		sample: { apiKey: 'SG.fake.123' },
	},
	stripe: {
		source: 'https://docs.stripe.com/api/authentication',
		host: 'api.stripe.com',
		method: 'GET',
		path: '/v1/balance',
		// Basic auth with the key as username and no password; Bearer for cross-origin requests.
		keyShapes: ['basic-user', 'bearer'],
		sample: { apiKey: 'sk_test_fake123' },
	},
	webflow: {
		source: 'https://developers.webflow.com/data/reference/token/introspect',
		host: 'api.webflow.com',
		method: 'GET',
		path: '/v2/token/introspect',
		keyShapes: ['bearer'],
		sample: { apiKey: 'fakewebflowtoken123' },
	},
};
