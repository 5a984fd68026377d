/**
 * Which hosts a credential may send its key to, and whether the key may follow a request from one
 * URL to another (a redirect, a next-page link).
 *
 * Patterns are exact host names (`api.example.com`), `*.example.com` (any subdomain, not the
 * apex itself, the way n8n's own allowed-domains setting matches) or `*` (any host). Anything
 * else is refused with an error that names the entry: a list that cannot be read must not end up
 * allowing more than the user wrote.
 */
import { KeyConfigError } from './errors';
import { hasScheme } from './text';
import type { HostPatterns, HostSource, KeyConfig } from './types';
import { parseUrl } from './url';

export const ANY_HOST: HostPatterns = ['*'];

export function normalizeHost(host: string): string {
	return host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isHostName(host: string): boolean {
	if (host === '' || host.length > 253) return false;
	if (IPV4.test(host)) return host.split('.').every((part) => Number(part) <= 255);
	if (host.includes(':')) return parseUrl(`http://[${host}]/`) !== undefined;
	return host.split('.').every((label) => LABEL.test(label));
}

/**
 * Spells a host the way URLs do, so it matches their host names: `bücher.example` as
 * `xn--bcher-kva.example`, `2001:0db8:0:0::1` as `2001:db8::1`.
 */
function canonicalHost(host: string): string | undefined {
	const isIpv6 = host.includes(':');
	const url = parseUrl(isIpv6 ? `http://[${host}]/` : `http://${host}/`);
	if (!url) return undefined;
	const canonical = normalizeHost(url.hostname);
	return isHostName(canonical) ? canonical : undefined;
}

/** Accepts what people paste: `https://api.example.com/v1`, `api.example.com:443`, `*.example.com`. */
function readHostPattern(entry: string): string {
	const refuse = (why: string) =>
		new KeyConfigError(
			`Allowed Hosts: "${entry}" is not a host name, *.domain or *`,
			`${why} Write host names such as api.example.com, *.example.com for every subdomain, or * for any host, separated by commas.`,
		);
	let pattern = entry.trim();
	if (pattern === '*') return '*';
	if (hasScheme(pattern) && pattern.includes('//')) {
		const url = parseUrl(pattern);
		if (!url || url.hostname === '') throw refuse('It looks like a URL but cannot be read.');
		pattern = url.hostname;
	} else {
		pattern = pattern.replace(/\/.*$/, '');
		if (pattern.startsWith('[')) pattern = pattern.replace(/^(\[[^\]]*\])(:\d+)?$/, '$1');
		else if (pattern.indexOf(':') === pattern.lastIndexOf(':')) pattern = pattern.replace(/:\d+$/, '');
	}
	pattern = normalizeHost(pattern);
	const wildcard = pattern.startsWith('*.');
	const host = wildcard ? pattern.slice(2) : pattern;
	if (host.includes('*')) throw refuse('A * can only stand alone or at the start, as in *.example.com.');
	if (host === '') throw refuse('The domain after *. is missing.');
	const canonical = canonicalHost(host);
	if (canonical === undefined) throw refuse('It contains characters a host name cannot have.');
	return wildcard ? `*.${canonical}` : canonical;
}

/** The entries of an Allowed Hosts list; throws a KeyConfigError naming the first bad entry. */
export function parseHostList(value: string): string[] {
	return value
		.split(/[\s,]+/)
		.filter((entry) => entry.trim() !== '')
		.map((entry) => readHostPattern(entry));
}

export function hostMatches(host: string, patterns: HostPatterns): boolean {
	const candidate = normalizeHost(host);
	if (candidate === '') return false;
	return patterns.some((pattern) => {
		if (pattern === '*') return true;
		if (pattern.startsWith('*.')) {
			const suffix = pattern.slice(1);
			return candidate.endsWith(suffix) && candidate.length > suffix.length;
		}
		return candidate === pattern;
	});
}

/**
 * The hosts a credential allows: the explicit list when given, else the Base URL's host, else any.
 */
export function resolveAllowedHosts(
	allowedHosts: string,
	baseUrl: string,
): { patterns: HostPatterns; source: HostSource } {
	const explicit = parseHostList(allowedHosts);
	if (explicit.length > 0) return { patterns: explicit, source: 'list' };
	const base = baseUrl.trim() === '' ? undefined : parseUrl(baseUrl.trim());
	if (base) return { patterns: [normalizeHost(base.hostname)], source: 'baseUrl' };
	if (baseUrl.trim() !== '') return { patterns: [], source: 'baseUrl' };
	return { patterns: ANY_HOST, source: 'any' };
}

/** Throws before anything is sent when the credential does not allow the URL's host. */
export function assertHostAllowed(url: URL, config: Pick<KeyConfig, 'allowedHosts'>): void {
	if (hostMatches(url.hostname, config.allowedHosts)) return;
	throw new KeyConfigError(
		`The API Key credential does not allow sending its key to ${url.hostname}: add it to Allowed Hosts if it should receive the key`,
		`Allowed hosts: ${config.allowedHosts.join(', ') || 'none'}. Nothing was sent.`,
	);
}

/**
 * Whether the key may go along a redirect from `from` (where the key was first sent) to `to`: only
 * on the same origin (scheme, host and port). A redirect is the API's say, not the user's.
 */
export function keyMayFollowRedirect(from: URL, to: URL): boolean {
	return to.origin === from.origin && (to.protocol === 'https:' || to.protocol === 'http:');
}

/**
 * Whether the key may go to a next-page link the API handed out: on the first request's origin,
 * or to a host the credential lists by name in Allowed Hosts. Never from https to http, and never
 * because of a `*` or a host that was only derived from the Base URL.
 */
export function keyMayFollowLink(
	from: URL,
	to: URL,
	config: Pick<KeyConfig, 'allowedHosts' | 'allowedHostsSource'>,
): boolean {
	if (to.protocol !== 'https:' && to.protocol !== 'http:') return false;
	if (from.protocol === 'https:' && to.protocol !== 'https:') return false;
	if (to.origin === from.origin) return true;
	if (config.allowedHostsSource !== 'list' || config.allowedHosts.includes('*')) return false;
	return hostMatches(to.hostname, config.allowedHosts);
}

/** The same list in the comma-separated form n8n-core's `allowedDomains` request option expects. */
export function toAllowedDomainsOption(patterns: HostPatterns): string | undefined {
	if (patterns.includes('*')) return undefined;
	// n8n compares against URL host names, which keep IPv6 addresses in brackets.
	return patterns.map((pattern) => (pattern.includes(':') ? `[${pattern}]` : pattern)).join(',');
}
