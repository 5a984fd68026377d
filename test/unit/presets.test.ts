/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
import type { ICredentialType, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { PLACEMENTS } from '../../shared/types';
import { urlAllowed } from '../../shared/hosts';
import { computeAuthParts } from '../../shared/key/placement';
import { loadKeyConfig as parseKeyConfig } from '../../shared/credential/keyRing';
import { secretsOf } from '../../shared/key/secrets';
import { planCredentialTest } from '../../shared/credential/credentialTest';
import { keysUrlFor, resolveService } from '../../shared/services/resolve';
import { allPresetFields, legacyLeftovers, readPresetField } from '../../shared/services/legacy';
import { customOnly, describeAuth, describeTestRequest, presetAccountProperties, presetHeaderProperties, presetNotices, serviceOptions, serviceProperty } from '../../shared/services/fields';
import { PRESETS, findPreset, type ServicePreset } from '../../shared/services/presets';
import { PROVIDER_CONTRACTS } from '../contracts/providerContracts';
import { rejection } from '../helpers/secretAssertions';

const KEY = 'fake-key-123';

/** Minimal credential data for a preset, with its sample account. */
function presetData(preset: ServicePreset, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const sample = PROVIDER_CONTRACTS[preset.id].sample;
	return { service: preset.id, apiKey: sample.apiKey, ...(sample.account ? { [preset.account!.field]: sample.account } : {}), ...extra };
}


describe('the preset table', () => {
	it('has at least 20 services with unique, stable ids', () => {
		expect(PRESETS.length).toBeGreaterThanOrEqual(20);
		const ids = PRESETS.map((preset) => preset.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9]+$/);
		expect(ids).not.toContain('custom');
		expect(new Set(PRESETS.map((preset) => preset.name.toLowerCase())).size).toBe(ids.length);
	});

	it.each(PRESETS.map((preset) => [preset.id, preset]))('%s is complete and consistent', (_id, preset) => {
		expect(preset.docsUrl).toMatch(/^https:\/\//);
		expect(preset.keysUrl).toMatch(/^(https:\/\/|\{account\}\/)/);
		expect(preset.keyHelp.length).toBeGreaterThan(10);
		expect(PLACEMENTS).toContain(preset.auth.placement);
		if (['header', 'query', 'body', 'cookie'].includes(preset.auth.placement)) expect(preset.auth.name).toBeTruthy();
		if (preset.auth.placement === 'authScheme') expect(preset.auth.scheme).toMatch(/^[A-Za-z-]+$/);
		if (preset.auth.placement === 'basicPassword') expect(preset.auth.basicUsername).toBeTruthy();
		const templates = [preset.baseUrl, preset.testBaseUrl ?? '', preset.test.url, preset.keysUrl];
		const usesAccount = templates.some((url) => url.includes('{account}'));
		expect(usesAccount).toBe(preset.account !== undefined);
		if (!preset.account) {
			expect(preset.baseUrl).toMatch(/^https:\/\/[a-z0-9.-]+(\/|$)/);
		}
		for (const header of preset.headers ?? []) {
			expect(header.name).toMatch(/^[A-Za-z0-9-]+$/);
			expect(header.value !== undefined || header.field !== undefined).toBe(true);
			if (header.field) expect(header.label).toBeTruthy();
			if (header.field) expect(header.legacyField).toBeDefined();
		}
		for (const pattern of preset.allowedHosts ?? []) expect(pattern).toMatch(/^(\*\.)?[a-z0-9.-]+$/);
	});

	it('offers account choices that are valid for their kind', () => {
		for (const preset of PRESETS) {
			for (const option of preset.account?.options ?? []) {
				expect(resolveService({ service: preset.id, apiKey: KEY, [preset.account!.field]: option.value }).problem).toBeUndefined();
			}
		}
	});

	it('finds presets by id', () => {
		expect(findPreset('stripe')?.name).toBe('Stripe');
		expect(findPreset('nope')).toBeUndefined();
	});
});

describe('a preset resolves to the same settings as a Custom configuration', () => {
	const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
		[
			'stripe',
			{ service: 'stripe', apiKey: 'sk_test_fake123' },
			{ placement: 'basicUsername', apiKey: 'sk_test_fake123', baseUrl: 'https://api.stripe.com/v1' },
		],
		[
			'anthropic',
			{ service: 'anthropic', apiKey: KEY },
			{
				placement: 'header',
				headerName: 'x-api-key',
				apiKey: KEY,
				baseUrl: 'https://api.anthropic.com/v1',
				extraFields: { field: [{ location: 'header', name: 'anthropic-version', value: '2023-06-01', secret: false }] },
			},
		],
		[
			'make',
			{ service: 'make', apiKey: KEY, makeZone: 'https://us1.make.com/organization/1' },
			{ placement: 'authScheme', scheme: 'Token', apiKey: KEY, baseUrl: 'https://us1.make.com/api/v2' },
		],
		[
			'mailchimp',
			{ service: 'mailchimp', apiKey: 'fakekey123-us6' },
			{
				placement: 'basicPassword',
				basicUsername: 'anystring',
				apiKey: 'fakekey123-us6',
				baseUrl: 'https://us6.api.mailchimp.com/3.0',
			},
		],
		[
			'google',
			{ service: 'google', apiKey: KEY },
			{
				placement: 'header',
				headerName: 'x-goog-api-key',
				apiKey: KEY,
				baseUrl: 'https://www.googleapis.com',
				allowedHosts: '*.googleapis.com, www.googleapis.com, storage.googleapis.com',
			},
		],
		[
			'gemini',
			{ service: 'gemini', apiKey: KEY },
			{ placement: 'header', headerName: 'x-goog-api-key', apiKey: KEY, baseUrl: 'https://generativelanguage.googleapis.com/v1beta' },
		],
		[
			'openweathermap',
			{ service: 'openweathermap', apiKey: KEY },
			{ placement: 'query', queryName: 'appid', apiKey: KEY, baseUrl: 'https://api.openweathermap.org' },
		],
		[
			'n8n',
			{ service: 'n8n', apiKey: KEY, n8nInstanceUrl: 'https://n8n.example.com/api/v1/' },
			{ placement: 'header', headerName: 'X-N8N-API-KEY', apiKey: KEY, baseUrl: 'https://n8n.example.com/api/v1' },
		],
		[
			'clickup',
			{ service: 'clickup', apiKey: 'pk_1_FAKE' },
			{ placement: 'header', headerName: 'Authorization', apiKey: 'pk_1_FAKE', baseUrl: 'https://api.clickup.com/api/v2' },
		],
	];

	it.each(cases)('%s', (_id, preset, custom) => {
		expect(parseKeyConfig(preset)).toEqual(parseKeyConfig(custom));
	});

	it.each(PRESETS.map((preset) => [preset.id, preset]))(
		'%s: parseKeyConfig of the resolved data equals parseKeyConfig of the preset',
		(_id, preset) => {
			const data = presetData(preset);
			const resolved = resolveService(data);
			expect(resolved.problem).toBeUndefined();
			expect(resolved.data.service).toBe('custom');
			expect(parseKeyConfig(data)).toEqual(parseKeyConfig(resolved.data));
		},
	);

	it('ignores the Custom fields a preset replaces, even when they are stored', () => {
		const stale = { placement: 'query', queryName: 'leak', baseUrl: 'https://evil.example', scheme: 'X', extraFields: { field: [{ name: 'X-Leak', value: 'v' }] } };
		expect(parseKeyConfig({ service: 'openai', apiKey: KEY, ...stale })).toEqual(
			parseKeyConfig({ service: 'openai', apiKey: KEY }),
		);
	});

	it('keeps the key, the Allowed Hosts override and the life-cycle fields', () => {
		const resolved = resolveService({
			service: 'openai',
			apiKey: KEY,
			allowedHosts: 'proxy.example.com',
			secondaryApiKey: 'next',
			expiresAt: '2030-01-01',
		}).data;
		expect(resolved).toMatchObject({
			apiKey: KEY,
			allowedHosts: 'proxy.example.com',
			secondaryApiKey: 'next',
			expiresAt: '2030-01-01',
		});
		expect(parseKeyConfig({ service: 'openai', apiKey: KEY, allowedHosts: 'proxy.example.com' }).allowedHosts).toEqual([
			'proxy.example.com',
		]);
	});

	it('treats a missing or empty service as Custom, unchanged', () => {
		const custom = { apiKey: KEY, placement: 'query', queryName: 'token', baseUrl: 'https://api.example.com' };
		expect(resolveService(custom).data).toEqual({ ...custom, service: 'custom' });
		expect(parseKeyConfig({ ...custom, service: '' })).toEqual(parseKeyConfig(custom));
		expect(parseKeyConfig({ ...custom, service: 'custom' })).toEqual(parseKeyConfig(custom));
	});

	it('rejects an unknown service without revealing the key', () => {
		const error = rejection(() => parseKeyConfig({ service: 'myspace', apiKey: KEY }));
		expect(error.message).toBe('Unknown service "myspace"');
		expect(`${error.message} ${error.description}`).not.toContain(KEY);
	});
});

describe('allowed hosts of a preset', () => {
	it.each(PRESETS.map((preset) => [preset.id, preset]))('%s allows its Base URL and test URL hosts', (_id, preset) => {
		const data = presetData(preset);
		const config = parseKeyConfig(data);
		const resolved = resolveService(data).data;
		for (const url of [config.baseUrl, String(resolved.testUrl)]) {
			expect(urlAllowed(new URL(url), config.allowedHosts)).toBe(true);
		}
		expect(config.allowedHosts).not.toContain('*');
	});

	it('adds wildcard hosts the service needs (Pinecone index hosts, all googleapis.com)', () => {
		expect(parseKeyConfig({ service: 'pinecone', apiKey: KEY }).allowedHosts).toEqual(['*.pinecone.io', 'api.pinecone.io']);
		expect(parseKeyConfig({ service: 'sendgrid', apiKey: KEY }).allowedHosts).toEqual(['api.eu.sendgrid.com', 'api.sendgrid.com']);
	});

	it('uses the account host for account-specific services', () => {
		expect(parseKeyConfig({ service: 'bubble', apiKey: KEY, bubbleAppDomain: 'www.example.com' }).allowedHosts).toEqual(['www.example.com']);
		expect(parseKeyConfig({ service: 'qdrant', apiKey: KEY, qdrantClusterUrl: 'https://a.cloud.qdrant.io:6333' })).toMatchObject({
			baseUrl: 'https://a.cloud.qdrant.io:6333',
			allowedHosts: ['a.cloud.qdrant.io:6333'],
		});
	});
});

describe('account fields', () => {
	const baseOf = (data: Record<string, unknown>) => parseKeyConfig({ apiKey: KEY, ...data }).baseUrl;

	it('accepts what people paste: scheme, path, the known suffix, any case', () => {
		expect(baseOf({ service: 'pipedrive', pipedriveCompanyDomain: 'ACME' })).toBe('https://acme.pipedrive.com/api');
		expect(baseOf({ service: 'pipedrive', pipedriveCompanyDomain: 'https://acme.pipedrive.com/deals' })).toBe('https://acme.pipedrive.com/api');
		expect(baseOf({ service: 'mailchimp', mailchimpDataCenter: 'us21.api.mailchimp.com' })).toBe('https://us21.api.mailchimp.com/3.0');
		expect(baseOf({ service: 'bubble', bubbleAppDomain: 'https://MyApp.bubbleapps.io/version-test/' })).toBe(
			'https://myapp.bubbleapps.io/api/1.1',
		);
		expect(baseOf({ service: 'n8n', n8nInstanceUrl: 'https://example.com/n8n/' })).toBe('https://example.com/n8n/api/v1');
		expect(baseOf({ service: 'n8n', n8nInstanceUrl: 'http://localhost:5678' })).toBe('http://localhost:5678/api/v1');
	});

	it('takes Mailchimp\'s data centre from the key unless set', () => {
		expect(baseOf({ service: 'mailchimp', apiKey: 'abc-us19' })).toBe('https://us19.api.mailchimp.com/3.0');
		expect(baseOf({ service: 'mailchimp', apiKey: 'abc-us19', mailchimpDataCenter: 'us2' })).toBe('https://us2.api.mailchimp.com/3.0');
	});

	it.each([
		[{ service: 'bubble' }, 'The App Domain for Bubble (Data and Workflow API) is missing'],
		[{ service: 'mailchimp', apiKey: 'no-suffix' }, 'The Data Center for Mailchimp Marketing is missing'],
		[{ service: 'pipedrive', pipedriveCompanyDomain: 'acme corp' }, 'The Company Domain for Pipedrive is not valid: use letters, digits and - only'],
		[{ service: 'bubble', bubbleAppDomain: 'my app!' }, 'The App Domain for Bubble (Data and Workflow API) is not a host name'],
		[{ service: 'n8n', n8nInstanceUrl: 'n8n.example.com' }, 'The Instance URL for n8n (Public API) is not a full URL starting with https://'],
		[{ service: 'n8n', n8nInstanceUrl: 'ftp://n8n.example.com' }, 'The Instance URL for n8n (Public API) is not a full URL starting with https://'],
		[{ service: 'qdrant', qdrantClusterUrl: 'https://user:pw@q.example.com' }, 'The Cluster URL for Qdrant must be a plain address without ?, # or a user name'],
	])('%j is refused: %s', (data, message) => {
		const error = rejection(() => parseKeyConfig({ apiKey: KEY, ...data }));
		expect(error.message).toBe(message);
		expect(error.description).toMatch(/^Set .+ in the API Key credential, e\.g\. /);
	});

	it.each([
		['mailchimp', 'mailchimpDataCenter', 'f3c9a1b2d4e5f6a7b8c9d0e1f2a3b4c5-us6'],
		['pipedrive', 'pipedriveCompanyDomain', 'pd-live-9f8e7d6c5b4a'],
		['bubble', 'bubbleAppDomain', 'b0bb1e5ecret0key'],
	])('refuses a %s account field that holds the key, without repeating it', (service, field, key) => {
		const error = rejection(() => parseKeyConfig({ service, apiKey: key, [field]: key }));
		expect(error.message).toMatch(/contains the key: put only the account part there/);
		expect(`${error.message} ${error.description}`).not.toContain(key);
		expect(`${error.message} ${error.description}`.toLowerCase()).not.toContain(key.toLowerCase());
	});

	it('masks a secret typed into any field in the errors raised while the credential is read', () => {
		const key = 'sk_live_Typed1ntoTheWrongBox';
		// Allowed Hosts errors quote the entry: here the entry is the key.
		const error = rejection(() => parseKeyConfig({ apiKey: key, allowedHosts: `api.example.com, ${key}*` }));
		expect(error.message).toBe('Allowed Hosts: "[redacted]*" is not a host name, *.domain or *');
		expect(`${error.message} ${error.description}`).not.toContain(key);
	});

	it('never lets the account move the key to another host', () => {
		const error = rejection(() => parseKeyConfig({ service: 'pipedrive', apiKey: KEY, pipedriveCompanyDomain: 'evil.com/x?.pipedrive.com' }));
		expect(error.message).toContain('is not valid');
		// A service with a fixed list of hosts (Make's zones) refuses any other, however it was typed.
		for (const makeZone of ['evil.example/eu1.make.com', 'evil.example', 'eu1.make.com.evil.example']) {
			const refused = rejection(() => parseKeyConfig({ service: 'make', apiKey: KEY, makeZone }));
			expect(refused.message).toBe("The Zone for Make is not one of Make's: eu1.make.com, eu2.make.com, us1.make.com, us2.make.com, eu1.make.celonis.com, us1.make.celonis.com");
		}
		expect(parseKeyConfig({ service: 'make', apiKey: KEY, makeZone: 'https://EU2.make.com/organization/1' }).allowedHosts).toEqual(['eu2.make.com']);
		// A host-kind account without fixed choices is the host: the key only goes there.
		expect(parseKeyConfig({ service: 'bubble', apiKey: KEY, bubbleAppDomain: 'www.example.com' }).allowedHosts).toEqual(['www.example.com']);
	});
});

describe('preset headers', () => {
	const headersOf = (data: Record<string, unknown>) => computeAuthParts(parseKeyConfig({ apiKey: KEY, ...data })).headers;

	it('sends version headers with their documented default, or the value set', () => {
		expect(headersOf({ service: 'github' })).toEqual({ Authorization: `Bearer ${KEY}`, 'X-GitHub-Api-Version': '2022-11-28' });
		expect(headersOf({ service: 'github', githubApiVersion: ' 2026-03-10 ' })['X-GitHub-Api-Version']).toBe('2026-03-10');
		expect(headersOf({ service: 'notion' })['Notion-Version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(headersOf({ service: 'pinecone' })).toEqual({ 'Api-Key': KEY, 'X-Pinecone-Api-Version': '2026-04' });
	});

	it('leaves optional headers out when empty', () => {
		expect(headersOf({ service: 'openai' })).toEqual({ Authorization: `Bearer ${KEY}` });
		expect(headersOf({ service: 'openai', openaiOrganization: 'org-1', openaiProject: 'proj_1' })).toEqual({
			Authorization: `Bearer ${KEY}`,
			'OpenAI-Organization': 'org-1',
			'OpenAI-Project': 'proj_1',
		});
		expect(Object.keys(headersOf({ service: 'stripe' }))).toEqual(['Authorization']);
		expect(headersOf({ service: 'stripe', stripeApiVersion: '2025-01-27.acacia' })['Stripe-Version']).toBe('2025-01-27.acacia');
	});

	it('sends fixed headers', () => {
		expect(headersOf({ service: 'postmark' })).toEqual({ 'X-Postmark-Server-Token': KEY, Accept: 'application/json' });
	});

	it('treats preset headers as non-secret: only the key is masked', () => {
		const config = parseKeyConfig({ service: 'anthropic', apiKey: KEY });
		expect(secretsOf(config)).toContain(KEY);
		expect(secretsOf(config)).not.toContain('2023-06-01');
	});

	it('rejects a version value that cannot travel in a header', () => {
		const error = rejection(() => parseKeyConfig({ service: 'github', apiKey: KEY, githubApiVersion: '2022\n11' }));
		expect(error.message).toContain('X-GitHub-Api-Version');
	});
});

describe('environments', () => {
	it('switches Bubble to version-test', () => {
		const live = resolveService({ service: 'bubble', apiKey: KEY, bubbleAppDomain: 'myapp.bubbleapps.io' }, 'live');
		const test = resolveService({ service: 'bubble', apiKey: KEY, bubbleAppDomain: 'myapp.bubbleapps.io' }, 'test');
		expect(live.data.baseUrl).toBe('https://myapp.bubbleapps.io/api/1.1');
		expect(test.data.baseUrl).toBe('https://myapp.bubbleapps.io/version-test/api/1.1');
		expect(live.hasTestBaseUrl).toBe(true);
		// The Test button always checks the live app.
		expect(test.data.testUrl).toBe('https://myapp.bubbleapps.io/api/1.1/obj/user?limit=1');
	});

	it('keeps the Base URL of services without a test URL', () => {
		const test = resolveService({ service: 'stripe', apiKey: KEY }, 'test');
		expect(test.data.baseUrl).toBe('https://api.stripe.com/v1');
		expect(test.hasTestBaseUrl).toBe(false);
	});

	it('uses Custom\'s Test Environment Base URL in the test environment only', () => {
		const data = { apiKey: KEY, baseUrl: 'https://api.example.com', testBaseUrl: ' https://sandbox.example.com ' };
		expect(resolveService(data, 'live').data.baseUrl).toBe('https://api.example.com');
		expect(resolveService(data, 'test').data.baseUrl).toBe('https://sandbox.example.com');
		expect(resolveService(data, 'test').hasTestBaseUrl).toBe(true);
		expect(resolveService({ apiKey: KEY }, 'test').hasTestBaseUrl).toBe(false);
	});
});

describe('the credential test request', () => {
	const NOW = new Date('2026-12-01T00:00:00Z');

	it.each(PRESETS.map((preset) => [preset.id, preset]))("%s: aims at the preset's test request", (_id, preset) => {
		const plan = planCredentialTest(presetData(preset), NOW);
		expect(plan.request.method).toBe(preset.test.method ?? 'GET');
		expect(plan.request.url).toMatch(/^https?:\/\//);
		expect(plan.request.url).toBe(resolveService(presetData(preset)).data.testUrl);
		expect(plan.request.baseURL).toBeUndefined();
		expect(plan.preset?.id).toBe(preset.id);
		expect(plan.keyField).toBe('Key');
	});

	it('builds full test URLs from the Base URL', () => {
		expect(planCredentialTest({ service: 'airtable', apiKey: KEY }, NOW).request.url).toBe('https://api.airtable.com/v0/meta/whoami');
		expect(planCredentialTest({ service: 'n8n', apiKey: KEY, n8nInstanceUrl: 'https://n8n.example.com' }, NOW).request.url).toBe(
			'https://n8n.example.com/api/v1/workflows?limit=1',
		);
		expect(planCredentialTest({ service: 'gemini', apiKey: KEY }, NOW).request.url).toBe('https://generativelanguage.googleapis.com/v1beta/models');
		expect(planCredentialTest({ service: 'bubble', apiKey: KEY, bubbleAppDomain: 'myapp.bubbleapps.io' }, NOW).request.url).toBe(
			'https://myapp.bubbleapps.io/api/1.1/obj/user?limit=1',
		);
	});

	it("uses Custom's Base URL and Test Request URL, and the Base URL alone when Test Request URL is empty", () => {
		const custom = { apiKey: KEY, baseUrl: 'https://api.example.com/v1/', testUrl: '/me', testMethod: 'POST' };
		expect(planCredentialTest(custom, NOW).request).toMatchObject({ url: 'https://api.example.com/v1/me', method: 'POST' });
		expect(planCredentialTest({ ...custom, testUrl: '' }, NOW)).toMatchObject({ request: { url: 'https://api.example.com/v1/' }, testUrlSet: false });
		expect(planCredentialTest({ ...custom, testUrl: 'https://other.example.com/ping' }, NOW).request.url).toBe('https://other.example.com/ping');
	});

	it('tests the Secondary Key once the Key is past Key Expires On, and refuses an expired Key without one', () => {
		const expired = { apiKey: 'old-key', baseUrl: 'https://api.example.com', expiresAt: '2026-01-01' };
		const plan = planCredentialTest({ ...expired, secondaryApiKey: 'new-key' }, NOW);
		expect(plan.keyField).toBe('Secondary Key');
		expect(plan.config.key).toBe('new-key');
		expect(rejection(() => planCredentialTest(expired, NOW)).message).toMatch(/^The API key expired on 2026-01-01, so nothing was sent$/);
	});

	it('leaves a preset with a configuration problem to explain itself, without the key', () => {
		const error = rejection(() => planCredentialTest({ service: 'bubble', apiKey: KEY }, NOW));
		expect(error.message).toBe('The App Domain for Bubble (Data and Workflow API) is missing');
		expect(`${error.message}${error.description}`).not.toContain(KEY);
	});
});

describe('per-service fields and the shared names of 0.1', () => {
	it('every per-service field has its own name, starting with the service id', () => {
		const fields = allPresetFields();
		expect(new Set(fields.map((field) => field.field)).size).toBe(fields.length);
		for (const field of fields) expect(field.field.startsWith(field.preset.id)).toBe(true);
	});

	it('reads the own field first, then a meaningful value of the shared field, then the default', () => {
		const github = allPresetFields().find((field) => field.field === 'githubApiVersion')!;
		expect(readPresetField({}, github)).toBe('2022-11-28');
		expect(readPresetField({ githubApiVersion: '2026-03-10' }, github)).toBe('2026-03-10');
		expect(readPresetField({ apiVersion: '2026-03-10' }, github)).toBe('2026-03-10');
		expect(readPresetField({ githubApiVersion: '2022-11-28', apiVersion: '2026-03-10' }, github)).toBe('2026-03-10');
		expect(readPresetField({ githubApiVersion: '2026-09-01', apiVersion: '2026-03-10' }, github)).toBe('2026-09-01');
	});

	it("ignores what 0.1's editor pre-filled from another service (Anthropic's version for GitHub or Stripe)", () => {
		const github = allPresetFields().find((field) => field.field === 'githubApiVersion')!;
		expect(legacyLeftovers(github)).toContain('2023-06-01');
		expect(readPresetField({ apiVersion: '2023-06-01' }, github)).toBe('2022-11-28');
		const headersOf = (data: Record<string, unknown>) => computeAuthParts(parseKeyConfig({ apiKey: KEY, ...data })).headers;
		expect(headersOf({ service: 'github', apiVersion: '2023-06-01' })['X-GitHub-Api-Version']).toBe('2022-11-28');
		expect(headersOf({ service: 'stripe', apiVersion: '2023-06-01' })['Stripe-Version']).toBeUndefined();
		expect(headersOf({ service: 'stripe', apiVersion: '2025-01-27.acacia' })['Stripe-Version']).toBe('2025-01-27.acacia');
		expect(headersOf({ service: 'anthropic', apiVersion: '2023-06-01' })['anthropic-version']).toBe('2023-06-01');
		expect(headersOf({ service: 'openai', organization: 'org-1' })['OpenAI-Organization']).toBe('org-1');
	});

	it('keeps accounts saved under the shared name: a Make zone, a Bubble domain', () => {
		expect(parseKeyConfig({ service: 'make', apiKey: KEY, account: 'us1.make.com' }).baseUrl).toBe('https://us1.make.com/api/v2');
		expect(parseKeyConfig({ service: 'make', apiKey: KEY, makeZone: 'eu1.make.com', account: 'us1.make.com' }).baseUrl).toBe('https://us1.make.com/api/v2');
		expect(parseKeyConfig({ service: 'make', apiKey: KEY, makeZone: 'us2.make.com', account: 'us1.make.com' }).baseUrl).toBe('https://us2.make.com/api/v2');
		expect(parseKeyConfig({ service: 'bubble', apiKey: KEY, account: 'myapp.bubbleapps.io' }).baseUrl).toBe('https://myapp.bubbleapps.io/api/1.1');
		expect(rejection(() => parseKeyConfig({ service: 'bubble', apiKey: KEY, account: 'eu1.make.com' })).message).toBe(
			'The App Domain for Bubble (Data and Workflow API) is missing',
		);
	});
});

describe('when and against which page each preset was checked', () => {
	it.each(PRESETS.map((preset) => [preset.id, preset]))('%s has a check date and page', (_id, preset) => {
		expect(preset.checked.on).toMatch(/^20\d\d-\d\d-\d\d$/);
		expect(Number.isNaN(Date.parse(preset.checked.on))).toBe(false);
		expect(preset.checked.against).toMatch(/^https:\/\//);
	});

	it('follows the providers as of late 2026', () => {
		expect(findPreset('pinecone')!.headers![0].default).toBe('2026-04');
		expect(findPreset('hubspot')!.name).toBe('HubSpot (Service Key)');
		expect(findPreset('hubspot')!.keyHelp).toMatch(/service key/i);
		expect(findPreset('bubble')!.test.url).not.toBe('/meta');
		expect(findPreset('google')!.auth).toEqual({ placement: 'header', name: 'x-goog-api-key' });
		expect(findPreset('google')!.test.url).not.toContain('generativelanguage');
		expect(findPreset('gemini')!.auth).toEqual({ placement: 'header', name: 'x-goog-api-key' });
		expect(findPreset('anthropic')!.docsUrl).toMatch(/^https:\/\/platform\.claude\.com\//);
		expect(findPreset('anthropic')!.keysUrl).toBe('https://platform.claude.com/settings/keys');
		expect(findPreset('n8n')!.docsUrl).toBe('https://docs.n8n.io/connect/n8n-api/authentication/');
		expect(findPreset('notion')!.keyHelp).toMatch(/connection/);
		expect(Object.fromEntries(PRESETS.filter((preset) => preset.test.permission).map((preset) => [preset.id, preset.test.permission]))).toEqual({
			elevenlabs: 'User: Read',
			n8n: 'workflow:list',
			openai: 'Models: Read',
			stripe: 'Balance: Read',
		});
	});
});

describe('where keys are managed', () => {
	it('links each service, with the account filled in', () => {
		expect(keysUrlFor({ service: 'stripe' })).toBe('https://dashboard.stripe.com/apikeys');
		expect(keysUrlFor({ service: 'n8n', n8nInstanceUrl: 'https://n8n.example.com/' })).toBe('https://n8n.example.com/settings/api');
		expect(keysUrlFor({ service: 'n8n' })).toBeUndefined();
		expect(keysUrlFor({ apiKey: KEY })).toBeUndefined();
		expect(keysUrlFor({ service: 'unknown' })).toBeUndefined();
	});
});

describe('credential fields derived from the table', () => {
	const credential = new ApiKeyApi();
	const byName = (name: string) => credential.properties.filter((property) => property.name === name);

	it('offers Custom (the default) first, then every preset sorted by name', () => {
		const property = serviceProperty();
		expect(property.default).toBe('custom');
		const options = serviceOptions();
		expect(options[0]).toMatchObject({ value: 'custom', name: 'Custom (Any API)' });
		expect(options.map((option) => option.value).sort()).toEqual(['custom', ...PRESETS.map((preset) => preset.id)].sort());
		const names = options.slice(1).map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(credential.properties[0]).toEqual(property);
	});

	it('describes how each service gets its key, escaped so the editor shows <key>', () => {
		expect(describeAuth(findPreset('anthropic')!)).toEqual(['x-api-key: <key>', 'anthropic-version: 2023-06-01']);
		expect(describeAuth(findPreset('stripe')!)).toEqual([
			'Authorization: Basic base64(<key>:)',
			'Stripe-Version: <API Version> (optional)',
		]);
		expect(describeAuth(findPreset('mailchimp')!)[0]).toBe('Authorization: Basic base64(anystring:<key>)');
		expect(describeAuth(findPreset('make')!)[0]).toBe('Authorization: Token <key>');
		expect(describeAuth(findPreset('openweathermap')!)[0]).toBe('?appid=<key>');
		expect(describeTestRequest(findPreset('webflow')!)).toBe('GET https://api.webflow.com/v2/token/introspect');
		expect(describeTestRequest(findPreset('gemini')!)).toBe('GET https://generativelanguage.googleapis.com/v1beta/models');
		const option = (id: string) => serviceOptions().find((entry) => entry.value === id) as INodePropertyOptions;
		expect(option('postmark').description).toBe('X-Postmark-Server-Token: &lt;key&gt;, Accept: application/json');
		expect(option('stripe').description).toBe('Authorization: Basic base64(&lt;key&gt;:), Stripe-Version: &lt;API Version&gt; (optional)');
		for (const entry of serviceOptions()) expect(entry.description).not.toMatch(/<[a-z]/i);
	});

	it('shows one notice per service, with where to manage its keys and a hint to name the credential', () => {
		const notices = presetNotices();
		expect(notices).toHaveLength(PRESETS.length);
		for (const [index, preset] of PRESETS.entries()) {
			expect(notices[index]).toMatchObject({ type: 'notice', displayOptions: { show: { service: [preset.id] } } });
			expect(notices[index].displayName).toContain('target="_blank"');
			expect(notices[index].displayName).toContain('name this credential after the service');
		}
		expect(notices.find((notice) => notice.name === 'stripeNotice')!.displayName).toContain('https://dashboard.stripe.com/apikeys');
	});

	it('gives every service with an account its own account field, and shows the shared 0.1 field only while it matters', () => {
		const accounts = presetAccountProperties().filter((property) => property.name !== 'account');
		const withAccount = PRESETS.filter((preset) => preset.account);
		expect(accounts.map((property) => property.displayOptions?.show?.service)).toEqual(withAccount.map((preset) => [preset.id]));
		expect(accounts.map((property) => property.name)).toEqual(withAccount.map((preset) => preset.account!.field));
		const make = accounts.find((property) => property.name === 'makeZone') as INodeProperties;
		expect(make).toMatchObject({ displayName: 'Zone', type: 'options', default: 'eu1.make.com' });
		expect(accounts.find((property) => property.name === 'mailchimpDataCenter')?.required).toBe(false);
		expect(accounts.find((property) => property.name === 'bubbleAppDomain')?.required).toBe(true);
		const legacy = byName('account');
		expect(legacy).toHaveLength(withAccount.length);
		for (const property of legacy) {
			expect(property).toMatchObject({ type: 'string', default: '' });
			expect(property.displayOptions?.hide?.account).toContain('');
		}
		expect(legacy.find((property) => property.displayOptions?.show?.service?.[0] === 'bubble')?.displayOptions?.hide?.account).toContain('eu1.make.com');
	});

	it('gives version, organization and project headers their own fields', () => {
		const fields = presetHeaderProperties().filter((field) => !['apiVersion', 'organization', 'project'].includes(field.name));
		expect(fields.map((field) => `${field.displayOptions?.show?.service}:${field.name}:${field.default}`)).toEqual([
			'anthropic:anthropicApiVersion:2023-06-01',
			'github:githubApiVersion:2022-11-28',
			'notion:notionApiVersion:2026-03-11',
			'openai:openaiOrganization:',
			'openai:openaiProject:',
			'pinecone:pineconeApiVersion:2026-04',
			'stripe:stripeApiVersion:',
		]);
		const githubLegacy = byName('apiVersion').find((property) => property.displayOptions?.show?.service?.[0] === 'github')!;
		expect(githubLegacy.displayName).toBe('API Version (Saved Earlier)');
		expect(githubLegacy.displayOptions?.hide?.apiVersion).toEqual(expect.arrayContaining(['', '2022-11-28', '2023-06-01']));
	});

	it('shows the manual fields for Custom only, keeping their own conditions', () => {
		for (const name of ['placement', 'headerName', 'queryName', 'scheme', 'basicPassword', 'basicUsername', 'bodyFieldName', 'bodyFormat', 'cookieName', 'baseUrl', 'testBaseUrl', 'extraFields', 'testUrl', 'testMethod']) {
			for (const property of byName(name)) expect(property.displayOptions?.show?.service).toEqual(['custom']);
		}
		expect(byName('headerName')[0].displayOptions?.show?.placement).toEqual(['header']);
		expect(customOnly([{ displayName: 'X', name: 'x', type: 'string', default: '', displayOptions: { hide: { y: [true] } } }])[0].displayOptions).toEqual({
			show: { service: ['custom'] },
			hide: { y: [true] },
		});
	});

	it('puts the advanced and life-cycle fields behind two toggles, for every service', () => {
		const toggles: Record<string, string[]> = {
			showAdvancedSettings: ['allowedHosts', 'extraFields', 'testMethod'],
			showKeyLifecycle: ['secondaryApiKey', 'testApiKey', 'testBaseUrl', 'expiresAt', 'expiryWarningDays', 'warnLiveKeyInManualRuns'],
		};
		for (const [toggle, names] of Object.entries(toggles)) {
			expect(byName(toggle)).toEqual([expect.objectContaining({ type: 'boolean', default: false })]);
			expect(byName(toggle)[0].displayOptions).toBeUndefined();
			for (const name of names) {
				const copies = byName(name);
				expect(copies).toHaveLength(2);
				expect(copies.map((property) => property.displayOptions?.show?.[toggle])).toEqual([[true], [false]]);
				// The copy shown while the toggle is off hides itself while the field is empty.
				expect(copies[1].displayOptions?.hide?.[name]).toBeDefined();
			}
		}
		for (const name of ['apiKey', 'secondaryApiKey', 'testApiKey']) expect(byName(name)[0].typeOptions?.password).toBe(true);
		expect(byName('apiKey')[0].displayOptions).toBeUndefined();
	});

	it('has no declarative test and no regular-expression display condition', () => {
		expect((credential as ICredentialType).test).toBeUndefined();
		expect(JSON.stringify(credential.properties)).not.toContain('regex');
	});
});
