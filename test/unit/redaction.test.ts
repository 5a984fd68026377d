import { parseKeyConfig } from '../../shared/key/config';
import { secretsOf } from '../../shared/key/secrets';
import { createRedactor, REDACTED } from '../../shared/redaction';
import { CANARY } from '../helpers/secretAssertions';

describe('createRedactor', () => {
	describe('text', () => {
		it('masks every occurrence of every secret', () => {
			const redactor = createRedactor(['s3cret', 'other']);
			expect(redactor.text('a s3cret, another s3cret and other')).toBe(
				`a ${REDACTED}, an${REDACTED} ${REDACTED} and ${REDACTED}`,
			);
		});

		// The ASCII fast path lower-cases natively: text it must not take (lone surrogates, astral
		// characters, "İ" whose lower case is two characters) must still mask exactly the key.
		it.each([
			['a lone surrogate', '\ud800 '],
			['an astral character', '\u{1F511} '],
			['İ, which lower-cases to two characters', 'İİİ '],
			['a character just beyond ASCII', '\u0080'],
		])('masks the key in any case after %s, and nothing around it', (_label, before) => {
			const redactor = createRedactor(['Case-Key-77x']);
			for (const spelled of ['Case-Key-77x', 'CASE-KEY-77X', 'case-key-77x']) {
				expect(redactor.text(`${before}${spelled} tail`)).toBe(`${before}${REDACTED} tail`);
				expect(redactor.text(`${before}${'pad '.repeat(5000)}${spelled}`)).toBe(`${before}${'pad '.repeat(5000)}${REDACTED}`);
			}
		});

		it('finds escapes and line breaks anywhere in a long text, not only near its start', () => {
			const redactor = createRedactor(['Esc-Key-91q']);
			const filler = 'x'.repeat(50_000);
			expect(redactor.text(`${filler}Esc%2DKey%2D91q`)).toBe(`${filler}${REDACTED}`);
			expect(redactor.text(`${filler}Esc\\u002DKey-91q`)).toBe(`${filler}${REDACTED}`);
			expect(redactor.text(`${filler}Esc&#45;Key-91q`)).toBe(`${filler}${REDACTED}`);
			const wrapped = Buffer.from('Esc-Key-91q').toString('base64');
			expect(redactor.text(`${filler}${wrapped.slice(0, 6)}\r\n${wrapped.slice(6)}`)).not.toContain(wrapped.slice(6));
		});

		it('leaves text without secrets unchanged', () => {
			expect(createRedactor(['s3cret']).text('nothing to see')).toBe('nothing to see');
			expect(createRedactor([]).text('nothing to see')).toBe('nothing to see');
			expect(createRedactor(['s3cret']).text('')).toBe('');
		});

		it('masks the longest secret first, so a secret containing another is masked whole', () => {
			for (const secrets of [
				['abc', 'abcdef'],
				['abcdef', 'abc'],
			]) {
				const redactor = createRedactor(secrets);
				expect(redactor.text('xabcdefx abc')).toBe(`x${REDACTED}x ${REDACTED}`);
				expect(redactor.text('abcdef')).not.toContain('def');
			}
		});

		it('masks a raw key and its encoded forms whole, not just their common part', () => {
			const redactor = createRedactor(['a b', 'a%20b', 'a+b']);
			expect(redactor.text('raw=a b url=a%20b form=a+b')).toBe(
				`raw=${REDACTED} url=${REDACTED} form=${REDACTED}`,
			);
		});

		it('ignores empty secrets and duplicates', () => {
			const redactor = createRedactor(['', 'k3y', 'k3y', '']);
			expect(redactor.text('my k3y!')).toBe(`my ${REDACTED}!`);
			expect(redactor.text('abc')).toBe('abc');
		});

		it('treats secrets literally, not as patterns', () => {
			const redactor = createRedactor(['a.b*c$', '(x|y)']);
			expect(redactor.text('axbbbc aXb')).toBe('axbbbc aXb');
			expect(redactor.text('a.b*c$ and (x|y)')).toBe(`${REDACTED} and ${REDACTED}`);
		});

		it('masks the secret upper-cased and lower-cased too (Node lower-cases header names)', () => {
			expect(createRedactor(['Secret']).text('secret SECRET Secret other')).toBe(
				`${REDACTED} ${REDACTED} ${REDACTED} other`,
			);
		});

		it('masks non-ASCII secrets', () => {
			expect(createRedactor([CANARY]).text(`key: ${CANARY}.`)).toBe(`key: ${REDACTED}.`);
		});

		it('masks the key wherever the credential put it, given secretsOf', () => {
			const config = parseKeyConfig({ apiKey: CANARY, placement: 'query', allowedHosts: '*' });
			const redactor = createRedactor(secretsOf(config));
			const url = new URL('https://api.example.com/items');
			url.searchParams.set('api_key', CANARY);
			const samples = [
				`Request to ${url.toString()} failed`,
				JSON.stringify({ api_key: CANARY }),
				`https://api.example.com/items?api_key=${encodeURIComponent(CANARY)}`,
				`Header value: ${CANARY}`,
			];
			for (const sample of samples) {
				const masked = redactor.text(sample);
				expect(masked).toContain(REDACTED);
				expect(masked).not.toContain('canary');
				expect(redactor.reveals(masked)).toBe(false);
			}
		});

		it('masks the Basic Authorization value', () => {
			const config = parseKeyConfig({
				apiKey: CANARY,
				placement: 'basicPassword',
				basicUsername: 'user',
				allowedHosts: '*',
			});
			const redactor = createRedactor(secretsOf(config));
			const header = `Basic ${Buffer.from(`user:${CANARY}`).toString('base64')}`;
			expect(redactor.text(`Authorization: ${header}`)).toBe(`Authorization: Basic ${REDACTED}`);
		});
	});

	describe('reveals', () => {
		const redactor = createRedactor(['s3cret', 'tok']);

		it('is true when a secret is in the text', () => {
			expect(redactor.reveals('has s3cret inside')).toBe(true);
			expect(redactor.reveals('tok')).toBe(true);
		});

		it('is false when no secret is in the text', () => {
			expect(redactor.reveals('nothing here')).toBe(false);
			expect(redactor.reveals('')).toBe(false);
			expect(createRedactor([]).reveals('anything')).toBe(false);
			expect(createRedactor(['']).reveals('anything')).toBe(false);
		});

		it('is false after masking', () => {
			expect(redactor.reveals(redactor.text('s3cret and tok and s3cretok'))).toBe(false);
		});
	});

	describe('deep', () => {
		const redactor = createRedactor(['s3cret']);

		it('masks strings nested in objects and arrays', () => {
			const input = {
				message: 'bad s3cret',
				list: ['s3cret', 1, { inner: 'x s3cret y' }, ['s3cret']],
				nested: { deeper: { value: 's3cret' } },
			};
			expect(redactor.deep(input)).toEqual({
				message: `bad ${REDACTED}`,
				list: [REDACTED, 1, { inner: `x ${REDACTED} y` }, [REDACTED]],
				nested: { deeper: { value: REDACTED } },
			});
		});

		it('masks object keys', () => {
			expect(redactor.deep({ s3cret: 1, 'x-s3cret': { s3cret: 's3cret' } })).toEqual({
				[REDACTED]: 1,
				[`x-${REDACTED}`]: { [REDACTED]: REDACTED },
			});
		});

		it('does not change the input', () => {
			const input = { a: 's3cret', b: ['s3cret'], c: { d: 's3cret' } };
			const copy = JSON.parse(JSON.stringify(input)) as typeof input;
			const output = redactor.deep(input);
			expect(input).toEqual(copy);
			expect(output).not.toBe(input);
			expect(output.b).not.toBe(input.b);
			expect(output.c).not.toBe(input.c);
		});

		it('keeps primitives other than strings as they are', () => {
			expect(redactor.deep(42)).toBe(42);
			expect(redactor.deep(true)).toBe(true);
			expect(redactor.deep(null)).toBeNull();
			expect(redactor.deep(undefined)).toBeUndefined();
			expect(redactor.deep(BigInt(7))).toBe(BigInt(7));
			expect(redactor.deep({ n: 1, b: false, z: null, u: undefined })).toEqual({
				n: 1,
				b: false,
				z: null,
				u: undefined,
			});
		});

		it('masks a top-level string or array', () => {
			expect(redactor.deep('the s3cret')).toBe(`the ${REDACTED}`);
			expect(redactor.deep(['s3cret', 'ok'])).toEqual([REDACTED, 'ok']);
		});

		it('survives cycles and keeps their shape', () => {
			const input: Record<string, unknown> = { name: 's3cret' };
			input.self = input;
			const list: unknown[] = ['s3cret'];
			list.push(list);
			input.list = list;
			const output = redactor.deep(input) as Record<string, unknown>;
			expect(output.name).toBe(REDACTED);
			expect(output.self).toBe(output);
			const outputList = output.list as unknown[];
			expect(outputList[0]).toBe(REDACTED);
			expect(outputList[1]).toBe(outputList);
		});

		it('copies an object reached twice once', () => {
			const shared = { v: 's3cret' };
			const output = redactor.deep({ a: shared, b: shared });
			expect(output.a).toEqual({ v: REDACTED });
			expect(output.a).toBe(output.b);
		});

		it('leaves Buffers and typed arrays untouched', () => {
			const buffer = Buffer.from('raw s3cret bytes');
			const bytes = new Uint8Array([1, 2, 3]);
			const output = redactor.deep({ buffer, bytes });
			expect(output.buffer).toBe(buffer);
			expect(output.buffer.toString()).toBe('raw s3cret bytes');
			expect(output.bytes).toBe(bytes);
		});

		it('keeps dates as dates', () => {
			const date = new Date('2024-05-01T00:00:00Z');
			const output = redactor.deep({ at: date, label: 's3cret' });
			expect(output.at).toBeInstanceOf(Date);
			expect(output.at.toISOString()).toBe('2024-05-01T00:00:00.000Z');
			expect(output.label).toBe(REDACTED);
		});

		it('masks every encoded form of a key in an error-like object', () => {
			const config = parseKeyConfig({ apiKey: CANARY, placement: 'query', allowedHosts: '*' });
			const deepRedactor = createRedactor(secretsOf(config));
			const url = `https://api.example.com/x?api_key=${new URLSearchParams({ k: CANARY }).toString().slice(2)}`;
			const output = deepRedactor.deep({
				message: `failed: ${url}`,
				config: { params: { api_key: CANARY }, url },
				body: JSON.stringify({ api_key: CANARY }),
			});
			expect(JSON.stringify(output)).not.toContain('canary');
		});
	});

	describe('buffer and revealsInBuffer', () => {
		const redactor = createRedactor(['s3cret', CANARY]);

		it('finds secrets in raw bytes, multibyte ones included', () => {
			expect(redactor.revealsInBuffer(Buffer.from('x s3cret y'))).toBe(true);
			expect(redactor.revealsInBuffer(Buffer.from(`{"k":"${CANARY}"}`, 'utf8'))).toBe(true);
			expect(redactor.revealsInBuffer(Buffer.from('nothing'))).toBe(false);
		});

		it('masks secrets in raw bytes', () => {
			const masked = redactor.buffer(Buffer.from(`a s3cret b ${CANARY} c s3cret`, 'utf8'));
			expect(masked.toString('utf8')).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
			expect(redactor.revealsInBuffer(masked)).toBe(false);
		});

		it('returns the same buffer when there is nothing to mask', () => {
			const input = Buffer.from('nothing to mask');
			expect(redactor.buffer(input)).toBe(input);
		});

		it('does not change the input buffer', () => {
			const input = Buffer.from('a s3cret');
			redactor.buffer(input);
			expect(input.toString()).toBe('a s3cret');
		});
	});
});
