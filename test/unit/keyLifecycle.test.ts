import { checkKeysForCredentialTest } from '../../shared/credential/credentialTest';
import { detectKeyKind, expiredKeyError, expiryStatus, formatDate, isEnvironment, lifecycleNotes, rejectionAdvice, rotationAdvice, type KeyRing } from '../../shared/key/lifecycle';
import { keyConfigForRequest, loadKeyRing as parseKeyRing } from '../../shared/credential/keyRing';
import { KeyConfigError } from '../../shared/errors';
import { secretsOf } from '../../shared/key/secrets';
import { createRedactor } from '../../shared/redaction';
import { findPreset } from '../../shared/services/presets';
import { rejection } from '../helpers/secretAssertions';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

const custom = (extra: Record<string, unknown> = {}) => ({
	apiKey: 'main-key-1',
	placement: 'header',
	headerName: 'X-API-Key',
	baseUrl: 'https://api.example.com',
	...extra,
});


describe('detectKeyKind', () => {
	it.each([
		['sk_test_fake123', { environment: 'test', family: 'secret', prefix: 'sk_test_' }],
		['sk_live_fake123', { environment: 'live', family: 'secret', prefix: 'sk_live_' }],
		['pk_test_fake123', { environment: 'test', family: 'publishable', prefix: 'pk_test_' }],
		['pk_live_fake123', { environment: 'live', family: 'publishable', prefix: 'pk_live_' }],
		['rk_test_fake123', { environment: 'test', family: 'restricted', prefix: 'rk_test_' }],
		['rk_live_fake123', { environment: 'live', family: 'restricted', prefix: 'rk_live_' }],
		['  sk_test_fake123 ', { environment: 'test', family: 'secret', prefix: 'sk_test_' }],
		['rzp_live_fake123', { environment: 'live', prefix: 'rzp_live_' }],
		['SK_TEST_fake', { environment: 'test', family: 'secret', prefix: 'SK_TEST_' }],
	])('%s → %j', (key, kind) => {
		expect(detectKeyKind(key)).toEqual(kind);
	});

	it.each(['sk-proj-fake', 'sk-ant-fake', 'pk_123_FAKE', 'pat-na1-fake', 'SG.fake', 'plain', '', 'sk_fake123', 'x_test', 'abcdef_test_x'])(
		'%j has no environment prefix',
		(key) => {
			expect(detectKeyKind(key)).toBeUndefined();
		},
	);

	it('knows a preset\'s own prefixes (Postmark\'s test token)', () => {
		expect(detectKeyKind('POSTMARK_API_TEST', findPreset('postmark')?.keyPrefixes)).toEqual({ environment: 'test', prefix: 'POSTMARK_API_TEST' });
		expect(detectKeyKind('POSTMARK_API_TEST')).toBeUndefined();
	});

	it('never returns more of the key than its prefix', () => {
		expect(JSON.stringify(detectKeyKind('sk_live_SECRETPART'))).not.toContain('SECRETPART');
	});
});

describe('parseKeyRing', () => {
	it('uses the Key in the live environment, and the Secondary Key for rotation', () => {
		const ring = parseKeyRing(custom({ secondaryApiKey: ' next-key-2 ' }), 'live');
		expect(ring.environment).toBe('live');
		expect(ring.primary.key).toBe('main-key-1');
		expect(ring.primaryField).toBe('apiKey');
		expect(ring.secondary?.key).toBe('next-key-2');
		// The secondary key differs from the primary in nothing but the key.
		expect({ ...ring.secondary, key: '' }).toEqual({ ...ring.primary, key: '' });
		expect(ring.service).toBeUndefined();
	});

	it('defaults to live', () => {
		expect(parseKeyRing(custom()).environment).toBe('live');
	});

	it('ignores a Secondary Key equal to the Key', () => {
		expect(parseKeyRing(custom({ secondaryApiKey: 'main-key-1' })).secondary).toBeUndefined();
	});

	it('uses the Test Key in the test environment, never the Secondary Key', () => {
		const ring = parseKeyRing(custom({ testApiKey: 'sk_test_fake123', secondaryApiKey: 'next-key-2' }), 'test');
		expect(ring.primary.key).toBe('sk_test_fake123');
		expect(ring.primaryField).toBe('testApiKey');
		expect(ring.secondary).toBeUndefined();
	});

	it('uses Bubble\'s version-test with the Key when there is no Test Key', () => {
		const ring = parseKeyRing({ service: 'bubble', apiKey: 'bubble-token', account: 'myapp.bubbleapps.io' }, 'test');
		expect(ring.primary.key).toBe('bubble-token');
		expect(ring.primaryField).toBe('apiKey');
		expect(ring.primary.baseUrl).toBe('https://myapp.bubbleapps.io/version-test/api/1.1');
		expect(ring.primary.allowedHosts).toEqual(['myapp.bubbleapps.io']);
		expect(ring.service?.name).toBe(findPreset('bubble')?.name);
		expect(ring.service?.keysUrl).toBe('https://bubble.io/home');
	});

	it('uses Custom\'s Test Environment Base URL, and pins the key to its host', () => {
		const ring = parseKeyRing(custom({ testApiKey: 'test-key-3', testBaseUrl: 'https://sandbox.example.com/v1' }), 'test');
		expect(ring.primary.baseUrl).toBe('https://sandbox.example.com/v1');
		expect(ring.primary.allowedHosts).toEqual(['sandbox.example.com']);
	});

	it('refuses the test environment when the credential has nothing for it', () => {
		const error = rejection(() => parseKeyRing(custom(), 'test'));
		expect(error.message).toBe('Environment is Test, but the API Key credential has no Test Key');
		expect(error.description).toContain('Test Key');
		expect(() => parseKeyRing({ service: 'stripe', apiKey: 'sk_live_fake123' }, 'test')).toThrow(KeyConfigError);
		expect(parseKeyRing({ service: 'stripe', apiKey: 'sk_live_fake123', testApiKey: 'sk_test_fake123' }, 'test').primary.key).toBe(
			'sk_test_fake123',
		);
	});

	it('refuses unknown environments', () => {
		expect(rejection(() => parseKeyRing(custom(), 'staging' as 'live')).message).toBe('Unknown environment "staging"');
		expect(isEnvironment('live')).toBe(true);
		expect(isEnvironment('Live')).toBe(false);
	});

	it('names the field of a faulty Secondary or Test Key, never its value', () => {
		const secondary = rejection(() => parseKeyRing(custom({ secondaryApiKey: 'bad\nkey' })));
		expect(secondary.message).toBe('Secondary Key: The API key contains characters that cannot be sent in an HTTP header');
		const test = rejection(() => parseKeyRing(custom({ testApiKey: 'bad\nkey' }), 'test'));
		expect(test.message.startsWith('Test Key: ')).toBe(true);
		expect(`${secondary.message}${secondary.description}${test.message}${test.description}`).not.toContain('bad');
		const main = rejection(() => parseKeyRing(custom({ apiKey: '' })));
		expect(main.message).toBe('The API key is empty');
	});

	it('reports service problems as configuration errors', () => {
		expect(rejection(() => parseKeyRing({ service: 'make', apiKey: 'k', account: 'not a zone' })).message).toContain('Zone');
	});

	it('masks every key of the credential, in every environment, in all their forms', () => {
		const data = custom({ placement: 'query', queryName: 'key', secondaryApiKey: 'next key/2', testApiKey: 'test+key=3' });
		for (const environment of ['live', 'test'] as const) {
			const ring = parseKeyRing(data, environment);
			for (const key of ['main-key-1', 'next key/2', 'test+key=3']) {
				expect(ring.secrets).toContain(key);
			}
			const redactor = createRedactor(ring.secrets);
			expect(redactor.reveals(encodeURIComponent('next key/2'))).toBe(true);
			expect(redactor.reveals('test%2Bkey%3D3')).toBe(true);
			for (const value of secretsOf(ring.primary)) expect(ring.secrets).toContain(value);
		}
	});

	it('masks Basic auth forms of the secondary key', () => {
		const ring = parseKeyRing({ service: 'stripe', apiKey: 'sk_live_fake1', secondaryApiKey: 'sk_live_fake2' });
		expect(ring.secrets).toContain(Buffer.from('sk_live_fake2:').toString('base64'));
	});

	it('reads the expiry date and the warning window of the Key', () => {
		const ring = parseKeyRing(custom({ expiresAt: '2026-04-01T00:00:00Z', expiryWarningDays: 7 }));
		expect(ring.expiry).toEqual({ at: new Date('2026-04-01T00:00:00Z'), warnDays: 7 });
		expect(parseKeyRing(custom({ expiresAt: '2026-04-01' })).expiry?.warnDays).toBe(14);
		expect(parseKeyRing(custom({ expiresAt: '2026-04-01', expiryWarningDays: 0 })).expiry?.warnDays).toBe(0);
		expect(parseKeyRing(custom({ expiresAt: '2026-04-01', expiryWarningDays: -3 })).expiry?.warnDays).toBe(0);
		expect(parseKeyRing(custom({ expiresAt: '2026-04-01', expiryWarningDays: 2.7 })).expiry?.warnDays).toBe(2);
		expect(parseKeyRing(custom({ expiresAt: '' })).expiry).toBeUndefined();
		expect(parseKeyRing(custom()).expiry).toBeUndefined();
	});

	it('applies the expiry date to the Key only, not to a Test Key', () => {
		expect(parseKeyRing(custom({ expiresAt: '2026-04-01', testApiKey: 't' }), 'test').expiry).toBeUndefined();
		const bubble = { service: 'bubble', apiKey: 'b', account: 'a.bubbleapps.io', expiresAt: '2026-04-01' };
		expect(parseKeyRing(bubble, 'test').expiry).toBeDefined();
	});

	it('refuses an expiry date it cannot read', () => {
		const error = rejection(() => parseKeyRing(custom({ expiresAt: 'next tuesday' })));
		expect(error.message).toBe('Key Expires On in the API Key credential is not a valid date');
	});

	it('reads the live-key guard', () => {
		expect(parseKeyRing(custom()).liveGuard).toBe(false);
		expect(parseKeyRing(custom({ warnLiveKeyInManualRuns: true })).liveGuard).toBe(true);
	});

	it('links the service\'s key page, with the account filled in', () => {
		expect(parseKeyRing({ service: 'n8n', apiKey: 'k', account: 'https://n8n.example.com' }).service?.keysUrl).toBe(
			'https://n8n.example.com/settings/api',
		);
	});
});

describe('expiryStatus', () => {
	const ring = (expiresAt: string, warnDays = 14): Pick<KeyRing, 'expiry'> => ({ expiry: { at: new Date(expiresAt), warnDays } });

	it('is none without a date', () => {
		expect(expiryStatus({}, NOW)).toEqual({ state: 'none' });
	});

	it('is ok outside the warning window, soon inside it, expired from the moment itself', () => {
		expect(expiryStatus(ring(inDays(30)), NOW)).toMatchObject({ state: 'ok', daysLeft: 30 });
		expect(expiryStatus(ring(inDays(14)), NOW)).toMatchObject({ state: 'soon', daysLeft: 14 });
		expect(expiryStatus(ring(inDays(0.5)), NOW)).toMatchObject({ state: 'soon', daysLeft: 1 });
		expect(expiryStatus(ring(NOW.toISOString()), NOW)).toEqual({ state: 'expired', at: NOW });
		expect(expiryStatus(ring(inDays(-1)), NOW)).toMatchObject({ state: 'expired' });
	});

	it('never warns with a window of 0', () => {
		expect(expiryStatus(ring(inDays(1), 0), NOW)).toMatchObject({ state: 'ok', daysLeft: 1 });
	});
});

describe('expired keys and rotation advice', () => {
	it('says when the key expired, how to rotate, and that nothing was sent', () => {
		const ring = parseKeyRing({ service: 'stripe', apiKey: 'sk_live_fake123', expiresAt: '2026-02-01' });
		const error = expiredKeyError(ring, ring.expiry!.at);
		expect(error).toBeInstanceOf(KeyConfigError);
		expect(error.message).toBe('The API key expired on 2026-02-01, so nothing was sent');
		expect(error.description).toContain('Create a new key in Stripe (https://dashboard.stripe.com/apikeys)');
		expect(error.description).toContain('Secondary Key');
		expect(error.description).toContain('Key Expires On');
		expect(`${error.message}${error.description}`).not.toContain('fake123');
	});

	it('names no service for Custom, and Key Expires On only when the credential has one', () => {
		expect(rotationAdvice({})).toBe(
			'Create a new key in the service, put it under Secondary Key in the API Key credential, and once it works move it into Key and clear Secondary Key.',
		);
		expect(rotationAdvice({ expiry: { at: new Date('2027-01-01T00:00:00Z'), warnDays: 14 } })).toBe(
			'Create a new key in the service, put it under Secondary Key in the API Key credential, and once it works move it into Key, clear Secondary Key and update Key Expires On.',
		);
		expect(formatDate(new Date('2026-12-31T23:00:00Z'))).toBe('2026-12-31');
	});
});

describe('lifecycleNotes', () => {
	const notes = (data: Record<string, unknown>, environment: 'live' | 'test' = 'live', facts: Partial<Parameters<typeof lifecycleNotes>[1]> = {}) =>
		lifecycleNotes(parseKeyRing(data, environment), { now: NOW, manual: false, ...facts });

	it('says nothing about an unremarkable live key', () => {
		expect(notes(custom())).toEqual([]);
	});

	it('names the environment of recognisable keys', () => {
		expect(notes({ service: 'stripe', apiKey: 'sk_live_fake123' })).toEqual([
			{ level: 'info', message: 'Environment: Live. The Key is a live secret key (sk_live_…).' },
		]);
		expect(notes({ service: 'stripe', apiKey: 'sk_live_fake123', testApiKey: 'rk_test_fake123' }, 'test')).toEqual([
			{ level: 'info', message: 'Environment: Test. Used the Test Key, a test-mode restricted key (rk_test_…) against https://api.stripe.com/v1.' },
		]);
	});

	it('always states the test environment', () => {
		expect(notes({ service: 'bubble', apiKey: 'b', account: 'myapp.bubbleapps.io' }, 'test')).toEqual([
			{ level: 'info', message: 'Environment: Test. Used the Key against https://myapp.bubbleapps.io/version-test/api/1.1.' },
		]);
	});

	it('warns about a key from the other environment', () => {
		const live = notes({ service: 'stripe', apiKey: 'sk_test_fake123' });
		expect(live[1]).toEqual({
			level: 'warning',
			message: 'Environment is Live, but the Key is a test-mode key (sk_test_…): these requests only reach Stripe\'s test data. For live data, put the live key under Key (and keep this one under Test Key).',
		});
		const test = notes(custom({ testApiKey: 'sk_live_fake123' }), 'test');
		expect(test[1].message).toBe(
			'Environment is Test, but the Test Key is a live key (sk_live_…): these requests reach live data. Put the test-mode key under Test Key.',
		);
	});

	it('warns about publishable keys', () => {
		expect(notes(custom({ apiKey: 'pk_live_fake123' }))).toContainEqual({
			level: 'warning',
			message: 'The Key is a publishable key (pk_live_…), meant for browsers. Server APIs usually need the secret key (sk_…) instead.',
		});
	});

	it('warns within the expiry window, with how to rotate', () => {
		const [note] = notes({ service: 'openai', apiKey: 'sk-proj-fake', expiresAt: inDays(5) });
		expect(note.level).toBe('warning');
		expect(note.message).toMatch(/^The API key expires in 5 days \(on 2026-03-06\)\. Create a new key in OpenAI \(https:\/\/platform\.openai\.com\/api-keys\)/);
		expect(notes(custom({ expiresAt: inDays(1) }))[0].message).toMatch(/^The API key expires in 1 day /);
		expect(notes(custom({ expiresAt: inDays(30) }))).toEqual([]);
	});

	it('tells the user to finish a rotation the Secondary Key stood in for', () => {
		expect(notes(custom({ secondaryApiKey: 'next' }), 'live', { requests: 3, secondaryUsed: 3 })).toEqual([
			{
				level: 'warning',
				message: 'The API rejected the Key, and the Secondary Key worked for 3 of 3 requests. Finish the rotation: move the Secondary Key into Key and clear Secondary Key in the API Key credential.',
			},
		]);
		expect(notes(custom({ secondaryApiKey: 'next' }), 'live', { requests: 1, secondaryUsed: 1 })[0].message).toContain('for 1 of 1 request.');
		expect(notes(custom({ secondaryApiKey: 'next', expiresAt: inDays(-2) }))).toEqual([
			{
				level: 'warning',
				message: 'The Key expired on 2026-02-27, so only the Secondary Key was used. Finish the rotation: move the Secondary Key into Key, clear Secondary Key and update Key Expires On.',
			},
		]);
	});

	it('warns about live keys in manual runs only when the guard is on', () => {
		const guard = 'A live key was used from a manual run. Set Environment to Test to try things out, or turn off "Warn When Live Key Is Used in Manual Runs" in the API Key credential.';
		expect(notes(custom({ warnLiveKeyInManualRuns: true }), 'live', { manual: true })).toEqual([{ level: 'warning', message: guard }]);
		expect(notes(custom(), 'live', { manual: true })).toEqual([]);
		expect(notes(custom({ warnLiveKeyInManualRuns: true }), 'live', { manual: false })).toEqual([]);
		expect(notes(custom({ warnLiveKeyInManualRuns: true, testApiKey: 't' }), 'test', { manual: true }).map((note) => note.message)).not.toContain(guard);
		expect(notes(custom({ warnLiveKeyInManualRuns: true, apiKey: 'sk_test_fake123' }), 'live', { manual: true }).map((note) => note.message)).not.toContain(guard);
	});

	it('never quotes a key', () => {
		const all = notes({ service: 'stripe', apiKey: 'sk_test_SECRETPART', warnLiveKeyInManualRuns: true, expiresAt: inDays(3) }, 'live', { manual: true });
		expect(JSON.stringify(all)).not.toContain('SECRETPART');
	});
});

describe('rejectionAdvice', () => {
	const ring = (data: Record<string, unknown>, environment: 'live' | 'test' = 'live') => parseKeyRing(data, environment);

	it('adds nothing for other statuses, or for a Custom key tried alone', () => {
		expect(rejectionAdvice(404, ring({ service: 'stripe', apiKey: 'k' }), 'primary')).toEqual([]);
		expect(rejectionAdvice(401, ring(custom()), 'primary')).toEqual([]);
	});

	it('links the service\'s key page on 401 and 403', () => {
		for (const status of [401, 403]) {
			const [line] = rejectionAdvice(status, ring({ service: 'notion', apiKey: 'ntn_fake' }), 'primary');
			expect(line).toBe(
				'Check, create or revoke Notion keys at https://www.notion.so/profile/integrations. If the key was revoked or rotated, create a new key in Notion (https://www.notion.so/profile/integrations), put it under Secondary Key in the API Key credential, and once it works move it into Key and clear Secondary Key.',
			);
		}
	});

	it('points out a key from the other environment', () => {
		expect(rejectionAdvice(401, ring(custom({ apiKey: 'sk_test_fake123' })), 'primary')).toEqual([
			'The key is a test-mode secret key (sk_test_…) but Environment is Live: test and live keys only work in their own environment.',
		]);
	});

	it('says which keys were tried', () => {
		expect(rejectionAdvice(401, ring(custom({ secondaryApiKey: 'n' })), 'both')).toEqual([
			'The Secondary Key was tried too and was rejected as well.',
		]);
		expect(rejectionAdvice(403, ring(custom({ secondaryApiKey: 'n' })), 'secondary')).toEqual([
			'The Key is past Key Expires On, so only the Secondary Key was tried, and it was rejected.',
		]);
	});
});

describe('checkKeysForCredentialTest', () => {
	it('refuses swapped test and live keys on the Test button, naming prefixes only', () => {
		const error = rejection(() =>
			checkKeysForCredentialTest({ service: 'stripe', apiKey: 'sk_test_fakeA', testApiKey: 'sk_live_fakeB' }),
		);
		expect(error.message).toBe('The Key is a test-mode key (sk_test_…) and the Test Key a live key (sk_live_…): they are swapped');
		expect(`${error.message}${error.description}`).not.toMatch(/fakeA|fakeB/);
	});

	it('lets everything else through', () => {
		const ok = (data: Record<string, unknown>) => expect(() => checkKeysForCredentialTest(data)).not.toThrow();
		ok({ apiKey: 'sk_live_fakeA', testApiKey: 'sk_test_fakeB' });
		ok({ apiKey: 'sk_test_fakeA' });
		ok({ apiKey: 'sk_test_fakeA', testApiKey: 'sk_test_fakeB' });
		ok({ apiKey: 'plain', testApiKey: 'sk_live_fakeB' });
	});
});

describe('keyConfigForRequest (authenticate: Test button, HTTP Request node)', () => {
	it('is the Key until Key Expires On', () => {
		expect(keyConfigForRequest(custom({ expiresAt: '2026-03-02' }), NOW).key).toBe('main-key-1');
		expect(keyConfigForRequest(custom({ secondaryApiKey: 'next' }), NOW).key).toBe('main-key-1');
	});

	it('is the Secondary Key after it', () => {
		expect(keyConfigForRequest(custom({ expiresAt: '2026-02-01', secondaryApiKey: 'next' }), NOW).key).toBe('next');
	});

	it('refuses an expired Key without a Secondary Key', () => {
		const error = rejection(() => keyConfigForRequest(custom({ expiresAt: '2026-02-01' }), NOW));
		expect(error.message).toBe('The API key expired on 2026-02-01, so nothing was sent');
	});

	it('resolves presets like parseKeyConfig', () => {
		const data = { service: 'stripe', apiKey: 'sk_live_fake123' };
		expect(keyConfigForRequest(data, NOW)).toEqual(parseKeyRing(data).primary);
	});
});
