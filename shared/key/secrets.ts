/**
 * Which values of a key configuration are secrets. Pure. The redactor (shared/redaction.ts)
 * derives every guaranteed encoding of them itself, so this lists each value once, as it is.
 */
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
