import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { KeyConfigError, parseKeyConfig, secretValues } from '../../../shared/keyPlacement';
import { createRedactor } from '../../../shared/redaction';
import type { KeyContext } from '../transport';

/**
 * Reads the API Key credential once per execution. n8n decrypts credentials on every
 * `getCredentials` call, so the nodes do it once and add the key themselves for each request.
 */
export async function loadKeyContext(ctx: IExecuteFunctions): Promise<KeyContext> {
	const data = await ctx.getCredentials('apiKeyApi');
	try {
		const config = parseKeyConfig(data);
		return { config, redactor: createRedactor(secretValues(config)) };
	} catch (error) {
		const description = error instanceof KeyConfigError ? error.description : undefined;
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description });
	}
}
