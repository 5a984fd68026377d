/**
 * Masks secrets in anything a node can show: messages, descriptions, error context, output data.
 */

export const REDACTED = '[redacted]';

export type Redactor = {
	text: (value: string) => string;
	deep: <T>(value: T) => T;
	/** True when the string still contains a secret. */
	reveals: (value: string) => boolean;
};

export function createRedactor(secrets: readonly string[]): Redactor {
	// Longest first, so a secret that contains another is masked whole.
	const ordered = [...new Set(secrets.filter((secret) => secret.length > 0))].sort(
		(a, b) => b.length - a.length,
	);
	const textFn = (value: string): string => {
		let result = value;
		for (const secret of ordered) {
			if (result.includes(secret)) result = result.split(secret).join(REDACTED);
		}
		return result;
	};
	const deep = <T>(value: T): T => redactValue(value, textFn, new WeakMap()) as T;
	return {
		text: textFn,
		deep,
		reveals: (value: string) => ordered.some((secret) => value.includes(secret)),
	};
}

function redactValue(
	value: unknown,
	redactText: (value: string) => string,
	seen: WeakMap<object, unknown>,
): unknown {
	if (typeof value === 'string') return redactText(value);
	if (value === null || typeof value !== 'object') return value;
	if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
	if (seen.has(value)) return seen.get(value);
	if (Array.isArray(value)) {
		const copy: unknown[] = [];
		seen.set(value, copy);
		for (const entry of value) copy.push(redactValue(entry, redactText, seen));
		return copy;
	}
	const copy: Record<string, unknown> = {};
	seen.set(value, copy);
	for (const [key, entry] of Object.entries(value)) {
		copy[redactText(key)] = redactValue(entry, redactText, seen);
	}
	return copy;
}
