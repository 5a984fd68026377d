/**
 * One node run: what every item's requests share (the credential's keys, the settings, the key's
 * pacers), sending a request with all of it, and turning an answer into output items.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { setOwn } from '../../../shared/objects';
import type { KeyRole } from '../../../shared/types';
import { keyQueryNames } from '../../../shared/key/placement';
import { resolveUrl } from '../../../shared/url';
import { systemClock, type Pacer, type PacerSettings, type PacerSnapshot } from '../pacing/pacer';
import { parseQuotas, tightestQuota, type QuotaState } from '../pacing/quotaHeaders';
import { openPacer, pacerKey } from '../pacing/registry';
import { sendWithRetries, WaitBudget, type SendResult } from '../transport/retryLoop';
import { sendWithKey, type KeyInUse } from '../transport/send';
import type { PreparedRequest, RawResponse } from '../transport/types';
import { markKeyUsed, sendWithRotation, type NodeKeys } from './keyRotation';
import type { ReadParameter } from './parameters';
import { decodedToItems, decodeResponse, type DecodedResponse, type ResponseOptions } from './response';
import type { RunSettings } from './settings';

/**
 * The pacers a node run uses: one per key and origin, shared with every other execution of the
 * process (./../pacing/registry.ts). Joined when a request first needs one, left when the run ends.
 */
export class RunPacing {
	private readonly pacers = new Map<KeyInUse, Map<string, Pacer>>();
	private readonly origins = new Map<string, string>();
	private readonly leave: Array<() => void> = [];

	constructor(
		private readonly credentialId: string,
		/** The execution: the key's pacer takes turns between executions. */
		readonly party: string,
		private readonly settings: PacerSettings,
	) {}

	/** The pacer for a request with `key` to `url` (resolved against the Base URL). */
	pacerFor(key: KeyInUse, url: string): Pacer {
		const origin = this.originOf(url, key);
		let byOrigin = this.pacers.get(key);
		const known = byOrigin?.get(origin);
		if (known) return known;
		// The registry keeps a hash of credential, key and origin, never the key.
		const { pacer, close } = openPacer(pacerKey(this.credentialId, key.config.key, origin), this.party, this.settings);
		this.leave.push(close);
		if (!byOrigin) {
			byOrigin = new Map();
			this.pacers.set(key, byOrigin);
		}
		byOrigin.set(origin, pacer);
		return pacer;
	}

	/** Gives the run's share of every pacer back at once (also when the execution was cancelled). */
	close(): void {
		for (const leave of this.leave.splice(0)) leave();
		this.pacers.clear();
	}

	private originOf(url: string, key: KeyInUse): string {
		const cacheKey = `${key.config.baseUrl}\u0000${url}`;
		let origin = this.origins.get(cacheKey);
		if (origin === undefined) {
			try {
				origin = resolveUrl(url, key.config.baseUrl).origin;
			} catch {
				// The send fails on the URL with its own error; the pacer still needs a name.
				origin = '';
			}
			if (this.origins.size < 64) this.origins.set(cacheKey, origin);
		}
		return origin;
	}
}

export interface Run {
	ctx: IExecuteFunctions;
	read: ReadParameter;
	keys: NodeKeys;
	settings: RunSettings;
	pacing: RunPacing;
	/** Query parameters the key and its extra fields set: taken off next-page URLs. */
	keyQueryNames: string[];
	/** Execution cancelled: aborts requests in flight */
	cancel?: AbortSignal;
}

export type Sent = SendResult & { keyUsed: KeyRole };

let runCounter = 0;

/**
 * Everything the items of one node run share. `close` must be called when the run ends: it gives
 * back the run's share of the key's pacers.
 */
export function openRun(ctx: IExecuteFunctions, read: ReadParameter, keys: NodeKeys, settings: RunSettings): { run: Run; close: () => void } {
	const node = ctx.getNode();
	const credentialId = node.credentials?.apiKeyApi?.id ?? node.id;
	const executionId = ctx.getExecutionId?.() ?? `${node.id}:run-${++runCounter}`;
	const pacing = new RunPacing(credentialId, String(executionId), settings.pacing);
	const run: Run = {
		ctx,
		read,
		keys,
		settings,
		pacing,
		keyQueryNames: keyQueryNames(keys.first.config),
		cancel: ctx.getExecutionCancelSignal?.(),
	};
	return { run, close: () => pacing.close() };
}

/**
 * One request with retries; on 401/403 the whole series is repeated once with the Secondary Key.
 * Both series share one wait budget (Max Total Wait).
 */
export async function send(run: Run, request: PreparedRequest, waitSignal: AbortSignal): Promise<Sent> {
	const { ctx, keys, settings } = run;
	const withSignal = run.cancel ? { ...request, abortSignal: run.cancel } : request;
	const budget = new WaitBudget(settings.retry.maxTotalWaitMs);
	const { response, keyUsed } = await sendWithRotation(
		async (key) =>
			await sendWithRetries((attempt) => sendWithKey(ctx, attempt, key), withSignal, {
				pacer: run.pacing.pacerFor(key, request.url),
				party: run.pacing.party,
				retry: settings.retry,
				clock: systemClock,
				random: Math.random,
				signal: waitSignal,
				budget,
				snapshot: settings.quotaField !== undefined,
			}),
		keys,
	);
	return { ...response, keyUsed };
}

const isoOrNull = (time: number | undefined) => (time !== undefined ? new Date(time).toISOString() : null);

/**
 * Include Quota State: what the API said on this answer (limit, remaining, reset) and what the
 * key's shared pacer knew then, for every execution of this n8n process that uses the key.
 */
function quotaJson(quota: QuotaState | undefined, pacing: PacerSnapshot | undefined): IDataObject {
	return {
		limit: quota?.limit ?? null,
		remaining: quota?.remaining ?? null,
		reset: isoOrNull(quota?.resetAt),
		shared: {
			executions: pacing?.executions ?? null,
			inFlight: pacing?.inFlight ?? null,
			waiting: pacing?.waiting ?? null,
			heldUntil: isoOrNull(pacing?.heldUntil),
			adaptiveRatePerSecond: pacing?.adaptiveRate ?? null,
			share: pacing?.share ?? null,
			credits: pacing?.credits ?? null,
		},
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
		// Read again from the masked headers: a numeric key echoed as a limit, or as a reset the
		// output would turn into a date, must not leave the node. Pacing used the raw reading.
		const shown = tightestQuota(parseQuotas(decoded.headers, Date.now()));
		const quota = keys.redactor.deep(quotaJson(shown, sent.pacing));
		for (const item of items) setOwn(item.json, settings.quotaField, quota);
	}
	return { items, records, decoded, response: sent.response };
}
