/**
 * Which values of a key configuration are secrets. Pure. The redactor (shared/redaction.ts)
 * derives every guaranteed encoding of them itself, so this lists each value once, as it is.
 */
import { text } from '../text';
import type { KeyConfig } from '../types';
import { authHeaders } from './placement';

/** The key, the secret extra fields, a Basic password, and the Basic credentials as sent. */
export function secretsOf(config: KeyConfig): string[] {
	const raw = [config.key, ...config.extraFields.filter((f) => f.secret).map((f) => f.value)];
	if (config.placement === 'basicUsername' && config.basicPassword !== '') raw.push(config.basicPassword);
	const basic = authHeaders(config).Authorization;
	if (basic?.startsWith('Basic ')) raw.push(basic.slice('Basic '.length));
	return [...new Set(raw.filter((value) => value !== ''))];
}

/** The credential fields n8n stores as passwords: what may be a secret before anything is parsed. */
const SECRET_FIELDS = ['apiKey', 'secondaryApiKey', 'testApiKey', 'basicPassword'];

/**
 * The secret values of raw credential data, for masking errors raised while it is read (before a
 * KeyConfig exists): a key pasted into the wrong field must not come back in the error. Values
 * shorter than 6 characters are left out: masking them would garble the error's own words.
 */
export function rawSecretsOf(data: Record<string, unknown>): string[] {
	const values = SECRET_FIELDS.map((name) => text(data[name]));
	const extra = (data.extraFields as { field?: Array<{ value?: unknown; secret?: unknown }> } | undefined)?.field;
	if (Array.isArray(extra)) values.push(...extra.filter((field) => field?.secret !== false).map((field) => text(field?.value)));
	return [...new Set(values.map((value) => value.trim()).filter((value) => value.length >= 6))];
}
