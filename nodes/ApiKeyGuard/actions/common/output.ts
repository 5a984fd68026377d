import type { IDataObject } from 'n8n-workflow';

import type { Denial } from '../../helpers/denial';
import { clientInfo } from '../../helpers/record';
import type { Decision } from '../../helpers/verifyKey';

/** The Denied output item: everything Respond to Webhook needs, nothing about the key but its public id. */
export function deniedJson(denial: Denial & { keyId?: string }): IDataObject {
	return {
		allowed: false,
		reason: denial.reason,
		statusCode: denial.statusCode,
		headers: { ...denial.headers },
		body: { ...denial.body },
		keyId: denial.keyId ?? null,
	};
}

/** The Allowed output item: who the client is, its usage counters, and the request without the key. */
export function allowedJson(
	decision: Extract<Decision, { allowed: true }>,
	extras: { clientIp?: string; request?: IDataObject },
): IDataObject {
	const json: IDataObject = {
		allowed: true,
		client: clientInfo(decision.record) as unknown as IDataObject,
		usage: { ...decision.usage } as unknown as IDataObject,
		responseHeaders: { ...decision.headers },
		clientIp: extras.clientIp ?? null,
	};
	if (extras.request) json.request = extras.request;
	return json;
}

/**
 * With On Error → Continue, a request the Guard could not check goes to Denied as a 500 answer,
 * so a Respond to Webhook wired to Denied never lets it through.
 */
export function errorDeniedJson(message: string): IDataObject {
	return {
		allowed: false,
		reason: 'guard_error',
		statusCode: 500,
		headers: { 'Cache-Control': 'no-store' },
		body: { error: 'server_error', message: 'The request could not be checked' },
		keyId: null,
		error: message,
	};
}
