import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { defaultOf } from '../descriptions/defaults';
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

function parseJsonBody(ctx: IExecuteFunctions, read: ReadParameter, itemIndex: number): unknown {
	const raw = read<unknown>('jsonBody', itemIndex, '');
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

async function buildBody(ctx: IExecuteFunctions, read: ReadParameter, itemIndex: number): Promise<RequestBody | undefined> {
	if (!read<boolean>('sendBody', itemIndex, false)) return undefined;
	const contentType = read<string>('contentType', itemIndex, 'json');
	switch (contentType) {
		case 'json': {
			const specify = read<string>('specifyBody', itemIndex, 'keypair');
			if (specify === 'json') return { kind: 'json', value: parseJsonBody(ctx, read, itemIndex) };
			return { kind: 'json', value: Object.fromEntries(pairs(read, 'bodyParameters', itemIndex)) };
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
		headers: sendHeaders ? Object.fromEntries(pairs(read, 'headerParameters', itemIndex)) : {},
		body: await buildBody(ctx, read, itemIndex),
		...readTransferSettings(read, itemIndex),
	};
}
