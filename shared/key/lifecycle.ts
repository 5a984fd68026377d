/**
 * The life of a key: test and live keys, a secondary key for rotation, expiry, and what to tell the
 * user about them. Pure, and independent of service presets: what a service adds (its name, where
 * its keys are managed, its key prefixes) comes in as plain data. The node passes in the
 * environment, the current time and the run mode.
 */
import { KeyConfigError } from '../errors';
import { text } from '../text';
import type { Environment, KeyConfig } from '../types';
import { parseKeyConfig } from './config';
import { secretsOf } from './secrets';

export type { Environment, KeyRole } from '../types';

export const ENVIRONMENTS: readonly Environment[] = ['live', 'test'];

/** Key prefixes that tell a key's environment, besides the common sk_test_ / sk_live_ family. */
export type KeyPrefixes = { test?: string[]; live?: string[] };

/** What a service preset tells the life cycle about its keys. */
export interface ServiceFacts {
	name: string;
	/** Where the service's keys are managed, with the account filled in. */
	keysUrl?: string;
	keyPrefixes?: KeyPrefixes;
}

/** What a key's prefix says about it. */
export interface KeyKind {
	environment?: Environment;
	/** Stripe-style key families: secret (sk_), publishable (pk_) or restricted (rk_). */
	family?: 'secret' | 'publishable' | 'restricted';
	/** The recognised prefix, e.g. `sk_test_`. Never more of the key than that. */
	prefix: string;
}

const FAMILIES: Record<string, KeyKind['family']> = {
	sk: 'secret',
	pk: 'publishable',
	rk: 'restricted',
};

/** `sk_test_…`, `pk_live_…`, `rk_test_…` and the same pattern other services use (`rzp_live_…`). */
const ENVIRONMENT_PREFIX = /^([a-z]{2,5})_(test|live)_/i;

/**
 * Recognises the environment (and for Stripe-style keys the family) from the key's prefix.
 * Undefined when the key has no recognisable prefix.
 */
export function detectKeyKind(key: string, prefixes?: KeyPrefixes): KeyKind | undefined {
	const trimmed = key.trim();
	for (const environment of ENVIRONMENTS) {
		const prefix = prefixes?.[environment]?.find((candidate) =>
			trimmed.startsWith(candidate),
		);
		if (prefix) return { environment, prefix };
	}
	const match = ENVIRONMENT_PREFIX.exec(trimmed);
	if (!match) return undefined;
	const family = FAMILIES[match[1].toLowerCase()];
	return {
		environment: match[2].toLowerCase() as Environment,
		...(family ? { family } : {}),
		prefix: match[0],
	};
}

export interface KeyExpiry {
	at: Date;
	/** Warn this many days before; 0 turns the warning off. */
	warnDays: number;
}

export type ExpiryStatus =
	| { state: 'none' }
	| { state: 'ok' | 'soon'; at: Date; daysLeft: number }
	| { state: 'expired'; at: Date };

/** Everything a node needs to send requests with the credential in one environment. */
export interface KeyRing {
	environment: Environment;
	/** The key for this environment: the Key, or in the test environment the Test Key when set. */
	primary: KeyConfig;
	/** Which credential field the primary key came from. */
	primaryField: 'apiKey' | 'testApiKey';
	/** The Secondary Key (live environment only), tried once when the primary key is rejected. */
	secondary?: KeyConfig;
	/** The expiry date of the Key, when the primary key is the Key and a date is set. */
	expiry?: KeyExpiry;
	/** Warn when a live key is used from a manual run. */
	liveGuard: boolean;
	/** The service, when the credential uses a preset. */
	service?: ServiceFacts;
	/** Every key of the credential, in every form that would reveal it: the redactor masks them all. */
	secrets: string[];
}

export function isEnvironment(value: unknown): value is Environment {
	return (ENVIRONMENTS as readonly unknown[]).includes(value);
}

function parseDate(value: string, field: string): Date {
	// A date alone (2026-03-31) means the start of that day in UTC, like Date.parse does.
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) {
		throw new KeyConfigError(
			`${field} in the API Key credential is not a valid date`,
			'Pick the date from the date picker, or clear the field.',
		);
	}
	return date;
}

function readExpiry(data: Record<string, unknown>): KeyExpiry | undefined {
	const value = text(data.expiresAt).trim();
	if (value === '') return undefined;
	const days = Number(data.expiryWarningDays ?? 14);
	return {
		at: parseDate(value, 'Key Expires On'),
		warnDays: Number.isFinite(days) && days > 0 ? Math.floor(days) : 0,
	};
}

function parsed(data: Record<string, unknown>): KeyConfig | Error {
	try {
		return parseKeyConfig(data);
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/** The key's configuration; problems with a key other than the Key name the field they are in. */
function keyConfigFor(data: Record<string, unknown>, key: string, field: string): KeyConfig {
	const result = parsed({ ...data, apiKey: key });
	if (!(result instanceof Error)) return result;
	if (result instanceof KeyConfigError && field !== 'Key') {
		throw new KeyConfigError(`${field}: ${result.message}`, result.description);
	}
	throw result;
}

/** What buildKeyRing needs besides the credential data. */
export interface RingContext {
	/** Whether the environment changes the Base URL (a preset's test URL, Custom's Test Base URL). */
	hasTestBaseUrl: boolean;
	service?: ServiceFacts;
}

/**
 * Reads the keys for one environment from Custom-shaped credential data (a service already
 * resolved for that environment). Live uses the Key (and the Secondary Key for rotation); Test
 * uses the Test Key, or the Key when the service only switches its Base URL (Bubble's
 * version-test). Errors name fields, never values.
 */
export function buildKeyRing(
	data: Record<string, unknown>,
	environment: Environment,
	context: RingContext,
): KeyRing {
	if (!isEnvironment(environment)) {
		throw new KeyConfigError(`Unknown environment "${String(environment)}"`, 'Choose Live or Test.');
	}
	const mainKey = text(data.apiKey);
	const testKey = text(data.testApiKey).trim();
	const secondaryKey = text(data.secondaryApiKey).trim();

	let primary: KeyConfig;
	let primaryField: KeyRing['primaryField'] = 'apiKey';
	let secondary: KeyConfig | undefined;
	if (environment === 'test') {
		if (testKey === '' && !context.hasTestBaseUrl) {
			throw new KeyConfigError(
				'Environment is Test, but the API Key credential has no Test Key',
				"Add the key of the service's test or sandbox environment under Test Key in the credential, or set Environment to Live.",
			);
		}
		primaryField = testKey !== '' ? 'testApiKey' : 'apiKey';
		primary = keyConfigFor(data, testKey !== '' ? testKey : mainKey, testKey !== '' ? 'Test Key' : 'Key');
	} else {
		primary = keyConfigFor(data, mainKey, 'Key');
		if (secondaryKey !== '') {
			const candidate = keyConfigFor(data, secondaryKey, 'Secondary Key');
			if (candidate.key !== primary.key) secondary = candidate;
		}
	}

	const secrets = new Set<string>();
	for (const config of [primary, secondary]) {
		if (config) for (const value of secretsOf(config)) secrets.add(value);
	}
	// Keys of the other environment are masked too: an API may echo any of them back.
	for (const key of [mainKey.trim(), testKey, secondaryKey]) {
		if (key === '') continue;
		for (const value of secretsOf({ ...primary, key, extraFields: [] })) secrets.add(value);
	}

	return {
		environment,
		primary,
		primaryField,
		secondary,
		expiry: primaryField === 'apiKey' ? readExpiry(data) : undefined,
		liveGuard: data.warnLiveKeyInManualRuns === true,
		service: context.service,
		secrets: [...secrets],
	};
}

const DAY = 24 * 60 * 60 * 1000;

export function expiryStatus(ring: Pick<KeyRing, 'expiry'>, now: Date): ExpiryStatus {
	if (!ring.expiry) return { state: 'none' };
	const { at, warnDays } = ring.expiry;
	const left = at.getTime() - now.getTime();
	if (left <= 0) return { state: 'expired', at };
	const daysLeft = Math.ceil(left / DAY);
	return { state: warnDays > 0 && daysLeft <= warnDays ? 'soon' : 'ok', at, daysLeft };
}

export function formatDate(date: Date): string {
	return date.toISOString().slice(0, 10);
}

function serviceName(ring: Pick<KeyRing, 'service'>): string {
	return ring.service?.name ?? 'the service';
}

function where(ring: Pick<KeyRing, 'service'>): string {
	return ring.service?.keysUrl ? ` (${ring.service.keysUrl})` : '';
}

/** How to rotate a key, for messages: create the new key, stage it, then promote it. */
export function rotationAdvice(ring: Pick<KeyRing, 'service' | 'expiry'>): string {
	const steps = ring.expiry ? 'move it into Key, clear Secondary Key and update Key Expires On' : 'move it into Key and clear Secondary Key';
	return `Create a new key in ${serviceName(ring)}${where(ring)}, put it under Secondary Key in the API Key credential, and once it works ${steps}.`;
}

/** The error for a Key past its expiry date and no Secondary Key to fall back on. Nothing is sent. */
export function expiredKeyError(
	ring: Pick<KeyRing, 'service' | 'expiry'>,
	at: Date,
): KeyConfigError {
	return new KeyConfigError(
		`The API key expired on ${formatDate(at)}, so nothing was sent`,
		`${rotationAdvice(ring)} If the key is still valid, correct or clear Key Expires On.`,
	);
}

export type NoteLevel = 'info' | 'warning';

export interface LifecycleNote {
	level: NoteLevel;
	message: string;
}

function describeKind(kind: KeyKind): string {
	const family = kind.family ? `${kind.family} ` : '';
	return `a ${kind.environment === 'test' ? 'test-mode' : 'live'} ${family}key (${kind.prefix}…)`;
}

export interface UsageFacts {
	now: Date;
	/** The execution was started by hand in the editor. */
	manual: boolean;
	/** Requests sent, and how many of them the Secondary Key answered after the Key was rejected. */
	requests?: number;
	secondaryUsed?: number;
}

/**
 * What the user should know about the keys used in an execution: environment, expiry, rotation in
 * progress, and the live-key guard. Messages never contain more of a key than its prefix.
 */
export function lifecycleNotes(ring: KeyRing, facts: UsageFacts): LifecycleNote[] {
	const notes: LifecycleNote[] = [];
	const kind = detectKeyKind(ring.primary.key, ring.service?.keyPrefixes);
	const keyName = ring.primaryField === 'testApiKey' ? 'Test Key' : 'Key';

	if (ring.environment === 'test') {
		const base = ring.primary.baseUrl ? ` against ${ring.primary.baseUrl}` : '';
		notes.push({
			level: 'info',
			message: `Environment: Test. Used the ${keyName}${kind ? `, ${describeKind(kind)}` : ''}${base}.`,
		});
		if (kind?.environment === 'live') {
			notes.push({
				level: 'warning',
				message: `Environment is Test, but the ${keyName} is a live key (${kind.prefix}…): these requests reach live data. Put the test-mode key under Test Key.`,
			});
		}
	} else if (kind) {
		notes.push({ level: 'info', message: `Environment: Live. The Key is ${describeKind(kind)}.` });
		if (kind.environment === 'test') {
			notes.push({
				level: 'warning',
				message: `Environment is Live, but the Key is a test-mode key (${kind.prefix}…): these requests only reach ${serviceName(ring)}'s test data. For live data, put the live key under Key${ring.secondary ? '' : ' (and keep this one under Test Key)'}.`,
			});
		}
	}
	if (kind?.family === 'publishable') {
		notes.push({
			level: 'warning',
			message: `The ${keyName} is a publishable key (${kind.prefix}…), meant for browsers. Server APIs usually need the secret key (sk_…) instead.`,
		});
	}

	const expiry = expiryStatus(ring, facts.now);
	if (expiry.state === 'soon') {
		notes.push({
			level: 'warning',
			message: `The API key expires in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'} (on ${formatDate(expiry.at)}). ${rotationAdvice(ring)}`,
		});
	} else if (expiry.state === 'expired' && ring.secondary) {
		notes.push({
			level: 'warning',
			message: `The Key expired on ${formatDate(expiry.at)}, so only the Secondary Key was used. Finish the rotation: move the Secondary Key into Key, clear Secondary Key and update Key Expires On.`,
		});
	}

	if (facts.secondaryUsed && facts.secondaryUsed > 0 && expiry.state !== 'expired') {
		const of = facts.requests
			? ` for ${facts.secondaryUsed} of ${facts.requests} request${facts.requests === 1 ? '' : 's'}`
			: '';
		notes.push({
			level: 'warning',
			message: `The API rejected the Key, and the Secondary Key worked${of}. Finish the rotation: move the Secondary Key into Key and clear Secondary Key in the API Key credential.`,
		});
	}

	const usesLiveKey = ring.environment === 'live' && kind?.environment !== 'test';
	if (ring.liveGuard && facts.manual && usesLiveKey) {
		notes.push({
			level: 'warning',
			message:
				'A live key was used from a manual run. Set Environment to Test to try things out, or turn off "Warn When Live Key Is Used in Manual Runs" in the API Key credential.',
		});
	}
	return notes;
}

/**
 * Extra lines for a 401 or 403 answer: where the service's keys are managed, what the key's prefix
 * suggests, and whether the Secondary Key was tried too.
 */
export function rejectionAdvice(
	status: number,
	ring: KeyRing,
	tried: 'primary' | 'both' | 'secondary',
): string[] {
	if (status !== 401 && status !== 403) return [];
	const lines: string[] = [];
	const kind = detectKeyKind(ring.primary.key, ring.service?.keyPrefixes);
	if (status === 401 && kind && kind.environment !== ring.environment) {
		lines.push(
			`The key is ${describeKind(kind)} but Environment is ${ring.environment === 'test' ? 'Test' : 'Live'}: test and live keys only work in their own environment.`,
		);
	}
	if (tried === 'both') lines.push('The Secondary Key was tried too and was rejected as well.');
	if (tried === 'secondary') {
		lines.push(
			'The Key is past Key Expires On, so only the Secondary Key was tried, and it was rejected.',
		);
	}
	if (ring.service) {
		lines.push(
			`Check, create or revoke ${ring.service.name} keys${ring.service.keysUrl ? ` at ${ring.service.keysUrl}` : ''}. If the key was revoked or rotated, ${rotationAdvice(ring).replace(/^Create/, 'create')}`,
		);
	}
	return lines;
}
