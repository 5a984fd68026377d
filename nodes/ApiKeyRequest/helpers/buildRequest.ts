import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import type { MultipartPart, PreparedRequest, RequestBody } from '../transport/types';

interface NameValue {
	name?: string;
	value?: unknown;
}

function pairs(ctx: IExecuteFunctions, parameter: string, itemIndex: number): Array<[string, string]> {
	const collection = ctx.getNodeParameter(parameter, itemIndex, {}) as { parameters?: NameValue[] };
	return (collection.parameters ?? [])
		.filter((entry) => (entry.name ?? '').trim() !== '')
		.map((entry) => [String(entry.name).trim(), stringify(entry.value)]);
}

function stringify(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Repeated names become arrays, the way most APIs read `?tag=a&tag=b`. */
function toQuery(entries: Array<[string, string]>): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [name, value] of entries) {
		const existing = query[name];
		if (existing === undefined) query[name] = value;
		else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return query;
}

function parseJsonBody(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const raw = ctx.getNodeParameter('jsonBody', itemIndex, '') as unknown;
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
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	return { data, fileName: binary.fileName ?? field, mimeType: binary.mimeType || 'application/octet-stream' };
}

async function buildBody(ctx: IExecuteFunctions, itemIndex: number): Promise<RequestBody | undefined> {
	if (!(ctx.getNodeParameter('sendBody', itemIndex, false) as boolean)) return undefined;
	const contentType = ctx.getNodeParameter('contentType', itemIndex, 'json') as string;
	switch (contentType) {
		case 'json': {
			const specify = ctx.getNodeParameter('specifyBody', itemIndex, 'keypair') as string;
			if (specify === 'json') return { kind: 'json', value: parseJsonBody(ctx, itemIndex) };
			return { kind: 'json', value: Object.fromEntries(pairs(ctx, 'bodyParameters', itemIndex)) };
		}
		case 'form-urlencoded':
			return { kind: 'form', fields: pairs(ctx, 'bodyParameters', itemIndex) };
		case 'multipart-form-data': {
			const collection = ctx.getNodeParameter('multipartParameters', itemIndex, {}) as {
				parameters?: Array<NameValue & { parameterType?: string; inputDataFieldName?: string }>;
			};
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
				data: ctx.getNodeParameter('rawBody', itemIndex, '') as string,
				contentType: ctx.getNodeParameter('rawContentType', itemIndex, 'text/plain') as string,
			};
		case 'binaryData': {
			const file = await readBinary(ctx, itemIndex, ctx.getNodeParameter('inputDataFieldName', itemIndex, 'data') as string);
			return { kind: 'raw', data: file.data, contentType: file.mimeType };
		}
		default:
			throw new NodeOperationError(ctx.getNode(), `Unknown body content type "${contentType}"`, { itemIndex });
	}
}

/** The request one item describes, read from the node's parameters (expressions resolved). */
export async function buildRequest(ctx: IExecuteFunctions, itemIndex: number): Promise<PreparedRequest> {
	// Option by option: the Options collection also holds the pagination Complete Expression,
	// which refers to $response and only makes sense per page.
	const option = (name: string, fallback: unknown) => ctx.getNodeParameter(`options.${name}`, itemIndex, fallback);
	const url = String(ctx.getNodeParameter('url', itemIndex, '') ?? '').trim();
	const sendQuery = ctx.getNodeParameter('sendQuery', itemIndex, false) as boolean;
	const sendHeaders = ctx.getNodeParameter('sendHeaders', itemIndex, false) as boolean;
	return {
		method: ctx.getNodeParameter('method', itemIndex, 'GET') as IHttpRequestMethods,
		url,
		qs: sendQuery ? toQuery(pairs(ctx, 'queryParameters', itemIndex)) : {},
		headers: sendHeaders ? Object.fromEntries(pairs(ctx, 'headerParameters', itemIndex)) : {},
		body: await buildBody(ctx, itemIndex),
		timeout: Number(option('timeout', 300000)),
		followRedirects: option('followRedirects', true) !== false,
		maxRedirects: Number(option('maxRedirects', 10)),
	};
}
