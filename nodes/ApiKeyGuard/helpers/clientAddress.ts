/**
 * The client's address as far as the request item tells it. n8n's Webhook node does not put the
 * connection's address into its output item, so the address comes from a field the user names
 * (for triggers or proxies that add one), or from X-Forwarded-For, and only when the user says a
 * proxy in front of n8n sets that header (off by default: a client can send any X-Forwarded-For).
 */
import { clientFromForwardedFor, parseAddress, type Address, type Cidr } from './ip';
import type { RequestView } from './presentedKey';

export interface ClientAddressOptions {
	/** A dot path in the item's JSON that holds the client address (e.g. `ip`); empty: none. */
	field: string;
	trustForwardedFor: boolean;
	forwardedForHeader: string;
	trustedProxies: Cidr[];
}

function atPath(value: unknown, path: string): unknown {
	let current = value;
	for (const part of path.split('.')) {
		if (!current || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

export function clientAddress(json: unknown, view: RequestView, options: ClientAddressOptions): Address | undefined {
	if (options.field.trim() !== '') {
		const value = atPath(json, options.field.trim());
		return typeof value === 'string' ? parseAddress(value) : undefined;
	}
	if (!options.trustForwardedFor) return undefined;
	const header = view.headers[options.forwardedForHeader.trim().toLowerCase() || 'x-forwarded-for'];
	return clientFromForwardedFor(header, options.trustedProxies);
}
