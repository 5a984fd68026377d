/**
 * The Guard's one link to the package's redaction module (its path may move: fix it here only).
 * It masks a presented key in every encoding the package knows (as sent, percent-encoded, JSON
 * escaped, base64, hex, ...).
 *
 * Building a redactor for a key costs milliseconds, so redactors of verified keys are kept for a
 * while (bounded: entries expire, the oldest go first when full), keyed by the key's digest.
 * Unverified keys never get a cached redactor: nothing derived from their request is output.
 */
import { createRedactor, type Redactor } from '../../../shared/redaction';

import { ExpiringMap } from './expiringMap';

export { REDACTED } from '../../../shared/redaction';
export type { Redactor } from '../../../shared/redaction';

/** A redactor for the given values (values shorter than 8 characters are not secrets here). */
export function keyRedactor(values: ReadonlyArray<string | undefined>): Redactor {
	return createRedactor(values.filter((value): value is string => typeof value === 'string' && value.length >= 8));
}

const VERIFIED_TTL_MS = 10 * 60_000;
const verifiedRedactors = new ExpiringMap<Redactor>({ maxEntries: 1000 });

/** The redactor for a verified key, built once per key (by its digest) and kept for ten minutes. */
export function verifiedKeyRedactor(digestHex: string, key: string, now = Date.now()): Redactor {
	const cached = verifiedRedactors.get(digestHex, now);
	if (cached) return cached;
	const redactor = keyRedactor([key]);
	verifiedRedactors.set(digestHex, redactor, now + VERIFIED_TTL_MS, now);
	return redactor;
}

/** For tests: how many redactors are kept, and forgetting them. */
export const verifiedRedactorCache = {
	get size(): number {
		return verifiedRedactors.size;
	},
	clear(): void {
		verifiedRedactors.clear();
	},
};

/** Masks a presented value in an error message (errors are rare: no cache). */
export function redactMessage(message: string, presented: string | undefined): string {
	return presented ? keyRedactor([presented]).text(message) : message;
}
