/**
 * The credential's Test button: checks the Key Prefix and the client list (every record
 * readable, no key listed twice) and says what it found. Nothing is sent anywhere.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { buildClientIndex, ClientListError } from '../helpers/clientList';
import { KeyFormatError, normalizePrefix } from '../helpers/keyFormat';

export async function apiKeyGuardApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		const prefix = normalizePrefix(typeof data.keyPrefix === 'string' ? data.keyPrefix : '');
		const clients = buildClientIndex(data.clients);
		const pepper = typeof data.pepper === 'string' && data.pepper !== '' ? 'HMAC-SHA256 with the pepper' : 'SHA-256 (no pepper)';
		const hashed = [...clients.values()];
		const mismatched = hashed.filter((record) => record.hashAlgorithm !== (data.pepper ? 'hmac-sha256' : 'sha256')).length;
		if (mismatched > 0) {
			return {
				status: 'Error',
				message: `${mismatched} of ${clients.size} client records were hashed ${data.pepper ? 'without' : 'with'} a pepper; they can only be verified with the pepper they were issued with`,
			};
		}
		return { status: 'OK', message: `Keys start with ${prefix}; ${clients.size} client record(s) in the list; hashes: ${pepper}` };
	} catch (error) {
		if (error instanceof KeyFormatError || error instanceof ClientListError) return { status: 'Error', message: error.message };
		return { status: 'Error', message: `The credential could not be checked: ${(error as Error).message}` };
	}
}
