import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Redactor } from '../../../shared/redaction';
import type { RawResponse } from '../transport/types';
import { httpStatusError } from './errors';

export interface ResponseOptions {
	responseFormat: 'autodetect' | 'json' | 'text' | 'file';
	fullResponse: boolean;
	neverError: boolean;
	splitAtPath: string;
	outputPropertyName: string;
}

export function readResponseOptions(options: IDataObject): ResponseOptions {
	return {
		responseFormat: (options.responseFormat as ResponseOptions['responseFormat']) ?? 'autodetect',
		fullResponse: options.fullResponse === true,
		neverError: options.neverError === true,
		splitAtPath: String(options.splitAtPath ?? '').trim(),
		outputPropertyName: String(options.outputPropertyName || 'data'),
	};
}

function header(response: RawResponse, name: string): string {
	const value = response.headers[name];
	return (Array.isArray(value) ? value[0] : value) ?? '';
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
	const last = URL.canParse(response.url)
		? new URL(response.url).pathname.split('/').filter(Boolean).pop()
		: undefined;
	return last ?? 'response';
}

function getPath(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((current, segment) => {
		if (current === null || typeof current !== 'object') return undefined;
		return (current as Record<string, unknown>)[segment];
	}, value);
}

function asJson(value: unknown, fallbackName = 'data'): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: { [fallbackName]: value as IDataObject[keyof IDataObject] };
}

/**
 * Turns one response into output items: decoded by format, split at a path when asked, and with
 * every secret masked. Non-2xx answers throw unless Never Error is on.
 */
export async function responseToItems(
	ctx: IExecuteFunctions,
	response: RawResponse,
	options: ResponseOptions,
	redactor: Redactor,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const failed = response.statusCode >= 400 || response.statusCode < 200;
	if (failed && !options.neverError) throw httpStatusError(ctx.getNode(), response, redactor, itemIndex);

	const revealing = redactor.revealsInBuffer(response.body);
	const bodyBytes = revealing ? redactor.buffer(response.body) : response.body;
	const format = options.responseFormat === 'autodetect' ? detectFormat(response) : options.responseFormat;
	const pairedItem = { item: itemIndex };

	let body: unknown;
	let binary: IBinaryKeyData | undefined;
	if (format === 'file') {
		const mimeType = header(response, 'content-type').split(';')[0] || 'application/octet-stream';
		binary = {
			[options.outputPropertyName]: await ctx.helpers.prepareBinaryData(bodyBytes, fileNameOf(response), mimeType),
		};
	} else if (format === 'json' && bodyBytes.length > 0) {
		try {
			body = JSON.parse(bodyBytes.toString('utf8')) as unknown;
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'The API answer is not valid JSON', {
				description: `Status ${response.statusCode}, content type "${redactor.text(header(response, 'content-type')) || 'none'}". Set Response Format to Text in the node options to see the raw answer.`,
				itemIndex,
			});
		}
	} else {
		body = format === 'json' ? {} : bodyBytes.toString('utf8');
	}

	if (options.fullResponse) {
		const json: IDataObject = {
			statusCode: response.statusCode,
			statusMessage: redactor.text(response.statusMessage),
			headers: redactor.deep(response.headers) as IDataObject,
		};
		if (format !== 'file') json.body = body as IDataObject;
		return [{ json, binary, pairedItem }];
	}
	if (format === 'file') return [{ json: {}, binary, pairedItem }];

	const records = options.splitAtPath ? getPath(body, options.splitAtPath) : body;
	if (options.splitAtPath && !Array.isArray(records)) {
		throw new NodeOperationError(ctx.getNode(), `The response has no array at "${options.splitAtPath}"`, {
			description: 'Check the Split Into Items path against the API answer, e.g. data.items.',
			itemIndex,
		});
	}
	if (Array.isArray(records) && records.length > 0) {
		const name = options.splitAtPath.split('.').pop() || 'data';
		return records.map((record) => ({ json: asJson(record, name), pairedItem }));
	}
	return [{ json: Array.isArray(body) ? {} : asJson(body), pairedItem }];
}
