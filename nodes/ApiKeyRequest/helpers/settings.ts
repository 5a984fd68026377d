/**
 * Reads the node's parameters into settings, each with the default from ../defaults.ts. The only
 * module that knows parameter names and where a value is missing.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

import { isEnvironment } from '../../../shared/key/lifecycle';
import type { Environment } from '../../../shared/types';
import { defaultOf } from '../descriptions/defaults';
import { MAX_TIMER_MS, type PacerSettings } from '../pacing/pacer';
import { parseStatusList, retrySettings, type RetryOptions, type RetrySettings } from '../transport/retryDecision';
import { readStopRules, type StopRule } from './condition';
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
 * whole collection: a workflow saved with the old Complete Expression still holds it, and an
 * expression that refers to $response cannot be resolved by n8n.
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

/** Options > Retry, each falling back to the default its description gives. */
function readRetry(retry: (name: string) => unknown): RetryOptions {
	const seconds = (value: unknown) => Math.max(0, Number(value) || 0) * 1000;
	return {
		maxRetries: whole(retry('maxRetries'), 0, 0),
		maxWaitMs: seconds(retry('maxWait')),
		maxTotalWaitMs: seconds(retry('maxTotalWait')),
		retryStatuses: parseStatusList(String(retry('retryOnStatus') ?? '')),
		retryOnTimeout: retry('retryOnTimeout') === true,
	};
}

/** The retry settings a node run gets when Options > Retry is not set (for tests). */
export function defaultRetrySettings(overrides: Partial<RetrySettings> = {}): RetrySettings {
	return { ...retrySettings(readRetry((name) => defaultOf(`options.retry.retry.${name}`))), ...overrides };
}

export function readRunSettings(ctx: IExecuteFunctions, read: ReadParameter): RunSettings {
	const limit = group(read, 'rateLimit.limit', 0);
	const maxRequests = whole(limit('maxRequests'), 0, 0);
	const maxConcurrent = whole(limit('maxConcurrent'), 1, 1);
	return {
		environment: readEnvironment(ctx, read),
		pacing: {
			maxConcurrent,
			// The editor writes the default into the group as soon as Rate Limit is added: only a
			// value other than the default is one the user chose.
			maxConcurrentSet: maxConcurrent !== defaultOf<number>('options.rateLimit.limit.maxConcurrent'),
			maxRequests,
			intervalMs: maxRequests > 0 ? (limit('period') === 'minute' ? 60_000 : 1000) : 0,
		},
		retry: retrySettings(readRetry(group(read, 'retry.retry', 0))),
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
		// Beyond what a timer can hold, a request would time out at once.
		timeout: Math.min(MAX_TIMER_MS, whole(option(read, 'timeout', itemIndex), defaultOf('options.timeout'), 1)),
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
	stopRules: StopRule[];
}

/** The raw value of a parameter as the workflow stores it, expressions unresolved. */
function rawParameter(ctx: IExecuteFunctions, path: string): unknown {
	let current: unknown = ctx.getNode().parameters;
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

/**
 * A workflow saved with the Complete Expression must not quietly page on to Max Pages: unless
 * Stop When rules replace it, the item fails saying what to do.
 */
function checkLegacyExpression(ctx: IExecuteFunctions, rules: StopRule[], itemIndex: number): void {
	const legacy = rawParameter(ctx, `options.${PAGINATION}.completeExpression`);
	const source = typeof legacy === 'string' ? legacy.trim().replace(/^=/, '').trim() : '';
	if (source === '' || rules.length > 0) return;
	const shown = source.length > 200 ? `${source.slice(0, 200)}…` : source;
	throw new NodeOperationError(ctx.getNode(), 'Pagination: Complete Expression was replaced by Stop When', {
		description: `This node was saved with the Complete Expression ${shown}, which is no longer evaluated; without it pagination would run on to Max Pages. Add a rule under Options > Pagination > Stop When instead, e.g. Response Body Field "has_more" Is False, Response Header "X-Has-More" Equals "false" or Status Code Equals 204; with a rule in place the old expression is ignored. Use Max Pages for a page count, and an ordinary expression such as {{ $json.lastId }} in a rule's Value for the input item. To remove the old expression altogether, delete the Pagination option and add it again.`,
		itemIndex,
	});
}

/** The item's pagination settings, or undefined when Pagination is not set. */
export function readPagination(ctx: IExecuteFunctions, read: ReadParameter, itemIndex: number): PaginationOptions | undefined {
	// Whether the option is there at all, without resolving anything in it.
	if (!read.present(`options.${PAGINATION}`)) return undefined;
	const field = (name: string): unknown => option(read, `${PAGINATION}.${name}`, itemIndex);
	const name = (key: string) => String(field(key) ?? '').trim();
	const settings: PaginationSettings = {
		mode: field('paginationMode') as PaginationMode,
		nextUrlPath: name('nextUrlPath'),
		cursorPath: name('cursorPath'),
		cursorParameter: name('cursorParameter'),
		lastRecordField: name('lastRecordField'),
		lastRecordParameter: name('lastRecordParameter'),
		hasMorePath: name('hasMorePath'),
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
	const stopWhen = readStopRules(read<unknown>(`options.${PAGINATION}.stopWhen`, itemIndex, {}), (name) =>
		defaultOf(`options.${PAGINATION}.stopWhen.rules.${name}`),
	);
	if ('problem' in stopWhen) {
		throw new NodeOperationError(ctx.getNode(), `Pagination: ${stopWhen.problem}`, {
			description: 'Each Stop When rule reads a Response Body Field (a path such as has_more), a Response Header (by name) or the Status Code, and checks it with a condition.',
			itemIndex,
		});
	}
	const stopRules = stopWhen.rules;
	checkLegacyExpression(ctx, stopRules, itemIndex);
	return { settings, stopRules };
}
