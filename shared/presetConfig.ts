/**
 * Turns the credential's Service choice into the settings a Custom configuration would hold, so a
 * preset goes through exactly the same parsing, placement, host pinning and redaction as a key
 * configured by hand.
 *
 * Pure, and without runtime imports from keyPlacement (which calls into this module).
 */
import type { IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { findPreset, type PresetAccount, type PresetHeader, type ServicePreset } from './presets';

export const CUSTOM_SERVICE = 'custom';

export type Environment = 'live' | 'test';

/** A problem with the service settings; keyPlacement turns it into a KeyConfigError. */
export interface ServiceProblem {
	message: string;
	description?: string;
}

export interface ResolvedService {
	/** Custom-shaped credential data: `service` is always `custom`, the rest as if set by hand. */
	data: Record<string, unknown>;
	/** The preset, when a service was chosen. */
	preset?: ServicePreset;
	/** Whether the environment changes the Base URL (a preset's test URL, or Custom's Test Base URL). */
	hasTestBaseUrl: boolean;
	problem?: ServiceProblem;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value);
}

function serviceId(data: Record<string, unknown>): string {
	return text(data.service).trim() || CUSTOM_SERVICE;
}

function fill(template: string, account: string): string {
	return template.split('{account}').join(account);
}

/** What comes after `{account}` in a template, up to the end of the host (`.api.mailchimp.com`). */
function hostSuffix(template: string): string {
	const after = template.split('{account}')[1] ?? '';
	return after.split('/')[0].replace(/:\d+$/, '');
}

/** What comes after `{account}` when the account is a whole URL (`/api/v1` for n8n). */
function pathSuffix(template: string): string {
	return template.split('{account}')[1] ?? '';
}

function accountTemplate(preset: ServicePreset): string {
	return (
		[preset.baseUrl, preset.testBaseUrl ?? '', preset.test.url].find((url) =>
			url.includes('{account}'),
		) ?? ''
	);
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

function accountProblem(
	preset: ServicePreset,
	account: PresetAccount,
	detail: string,
): ServiceProblem {
	return {
		message: `The ${account.label} for ${preset.name} ${detail}`,
		description: `Set ${account.label} in the API Key credential, e.g. ${account.example}. ${account.description}.`,
	};
}

/** Reads the account part the way people paste it: with or without scheme, path or the known suffix. */
function normalizeAccount(
	preset: ServicePreset,
	account: PresetAccount,
	raw: string,
): { value: string } | { problem: ServiceProblem } {
	const template = accountTemplate(preset);
	let value = raw.trim();
	if (account.kind === 'url') {
		value = value.replace(/\/+$/, '');
		const suffix = pathSuffix(template).replace(/\/+$/, '');
		if (suffix !== '' && value.toLowerCase().endsWith(suffix.toLowerCase())) {
			value = value.slice(0, value.length - suffix.length);
		}
		if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) {
			return {
				problem: accountProblem(preset, account, 'is not a full URL starting with https://'),
			};
		}
		const parsed = new URL(value);
		if (
			parsed.search !== '' ||
			parsed.hash !== '' ||
			parsed.username !== '' ||
			parsed.password !== ''
		) {
			return {
				problem: accountProblem(
					preset,
					account,
					'must be a plain address without ?, # or a user name',
				),
			};
		}
		return { value: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}` };
	}
	value = value
		.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
		.replace(/[/?#].*$/, '')
		.replace(/\.$/, '')
		.toLowerCase();
	if (account.kind === 'subdomain') {
		const suffix = hostSuffix(template).toLowerCase();
		if (suffix !== '' && value.endsWith(suffix))
			value = value.slice(0, value.length - suffix.length);
		if (!LABEL.test(value)) {
			return {
				problem: accountProblem(
					preset,
					account,
					`"${raw.trim()}" is not valid: use letters, digits and - only`,
				),
			};
		}
		return { value };
	}
	if (!HOST.test(value)) {
		return { problem: accountProblem(preset, account, `"${raw.trim()}" is not a host name`) };
	}
	return { value };
}

function resolveAccount(
	preset: ServicePreset,
	data: Record<string, unknown>,
): { value: string } | { problem: ServiceProblem } {
	const account = preset.account;
	if (!account) return { value: '' };
	let raw = text(data.account).trim();
	if (raw === '' && account.fromKey) {
		const match = new RegExp(account.fromKey).exec(text(data.apiKey).trim());
		if (match?.[1]) raw = match[1];
	}
	if (raw === '') {
		if (!account.required) return { value: '' };
		return { problem: accountProblem(preset, account, 'is missing') };
	}
	return normalizeAccount(preset, account, raw);
}

function headerValue(header: PresetHeader, data: Record<string, unknown>): string {
	if (header.value !== undefined) return header.value;
	const own = header.slot ? text(data[header.slot]).trim() : '';
	return own || header.default || '';
}

function hostOf(url: string): string | undefined {
	return /^https?:\/\//i.test(url) && URL.canParse(url)
		? new URL(url).hostname.toLowerCase()
		: undefined;
}

function isAbsolute(url: string): boolean {
	return /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
}

function authFields(preset: ServicePreset): Record<string, unknown> {
	const { placement, name, scheme, basicUsername } = preset.auth;
	switch (placement) {
		case 'header':
			return { placement, headerName: name };
		case 'query':
			return { placement, queryName: name };
		case 'authScheme':
			return { placement, scheme };
		case 'basicUsername':
			return { placement, basicPassword: '' };
		case 'basicPassword':
			return { placement, basicUsername };
		case 'body':
			return { placement, bodyFieldName: name, bodyFormat: 'json' };
		case 'cookie':
			return { placement, cookieName: name };
		default:
			return { placement };
	}
}

function resolveCustom(data: Record<string, unknown>, environment: Environment): ResolvedService {
	const testBaseUrl = text(data.testBaseUrl).trim();
	const resolved: Record<string, unknown> = { ...data, service: CUSTOM_SERVICE };
	if (environment === 'test' && testBaseUrl !== '') resolved.baseUrl = testBaseUrl;
	return { data: resolved, hasTestBaseUrl: testBaseUrl !== '' };
}

/**
 * The credential data as a Custom configuration for the given environment. For a preset:
 * placement, names, Base URL (with the account filled in), version headers, allowed hosts and
 * test request come from the preset; the key, the Allowed Hosts override and the life-cycle fields
 * come from the credential.
 */
export function resolveService(
	data: Record<string, unknown>,
	environment: Environment = 'live',
): ResolvedService {
	const id = serviceId(data);
	if (id === CUSTOM_SERVICE) return resolveCustom(data, environment);
	const preset = findPreset(id);
	if (!preset) {
		return {
			data: { ...data },
			hasTestBaseUrl: false,
			problem: {
				message: `Unknown service "${id}"`,
				description: 'Choose a service in the API Key credential, or Custom.',
			},
		};
	}
	const account = resolveAccount(preset, data);
	if ('problem' in account)
		return { data: { ...data }, preset, hasTestBaseUrl: false, problem: account.problem };

	const liveBase = fill(preset.baseUrl, account.value);
	const testBase = preset.testBaseUrl ? fill(preset.testBaseUrl, account.value) : undefined;
	const baseUrl = environment === 'test' && testBase ? testBase : liveBase;
	const testUrl = fill(preset.test.url, account.value);

	const hosts = new Set<string>();
	for (const pattern of preset.allowedHosts ?? [])
		hosts.add(fill(pattern, account.value).toLowerCase());
	for (const url of [liveBase, testBase ?? '', isAbsolute(testUrl) ? testUrl : '']) {
		const host = hostOf(url);
		if (host) hosts.add(host);
	}

	const extraFields = (preset.headers ?? [])
		.map((header) => ({
			location: 'header',
			name: header.name,
			value: headerValue(header, data),
			secret: false,
		}))
		.filter((field) => field.value !== '');

	const resolved: Record<string, unknown> = {
		// Life-cycle fields and anything else stay as they are.
		...data,
		service: CUSTOM_SERVICE,
		apiKey: data.apiKey,
		headerName: '',
		queryName: '',
		scheme: '',
		basicUsername: '',
		basicPassword: '',
		bodyFieldName: '',
		cookieName: '',
		bodyFormat: 'json',
		...authFields(preset),
		baseUrl,
		testBaseUrl: testBase ?? '',
		allowedHosts: text(data.allowedHosts).trim() || [...hosts].join(', '),
		extraFields: { field: extraFields },
		testUrl: isAbsolute(testUrl)
			? testUrl
			: `${liveBase.replace(/\/+$/, '')}/${testUrl.replace(/^\/+/, '')}`,
		testMethod: preset.test.method ?? 'GET',
	};
	return { data: resolved, preset, hasTestBaseUrl: testBase !== undefined };
}

/** The preset chosen in the credential data; undefined for Custom or an unknown service. */
export function findServicePreset(data: Record<string, unknown>): ServicePreset | undefined {
	return findPreset(serviceId(data));
}

/** Where that service's keys are managed, with the account filled in; undefined for Custom. */
export function keysUrlFor(data: Record<string, unknown>): string | undefined {
	const preset = findPreset(serviceId(data));
	if (!preset) return undefined;
	if (!preset.keysUrl.includes('{account}')) return preset.keysUrl;
	const account = resolveAccount(preset, data);
	return 'problem' in account ? undefined : fill(preset.keysUrl, account.value);
}

/**
 * The header the credential's declarative test request carries, so `authenticate` can tell the
 * test request apart and point it at the chosen service's test URL. It is never sent.
 */
export const CREDENTIAL_TEST_HEADER = 'X-Api-Key-Credential-Test';

/**
 * Removes the test marker from request options and, for a preset, aims the credential test at the
 * preset's test request. Custom configurations keep the Base URL and Test Request URL n8n resolved.
 */
export function prepareCredentialTest(
	options: IHttpRequestOptions,
	data: Record<string, unknown>,
): IHttpRequestOptions {
	const headers = { ...((options.headers ?? {}) as Record<string, unknown>) };
	const marker = Object.keys(headers).find(
		(name) => name.toLowerCase() === CREDENTIAL_TEST_HEADER.toLowerCase(),
	);
	if (marker === undefined) return options;
	delete headers[marker];
	const prepared: IHttpRequestOptions = {
		...options,
		headers: headers as IHttpRequestOptions['headers'],
	};
	if (serviceId(data) === CUSTOM_SERVICE) return prepared;
	const resolved = resolveService(data, 'live');
	if (resolved.problem) return prepared;
	prepared.url = text(resolved.data.testUrl);
	delete prepared.baseURL;
	prepared.method = text(resolved.data.testMethod || 'GET') as IHttpRequestMethods;
	return prepared;
}
