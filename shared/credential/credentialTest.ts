/**
 * The credential's Test button: its request carries a marker header, so `authenticate` can tell it
 * apart, point it at the chosen service's test request, and refuse keys that are clearly swapped.
 */
import type { IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { KeyConfigError } from '../errors';
import { detectKeyKind } from '../key/lifecycle';
import { findServicePreset, resolveService } from '../services/resolve';
import { findHeaderName, text } from '../text';

/** Marks the declarative test request. `authenticate` removes it: it is never sent. */
export const CREDENTIAL_TEST_HEADER = 'X-Api-Key-Credential-Test';

export function isCredentialTest(options: IHttpRequestOptions): boolean {
	return findHeaderName((options.headers ?? {}) as Record<string, unknown>, CREDENTIAL_TEST_HEADER) !== undefined;
}

/**
 * Removes the test marker from request options and, for a preset, aims the credential test at the
 * preset's test request. Custom configurations keep the Base URL and Test Request URL n8n resolved.
 */
export function prepareCredentialTest(options: IHttpRequestOptions, data: Record<string, unknown>): IHttpRequestOptions {
	const headers = { ...((options.headers ?? {}) as Record<string, unknown>) };
	const marker = findHeaderName(headers, CREDENTIAL_TEST_HEADER);
	if (marker === undefined) return options;
	delete headers[marker];
	const prepared: IHttpRequestOptions = { ...options, headers: headers as IHttpRequestOptions['headers'] };
	if (!findServicePreset(data)) return prepared;
	const resolved = resolveService(data, 'live');
	if (resolved.problem) return prepared;
	prepared.url = text(resolved.data.testUrl);
	delete prepared.baseURL;
	prepared.method = text(resolved.data.testMethod || 'GET') as IHttpRequestMethods;
	return prepared;
}

/**
 * Refuses keys that are clearly in each other's place (a test-mode Key with a live Test Key), which
 * a single test request could not tell. Only for the test request.
 */
export function checkKeysForCredentialTest(options: IHttpRequestOptions, data: Record<string, unknown>): void {
	if (!isCredentialTest(options)) return;
	const prefixes = findServicePreset(data)?.keyPrefixes;
	const main = detectKeyKind(text(data.apiKey), prefixes);
	const test = detectKeyKind(text(data.testApiKey), prefixes);
	if (main?.environment === 'test' && test?.environment === 'live') {
		throw new KeyConfigError(
			`The Key is a test-mode key (${main.prefix}…) and the Test Key a live key (${test.prefix}…): they are swapped`,
			'Put the live key under Key and the test-mode key under Test Key, then test again.',
		);
	}
}
