/**
 * Issue, rotate and revoke: each produces the record(s) to store. The plain key leaves only as
 * the one-time value returned next to the record, never inside it.
 */
import { generateKey, keyHint } from './keyFormat';
import { hashKey } from './hashing';
import { parseCidrList, readCidrList } from './ip';
import { toStored, type KeyRecord, type StoredRecord } from './record';
import { formatScopes } from './scopes';
import { isoTime, type Period } from './time';

export interface KeySettings {
	clientId?: string;
	name: string;
	scopes: string[];
	notBefore?: number;
	expiresAt?: number;
	allowedIps?: string;
	rateLimit?: number;
	rateLimitWindow?: number;
	quota?: number;
	quotaPeriod?: Period;
	metadata?: Record<string, unknown>;
}

export interface IssuedKey {
	/** The plain key: shown once, to be handed to the client, never stored. */
	key: string;
	keyId: string;
	hint: string;
	record: StoredRecord;
}

export interface IssueContext {
	prefix: string;
	pepper: string;
	now: number;
	random?: (size: number) => Buffer;
}

export class KeySettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'KeySettingsError';
	}
}

function checkSettings(settings: KeySettings, now: number): void {
	if (settings.expiresAt !== undefined && (Number.isNaN(settings.expiresAt) || settings.expiresAt <= now)) {
		throw new KeySettingsError('The expiry must be a date in the future');
	}
	if (settings.notBefore !== undefined && Number.isNaN(settings.notBefore)) throw new KeySettingsError('Not Before is not a date');
	if (settings.expiresAt !== undefined && settings.notBefore !== undefined && settings.notBefore >= settings.expiresAt) {
		throw new KeySettingsError('Not Before must be earlier than the expiry');
	}
	for (const [label, value] of [
		['Rate Limit', settings.rateLimit],
		['Rate Limit Window', settings.rateLimitWindow],
		['Quota', settings.quota],
	] as const) {
		if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw new KeySettingsError(`${label} must be a number of 0 or more`);
	}
	if ((settings.quota ?? 0) > 0 && !settings.quotaPeriod) throw new KeySettingsError('A quota needs a quota period');
	const ips = readCidrList(settings.allowedIps ?? '');
	if (ips.problem !== undefined) throw new KeySettingsError(`Allowed IPs: ${ips.problem}`);
}

/** A new key and its record. */
export function issueKey(settings: KeySettings, context: IssueContext): IssuedKey {
	checkSettings(settings, context.now);
	const { key, keyId, prefix } = generateKey(context.prefix, context.random);
	const { hash, hashAlgorithm } = hashKey(key, context.pepper);
	const hint = keyHint(key, prefix);
	const record: StoredRecord = {
		keyId,
		prefix,
		hint,
		hash,
		hashAlgorithm,
		clientId: settings.clientId?.trim() || keyId,
		name: settings.name.trim(),
		scopes: formatScopes(settings.scopes),
		status: 'active',
		issuedAt: isoTime(context.now),
		notBefore: settings.notBefore === undefined ? null : isoTime(settings.notBefore),
		expiresAt: settings.expiresAt === undefined ? null : isoTime(settings.expiresAt),
		revokedAt: null,
		rotatedFrom: null,
		rotatedTo: null,
		allowedIps: parseCidrList(settings.allowedIps ?? '')
			.map((cidr) => cidr.text)
			.join(', '),
		rateLimit: Math.floor(settings.rateLimit ?? 0),
		rateLimitWindow: Math.floor(settings.rateLimitWindow || 60),
		quota: Math.floor(settings.quota ?? 0),
		quotaPeriod: settings.quotaPeriod ?? '',
		metadata: JSON.stringify(settings.metadata ?? {}),
		usageWindowStart: null,
		usageWindowCount: 0,
		usagePeriodStart: null,
		usagePeriodCount: 0,
		lastUsedAt: null,
	};
	return { key, keyId, hint, record };
}

export interface RotateOptions {
	/** How long the old key keeps working, in seconds (0: it stops now). */
	overlapSeconds: number;
	/** Expiry of the new key; undefined: no expiry. */
	expiresAt?: number;
}

export interface RotatedKey extends IssuedKey {
	/** The old key's record, with its overlap deadline (expiresAt) and rotatedTo set. */
	previousRecord: StoredRecord;
}

/**
 * A new key for the same client (same scopes, limits, IP rules and metadata) and the old key's
 * record with an expiry at the end of the overlap window (or earlier, if it expired sooner).
 */
export function rotateKey(previous: KeyRecord, options: RotateOptions, context: IssueContext): RotatedKey {
	if (previous.status === 'revoked') throw new KeySettingsError(`Key ${previous.keyId} is revoked; issue a new key instead`);
	if (previous.expiresAt !== undefined && previous.expiresAt <= context.now) {
		throw new KeySettingsError(`Key ${previous.keyId} has expired; issue a new key instead`);
	}
	if (!Number.isFinite(options.overlapSeconds) || options.overlapSeconds < 0) {
		throw new KeySettingsError('The overlap must be a number of seconds of 0 or more');
	}
	const issued = issueKey(
		{
			clientId: previous.clientId,
			name: previous.name,
			scopes: previous.scopes,
			expiresAt: options.expiresAt,
			allowedIps: previous.allowedIps.map((cidr) => cidr.text).join(', '),
			rateLimit: previous.rateLimit,
			rateLimitWindow: previous.rateLimitWindow,
			quota: previous.quota,
			quotaPeriod: previous.quotaPeriod,
			metadata: previous.metadata,
		},
		context,
	);
	issued.record.rotatedFrom = previous.keyId;
	const deadline = context.now + Math.floor(options.overlapSeconds * 1000);
	const previousRecord = toStored({
		...previous,
		expiresAt: previous.expiresAt === undefined ? deadline : Math.min(previous.expiresAt, deadline),
		rotatedTo: issued.keyId,
	});
	return { ...issued, previousRecord };
}

/** The record of a revoked key: it stops working as soon as the store has it. */
export function revokeKey(previous: KeyRecord, now: number): StoredRecord {
	return toStored({ ...previous, status: 'revoked', revokedAt: previous.revokedAt ?? now });
}
