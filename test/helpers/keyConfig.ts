import { parseKeyConfig } from '../../shared/key/config';
import type { KeyConfig } from '../../shared/types';

/**
 * parseKeyConfig for tests about how a key is placed or checked, not where it may go: a
 * credential with neither Base URL nor Allowed Hosts sends nowhere, so these allow any host (*)
 * unless the case sets its own.
 */
export function keyConfig(data: Record<string, unknown>): KeyConfig {
	return parseKeyConfig(data.baseUrl || data.allowedHosts ? data : { ...data, allowedHosts: '*' });
}
