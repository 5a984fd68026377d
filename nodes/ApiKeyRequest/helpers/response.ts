import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryData, IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Redactor } from '../../../shared/redaction';
import { headerValue } from '../../../shared/text';
import { parseUrl } from '../../../shared/url';
import { ownRecord } from '../../../shared/objects';
import { isMediaType } from '../transport/multipart';
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

/** `%XX` sequences decoded where they form UTF-8; anything else is kept as it is. */
function percentDecoded(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/**
 * The file name from Content-Disposition: `filename*=UTF-8''…` (RFC 6266/8187, percent-encoded)
 * wins over a plain `filename="…"`, which is taken literally (so `100%.csv` stays `100%.csv`).
 */
export function fileNameOf(response: Pick<RawResponse, 'headers' | 'url'>): string {
	const disposition = headerValue(response.headers, 'content-disposition') ?? '';
	const extended = /filename\*\s*=\s*([^;]+)/i.exec(disposition);
	if (extended) {
		const value = extended[1].trim().replace(/^"(.*)"$/, '$1');
		const parts = /^([^']*)'[^']*'(.*)$/.exec(value);
		const name = percentDecoded(parts ? parts[2] : value);
		if (name !== '') return name;
	}
	const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(disposition);
	if (plain) {
		const name = (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]).trim();
		if (name !== '') return name;
	}
	const last = parseUrl(response.url)?.pathname.split('/').filter(Boolean).pop();
	return last ? percentDecoded(last) : 'response';
}

function asJson(value: unknown, fallbackName = 'data'): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: (ownRecord([[fallbackName, value]]) as IDataObject);
}

export interface DecodedResponse {
	format: 'json' | 'text' | 'file';
	/** The parsed body (JSON, text) with every secret masked; undefined for files. */
	body: unknown;
	/**
	 * The parsed body as the API sent it, for the node's own decisions that no one sees (where the
	 * next page is). Never output, never shown in an error.
	 */
	raw: unknown;
	/** The response headers, masked: what Full Response shows and pagination rules read. */
	headers: Record<string, string | string[] | undefined>;
	statusMessage: string;
	binary?: IBinaryKeyData;
	/** Masks a piece of `raw` the way `body` was masked. */
	mask: <T>(value: T) => T;
}

const BOM = '\uFEFF';

/**
 * Decodes a response by format and masks every secret in what the node will show: decoded JSON
 * values and keys, decoded text, file bytes and file metadata, headers and status text. The one
 * place an answer becomes output.
 */
export async function decodeResponse(
	ctx: IExecuteFunctions,
	response: RawResponse,
	options: ResponseOptions,
	redactor: Redactor,
	itemIndex: number,
): Promise<DecodedResponse> {
	const format = options.responseFormat === 'autodetect' ? detectFormat(response) : options.responseFormat;
	const shown = {
		headers: redactor.deep(response.headers),
		statusMessage: redactor.text(response.statusMessage),
		mask: redactor.deep,
	};
	if (format === 'file') {
		const contentType = header(response, 'content-type').split(';')[0].trim();
		const mimeType = redactor.text(isMediaType(contentType) ? contentType : 'application/octet-stream');
		const binary = await ctx.helpers.prepareBinaryData(redactor.buffer(response.body), redactor.text(fileNameOf(response)), mimeType);
		return { format, body: undefined, raw: undefined, ...shown, binary: ownRecord([[options.outputPropertyName, maskMetadata(binary, redactor)]]) };
	}
	let text = response.body.toString('utf8');
	if (text.startsWith(BOM)) text = text.slice(1);
	if (format === 'json') {
		if (text.trim() === '') return { format, body: {}, raw: {}, ...shown };
		let raw: unknown;
		try {
			raw = JSON.parse(text) as unknown;
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'The API answer is not valid JSON', {
				description: `Status ${response.statusCode}, content type "${redactor.text(header(response, 'content-type')) || 'none'}". Set Response Format to Text in the node options to see the raw answer.`,
				itemIndex,
			});
		}
		return { format, body: redactor.json(raw, text), raw, ...shown };
	}
	return { format, body: redactor.text(text), raw: text, ...shown };
}

/** The binary data's own fields (file name, extension, MIME type, directory), masked. */
function maskMetadata(binary: IBinaryData, redactor: Redactor): IBinaryData {
	const masked = { ...binary };
	for (const field of ['fileName', 'fileExtension', 'mimeType', 'directory'] as const) {
		const value = masked[field];
		if (typeof value === 'string') masked[field] = redactor.text(value);
	}
	return masked;
}

/** The value at a path of the masked body; when a masked field name hides it, the raw value, masked. */
function recordsAt(decoded: DecodedResponse, path: string): unknown {
	const masked = getPath(decoded.body, path);
	if (masked !== undefined || decoded.raw === decoded.body) return masked;
	const raw = getPath(decoded.raw, path);
	return raw === undefined ? undefined : decoded.mask(raw);
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
	const records = options.splitAtPath ? recordsAt(decoded, options.splitAtPath) : decoded.body;
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
			statusMessage: decoded.statusMessage,
			headers: decoded.headers as IDataObject,
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
