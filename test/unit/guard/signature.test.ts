import crypto from 'node:crypto';

import { ExpiringMap } from '../../../nodes/ApiKeyGuard/helpers/expiringMap';
import { signPayload, verifySignature, type SignatureInput } from '../../../nodes/ApiKeyGuard/helpers/signature';

const SECRET = 'whsec-test-secret';
const NOW = Date.UTC(2030, 0, 1);
const body = Buffer.from('{"order":42}');
const stamp = String(NOW / 1000);

const input = (overrides: Partial<SignatureInput> = {}): SignatureInput => ({
	signatureHeader: `sha256=${signPayload(SECRET, stamp, body)}`,
	timestampHeader: stamp,
	payload: body,
	secrets: [SECRET],
	now: NOW,
	toleranceSeconds: 300,
	...overrides,
});

describe('request signatures', () => {
	it('accepts HMAC-SHA256 of "<timestamp>.<raw body>", with or without the sha256= label', () => {
		const expected = crypto.createHmac('sha256', SECRET).update(`${stamp}.{"order":42}`).digest('hex');
		expect(signPayload(SECRET, stamp, body)).toBe(expected);
		expect(verifySignature(input())).toEqual({ ok: true });
		expect(verifySignature(input({ signatureHeader: expected.toUpperCase() }))).toEqual({ ok: true });
		expect(verifySignature(input({ signatureHeader: `v1=0000, v1=${expected}` }))).toEqual({ ok: true });
	});

	it('accepts the previous secret during a secret rotation', () => {
		const old = `sha256=${signPayload('old-secret', stamp, body)}`;
		expect(verifySignature(input({ signatureHeader: old, secrets: [SECRET, 'old-secret'] }))).toEqual({ ok: true });
		expect(verifySignature(input({ signatureHeader: old }))).toEqual({ ok: false, problem: 'mismatch' });
	});

	it('refuses a changed body, a missing or malformed header and a stale timestamp', () => {
		expect(verifySignature(input({ payload: Buffer.from('{"order":43}') }))).toEqual({ ok: false, problem: 'mismatch' });
		expect(verifySignature(input({ signatureHeader: undefined }))).toEqual({ ok: false, problem: 'missing' });
		expect(verifySignature(input({ timestampHeader: '' }))).toEqual({ ok: false, problem: 'missing' });
		expect(verifySignature(input({ timestampHeader: 'yesterday' }))).toEqual({ ok: false, problem: 'malformed' });
		expect(verifySignature(input({ signatureHeader: 'sha256=xyz' }))).toEqual({ ok: false, problem: 'malformed' });
		expect(verifySignature(input({ now: NOW + 301_000 }))).toEqual({ ok: false, problem: 'stale' });
		expect(verifySignature(input({ now: NOW - 301_000 }))).toEqual({ ok: false, problem: 'stale' });
		expect(verifySignature(input({ now: NOW + 300_000 })).ok).toBe(true);
	});

	it('refuses a replay within the tolerance, in one process, and forgets it afterwards', () => {
		const replays = new ExpiringMap<true>();
		expect(verifySignature(input({ replays }))).toEqual({ ok: true });
		expect(verifySignature(input({ replays, now: NOW + 10_000 }))).toEqual({ ok: false, problem: 'replayed' });
		expect(replays.size).toBe(1);
		replays.sweep(NOW + 302_000);
		expect(replays.size).toBe(0);
	});

	it('compares every candidate in constant time, without stopping at the first match', () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		try {
			const good = signPayload(SECRET, stamp, body);
			verifySignature(input({ signatureHeader: `${good},${'0'.repeat(64)},${'1'.repeat(64)}`, secrets: [SECRET, 'b'] }));
			expect(spy).toHaveBeenCalledTimes(6);
			for (const [a, b] of spy.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
		} finally {
			spy.mockRestore();
		}
	});
});
