/**
 * The credential fields and texts derived from the preset table: the Service list, one notice per
 * service, the per-service account and header fields, and a readable summary of how the key is sent.
 *
 * n8n credential fields cannot be computed at runtime, so every service gets its own copy of the
 * `account` (and version, organization, project) field, shown only for that service. The copies
 * share a name, so the value is stored in one place whatever the service.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CUSTOM_SERVICE } from './resolve';
import { PRESETS, type PresetHeader, type ServicePreset } from './presets';

const SERVICE_FIELD = 'service';
export { CUSTOM_SERVICE };

const onlyFor = (preset: ServicePreset) => ({ show: { [SERVICE_FIELD]: [preset.id] } });

function escapeHtml(value: string): string {
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
	return `${header.name}: <${header.label ?? header.slot}> (optional)`;
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

export function serviceOptions(): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = PRESETS.map((preset) => ({
		name: preset.name,
		value: preset.id,
		description: describeAuth(preset).join(', '),
	}));
	options.push({
		name: 'Custom (Any API)',
		value: CUSTOM_SERVICE,
		description: 'Choose placement, names and Base URL yourself',
	});
	return options.sort((a, b) => a.name.localeCompare(b.name));
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

/** One notice per service: where its key comes from and how it is sent. */
export function presetNotices(): INodeProperties[] {
	return PRESETS.map((preset) => {
		const link = preset.keysUrl.includes('{account}') ? preset.docsUrl : preset.keysUrl;
		const sent = describeAuth(preset)
			.map((line) => `<code>${escapeHtml(line)}</code>`)
			.join(' and ');
		return {
			displayName: `${escapeHtml(preset.keyHelp)} <a href="${escapeHtml(link)}" target="_blank">Manage ${escapeHtml(preset.name)} keys</a>. Sent as ${sent}.`,
			name: `${preset.id}Notice`,
			type: 'notice',
			default: '',
			displayOptions: onlyFor(preset),
		};
	});
}

/** The account field (app domain, zone, instance URL, data centre) of each service that has one. */
export function presetAccountProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const preset of PRESETS) {
		const account = preset.account;
		if (!account) continue;
		const base = {
			displayName: account.label,
			name: 'account',
			description: account.description,
			required: account.required && !account.fromKey,
			displayOptions: onlyFor(preset),
		};
		properties.push(
			account.options
				? { ...base, type: 'options', default: account.options[0].value, options: account.options }
				: { ...base, type: 'string', default: '', placeholder: account.placeholder },
		);
	}
	return properties;
}

/** The version, organization and project fields of each service that sends such a header. */
export function presetHeaderProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const preset of PRESETS) {
		for (const header of preset.headers ?? []) {
			if (!header.slot) continue;
			properties.push({
				displayName: header.label ?? header.name,
				name: header.slot,
				type: 'string',
				default: header.default ?? '',
				placeholder: header.default ?? '',
				description: header.description ?? `Sent as the ${header.name} header`,
				displayOptions: onlyFor(preset),
			});
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
