/**
 * Fetches every page of one item's request: sends a page, turns it into items, and asks the page
 * rules (./pagination.ts) where the next one is, until they, the stop conditions or Max Pages end it.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INodeExecutionData } from 'n8n-workflow';

import { keyMayFollowLink } from '../../../shared/hosts';
import { resolveUrl } from '../../../shared/url';
import { isFailure } from '../transport/retryLoop';
import type { PreparedRequest } from '../transport/types';
import { FailedAnswer } from './errors';
import { applyStep, firstStep, initialState, nextPage } from './pagination';
import { answerToItems, send, type Run } from './run';
import type { ResponseOptions } from './response';
import type { PaginationOptions } from './settings';

/** How far an item's pagination got, for the error when a later page fails. */
export interface Progress {
	page: number;
	records: number;
}

export async function requestAllPages(
	run: Run,
	request: PreparedRequest,
	options: ResponseOptions,
	pagination: PaginationOptions,
	itemIndex: number,
	signal: AbortSignal,
	progress: Progress,
): Promise<INodeExecutionData[]> {
	const { ctx, keys } = run;
	const { settings, condition } = pagination;
	const node = ctx.getNode();
	const output: INodeExecutionData[] = [];
	const state = initialState(settings);
	const firstUrl = resolveUrl(request.url, keys.first.config.baseUrl);
	const inputJson = ctx.getInputData()[itemIndex]?.json ?? {};
	const pageLimit = settings.maxPages > 0 ? settings.maxPages : Number.MAX_SAFE_INTEGER;
	const countedMode = settings.mode === 'pageNumber' || settings.mode === 'offset';
	let previousBody: Buffer | undefined;
	let current = applyStep(request, firstStep(settings), run.keyQueryNames);

	for (let page = 1; page <= pageLimit; page++) {
		progress.page = page;
		const sent = await send(run, current, signal);
		const { response } = sent;
		const failed = isFailure(response);
		if (failed && !options.neverError) throw new FailedAnswer(sent);
		if (countedMode && !failed && previousBody !== undefined && previousBody.equals(response.body)) {
			throw new NodeOperationError(node, `Page ${page} is the same as page ${page - 1}, so pagination stopped`, {
				description: `The API seems to ignore the "${settings.mode === 'pageNumber' ? settings.pageParameter : settings.offsetParameter}" parameter. Check its name and Send Parameter In, or use another Pagination Mode.`,
				itemIndex,
			});
		}
		previousBody = countedMode ? response.body : undefined;

		const { items, records, decoded } = await answerToItems(run, sent, options, itemIndex, true);
		for (const item of items) output.push(item);
		progress.records += records;

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
		if (next.step.kind === 'url' && !keyMayFollowLink(firstUrl, new URL(next.step.url), keys.first.config)) {
			throw new NodeOperationError(node, `The next page is on another origin (${new URL(next.step.url).host}), so it was not requested with the key`, {
				description: 'The API pointed to a page on a different host. Add that host to Allowed Hosts in the API Key credential if it should receive the key.',
				itemIndex,
			});
		}
		current = applyStep(current, next.step, run.keyQueryNames);
	}
	return output;
}
