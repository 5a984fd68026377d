/**
 * The client list of the API Key Guard credential: for small setups, the key records (as the
 * Issue operation outputs them) pasted into the credential as a JSON array. Parsed once per
 * distinct list and kept, so 10,000 clients cost a Map lookup per request, not a JSON parse.
 */
import { readRecord, KeyRecordError, type KeyRecord } from './record';

export class ClientListError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ClientListError';
	}
}

export type ClientIndex = ReadonlyMap<string, KeyRecord>;

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return NOT_JSON;
	}
}

/** The record of an entry, or the problem that keeps it from being one. */
function recordOf(entry: unknown): { record?: KeyRecord; problem?: KeyRecordError } {
	try {
		return { record: readRecord(entry) };
	} catch (error) {
		if (error instanceof KeyRecordError) return { problem: error };
		return { problem: new KeyRecordError(`unreadable (${(error as Error).message})`) };
	}
}

function parseEntries(raw: unknown): unknown[] {
	if (raw === undefined || raw === null || raw === '') return [];
	let value: unknown = raw;
	if (typeof raw === 'string') {
		value = parseJson(raw);
		if (value === NOT_JSON) throw new ClientListError('The client list is not valid JSON: it must be an array of key records');
	}
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const container = value as Record<string, unknown>;
		if (Array.isArray(container.clients)) value = container.clients;
		else if (Array.isArray(container.keys)) value = container.keys;
		else value = [value];
	}
	if (!Array.isArray(value)) throw new ClientListError('The client list must be a JSON array of key records');
	return value;
}

/** Builds the index; every problem names the entry (by position and key id), never a secret. */
export function buildClientIndex(raw: unknown): ClientIndex {
	const index = new Map<string, KeyRecord>();
	parseEntries(raw).forEach((entry, position) => {
		const { record, problem } = recordOf(entry);
		if (problem) {
			throw new ClientListError(`Client list entry ${position + 1}${problem.keyId ? ` (key ${problem.keyId})` : ''}: ${problem.message}`);
		}
		if (!record) throw new ClientListError(`Client list entry ${position + 1} has no keyId`);
		if (index.has(record.keyId)) throw new ClientListError(`Client list entry ${position + 1}: key ${record.keyId} is listed twice`);
		index.set(record.keyId, record);
	});
	return index;
}

const cache = new Map<string, ClientIndex>();
const CACHE_SIZE = 8;

/** The index for a client list, from the cache when the same list was seen before. */
export function clientIndexFor(raw: unknown): ClientIndex {
	const cacheKey = typeof raw === 'string' ? raw : JSON.stringify(raw ?? null);
	const cached = cache.get(cacheKey);
	if (cached) return cached;
	const index = buildClientIndex(raw);
	if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
	cache.set(cacheKey, index);
	return index;
}
