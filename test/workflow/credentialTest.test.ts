/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * The credential's Test button as n8n runs it: the API Key Request node's
 * methods.credentialTest.apiKeyApiTest (testedBy), called with n8n-core's real
 * CredentialTestContext, against real HTTP servers on 127.0.0.1.
 */
import type { ICredentialType } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { PRESETS } from '../../shared/services/presets';
import { credentialTestFunction, testCredential } from '../helpers/credentialTest';
import { ALL_PLACEMENTS, credentialFor, startKeyApi } from '../helpers/keyApi';
import { pointPresetAt } from '../helpers/presetStubs';
import { closedPort, json, startServer, type TestServer } from '../helpers/servers';

const credentialType = new ApiKeyApi();

/** A server that answers every request with the status in its path (/401, /302…) and records it. */
async function statusServer(extraHeaders: Record<string, string> = {}, body: (status: number) => unknown = () => ({})): Promise<TestServer> {
	return await startServer((req, res) => {
		const status = Number(req.path.split('/')[1]) || 200;
		for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
		json(res, status, body(status));
	});
}

describe('the Test button is the node\'s credentialTest method', () => {
	it('n8n finds it through the node\'s testedBy; the credential has no declarative test that would win', () => {
		expect((credentialType as ICredentialType).test).toBeUndefined();
		expect(typeof credentialTestFunction(credentialType)).toBe('function');
	});
});

describe('the credential Test button', () => {
	test.each(ALL_PLACEMENTS)('%s: a good key passes, a wrong key is explained, each with one request', async (placement) => {
		const key = `test-button-${placement}-Kk90`;
		const api = await startKeyApi(placement, key);
		try {
			const testMethod = placement === 'body' ? 'POST' : 'GET';
			const good = await testCredential(credentialType, credentialFor(placement, key, { baseUrl: api.url, testUrl: '/me', testMethod }));
			expect(good).toEqual({ status: 'OK', message: `Connection successful: ${new URL(api.url).host} accepted the live Key.` });
			expect(api.requests).toHaveLength(1);
			expect(api.requests[0].path).toBe('/me');
			expect(api.requests[0].method).toBe(testMethod);

			const bad = await testCredential(credentialType, credentialFor(placement, `wrong-${key}`, { baseUrl: api.url, testUrl: '/me', testMethod }));
			expect(bad.status).toBe('Error');
			expect(bad.message).toMatch(/^The API rejected the key \(401\)\. The key is wrong or incomplete, or it was revoked at the service, or it is sent in the wrong place: check Placement/);
			expect(bad.message).toContain('Tested the live Key.');
			expect(bad.message).not.toContain(`wrong-${key}`);
			// n8n's declarative test sent a 401 twice; the method sends it once.
			expect(api.requests).toHaveLength(2);
		} finally {
			await api.close();
		}
	});

	test('a full test URL works without a Base URL; an empty Test Request URL calls the Base URL', async () => {
		const api = await startKeyApi('header', 'kb-1');
		try {
			expect((await testCredential(credentialType, credentialFor('header', 'kb-1', { baseUrl: `${api.url}/v2` }))).status).toBe('OK');
			expect(api.requests.at(-1)?.path).toBe('/v2');
			const absolute = await testCredential(credentialType, credentialFor('header', 'kb-1', { testUrl: `${api.url}/ping`, testMethod: 'HEAD' }));
			expect(absolute.status).toBe('OK');
			expect(api.requests.at(-1)?.method).toBe('HEAD');
		} finally {
			await api.close();
		}
	});

	test('a Base URL that answers 404 asks for a Test Request URL; a Test Request URL that answers 404 is named', async () => {
		const api = await statusServer();
		try {
			const atBase = await testCredential(credentialType, credentialFor('header', 'kc-1', { baseUrl: `${api.url}/404` }));
			expect(atBase).toEqual({
				status: 'Error',
				message:
					'The Base URL answered 404. Most APIs have nothing at their Base URL itself: set Test Request URL to an endpoint that needs the key, e.g. /me. Tested the live Key.',
			});
			const atTestUrl = await testCredential(credentialType, credentialFor('header', 'kc-1', { baseUrl: api.url, testUrl: '/404' }));
			expect(atTestUrl.message).toBe(`The test URL was not found (404). ${api.url}/404 answered 404. Check Test Request URL and the Base URL. Tested the live Key.`);
		} finally {
			await api.close();
		}
	});

	test('403, 429, 500 and a redirect say what to do; a redirect is never followed', async () => {
		const other = await statusServer();
		const api = await statusServer({ 'Retry-After': '30', Location: `${other.url}/elsewhere` });
		try {
			const verdict = async (testUrl: string) => await testCredential(credentialType, credentialFor('header', 'kc-2', { baseUrl: api.url, testUrl }));
			expect((await verdict('/403')).message).toMatch(/^The key was recognised but may not make the test request \(403\)\. The key lacks a permission or scope\. Check the key's permissions, or set Test Request URL/);
			expect((await verdict('/429')).message).toMatch(/^The API is rate limiting this key \(429\)\. Too many requests were sent with this key\. The API asks to wait 30\./);
			expect((await verdict('/500')).message).toMatch(/^The API had a problem answering \(500\)\. This is usually temporary/);
			for (const status of [301, 302, 303, 307, 308]) {
				const redirect = await verdict(`/${status}`);
				expect(redirect.status).toBe('Error');
				expect(redirect.message).toBe(
					`The API redirected the request to ${other.url}/elsewhere (${status}). The key is never sent along a redirect. Put the final address in Base URL or Test Request URL. Tested the live Key.`,
				);
			}
			expect(other.requests).toHaveLength(0);
			expect(api.requests).toHaveLength(8);
		} finally {
			await api.close();
			await other.close();
		}
	});

	test('a refused connection and an unknown host are explained', async () => {
		const port = await closedPort();
		const refused = await testCredential(credentialType, credentialFor('header', 'kc-3', { baseUrl: `http://127.0.0.1:${port}`, testUrl: '/me' }));
		expect(refused).toEqual({ status: 'Error', message: `Nothing accepted the connection at 127.0.0.1:${port}. Check the Base URL and that the service is running.` });
		const unknown = await testCredential(credentialType, credentialFor('header', 'kc-3', { baseUrl: 'http://no-such-host.invalid', testUrl: '/me' }));
		expect(unknown.status).toBe('Error');
		expect(unknown.message).toMatch(/^The host no-such-host\.invalid could not be found\. Check the Base URL/);
	});

	test('hosts outside Allowed Hosts are never called; no URL at all is explained', async () => {
		const api = await statusServer();
		try {
			const blocked = await testCredential(credentialType, credentialFor('header', 'kc-4', { baseUrl: api.url, testUrl: '/200', allowedHosts: 'api.example.com', showAdvancedSettings: true }));
			expect(blocked.status).toBe('Error');
			expect(blocked.message).toContain('does not allow sending its key to http://127.0.0.1:');
			expect(api.requests).toHaveLength(0);
			const nothing = await testCredential(credentialType, credentialFor('header', 'kc-4'));
			expect(nothing.message).toMatch(/^No URL to call: set Base URL or Test Request URL in the credential\./);
		} finally {
			await api.close();
		}
	});

	test('a key the API echoes in its error is masked, also in its Basic form', async () => {
		const key = 'echoed-secret-Zq81';
		const api = await startServer((req, res) =>
			json(res, 401, { error: { message: `Key ${key} (as ${String(req.headers.authorization ?? '')}) is not valid` } }),
		);
		try {
			for (const placement of ['header', 'bearer', 'basicUsername'] as const) {
				const result = await testCredential(credentialType, credentialFor(placement, key, { baseUrl: api.url, testUrl: '/me' }));
				expect(result.message).toContain('The API said: Key [redacted]');
				expect(result.message).not.toContain(key);
				expect(result.message).not.toContain(Buffer.from(`${key}:`).toString('base64'));
			}
		} finally {
			await api.close();
		}
	});

	test('says when the key is a test-mode key, without telling anyone to move it', async () => {
		const api = await startKeyApi('header', 'sk_test_only123');
		try {
			const result = await testCredential(credentialType, credentialFor('header', 'sk_test_only123', { baseUrl: api.url, testUrl: '/me' }));
			expect(result).toEqual({
				status: 'OK',
				message: `Connection successful: ${new URL(api.url).host} accepted the live Key. It is a test-mode secret key (sk_test_…): requests with it only reach test data.`,
			});
		} finally {
			await api.close();
		}
	});
});

describe('presets: the service\'s own test request, permissions and answers', () => {
	const preset = (id: string) => PRESETS.find((entry) => entry.id === id)!;

	test('OpenAI: a 401 names the permission a restricted key needs and where keys are managed', async () => {
		const api = await statusServer({}, () => ({ error: { message: 'You have insufficient permissions for this operation. Missing scopes: api.model.read.' } }));
		const restore = pointPresetAt('openai', `${api.url}/401`);
		try {
			const result = await testCredential(credentialType, { service: 'openai', apiKey: 'sk-proj-fake' });
			expect(result.status).toBe('Error');
			expect(result.message).toBe(
				'The API rejected the key (401). The key is wrong or incomplete, or it was revoked at the service. A key with limited permissions needs Models: Read for this request. Tested the live Key. Manage OpenAI keys at https://platform.openai.com/api-keys. The API said: You have insufficient permissions for this operation. Missing scopes: api.model.read.',
			);
			expect(result.message).not.toContain('Placement');
			expect(api.requests).toHaveLength(1);
		} finally {
			restore();
			await api.close();
		}
	});

	test('Stripe: a restricted key without Balance: Read is told so on a 403', async () => {
		const api = await statusServer();
		const restore = pointPresetAt('stripe', `${api.url}/403`);
		try {
			const result = await testCredential(credentialType, { service: 'stripe', apiKey: 'rk_live_fake' });
			expect(result.message).toMatch(/^The key was recognised but may not make the test request \(403\)\. The key lacks a permission or scope\. A key with limited permissions needs Balance: Read for this request\. Tested the live Key\. It is a live restricted key \(rk_live_…\)\./);
		} finally {
			restore();
			await api.close();
		}
	});

	test('Google Cloud: a valid key whose project lacks the test API passes; an invalid key is rejected', async () => {
		const body = (status: number) =>
			status === 403
				? { error: { code: 403, status: 'PERMISSION_DENIED', details: [{ reason: 'SERVICE_DISABLED' }], message: 'Cloud Storage has not been used in project 1' } }
				: { error: { code: 400, status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }], message: 'API key not valid. Please pass a valid API key.' } };
		const api = await statusServer({}, body);
		try {
			let restore = pointPresetAt('google', `${api.url}/403`);
			const disabled = await testCredential(credentialType, { service: 'google', apiKey: 'AIzaFake' });
			restore();
			expect(disabled.status).toBe('OK');
			expect(disabled.message).toContain('Google Cloud (API Key) accepted the live Key. Google accepted the key; Cloud Storage');
			expect(api.requests.at(-1)?.headers['x-goog-api-key']).toBe('AIzaFake');
			restore = pointPresetAt('google', `${api.url}/400`);
			const invalid = await testCredential(credentialType, { service: 'google', apiKey: 'AIzaFake' });
			restore();
			expect(invalid.status).toBe('Error');
			expect(invalid.message).toMatch(/^The API rejected the key \(400\)\. Google does not know the key \(API_KEY_INVALID\)\./);
			expect(preset('google').test.url).toMatch(/^https:\/\/storage\.googleapis\.com\//);
		} finally {
			await api.close();
		}
	});
});
