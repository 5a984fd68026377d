/**
 * Credentials saved up to version 0.1 kept every service's account in one shared `account` field,
 * and the version, organization and project headers in shared `apiVersion`, `organization` and
 * `project` fields. n8n's editor pre-fills a field with the default of the first property of that
 * name, so a GitHub or Stripe credential could be saved with Anthropic's `2023-06-01`.
 *
 * Since 0.2 every service has fields of its own (`githubApiVersion`, `makeZone`, …). These rules
 * still read the shared fields, so saved credentials keep working, and ignore a value that is only
 * that pre-fill's leftover. Pure.
 */
import { text } from '../text';
import {
	LEGACY_ACCOUNT_FIELD,
	PRESETS,
	type PresetAccount,
	type PresetHeader,
	type ServicePreset,
} from './presets';

/** One per-service field and the shared field it replaced. */
export interface PresetField {
	preset: ServicePreset;
	/** The service's own field. */
	field: string;
	/** The shared field of 0.1. */
	legacyField: string;
	/** The service's own default: '' for free text, the first choice for a list. */
	default: string;
	label: string;
}

function accountDefault(account: PresetAccount): string {
	return account.options ? account.options[0].value : '';
}

export function accountField(preset: ServicePreset): PresetField | undefined {
	const account = preset.account;
	if (!account) return undefined;
	return {
		preset,
		field: account.field,
		legacyField: LEGACY_ACCOUNT_FIELD,
		default: accountDefault(account),
		label: account.label,
	};
}

export function headerField(preset: ServicePreset, header: PresetHeader): PresetField | undefined {
	if (!header.field) return undefined;
	return {
		preset,
		field: header.field,
		legacyField: header.legacyField ?? header.field,
		default: header.default ?? '',
		label: header.label ?? header.name,
	};
}

/** Every per-service field of every preset. */
export function allPresetFields(): PresetField[] {
	const fields: PresetField[] = [];
	for (const preset of PRESETS) {
		const account = accountField(preset);
		if (account) fields.push(account);
		for (const header of preset.headers ?? []) {
			const field = headerField(preset, header);
			if (field) fields.push(field);
		}
	}
	return fields;
}

/**
 * Values of a shared field that say nothing about this service: the defaults the other services'
 * fields of that name had, which the editor of 0.1 could have saved for this one.
 */
export function legacyLeftovers(target: PresetField): string[] {
	const leftovers = new Set<string>();
	for (const other of allPresetFields()) {
		if (other.legacyField !== target.legacyField || other.preset.id === target.preset.id) continue;
		if (other.default !== '') leftovers.add(other.default);
	}
	leftovers.delete(target.default);
	return [...leftovers];
}

/**
 * The value of a per-service field: the service's own field when it was changed from its default,
 * otherwise a meaningful value of the shared field of 0.1, otherwise the own field or its default.
 */
export function readPresetField(data: Record<string, unknown>, target: PresetField): string {
	const own = text(data[target.field]).trim();
	if (own !== '' && own !== target.default) return own;
	if (target.legacyField !== target.field) {
		const legacy = text(data[target.legacyField]).trim();
		if (legacy !== '' && !legacyLeftovers(target).includes(legacy)) return legacy;
	}
	return own !== '' ? own : target.default;
}
