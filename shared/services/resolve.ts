/**
 * Turns the credential's Service choice into the settings a Custom configuration would hold, so a
 * preset goes through exactly the same parsing, placement, host pinning and redaction as a key
 * configured by hand.
 *
 * Pure. The key rules (shared/key/) know nothing of services; this layer sits on top of them.
 */
import { KeyConfigError } from '../errors';
import { originEntry } from '../hosts';
import { rawSecretsOf } from '../key/secrets';
import type { ServiceFacts } from '../key/lifecycle';
import { hasScheme, text, withoutScheme } from '../text';
import type { Environment } from '../types';
import { parseUrl } from '../url';
import { accountField, headerField, readPresetField } from './legacy';
import { findPreset, type PresetAccount, type PresetHeader, type ServicePreset } from './presets';

export const CUSTOM_SERVICE = 'custom';

/** A problem with the service settings (a missing or malformed account field). */
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
		const parsed = /^https?:\/\//i.test(value) ? parseUrl(value) : undefined;
		if (!parsed) {
			return {
				problem: accountProblem(preset, account, 'is not a full URL starting with https://'),
			};
		}
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
	value = withoutScheme(value)
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
					'is not valid: use letters, digits and - only',
				),
			};
		}
		return { value };
	}
	if (!HOST.test(value)) {
		return { problem: accountProblem(preset, account, 'is not a host name') };
	}
	// A service with a fixed set of hosts (Make's zones) sends the key to those only, whatever an
	// expression or an imported credential puts into the field.
	if (account.options && !account.options.some((option) => option.value === value)) {
		return { problem: accountProblem(preset, account, `is not one of ${preset.name}'s: ${account.options.map((option) => option.value).join(', ')}`) };
	}
	return { value };
}

function resolveAccount(
	preset: ServicePreset,
	data: Record<string, unknown>,
): { value: string } | { problem: ServiceProblem } {
	const account = preset.account;
	const field = accountField(preset);
	if (!account || !field) return { value: '' };
	let raw = readPresetField(data, field);
	if (raw === '' && account.fromKey) {
		const match = new RegExp(account.fromKey).exec(text(data.apiKey).trim());
		if (match?.[1]) raw = match[1];
	}
	if (raw === '') {
		if (!account.required) return { value: '' };
		return { problem: accountProblem(preset, account, 'is missing') };
	}
	// The account becomes part of the URL, so a pasted key would travel in DNS, TLS and Host.
	const lower = raw.toLowerCase();
	if (rawSecretsOf(data).some((secret) => secret.length >= 6 && lower.includes(secret.toLowerCase()))) {
		return { problem: accountProblem(preset, account, 'contains the key: put only the account part there, not the whole key') };
	}
	return normalizeAccount(preset, account, raw);
}

function headerValue(preset: ServicePreset, header: PresetHeader, data: Record<string, unknown>): string {
	if (header.value !== undefined) return header.value;
	const field = headerField(preset, header);
	return field ? readPresetField(data, field) : header.default ?? '';
}

/** The origin a service URL allows (scheme, host and port), as an Allowed Hosts entry. */
function originOf(url: string): string | undefined {
	const parsed = /^https?:\/\//i.test(url) ? parseUrl(url) : undefined;
	return parsed ? originEntry(parsed) : undefined;
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
	for (const url of [liveBase, testBase ?? '', hasScheme(testUrl) ? testUrl : '']) {
		const origin = originOf(url);
		if (origin) hosts.add(origin);
	}

	const onlyBaseHost = hosts.size === 1 && hosts.has(originOf(baseUrl) ?? '');
	const extraFields = (preset.headers ?? [])
		.map((header) => ({
			location: 'header',
			name: header.name,
			value: headerValue(preset, header, data),
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
		// Only the Base URL's host: leave the list empty, so the hosts are derived from the Base URL
		// exactly as for a Custom configuration with the same Base URL.
		allowedHosts: text(data.allowedHosts).trim() || (onlyBaseHost ? '' : [...hosts].join(', ')),
		extraFields: { field: extraFields },
		testUrl: hasScheme(testUrl)
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

/** What the key life cycle needs to know of the chosen service; undefined for Custom. */
export function serviceFacts(data: Record<string, unknown>): ServiceFacts | undefined {
	const preset = findServicePreset(data);
	if (!preset) return undefined;
	return { name: preset.name, keysUrl: keysUrlFor(data), keyPrefixes: preset.keyPrefixes };
}

/** resolveService, with a problem thrown as the KeyConfigError it is. */
export function resolveServiceOrThrow(data: Record<string, unknown>, environment: Environment = 'live'): ResolvedService {
	const service = resolveService(data, environment);
	if (service.problem) throw new KeyConfigError(service.problem.message, service.problem.description);
	return service;
}
