/**
 * HMAC-SHA256 request signatures with a shared secret and a timestamp (Stripe and Slack style):
 * the client sends `X-Signature: sha256=<hex>` and `X-Signature-Timestamp: <unix seconds>`, where
 * hex = HMAC-SHA256(secret, "<timestamp>.<raw body>"). Stale timestamps are refused, and within
 * one n8n process a signature is accepted once (replays inside the tolerance window are refused).
 */
import { createHmac } from 'node:crypto';

import { ExpiringMap } from './expiringMap';
import { constantTimeEqual } from './hashing';

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch' | 'replayed';

export interface SignatureInput {
	signatureHeader: unknown;
	timestampHeader: unknown;
	payload: Buffer;
	secrets: readonly string[];
	now: number;
	toleranceSeconds: number;
	replays?: ExpiringMap<true>;
}

const SIGNATURE_TOKEN = /^(?:(?:sha256|v1)=)?([0-9a-fA-F]{64})$/;

export function signPayload(secret: string, timestamp: string, payload: Buffer | string): string {
	return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(payload).digest('hex');
}

export function verifySignature(input: SignatureInput): { ok: true } | { ok: false; problem: SignatureProblem } {
	const { signatureHeader, timestampHeader } = input;
	if (typeof signatureHeader !== 'string' || signatureHeader.trim() === '') return { ok: false, problem: 'missing' };
	if (typeof timestampHeader !== 'string' || timestampHeader.trim() === '') return { ok: false, problem: 'missing' };
	const timestamp = timestampHeader.trim();
	if (!/^\d{1,12}$/.test(timestamp) || signatureHeader.length > 2048) return { ok: false, problem: 'malformed' };
	const sentAt = Number(timestamp) * 1000;
	if (Math.abs(input.now - sentAt) > input.toleranceSeconds * 1000) return { ok: false, problem: 'stale' };

	const candidates = signatureHeader
		.split(/[\s,]+/)
		.map((token) => SIGNATURE_TOKEN.exec(token.trim())?.[1]?.toLowerCase())
		.filter((token): token is string => token !== undefined)
		.slice(0, 8);
	if (candidates.length === 0) return { ok: false, problem: 'malformed' };

	// Every candidate against every secret, without stopping at the first match.
	let matched = false;
	for (const secret of input.secrets) {
		if (secret === '') continue;
		const expected = signPayload(secret, timestamp, input.payload);
		for (const candidate of candidates) matched = constantTimeEqual(candidate, expected) || matched;
	}
	if (!matched) return { ok: false, problem: 'mismatch' };

	if (input.replays) {
		const seen = `${timestamp}.${candidates.join(',')}`;
		if (input.replays.get(seen, input.now)) return { ok: false, problem: 'replayed' };
		input.replays.set(seen, true, sentAt + input.toleranceSeconds * 1000 + 1000, input.now);
	}
	return { ok: true };
}
