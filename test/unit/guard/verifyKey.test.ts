import fc from 'fast-check';

import { deny, DENY_REASONS } from '../../../nodes/ApiKeyGuard/helpers/denial';
import { parseAddress, parseCidrList } from '../../../nodes/ApiKeyGuard/helpers/ip';
import { checksumOf, generateKey } from '../../../nodes/ApiKeyGuard/helpers/keyFormat';
import { revokeKey, rotateKey } from '../../../nodes/ApiKeyGuard/helpers/lifecycle';
import { readPresentedKey, requestView } from '../../../nodes/ApiKeyGuard/helpers/presentedKey';
import { checkKey, identifyKey, type Decision } from '../../../nodes/ApiKeyGuard/helpers/verifyKey';
import { answerOf, makeKey, PEPPER, policy, PREFIX, presentedFor, recordFrom, T0, type TestKey } from '../../helpers/guardFixtures';
import { base62 } from '../../helpers/guardArbitraries';

const index = (...keys: TestKey[]) => new Map(keys.map((key) => [key.keyId, key.record]));

/** The whole check, from a raw Authorization header to a decision, against a set of records. */
function verify(authorization: unknown, records: Map<string, ReturnType<typeof recordFrom>>, overrides: Parameters<typeof policy>[0] = {}): Decision {
	const presented = readPresentedKey(requestView({ headers: { authorization } }), { placement: 'bearer', name: '', scheme: '' });
	const identified = identifyKey(presented, [PREFIX]);
	// The operations answer identifyKey's refusals with deny(), as here.
	if (!identified.ok) return deny(identified.reason, { placement: 'bearer', scheme: '', realm: 'api' });
	return checkKey(presentedFor(identified.key, identified.keyId), records.get(identified.keyId), policy(overrides));
}

/** A key with the same key id as `key` but another secret, with a correct checksum. */
function sameIdOtherSecret(key: TestKey): string {
	const body = `${PREFIX}${key.keyId}_${'Q'.repeat(32)}`;
	return body + checksumOf(body);
}

describe('uniform Denied answers', () => {
	const known = makeKey({ name: 'Known' });
	const records = index(known);
	const unknownIdKey = generateKey(PREFIX).key; // well-formed, correct checksum, id not in the store
	const wrongSecret = sameIdOtherSecret(known);
	const badChecksum = known.key.slice(0, -1) + (known.key.endsWith('A') ? 'B' : 'A');

	it('answers an unknown key id, a wrong secret, a bad checksum, a foreign prefix and garbage identically', () => {
		const answers = [
			verify(`Bearer ${unknownIdKey}`, records),
			verify(`Bearer ${wrongSecret}`, records),
			verify(`Bearer ${badChecksum}`, records),
			verify(`Bearer ${generateKey('other_live_').key}`, records),
			verify('Bearer not-a-key', records),
			verify(`Bearer ${'x'.repeat(10_000)}`, records),
			verify(`Bearer ${known.key}, Bearer ${known.key}`, records),
		].map(answerOf);
		expect(answers[0]).toEqual({
			allowed: false,
			statusCode: 401,
			headers: {
				'Cache-Control': 'no-store',
				'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The API key is not valid"',
			},
			body: { error: 'invalid_key', message: 'The API key is not valid' },
		});
		for (const answer of answers) expect(answer).toEqual(answers[0]);
	});

	it('gives the same answer for the same presented key whether or not its id exists (property)', () => {
		const property = fc.property(base62(32), (secret) => {
			const body = `${PREFIX}${known.keyId}_${secret}`;
			const presented = body + checksumOf(body);
			const withRecord = checkKey(presentedFor(presented, known.keyId), known.record, policy());
			const withoutRecord = checkKey(presentedFor(presented, known.keyId), undefined, policy());
			expect(withRecord).toEqual(withoutRecord);
			expect(withRecord.allowed).toBe(false);
		});
		fc.assert(property, { numRuns: 300 });
	});

	it('never puts the presented key, nor its secret part, into a denial', () => {
		for (const presented of [unknownIdKey, wrongSecret, badChecksum]) {
			const text = JSON.stringify(verify(`Bearer ${presented}`, records));
			expect(text).not.toContain(presented);
			expect(text).not.toContain(presented.slice(PREFIX.length + 13, -6));
		}
	});

	it('answers a missing key with a challenge but no error code (RFC 6750 3.1)', () => {
		const missing = verify(undefined, records);
		expect(answerOf(missing)).toEqual({
			allowed: false,
			statusCode: 401,
			headers: { 'Cache-Control': 'no-store', 'WWW-Authenticate': 'Bearer realm="api"' },
			body: { error: 'missing_key', message: 'An API key is required' },
		});
	});
});

describe('key status', () => {
	it('allows a valid key and tells who the client is', () => {
		const key = makeKey({ name: 'Acme', clientId: 'customer_42', scopes: ['orders:read'], metadata: { plan: 'pro' } });
		const decision = verify(`Bearer ${key.key}`, index(key));
		expect(decision.allowed).toBe(true);
		if (!decision.allowed) return;
		expect(decision.record.clientId).toBe('customer_42');
		expect(decision.record.metadata).toEqual({ plan: 'pro' });
	});

	it('refuses a revoked key, and a replay of it, with key_revoked (only to the holder of the key)', () => {
		const key = makeKey();
		const revoked = recordFrom(revokeKey(key.record, T0));
		for (let attempt = 0; attempt < 3; attempt++) {
			expect(verify(`Bearer ${key.key}`, new Map([[key.keyId, revoked]]), { now: T0 + attempt * 1000 })).toMatchObject({
				reason: 'key_revoked',
				statusCode: 401,
			});
		}
		// Anyone else still gets the uniform answer.
		expect(verify(`Bearer ${sameIdOtherSecret(key)}`, new Map([[key.keyId, revoked]]))).toMatchObject({ reason: 'invalid_key' });
	});

	it('refuses any status but active (fail closed)', () => {
		const key = makeKey();
		for (const status of ['disabled', 'suspended', 'REVOKED', 'pending']) {
			const record = recordFrom({ ...key.stored, status });
			expect(verify(`Bearer ${key.key}`, new Map([[key.keyId, record]]))).toMatchObject({ reason: 'key_revoked' });
		}
	});

	it('expires exactly at expiresAt: allowed 1 ms before, refused at the boundary', () => {
		const expiresAt = T0 + 3_600_000;
		const key = makeKey({ expiresAt });
		expect(verify(`Bearer ${key.key}`, index(key), { now: expiresAt - 1 }).allowed).toBe(true);
		expect(verify(`Bearer ${key.key}`, index(key), { now: expiresAt })).toMatchObject({ reason: 'key_expired', statusCode: 401 });
		expect(verify(`Bearer ${key.key}`, index(key), { now: expiresAt + 1 })).toMatchObject({ reason: 'key_expired' });
	});

	it('is not valid before notBefore: refused 1 ms before, allowed at the boundary', () => {
		const notBefore = T0 + 60_000;
		const key = makeKey({ notBefore });
		expect(verify(`Bearer ${key.key}`, index(key), { now: notBefore - 1 })).toMatchObject({ reason: 'key_not_yet_valid' });
		expect(verify(`Bearer ${key.key}`, index(key), { now: notBefore }).allowed).toBe(true);
	});

	it('keeps a rotated-out key working until the overlap deadline, then refuses its replays', () => {
		const old = makeKey({ scopes: ['a'] });
		const rotated = rotateKey(old.record, { overlapSeconds: 600 }, { prefix: PREFIX, pepper: PEPPER, now: T0 });
		const store = new Map([
			[old.keyId, recordFrom(rotated.previousRecord)],
			[rotated.keyId, recordFrom(rotated.record)],
		]);
		expect(verify(`Bearer ${old.key}`, store, { now: T0 + 599_999 }).allowed).toBe(true);
		expect(verify(`Bearer ${rotated.key}`, store, { now: T0 + 599_999 }).allowed).toBe(true);
		for (const now of [T0 + 600_000, T0 + 600_001, T0 + 86_400_000]) {
			expect(verify(`Bearer ${old.key}`, store, { now })).toMatchObject({ reason: 'key_expired' });
			expect(verify(`Bearer ${rotated.key}`, store, { now }).allowed).toBe(true);
		}
	});

	it('checks the record against the presented key id and hash algorithm', () => {
		const a = makeKey();
		const b = makeKey();
		// The store returned b's record for a's id: never a match.
		expect(checkKey(presentedFor(a.key, a.keyId), b.record, policy())).toMatchObject({ reason: 'invalid_key' });
		// A record hashed without pepper does not match a peppered digest and vice versa.
		const plain = makeKey({}, { pepper: '' });
		expect(checkKey(presentedFor(plain.key, plain.keyId, PEPPER), plain.record, policy())).toMatchObject({ reason: 'invalid_key' });
		expect(checkKey(presentedFor(plain.key, plain.keyId, ''), plain.record, policy()).allowed).toBe(true);
	});
});

describe('scopes', () => {
	const key = makeKey({ scopes: ['orders:read', 'invoices:*'] });
	const run = (requiredScopes: string[], scopeMode: 'all' | 'any' = 'all') =>
		checkKey(presentedFor(key.key, key.keyId), key.record, policy({ requiredScopes, scopeMode }));

	it('allows when every required scope is granted (wildcards included)', () => {
		for (const required of [[], ['orders:read'], ['invoices:read', 'invoices:write'], ['orders:read', 'invoices:x:y']]) {
			expect(run(required).allowed).toBe(true);
		}
	});

	it('refuses with 403 insufficient_scope and names the missing scopes', () => {
		const decision = run(['orders:read', 'orders:write']);
		expect(decision).toMatchObject({ reason: 'insufficient_scope', statusCode: 403 });
		if (decision.allowed) return;
		expect(decision.headers['WWW-Authenticate']).toBe(
			'Bearer realm="api", error="insufficient_scope", error_description="The API key does not grant the scope this endpoint needs", scope="orders:write"',
		);
		expect(decision.body.requiredScopes).toEqual(['orders:write']);
	});

	it('does not treat a scope prefix as a grant', () => {
		expect(run(['orders']).allowed).toBe(false);
		expect(run(['orders:readwrite']).allowed).toBe(false);
		expect(run(['invoices']).allowed).toBe(false);
	});

	it('supports any-of matching', () => {
		expect(run(['orders:write', 'orders:read'], 'any').allowed).toBe(true);
		expect(run(['orders:write', 'users:read'], 'any').allowed).toBe(false);
	});
});

describe('client addresses', () => {
	const key = makeKey({ allowedIps: '203.0.113.0/24, 2001:db8::/32' });
	const run = (address: string | undefined, endpointIps = '') =>
		checkKey(
			presentedFor(key.key, key.keyId),
			key.record,
			policy({ clientAddress: address ? parseAddress(address) : undefined, endpointIps: parseCidrList(endpointIps) }),
		);

	it('allows addresses in the key\'s ranges, IPv4-mapped IPv6 included', () => {
		for (const address of ['203.0.113.7', '::ffff:203.0.113.7', '::ffff:cb00:7107', '2001:db8::1', '2001:0db8:ffff::']) {
			expect(run(address).allowed).toBe(true);
		}
	});

	it('refuses other addresses, and an unknown address (fail closed)', () => {
		for (const address of ['203.0.114.7', '2001:db9::1', '::1', undefined]) {
			expect(run(address)).toMatchObject({ reason: 'ip_not_allowed', statusCode: 403 });
		}
	});

	it('applies the endpoint\'s ranges in addition to the key\'s', () => {
		expect(run('203.0.113.7', '203.0.113.0/25').allowed).toBe(true);
		expect(run('203.0.113.200', '203.0.113.0/25')).toMatchObject({ reason: 'ip_not_allowed' });
		const open = makeKey();
		expect(checkKey(presentedFor(open.key, open.keyId), open.record, policy({ endpointIps: parseCidrList('10.0.0.0/8') }))).toMatchObject({
			reason: 'ip_not_allowed',
		});
	});
});

describe('every reason has a status and a message', () => {
	it.each(Object.entries(DENY_REASONS))('%s', (_reason, info) => {
		expect([401, 403, 429]).toContain(info.status);
		expect(info.message).toMatch(/^[A-Z].*[^.]$/);
	});
});
