/**
 * Key life cycle in real workflow runs (n8n-core's WorkflowExecute, real HTTP on 127.0.0.1):
 * rotation to the Secondary Key, expiry, test and live environments, and the live-key guard.
 */
import type { ICredentialDataDecryptedObject, INodeParameters, INodeType, WorkflowExecuteMode } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { testCredential } from '../helpers/credentialTest';
import { credentialFor, serverSaw } from '../helpers/keyApi';
import { pointPresetAt } from '../helpers/presetStubs';
import { closedPort, json, startServer, type RecordedRequest, type TestServer } from '../helpers/servers';
import { runNode, type RunNodeResult } from '../helpers/workflow';

const PRIMARY = 'primary-key-aaa1';
const SECONDARY = 'secondary-key-bbb2';
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const nodes: Array<[string, () => INodeType]> = [['API Key Request node', () => new ApiKeyRequest()]];

/** Which key a request carried in X-API-Key, or "none". */
const keyOf = (req: RecordedRequest) => String(req.headers['x-api-key'] ?? 'none');

/** An API that accepts some keys and answers others with 401 (or 403), echoing what it got. */
async function keyApi(accepted: string[], rejectWith = 401): Promise<TestServer> {
	return await startServer((req, res) => {
		if (!accepted.includes(keyOf(req))) {
			json(res, rejectWith, { error: { message: 'Invalid API key' } });
			return;
		}
		json(res, 200, { ok: true, path: req.path });
	});
}

describe.each(nodes)('%s', (_name, makeNode) => {
	const credentialType = new ApiKeyApi();

	async function run(
		credential: ICredentialDataDecryptedObject,
		parameters: INodeParameters,
		extra: { items?: number; continueOnFail?: boolean; mode?: WorkflowExecuteMode } = {},
	): Promise<RunNodeResult> {
		return await runNode({
			node: makeNode(),
			parameters: { method: 'GET', ...parameters },
			credentials: { apiKeyApi: credential },
			credentialTypes: [credentialType],
			items: Array.from({ length: extra.items ?? 1 }, (_, index) => ({ json: { index } })),
			continueOnFail: extra.continueOnFail,
			mode: extra.mode,
		});
	}

	const hintMessages = (result: RunNodeResult) => result.hints.map((hint) => hint.message);

	describe('rotation', () => {
		let api: TestServer;
		afterEach(async () => {
			await api?.close();
		});

		it.each([401, 403])('retries once with the Secondary Key after a %i, marks the output and the hints', async (status) => {
			api = await keyApi([SECONDARY], status);
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY }), { url: '/items' });
			expect(result.error).toBeUndefined();
			expect(api.requests.map(keyOf)).toEqual([PRIMARY, SECONDARY]);
			expect(api.requests.map((req) => req.path)).toEqual(['/items', '/items']);
			expect(result.items).toEqual([expect.objectContaining({ json: { ok: true, path: '/items', keyUsed: 'secondary' } })]);
			expect(result.hints).toContainEqual(
				expect.objectContaining({
					type: 'warning',
					message: expect.stringContaining('the Secondary Key worked for 1 of 1 request. Finish the rotation'),
				}),
			);
			expect(JSON.stringify(result.runData)).not.toContain(SECONDARY);
		});

		it('never puts both keys into one request', async () => {
			api = await keyApi([SECONDARY]);
			await run(credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY }), { url: '/items' });
			for (const req of api.requests) {
				const wire = `${req.url}${JSON.stringify(req.headers)}${req.body.toString()}`;
				expect(wire.includes(PRIMARY) && wire.includes(SECONDARY)).toBe(false);
			}
		});

		it('uses the Key alone when it works: no second request, no marker, no hint', async () => {
			api = await keyApi([PRIMARY, SECONDARY]);
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY }), { url: '/items' });
			expect(api.requests.map(keyOf)).toEqual([PRIMARY]);
			expect(result.items[0].json).toEqual({ ok: true, path: '/items' });
			expect(result.hints).toEqual([]);
			expect(serverSaw(api, SECONDARY)).toBe(false);
		});

		it('goes straight to the Secondary Key for later items once it worked', async () => {
			api = await keyApi([SECONDARY]);
			// One request at a time, so each item starts after the previous one found the working key.
			const result = await run(
				credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY }),
				{ url: '/items', options: { rateLimit: { limit: { maxConcurrent: 1 } } } },
				{ items: 3 },
			);
			expect(api.requests.map(keyOf)).toEqual([PRIMARY, SECONDARY, SECONDARY, SECONDARY]);
			expect(result.items.map((item) => item.json.keyUsed)).toEqual(['secondary', 'secondary', 'secondary']);
			expect(hintMessages(result).join('\n')).toContain('worked for 3 of 3 requests');
		});

		it('explains when both keys are rejected', async () => {
			api = await keyApi([]);
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY }), { url: '/items' });
			expect(api.requests.map(keyOf)).toEqual([PRIMARY, SECONDARY]);
			expect(result.error?.message).toContain('The API rejected the key (401)');
			expect(result.error?.description).toContain('The Secondary Key was tried too and was rejected as well.');
			expect(result.error?.description).toContain('it was revoked');
			const stored = JSON.stringify(result.runData);
			expect(stored).not.toContain(PRIMARY);
			expect(stored).not.toContain(SECONDARY);
		});

		it('does not touch the Secondary Key without a Secondary Key', async () => {
			api = await keyApi([]);
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url }), { url: '/items' });
			expect(api.requests.map(keyOf)).toEqual([PRIMARY]);
			expect(result.error?.description).not.toContain('Secondary Key');
		});

		it('does not try the Secondary Key when nothing answered', async () => {
			api = await keyApi([SECONDARY]);
			const port = await closedPort();
			const result = await run(
				credentialFor('header', PRIMARY, { baseUrl: `http://127.0.0.1:${port}`, secondaryApiKey: SECONDARY }),
				{ url: '/items' },
			);
			expect(result.error?.message).toMatch(/^The API refused the connection/);
			expect(api.requests).toHaveLength(0);
		});

		it('never sends the Secondary Key where the Key would not go', async () => {
			api = await keyApi([SECONDARY]);
			const other = await startServer((req, res) => json(res, 401, { seen: keyOf(req) }));
			try {
				// Cross-origin redirect: followed without any key, and the Secondary Key retry goes to the same first URL.
				const redirecting = await startServer((_req, res) => {
					res.writeHead(307, { location: `${other.url}/elsewhere` });
					res.end();
				});
				try {
					const result = await run(
						credentialFor('header', PRIMARY, { baseUrl: redirecting.url, secondaryApiKey: SECONDARY }),
						{ url: '/items' },
					);
					expect(result.error?.message).toContain('(401)');
					expect(redirecting.requests.map(keyOf)).toEqual([PRIMARY, SECONDARY]);
					expect(other.requests.map(keyOf)).toEqual(['none', 'none']);
					// A host outside Allowed Hosts gets neither key, and nothing is sent.
					const blocked = await run(
						credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY, allowedHosts: 'api.example.com' }),
						{ url: '/items' },
					);
					expect(blocked.error?.message).toContain('does not allow sending its key to http://127.0.0.1:');
					expect(api.requests).toHaveLength(0);
				} finally {
					await redirecting.close();
				}
			} finally {
				await other.close();
			}
		});

		it('masks the Secondary Key in output when an API echoes it', async () => {
			api = await startServer((req, res) =>
				keyOf(req) === SECONDARY ? json(res, 200, { echo: req.headers }) : json(res, 401, { error: 'no' }),
			);
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY }), { url: '/echo' });
			expect(JSON.stringify(result.items)).toContain('[redacted]');
			expect(JSON.stringify(result.runData)).not.toContain(SECONDARY);
		});

		it('turns a rejection into an error item with Continue On Fail', async () => {
			api = await keyApi([]);
			const result = await run(
				credentialFor('header', PRIMARY, { baseUrl: api.url, secondaryApiKey: SECONDARY }),
				{ url: '/items' },
				{ continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.error).toContain('(401)');
			expect(result.items[0].json.description).toContain('The Secondary Key was tried too');
		});
	});

	describe('expiry', () => {
		let api: TestServer;
		beforeEach(async () => {
			api = await keyApi([PRIMARY, SECONDARY]);
		});
		afterEach(async () => {
			await api.close();
		});

		it('refuses an expired Key before sending anything, and says how to rotate', async () => {
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url, expiresAt: inDays(-1) }), { url: '/items' });
			expect(api.requests).toHaveLength(0);
			expect(result.error?.message).toMatch(/^The API key expired on \d{4}-\d{2}-\d{2}, so nothing was sent$/);
			expect(result.error?.description).toContain('put it under Secondary Key');
			expect(result.error?.description).toContain('Key Expires On');
		});

		it('uses only the Secondary Key once the Key expired', async () => {
			const result = await run(
				credentialFor('header', PRIMARY, { baseUrl: api.url, expiresAt: inDays(-1), secondaryApiKey: SECONDARY }),
				{ url: '/items' },
			);
			expect(api.requests.map(keyOf)).toEqual([SECONDARY]);
			expect(result.items[0].json.keyUsed).toBe('secondary');
			expect(hintMessages(result)).toContainEqual(expect.stringMatching(/^The Key expired on .+, so only the Secondary Key was used/));
		});

		it('warns within the warning window and still sends with the Key', async () => {
			const result = await run(
				credentialFor('header', PRIMARY, { baseUrl: api.url, expiresAt: inDays(3.5), expiryWarningDays: 7 }),
				{ url: '/items' },
			);
			expect(api.requests.map(keyOf)).toEqual([PRIMARY]);
			expect(result.hints).toContainEqual(
				expect.objectContaining({ type: 'warning', location: 'outputPane', message: expect.stringMatching(/^The API key expires in 4 days/) }),
			);
		});

		it('stays quiet outside the warning window', async () => {
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url, expiresAt: inDays(60) }), { url: '/items' });
			expect(result.error).toBeUndefined();
			expect(result.hints).toEqual([]);
		});
	});

	describe('environments', () => {
		it('sends the Test Key to Custom\'s test Base URL, and names the environment', async () => {
			const live = await keyApi(['sk_live_fake123']);
			const sandbox = await keyApi(['sk_test_fake123']);
			try {
				const credential = credentialFor('header', 'sk_live_fake123', {
					baseUrl: live.url,
					testBaseUrl: sandbox.url,
					testApiKey: 'sk_test_fake123',
				});
				const test = await run(credential, { url: '/items', environment: 'test' });
				expect(test.error).toBeUndefined();
				expect(sandbox.requests.map(keyOf)).toEqual(['sk_test_fake123']);
				expect(live.requests).toHaveLength(0);
				expect(test.hints).toContainEqual(
					expect.objectContaining({ type: 'info', message: expect.stringContaining('Environment: Test. Used the Test Key, a test-mode secret key (sk_test_…)') }),
				);
				const liveRun = await run(credential, { url: '/items' });
				expect(live.requests.map(keyOf)).toEqual(['sk_live_fake123']);
				expect(liveRun.hints.map((hint) => hint.message)).toContain('Environment: Live. The Key is a live secret key (sk_live_…).');
			} finally {
				await live.close();
				await sandbox.close();
			}
		});

		it('switches Bubble to version-test with the same token', async () => {
			const bubble = await startServer((req, res) =>
				req.headers.authorization === 'Bearer bubble-token-fake'
					? json(res, 200, { path: req.path })
					: json(res, 401, { error: 'bad token' }),
			);
			const restore = pointPresetAt('bubble', bubble.url);
			try {
				const credential = { service: 'bubble', apiKey: 'bubble-token-fake', account: 'myapp.bubbleapps.io' };
				const test = await run(credential, { url: '/obj/user', environment: 'test' });
				const live = await run(credential, { url: '/obj/user' });
				expect(test.items[0].json.path).toBe('/__host/myapp.bubbleapps.io/version-test/api/1.1/obj/user');
				expect(live.items[0].json.path).toBe('/__host/myapp.bubbleapps.io/api/1.1/obj/user');
			} finally {
				restore();
				await bubble.close();
			}
		});

		it('uses Stripe\'s Test Key with Basic auth, and links Stripe\'s key page when it is rejected', async () => {
			const stripe = await startServer((req, res) =>
				req.headers.authorization === `Basic ${Buffer.from('sk_test_fake123:').toString('base64')}`
					? json(res, 200, { livemode: false })
					: json(res, 401, { error: { message: 'Invalid API Key provided' } }),
			);
			const restore = pointPresetAt('stripe', stripe.url);
			try {
				const ok = await run({ service: 'stripe', apiKey: 'sk_live_fake123', testApiKey: 'sk_test_fake123' }, { url: '/balance', environment: 'test' });
				expect(ok.items[0].json).toEqual({ livemode: false });
				const rejected = await run({ service: 'stripe', apiKey: 'sk_live_fake123' }, { url: '/balance' });
				expect(rejected.error?.description).toContain('Check, create or revoke Stripe keys at https://dashboard.stripe.com/apikeys');
				expect(rejected.error?.description).toContain('Invalid API Key provided');
			} finally {
				restore();
				await stripe.close();
			}
		});

		it('warns when a test-mode key is used as the live Key, and explains a 401 with it', async () => {
			const api = await keyApi([]);
			try {
				const result = await run(credentialFor('header', 'sk_test_fake123', { baseUrl: api.url }), { url: '/items' }, { continueOnFail: true });
				expect(result.items[0].json.description).toContain('The key is a test-mode secret key (sk_test_…) but Environment is Live');
				expect(hintMessages(result)).toContainEqual(expect.stringContaining('Environment is Live, but the Key is a test-mode key (sk_test_…)'));
			} finally {
				await api.close();
			}
		});

		it('refuses the test environment when the credential has no Test Key, before sending', async () => {
			const api = await keyApi([PRIMARY]);
			try {
				const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url }), { url: '/items', environment: 'test' });
				expect(result.error?.message).toBe('Environment is Test, but the API Key credential has no Test Key');
				expect(api.requests).toHaveLength(0);
			} finally {
				await api.close();
			}
		});
	});

	describe('live-key guard', () => {
		let api: TestServer;
		beforeEach(async () => {
			api = await keyApi([PRIMARY]);
		});
		afterEach(async () => {
			await api.close();
		});
		const guard = expect.stringContaining('A live key was used from a manual run');

		it('warns in manual runs when turned on', async () => {
			const result = await run(credentialFor('header', PRIMARY, { baseUrl: api.url, warnLiveKeyInManualRuns: true }), { url: '/items' });
			expect(result.error).toBeUndefined();
			expect(hintMessages(result)).toContainEqual(guard);
		});

		it('stays quiet when off, and in production runs', async () => {
			const off = await run(credentialFor('header', PRIMARY, { baseUrl: api.url }), { url: '/items' });
			expect(hintMessages(off)).not.toContainEqual(guard);
			const trigger = await run(
				credentialFor('header', PRIMARY, { baseUrl: api.url, warnLiveKeyInManualRuns: true }),
				{ url: '/items' },
				{ mode: 'trigger' },
			);
			expect(trigger.error).toBeUndefined();
			expect(hintMessages(trigger)).not.toContainEqual(guard);
		});
	});
});

describe('the credential Test button and test keys', () => {
	it('tests the live Key, and refuses swapped test and live keys before sending anything', async () => {
		const api = await keyApi(['sk_live_fake123']);
		try {
			const credentialType = new ApiKeyApi();
			const ok = await testCredential(
				credentialType,
				credentialFor('header', 'sk_live_fake123', { baseUrl: api.url, testApiKey: 'sk_test_fake123' }),
			);
			expect(ok.status).toBe('OK');
			expect(api.requests.map(keyOf)).toEqual(['sk_live_fake123']);
			const swapped = await testCredential(
				credentialType,
				credentialFor('header', 'sk_test_fake123', { baseUrl: api.url, testApiKey: 'sk_live_fake123' }),
			);
			expect(swapped).toEqual({
				status: 'Error',
				message:
					'The Key is a test-mode key (sk_test_…) and the Test Key a live key (sk_live_…): they are swapped. Put the live key under Key and the test-mode key under Test Key, then test again.',
			});
			expect(api.requests).toHaveLength(1);
		} finally {
			await api.close();
		}
	});
});

describe('Key Expires On in requests made through authenticate (Test button, HTTP Request node)', () => {
	it('sends the Secondary Key once the Key expired, and nothing when there is none', async () => {
		const api = await keyApi([PRIMARY, SECONDARY]);
		try {
			const credentialType = new ApiKeyApi();
			const expired = { baseUrl: api.url, testUrl: '/me', expiresAt: inDays(-1) };
			const withSecondary = await testCredential(credentialType, credentialFor('header', PRIMARY, { ...expired, secondaryApiKey: SECONDARY }));
			expect(withSecondary.status).toBe('OK');
			expect(api.requests.map(keyOf)).toEqual([SECONDARY]);
			const without = await testCredential(credentialType, credentialFor('header', PRIMARY, expired));
			expect(without.status).toBe('Error');
			expect(without.message).toMatch(/^The API key expired on \d{4}-\d{2}-\d{2}, so nothing was sent\. Create a new key/);
			expect(api.requests).toHaveLength(1);
		} finally {
			await api.close();
		}
	});
});
