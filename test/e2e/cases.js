'use strict';
/**
 * The end-to-end cases: one API Key credential per case (each with its own canary key, so a leak
 * names the case it came from), the route of the local key-checking API that accepts it, and the
 * node that calls that route inside real n8n.
 *
 * Canary keys are obviously fake and unique; some contain characters that URL encoding changes,
 * so the leak scan's URL-encoded form differs from the raw one.
 */
const { expectKey } = require('./helpers/key-server');

const CANARY = {
	header: 'canary-e2e-header-7f3a',
	extraSecret: 'canary-e2e-extra-secret-2b91',
	query: 'canary-e2e-query/c4d2+x=',
	bearer: 'canary-e2e-bearer-91be',
	authScheme: 'canary-e2e-scheme-5e07',
	basicUsername: 'canary-e2e-basic-user-3a6c',
	basicPassword: 'canary-e2e-basic-pass-d81f',
	bodyJson: 'canary-e2e-body-json-0c5b',
	bodyForm: 'canary-e2e-body-form+5d/e=',
	cookie: 'canary-e2e-cookie-6ad4',
	wrongKey: 'canary-e2e-wrong-key-e13c',
	blockedHost: 'canary-e2e-blocked-host-8f20',
	httpHeader: 'canary-e2e-http-header-47aa',
	httpQuery: 'canary-e2e-http-query/91c0+y=',
	httpBearer: 'canary-e2e-http-bearer-3d5e',
	httpBody: 'canary-e2e-http-body-a7c1',
	httpBlocked: 'canary-e2e-http-blocked-60f9',
	echoOk: 'canary-e2e-echo-ok-5b2e',
	echoRejected: 'canary-e2e-echo-401-c8a3',
	restGood: 'canary-e2e-rest-good-b6d9',
	restBad: 'canary-e2e-rest-bad-2c71',
	presetN8n: 'canary-e2e-preset-n8n-4e1d',
	presetQdrant: 'canary-e2e-preset-qdrant-9a3b',
	redirectExtra: 'canary-e2e-redirect-extra-5c8e',
	redirectHeader: 'canary-e2e-redirect-header-0d1f',
	redirectQuery: 'canary-e2e-redirect-query-77ab',
	redirectBearer: 'canary-e2e-redirect-bearer-c2e4',
	redirectAuthScheme: 'canary-e2e-redirect-scheme-3b6a',
	redirectBasicUsername: 'canary-e2e-redirect-basic-user-9e02',
	redirectBasicPassword: 'canary-e2e-redirect-basic-pass-4f7d',
	redirectBody: 'canary-e2e-redirect-body-a1c3',
	redirectCookie: 'canary-e2e-redirect-cookie-6e95',
	redirectTest: 'canary-e2e-redirect-test-button-2a4c',
};

const BASIC_USER = 'e2e-user';
/** The only key the /wrong-key route accepts; n8n never gets it. */
const ACCEPTED_BY_WRONG_KEY_ROUTE = 'e2e-accepted-key-never-sent';
const BLOCKING_HOSTS = 'api.example.invalid';

const NODE_TYPES = {
	apiKeyRequest: { type: 'n8n-nodes-api-key.apiKeyRequest', typeVersion: 1 },
	httpRequest: { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2 },
};

const keyValuePairs = (pairs) => ({ parameters: Object.entries(pairs).map(([name, value]) => ({ name, value })) });

/** Parameters of our API Key Request node (nodes/ApiKeyRequest/descriptions). */
function apiKeyRequestParameters({ method = 'GET', url, query, headers, jsonBody, options = {} }) {
	const parameters = { method, url, options };
	if (query) Object.assign(parameters, { sendQuery: true, queryParameters: keyValuePairs(query) });
	if (headers) Object.assign(parameters, { sendHeaders: true, headerParameters: keyValuePairs(headers) });
	if (jsonBody) {
		Object.assign(parameters, { sendBody: true, contentType: 'json', specifyBody: 'keypair', bodyParameters: keyValuePairs(jsonBody) });
	}
	return parameters;
}

/** Parameters of n8n's HTTP Request node using the API Key credential as a predefined type. */
function httpRequestParameters({ method = 'GET', url, query, jsonBody, options = {} }) {
	const parameters = { method, url, authentication: 'predefinedCredentialType', nodeCredentialType: 'apiKeyApi', options };
	if (query) Object.assign(parameters, { sendQuery: true, queryParameters: keyValuePairs(query) });
	if (jsonBody) {
		Object.assign(parameters, { sendBody: true, contentType: 'json', specifyBody: 'keypair', bodyParameters: keyValuePairs(jsonBody) });
	}
	return parameters;
}

/**
 * expect: 'ok' (the API accepted the key), 'rejected' (the API answered 401, the node continued
 * with an error item) or 'blocked' (the credential refused the host; nothing reached the API).
 * credential(server) and parameters(server) get the running key server for its URLs.
 */
const NODE_CASES = [
	{
		id: 'header',
		title: 'header placement, with a secret extra header and a plain extra query parameter',
		node: 'apiKeyRequest',
		canaries: [CANARY.header, CANARY.extraSecret],
		route: '/header',
		accept: expectKey.all(
			expectKey.header('X-E2E-Key', CANARY.header),
			expectKey.header('X-E2E-Secret', CANARY.extraSecret),
			expectKey.query('api_version', '2024-01'),
		),
		credential: (server) => ({
			apiKey: CANARY.header,
			placement: 'header',
			headerName: 'X-E2E-Key',
			allowedHosts: server.url(''),
			extraFields: {
				field: [
					{ location: 'header', name: 'X-E2E-Secret', value: CANARY.extraSecret, secret: true },
					{ location: 'query', name: 'api_version', value: '2024-01', secret: false },
				],
			},
		}),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/header') }),
		expect: 'ok',
	},
	{
		id: 'query',
		title: 'query placement, with a Base URL, a relative URL and a query parameter of the node',
		node: 'apiKeyRequest',
		canaries: [CANARY.query],
		route: '/v1/query',
		accept: expectKey.all(expectKey.query('e2e_key', CANARY.query), expectKey.query('page', '2')),
		credential: (server) => ({ apiKey: CANARY.query, placement: 'query', queryName: 'e2e_key', baseUrl: server.url('/v1') }),
		parameters: () => apiKeyRequestParameters({ url: '/query', query: { page: '2' } }),
		expect: 'ok',
	},
	{
		id: 'bearer',
		title: 'bearer placement (key pasted with its "Bearer " prefix)',
		node: 'apiKeyRequest',
		canaries: [CANARY.bearer],
		route: '/bearer',
		accept: expectKey.authorization(`Bearer ${CANARY.bearer}`),
		credential: () => ({ apiKey: `Bearer ${CANARY.bearer}`, placement: 'bearer' }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/bearer') }),
		expect: 'ok',
	},
	{
		id: 'authScheme',
		title: 'authScheme placement (Authorization: Token <key>)',
		node: 'apiKeyRequest',
		canaries: [CANARY.authScheme],
		route: '/auth-scheme',
		accept: expectKey.authorization(`Token ${CANARY.authScheme}`),
		credential: () => ({ apiKey: CANARY.authScheme, placement: 'authScheme', scheme: 'Token' }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/auth-scheme') }),
		expect: 'ok',
	},
	{
		id: 'basicUsername',
		title: 'basicUsername placement (key as Basic username, empty password)',
		node: 'apiKeyRequest',
		canaries: [CANARY.basicUsername],
		basicPairs: [`${CANARY.basicUsername}:`],
		route: '/basic-username',
		accept: expectKey.basic(CANARY.basicUsername, ''),
		credential: () => ({ apiKey: CANARY.basicUsername, placement: 'basicUsername', basicPassword: '' }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/basic-username') }),
		expect: 'ok',
	},
	{
		id: 'basicPassword',
		title: 'basicPassword placement (key as Basic password)',
		node: 'apiKeyRequest',
		canaries: [CANARY.basicPassword],
		basicPairs: [`${BASIC_USER}:${CANARY.basicPassword}`],
		route: '/basic-password',
		accept: expectKey.basic(BASIC_USER, CANARY.basicPassword),
		credential: () => ({ apiKey: CANARY.basicPassword, placement: 'basicPassword', basicUsername: BASIC_USER }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/basic-password') }),
		expect: 'ok',
	},
	{
		id: 'bodyJson',
		title: 'body placement, JSON, merged into the JSON body of a POST',
		node: 'apiKeyRequest',
		canaries: [CANARY.bodyJson],
		route: '/body-json',
		accept: expectKey.all(expectKey.jsonBody('api_key', CANARY.bodyJson), (request) => request.json?.hello === 'world'),
		credential: () => ({ apiKey: CANARY.bodyJson, placement: 'body', bodyFieldName: 'api_key', bodyFormat: 'json' }),
		parameters: (server) => apiKeyRequestParameters({ method: 'POST', url: server.url('/body-json'), jsonBody: { hello: 'world' } }),
		expect: 'ok',
		bodyFieldNames: ['api_key', 'hello'],
	},
	{
		id: 'bodyForm',
		title: 'body placement, form URL-encoded, for a POST without a body of its own',
		node: 'apiKeyRequest',
		canaries: [CANARY.bodyForm],
		route: '/body-form',
		accept: expectKey.formBody('token', CANARY.bodyForm),
		credential: () => ({ apiKey: CANARY.bodyForm, placement: 'body', bodyFieldName: 'token', bodyFormat: 'form' }),
		parameters: (server) => apiKeyRequestParameters({ method: 'POST', url: server.url('/body-form') }),
		expect: 'ok',
		bodyFieldNames: ['token'],
	},
	{
		id: 'cookie',
		title: "cookie placement, next to a cookie of the node's own",
		node: 'apiKeyRequest',
		canaries: [CANARY.cookie],
		route: '/cookie',
		accept: expectKey.all(expectKey.cookie('session_key', CANARY.cookie), (request) => request.cookies.theme === 'dark'),
		credential: () => ({ apiKey: CANARY.cookie, placement: 'cookie', cookieName: 'session_key' }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/cookie'), headers: { Cookie: 'theme=dark' } }),
		expect: 'ok',
	},
	{
		id: 'wrongKey',
		title: 'a key the API rejects (401) with Continue On Fail gives an error item',
		node: 'apiKeyRequest',
		canaries: [CANARY.wrongKey],
		route: '/wrong-key',
		accept: expectKey.header('X-API-Key', ACCEPTED_BY_WRONG_KEY_ROUTE),
		credential: () => ({ apiKey: CANARY.wrongKey, placement: 'header', headerName: 'X-API-Key' }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/wrong-key') }),
		expect: 'rejected',
	},
	{
		id: 'blockedHost',
		title: 'a host outside Allowed Hosts fails and the API receives nothing',
		node: 'apiKeyRequest',
		canaries: [CANARY.blockedHost],
		route: '/blocked',
		accept: () => true,
		credential: () => ({ apiKey: CANARY.blockedHost, placement: 'header', allowedHosts: BLOCKING_HOSTS }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/blocked') }),
		expect: 'blocked',
	},
	{
		id: 'echoOk',
		title: 'an API that echoes the key in its answer: the output shows it masked',
		node: 'apiKeyRequest',
		canaries: [CANARY.echoOk],
		route: '/echo',
		accept: { accept: expectKey.header('X-E2E-Key', CANARY.echoOk), echo: (request) => request.headers['x-e2e-key'] },
		credential: () => ({ apiKey: CANARY.echoOk, placement: 'header', headerName: 'X-E2E-Key' }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/echo') }),
		expect: 'ok',
		echoed: true,
	},
	{
		id: 'echoRejected',
		title: 'an API that rejects the key and quotes it in its 401 error: the error item shows it masked',
		node: 'apiKeyRequest',
		canaries: [CANARY.echoRejected],
		route: '/echo-401',
		accept: { accept: expectKey.header('X-E2E-Key', ACCEPTED_BY_WRONG_KEY_ROUTE), echo: (request) => request.headers['x-e2e-key'] },
		credential: () => ({ apiKey: CANARY.echoRejected, placement: 'header', headerName: 'X-E2E-Key' }),
		parameters: (server) => apiKeyRequestParameters({ url: server.url('/echo-401') }),
		expect: 'rejected',
		echoed: true,
	},
	{
		id: 'httpHeader',
		title: 'HTTP Request node, predefined credential apiKeyApi: header placement',
		node: 'httpRequest',
		canaries: [CANARY.httpHeader],
		route: '/http/header',
		accept: expectKey.header('X-E2E-Key', CANARY.httpHeader),
		credential: () => ({ apiKey: CANARY.httpHeader, placement: 'header', headerName: 'X-E2E-Key' }),
		parameters: (server) => httpRequestParameters({ url: server.url('/http/header') }),
		expect: 'ok',
	},
	{
		id: 'httpQuery',
		title: "HTTP Request node, predefined credential apiKeyApi: query placement next to the node's own query",
		node: 'httpRequest',
		canaries: [CANARY.httpQuery],
		route: '/http/query',
		accept: expectKey.all(expectKey.query('api_key', CANARY.httpQuery), expectKey.query('page', '3')),
		credential: () => ({ apiKey: CANARY.httpQuery, placement: 'query' }),
		parameters: (server) => httpRequestParameters({ url: server.url('/http/query'), query: { page: '3' } }),
		expect: 'ok',
	},
	{
		id: 'httpBearer',
		title: 'HTTP Request node, predefined credential apiKeyApi: bearer placement with a Base URL',
		node: 'httpRequest',
		canaries: [CANARY.httpBearer],
		route: '/http/bearer',
		accept: expectKey.authorization(`Bearer ${CANARY.httpBearer}`),
		credential: (server) => ({ apiKey: CANARY.httpBearer, placement: 'bearer', baseUrl: server.url('/http') }),
		parameters: (server) => httpRequestParameters({ url: server.url('/http/bearer') }),
		expect: 'ok',
	},
	{
		id: 'httpBody',
		title: 'HTTP Request node, predefined credential apiKeyApi: body placement merged into a JSON POST',
		node: 'httpRequest',
		canaries: [CANARY.httpBody],
		route: '/http/body',
		accept: expectKey.all(expectKey.jsonBody('api_key', CANARY.httpBody), (request) => request.json?.hello === 'world'),
		credential: () => ({ apiKey: CANARY.httpBody, placement: 'body', bodyFieldName: 'api_key', bodyFormat: 'json' }),
		parameters: (server) => httpRequestParameters({ method: 'POST', url: server.url('/http/body'), jsonBody: { hello: 'world' } }),
		expect: 'ok',
		bodyFieldNames: ['api_key', 'hello'],
	},
	{
		id: 'httpBlocked',
		title: 'HTTP Request node, predefined credential apiKeyApi: a host outside Allowed Hosts fails and the API receives nothing',
		node: 'httpRequest',
		canaries: [CANARY.httpBlocked],
		route: '/http/blocked',
		accept: () => true,
		credential: () => ({ apiKey: CANARY.httpBlocked, placement: 'header', allowedHosts: BLOCKING_HOSTS }),
		parameters: (server) => httpRequestParameters({ url: server.url('/http/blocked') }),
		expect: 'blocked',
	},
];

/**
 * Redirects to another origin (another port on the same host; https to plain http) with every
 * status and placement, through both nodes: the key and the secret extra field must never arrive
 * there. One credential per placement, used by both nodes.
 */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const REDIRECT_KINDS = ['another port', 'https to http'];
const REDIRECT_PLACEMENTS = {
	header: { canary: CANARY.redirectHeader, data: { placement: 'header', headerName: 'X-E2E-Key' } },
	query: { canary: CANARY.redirectQuery, data: { placement: 'query', queryName: 'e2e_key' } },
	bearer: { canary: CANARY.redirectBearer, data: { placement: 'bearer' } },
	authScheme: { canary: CANARY.redirectAuthScheme, data: { placement: 'authScheme', scheme: 'Token' } },
	basicUsername: { canary: CANARY.redirectBasicUsername, data: { placement: 'basicUsername', basicPassword: '' } },
	basicPassword: { canary: CANARY.redirectBasicPassword, data: { placement: 'basicPassword', basicUsername: BASIC_USER } },
	body: { canary: CANARY.redirectBody, data: { placement: 'body', bodyFieldName: 'api_key', bodyFormat: 'json' } },
	cookie: { canary: CANARY.redirectCookie, data: { placement: 'cookie', cookieName: 'session_key' } },
};

function redirectCredentialData(placement, redirects) {
	const { canary, data } = REDIRECT_PLACEMENTS[placement];
	return {
		apiKey: canary,
		allowedHosts: redirects.origins.join(', '),
		extraFields: { field: [{ location: 'header', name: 'X-E2E-Redirect-Secret', value: CANARY.redirectExtra, secret: true }] },
		...data,
	};
}

/** [{ id, node, placement, status, kind, parameters(servers) }] for both nodes. */
function redirectCases() {
	const cases = [];
	for (const node of ['apiKeyRequest', 'httpRequest']) {
		for (const placement of Object.keys(REDIRECT_PLACEMENTS)) {
			for (const status of REDIRECT_STATUSES) {
				for (const kind of REDIRECT_KINDS) {
					const withBody = placement === 'body' || status === 307 || status === 308;
					const build = node === 'apiKeyRequest' ? apiKeyRequestParameters : httpRequestParameters;
					cases.push({
						id: `${node} ${placement} ${status} ${kind}`,
						node,
						placement,
						status,
						kind,
						parameters: (servers) =>
							build({ method: withBody ? 'POST' : 'GET', url: servers.url(status, kind), jsonBody: withBody ? { hello: 'world' } : undefined, options: { allowUnauthorizedCerts: true } }),
					});
				}
			}
		}
	}
	return cases;
}

/** Credentials created through the REST API and checked with the editor's Test button call. */
const REST_ROUTE = '/rest-test/me';
const REST_HEADER = 'X-E2E-Key';
// The Test says who accepted which key, e.g. "Connection successful: 127.0.0.1:4321 accepted the live Key."
const CONNECTED = { 1: /^Connection successful: .+ accepted the live Key\./, 2: /^Connection successful: .+ accepted the live Key\./ };

function restCredentialData(server, key) {
	return { apiKey: key, placement: 'header', headerName: REST_HEADER, baseUrl: server.url('/rest-test'), testUrl: '/me' };
}

const REST_CASES = [
	{ id: 'restGood', title: 'a good key', key: CANARY.restGood, expectStatus: 'OK', expectMessage: CONNECTED },
	{
		id: 'restBad',
		title: 'a key the API rejects',
		key: CANARY.restBad,
		expectStatus: 'Error',
		// The node's credentialTest method answers on both lines with the package's own text.
		expectMessage: { 1: /^The API rejected the key \(401\)\./, 2: /^The API rejected the key \(401\)\./ },
	},
	// Presets whose address is the user's own instance can point at the local API; the others
	// are checked in-process against stubs of each provider (test/workflow/presetContracts.test.ts).
	{
		id: 'presetN8n',
		title: 'the n8n preset',
		key: CANARY.presetN8n,
		expectStatus: 'OK',
		expectMessage: CONNECTED,
		route: '/n8n-instance/api/v1/workflows',
		header: 'X-N8N-API-KEY',
		data: (server, key) => ({ service: 'n8n', apiKey: key, n8nInstanceUrl: server.url('/n8n-instance') }),
	},
	{
		id: 'presetQdrant',
		title: 'the Qdrant preset',
		key: CANARY.presetQdrant,
		expectStatus: 'OK',
		expectMessage: CONNECTED,
		route: '/qdrant-cluster/collections',
		header: 'api-key',
		data: (server, key) => ({ service: 'qdrant', apiKey: key, qdrantClusterUrl: server.url('/qdrant-cluster') }),
	},
].map((restCase) => ({ route: REST_ROUTE, header: REST_HEADER, data: restCredentialData, ...restCase }));

/** Server routes for every case. */
function routes() {
	const all = Object.fromEntries(NODE_CASES.map((testCase) => [testCase.route, testCase.accept]));
	for (const restCase of REST_CASES) {
		if (restCase.expectStatus === 'OK') all[restCase.route] = expectKey.header(restCase.header, restCase.key);
	}
	return all;
}

/** Every canary with the extra encoded forms it can take on the wire (Basic pairs). */
function canaryList() {
	const basicPairs = new Map();
	for (const testCase of NODE_CASES) {
		for (const pair of testCase.basicPairs ?? []) basicPairs.set(testCase.canaries[0], pair);
	}
	return Object.entries(CANARY).map(([name, value]) => ({
		name,
		value,
		basicPairs: basicPairs.has(value) ? [basicPairs.get(value)] : [],
	}));
}

/**
 * A case's credential data as imported: a credential with neither Base URL nor Allowed Hosts
 * sends its key nowhere, so cases that call the key server by full URL allow its origin.
 */
function credentialData(testCase, server) {
	const data = testCase.credential(server);
	return data.baseUrl || data.allowedHosts ? data : { ...data, allowedHosts: server.url('') };
}

module.exports = { CANARY, NODE_CASES, credentialData, NODE_TYPES, REST_CASES, REDIRECT_PLACEMENTS, redirectCases, redirectCredentialData, routes, canaryList };
