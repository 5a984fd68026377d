/**
 * The credential's keys in the node for one execution: the environment's key, rotation to the
 * Secondary Key on 401/403, expiry before anything is sent, and the execution hints about them.
 */
import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { loadKeyRing } from '../../../shared/credential/keyRing';
import {
	expiredKeyError,
	expiryStatus,
	lifecycleNotes,
	type ExpiryStatus,
	type KeyRing,
} from '../../../shared/key/lifecycle';
import { createRedactor, type Redactor } from '../../../shared/redaction';
import type { Environment, KeyRole } from '../../../shared/types';
import type { KeyInUse } from '../transport/send';

const REJECTED = new Set([401, 403]);

/** The credential's keys as the node uses them for one execution. */
export interface NodeKeys {
	ring: KeyRing;
	/** Masks every key of the credential, whichever one a request used. */
	redactor: Redactor;
	/** Undefined when the Key expired and the Secondary Key stands in for it. */
	primary?: KeyInUse;
	secondary?: KeyInUse;
	/** The key requests start with: the primary key, or the Secondary Key when the Key expired. */
	first: KeyInUse;
	expiry: ExpiryStatus;
	/** After the Secondary Key succeeded once, later requests try it first. */
	preferSecondary: boolean;
	/** Counters for the execution hints. */
	stats: { requests: number; secondaryUsed: number };
}

export interface RotationResult<R> {
	/** What the last attempt's send function returned. */
	response: R;
	keyUsed: KeyRole;
}

/** A raw response, or a result that holds one (such as a retry layer's result). */
export type StatusCarrier = { statusCode: number } | { response: { statusCode: number } };

function statusOf(result: StatusCarrier): number {
	return 'statusCode' in result ? result.statusCode : result.response.statusCode;
}

/**
 * Reads the API Key credential once per execution for the node's Environment, with every key in
 * the redactor. Throws a KeyConfigError before anything is sent when the credential cannot be used
 * (the Key expired and there is no Secondary Key, a field is invalid).
 */
export async function loadNodeKeys(
	ctx: IExecuteFunctions,
	environment: Environment,
	now: Date = new Date(),
): Promise<NodeKeys> {
	const data = await ctx.getCredentials('apiKeyApi');
	const ring = loadKeyRing(data, environment);
	const redactor = createRedactor(ring.secrets);
	const expiry = expiryStatus(ring, now);
	const secondary = ring.secondary ? { config: ring.secondary, redactor } : undefined;
	let primary: KeyInUse | undefined = { config: ring.primary, redactor };
	if (expiry.state === 'expired') {
		if (!secondary) throw expiredKeyError(ring, expiry.at);
		primary = undefined;
	}
	return {
		ring,
		redactor,
		primary,
		secondary,
		first: primary ?? secondary!,
		expiry,
		preferSecondary: false,
		stats: { requests: 0, secondaryUsed: 0 },
	};
}

/** Which keys a 401/403 answer was given to, for the error's advice. */
export function keysTried(keys: NodeKeys): 'primary' | 'both' | 'secondary' {
	if (!keys.primary) return 'secondary';
	return keys.secondary ? 'both' : 'primary';
}

function attemptOrder(keys: NodeKeys): KeyRole[] {
	if (!keys.primary) return ['secondary'];
	if (!keys.secondary) return ['primary'];
	return keys.preferSecondary ? ['secondary', 'primary'] : ['primary', 'secondary'];
}

/**
 * Sends one request with the primary key and, when the API answers 401 or 403, once more with the
 * Secondary Key. Each attempt carries exactly one key, and both go to the same URL, so the
 * Secondary Key only goes where the Key would have gone. Errors before an answer (timeouts,
 * refused connections, disallowed hosts) are not retried here.
 */
export async function sendWithRotation<R extends StatusCarrier>(
	send: (key: KeyInUse) => Promise<R>,
	keys: NodeKeys,
): Promise<RotationResult<R>> {
	let result: RotationResult<R> | undefined;
	for (const role of attemptOrder(keys)) {
		const attempt = role === 'primary' ? keys.primary! : keys.secondary!;
		result = { response: await send(attempt), keyUsed: role };
		if (!REJECTED.has(statusOf(result.response))) break;
	}
	const { keyUsed, response } = result!;
	keys.stats.requests++;
	if (keyUsed === 'secondary' && !REJECTED.has(statusOf(response))) {
		keys.stats.secondaryUsed++;
		keys.preferSecondary = true;
	}
	return result!;
}

/** Marks output items answered with the Secondary Key (`keyUsed: "secondary"`), in place. */
export function markKeyUsed(items: INodeExecutionData[], keyUsed: KeyRole): void {
	if (keyUsed !== 'secondary') return;
	for (const item of items) item.json.keyUsed = keyUsed;
}

/** The execution hints for this execution: environment, expiry, rotation, live-key guard. */
export function lifecycleHints(ctx: IExecuteFunctions, keys: NodeKeys, now: Date = new Date()): NodeExecutionHint[] {
	const notes = lifecycleNotes(keys.ring, {
		now,
		manual: ctx.getMode() === 'manual',
		requests: keys.stats.requests,
		secondaryUsed: keys.stats.secondaryUsed,
	});
	return notes.map((note) => ({
		message: keys.redactor.text(note.message),
		type: note.level,
		location: 'outputPane',
	}));
}
