/**
 * Reads the node's parameters into settings, each with the default from ../defaults.ts. The only
 * module that knows parameter names and where a value is missing.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

import { isEnvironment } from '../../../shared/key/lifecycle';
import type { Environment } from '../../../shared/types';
import { defaultOf } from '../descriptions/defaults';
import type { PacerSettings } from '../pacing/pacer';
import { defaultRetrySettings, parseStatusList, type RetrySettings } from '../transport/retryDecision';
import { compileCondition, type Condition } from './condition';
import type { ReadParameter } from './parameters';
import type { PaginationMode, PaginationSettings } from './pagination';
import type { ResponseOptions } from './response';

/** Settings that hold for the whole node run, read from the first item. */
export interface RunSettings {
	environment: Environment;
	pacing: PacerSettings;
	retry: RetrySettings;
	/** Where each item gets the quota state; undefined when Include Quota State is off. */
	quotaField?: string;
}

/**
 * Reads `options.<path>` for an item, falling back to its default. Option by option, never the
 * whole collection: it holds the pagination settings, whose Complete Expression refers to
 * $response and is only read per page.
 */
function option<T extends NodeParameterValueType>(read: ReadParameter, path: string, itemIndex: number): T {
	return read<T>(`options.${path}`, itemIndex, defaultOf<T>(`options.${path}`));
}

/** The values of a fixed collection with a single group, each falling back to its default. */
function group(read: ReadParameter, path: string, itemIndex: number): (name: string) => unknown {
	const values = read<IDataObject>(`options.${path}`, itemIndex, {}) ?? {};
	return (name) => values[name] ?? defaultOf(`options.${path}.${name}`);
}

const whole = (value: unknown, fallback: number, min: number) => {
	const number = Math.floor(Number(value));
	return Number.isFinite(number) ? Math.max(min, number) : fallback;
};

function readEnvironment(ctx: IExecuteFunctions, read: ReadParameter): Environment {
	// Options > Environment, or where workflows saved before it moved keep it.
	const value = read.present('options.environment')
		? read<unknown>('options.environment', 0, defaultOf('options.environment'))
		: read<unknown>('environment', 0, defaultOf('environment'));
	if (!isEnvironment(value)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown environment "${String(value)}"`, {
			description: 'Set Environment to Live or Test.',
		});
	}
	return value;
}

export function readRunSettings(ctx: IExecuteFunctions, read: ReadParameter): RunSettings {
	const limit = group(read, 'rateLimit.limit', 0);
	const retry = group(read, 'retry.retry', 0);
	const maxRequests = whole(limit('maxRequests'), 0, 0);
	return {
		environment: readEnvironment(ctx, read),
		pacing: {
			maxConcurrent: whole(limit('maxConcurrent'), 1, 1),
			maxRequests,
			intervalMs: maxRequests > 0 ? (limit('period') === 'minute' ? 60_000 : 1000) : 0,
		},
		retry: defaultRetrySettings({
			maxRetries: whole(retry('maxRetries'), 0, 0),
			maxWaitMs: Math.max(0, Number(retry('maxWait')) || 0) * 1000,
			retryStatuses: parseStatusList(String(retry('retryOnStatus') ?? '')),
			retryOnTimeout: retry('retryOnTimeout') === true,
		}),
		quotaField: option<boolean>(read, 'includeQuota', 0)
			? String(option<string>(read, 'quotaField', 0) || defaultOf('options.quotaField'))
			: undefined,
	};
}

/** What the request of an item does besides its method, URL, parameters and body. */
export interface TransferSettings {
	timeout: number;
	followRedirects: boolean;
	maxRedirects: number;
	maxResponseBytes: number;
}

const MB = 1024 * 1024;

export function readTransferSettings(read: ReadParameter, itemIndex: number): TransferSettings {
	return {
		timeout: whole(option(read, 'timeout', itemIndex), defaultOf('options.timeout'), 1),
		followRedirects: option(read, 'followRedirects', itemIndex) !== false,
		maxRedirects: whole(option(read, 'maxRedirects', itemIndex), defaultOf('options.maxRedirects'), 0),
		maxResponseBytes: Math.max(1, Number(option(read, 'maxResponseSizeMb', itemIndex)) || defaultOf<number>('options.maxResponseSizeMb')) * MB,
	};
}

export function readResponseOptions(read: ReadParameter, itemIndex: number): ResponseOptions {
	return {
		responseFormat: option<string>(read, 'responseFormat', itemIndex) as ResponseOptions['responseFormat'],
		fullResponse: option(read, 'fullResponse', itemIndex) === true,
		neverError: option(read, 'neverError', itemIndex) === true,
		splitAtPath: String(option(read, 'splitAtPath', itemIndex) ?? '').trim(),
		outputPropertyName: String(option(read, 'outputPropertyName', itemIndex) || defaultOf('options.outputPropertyName')),
	};
}

const PAGINATION = 'pagination.pagination';

export interface PaginationOptions {
	settings: PaginationSettings;
	condition?: Condition;
}

/** The item's pagination settings, or undefined when Pagination is not set. */
export function readPagination(ctx: IExecuteFunctions, read: ReadParameter, itemIndex: number): PaginationOptions | undefined {
	// Whether the option is there at all, without resolving the Complete Expression in it.
	if (!read.present(`options.${PAGINATION}`)) return undefined;
	const field = (name: string): unknown => option(read, `${PAGINATION}.${name}`, itemIndex);
	const name = (key: string) => String(field(key) ?? '').trim();
	const settings: PaginationSettings = {
		mode: field('paginationMode') as PaginationMode,
		nextUrlPath: name('nextUrlPath'),
		cursorPath: name('cursorPath'),
		cursorParameter: name('cursorParameter'),
		pageParameter: name('pageParameter'),
		firstPage: Number(field('firstPage')),
		offsetParameter: name('offsetParameter'),
		limitParameter: name('limitParameter'),
		pageSizeParameter: name('pageSizeParameter'),
		pageSize: whole(field('pageSize'), defaultOf(`options.${PAGINATION}.pageSize`), 1),
		parameterLocation: field('parameterLocation') === 'body' ? 'body' : 'query',
		maxPages: whole(field('maxPages'), 0, 0),
		stopWhenEmpty: field('stopWhenEmpty') !== false,
	};
	const raw = ctx.getNodeParameter(`options.${PAGINATION}.completeExpression`, itemIndex, '', {
		rawExpressions: true,
	}) as unknown;
	const source = typeof raw === 'string' ? raw.trim() : '';
	let condition: Condition | undefined;
	if (source !== '' && source !== '=') {
		try {
			condition = compileCondition(source);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `Complete Expression: ${(error as Error).message}`, {
				description:
					'It is evaluated for every page and can use $response.body, $response.headers, $response.statusCode, $pageCount and $json, with comparisons (=== !== < <= > >=), &&, || and !. Example: {{ $response.body.has_more === false }}',
				itemIndex,
			});
		}
	}
	return { settings, condition };
}
