/**
 * The node's one error mapper: every failure a request can end in becomes a new n8n error, built
 * in one place, whose message, description and context carry no secret. Texts about HTTP statuses
 * come from shared/statusAdvice.ts, the table the credential's Test button uses too.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { ExplainedError } from '../../../shared/errors';
import { rejectionAdvice } from '../../../shared/key/lifecycle';
import { RedactionDepthError, type Redactor } from '../../../shared/redaction';
import { statusAdvice } from '../../../shared/statusAdvice';
import { parseUrl } from '../../../shared/url';
import { retryAfterMs } from '../pacing/quotaHeaders';
import { RetriesExhaustedError, WaitBudgetError, WaitTooLongError, type SendResult } from '../transport/retryLoop';
import { TransportError } from '../transport/send';
import type { RawResponse } from '../transport/types';
import { keysTried, type NodeKeys } from './keyRotation';

/** The API answered, but not with success: the operation throws this, the mapper explains it. */
export class FailedAnswer extends Error {
	constructor(readonly result: Pick<SendResult, 'response' | 'retries' | 'quotaWaits' | 'exhausted'>) {
		super(`status ${result.response.statusCode}`);
		this.name = 'FailedAnswer';
	}
}

/** A failure on a page after the first: how far pagination got before it. */
export interface PaginationProgress {
	page: number;
	records: number;
}

export interface ErrorContext {
	node: INode;
	redactor: Redactor;
	itemIndex: number;
	/** The credential's keys, for the advice on 401 and 403. */
	keys?: NodeKeys;
	pagination?: PaginationProgress;
}

/** Longest API text kept in a description, counted after masking. */
const API_TEXT_LIMIT = 300;
const MESSAGE_FIELDS = ['message', 'error_description', 'error', 'detail', 'title', 'msg', 'description'];

/** The API's own explanation, when its error body has one (not yet masked or cut). */
export function apiErrorMessage(body: Buffer): string | undefined {
	const text = body.toString('utf8').replace(/^\uFEFF/, '').trim();
	if (text === '') return undefined;
	try {
		return findMessage(JSON.parse(text) as unknown, 0);
	} catch {
		return /^<(!doctype|html)/i.test(text) ? undefined : text;
	}
}

function findMessage(value: unknown, depth: number): string | undefined {
	if (depth > 3 || value === null || value === undefined) return undefined;
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return findMessage(value[0], depth + 1);
	if (typeof value !== 'object') return undefined;
	const record = value as Record<string, unknown>;
	for (const field of MESSAGE_FIELDS) {
		const found = Object.prototype.hasOwnProperty.call(record, field) ? findMessage(record[field], depth + 1) : undefined;
		if (found) return found;
	}
	return Object.prototype.hasOwnProperty.call(record, 'errors') ? findMessage(record.errors, depth + 1) : undefined;
}

/** Masks first, then cuts: a key can never be left half shown by the cut. */
function maskedExcerpt(value: string, redactor: Redactor, limit = API_TEXT_LIMIT): string {
	const masked = redactor.text(value);
	return masked.length > limit ? `${masked.slice(0, limit)}…` : masked;
}

/** A wait as people read it; absurd values (a 400-digit Retry-After) are not spelled out. */
export function formatWait(ms: number): string {
	if (!Number.isFinite(ms) || ms > 86_400_000 * 365) return 'more than a year';
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 3600) return `${seconds} s`;
	if (seconds < 172_800) return `${Math.ceil(seconds / 3600)} h`;
	return `${Math.ceil(seconds / 86_400)} days`;
}

const retriesText = (retries: number) => `${retries} ${retries === 1 ? 'retry' : 'retries'}`;

interface Parts {
	kind: 'api' | 'operation';
	message: string;
	description?: string;
	httpCode?: number;
}

/** The one place an error is built: everything is masked here, whatever built the texts. */
function build(parts: Parts, context: ErrorContext): NodeApiError | NodeOperationError {
	const { node, redactor, itemIndex, pagination } = context;
	let description = parts.description;
	if (pagination && pagination.page > 1) {
		const done = `Pagination had fetched ${pagination.page - 1} page${pagination.page === 2 ? '' : 's'} (${pagination.records} record${pagination.records === 1 ? '' : 's'}) before page ${pagination.page} failed.`;
		description = description ? `${description}\n${done}` : done;
	}
	const message = redactor.text(parts.message);
	const masked = description === undefined ? undefined : redactor.text(description);
	if (parts.kind === 'operation') return new NodeOperationError(node, message, { description: masked, itemIndex });
	const details: JsonObject = { message, ...(masked ? { description: masked } : {}) };
	if (parts.httpCode !== undefined) details.httpCode = String(parts.httpCode);
	return new NodeApiError(node, details, {
		message,
		description: masked,
		...(parts.httpCode !== undefined ? { httpCode: String(parts.httpCode) } : {}),
		itemIndex,
	});
}

function statusParts(response: RawResponse, context: ErrorContext): Parts {
	const custom = context.keys ? context.keys.ring.service === undefined : undefined;
	// The wait as the retry layer reads it (bounded), never the header's own text.
	const wait = retryAfterMs(response.headers, Date.now());
	const { message, advice } = statusAdvice(response.statusCode, {
		url: response.url,
		retryAfter: wait === undefined ? undefined : formatWait(wait),
		custom,
	});
	const lines = [advice];
	const apiText = apiErrorMessage(response.body);
	if (apiText) lines.push(`The API said: ${maskedExcerpt(apiText, context.redactor)}`);
	if (context.keys) lines.push(...rejectionAdvice(response.statusCode, context.keys.ring, keysTried(context.keys)));
	return { kind: 'api', message, description: lines.join('\n'), httpCode: response.statusCode };
}

function answerParts(failure: FailedAnswer, context: ErrorContext): Parts {
	const { result } = failure;
	const parts = statusParts(result.response, context);
	if (!result.exhausted) return parts;
	if (result.response.statusCode === 429 || (result.quotaWaits > 0 && result.retries === 0)) {
		return {
			...parts,
			message: `${parts.message}, still limited after ${result.quotaWaits} ${result.quotaWaits === 1 ? 'wait' : 'waits'}`,
			description: `The API kept rate limiting the key although every wait it asked for was honoured. Lower Max Requests under Options > Rate Limit, or run the workflow later.\n${parts.description}`,
		};
	}
	return {
		...parts,
		message: `${parts.message}, gave up after ${retriesText(result.retries)}`,
		description: `The request failed every time (${retriesText(result.retries)}). Raise Max Retries or Max Total Wait under Options > Retry if the API needs longer to recover.\n${parts.description}`,
	};
}

function transportParts(error: TransportError): Parts {
	const host = parseUrl(error.url)?.host ?? error.url;
	const parts = (message: string, description: string): Parts => ({ kind: 'api', message, description });
	switch (error.code) {
		case 'ECONNREFUSED':
			return parts('The API refused the connection', `Nothing accepted the connection at ${host}. Check the URL and that the service is running.`);
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return parts('The API host could not be found', `The name ${host} did not resolve. Check the URL or the Base URL for typos.`);
		case 'ETIMEDOUT':
			return parts(
				`The API did not answer within ${error.timeout ?? 0} ms`,
				'Raise Timeout in the node options, or check whether the service is slow or down.',
			);
		case 'ECONNRESET':
		case 'EPIPE':
			return parts('The API closed the connection', 'The connection was dropped before an answer arrived. Retry later.');
		case 'EMAXREDIRECTS':
			return parts(
				`The API redirected more than Max Redirects (${error.detail ?? 0}) allows`,
				'Raise Max Redirects in the node options, or call the final URL directly.',
			);
		case 'EREDIRECTLEAK':
			return parts(
				'A redirect to another origin was refused',
				`The API redirected to ${host} with the key in the new address, so the redirect was not followed. Call the final URL directly.`,
			);
		case 'EREDIRECTBODY':
			return parts(
				`The API redirected the request (${error.detail ?? 'redirect'}) to a GET, which cannot carry the key in its body`,
				'The key goes into the request body, but the redirect turns the request into one without a body. Call the address the API redirects to directly (see the Location header with Never Error and Full Response on), or choose a placement other than Body Field.',
			);
		case 'ETOOLARGE':
			return parts(
				`The API's answer is larger than Max Response Size (${Math.round((error.detail ?? 0) / 1048576)} MB)`,
				'Raise Max Response Size in the node options if the answer is meant to be this large, or ask the API for less (pagination, filters).',
			);
		case 'ERR_CANCELED':
			return parts('The request was cancelled', 'The execution was stopped while the request was under way.');
		default:
			if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED/i.test(error.code)) {
				return parts("The API's TLS certificate could not be verified", `The connection to ${host} is not trusted. Check the URL and the service's certificate.`);
			}
			return parts(`The request failed (${error.code})`, `The request to ${host} failed before an answer arrived.`);
	}
}

/** Max Total Wait used up: the waits the API asked for add up to more than the request may wait. */
function budgetParts(error: WaitBudgetError): Parts {
	const status = error.response?.statusCode;
	const waits = `${error.waits} time${error.waits === 1 ? '' : 's'}`;
	return {
		kind: 'api',
		message: `The request waited ${formatWait(error.spentMs)} for the API's rate limit, and another ${formatWait(error.waitMs)} would exceed Max Total Wait (${formatWait(error.totalMs)})`,
		description: [
			`The API kept the key waiting (Retry-After, quota resets, backoff) ${waits} for this request${status ? `; its last answer was ${status}` : ''}.`,
			'Raise Max Total Wait under Options > Retry to wait longer, lower the request rate under Options > Rate Limit, or run the workflow later.',
		].join(' '),
		httpCode: status,
	};
}

function partsOf(error: unknown, context: ErrorContext): Parts {
	if (error instanceof FailedAnswer) return answerParts(error, context);
	if (error instanceof ExplainedError) return { kind: 'operation', message: error.message, description: error.description };
	if (error instanceof RedactionDepthError) {
		return { kind: 'operation', message: `The API answer is nested too deeply to check it for the key`, description: 'Answers nested more than 2000 levels deep are refused. Set Response Format to File to keep the answer as a file.' };
	}
	if (error instanceof TransportError) return transportParts(error);
	if (error instanceof RetriesExhaustedError) {
		const parts = transportParts(error.failure);
		return {
			...parts,
			message: `${parts.message}, gave up after ${retriesText(error.retries)}`,
			description: `The request failed every time (${retriesText(error.retries)}). Raise Max Retries or Max Total Wait under Options > Retry if the API needs longer to recover.\n${parts.description}`,
		};
	}
	if (error instanceof WaitBudgetError) return budgetParts(error);
	if (error instanceof WaitTooLongError) {
		const hint = `Raise Max Wait (now ${formatWait(error.maxWaitMs)}) under Options > Retry to wait that long, or lower the request rate under Options > Rate Limit.`;
		if (error.response) {
			const parts = statusParts(error.response, context);
			return {
				...parts,
				message: `${parts.message}: the API asks to wait ${formatWait(error.waitMs)}, longer than Max Wait`,
				description: `${hint}\n${parts.description}`,
			};
		}
		return { kind: 'api', message: `The key's quota is used up for another ${formatWait(error.waitMs)}, longer than Max Wait`, description: hint };
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		return {
			kind: error instanceof NodeApiError ? 'api' : 'operation',
			message: error.message,
			description: error.description ?? undefined,
			httpCode: error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : undefined,
		};
	}
	return { kind: 'operation', message: error instanceof Error ? error.message : String(error) };
}

/** Every error a request can end in, as a new n8n error whose text and context carry no secret. */
export function toNodeError(error: unknown, context: ErrorContext): NodeApiError | NodeOperationError {
	return build(partsOf(error, context), context);
}
