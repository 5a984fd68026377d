/**
 * Canary keys and assertions that an error does not reveal them, shared by the unit tests.
 */
import { KeyConfigError } from '../../shared/errors';

/** A key with a space, a non-ASCII letter, a quote and a backslash: `canary-KEY-123 ü"\`. */
export const CANARY = 'canary-KEY-123 ü"\\';

/** A key that every placement accepts (printable ASCII, no cookie separators). */
export const CANARY_ASCII = 'canary-KEY-123-ascii';

/** Part of every canary: an error containing it reveals (part of) the key. */
export const CANARY_MARK = 'KEY-123';

/** The forms in which a secret could show up in a message. */
export function leakForms(secret: string): string[] {
	const forms = [
		secret,
		secret.trim(),
		encodeURIComponent(secret),
		encodeURIComponent(secret).replace(/%20/g, '+'),
		new URLSearchParams([['', secret]]).toString().slice(1),
		JSON.stringify(secret).slice(1, -1),
		Buffer.from(secret, 'utf8').toString('base64'),
	];
	return [...new Set(forms.filter((form) => form.length >= 3))];
}

/** Everything an error could show: message, description, stack, own properties. */
export function errorTexts(error: unknown): string[] {
	const texts = [String(error)];
	if (error instanceof Error) {
		texts.push(error.message, error.stack ?? '', error.name);
		const description = (error as { description?: unknown }).description;
		if (description !== undefined) texts.push(String(description));
		try {
			texts.push(JSON.stringify({ ...error }));
		} catch {
			// cyclic own properties: message and stack were checked above
		}
	}
	return texts;
}

/** Fails when any text of the error contains the canary mark or a form of one of the secrets. */
export function expectNoSecretIn(error: unknown, secrets: readonly string[] = []): void {
	const needles = [CANARY_MARK, ...secrets.flatMap(leakForms)];
	for (const text of errorTexts(error)) {
		for (const needle of needles) {
			if (text.includes(needle)) {
				throw new Error(`The error reveals a secret (${JSON.stringify(needle)}): ${text}`);
			}
		}
	}
}

/** What was thrown must be a KeyConfigError with a matching message and no secret in it. */
function asKeyConfigError(thrown: unknown, message: RegExp, secrets: readonly string[]): KeyConfigError {
	expect(thrown).toBeInstanceOf(KeyConfigError);
	const error = thrown as KeyConfigError;
	expect(error.name).toBe('KeyConfigError');
	expect(error.message).toMatch(message);
	expectNoSecretIn(error, secrets);
	return error;
}

/** Runs fn, expects a KeyConfigError whose message matches, and checks that it holds no secret. */
export function expectKeyConfigError(
	fn: () => unknown,
	message: RegExp,
	secrets: readonly string[] = [],
): KeyConfigError {
	let thrown: unknown;
	try {
		fn();
	} catch (error) {
		thrown = error;
	}
	if (thrown === undefined)
		throw new Error(`Expected a KeyConfigError matching ${message}, nothing was thrown`);
	return asKeyConfigError(thrown, message, secrets);
}

/** The KeyConfigError that fn throws, whatever its message (checked to hold no secret). */
export function rejection(fn: () => unknown): KeyConfigError {
	return expectKeyConfigError(fn, /[\s\S]*/);
}

/** The async form of expectKeyConfigError. */
export async function expectKeyConfigRejection(
	promise: Promise<unknown>,
	message: RegExp,
	secrets: readonly string[] = [],
): Promise<KeyConfigError> {
	let thrown: unknown;
	try {
		await promise;
	} catch (error) {
		thrown = error;
	}
	if (thrown === undefined)
		throw new Error(`Expected a rejection matching ${message}, the promise resolved`);
	return asKeyConfigError(thrown, message, secrets);
}

/** Decodes an `Authorization: Basic …` value to `user:password`. */
export function decodeBasic(header: string | undefined): string {
	expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
	return Buffer.from((header as string).slice('Basic '.length), 'base64').toString('utf8');
}
