/**
 * Fetches every page of one item's request: sends a page, turns it into items, and asks the page
 * rules (./pagination.ts) where the next one is, until they, the stop conditions or Max Pages end it.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INodeExecutionData } from 'n8n-workflow';

import { ExplainedError } from '../../../shared/errors';
import { keyMayFollowLink } from '../../../shared/hosts';
import { resolveUrl } from '../../../shared/url';
import { isFailure } from '../transport/retryLoop';
import type { PreparedRequest } from '../transport/types';
import { shouldStop } from './condition';
import { FailedAnswer } from './errors';
import { applyStep, firstStep, initialState, nextPage } from './pagination';
import { answerToItems, send, type Run } from './run';
import { recordsOf, type DecodedResponse, type ResponseOptions } from './response';
import type { PaginationOptions } from './settings';

/** How far an item's pagination got, for the error when a later page fails. */
export interface Progress {
	page: number;
	records: number;
}

/** The page's last record as the API sent it (its ID is sent back, so it must not be masked). */
function lastRawRecord(ctx: Run['ctx'], decoded: DecodedResponse, options: ResponseOptions, itemIndex: number): unknown {
	const raw = { ...decoded, body: decoded.raw, mask: <T>(value: T) => value };
	return recordsOf(ctx, raw, options, itemIndex, true)?.at(-1);
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
	const { settings, stopRules } = pagination;
	const node = ctx.getNode();
	const output: INodeExecutionData[] = [];
	const state = initialState(settings);
	const firstUrl = resolveUrl(request.url, keys.first.config.baseUrl);
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
		// Stop rules read only what the node shows: the body as decoded and masked, and the headers
		// masked by decodeResponse (run.keys.redactor.deep), so no rule can tell guesses of the key apart.
		if (stopRules.length > 0 && shouldStop(stopRules, { body: decoded.body, headers: () => decoded.headers, statusCode: response.statusCode })) {
			break;
		}
		const next = nextPage(settings, state, {
			body: decoded.body,
			// Where the next page is comes from the answer as sent: a masked cursor would not work.
			raw: decoded.raw,
			headers: response.headers,
			url: response.url,
			records,
			lastRecord: settings.mode === 'lastRecord' ? lastRawRecord(ctx, decoded, options, itemIndex) : undefined,
		});
		if (next.kind === 'end') break;
		if (next.kind === 'repeated') {
			throw new NodeOperationError(node, 'The API pointed to a page that was already fetched, so pagination stopped', {
				description: `The next ${settings.mode === 'cursor' ? 'cursor' : settings.mode === 'lastRecord' ? 'last record value' : 'page URL'} of page ${page} was seen before; following it would loop forever.`,
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
			throw refusedNextPage(new URL(next.step.url), firstUrl);
		}
		current = applyStep(current, next.step, run.keyQueryNames);
	}
	return output;
}

/** Why a next-page address the API handed out was not requested with the key. */
function refusedNextPage(next: URL, first: URL): ExplainedError {
	if (next.protocol !== 'https:' && next.protocol !== 'http:') {
		return new ExplainedError(
			`The next page address uses ${next.protocol}, which the node does not request`,
			'Only http and https addresses are requested. Check Next URL Path in the pagination options, or the API answer it points to.',
		);
	}
	if (first.protocol === 'https:' && next.protocol === 'http:') {
		return new ExplainedError(
			'The next page is on plain http after an https request, so it was not requested with the key',
			'The key never travels over plain http once a request used https. Ask the API for https links.',
		);
	}
	return new ExplainedError(
		`The next page is on another origin (${next.origin}), so it was not requested with the key`,
		'The API pointed to a page on a different host or port. Add it to Allowed Hosts in the API Key credential (e.g. api.example.com, or host:port) if it should receive the key.',
	);
}
