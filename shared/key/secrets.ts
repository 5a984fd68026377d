/** Which values of a key configuration are secrets: what the redactor must mask. Pure. */
import type { KeyConfig } from '../types';
import { authHeaders } from './placement';

/** How the libraries that send requests write a value into URLs and bodies. */
function encodedForms(value: string): string[] {
	const uri = encodeURIComponent(value);
	const strict = uri.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
	const inUrls = [
		uri,
		uri.replace(/%20/g, '+'),
		// axios query parameters keep : $ , as they are
		uri.replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+'),
		// qs (n8n's arrayFormat serializer), spaces as %20 or +
		strict,
		strict.replace(/%20/g, '+'),
		// URLSearchParams (form bodies, URL.searchParams)
		new URLSearchParams([['', value]]).toString().slice(1),
	];
	// The URL parser escapes ' in the query of http(s) URLs.
	const parsed = inUrls.filter((form) => form.includes("'")).map((form) => form.replace(/'/g, '%27'));
	return [value, ...inUrls, ...parsed, JSON.stringify(value).slice(1, -1)];
}

/** The secret values themselves: the key, the secret extra fields, a Basic password. */
export function rawSecrets(config: KeyConfig): string[] {
	const raw = [config.key, ...config.extraFields.filter((f) => f.secret).map((f) => f.value)];
	if (config.placement === 'basicUsername' && config.basicPassword !== '') raw.push(config.basicPassword);
	const basic = authHeaders(config).Authorization;
	if (basic?.startsWith('Basic ')) raw.push(basic.slice('Basic '.length));
	return [...new Set(raw.filter((value) => value !== ''))];
}

/** Every string that would reveal a secret if it showed up in output, errors or logs. */
export function secretValues(config: KeyConfig): string[] {
	const derived: string[] = [];
	for (const value of rawSecrets(config)) derived.push(...encodedForms(value));
	return [...new Set(derived.filter((value) => value !== ''))];
}
