/**
 * Which hosts a credential may send its key to.
 *
 * Patterns are exact host names (`api.example.com`), `*.example.com` (any subdomain, not the
 * apex itself, the way n8n's own allowed-domains setting matches) or `*` (any host).
 */

export type HostPatterns = readonly string[];

export const ANY_HOST: HostPatterns = ['*'];

export function normalizeHost(host: string): string {
	return host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
}

export function parseHostList(value: string): string[] {
	return value
		.split(/[\s,]+/)
		.map((entry) => normalizeHostPattern(entry))
		.filter((entry) => entry !== '');
}

/** Accepts what people paste: `https://api.example.com/v1`, `api.example.com:443`, `*.example.com`. */
function normalizeHostPattern(entry: string): string {
	let pattern = entry.trim();
	if (pattern === '') return '';
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pattern)) {
		try {
			return normalizeHost(new URL(pattern).hostname);
		} catch {
			return normalizeHost(pattern);
		}
	}
	pattern = pattern.replace(/\/.*$/, '');
	if (pattern.startsWith('[')) pattern = pattern.replace(/^(\[[^\]]*\]):\d+$/, '$1');
	else if (pattern.indexOf(':') === pattern.lastIndexOf(':'))
		pattern = pattern.replace(/:\d+$/, '');
	return canonicalHost(normalizeHost(pattern));
}

/**
 * Spells a host the way URLs do, so it matches their host names: `bücher.example` as
 * `xn--bcher-kva.example`, `2001:0db8:0:0::1` as `2001:db8::1`.
 */
function canonicalHost(pattern: string): string {
	const wildcard = pattern.startsWith('*.') ? '*.' : '';
	const host = pattern.slice(wildcard.length);
	const isIpv6 = host.includes(':');
	if (!isIpv6 && !/[\u0080-\uffff]/.test(host)) return pattern;
	try {
		return `${wildcard}${normalizeHost(new URL(isIpv6 ? `http://[${host}]` : `http://${host}`).hostname)}`;
	} catch {
		return pattern;
	}
}

export function hostMatches(host: string, patterns: HostPatterns): boolean {
	const candidate = normalizeHost(host);
	if (candidate === '') return false;
	return patterns.some((pattern) => {
		if (pattern === '*') return true;
		if (pattern.startsWith('*.')) {
			const suffix = pattern.slice(1);
			return suffix.length > 1 && candidate.endsWith(suffix) && candidate.length > suffix.length;
		}
		return candidate === pattern;
	});
}

/**
 * The hosts a credential allows: the explicit list when given, else the Base URL's host, else any.
 */
export function resolveAllowedHosts(allowedHosts: string, baseUrl: string): HostPatterns {
	const explicit = parseHostList(allowedHosts);
	if (explicit.length > 0) return explicit;
	if (baseUrl.trim() !== '') {
		try {
			return [normalizeHost(new URL(baseUrl.trim()).hostname)];
		} catch {
			return [];
		}
	}
	return ANY_HOST;
}

/** The same list in the comma-separated form n8n-core's `allowedDomains` request option expects. */
export function toAllowedDomainsOption(patterns: HostPatterns): string | undefined {
	if (patterns.includes('*')) return undefined;
	// n8n compares against URL host names, which keep IPv6 addresses in brackets.
	return patterns.map((pattern) => (pattern.includes(':') ? `[${pattern}]` : pattern)).join(',');
}
