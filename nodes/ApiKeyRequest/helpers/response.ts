import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Redactor } from '../../../shared/redaction';
import { headerValue } from '../../../shared/text';
import { parseUrl } from '../../../shared/url';
import type { RawResponse } from '../transport/types';
import { getPath } from './pagination';

export interface ResponseOptions {
	responseFormat: 'autodetect' | 'json' | 'text' | 'file';
	fullResponse: boolean;
	neverError: boolean;
	splitAtPath: string;
	outputPropertyName: string;
}

function header(response: RawResponse, name: string): string {
	return headerValue(response.headers, name) ?? '';
}

function detectFormat(response: RawResponse): 'json' | 'text' | 'file' {
	const type = header(response, 'content-type').toLowerCase();
	if (/[/+]json\b/.test(type)) return 'json';
	if (type === '' || type.startsWith('text/') || /xml|javascript|x-www-form-urlencoded/.test(type)) return 'text';
	return 'file';
}

function fileNameOf(response: RawResponse): string {
	const disposition = header(response, 'content-disposition');
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
	if (match) return decodeURIComponent(match[1]);
	const last = parseUrl(response.url)?.pathname.split('/').filter(Boolean).pop();
	return last ?? 'response';
}

function asJson(value: unknown, fallbackName = 'data'): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: { [fallbackName]: value as IDataObject[keyof IDataObject] };
}

export interface DecodedResponse {
	format: 'json' | 'text' | 'file';
	/** The parsed body (JSON, text), undefined for files */
	body: unknown;
	binary?: IBinaryKeyData;
}

/** Decodes a response by format, with every secret masked. */
export async function decodeResponse(
	ctx: IExecuteFunctions,
	response: RawResponse,
	options: ResponseOptions,
	redactor: Redactor,
	itemIndex: number,
): Promise<DecodedResponse> {
	const revealing = redactor.revealsInBuffer(response.body);
	const bodyBytes = revealing ? redactor.buffer(response.body) : response.body;
	const format = options.responseFormat === 'autodetect' ? detectFormat(response) : options.responseFormat;

	if (format === 'file') {
		const mimeType = header(response, 'content-type').split(';')[0] || 'application/octet-stream';
		return {
			format,
			body: undefined,
			binary: {
				[options.outputPropertyName]: await ctx.helpers.prepareBinaryData(bodyBytes, fileNameOf(response), mimeType),
			},
		};
	}
	if (format === 'json' && bodyBytes.length > 0) {
		try {
			return { format, body: JSON.parse(bodyBytes.toString('utf8')) as unknown };
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'The API answer is not valid JSON', {
				description: `Status ${response.statusCode}, content type "${redactor.text(header(response, 'content-type')) || 'none'}". Set Response Format to Text in the node options to see the raw answer.`,
				itemIndex,
			});
		}
	}
	return { format, body: format === 'json' ? {} : bodyBytes.toString('utf8') };
}

/** The records a decoded page holds: the array at Split Into Items, a top-level array, or none. */
export function recordsOf(
	ctx: IExecuteFunctions,
	decoded: DecodedResponse,
	options: ResponseOptions,
	itemIndex: number,
	allowMissing: boolean,
): unknown[] | undefined {
	if (decoded.format === 'file') return undefined;
	const records = options.splitAtPath ? getPath(decoded.body, options.splitAtPath) : decoded.body;
	if (options.splitAtPath && !Array.isArray(records)) {
		if (allowMissing && (records === undefined || records === null)) return [];
		throw new NodeOperationError(ctx.getNode(), `The response has no array at "${options.splitAtPath}"`, {
			description: 'Check the Split Into Items path against the API answer, e.g. data.items.',
			itemIndex,
		});
	}
	return Array.isArray(records) ? records : undefined;
}

/**
 * Output items for one decoded response. `page` is for pagination: a page without records adds
 * no item, where a single answer still becomes one item.
 */
export function decodedToItems(
	ctx: IExecuteFunctions,
	response: RawResponse,
	decoded: DecodedResponse,
	options: ResponseOptions,
	redactor: Redactor,
	itemIndex: number,
	page = false,
): { items: INodeExecutionData[]; records: number } {
	const pairedItem = { item: itemIndex };
	const { format, body, binary } = decoded;
	if (options.fullResponse) {
		const json: IDataObject = {
			statusCode: response.statusCode,
			statusMessage: redactor.text(response.statusMessage),
			headers: redactor.deep(response.headers) as IDataObject,
		};
		if (format !== 'file') json.body = body as IDataObject;
		const records = page ? (recordsOf(ctx, decoded, options, itemIndex, true)?.length ?? (isEmptyBody(body) ? 0 : 1)) : 1;
		return { items: page && records === 0 ? [] : [{ json, binary, pairedItem }], records };
	}
	if (format === 'file') return { items: [{ json: {}, binary, pairedItem }], records: 1 };

	const records = recordsOf(ctx, decoded, options, itemIndex, page);
	if (records && records.length > 0) {
		const name = options.splitAtPath.split('.').pop() || 'data';
		const items: INodeExecutionData[] = new Array(records.length);
		for (let index = 0; index < records.length; index++) {
			items[index] = { json: asJson(records[index], name), pairedItem };
		}
		return { items, records: records.length };
	}
	if (page && (records !== undefined || isEmptyBody(body))) return { items: [], records: 0 };
	return { items: [{ json: Array.isArray(body) ? {} : asJson(body), pairedItem }], records: records ? 0 : 1 };
}

function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null || body === '') return true;
	if (Array.isArray(body)) return body.length === 0;
	return typeof body === 'object' && Object.keys(body).length === 0;
}
