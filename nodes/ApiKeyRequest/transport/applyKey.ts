import {
	assertMethodCarriesBody,
	computeAuthParts,
	hasBodyFields,
	KeyConfigError,
	mergeHeaders,
	mergeJsonBody,
	mergeQuery,
	type AuthParts,
	type KeyConfig,
} from '../../../shared/keyPlacement';
import type { PreparedRequest, RequestBody } from './types';

function addBodyFields(body: RequestBody | undefined, parts: AuthParts): RequestBody | undefined {
	if (!hasBodyFields(parts)) return body;
	// An own-property check: `in` would also match names like "constructor" and drop those fields.
	const isKeyField = (name: string) => Object.prototype.hasOwnProperty.call(parts.bodyFields, name);
	const fields = Object.entries(parts.bodyFields);
	if (body === undefined) {
		return parts.bodyFormat === 'form'
			? { kind: 'form', fields }
			: { kind: 'json', value: mergeJsonBody(undefined, parts) };
	}
	switch (body.kind) {
		case 'json':
			return { kind: 'json', value: mergeJsonBody(body.value, parts) };
		case 'form':
			return { kind: 'form', fields: [...body.fields.filter(([name]) => !isKeyField(name)), ...fields] };
		case 'multipart':
			return {
				kind: 'multipart',
				parts: [
					...body.parts.filter((part) => !isKeyField(part.name)),
					...fields.map(([name, value]) => ({ kind: 'field' as const, name, value })),
				],
			};
		default:
			throw new KeyConfigError(
				'The key goes into the request body, but the body is raw data: send a JSON or form body, or choose another placement in the API Key credential',
			);
	}
}

/** The request with the credential's key and extra fields in the places the credential names. */
export function applyKey(request: PreparedRequest, config: KeyConfig): PreparedRequest {
	const parts = computeAuthParts(config);
	assertMethodCarriesBody(request.method, parts);
	return {
		...request,
		headers: mergeHeaders(request.headers, parts),
		qs: mergeQuery(request.qs, parts),
		body: addBodyFields(request.body, parts),
	};
}
