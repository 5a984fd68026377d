/**
 * What a keyed request may carry besides its URL, on every path that sends the key (the API Key
 * Request node, and the credential's authenticate for n8n's HTTP Request node and other nodes).
 * The URL's origin is decided by shared/hosts.ts; these rules keep the request from being routed
 * anywhere else than that origin.
 */
import { KeyConfigError } from './errors';

/** Headers that tell a front end (gateway, CDN, reverse proxy) which site to route to. */
const ROUTING_HEADERS = ['host', ':authority', 'x-forwarded-host', 'x-host', 'x-original-host'];

/**
 * Refuses a header that would route the request to another site than the URL's: behind a shared
 * front end, `Host: other.example` reaches another service with the key. The URL's own host is
 * accepted, written with or without its port.
 */
export function assertNoRoutingOverride(headers: Record<string, unknown>, url: URL): void {
	for (const [name, value] of Object.entries(headers)) {
		const lower = name.toLowerCase();
		// RFC 7239: `Forwarded: for=…;host=other.example` routes like Host does.
		const routed = lower === 'forwarded' ? forwardedHost(String(value)) : ROUTING_HEADERS.includes(lower) ? String(value).trim().toLowerCase() : undefined;
		if (routed === undefined || routed === url.host.toLowerCase() || routed === url.hostname.toLowerCase()) continue;
		throw new KeyConfigError(
			`The header ${name} cannot be set on a request that carries the API key`,
			`It would route the request to another site than ${url.host}, with the key. Put the host into the URL instead. Nothing was sent.`,
		);
	}
}

/** The host a Forwarded header names, unquoted; undefined when it names none. */
function forwardedHost(value: string): string | undefined {
	const match = /(?:^|[;,\s])host\s*=\s*("[^"]*"|[^;,\s]*)/i.exec(value);
	return match ? match[1].replace(/^"|"$/g, '').trim().toLowerCase() : undefined;
}

/**
 * A proxy set on the request sees everything sent in clear: over plain http that is the key, and
 * over https with certificate checks off the proxy can pose as the API. Proxies n8n itself is
 * configured with (HTTP_PROXY and friends) are not on the request and are not affected.
 */
export function assertProxyCannotReadKey(proxy: unknown, url: URL, tlsChecked: boolean): void {
	if (proxy === undefined || proxy === null || proxy === '' || proxy === false) return;
	if (url.protocol === 'https:' && tlsChecked) return;
	throw new KeyConfigError(
		url.protocol === 'https:'
			? 'A proxy cannot be used with Ignore SSL Issues on a request that carries the API key'
			: 'A proxy cannot be used for a plain http request that carries the API key',
		url.protocol === 'https:'
			? 'With certificate checks off, the proxy could read the key. Turn Ignore SSL Issues off, or remove the Proxy option. Nothing was sent.'
			: 'The proxy would receive the key in clear. Call the API over https, or remove the Proxy option. Nothing was sent.',
	);
}
