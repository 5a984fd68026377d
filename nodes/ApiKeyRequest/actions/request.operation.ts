import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createRedactor } from '../../../shared/redaction';
import { buildRequest } from '../helpers/buildRequest';
import { FailedAnswer, toNodeError, type ErrorContext } from '../helpers/errors';
import { runItems } from '../helpers/itemRunner';
import { lifecycleHints, loadNodeKeys, type NodeKeys } from '../helpers/keyRotation';
import { requestAllPages, type Progress } from '../helpers/paginate';
import { parameterReader } from '../helpers/parameters';
import { answerToItems, openRun, send, type Run } from '../helpers/run';
import { readPagination, readResponseOptions, readRunSettings } from '../helpers/settings';
import { PacerCancelledError } from '../pacing/pacer';
import { isFailure } from '../transport/retryLoop';
import { TransportError } from '../transport/send';

async function processItem(run: Run, itemIndex: number, signal: AbortSignal, progress: Progress): Promise<INodeExecutionData[]> {
	const request = await buildRequest(run.ctx, itemIndex, run.read);
	const options = readResponseOptions(run.read, itemIndex);
	const pagination = readPagination(run.ctx, run.read, itemIndex);
	if (pagination) return await requestAllPages(run, request, options, pagination, itemIndex, signal, progress);
	const sent = await send(run, request, signal);
	if (isFailure(sent.response) && !options.neverError) throw new FailedAnswer(sent);
	return (await answerToItems(run, sent, options, itemIndex)).items;
}

function isCancellation(error: unknown): boolean {
	if (error instanceof PacerCancelledError) return true;
	if (error instanceof TransportError && error.code === 'ERR_CANCELED') return true;
	return (error as Error | undefined)?.name === 'ManualExecutionCancelledError';
}

/** Under Continue On Fail, an error becomes the item's own output, paired with its input item. */
function errorItem(error: Error & { description?: string | null }, itemIndex: number): INodeExecutionData[] {
	const { message, description } = error;
	return [{ json: { error: message, ...(description ? { description } : {}) }, pairedItem: { item: itemIndex } }];
}

/**
 * The credential cannot be used at all (an expired key, an invalid field): every item fails with
 * the same error, or under Continue On Fail gets it as its own error item.
 */
function failEveryItem(ctx: IExecuteFunctions, error: unknown, count: number): INodeExecutionData[][] {
	const context: ErrorContext = { node: ctx.getNode(), redactor: createRedactor([]), itemIndex: 0 };
	if (!ctx.continueOnFail()) throw toNodeError(error, context);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		output.push(...errorItem(toNodeError(error, { ...context, itemIndex }), itemIndex));
	}
	return [output];
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const read = parameterReader(this);
	let keys: NodeKeys;
	let settings: ReturnType<typeof readRunSettings>;
	try {
		settings = readRunSettings(this, read);
		keys = await loadNodeKeys(this, settings.environment);
	} catch (error) {
		return failEveryItem(this, error, items.length);
	}
	const { run, close } = openRun(this, read, keys, settings);
	const contextFor = (itemIndex: number, progress?: Progress): ErrorContext => ({
		node,
		redactor: keys.redactor,
		itemIndex,
		keys,
		pagination: progress,
	});
	try {
		const results = await runItems(
			items.length,
			async (itemIndex, signal) => {
				const progress: Progress = { page: 0, records: 0 };
				return await processItem(run, itemIndex, signal, progress).catch((caught: unknown) => {
					if (isCancellation(caught)) throw caught;
					// Every failure leaves as an n8n error with nothing secret in it.
					throw toNodeError(caught, contextFor(itemIndex, progress));
				});
			},
			{
				concurrency: settings.pacing.maxConcurrent,
				signal: run.cancel,
				isCancellation,
				onError: this.continueOnFail() ? (error, itemIndex) => errorItem(error as Error, itemIndex) : undefined,
			},
		);
		const hints = lifecycleHints(this, keys);
		if (hints.length > 0) this.addExecutionHints(...hints);
		if (results.length === 1) return [results[0]];
		const output: INodeExecutionData[] = [];
		for (const list of results) for (const item of list) output.push(item);
		return [output];
	} finally {
		close();
	}
}
