import fc from 'fast-check';

import { GUARD_PLACEMENTS, type PlacementConfig } from '../../../nodes/ApiKeyGuard/helpers/placement';
import { readPresentedKey, requestView, type RequestView } from '../../../nodes/ApiKeyGuard/helpers/presentedKey';
import { identifyKey } from '../../../nodes/ApiKeyGuard/helpers/verifyKey';
import { makeKey } from '../../helpers/guardFixtures';
import { hostileString } from '../../helpers/guardArbitraries';

const KEY = makeKey().key;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const CONFIGS: Record<string, PlacementConfig> = {
	header: { placement: 'header', name: 'X-API-Key', scheme: '' },
	query: { placement: 'query', name: 'api_key', scheme: '' },
	bearer: { placement: 'bearer', name: '', scheme: '' },
	authScheme: { placement: 'authScheme', name: '', scheme: 'Token' },
	basicUsername: { placement: 'basicUsername', name: '', scheme: '' },
	basicPassword: { placement: 'basicPassword', name: '', scheme: '' },
	body: { placement: 'body', name: 'api_key', scheme: '' },
	cookie: { placement: 'cookie', name: 'api_key', scheme: '' },
};

/** A Webhook node output item with the key in each placement (headers lower-cased, as Node.js gives them). */
const ITEMS: Record<string, unknown> = {
	header: { headers: { 'x-api-key': KEY }, query: {}, body: {} },
	query: { headers: {}, query: { api_key: KEY }, body: {} },
	bearer: { headers: { authorization: `Bearer ${KEY}` }, query: {}, body: {} },
	authScheme: { headers: { authorization: `token  ${KEY} ` }, query: {}, body: {} },
	basicUsername: { headers: { authorization: basic(KEY, '') }, query: {}, body: {} },
	basicPassword: { headers: { authorization: basic('client', KEY) }, query: {}, body: {} },
	body: { headers: {}, query: {}, body: { api_key: KEY, other: 1 } },
	cookie: { headers: { cookie: `theme=dark; api_key="${KEY}"; lang=en` }, query: {}, body: {} },
};

const read = (placement: string, json: unknown) => readPresentedKey(requestView(json), CONFIGS[placement]);
const view = (parts: Partial<RequestView>): unknown => ({ headers: {}, query: {}, body: {}, ...parts });

describe('reading the presented key', () => {
	it('covers every placement the consumer-side credential knows', () => {
		expect(Object.keys(CONFIGS).sort()).toEqual([...GUARD_PLACEMENTS].sort());
	});

	it.each(Object.keys(CONFIGS))('reads the key from %s', (placement) => {
		expect(read(placement, ITEMS[placement])).toEqual({ status: 'present', value: KEY });
		expect(identifyKey(read(placement, ITEMS[placement]), ['acme_live_']).ok).toBe(true);
	});

	it.each(Object.keys(CONFIGS))('reports a missing key for %s when nothing is sent', (placement) => {
		expect(read(placement, view({}))).toEqual({ status: 'missing' });
		expect(read(placement, {})).toEqual({ status: 'missing' });
		expect(read(placement, 'not an object')).toEqual({ status: 'missing' });
	});

	it('treats another Authorization scheme as no key, not as a bad one', () => {
		expect(read('bearer', view({ headers: { authorization: basic('a', 'b') } }))).toEqual({ status: 'missing' });
		expect(read('basicPassword', view({ headers: { authorization: `Bearer ${KEY}` } }))).toEqual({ status: 'missing' });
		expect(read('bearer', view({ headers: { authorization: 'Bearer' } }))).toEqual({ status: 'missing' });
	});

	it('refuses many Authorization values (joined or as a list), and spaces inside the credentials', () => {
		for (const value of [`Bearer ${KEY}, Bearer ${KEY}`, `Bearer ${KEY},Bearer other`, `Bearer ${KEY} extra`, [`Bearer ${KEY}`, `Bearer ${KEY}`]]) {
			expect(read('bearer', view({ headers: { authorization: value } }))).toEqual({ status: 'unusable' });
		}
	});

	it('refuses a key header sent twice (Node.js joins them with a comma) and header lists', () => {
		expect(read('header', view({ headers: { 'x-api-key': `${KEY}, ${KEY}` } }))).toEqual({ status: 'unusable' });
		expect(read('header', view({ headers: { 'x-api-key': [KEY, KEY] } }))).toEqual({ status: 'unusable' });
	});

	it('refuses repeated or nested query parameters and non-string body fields', () => {
		expect(read('query', view({ query: { api_key: [KEY, KEY] } }))).toEqual({ status: 'unusable' });
		expect(read('query', view({ query: { api_key: { nested: KEY } } }))).toEqual({ status: 'unusable' });
		expect(read('body', view({ body: { api_key: [KEY] } }))).toEqual({ status: 'unusable' });
		expect(read('body', view({ body: { api_key: 12345 } }))).toEqual({ status: 'unusable' });
		expect(read('body', view({ body: 'api_key=raw-text-body' }))).toEqual({ status: 'missing' });
	});

	it('does not read inherited properties (constructor, __proto__)', () => {
		expect(read('body', view({ body: {} }))).toEqual({ status: 'missing' });
		expect(readPresentedKey(requestView(view({ body: {} })), { placement: 'body', name: 'constructor', scheme: '' })).toEqual({ status: 'missing' });
		expect(readPresentedKey(requestView(view({ query: {} })), { placement: 'query', name: '__proto__', scheme: '' })).toEqual({ status: 'missing' });
	});

	it('refuses a cookie sent twice', () => {
		expect(read('cookie', view({ headers: { cookie: `api_key=${KEY}; api_key=${KEY}` } }))).toEqual({ status: 'unusable' });
	});

	it('refuses Basic credentials that are not base64 or have no colon', () => {
		expect(read('basicUsername', view({ headers: { authorization: 'Basic !!!' } }))).toEqual({ status: 'unusable' });
		expect(read('basicUsername', view({ headers: { authorization: `Basic ${Buffer.from(KEY).toString('base64')}` } }))).toEqual({ status: 'unusable' });
	});

	it('refuses oversized values before parsing (10 KB)', () => {
		const big = 'a'.repeat(10 * 1024);
		for (const placement of Object.keys(CONFIGS)) {
			const items: Record<string, unknown> = {
				header: view({ headers: { 'x-api-key': big } }),
				query: view({ query: { api_key: big } }),
				bearer: view({ headers: { authorization: `Bearer ${big}` } }),
				authScheme: view({ headers: { authorization: `Token ${big}` } }),
				basicUsername: view({ headers: { authorization: basic(big, '') } }),
				basicPassword: view({ headers: { authorization: basic('u', big) } }),
				body: view({ body: { api_key: big } }),
				cookie: view({ headers: { cookie: `api_key=${big}` } }),
			};
			const result = read(placement, items[placement]);
			expect(result.status).toBe('unusable');
			expect(identifyKey(result, [])).toEqual({ ok: false, reason: 'invalid_key' });
		}
	});

	it('turns hostile values (unicode, NUL, CR/LF, separators) into invalid_key, never into a key (property)', () => {
		const property = fc.property(fc.constantFrom(...Object.keys(CONFIGS)), hostileString(200), (placement, value) => {
			const items: Record<string, unknown> = {
				header: view({ headers: { 'x-api-key': value } }),
				query: view({ query: { api_key: value } }),
				bearer: view({ headers: { authorization: `Bearer ${value}` } }),
				authScheme: view({ headers: { authorization: `Token ${value}` } }),
				basicUsername: view({ headers: { authorization: basic(value, 'x') } }),
				basicPassword: view({ headers: { authorization: basic('x', value) } }),
				body: view({ body: { api_key: value } }),
				cookie: view({ headers: { cookie: `api_key=${value}` } }),
			};
			const identified = identifyKey(read(placement, items[placement]), []);
			expect(identified.ok).toBe(false);
		});
		fc.assert(property, { numRuns: 2000 });
	});

	it('finds a valid key in the middle of hostile neighbours only where it belongs', () => {
		expect(read('cookie', view({ headers: { cookie: `x=\r\n; api_key=${KEY};;; y` } }))).toEqual({ status: 'present', value: KEY });
	});
});
