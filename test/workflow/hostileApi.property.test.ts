/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Property-based: random adversarial keys (short, numeric, unicode, long, pieces of common words),
 * every placement that can carry them, against the hostile echo API's routes, through the real
 * node. Whatever comes back, the key is nowhere in the items, binary data or its metadata, hints,
 * the thrown error (message, description, context, stack, toJSON) or the stored run data.
 *
 * A key as short as "tems" is also part of words n8n itself writes into run data ("items"): the
 * same run with another key is the baseline, and the key may show no more often than there.
 */
import fc from 'fast-check';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { parseKeyConfig } from '../../shared/key/config';
import { adversarialKey } from '../helpers/adversarial';
import { ENCODINGS, JSON_STYLES, startHostileApi, type HostileApi } from '../helpers/hostileApi';
import { ALL_PLACEMENTS, credentialFor, serverSaw } from '../helpers/keyApi';
import { leakCount, runKeepingErrors } from '../helpers/leaks';

let hostile: HostileApi;
beforeAll(async () => {
	hostile = await startHostileApi();
});
afterAll(async () => await hostile.close());

const route = fc.oneof(
	fc.constantFrom(...JSON_STYLES).map((style) => ({ path: `/json/${style}`, options: {} })),
	fc.constantFrom(...JSON_STYLES).map((style) => ({ path: `/json/${style}`, options: { responseFormat: 'text' } })),
	fc.constantFrom(...ENCODINGS).map((encoding) => ({ path: `/text/${encodeURIComponent(encoding)}`, options: {} })),
	fc.constantFrom(...JSON_STYLES).map((style) => ({ path: `/status/401/${style}`, options: { neverError: true, fullResponse: true } })),
	fc.constantFrom(...JSON_STYLES).map((style) => ({ path: `/status/403/${style}`, options: {} })),
	fc.constant({ path: '/headers', options: { fullResponse: true } }),
	fc.constant({ path: '/file', options: {} }),
	fc.constant({ path: '/long-error/290', options: {} }),
	fc.constantFrom('query', 'path', 'fragment').map((where) => ({ path: `/redirect/${where}/lower`, options: {} })),
);

/** A placement that can carry the key (headers take printable ASCII only, cookies fewer). */
function usable(placement: (typeof ALL_PLACEMENTS)[number], key: string): boolean {
	try {
		parseKeyConfig({ ...credentialFor(placement, key), baseUrl: '' });
		return true;
	} catch {
		return false;
	}
}

describe('the key against a hostile API, property-based', () => {
	test('no adversarial key survives any echo, in any placement', async () => {
		await fc.assert(
			fc.asyncProperty(adversarialKey, fc.constantFrom(...ALL_PLACEMENTS), route, async (key, placement, { path, options }) => {
				fc.pre(usable(placement, key));
				const run = async (apiKey: string) =>
					await runKeepingErrors({
						node: new ApiKeyRequest(),
						parameters: { method: placement === 'body' ? 'POST' : 'GET', url: path, options: { timeout: 2000, ...options } },
						credentialTypes: [new ApiKeyApi()],
						credentials: { apiKeyApi: credentialFor(placement, apiKey, { baseUrl: hostile.api.url }) },
					});
				const result = await run(key);
				const baseline = await run(`Qx${key.length}Zv9Wn4`);
				expect(leakCount(result.texts, key)).toBeLessThanOrEqual(leakCount(baseline.texts, key));
				// The key was live: the API received it (or a redirect was refused before it left).
				expect(serverSaw(hostile.api, key) || hostile.api.requests.length > 0).toBe(true);
			}),
			{ numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
		);
	});
});
