/**
 * The API Key credential's properties as n8n's editor and runtime treat them:
 * - the editor pre-fills each property name with the default of the FIRST property of that name
 *   (CredentialEdit.vue, onMounted), and Save keeps the values that differ from the displayed
 *   property's default (getNodeParameters with returnDefaults false);
 * - the runtime applies the displayed properties' defaults and drops every value whose property is
 *   not displayed (credentials-helper applyDefaultsAndOverwrites → getNodeParameters).
 * Properties that share a name must therefore share default and options, or a service gets
 * another service's value (GitHub used to get Anthropic's API version).
 */
import { NodeHelpers } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeParameters, INodeProperties } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { allPresetFields } from '../../shared/services/legacy';
import { PRESETS } from '../../shared/services/presets';

const credential = new ApiKeyApi();
const properties = credential.properties;

/** What the editor holds for a new credential before the user types anything. */
function newForm(): ICredentialDataDecryptedObject {
	const form: ICredentialDataDecryptedObject = {};
	for (const property of properties) {
		if (!(property.name in form)) form[property.name] = property.default as ICredentialDataDecryptedObject[string];
	}
	return form;
}

const save = (form: ICredentialDataDecryptedObject) =>
	NodeHelpers.getNodeParameters(properties, form as INodeParameters, false, false, null, null) as ICredentialDataDecryptedObject;
const load = (stored: ICredentialDataDecryptedObject) =>
	NodeHelpers.getNodeParameters(properties, stored as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
const shown = (form: ICredentialDataDecryptedObject) =>
	properties.filter((property) => property.type !== 'hidden' && NodeHelpers.displayParameter(form, property, null, null));

/** The value that matters for a property: default, options, type and type options. */
const identity = (property: INodeProperties) =>
	JSON.stringify({ type: property.type, default: property.default, options: property.options ?? null, typeOptions: property.typeOptions ?? null });

describe('credential properties that share a name', () => {
	it('never differ in type, default or options', () => {
		const byName = new Map<string, INodeProperties[]>();
		for (const property of properties) byName.set(property.name, [...(byName.get(property.name) ?? []), property]);
		const conflicts = [...byName.entries()]
			.filter(([, group]) => new Set(group.map(identity)).size > 1)
			.map(([name, group]) => `${name}: ${[...new Set(group.map(identity))].join(' vs ')}`);
		expect(conflicts).toEqual([]);
	});

	it('are never two visible at once', () => {
		const forms: ICredentialDataDecryptedObject[] = [
			newForm(),
			...PRESETS.map((preset) => ({ ...newForm(), service: preset.id })),
			{ ...newForm(), showAdvancedSettings: true, showKeyLifecycle: true, expiresAt: '2030-01-01' },
			{ ...newForm(), secondaryApiKey: 'x', testMethod: 'POST', expiresAt: '2030-01-01', expiryWarningDays: 3 },
		];
		for (const form of forms) {
			const names = shown(form).map((property) => property.name);
			expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
		}
	});
});

describe('every per-service field keeps its own default through select, save and load', () => {
	it.each(allPresetFields().map((field) => [`${field.preset.id}: ${field.field}`, field]))('%s', (_label, field) => {
		const form: ICredentialDataDecryptedObject = { ...newForm(), service: field.preset.id, apiKey: 'k' };
		// What the form shows right after choosing the service:
		const property = shown(form).find((candidate) => candidate.name === field.field)!;
		expect(property).toBeDefined();
		expect(form[field.field]).toBe(field.default);
		const stored = save(form);
		const loaded = load(stored);
		expect(loaded[field.field] ?? '').toBe(field.default);
		// Nothing another service would have pre-filled is stored under the old shared name.
		expect(stored[field.legacyField]).toBeUndefined();
	});

	it.each(PRESETS.filter((preset) => preset.headers?.some((header) => header.field && header.default)).map((preset) => [preset.id, preset]))(
		'%s: the request carries the version the service documents',
		async (_id, preset) => {
			const account = preset.account ? { [preset.account.field]: preset.account.example } : {};
			const loaded = load(save({ ...newForm(), service: preset.id, apiKey: 'k-123', ...account }));
			const target = new URL(preset.baseUrl.replace('{account}', preset.account?.example ?? ''));
			const out = await credential.authenticate(loaded, { url: `${target.origin}/x`, method: 'GET' } as IHttpRequestOptions);
			for (const header of preset.headers ?? []) {
				if (header.default) expect((out.headers as Record<string, string>)[header.name]).toBe(header.default);
			}
		},
	);
});

describe('credentials saved by 0.1 under the shared names', () => {
	const form = (stored: ICredentialDataDecryptedObject) => ({ ...newForm(), ...stored });

	it('show a meaningful shared value as "… (Saved Earlier)" next to the own field, keep and use it', async () => {
		const stored: ICredentialDataDecryptedObject = { service: 'github', apiKey: 'k', apiVersion: '2026-03-10' };
		const legacy = shown(form(stored)).filter((property) => property.name === 'apiVersion');
		expect(legacy.map((property) => property.displayName)).toEqual(['API Version (Saved Earlier)']);
		expect(save(form(stored)).apiVersion).toBe('2026-03-10');
		const out = await credential.authenticate(load(stored), { url: 'https://api.github.com/user', method: 'GET' } as IHttpRequestOptions);
		expect((out.headers as Record<string, string>)['X-GitHub-Api-Version']).toBe('2026-03-10');
	});

	it("drop what 0.1's editor pre-filled from another service, so the service's own default is sent", async () => {
		const stored: ICredentialDataDecryptedObject = { service: 'github', apiKey: 'k', apiVersion: '2023-06-01' };
		expect(shown(form(stored)).map((property) => property.name)).not.toContain('apiVersion');
		expect(save(form(stored)).apiVersion).toBeUndefined();
		const out = await credential.authenticate(load(stored), { url: 'https://api.github.com/user', method: 'GET' } as IHttpRequestOptions);
		expect((out.headers as Record<string, string>)['X-GitHub-Api-Version']).toBe('2022-11-28');
	});

	it('keep a Make zone saved as account', () => {
		const loaded = load({ service: 'make', apiKey: 'k', account: 'us1.make.com' });
		expect(loaded).toMatchObject({ makeZone: 'eu1.make.com', account: 'us1.make.com' });
	});
});

describe('the Custom form a first-time user sees', () => {
	it('shows the Service, the Key, Placement with its one field, Base URL, Test Request URL and two toggles', () => {
		expect(shown(newForm()).map((property) => property.name)).toEqual([
			'service',
			'apiKey',
			'placement',
			'headerName',
			'baseUrl',
			'testUrl',
			'showAdvancedSettings',
			'showKeyLifecycle',
		]);
	});

	it('shows the optional groups when asked', () => {
		const advanced = shown({ ...newForm(), showAdvancedSettings: true }).map((property) => property.name);
		expect(advanced).toEqual(expect.arrayContaining(['extraFields', 'testMethod', 'allowedHosts']));
		const lifecycle = shown({ ...newForm(), showKeyLifecycle: true }).map((property) => property.name);
		expect(lifecycle).toEqual(expect.arrayContaining(['testApiKey', 'testBaseUrl', 'warnLiveKeyInManualRuns', 'secondaryApiKey', 'expiresAt']));
		expect(lifecycle).not.toContain('expiryWarningDays');
		expect(shown({ ...newForm(), showKeyLifecycle: true, expiresAt: '2030-01-01' }).map((property) => property.name)).toContain('expiryWarningDays');
	});

	it('never hides a value: with the toggles off, a field that holds one is shown, saved and used', () => {
		const values: ICredentialDataDecryptedObject = {
			allowedHosts: 'api.example.com',
			extraFields: { field: [{ location: 'header', name: 'X-Extra', value: 'v', secret: true }] },
			testMethod: 'POST',
			testApiKey: 'test-key',
			testBaseUrl: 'https://sandbox.example.com',
			warnLiveKeyInManualRuns: true,
			secondaryApiKey: 'next-key',
			expiresAt: '2030-01-01',
			expiryWarningDays: 3,
		};
		const form = { ...newForm(), ...values };
		expect(form.showAdvancedSettings).toBe(false);
		expect(form.showKeyLifecycle).toBe(false);
		const names = shown(form).map((property) => property.name);
		for (const name of Object.keys(values)) expect(names).toContain(name);
		// A credential saved before the toggles existed has no toggle values at all.
		const loaded = load({ apiKey: 'k', ...values });
		expect(loaded).toMatchObject(values);
	});

	it('has no regular-expression display conditions (n8n evaluates those in a VM with a time limit)', () => {
		expect(JSON.stringify(properties)).not.toMatch(/"regex"/);
	});
});
