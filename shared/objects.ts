/**
 * Records built from names a user or an API chose. A plain `record[name] = value` turns
 * `__proto__` into a prototype change and lets `constructor` collide with Object's own members;
 * these helpers always make own, enumerable properties.
 */

export function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
	Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
}

export function hasOwn(record: object, name: string): boolean {
	return Object.prototype.hasOwnProperty.call(record, name);
}

/** `Object.fromEntries` that keeps every name as an own property, `__proto__` included. */
export function ownRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
	const record: Record<string, T> = {};
	for (const [name, value] of entries) setOwn(record, name, value);
	return record;
}
