/**
 * The credential fields and texts derived from the preset table: the Service list, one notice per
 * service, the per-service account and header fields, and a readable summary of how the key is sent.
 *
 * n8n credential fields cannot be computed at runtime, so every service gets fields of its own
 * (`githubApiVersion`, `makeZone`, …), shown only for that service. Each has its own name: n8n's
 * editor gives properties that share a name the default of the first one, which once saved
 * Anthropic's API version for GitHub. The shared names of 0.1 stay readable (shared/services/legacy.ts).
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { accountField, headerField, legacyLeftovers, type PresetField } from './legacy';
import { CUSTOM_SERVICE } from './resolve';
import { PRESETS, type PresetHeader, type ServicePreset } from './presets';

const SERVICE_FIELD = 'service';
export { CUSTOM_SERVICE };

const onlyFor = (preset: ServicePreset) => ({ show: { [SERVICE_FIELD]: [preset.id] } });

/** n8n renders option descriptions and notices as HTML: `<key>` would vanish as an unknown tag. */
export function escapeHtml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** How the key travels, e.g. `Authorization: Bearer <key>` or `?appid=<key>`. */
export function describeKeyPlacement(preset: ServicePreset): string {
	const { placement, name, scheme, basicUsername } = preset.auth;
	switch (placement) {
		case 'bearer':
			return 'Authorization: Bearer <key>';
		case 'authScheme':
			return `Authorization: ${scheme} <key>`;
		case 'header':
			return `${name}: <key>`;
		case 'query':
			return `?${name}=<key>`;
		case 'basicUsername':
			return 'Authorization: Basic base64(<key>:)';
		case 'basicPassword':
			return `Authorization: Basic base64(${basicUsername}:<key>)`;
		case 'body':
			return `body field ${name}=<key>`;
		case 'cookie':
			return `Cookie: ${name}=<key>`;
	}
}

/** A preset's extra header, e.g. `anthropic-version: 2023-06-01` or `OpenAI-Project: <Project ID> (optional)`. */
export function describeHeader(header: PresetHeader): string {
	if (header.value !== undefined) return `${header.name}: ${header.value}`;
	if (header.default) return `${header.name}: ${header.default}`;
	return `${header.name}: <${header.label ?? header.field}> (optional)`;
}

/** Everything that goes with each request: the key and the extra headers. */
export function describeAuth(preset: ServicePreset): string[] {
	return [describeKeyPlacement(preset), ...(preset.headers ?? []).map(describeHeader)];
}

/** The test request, e.g. `GET https://api.airtable.com/v0/meta/whoami`. */
export function describeTestRequest(preset: ServicePreset): string {
	const url =
		/^[a-z]+:\/\//i.test(preset.test.url) || preset.test.url.startsWith('{')
			? preset.test.url
			: `${preset.baseUrl.replace(/\/+$/, '')}/${preset.test.url.replace(/^\/+/, '')}`;
	return `${preset.test.method ?? 'GET'} ${url}`;
}

/** Custom first (the default, and what a first-time user with any other API needs), then the services by name. */
export function serviceOptions(): INodePropertyOptions[] {
	const presets: INodePropertyOptions[] = PRESETS.map((preset) => ({
		name: preset.name,
		value: preset.id,
		description: escapeHtml(describeAuth(preset).join(', ')),
	})).sort((a, b) => a.name.localeCompare(b.name));
	return [
		{
			name: 'Custom (Any API)',
			value: CUSTOM_SERVICE,
			description: 'Choose placement, names and Base URL yourself',
		},
		...presets,
	];
}

export function serviceProperty(): INodeProperties {
	return {
		displayName: 'Service',
		name: SERVICE_FIELD,
		type: 'options',
		default: CUSTOM_SERVICE,
		options: serviceOptions(),
		description:
			'The service the key belongs to. Custom works with any API; a service fills in the rest for you.',
	};
}

/** One notice per service: where its key comes from, how it is sent, and a name to give the credential. */
export function presetNotices(): INodeProperties[] {
	return PRESETS.map((preset) => {
		const link = preset.keysUrl.includes('{account}') ? preset.docsUrl : preset.keysUrl;
		const sent = describeAuth(preset)
			.map((line) => `<code>${escapeHtml(line)}</code>`)
			.join(' and ');
		return {
			displayName: `${escapeHtml(preset.keyHelp)} <a href="${escapeHtml(link)}" target="_blank">Manage ${escapeHtml(preset.name)} keys</a>. Sent as ${sent}. Tip: name this credential after the service (click the name at the top), so credential lists tell it apart.`,
			name: `${preset.id}Notice`,
			type: 'notice',
			default: '',
			displayOptions: onlyFor(preset),
		};
	});
}

/**
 * The shared field of 0.1, shown for one service only while it holds a value that service would
 * use (see readPresetField), so that what is sent is always on screen and can be cleared.
 */
function legacyProperty(target: PresetField): INodeProperties {
	return {
		displayName: `${target.label} (Saved Earlier)`,
		name: target.legacyField,
		type: 'string',
		default: '',
		description: `Saved by an earlier version of this credential and used while ${target.label} above keeps its default. Put the value into ${target.label} and clear this field.`,
		displayOptions: {
			show: { [SERVICE_FIELD]: [target.preset.id] },
			hide: { [target.legacyField]: ['', target.default, ...legacyLeftovers(target)] },
		},
	};
}

/** The account field (app domain, zone, instance URL, data centre) of each service that has one. */
export function presetAccountProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const preset of PRESETS) {
		const account = preset.account;
		const field = accountField(preset);
		if (!account || !field) continue;
		const base = {
			displayName: account.label,
			name: field.field,
			description: account.description,
			required: account.required && !account.fromKey,
			displayOptions: onlyFor(preset),
		};
		properties.push(
			account.options
				? { ...base, type: 'options', default: field.default, options: account.options }
				: { ...base, type: 'string', default: field.default, placeholder: account.placeholder },
			legacyProperty(field),
		);
	}
	return properties;
}

/** The version, organization and project fields of each service that sends such a header. */
export function presetHeaderProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const preset of PRESETS) {
		for (const header of preset.headers ?? []) {
			const field = headerField(preset, header);
			if (!field) continue;
			properties.push(
				{
					displayName: field.label,
					name: field.field,
					type: 'string',
					default: field.default,
					placeholder: header.default ?? '',
					description: header.description ?? `Sent as the ${header.name} header`,
					displayOptions: onlyFor(preset),
				},
				legacyProperty(field),
			);
		}
	}
	return properties;
}

/** Shows fields only for Custom, on top of their own display conditions. */
export function customOnly(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { [SERVICE_FIELD]: [CUSTOM_SERVICE], ...property.displayOptions?.show },
		},
	}));
}

type Condition = NonNullable<IDisplayOptions['hide']>[string];

/** The values a field holds when nothing was entered (empty, or its default), as display conditions. */
function emptyValues(property: INodeProperties): Condition {
	if (property.type === 'fixedCollection' || property.type === 'collection') {
		// Nothing added ({}) or everything removed again ({ field: [] }); n8n compares with isEqual.
		return [{ _cnd: { eq: {} } }, { _cnd: { eq: { field: [] } } }] as unknown as Condition;
	}
	const empty = property.type === 'boolean' ? false : property.type === 'number' ? undefined : '';
	const values = [empty, property.default].filter((value) => value !== undefined);
	return [...new Set(values)] as Condition;
}

/**
 * Puts fields behind a boolean toggle, without ever hiding a value: every field gets a second copy
 * (same name, type and default) that shows while the toggle is off but the field holds a value.
 * n8n only keeps and uses the values of fields it displays, so a value saved before the toggle
 * existed, or left there when it was turned off, is still shown, saved and used.
 */
export function behindToggle(toggle: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const show = property.displayOptions?.show ?? {};
		const hide = property.displayOptions?.hide ?? {};
		const whenOn: INodeProperties = {
			...property,
			displayOptions: { ...property.displayOptions, show: { ...show, [toggle]: [true] } },
		};
		const whileHoldingValue: INodeProperties = {
			...property,
			displayOptions: {
				show: { ...show, [toggle]: [false] },
				hide: { ...hide, [property.name]: emptyValues(property) },
			},
		};
		return [whenOn, whileHoldingValue];
	});
}
