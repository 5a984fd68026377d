/**
 * Key life cycle in the node: the environment's key, rotation to the Secondary Key on 401/403,
 * expiry before anything is sent, and the execution hints that tell the user about them.
 *
 * Used by actions/request.operation.ts:
 *   const key = await loadLifecycleKeyContext(this);            // instead of loadKeyContext(this)
 *   const { response, keyUsed } = await sendWithRotation((attemptKey) => send(..., attemptKey), key);
 *   items = markKeyUsed(items, keyUsed);
 *   errors: explainKeyRejection(nodeError, key)
 *   before returning: this.addExecutionHints(...lifecycleHints(this, key));
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import {
	expiredKeyError,
	expiryStatus,
	isEnvironment,
	lifecycleNotes,
	parseKeyRing,
	rejectionAdvice,
	type Environment,
	type ExpiryStatus,
	type KeyRing,
	type KeyRole,
} from '../../../shared/keyLifecycle';
import { KeyConfigError } from '../../../shared/keyPlacement';
import { createRedactor } from '../../../shared/redaction';
import type { KeyContext } from '../transport';

export type { KeyRole } from '../../../shared/keyLifecycle';

/** The node parameter that picks the environment (descriptions/environment.description.ts). */
export const ENVIRONMENT_PARAMETER = 'environment';

const REJECTED = new Set([401, 403]);

/**
 * The credential as the node uses it for one execution. `config` and `redactor` make it a
 * KeyContext, so it can be passed wherever one is expected; `config` is the first key to try.
 */
export interface LifecycleKeyContext extends KeyContext {
	ring: KeyRing;
	/** Undefined when the Key expired and the Secondary Key stands in for it. */
	primary?: KeyContext;
	secondary?: KeyContext;
	expiry: ExpiryStatus;
	/** After the Secondary Key succeeded once, later requests try it first. */
	preferSecondary: boolean;
	/** Counters for the execution hints. */
	stats: { requests: number; secondaryUsed: number };
}

export interface RotationResult<R> {
	/** What the last attempt's send function returned. */
	response: R;
	keyUsed: KeyRole;
}

/** A raw response, or a result that holds one (such as a retry layer's result). */
export type StatusCarrier = { statusCode: number } | { response: { statusCode: number } };

function statusOf(result: StatusCarrier): number {
	return 'statusCode' in result ? result.statusCode : result.response.statusCode;
}

function readEnvironment(ctx: IExecuteFunctions): Environment {
	const value = ctx.getNodeParameter(ENVIRONMENT_PARAMETER, 0, 'live') as unknown;
	if (!isEnvironment(value)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown environment "${String(value)}"`, {
			description: 'Set Environment to Live or Test.',
		});
	}
	return value;
}

/**
 * Reads the API Key credential once per execution for the node's Environment, with both keys in
 * the redactor. Throws before anything is sent when the Key expired and there is no Secondary Key.
 */
export async function loadLifecycleKeyContext(
	ctx: IExecuteFunctions,
	now: Date = new Date(),
): Promise<LifecycleKeyContext> {
	const environment = readEnvironment(ctx);
	const data = await ctx.getCredentials('apiKeyApi');
	let ring: KeyRing;
	try {
		ring = parseKeyRing(data, environment);
	} catch (error) {
		const description = error instanceof KeyConfigError ? error.description : undefined;
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description });
	}
	const redactor = createRedactor(ring.secrets);
	const expiry = expiryStatus(ring, now);
	const secondary = ring.secondary ? { config: ring.secondary, redactor } : undefined;
	let primary: KeyContext | undefined = { config: ring.primary, redactor };
	if (expiry.state === 'expired') {
		if (!secondary) {
			const error = expiredKeyError(ring, expiry.at);
			throw new NodeOperationError(ctx.getNode(), error.message, {
				description: error.description,
			});
		}
		primary = undefined;
	}
	const first = primary ?? secondary!;
	return {
		config: first.config,
		redactor,
		ring,
		primary,
		secondary,
		expiry,
		preferSecondary: false,
		stats: { requests: 0, secondaryUsed: 0 },
	};
}

function attemptOrder(key: LifecycleKeyContext): KeyRole[] {
	if (!key.primary) return ['secondary'];
	if (!key.secondary) return ['primary'];
	return key.preferSecondary ? ['secondary', 'primary'] : ['primary', 'secondary'];
}

/**
 * Sends one request with the primary key and, when the API answers 401 or 403, once more with the
 * Secondary Key. Each attempt carries exactly one key, and both go to the same URL, so the
 * Secondary Key only goes where the Key would have gone. Errors before an answer (timeouts,
 * refused connections, disallowed hosts) are not retried here.
 *
 * `send` is one attempt with one key: `sendWithKey`, or a retry layer around it whose result holds
 * the final `response`.
 */
export async function sendWithRotation<R extends StatusCarrier>(
	send: (key: KeyContext) => Promise<R>,
	key: LifecycleKeyContext,
): Promise<RotationResult<R>> {
	const order = attemptOrder(key);
	let result: RotationResult<R> | undefined;
	for (const role of order) {
		const attempt = role === 'primary' ? key.primary! : key.secondary!;
		result = { response: await send(attempt), keyUsed: role };
		if (!REJECTED.has(statusOf(result.response))) break;
	}
	const { keyUsed } = result!;
	key.stats.requests++;
	if (keyUsed === 'secondary' && !REJECTED.has(statusOf(result!.response))) {
		key.stats.secondaryUsed++;
		key.preferSecondary = true;
	}
	return result!;
}

/**
 * Marks output items answered with the Secondary Key (`keyUsed: "secondary"`), so the rotation
 * shows in the data too. Changes the items in place and returns them.
 */
export function markKeyUsed(items: INodeExecutionData[], keyUsed: KeyRole): INodeExecutionData[] {
	if (keyUsed !== 'secondary') return items;
	for (const item of items) item.json.keyUsed = keyUsed;
	return items;
}

function httpStatus(error: unknown): number | undefined {
	const code = Number((error as { httpCode?: unknown }).httpCode);
	return Number.isInteger(code) ? code : undefined;
}

/**
 * Adds to a 401 or 403 error where the service's keys are managed, what the key's prefix suggests
 * and whether the Secondary Key was rejected too. Other errors are returned as they are.
 */
export function explainKeyRejection<E extends Error>(error: E, key: LifecycleKeyContext): E {
	if (!(error instanceof NodeApiError)) return error;
	const status = httpStatus(error);
	if (status === undefined) return error;
	const tried = !key.primary ? 'secondary' : key.secondary ? 'both' : 'primary';
	const lines = rejectionAdvice(status, key.ring, tried);
	if (lines.length === 0) return error;
	const extra = key.redactor.text(lines.join('\n'));
	error.description = error.description ? `${error.description}\n${extra}` : extra;
	return error;
}

const HINT_TYPES = { info: 'info', warning: 'warning' } as const;

/** The execution hints for this execution: environment, expiry, rotation, live-key guard. */
export function lifecycleHints(
	ctx: IExecuteFunctions,
	key: LifecycleKeyContext,
	now: Date = new Date(),
): NodeExecutionHint[] {
	const notes = lifecycleNotes(key.ring, {
		now,
		manual: ctx.getMode() === 'manual',
		requests: key.stats.requests,
		secondaryUsed: key.stats.secondaryUsed,
	});
	return notes.map((note) => ({
		message: key.redactor.text(note.message),
		type: HINT_TYPES[note.level],
		location: 'outputPane',
	}));
}
