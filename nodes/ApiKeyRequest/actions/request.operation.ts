import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { hostMatches, normalizeHost } from '../../../shared/allowedHosts';
import { computeAuthParts } from '../../../shared/keyPlacement';
import { resolveUrl } from '../../../shared/requestTarget';
import { bodyProperties } from '../descriptions/body.description';
import { environmentProperties } from '../descriptions/environment.description';
import { optionsProperties } from '../descriptions/options.description';
import { requestProperties } from '../descriptions/request.description';
import { buildRequest } from '../helpers/buildRequest';
import { compileCondition, type Condition } from '../helpers/condition';
import { runItems } from '../helpers/itemRunner';
import {
	explainKeyRejection,
	lifecycleHints,
	loadLifecycleKeyContext,
	markKeyUsed,
	sendWithRotation,
	type KeyRole,
	type LifecycleKeyContext,
} from '../helpers/keyLifecycle';
import { parameterReader, type ReadParameter } from '../helpers/parameters';
import { openPacer, PacerCancelledError, systemClock, type Pacer, type PacerSettings } from '../helpers/pacer';
import {
	applyStep,
	firstStep,
	initialState,
	nextPage,
	type PaginationMode,
	type PaginationSettings,
} from '../helpers/pagination';
import { decodedToItems, decodeResponse, readResponseOptions, type ResponseOptions } from '../helpers/response';
import { finalStatusError, retryAwareNodeError } from '../helpers/retryErrors';
import { defaultRetrySettings, parseStatusList, type QuotaState, type RetrySettings } from '../helpers/retryPolicy';
import { sendWithKey, TransportError } from '../transport';
import { isFailure, sendWithRetries, type SendResult } from '../transport/retry';
import type { PreparedRequest } from '../transport/types';

export const description: INodeProperties[] = [
	...requestProperties,
	...bodyProperties,
	...environmentProperties,
	...optionsProperties,
];

/** Settings that hold for the whole node run, read from the first item. */
interface RunSettings {
	pacing: PacerSettings;
	retry: RetrySettings;
	quotaField?: string;
}

interface Run {
	ctx: IExecuteFunctions;
	read: ReadParameter;
	key: LifecycleKeyContext;
	settings: RunSettings;
	pacer: Pacer;
	keyQueryNames: string[];
	/** Execution cancelled: aborts requests in flight */
	cancel?: AbortSignal;
}

function option<T>(read: ReadParameter, name: string, itemIndex: number, fallback: T): T {
	// Option by option, never the whole collection: it holds the Complete Expression, which
	// refers to $response and is only evaluated per page.
	return read(`options.${name}`, itemIndex, fallback);
}

function readRunSettings(read: ReadParameter): RunSettings {
	const limit = option<IDataObject>(read, 'rateLimit.limit', 0, {});
	const retry = option<IDataObject>(read, 'retry.retry', 0, {});
	const maxRequests = Math.max(0, Math.floor(Number(limit.maxRequests ?? 0)) || 0);
	return {
		pacing: {
			maxConcurrent: Math.max(1, Math.floor(Number(limit.maxConcurrent ?? 5)) || 1),
			maxRequests,
			intervalMs: maxRequests > 0 ? (limit.period === 'minute' ? 60_000 : 1000) : 0,
		},
		retry: defaultRetrySettings({
			maxRetries: Math.max(0, Math.floor(Number(retry.maxRetries ?? 3)) || 0),
			maxWaitMs: Math.max(0, Number(retry.maxWait ?? 20)) * 1000,
			retryStatuses: parseStatusList(String(retry.retryOnStatus ?? '502, 503, 504')),
			retryOnTimeout: retry.retryOnTimeout === true,
		}),
		quotaField: option(read, 'includeQuota', 0, false) ? String(option(read, 'quotaField', 0, 'quota') || 'quota') : undefined,
	};
}

function readItemResponseOptions(read: ReadParameter, itemIndex: number): ResponseOptions {
	return readResponseOptions({
		responseFormat: option(read, 'responseFormat', itemIndex, 'autodetect'),
		fullResponse: option(read, 'fullResponse', itemIndex, false),
		neverError: option(read, 'neverError', itemIndex, false),
		splitAtPath: option(read, 'splitAtPath', itemIndex, ''),
		outputPropertyName: option(read, 'outputPropertyName', itemIndex, 'data'),
	});
}

const PAGINATION = 'pagination.pagination';

function readPagination(
	ctx: IExecuteFunctions,
	read: ReadParameter,
	itemIndex: number,
): { settings: PaginationSettings; condition?: Condition } | undefined {
	// Whether the option is there at all, without resolving the Complete Expression in it.
	if (!read.present(`options.${PAGINATION}`)) return undefined;
	const field = (name: string, fallback: unknown): unknown => option(read, `${PAGINATION}.${name}`, itemIndex, fallback);
	const text = (name: string, fallback: string) => String(field(name, fallback) ?? '').trim();
	const settings: PaginationSettings = {
		mode: field('paginationMode', 'pageNumber') as PaginationMode,
		nextUrlPath: text('nextUrlPath', 'next'),
		cursorPath: text('cursorPath', 'next_cursor'),
		cursorParameter: text('cursorParameter', 'cursor'),
		pageParameter: text('pageParameter', 'page'),
		firstPage: Number(field('firstPage', 1)),
		offsetParameter: text('offsetParameter', 'offset'),
		limitParameter: text('limitParameter', 'limit'),
		pageSizeParameter: text('pageSizeParameter', ''),
		pageSize: Math.max(1, Number(field('pageSize', 100)) || 100),
		parameterLocation: field('parameterLocation', 'query') === 'body' ? 'body' : 'query',
		maxPages: Math.max(0, Math.floor(Number(field('maxPages', 1000)) || 0)),
		stopWhenEmpty: field('stopWhenEmpty', true) !== false,
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

function quotaJson(quota: QuotaState | undefined): IDataObject {
	return {
		limit: quota?.limit ?? null,
		remaining: quota?.remaining ?? null,
		reset: quota?.resetAt !== undefined ? new Date(quota.resetAt).toISOString() : null,
	};
}

function addQuota(items: INodeExecutionData[], field: string | undefined, quota: QuotaState | undefined): void {
	if (field === undefined) return;
	for (const item of items) item.json[field] = quotaJson(quota);
}

/** One request with retries; on 401/403 the whole series is repeated once with the Secondary Key. */
async function send(
	run: Run,
	request: PreparedRequest,
	waitSignal: AbortSignal,
): Promise<SendResult & { keyUsed: KeyRole }> {
	const { ctx, key, pacer, settings } = run;
	const withSignal = run.cancel ? { ...request, abortSignal: run.cancel } : request;
	const { response, keyUsed } = await sendWithRotation(
		async (attemptKey) =>
			await sendWithRetries((attempt) => sendWithKey(ctx, attempt, attemptKey), withSignal, {
				pacer,
				retry: settings.retry,
				clock: systemClock,
				random: Math.random,
				signal: waitSignal,
			}),
		key,
	);
	return { ...response, keyUsed };
}

async function requestOnce(
	run: Run,
	request: PreparedRequest,
	options: ResponseOptions,
	itemIndex: number,
	signal: AbortSignal,
): Promise<INodeExecutionData[]> {
	const { ctx, key } = run;
	const result = await send(run, request, signal);
	if (isFailure(result.response) && !options.neverError) {
		throw finalStatusError(ctx.getNode(), result, key.redactor, itemIndex);
	}
	const decoded = await decodeResponse(ctx, result.response, options, key.redactor, itemIndex);
	const { items } = decodedToItems(ctx, result.response, decoded, options, key.redactor, itemIndex);
	markKeyUsed(items, result.keyUsed);
	addQuota(items, run.settings.quotaField, result.quota);
	return items;
}

/**
 * A next-page URL comes from the API's answer, so it gets the key only on the first request's
 * origin (as with redirects), or on a host the credential lists explicitly in Allowed Hosts.
 */
function assertNextUrlAllowed(run: Run, firstOrigin: string, next: string, itemIndex: number): void {
	const url = new URL(next);
	if (url.origin === firstOrigin) return;
	const { allowedHosts, baseUrl } = run.key.config;
	const derivedFromBaseUrl =
		allowedHosts.length === 1 && URL.canParse(baseUrl) && normalizeHost(new URL(baseUrl).hostname) === allowedHosts[0];
	if (!allowedHosts.includes('*') && !derivedFromBaseUrl && hostMatches(url.hostname, allowedHosts)) return;
	throw new NodeOperationError(run.ctx.getNode(), `The next page is on another origin (${url.host}), so it was not requested with the key`, {
		description: 'The API pointed to a page on a different host. Add that host to Allowed Hosts in the API Key credential if it should receive the key.',
		itemIndex,
	});
}

async function requestAllPages(
	run: Run,
	request: PreparedRequest,
	options: ResponseOptions,
	pagination: { settings: PaginationSettings; condition?: Condition },
	itemIndex: number,
	signal: AbortSignal,
): Promise<INodeExecutionData[]> {
	const { ctx, key } = run;
	const { settings, condition } = pagination;
	const node = ctx.getNode();
	const output: INodeExecutionData[] = [];
	const state = initialState(settings);
	const firstOrigin = resolveUrl(request.url, key.config.baseUrl).origin;
	const inputJson = ctx.getInputData()[itemIndex]?.json ?? {};
	const pageLimit = settings.maxPages > 0 ? settings.maxPages : Number.MAX_SAFE_INTEGER;
	const countedMode = settings.mode === 'pageNumber' || settings.mode === 'offset';
	let previousBody: Buffer | undefined;
	let current = applyStep(request, firstStep(settings), run.keyQueryNames);

	for (let page = 1; page <= pageLimit; page++) {
		const result = await send(run, current, signal);
		const { response } = result;
		const failed = isFailure(response);
		if (failed && !options.neverError) throw finalStatusError(node, result, key.redactor, itemIndex);
		if (countedMode && !failed && previousBody !== undefined && previousBody.equals(response.body)) {
			throw new NodeOperationError(node, `Page ${page} is the same as page ${page - 1}, so pagination stopped`, {
				description: `The API seems to ignore the "${settings.mode === 'pageNumber' ? settings.pageParameter : settings.offsetParameter}" parameter. Check its name and Send Parameter In, or use another Pagination Mode.`,
				itemIndex,
			});
		}
		previousBody = countedMode ? response.body : undefined;

		const decoded = await decodeResponse(ctx, response, options, key.redactor, itemIndex);
		const { items, records } = decodedToItems(ctx, response, decoded, options, key.redactor, itemIndex, true);
		markKeyUsed(items, result.keyUsed);
		addQuota(items, run.settings.quotaField, result.quota);
		for (const item of items) output.push(item);
		state.pagesFetched = page;

		if (failed) break; // Never Error: the failed page is output, there is no next one
		if (records === 0 && settings.stopWhenEmpty) break;
		if (
			condition?.({
				$response: { body: decoded.body, headers: response.headers, statusCode: response.statusCode },
				$pageCount: page,
				$json: inputJson,
			})
		) {
			break;
		}
		const next = nextPage(settings, state, { body: decoded.body, headers: response.headers, url: response.url, records });
		if (next.kind === 'end') break;
		if (next.kind === 'repeated') {
			throw new NodeOperationError(node, 'The API pointed to a page that was already fetched, so pagination stopped', {
				description: `The next ${settings.mode === 'cursor' ? 'cursor' : 'page URL'} of page ${page} was seen before; following it would loop forever.`,
				itemIndex,
			});
		}
		if (page === pageLimit) {
			ctx.addExecutionHints({
				message: `Pagination stopped at Max Pages (${settings.maxPages}) although the API had more pages. Raise Max Pages in the pagination options to get them all.`,
				location: 'outputPane',
			});
			break;
		}
		if (next.step.kind === 'url') assertNextUrlAllowed(run, firstOrigin, next.step.url, itemIndex);
		current = applyStep(current, next.step, run.keyQueryNames);
	}
	return output;
}

async function processItem(run: Run, itemIndex: number, signal: AbortSignal): Promise<INodeExecutionData[]> {
	const request = await buildRequest(run.ctx, itemIndex, run.read);
	const options = readItemResponseOptions(run.read, itemIndex);
	const pagination = readPagination(run.ctx, run.read, itemIndex);
	if (!pagination) return await requestOnce(run, request, options, itemIndex, signal);
	return await requestAllPages(run, request, options, pagination, itemIndex, signal);
}

function isCancellation(error: unknown): boolean {
	if (error instanceof PacerCancelledError) return true;
	if (error instanceof TransportError && error.code === 'ERR_CANCELED') return true;
	return (error as Error | undefined)?.name === 'ManualExecutionCancelledError';
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const key = await loadLifecycleKeyContext(this);
	const read = parameterReader(this);
	const settings = readRunSettings(read);
	const credentialId = this.getNode().credentials?.apiKeyApi?.id ?? this.getNode().id;
	const executionId = this.getExecutionId?.() ?? `${this.getNode().id}:${Date.now()}:${Math.random()}`;
	const { pacer, close } = openPacer(`${executionId}\u0000${credentialId}`, settings.pacing);
	const run: Run = {
		ctx: this,
		read,
		key,
		settings,
		pacer,
		keyQueryNames: Object.keys(computeAuthParts(key.config).query),
		cancel: this.getExecutionCancelSignal?.(),
	};
	const node = this.getNode();
	try {
		const results = await runItems(
			items.length,
			async (itemIndex, signal) =>
				await processItem(run, itemIndex, signal).catch((caught: unknown) => {
					if (isCancellation(caught)) throw caught;
					// Every failure leaves as an n8n error with nothing secret in it.
					throw explainKeyRejection(retryAwareNodeError(node, caught, key.redactor, itemIndex), key);
				}),
			{
				concurrency: settings.pacing.maxConcurrent,
				signal: run.cancel,
				isCancellation,
				onError: this.continueOnFail()
					? (error, itemIndex): INodeExecutionData[] => {
							const { message, description } = explainKeyRejection(
								retryAwareNodeError(node, error, key.redactor, itemIndex),
								key,
							);
							return [{ json: { error: message, ...(description ? { description } : {}) }, pairedItem: { item: itemIndex } }];
						}
					: undefined,
			},
		);
		const hints = lifecycleHints(this, key);
		if (hints.length > 0) this.addExecutionHints(...hints);
		if (results.length === 1) return [results[0]];
		const output: INodeExecutionData[] = [];
		for (const list of results) for (const item of list) output.push(item);
		return [output];
	} finally {
		close();
	}
}
