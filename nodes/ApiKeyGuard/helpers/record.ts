/**
 * The key record: everything the Guard needs to check a key, and nothing that would let anyone
 * use it (the key itself is never part of it, only its hash). Records are flat (strings, numbers,
 * null) so they fit any store: n8n Data Tables, Postgres, Airtable, Google Sheets.
 */
import { text } from '../../../shared/text';
import { isKeyId } from './keyFormat';
import { parseDigest, type HashAlgorithm } from './hashing';
import { readCidrList, type Cidr } from './ip';
import { formatScopes, parseScopes } from './scopes';
import { isoTime, isPeriod, parseTime, type Period } from './time';

export type KeyStatus = 'active' | 'revoked';

/** A record as stored: the columns of the key table. */
export interface StoredRecord {
	[column: string]: string | number | null;
	keyId: string;
	prefix: string;
	hint: string;
	hash: string;
	hashAlgorithm: HashAlgorithm;
	clientId: string;
	name: string;
	scopes: string;
	status: KeyStatus;
	issuedAt: string;
	notBefore: string | null;
	expiresAt: string | null;
	revokedAt: string | null;
	rotatedFrom: string | null;
	rotatedTo: string | null;
	allowedIps: string;
	rateLimit: number;
	rateLimitWindow: number;
	quota: number;
	quotaPeriod: string;
	metadata: string;
	usageWindowStart: string | null;
	usageWindowCount: number;
	usagePeriodStart: string | null;
	usagePeriodCount: number;
	lastUsedAt: string | null;
}

/** The columns of a key table, in order, with the type each holds (for creating the table). */
export const RECORD_COLUMNS: ReadonlyArray<{ name: keyof StoredRecord & string; type: 'string' | 'number' }> = [
	{ name: 'keyId', type: 'string' },
	{ name: 'prefix', type: 'string' },
	{ name: 'hint', type: 'string' },
	{ name: 'hash', type: 'string' },
	{ name: 'hashAlgorithm', type: 'string' },
	{ name: 'clientId', type: 'string' },
	{ name: 'name', type: 'string' },
	{ name: 'scopes', type: 'string' },
	{ name: 'status', type: 'string' },
	{ name: 'issuedAt', type: 'string' },
	{ name: 'notBefore', type: 'string' },
	{ name: 'expiresAt', type: 'string' },
	{ name: 'revokedAt', type: 'string' },
	{ name: 'rotatedFrom', type: 'string' },
	{ name: 'rotatedTo', type: 'string' },
	{ name: 'allowedIps', type: 'string' },
	{ name: 'rateLimit', type: 'number' },
	{ name: 'rateLimitWindow', type: 'number' },
	{ name: 'quota', type: 'number' },
	{ name: 'quotaPeriod', type: 'string' },
	{ name: 'metadata', type: 'string' },
	{ name: 'usageWindowStart', type: 'string' },
	{ name: 'usageWindowCount', type: 'number' },
	{ name: 'usagePeriodStart', type: 'string' },
	{ name: 'usagePeriodCount', type: 'number' },
	{ name: 'lastUsedAt', type: 'string' },
];

/** A record as the Guard works with it. Times are epoch milliseconds. */
export interface KeyRecord {
	keyId: string;
	prefix: string;
	hint: string;
	hash: Buffer;
	hashAlgorithm: HashAlgorithm;
	clientId: string;
	name: string;
	scopes: string[];
	status: KeyStatus;
	issuedAt?: number;
	notBefore?: number;
	expiresAt?: number;
	revokedAt?: number;
	rotatedFrom: string;
	rotatedTo: string;
	allowedIps: Cidr[];
	rateLimit: number;
	rateLimitWindow: number;
	quota: number;
	quotaPeriod?: Period;
	metadata: Record<string, unknown>;
	usageWindowStart?: number;
	usageWindowCount: number;
	usagePeriodStart?: number;
	usagePeriodCount: number;
	lastUsedAt?: number;
	/** The record as it came in (its store columns, e.g. a row id), for updated copies. */
	source: Record<string, unknown>;
}

/** A record that cannot be used as it is; the message names the field, never a secret. */
export class KeyRecordError extends Error {
	constructor(
		message: string,
		readonly keyId?: string,
	) {
		super(message);
		this.name = 'KeyRecordError';
	}
}

export const DEFAULT_RATE_LIMIT_WINDOW = 60;

const trimmed = (value: unknown): string => text(value).trim();

function count(value: unknown, field: string, keyId: string): number {
	if (value === undefined || value === null || value === '') return 0;
	const number = typeof value === 'number' ? value : Number(trimmed(value));
	if (!Number.isFinite(number) || number < 0) throw new KeyRecordError(`The record's ${field} is not a number of 0 or more`, keyId);
	return Math.floor(number);
}

function time(value: unknown, field: string, keyId: string): number | undefined {
	const parsed = parseTime(value);
	if (parsed !== undefined && Number.isNaN(parsed)) throw new KeyRecordError(`The record's ${field} is not a date`, keyId);
	return parsed;
}

function metadataOf(value: unknown): Record<string, unknown> {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	if (typeof value !== 'string' || value.trim() === '') return {};
	try {
		const parsed: unknown = JSON.parse(value);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
	} catch {
		return { value };
	}
}

/**
 * A record from a store row (or a client list entry). Undefined when the row is not a key record
 * at all (no key id, e.g. the empty item a lookup without a match gives); KeyRecordError when it is
 * one but a field cannot be read. Security fields never fall back to a permissive default.
 */
export function readRecord(raw: unknown): KeyRecord | undefined {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const row = raw as Record<string, unknown>;
	const keyId = trimmed(row.keyId);
	if (keyId === '') return undefined;
	if (!isKeyId(keyId)) throw new KeyRecordError('The record\'s keyId is not a key ID of this format');
	const hash = parseDigest(row.hash);
	if (!hash) throw new KeyRecordError("The record's hash is not a 64-digit hex SHA-256 digest", keyId);
	const algorithm = trimmed(row.hashAlgorithm) || 'sha256';
	if (algorithm !== 'sha256' && algorithm !== 'hmac-sha256') {
		throw new KeyRecordError("The record's hashAlgorithm must be sha256 or hmac-sha256", keyId);
	}
	const statusText = trimmed(row.status).toLowerCase();
	// Anything but active (revoked, disabled, suspended, ...) stops the key.
	const status: KeyStatus = statusText === '' || statusText === 'active' ? 'active' : 'revoked';
	const ips = readCidrList(row.allowedIps);
	if (ips.problem !== undefined) throw new KeyRecordError(`The record's allowedIps: ${ips.problem}`, keyId);
	const allowedIps: Cidr[] = ips.cidrs;
	const quotaPeriodText = trimmed(row.quotaPeriod);
	if (quotaPeriodText !== '' && !isPeriod(quotaPeriodText)) {
		throw new KeyRecordError("The record's quotaPeriod must be hour, day, week or month", keyId);
	}
	const quota = count(row.quota, 'quota', keyId);
	if (quota > 0 && quotaPeriodText === '') throw new KeyRecordError("The record has a quota but no quotaPeriod", keyId);
	return {
		keyId,
		prefix: trimmed(row.prefix),
		hint: trimmed(row.hint),
		hash,
		hashAlgorithm: algorithm,
		clientId: trimmed(row.clientId) || keyId,
		name: trimmed(row.name),
		scopes: parseScopes(row.scopes),
		status,
		issuedAt: time(row.issuedAt, 'issuedAt', keyId),
		notBefore: time(row.notBefore, 'notBefore', keyId),
		expiresAt: time(row.expiresAt, 'expiresAt', keyId),
		revokedAt: time(row.revokedAt, 'revokedAt', keyId),
		rotatedFrom: trimmed(row.rotatedFrom),
		rotatedTo: trimmed(row.rotatedTo),
		allowedIps,
		rateLimit: count(row.rateLimit, 'rateLimit', keyId),
		rateLimitWindow: count(row.rateLimitWindow, 'rateLimitWindow', keyId) || DEFAULT_RATE_LIMIT_WINDOW,
		quota,
		quotaPeriod: quotaPeriodText === '' ? undefined : (quotaPeriodText as Period),
		metadata: metadataOf(row.metadata),
		usageWindowStart: time(row.usageWindowStart, 'usageWindowStart', keyId),
		usageWindowCount: count(row.usageWindowCount, 'usageWindowCount', keyId),
		usagePeriodStart: time(row.usagePeriodStart, 'usagePeriodStart', keyId),
		usagePeriodCount: count(row.usagePeriodCount, 'usagePeriodCount', keyId),
		lastUsedAt: time(row.lastUsedAt, 'lastUsedAt', keyId),
		source: row,
	};
}

const optionalTime = (value: number | undefined): string | null => (value === undefined ? null : isoTime(value));

/** The record as store columns. */
export function toStored(record: KeyRecord): StoredRecord {
	return {
		keyId: record.keyId,
		prefix: record.prefix,
		hint: record.hint,
		hash: record.hash.toString('hex'),
		hashAlgorithm: record.hashAlgorithm,
		clientId: record.clientId,
		name: record.name,
		scopes: formatScopes(record.scopes),
		status: record.status,
		issuedAt: optionalTime(record.issuedAt) ?? '',
		notBefore: optionalTime(record.notBefore),
		expiresAt: optionalTime(record.expiresAt),
		revokedAt: optionalTime(record.revokedAt),
		rotatedFrom: record.rotatedFrom || null,
		rotatedTo: record.rotatedTo || null,
		allowedIps: record.allowedIps.map((cidr) => cidr.text).join(', '),
		rateLimit: record.rateLimit,
		rateLimitWindow: record.rateLimitWindow,
		quota: record.quota,
		quotaPeriod: record.quotaPeriod ?? '',
		metadata: JSON.stringify(record.metadata),
		usageWindowStart: optionalTime(record.usageWindowStart),
		usageWindowCount: record.usageWindowCount,
		usagePeriodStart: optionalTime(record.usagePeriodStart),
		usagePeriodCount: record.usagePeriodCount,
		lastUsedAt: optionalTime(record.lastUsedAt),
	};
}

/** What a key's record may tell downstream nodes about its client. */
export interface ClientInfo {
	clientId: string;
	name: string;
	keyId: string;
	prefix: string;
	scopes: string[];
	metadata: Record<string, unknown>;
	expiresAt: string | null;
}

export function clientInfo(record: KeyRecord): ClientInfo {
	return {
		clientId: record.clientId,
		name: record.name,
		keyId: record.keyId,
		prefix: record.prefix,
		scopes: record.scopes,
		metadata: record.metadata,
		expiresAt: optionalTime(record.expiresAt),
	};
}
