/**
 * One node run: what every item's requests share (the credential's keys, the settings, the key's
 * pacer), sending a request with all of it, and turning an answer into output items.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { setOwn } from '../../../shared/objects';
import type { KeyRole } from '../../../shared/types';
import { keyQueryNames } from '../../../shared/key/placement';
import { openPacer, systemClock, type Pacer } from '../pacing/pacer';
import type { QuotaState } from '../pacing/quotaHeaders';
import { sendWithRetries, type SendResult } from '../transport/retryLoop';
import { sendWithKey } from '../transport/send';
import type { PreparedRequest, RawResponse } from '../transport/types';
import { markKeyUsed, sendWithRotation, type NodeKeys } from './keyRotation';
import type { ReadParameter } from './parameters';
import { decodedToItems, decodeResponse, type DecodedResponse, type ResponseOptions } from './response';
import type { RunSettings } from './settings';

export interface Run {
	ctx: IExecuteFunctions;
	read: ReadParameter;
	keys: NodeKeys;
	settings: RunSettings;
	pacer: Pacer;
	/** Query parameters the key and its extra fields set: taken off next-page URLs. */
	keyQueryNames: string[];
	/** Execution cancelled: aborts requests in flight */
	cancel?: AbortSignal;
}

export type Sent = SendResult & { keyUsed: KeyRole };

/**
 * Everything the items of one node run share. `close` must be called when the run ends: it gives
 * back the key's pacer.
 */
export function openRun(ctx: IExecuteFunctions, read: ReadParameter, keys: NodeKeys, settings: RunSettings): { run: Run; close: () => void } {
	const node = ctx.getNode();
	const credentialId = node.credentials?.apiKeyApi?.id ?? node.id;
	const executionId = ctx.getExecutionId?.() ?? `${node.id}:${Date.now()}:${Math.random()}`;
	const { pacer, close } = openPacer(`${executionId}\u0000${credentialId}`, settings.pacing);
	const run: Run = {
		ctx,
		read,
		keys,
		settings,
		pacer,
		keyQueryNames: keyQueryNames(keys.first.config),
		cancel: ctx.getExecutionCancelSignal?.(),
	};
	return { run, close };
}

/** One request with retries; on 401/403 the whole series is repeated once with the Secondary Key. */
export async function send(run: Run, request: PreparedRequest, waitSignal: AbortSignal): Promise<Sent> {
	const { ctx, keys, pacer, settings } = run;
	const withSignal = run.cancel ? { ...request, abortSignal: run.cancel } : request;
	const { response, keyUsed } = await sendWithRotation(
		async (key) =>
			await sendWithRetries((attempt) => sendWithKey(ctx, attempt, key), withSignal, {
				pacer,
				retry: settings.retry,
				clock: systemClock,
				random: Math.random,
				signal: waitSignal,
			}),
		keys,
	);
	return { ...response, keyUsed };
}

function quotaJson(quota: QuotaState | undefined): IDataObject {
	return {
		limit: quota?.limit ?? null,
		remaining: quota?.remaining ?? null,
		reset: quota?.resetAt !== undefined ? new Date(quota.resetAt).toISOString() : null,
	};
}

export interface PageItems {
	items: INodeExecutionData[];
	records: number;
	decoded: DecodedResponse;
	response: RawResponse;
}

/** The output items of one answer, marked with the key used and, when asked, the quota state. */
export async function answerToItems(
	run: Run,
	sent: Sent,
	options: ResponseOptions,
	itemIndex: number,
	page = false,
): Promise<PageItems> {
	const { ctx, keys, settings } = run;
	const decoded = await decodeResponse(ctx, sent.response, options, keys.redactor, itemIndex);
	const { items, records } = decodedToItems(ctx, sent.response, decoded, options, keys.redactor, itemIndex, page);
	markKeyUsed(items, sent.keyUsed);
	if (settings.quotaField !== undefined) {
		for (const item of items) setOwn(item.json, settings.quotaField, quotaJson(sent.quota));
	}
	return { items, records, decoded, response: sent.response };
}
