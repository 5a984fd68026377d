/**
 * The credential's stored data as the key rules need it: the chosen service resolved into a
 * Custom configuration, then the keys of one environment read from it.
 */
import { buildKeyRing, expiredKeyError, expiryStatus, type KeyRing } from '../key/lifecycle';
import { parseKeyConfig } from '../key/config';
import { resolveServiceOrThrow, serviceFacts } from '../services/resolve';
import type { Environment, KeyConfig } from '../types';

/** Reads the credential for one environment (see buildKeyRing). */
export function loadKeyRing(data: Record<string, unknown>, environment: Environment = 'live'): KeyRing {
	const service = resolveServiceOrThrow(data, environment);
	return buildKeyRing(service.data, environment, {
		hasTestBaseUrl: service.hasTestBaseUrl,
		service: serviceFacts(data),
	});
}

/** The Key's configuration, with the chosen service resolved. */
export function loadKeyConfig(data: Record<string, unknown>): KeyConfig {
	return parseKeyConfig(resolveServiceOrThrow(data).data);
}

/**
 * The key configuration for a request made through the credential's `authenticate` (the Test
 * button, n8n's HTTP Request node, other nodes): the Key, or the Secondary Key once the Key is past
 * Key Expires On. An expired Key without a Secondary Key is never sent.
 */
export function keyConfigForRequest(data: Record<string, unknown>, now: Date): KeyConfig {
	const ring = loadKeyRing(data, 'live');
	const expiry = expiryStatus(ring, now);
	if (expiry.state !== 'expired') return ring.primary;
	if (ring.secondary) return ring.secondary;
	throw expiredKeyError(ring, expiry.at);
}
