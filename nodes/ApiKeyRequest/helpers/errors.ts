import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { KeyConfigError } from '../../../shared/keyPlacement';
import type { Redactor } from '../../../shared/redaction';
import { TransportError } from '../transport';
import type { RawResponse } from '../transport/types';

const MESSAGE_FIELDS = ['message', 'error_description', 'error', 'detail', 'title', 'msg', 'description'];

/** The API's own explanation, when its error body has one. */
export function apiErrorMessage(body: Buffer): string | undefined {
	const text = body.toString('utf8').trim();
	if (text === '') return undefined;
	try {
		return findMessage(JSON.parse(text) as unknown, 0);
	} catch {
		return /^<(!doctype|html)/i.test(text) ? undefined : text.slice(0, 300);
	}
}

function findMessage(value: unknown, depth: number): string | undefined {
	if (depth > 3 || value === null || value === undefined) return undefined;
	if (typeof value === 'string') return value.slice(0, 300);
	if (Array.isArray(value)) return findMessage(value[0], depth + 1);
	if (typeof value !== 'object') return undefined;
	const record = value as Record<string, unknown>;
	for (const field of MESSAGE_FIELDS) {
		const found = findMessage(record[field], depth + 1);
		if (found) return found;
	}
	return findMessage(record.errors, depth + 1);
}

function statusExplanation(status: number, url: string, retryAfter?: string): [string, string] {
	if (status === 400) return [`The API rejected the request as invalid (400)`, 'Check the parameters and body against the API documentation.'];
	if (status === 401) {
		return [
			'The API rejected the key (401)',
			'Usual causes: the key is wrong or incomplete, it is sent in the wrong place (check Placement and the header or parameter name in the API Key credential), or it was revoked or expired.',
		];
	}
	if (status === 403) {
		return [
			'The key is not allowed to do this (403)',
			'The API recognised the key but it lacks the permission or scope for this request. Check the key\'s permissions in the service, or use a key that has them.',
		];
	}
	if (status === 404) return ['The resource was not found (404)', `Check the URL and the credential's Base URL: ${url}`];
	if (status === 429) {
		const wait = retryAfter ? ` The API asks to wait ${retryAfter} before retrying.` : '';
		return ['The API is rate limiting this key (429)', `Too many requests were sent with this key.${wait} Lower the request rate or retry later.`];
	}
	if (status >= 500) return [`The API had a problem answering (${status})`, 'This is usually temporary on the API side: retry later.'];
	return [`The API answered with status ${status}`, `Request to ${url}`];
}

export function httpStatusError(node: INode, response: RawResponse, redactor: Redactor, itemIndex: number): NodeApiError {
	const retryAfter = response.headers['retry-after'];
	const [message, hint] = statusExplanation(
		response.statusCode,
		response.url,
		Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
	);
	const apiMessage = apiErrorMessage(response.body);
	const description = apiMessage ? `${hint}\nThe API said: ${apiMessage}` : hint;
	const details: JsonObject = { httpCode: String(response.statusCode), message, description };
	return new NodeApiError(node, redactor.deep(details), {
		message: redactor.text(message),
		description: redactor.text(description),
		httpCode: String(response.statusCode),
		itemIndex,
	});
}

function transportExplanation(error: TransportError): [string, string] {
	const host = URL.canParse(error.url) ? new URL(error.url).host : error.url;
	switch (error.code) {
		case 'ECONNREFUSED':
			return ['The API refused the connection', `Nothing accepted the connection at ${host}. Check the URL and that the service is running.`];
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return ['The API host could not be found', `The name ${host} did not resolve. Check the URL or the Base URL for typos.`];
		case 'ETIMEDOUT':
			return [
				`The API did not answer within ${error.timeout ?? 0} ms`,
				'Raise Timeout in the node options, or check whether the service is slow or down.',
			];
		case 'ECONNRESET':
		case 'EPIPE':
			return ['The API closed the connection', 'The connection was dropped before an answer arrived. Retry later.'];
		case 'EMAXREDIRECTS':
			return ['The API redirected too many times', 'Raise Max Redirects in the node options, or check the URL.'];
		case 'EREDIRECTLEAK':
			return [
				'A redirect to another origin was refused',
				`The API redirected to ${host} with the key in the new address, so the redirect was not followed. Call the final URL directly.`,
			];
		default:
			if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED/i.test(error.code)) {
				return ['The API\'s TLS certificate could not be verified', `The connection to ${host} is not trusted. Check the URL and the service's certificate.`];
			}
			return [`The request failed (${error.code})`, `The request to ${host} failed before an answer arrived.`];
	}
}

/** Every error a request can end in, as an n8n error whose text and context carry no secret. */
export function toNodeError(node: INode, error: unknown, redactor: Redactor, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.message = redactor.text(error.message);
		if (error.description) error.description = redactor.text(error.description);
		return error;
	}
	if (error instanceof KeyConfigError) {
		return new NodeOperationError(node, redactor.text(error.message), {
			description: error.description ? redactor.text(error.description) : undefined,
			itemIndex,
		});
	}
	if (error instanceof TransportError) {
		const [message, description] = transportExplanation(error);
		return new NodeApiError(
			node,
			{ message: redactor.text(message), failure: error.code },
			{ message: redactor.text(message), description: redactor.text(description), itemIndex },
		);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, redactor.text(message), { itemIndex });
}
