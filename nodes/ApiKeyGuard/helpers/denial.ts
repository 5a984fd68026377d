/**
 * What a denied request is answered with: a reason code, the HTTP status, the headers
 * (`WWW-Authenticate` in the style of RFC 6750, `Retry-After` for 429) and a JSON body ready for
 * Respond to Webhook. An unknown key id, a wrong secret, a bad checksum and a malformed key all
 * get the very same answer (`invalid_key`); the other reasons are only given to a client that
 * presented the key itself (after its hash matched) or concern the request, not the key.
 */
import type { GuardPlacement } from './placement';

export type DenyReason =
	| 'missing_key'
	| 'invalid_key'
	| 'key_revoked'
	| 'key_expired'
	| 'key_not_yet_valid'
	| 'insufficient_scope'
	| 'ip_not_allowed'
	| 'rate_limited'
	| 'quota_exceeded'
	| 'invalid_signature';

export const DENY_REASONS: Record<DenyReason, { status: 401 | 403 | 429; message: string; tokenError?: string }> = {
	missing_key: { status: 401, message: 'An API key is required' },
	invalid_key: { status: 401, message: 'The API key is not valid', tokenError: 'invalid_token' },
	key_revoked: { status: 401, message: 'The API key has been revoked', tokenError: 'invalid_token' },
	key_expired: { status: 401, message: 'The API key has expired', tokenError: 'invalid_token' },
	key_not_yet_valid: { status: 401, message: 'The API key is not valid yet', tokenError: 'invalid_token' },
	insufficient_scope: { status: 403, message: 'The API key does not grant the scope this endpoint needs', tokenError: 'insufficient_scope' },
	ip_not_allowed: { status: 403, message: 'The API key may not be used from this address' },
	rate_limited: { status: 429, message: 'Too many requests for this API key' },
	quota_exceeded: { status: 429, message: 'The API key has used up its quota' },
	invalid_signature: { status: 401, message: 'The request signature is not valid', tokenError: 'invalid_request' },
};

export interface ChallengeConfig {
	placement: GuardPlacement;
	scheme: string;
	realm: string;
}

export interface Denial {
	allowed: false;
	reason: DenyReason;
	statusCode: 401 | 403 | 429;
	headers: Record<string, string>;
	body: { error: DenyReason; message: string; retryAfter?: number; requiredScopes?: string[] };
}

export interface DenialDetails {
	/** Seconds until a retry can succeed (429). */
	retryAfterSeconds?: number;
	requiredScopes?: string[];
	/** Extra headers, e.g. RateLimit-* for 429. */
	headers?: Record<string, string>;
}

/** A quoted-string parameter value (RFC 9110): quotes and backslashes escaped, controls dropped. */
function quoted(value: string): string {
	const printable = [...value].filter((character) => character >= ' ' && character !== '\u007f').join('');
	return `"${printable.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

function challengeScheme(config: ChallengeConfig): string {
	switch (config.placement) {
		case 'bearer':
			return 'Bearer';
		case 'authScheme':
			return config.scheme || 'Bearer';
		case 'basicUsername':
		case 'basicPassword':
			return 'Basic';
		default:
			return 'ApiKey';
	}
}

/** The WWW-Authenticate value for a reason, RFC 6750 style (Basic gets only realm and charset). */
export function challenge(config: ChallengeConfig, reason: DenyReason, requiredScopes: string[] = []): string {
	const scheme = challengeScheme(config);
	const parts = [`realm=${quoted(config.realm)}`];
	if (scheme === 'Basic') return `Basic ${parts[0]}, charset="UTF-8"`;
	const { tokenError, message } = DENY_REASONS[reason];
	if (tokenError) {
		parts.push(`error=${quoted(tokenError)}`, `error_description=${quoted(message)}`);
		if (reason === 'insufficient_scope' && requiredScopes.length > 0) parts.push(`scope=${quoted(requiredScopes.join(' '))}`);
	}
	return `${scheme} ${parts.join(', ')}`;
}

export function deny(reason: DenyReason, config: ChallengeConfig, details: DenialDetails = {}): Denial {
	const { status, message } = DENY_REASONS[reason];
	const headers: Record<string, string> = {
		'Cache-Control': 'no-store',
		'WWW-Authenticate': challenge(config, reason, details.requiredScopes),
		...details.headers,
	};
	const body: Denial['body'] = { error: reason, message };
	if (status === 429) {
		const retryAfter = Math.max(1, Math.ceil(details.retryAfterSeconds ?? 1));
		headers['Retry-After'] = String(retryAfter);
		body.retryAfter = retryAfter;
	}
	if (reason === 'insufficient_scope' && details.requiredScopes) body.requiredScopes = details.requiredScopes;
	return { allowed: false, reason, statusCode: status, headers, body };
}
