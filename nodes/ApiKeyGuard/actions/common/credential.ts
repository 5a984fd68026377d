import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { text } from '../../../../shared/text';
import { normalizePrefix } from '../../helpers/keyFormat';

export const GUARD_CREDENTIAL = 'apiKeyGuardApi';

export interface GuardSettings {
	prefix: string;
	pepper: string;
	clients: unknown;
	signingSecrets: string[];
}


/** The API Key Guard credential, read once per execution of the node. */
export async function readGuardSettings(this: IExecuteFunctions): Promise<GuardSettings> {
	const stored = await this.getCredentials(GUARD_CREDENTIAL);
	let prefix: string;
	try {
		prefix = normalizePrefix(text(stored.keyPrefix));
	} catch (error) {
		throw new NodeOperationError(this.getNode(), 'The Key Prefix of the API Key Guard credential is not valid', {
			description: (error as Error).message,
		});
	}
	return {
		prefix,
		pepper: text(stored.pepper),
		clients: stored.clients,
		signingSecrets: [text(stored.signingSecret), text(stored.previousSigningSecret)].filter((secret) => secret !== ''),
	};
}

/** Prefixes a presented key may have: the credential's and those listed in the option. */
export function acceptedPrefixes(settings: GuardSettings, extra: unknown): string[] {
	const prefixes = [settings.prefix];
	for (const entry of text(extra).split(',')) {
		if (entry.trim() === '') continue;
		try {
			prefixes.push(normalizePrefix(entry));
		} catch {
			// An unusable prefix cannot occur in a well-formed key; it simply matches nothing.
		}
	}
	return [...new Set(prefixes)];
}
