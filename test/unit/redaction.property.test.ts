/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Property-based tests of the redactor against adversarial keys and every guaranteed encoding:
 * whatever surrounds an encoded key, in text, in decoded JSON (values, keys, numbers) and in raw
 * bytes, nothing of it survives masking.
 */
import fc from 'fast-check';

import { createRedactor } from '../../shared/redaction';
import { adversarialKey } from '../helpers/adversarial';
import { encodingsOf, findLeak } from '../helpers/leaks';

const encoding = fc.constantFrom(...encodingsOf('x').map(([name]) => name));
/** The key in the named encoding; keys outside Latin-1 have no UTF-16-as-text form. */
const encoded = (key: string, name: string) => {
	const form = encodingsOf(key).find(([candidate]) => candidate === name);
	fc.pre(form !== undefined);
	return form![1];
};
const surrounding = fc.string({ maxLength: 40 });
/**
 * Text before an encoded key. It does not end in an escape character (`\`, `%`, `&`): one there
 * would join the key's first character into an escape of its own (`\` + `v…` reads as a vertical
 * tab), so no decoder would read the key back; the redactor is not asked to find what is not there.
 */
const before = surrounding.filter((text) => !/[\\%&]$/.test(text));

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

describe('the redactor against adversarial keys', () => {
	test('masks every guaranteed encoding of the key in text, whatever surrounds it', () => {
		fc.assert(
			fc.property(adversarialKey, encoding, before, surrounding, (key, name, prefix, after) => {
				const masked = createRedactor([key]).text(`${prefix}${encoded(key, name)}${after}`);
				expect(findLeak({ masked }, [key])).toBeUndefined();
			}),
			RUNS,
		);
	});

	test('masks the key in decoded JSON: values, object keys and numbers', () => {
		fc.assert(
			fc.property(adversarialKey, encoding, before, (key, name, filler) => {
				const form = encoded(key, name);
				const raw = JSON.stringify({ value: `${filler}${form}`, [form]: [form, { deep: form }], list: [filler] });
				const redactor = createRedactor([key]);
				const masked = redactor.json(JSON.parse(raw), raw);
				expect(findLeak({ masked: JSON.stringify(masked) }, [key])).toBeUndefined();
				// Masking keeps valid JSON whatever the key looks like.
				expect(() => JSON.parse(JSON.stringify(masked))).not.toThrow();
			}),
			RUNS,
		);
	});

	test('a numeric key is masked in JSON numbers too', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[1-9][0-9]{3,10}$/), fc.nat({ max: 999 }), (key, extra) => {
				const raw = `{"id":${key}${extra},"n":[${key}]}`;
				const masked = createRedactor([key]).json(JSON.parse(raw), raw);
				expect(JSON.stringify(masked)).not.toContain(key);
			}),
			RUNS,
		);
	});

	test('masks every guaranteed encoding of the key in raw bytes, UTF-16 included', () => {
		fc.assert(
			fc.property(adversarialKey, encoding, fc.uint8Array({ maxLength: 64 }), fc.constantFrom('utf8', 'utf16le'), (key, name, noise, layout) => {
				const form = encoded(key, name);
				const head = Buffer.from(noise);
				// As for text: an escape character right before the key would make it read as something else.
				fc.pre(head.length === 0 || !'\\%&'.includes(String.fromCharCode(head[head.length - 1])));
				const bytes = Buffer.concat([head, Buffer.from(form, layout as BufferEncoding), Buffer.from(noise)]);
				const masked = createRedactor([key]).buffer(bytes);
				expect(findLeak({ utf8: masked.toString('utf8'), latin1: masked.toString('latin1') }, [key])).toBeUndefined();
			}),
			RUNS,
		);
	});

	test('finds the key inside a longer base64 text, at any offset', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[A-Za-z0-9]{10,40}$/), fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ maxLength: 16 }), (key, before, after) => {
				const blob = Buffer.concat([Buffer.from(before), Buffer.from(key), Buffer.from(after)]).toString('base64');
				expect(createRedactor([key]).reveals(blob)).toBe(true);
			}),
			RUNS,
		);
	});

	test('leaves text without the key as it is', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[a-z]{12,20}$/), fc.string({ unit: fc.constantFrom('Q', 'W', 'X', 'Z', '1', ' ', '{', '}'), maxLength: 80 }), (key, text) => {
				expect(createRedactor([key]).text(text)).toBe(text);
			}),
			RUNS,
		);
	});
});
