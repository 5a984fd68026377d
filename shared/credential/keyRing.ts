/**
 * The credential's stored data as the key rules need it: the chosen service resolved into a
 * Custom configuration, then the keys of one environment read from it.
 */
import { buildKeyRing, expiredKeyError, expiryStatus, type KeyRing } from '../key/lifecycle';
import { ExplainedError } from '../errors';
import { parseKeyConfig } from '../key/config';
import { rawSecretsOf } from '../key/secrets';
import { createRedactor } from '../redaction';
import { resolveServiceOrThrow, serviceFacts } from '../services/resolve';
import type { Environment, KeyConfig } from '../types';

/**
 * Runs `read` on the credential data; an error it raises comes back with every secret field's
 * value masked. Errors name fields rather than values, but a key typed into the wrong field (an
 * account or name field) would otherwise be repeated in the node's error and the stored run data.
 */
function maskingErrors<T>(data: Record<string, unknown>, read: () => T): T {
	let failure: unknown;
	try {
		return read();
	} catch (error) {
		failure = error;
	}
	throw masked(failure, data);
}

function masked(error: unknown, data: Record<string, unknown>): unknown {
	if (!(error instanceof ExplainedError)) return error;
	const redactor = createRedactor(rawSecretsOf(data));
	const description = error.description === undefined ? undefined : redactor.text(error.description);
	if (!redactor.reveals(error.message) && description === error.description) return error;
	const Masked = error.constructor as new (message: string, description?: string) => ExplainedError;
	return new Masked(redactor.text(error.message), description);
}

/** Reads the credential for one environment (see buildKeyRing). */
export function loadKeyRing(data: Record<string, unknown>, environment: Environment = 'live'): KeyRing {
	return maskingErrors(data, () => {
		const service = resolveServiceOrThrow(data, environment);
		return buildKeyRing(service.data, environment, {
			hasTestBaseUrl: service.hasTestBaseUrl,
			service: serviceFacts(data),
		});
	});
}

/** The Key's configuration, with the chosen service resolved. */
export function loadKeyConfig(data: Record<string, unknown>): KeyConfig {
	return maskingErrors(data, () => parseKeyConfig(resolveServiceOrThrow(data).data));
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
