/* eslint-disable no-control-regex -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/** fast-check arbitraries for adversarial input, shared by the property-based tests. */
import fc from 'fast-check';

import { REDACTED } from '../../shared/redaction';

const COMMON_WORDS = ['data', 'error', 'token', 'https', 'value', 'true', 'null', 'json', 'admin', 'items'];

/**
 * Keys worth trying: short, numeric, unicode, long, and pieces of words every answer contains.
 * At least 4 characters, and never part of the mask itself (a key "red" would be found again in
 * "[redacted]").
 */
export const adversarialKey = fc
	.oneof(
		fc.stringMatching(/^[A-Za-z0-9]{4,8}$/),
		fc.stringMatching(/^[0-9]{4,12}$/),
		fc.stringMatching(/^[A-Za-z0-9_\-.~+/=]{8,64}$/),
		fc.string({ unit: 'grapheme', minLength: 4, maxLength: 24 }),
		fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'ü', '€', '😀', ' ', '/', '+', '%', '"', '\\'), minLength: 4, maxLength: 16 }),
		fc.stringMatching(/^[A-Za-z0-9]{200,400}$/),
		fc.constantFrom(...COMMON_WORDS),
		fc.constantFrom(...COMMON_WORDS).map((word) => word.slice(1)),
	)
	.map((key) => key.trim())
	.filter((key) => key.length >= 4 && !/[[\]\u0000-\u001f]/.test(key) && !REDACTED.toLowerCase().includes(key.toLowerCase()));
