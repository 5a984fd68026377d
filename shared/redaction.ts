/**
 * Masks secrets in anything a node can show: messages, descriptions, error context, output data.
 */

export const REDACTED = '[redacted]';

export type Redactor = {
	text: (value: string) => string;
	deep: <T>(value: T) => T;
	/** True when the string still contains a secret. */
	reveals: (value: string) => boolean;
	/** The same check on raw bytes, so large response bodies are only decoded when needed. */
	revealsInBuffer: (value: Buffer) => boolean;
	/** Masks secrets in raw bytes; returns the same buffer when there is nothing to mask. */
	buffer: (value: Buffer) => Buffer;
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
		revealsInBuffer: (value: Buffer) => ordered.some((secret) => value.includes(secret, 0, 'utf8')),
		buffer: (value: Buffer) => redactBuffer(value, ordered),
	};
}

function redactValue(
	value: unknown,
	redactText: (value: string) => string,
	seen: WeakMap<object, unknown>,
): unknown {
	if (typeof value === 'string') return redactText(value);
	if (value === null || typeof value !== 'object') return value;
	if (Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof Date) return value;
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

function redactBuffer(value: Buffer, ordered: readonly string[]): Buffer {
	let result = value;
	const mask = Buffer.from(REDACTED, 'utf8');
	for (const secret of ordered) {
		const needle = Buffer.from(secret, 'utf8');
		let index = result.indexOf(needle);
		if (index === -1) continue;
		const chunks: Buffer[] = [];
		let start = 0;
		while (index !== -1) {
			chunks.push(result.subarray(start, index), mask);
			start = index + needle.length;
			index = result.indexOf(needle, start);
		}
		chunks.push(result.subarray(start));
		result = Buffer.concat(chunks);
	}
	return result;
}
