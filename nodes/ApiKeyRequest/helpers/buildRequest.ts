import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { RequestInputError } from '../../../shared/errors';
import { isSendableHeaderName } from '../../../shared/key/config';
import { hasOwn, ownRecord, setOwn } from '../../../shared/objects';
import { defaultOf } from '../descriptions/defaults';
import { isMediaType } from '../transport/multipart';
import type { MultipartPart, PreparedRequest, RequestBody } from '../transport/types';
import type { ReadParameter } from './parameters';
import { readTransferSettings } from './settings';

interface NameValue {
	name?: string;
	value?: unknown;
}

function pairs(read: ReadParameter, parameter: string, itemIndex: number): Array<[string, string]> {
	const collection = read<{ parameters?: NameValue[] }>(parameter, itemIndex, {});
	return (collection.parameters ?? [])
		.filter((entry) => String(entry.name ?? '').trim() !== '')
		.map((entry) => [String(entry.name).trim(), stringify(entry.value)]);
}

function stringify(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'object') return String(value);
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		text = undefined;
	}
	if (text === undefined) throw new RequestInputError('A parameter value is an object that refers to itself', 'Use a plain value, or build it with an Edit Fields node.');
	return text;
}

/** Repeated names become arrays, the way most APIs read `?tag=a&tag=b`. */
function toQuery(entries: Array<[string, string]>): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [name, value] of entries) {
		const existing = hasOwn(query, name) ? query[name] : undefined;
		setOwn(query, name, existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]);
	}
	return query;
}

/**
 * The request's own headers. A name must be a header token; a value may not hold a line break
 * or anything Node.js refuses in a header: both fail with an error naming the header, instead of
 * an opaque error from the HTTP client or a silently altered value.
 */
function toHeaders(entries: Array<[string, string]>): Record<string, string> {
	for (const [name, value] of entries) {
		if (!isSendableHeaderName(name)) {
			throw new RequestInputError(
				`"${name.replace(/[\r\n]/g, ' ')}" is not a valid header name`,
				"Header names are letters, digits and ! # $ % & ' * + - . ^ _ ` | ~, with no spaces, colons or line breaks; n8n's HTTP client cannot send a few names such as get, post or constructor. Fix the name under Send Headers.",
			);
		}
		if (/[\r\n\0]/.test(value) || /[^\t\x20-\xff]/.test(value)) {
			throw new RequestInputError(
				`The value of the header "${name}" contains a line break or a character headers cannot carry`,
				'Remove line breaks and control characters from the value under Send Headers (characters beyond Latin-1 must be encoded, e.g. percent-encoded, as the API documents).',
			);
		}
	}
	return ownRecord(entries);
}

function parseJsonBody(ctx: IExecuteFunctions, read: ReadParameter, itemIndex: number): unknown {
	let raw: unknown;
	let failure: unknown;
	try {
		raw = read<unknown>('jsonBody', itemIndex, '');
	} catch (error) {
		failure = error;
	}
	// n8n copies what an expression returns; an object that contains itself never ends.
	if (failure instanceof RangeError) {
		throw new NodeOperationError(ctx.getNode(), 'The JSON body refers to itself, so it cannot be sent', {
			description: 'The expression in the JSON field returns an object that contains itself. Return plain values, e.g. built with an Edit Fields node.',
			itemIndex,
		});
	}
	if (failure !== undefined) throw failure;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return {};
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), 'The JSON body is not valid JSON', {
			description: `Fix the JSON field: ${(error as Error).message}`,
			itemIndex,
		});
	}
}

async function readBinary(ctx: IExecuteFunctions, itemIndex: number, field: string) {
	const binary = ctx.getInputData()[itemIndex]?.binary?.[field];
	if (!binary) {
		throw new NodeOperationError(ctx.getNode(), `The input item has no binary field "${field}"`, {
			description: 'Set Input Data Field Name to the name of a binary field of the incoming item.',
			itemIndex,
		});
	}
	const mimeType = binary.mimeType || 'application/octet-stream';
	if (!isMediaType(mimeType)) {
		throw new NodeOperationError(ctx.getNode(), `The binary field "${field}" has an invalid MIME type`, {
			description: 'A MIME type looks like text/plain or application/pdf, without line breaks. Fix the binary data of the input item.',
			itemIndex,
		});
	}
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	return { data, fileName: binary.fileName ?? field, mimeType };
}

async function buildBody(ctx: IExecuteFunctions, read: ReadParameter, itemIndex: number): Promise<RequestBody | undefined> {
	if (!read<boolean>('sendBody', itemIndex, false)) return undefined;
	const contentType = read<string>('contentType', itemIndex, 'json');
	switch (contentType) {
		case 'json': {
			const specify = read<string>('specifyBody', itemIndex, 'keypair');
			if (specify === 'json') return { kind: 'json', value: parseJsonBody(ctx, read, itemIndex) };
			return { kind: 'json', value: ownRecord(pairs(read, 'bodyParameters', itemIndex)) };
		}
		case 'form-urlencoded':
			return { kind: 'form', fields: pairs(read, 'bodyParameters', itemIndex) };
		case 'multipart-form-data': {
			const collection = read<{
				parameters?: Array<NameValue & { parameterType?: string; inputDataFieldName?: string }>;
			}>('multipartParameters', itemIndex, {});
			const parts: MultipartPart[] = [];
			for (const entry of collection.parameters ?? []) {
				const name = String(entry.name ?? '').trim();
				if (name === '') continue;
				if (entry.parameterType === 'formBinaryData') {
					const file = await readBinary(ctx, itemIndex, String(entry.inputDataFieldName || 'data'));
					parts.push({ kind: 'file', name, ...file });
				} else {
					parts.push({ kind: 'field', name, value: stringify(entry.value) });
				}
			}
			return { kind: 'multipart', parts };
		}
		case 'raw':
			return {
				kind: 'raw',
				data: read<string>('rawBody', itemIndex, ''),
				contentType: read<string>('rawContentType', itemIndex, 'text/plain'),
			};
		case 'binaryData': {
			const file = await readBinary(ctx, itemIndex, read<string>('inputDataFieldName', itemIndex, 'data'));
			return { kind: 'raw', data: file.data, contentType: file.mimeType };
		}
		default:
			throw new NodeOperationError(ctx.getNode(), `Unknown body content type "${contentType}"`, { itemIndex });
	}
}

/** The request one item describes, read from the node's parameters (expressions resolved). */
export async function buildRequest(ctx: IExecuteFunctions, itemIndex: number, read: ReadParameter): Promise<PreparedRequest> {
	const url = String(read<unknown>('url', itemIndex, '') ?? '').trim();
	const sendQuery = read<boolean>('sendQuery', itemIndex, false);
	const sendHeaders = read<boolean>('sendHeaders', itemIndex, false);
	return {
		method: read('method', itemIndex, defaultOf<string>('method')) as IHttpRequestMethods,
		url,
		qs: sendQuery ? toQuery(pairs(read, 'queryParameters', itemIndex)) : {},
		headers: sendHeaders ? toHeaders(pairs(read, 'headerParameters', itemIndex)) : {},
		body: await buildBody(ctx, read, itemIndex),
		...readTransferSettings(read, itemIndex),
		skipTlsVerification: read<boolean>('options.allowUnauthorizedCerts', itemIndex, false) === true,
	};
}
