'use strict';
/**
 * The HTTP client of a guarded webhook: one call, its status, headers and body kept (for checks
 * and for the leak scan), and keys forged for the negative cases with the Guard's own checksum.
 */
const path = require('node:path');

const { PROJECT_ROOT } = require('../../../scripts/lib/package');

/** The built key format helpers (dist/), so forged keys carry a correct checksum. */
function keyFormat() {
	return require(path.join(PROJECT_ROOT, 'dist', 'nodes', 'ApiKeyGuard', 'helpers', 'keyFormat.js'));
}

/** The same key id with another secret, with a correct checksum: passes the offline check. */
function wrongSecretFor(key) {
	const { parseKey, checksumOf } = keyFormat();
	const parsed = parseKey(key);
	if (!parsed) throw new Error('not a key');
	const body = `${parsed.prefix}${parsed.keyId}_${'W'.repeat(32)}`;
	return body + checksumOf(body);
}

/** A well-formed key with a correct checksum whose id is in no store. */
function unknownKey(prefix) {
	return keyFormat().generateKey(prefix).key;
}

function createClient(baseUrl) {
	const exchanges = [];
	async function request(method, route, { headers = {}, body } = {}) {
		const response = await fetch(`${baseUrl}${route}`, {
			method,
			headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30000),
		});
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		const result = { status: response.status, headers: Object.fromEntries(response.headers), text, json };
		exchanges.push({ method, route, ...result });
		return result;
	}
	/** Retries while n8n has not registered the production webhook yet (404). */
	async function whenRegistered(route, options, timeoutMs = 30000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const result = await request(options.method ?? 'GET', route, options);
			if (result.status !== 404 || Date.now() > deadline) return result;
			exchanges.pop();
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
	return { request, whenRegistered, exchanges };
}

module.exports = { createClient, wrongSecretFor, unknownKey };
