import { issueKey, revokeKey, rotateKey, KeySettingsError } from '../../../nodes/ApiKeyGuard/helpers/lifecycle';
import { digestKey } from '../../../nodes/ApiKeyGuard/helpers/hashing';
import { parseKey } from '../../../nodes/ApiKeyGuard/helpers/keyFormat';
import { KeyRecordError, readRecord, RECORD_COLUMNS, toStored } from '../../../nodes/ApiKeyGuard/helpers/record';
import { formatScopes, hasScopes, missingScopes, parseScopes, scopeCovers } from '../../../nodes/ApiKeyGuard/helpers/scopes';
import { makeKey, PEPPER, PREFIX, recordFrom, T0 } from '../../helpers/guardFixtures';

describe('Issue', () => {
	const issued = issueKey(
		{
			name: ' Acme Corp ',
			clientId: 'customer_42',
			scopes: ['orders:read', 'orders:write'],
			expiresAt: T0 + 86_400_000,
			notBefore: T0,
			allowedIps: '203.0.113.0/24,2001:db8::/32',
			rateLimit: 100,
			rateLimitWindow: 60,
			quota: 10_000,
			quotaPeriod: 'month',
			metadata: { plan: 'pro' },
		},
		{ prefix: 'acme_live_', pepper: PEPPER, now: T0 },
	);

	it('outputs the key once, beside a record that holds only its hash', () => {
		expect(parseKey(issued.key)).toEqual({ prefix: 'acme_live_', keyId: issued.keyId });
		const stored = JSON.stringify(issued.record);
		expect(stored).not.toContain(issued.key);
		expect(stored).not.toContain(issued.key.slice(PREFIX.length + 13, -6)); // the secret part
		expect(issued.record.hash).toBe(digestKey(issued.key, 'hmac-sha256', PEPPER).toString('hex'));
	});

	it('fills every column, flat (strings, numbers, null) so any store takes it', () => {
		expect(issued.record).toEqual({
			keyId: issued.keyId,
			prefix: 'acme_live_',
			hint: `acme_live_...${issued.key.slice(-4)}`,
			hash: expect.stringMatching(/^[0-9a-f]{64}$/),
			hashAlgorithm: 'hmac-sha256',
			clientId: 'customer_42',
			name: 'Acme Corp',
			scopes: 'orders:read orders:write',
			status: 'active',
			issuedAt: new Date(T0).toISOString(),
			notBefore: new Date(T0).toISOString(),
			expiresAt: new Date(T0 + 86_400_000).toISOString(),
			revokedAt: null,
			rotatedFrom: null,
			rotatedTo: null,
			allowedIps: '203.0.113.0/24, 2001:db8::/32',
			rateLimit: 100,
			rateLimitWindow: 60,
			quota: 10_000,
			quotaPeriod: 'month',
			metadata: '{"plan":"pro"}',
			usageWindowStart: null,
			usageWindowCount: 0,
			usagePeriodStart: null,
			usagePeriodCount: 0,
			lastUsedAt: null,
		});
		expect(Object.keys(issued.record)).toEqual(RECORD_COLUMNS.map((column) => column.name));
		for (const value of Object.values(issued.record)) expect(['string', 'number', 'object']).toContain(typeof value);
		// No column name collides with the system columns of n8n Data Tables.
		for (const system of ['id', 'createdAt', 'updatedAt']) expect(Object.keys(issued.record)).not.toContain(system);
	});

	it('uses the key id as client id when none is given, and SHA-256 without a pepper', () => {
		const plain = issueKey({ name: 'x', scopes: [] }, { prefix: PREFIX, pepper: '', now: T0 });
		expect(plain.record.clientId).toBe(plain.keyId);
		expect(plain.record.hashAlgorithm).toBe('sha256');
	});

	it('refuses settings that cannot work', () => {
		const context = { prefix: PREFIX, pepper: '', now: T0 };
		const cases: Array<[Parameters<typeof issueKey>[0], RegExp]> = [
			[{ name: 'x', scopes: [], expiresAt: T0 }, /future/],
			[{ name: 'x', scopes: [], expiresAt: Number.NaN }, /future/],
			[{ name: 'x', scopes: [], notBefore: T0 + 10, expiresAt: T0 + 5 }, /earlier/],
			[{ name: 'x', scopes: [], allowedIps: '10.0.0.0/99' }, /Allowed IPs/],
			[{ name: 'x', scopes: [], quota: 5 }, /quota period/],
			[{ name: 'x', scopes: [], rateLimit: -1 }, /Rate Limit/],
		];
		for (const [settings, message] of cases) expect(() => issueKey(settings, context)).toThrow(message);
		expect(() => issueKey({ name: 'x', scopes: [] }, { ...context, prefix: 'Bad Prefix' })).toThrow(/prefix/);
	});
});

describe('Rotate and Revoke', () => {
	it('rotates: same client and settings, a new key, the old record with an overlap deadline', () => {
		const old = makeKey({ clientId: 'c9', scopes: ['a', 'b:*'], rateLimit: 5, allowedIps: '10.0.0.0/8', metadata: { tier: 2 } });
		const rotated = rotateKey(old.record, { overlapSeconds: 3600, expiresAt: T0 + 7 * 86_400_000 }, { prefix: PREFIX, pepper: PEPPER, now: T0 });
		expect(rotated.keyId).not.toBe(old.keyId);
		expect(rotated.record).toMatchObject({
			clientId: 'c9',
			scopes: 'a b:*',
			rateLimit: 5,
			allowedIps: '10.0.0.0/8',
			metadata: '{"tier":2}',
			rotatedFrom: old.keyId,
			expiresAt: new Date(T0 + 7 * 86_400_000).toISOString(),
		});
		expect(rotated.previousRecord).toMatchObject({ keyId: old.keyId, hash: old.stored.hash, rotatedTo: rotated.keyId, expiresAt: new Date(T0 + 3_600_000).toISOString() });
		expect(JSON.stringify([rotated.record, rotated.previousRecord])).not.toContain(rotated.key);
	});

	it('keeps an earlier expiry of the old key, and stops it at once with no overlap', () => {
		const soon = makeKey({ expiresAt: T0 + 60_000 });
		expect(rotateKey(soon.record, { overlapSeconds: 3600 }, { prefix: PREFIX, pepper: PEPPER, now: T0 }).previousRecord.expiresAt).toBe(new Date(T0 + 60_000).toISOString());
		expect(rotateKey(soon.record, { overlapSeconds: 0 }, { prefix: PREFIX, pepper: PEPPER, now: T0 }).previousRecord.expiresAt).toBe(new Date(T0).toISOString());
	});

	it('does not rotate a revoked or expired key', () => {
		const key = makeKey({ expiresAt: T0 + 1000 });
		expect(() => rotateKey(recordFrom(revokeKey(key.record, T0)), { overlapSeconds: 60 }, { prefix: PREFIX, pepper: PEPPER, now: T0 })).toThrow(KeySettingsError);
		expect(() => rotateKey(key.record, { overlapSeconds: 60 }, { prefix: PREFIX, pepper: PEPPER, now: T0 + 1000 })).toThrow(/expired/);
	});

	it('revokes, keeping the first revocation time', () => {
		const key = makeKey();
		const revoked = revokeKey(key.record, T0 + 5);
		expect(revoked).toMatchObject({ status: 'revoked', revokedAt: new Date(T0 + 5).toISOString(), hash: key.stored.hash });
		expect(revokeKey(recordFrom(revoked), T0 + 99).revokedAt).toBe(new Date(T0 + 5).toISOString());
	});
});

describe('reading records from a store', () => {
	const key = makeKey({ scopes: ['a'] });

	it('round-trips and accepts what stores hand back (row ids, Date objects, epoch numbers, nulls, arrays)', () => {
		expect(toStored(recordFrom(key.stored))).toEqual(key.stored);
		const row = {
			id: 7,
			createdAt: '2030-01-01T00:00:00.000Z',
			updatedAt: '2030-01-01T00:00:00.000Z',
			...key.stored,
			expiresAt: new Date(T0 + 5000),
			notBefore: Math.floor(T0 / 1000),
			scopes: '["a","b"]',
			rateLimit: '12',
			metadata: { inline: true },
			status: 'ACTIVE',
		};
		const record = recordFrom(row);
		expect(record.expiresAt).toBe(T0 + 5000);
		expect(record.notBefore).toBe(Math.floor(T0 / 1000) * 1000);
		expect(record.scopes).toEqual(['a', 'b']);
		expect(record.rateLimit).toBe(12);
		expect(record.metadata).toEqual({ inline: true });
		expect(record.status).toBe('active');
	});

	it('is not a record without a key id (the empty item of a lookup without a match)', () => {
		expect(readRecord({})).toBeUndefined();
		expect(readRecord({ json: {} })).toBeUndefined();
		expect(readRecord(null)).toBeUndefined();
		expect(readRecord('text')).toBeUndefined();
	});

	it('refuses unreadable security fields instead of guessing (fail closed)', () => {
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{ keyId: 'short' }, /keyId/],
			[{ hash: 'abc' }, /hash/],
			[{ hashAlgorithm: 'md5' }, /hashAlgorithm/],
			[{ expiresAt: 'tomorrow-ish' }, /expiresAt/],
			[{ notBefore: 'soon' }, /notBefore/],
			[{ revokedAt: {} }, /revokedAt/],
			[{ allowedIps: '10.0.0.0/8, everywhere' }, /allowedIps/],
			[{ rateLimit: 'lots' }, /rateLimit/],
			[{ rateLimit: -5 }, /rateLimit/],
			[{ quota: 5, quotaPeriod: '' }, /quotaPeriod/],
			[{ quotaPeriod: 'fortnight' }, /quotaPeriod/],
		];
		for (const [change, message] of cases) {
			expect(() => readRecord({ ...key.stored, ...change })).toThrow(KeyRecordError);
			expect(() => readRecord({ ...key.stored, ...change })).toThrow(message);
		}
	});

	it('keeps metadata that is not JSON as a value instead of failing', () => {
		expect(recordFrom({ ...key.stored, metadata: 'vip' }).metadata).toEqual({ value: 'vip' });
		expect(recordFrom({ ...key.stored, metadata: '' }).metadata).toEqual({});
	});
});

describe('scope lists', () => {
	it('parses space, comma and JSON forms, dropping blanks and duplicates', () => {
		expect(parseScopes('a b,c  ,a')).toEqual(['a', 'b', 'c']);
		expect(parseScopes('["x", "y"]')).toEqual(['x', 'y']);
		expect(parseScopes(['x', ' ', 'x'])).toEqual(['x']);
		expect(parseScopes(undefined)).toEqual([]);
		expect(parseScopes('[broken')).toEqual(['[broken']);
		expect(formatScopes(['a', 'b'])).toBe('a b');
	});

	it('covers by exact name or trailing wildcard only', () => {
		expect(scopeCovers('*', 'anything')).toBe(true);
		expect(scopeCovers('orders:*', 'orders:read')).toBe(true);
		expect(scopeCovers('orders:*', 'ordersX')).toBe(false);
		expect(scopeCovers('orders', 'orders:read')).toBe(false);
		expect(scopeCovers('orders:read', 'orders:read:all')).toBe(false);
		expect(missingScopes(['a'], ['a', 'b', 'c'])).toEqual(['b', 'c']);
		expect(hasScopes([], [])).toBe(true);
		expect(hasScopes([], ['a'])).toBe(false);
	});
});

describe('the shipped key table definition (examples/guard/key-table-columns.json)', () => {
	it('lists exactly the record columns, with their types', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const table = require('../../../examples/guard/key-table-columns.json') as { columns: unknown };
		expect(table.columns).toEqual(RECORD_COLUMNS);
	});
});
