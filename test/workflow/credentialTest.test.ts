import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { testCredential } from '../helpers/credentialTest';
import { ALL_PLACEMENTS, credentialFor, startKeyApi } from '../helpers/keyApi';
import { json, startServer } from '../helpers/servers';

const credentialType = new ApiKeyApi();

describe('the credential Test button', () => {
	test.each(ALL_PLACEMENTS)('%s: a good key passes, a wrong key is explained', async (placement) => {
		const key = `test-button-${placement}-Kk90`;
		const api = await startKeyApi(placement, key);
		try {
			const testMethod = placement === 'body' ? 'POST' : 'GET';
			const good = await testCredential(credentialType, credentialFor(placement, key, { baseUrl: api.url, testUrl: '/me', testMethod }));
			expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(api.requests.at(-1)?.path).toBe('/me');

			const bad = await testCredential(credentialType, credentialFor(placement, 'wrong', { baseUrl: api.url, testUrl: '/me', testMethod }));
			expect(bad.status).toBe('Error');
			expect(bad.message).toContain('The API rejected the key (401)');
		} finally {
			await api.close();
		}
	});

	test('defaults to GET on the Base URL; a full test URL works without a Base URL', async () => {
		const api = await startKeyApi('header', 'kb-1');
		try {
			expect((await testCredential(credentialType, credentialFor('header', 'kb-1', { baseUrl: `${api.url}/v2` }))).status).toBe('OK');
			expect(api.requests.at(-1)?.path).toBe('/v2');
			expect(api.requests.at(-1)?.method).toBe('GET');
			const absolute = await testCredential(credentialType, credentialFor('header', 'kb-1', { testUrl: `${api.url}/ping`, testMethod: 'HEAD' }));
			expect(absolute.status).toBe('OK');
			expect(api.requests.at(-1)?.method).toBe('HEAD');
		} finally {
			await api.close();
		}
	});

	test('403, 404 and 429 answers say what to do; hosts outside Allowed Hosts are never called', async () => {
		const api = await startServer((req, res) => json(res, Number(req.path.slice(1)) || 200, {}));
		try {
			const verdict = async (testUrl: string, extra = {}) =>
				await testCredential(credentialType, credentialFor('header', 'kc-2', { baseUrl: api.url, testUrl, ...extra }));
			expect((await verdict('/403')).message).toContain('(403)');
			expect((await verdict('/404')).message).toContain('Check the Base URL and Test Request URL');
			expect((await verdict('/429')).message).toContain('rate limiting');
			const before = api.requests.length;
			const blocked = await verdict('/200', { allowedHosts: 'api.example.com' });
			expect(blocked).toEqual({
				status: 'Error',
				message: expect.stringContaining('does not allow sending its key to 127.0.0.1'),
			});
			expect(api.requests.length).toBe(before);
			const nothing = await testCredential(credentialType, credentialFor('header', 'kc-2'));
			expect(nothing.message).toContain('No URL to call');
		} finally {
			await api.close();
		}
	});
});
