/**
 * Which hosts a credential may send its key to, and whether the key may follow a request from one
 * URL to another (a redirect, a next-page link).
 *
 * Entries are origins: a host name (`api.example.com`) or `*.example.com` (any subdomain, not the
 * apex itself, the way n8n's own allowed-domains setting matches), https on the default port
 * unless the entry spells `http://` or a `:port`; or `*` (any host). Anything else is refused with
 * an error that names the entry: a list that cannot be read must not end up allowing more than
 * the user wrote.
 */
import { KeyConfigError } from './errors';
import type { HostPatterns, HostSource, KeyConfig } from './types';
import { parseUrl } from './url';

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

/** Where an Allowed Hosts entry lets the key go: a scheme, a host (or `*.domain`) and a port. */
interface OriginPattern {
	scheme: 'https:' | 'http:';
	host: string;
	port: number;
}

const DEFAULT_PORT = { 'https:': 443, 'http:': 80 } as const;

function refuseEntry(entry: string, why: string): KeyConfigError {
	return new KeyConfigError(
		`Allowed Hosts: "${entry}" is not a host name, *.domain or *`,
		`${why} Write host names such as api.example.com (https only), *.example.com for every subdomain, http://host or host:port for plain http or another port, or * for any host, separated by commas.`,
	);
}

/**
 * Reads what people paste: `api.example.com`, `*.example.com`, `https://api.example.com/v1`,
 * `api.example.com:8443`, `http://localhost:5678`. A bare host means https on its default port:
 * plain http and other ports (often other services) must be written out.
 */
function parseOriginPattern(entry: string): OriginPattern {
	let rest = entry.trim();
	let scheme: OriginPattern['scheme'] = 'https:';
	const withScheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(rest);
	if (withScheme) {
		const written = `${withScheme[1].toLowerCase()}:`;
		if (written !== 'https:' && written !== 'http:') throw refuseEntry(entry, 'Only http:// and https:// addresses can receive the key.');
		scheme = written;
		rest = withScheme[2];
	}
	const authority = rest.replace(/[/?#].*$/s, '');
	if (authority.includes('@')) throw refuseEntry(entry, 'It contains a user name (@).');
	let host = authority;
	let port: string | undefined;
	const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(authority);
	if (bracketed) [, host, port] = bracketed;
	else if (authority.indexOf(':') !== -1 && authority.indexOf(':') === authority.lastIndexOf(':')) {
		[host, port] = authority.split(':');
	}
	const portNumber = port === undefined || port === '' ? DEFAULT_PORT[scheme] : Number(port);
	if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) throw refuseEntry(entry, 'Its port is not a number from 1 to 65535.');
	host = normalizeHost(host);
	const wildcard = host.startsWith('*.');
	const name = wildcard ? host.slice(2) : host;
	if (name.includes('*')) throw refuseEntry(entry, 'A * can only stand alone or at the start, as in *.example.com.');
	if (name === '') throw refuseEntry(entry, wildcard ? 'The domain after *. is missing.' : 'The host is missing.');
	const canonical = canonicalHost(name);
	if (canonical === undefined) throw refuseEntry(entry, 'It contains characters a host name cannot have.');
	return { scheme, host: wildcard ? `*.${canonical}` : canonical, port: portNumber };
}

/** The entry as the package shows it: `api.example.com`, `api.example.com:8443`, `http://localhost:5678`. */
function formatOriginPattern({ scheme, host, port }: OriginPattern): string {
	const defaultPort = port === DEFAULT_PORT[scheme];
	const shownHost = host.includes(':') && (scheme === 'http:' || !defaultPort) ? `[${host}]` : host;
	return `${scheme === 'http:' ? 'http://' : ''}${shownHost}${defaultPort ? '' : `:${port}`}`;
}

/** A pattern as the matchers read it; one that cannot be read matches nothing. */
function patternOf(entry: string): OriginPattern | undefined {
	try {
		return parseOriginPattern(entry);
	} catch {
		return undefined;
	}
}

/** The Allowed Hosts entry that allows exactly the URL's origin; undefined for other schemes. */
export function originEntry(url: URL): string | undefined {
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
	const port = url.port === '' ? DEFAULT_PORT[url.protocol] : Number(url.port);
	return formatOriginPattern({ scheme: url.protocol, host: normalizeHost(url.hostname), port });
}

function readHostPattern(entry: string): string {
	return entry.trim() === '*' ? '*' : formatOriginPattern(parseOriginPattern(entry));
}

/** The entries of an Allowed Hosts list; throws a KeyConfigError naming the first bad entry. */
export function parseHostList(value: string): string[] {
	return value
		.split(/[\s,]+/)
		.filter((entry) => entry.trim() !== '')
		.map((entry) => readHostPattern(entry));
}

function hostPatternMatches(candidate: string, pattern: string): boolean {
	if (pattern.startsWith('*.')) {
		const suffix = pattern.slice(1);
		return candidate.endsWith(suffix) && candidate.length > suffix.length;
	}
	return candidate === pattern;
}

/**
 * Host names only, the way n8n's own Allowed HTTP Request Domains match: for that list, never for
 * the credential's own (see urlAllowed).
 */
export function hostMatches(host: string, patterns: HostPatterns): boolean {
	const candidate = normalizeHost(host);
	if (candidate === '') return false;
	return patterns.some((entry) => {
		if (entry === '*') return true;
		const pattern = patternOf(entry);
		return pattern !== undefined && hostPatternMatches(candidate, pattern.host);
	});
}

/** Whether the credential lets its key go to the URL's origin: scheme, host and port. */
export function urlAllowed(url: URL, patterns: HostPatterns): boolean {
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
	const host = normalizeHost(url.hostname);
	if (host === '') return false;
	const port = url.port === '' ? DEFAULT_PORT[url.protocol] : Number(url.port);
	return patterns.some((entry) => {
		if (entry === '*') return true;
		const pattern = patternOf(entry);
		return pattern !== undefined && pattern.scheme === url.protocol && pattern.port === port && hostPatternMatches(host, pattern.host);
	});
}

/**
 * Where the credential's key may go: the explicit list when given, else the Base URL's origin.
 * With neither, nothing: a key that may go anywhere is one any workflow editor can send to
 * their own server, so "any host" must be asked for with `*`.
 */
export function resolveAllowedHosts(allowedHosts: string, baseUrl: string): { patterns: HostPatterns; source: HostSource } {
	const explicit = parseHostList(allowedHosts);
	if (explicit.length > 0) return { patterns: explicit, source: 'list' };
	const base = baseUrl.trim() === '' ? undefined : parseUrl(baseUrl.trim());
	const origin = base ? originEntry(base) : undefined;
	if (origin) return { patterns: [origin], source: 'baseUrl' };
	if (baseUrl.trim() !== '') return { patterns: [], source: 'baseUrl' };
	throw new KeyConfigError(
		'The API Key credential does not say where its key may be sent',
		'Set Base URL in the credential (the key then goes only to that address), or list the hosts under Allowed Hosts, e.g. api.example.com; * allows any host. Nothing was sent.',
	);
}

/** Throws before anything is sent when the credential does not allow the URL's origin. */
export function assertUrlAllowed(url: URL, config: Pick<KeyConfig, 'allowedHosts'>): void {
	if (urlAllowed(url, config.allowedHosts)) return;
	const where = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
	throw new KeyConfigError(
		`The API Key credential does not allow sending its key to ${where}: add it to Allowed Hosts if it should receive the key`,
		`Allowed hosts: ${config.allowedHosts.join(', ') || 'none'}. A host without a scheme allows https on its default port only; write http://host or host:port for anything else. Nothing was sent.`,
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
 * or to an origin the credential lists by name in Allowed Hosts. Never from https to http, and
 * never because of a `*` or an origin that was only derived from the Base URL.
 */
export function keyMayFollowLink(from: URL, to: URL, config: Pick<KeyConfig, 'allowedHosts' | 'allowedHostsSource'>): boolean {
	if (to.protocol !== 'https:' && to.protocol !== 'http:') return false;
	if (from.protocol === 'https:' && to.protocol !== 'https:') return false;
	if (to.origin === from.origin) return true;
	if (config.allowedHostsSource !== 'list' || config.allowedHosts.includes('*')) return false;
	return urlAllowed(to, config.allowedHosts);
}

/**
 * The hosts of the list in the comma-separated form n8n-core's `allowedDomains` request option
 * expects. n8n matches host names only; the package's own check (urlAllowed) runs first.
 */
export function toAllowedDomainsOption(patterns: HostPatterns): string | undefined {
	if (patterns.includes('*')) return undefined;
	// n8n compares against URL host names, which keep IPv6 addresses in brackets.
	const hosts = patterns.map((entry) => patternOf(entry)?.host).filter((host): host is string => host !== undefined);
	return [...new Set(hosts)].map((host) => (host.includes(':') ? `[${host}]` : host)).join(',');
}
