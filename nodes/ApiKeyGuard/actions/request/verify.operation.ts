/**
 * Verify Key: decides whether a request may go on. Allowed carries the client (id, name, scopes,
 * metadata), its usage counters and the request without the key; Denied carries a ready answer
 * (status, headers, JSON body) for Respond to Webhook.
 *
 * Records come from the credential's client list (one node after the Webhook) or from input
 * items a lookup node fetched by the key id Identify Key output. In the second case the presented
 * key's context (its hash, the client address, the request) is found through n8n's paired items:
 * no expression has to carry it from Identify Key to here.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { clientIndexFor } from '../../helpers/clientList';
import { deny, type ChallengeConfig } from '../../helpers/denial';
import { algorithmFor, digestKey, digestsMatch, parseDigest, type HashAlgorithm } from '../../helpers/hashing';
import { formatAddress, parseAddress, parseCidrList } from '../../helpers/ip';
import { isGuardPlacement, type PlacementConfig } from '../../helpers/placement';
import { readPresentedKey, requestView } from '../../helpers/presentedKey';
import { KeyRecordError, readRecord, type KeyRecord } from '../../helpers/record';
import type { IdentifyContext } from './identify.operation';
import { redactMessage, verifiedKeyRedactor, type Redactor } from '../../helpers/redaction';
import { sanitizeRequest } from '../../helpers/sanitizeRequest';
import { parseScopes, type ScopeMode } from '../../helpers/scopes';
import { isPeriod } from '../../helpers/time';
import { checkKey, identifyKey, type CheckPolicy } from '../../helpers/verifyKey';
import { acceptedPrefixes, readGuardSettings, type GuardSettings } from '../common/credential';
import { allowedJson, deniedJson, errorDeniedJson } from '../common/output';
import { readClientAddress, readOptions, readPlacement, text } from '../common/parameters';
import { usageRegistry } from '../common/registries';
import { findIdentifyStep, pairedLookups } from './pairing';
import { placementProperties, requestReadingOptions } from './placement.description';

const show = { resource: ['request'], operation: ['verify'] };
const fromCredential = { '/recordSource': ['credential'] };
const fromInput = { '/recordSource': ['input'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Key Records',
		name: 'recordSource',
		type: 'options',
		noDataExpression: true,
		default: 'credential',
		displayOptions: { show },
		options: [
			{
				name: 'Client List in Credential',
				value: 'credential',
				description: 'The records pasted into the API Key Guard credential; for a few clients',
			},
			{
				name: 'From Input Items',
				value: 'input',
				description:
					'Records a lookup node (Data Table, Postgres, Airtable, ...) fetched with the key ID that Identify Key output',
			},
		],
	},
	{
		displayName:
			'Put API Key Guard → Identify Key before the lookup node, and turn on Always Output Data in the lookup node so an unknown key still reaches this step',
		name: 'inputNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, recordSource: ['input'] } },
	},
	...placementProperties({ ...show, recordSource: ['credential'] }),
	{
		displayName: 'Required Scopes',
		name: 'requiredScopes',
		type: 'string',
		default: '',
		placeholder: 'orders:read',
		description: 'Space- or comma-separated scopes a key must grant to use this endpoint. A key scope like orders:* grants every orders: scope.',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Allowed Client IPs',
				name: 'endpointIps',
				type: 'string',
				default: '',
				placeholder: '203.0.113.0/24, 2001:db8::/32',
				description:
					'Comma-separated addresses or CIDR ranges every client of this endpoint must come from, in addition to the allowed IPs of its key. Needs a known client address (Client IP Field or Trust X-Forwarded-For).',
			},
			{
				displayName: 'Default Quota',
				name: 'defaultQuota',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Requests per Usage Period for keys whose record sets no quota; 0: none',
			},
			{
				displayName: 'Default Rate Limit',
				name: 'defaultRateLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Requests per window for keys whose record sets no rate limit; 0: none',
			},
			{
				displayName: 'Default Rate Limit Window (Seconds)',
				name: 'defaultRateLimitWindow',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
			},
			{
				displayName: 'Identify Key Step',
				name: 'identifyNode',
				type: 'string',
				default: '',
				placeholder: 'Identify Key',
				description: 'Name of the Identify Key step this verification belongs to. Empty: the nearest one before this node.',
				displayOptions: { show: fromInput },
			},
			{
				displayName: 'Include Request',
				name: 'includeRequest',
				type: 'boolean',
				default: true,
				description:
					'Whether Allowed items carry the request (headers, query, body) without the key, for the nodes after. With Client List in Credential they also carry its binary data (e.g. a raw body), with the key masked.',
			},
			{
				displayName: 'Record Field',
				name: 'recordField',
				type: 'string',
				default: '',
				placeholder: 'record',
				description: 'The field of the input items that holds the key record. Empty: the items are the records (as a Data Table or Postgres node outputs them).',
				displayOptions: { show: fromInput },
			},
			{
				displayName: 'Scope Match',
				name: 'scopeMode',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'All Required Scopes', value: 'all' },
					{ name: 'Any Required Scope', value: 'any' },
				],
			},
			{
				displayName: 'Usage Period',
				name: 'usagePeriod',
				type: 'options',
				default: 'month',
				description: 'The period usage is counted in (and the Default Quota applies to) for keys whose record sets no quota period',
				options: [
					{ name: 'Hour', value: 'hour' },
					{ name: 'Day', value: 'day' },
					{ name: 'Week (From Monday, UTC)', value: 'week' },
					{ name: 'Month (UTC)', value: 'month' },
				],
			},
			...requestReadingOptions.map((option) => ({
				...option,
				displayOptions: { show: { ...fromCredential, ...(option.displayOptions?.show ?? {}) } },
			})),
		],
	},
];

function number(value: unknown, fallback: number): number {
	const parsed = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
}

function policyFor(context: IExecuteFunctions, itemIndex: number, options: IDataObject, challenge: ChallengeConfig, now: number): Omit<CheckPolicy, 'clientAddress'> {
	const scopeMode: ScopeMode = options.scopeMode === 'any' ? 'any' : 'all';
	const period = isPeriod(options.usagePeriod) ? options.usagePeriod : 'month';
	return {
		now,
		requiredScopes: parseScopes(context.getNodeParameter('requiredScopes', itemIndex, '')),
		scopeMode,
		endpointIps: parseCidrList(text(options.endpointIps)),
		defaults: {
			rateLimit: Math.floor(number(options.defaultRateLimit, 0)),
			rateLimitWindow: Math.max(1, Math.floor(number(options.defaultRateLimitWindow, 60))),
			quota: Math.floor(number(options.defaultQuota, 0)),
			period,
		},
		usage: usageRegistry,
		challenge,
	};
}

interface Outputs {
	allowed: INodeExecutionData[];
	denied: INodeExecutionData[];
	hints: NodeExecutionHint[];
}

/**
 * The request's binary data for the Allowed item: passed on as it is, unless it holds the key
 * (in any encoding), then with the key masked.
 */
async function maskedBinary(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	redactor: Redactor,
): Promise<INodeExecutionData['binary']> {
	if (!item.binary) return undefined;
	const binary: NonNullable<INodeExecutionData['binary']> = {};
	for (const [property, data] of Object.entries(item.binary)) {
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, property);
		binary[property] = redactor.revealsInBuffer(buffer)
			? await context.helpers.prepareBinaryData(redactor.buffer(buffer), data.fileName, data.mimeType)
			: data;
	}
	return binary;
}

async function fromCredentialList(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: GuardSettings,
	outputs: Outputs,
): Promise<void> {
	let index;
	try {
		index = clientIndexFor(settings.clients);
	} catch (error) {
		if (this.continueOnFail()) {
			// Every request is refused (500) rather than let through.
			items.forEach((_item, item) => outputs.denied.push({ json: errorDeniedJson((error as Error).message), pairedItem: { item } }));
			return;
		}
		throw new NodeOperationError(this.getNode(), 'The client list of the API Key Guard credential cannot be used', {
			description: (error as Error).message,
		});
	}
	const hashAlgorithm = algorithmFor(settings.pepper);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		let presentedValue: string | undefined;
		try {
			const options = readOptions(this, itemIndex);
			const placement = readPlacement(this, itemIndex);
			const challenge: ChallengeConfig = { placement: placement.placement, scheme: placement.scheme, realm: text(options.realm) || 'api' };
			const view = requestView(item.json);
			const presented = readPresentedKey(view, placement);
			if (presented.status === 'present') presentedValue = presented.value;
			const identified = identifyKey(presented, acceptedPrefixes(settings, options.extraPrefixes));
			if (!identified.ok) {
				outputs.denied.push({ json: deniedJson(deny(identified.reason, challenge)), pairedItem: { item: itemIndex } });
				continue;
			}
			const address = readClientAddress(item.json, view, options);
			const policy = { ...policyFor(this, itemIndex, options, challenge, Date.now()), clientAddress: address };
			const digest = digestKey(identified.key, hashAlgorithm, settings.pepper);
			const decision = checkKey({ keyId: identified.keyId, digest, hashAlgorithm }, index.get(identified.keyId), policy);
			if (!decision.allowed) {
				outputs.denied.push({ json: deniedJson(decision), pairedItem: { item: itemIndex } });
				continue;
			}
			// Only now, for a verified key, is anything of the request passed on: without the key.
			const redactor = verifiedKeyRedactor(digest.toString('hex'), identified.key);
			const include = options.includeRequest !== false;
			const json = allowedJson(decision, {
				clientIp: address ? formatAddress(address) : undefined,
				request: include ? (sanitizeRequest(item.json, view, placement, redactor.deep) as IDataObject) : undefined,
			});
			const binary = include ? await maskedBinary(this, item, itemIndex, redactor) : undefined;
			outputs.allowed.push({ json: redactor.deep(json), ...(binary ? { binary } : {}), pairedItem: { item: itemIndex } });
		} catch (error) {
			const message = redactMessage((error as Error).message, presentedValue);
			if (this.continueOnFail()) {
				outputs.denied.push({ json: errorDeniedJson(message), pairedItem: { item: itemIndex } });
				continue;
			}
			throw new NodeOperationError(this.getNode(), message, { itemIndex });
		}
	}
}

function recordOf(json: IDataObject, field: string): unknown {
	if (field === '') return json;
	let current: unknown = json;
	for (const part of field.split('.')) {
		if (!current || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

interface Group {
	firstIndex: number;
	indexes: number[];
	guard: IdentifyContext;
	records: KeyRecord[];
	lookups: ReturnType<typeof pairedLookups>;
}

/** The verified request, read again from the request item, without the key. */
function verifiedRequest(group: Group, digest: Buffer, pepper: string): { request: IDataObject; redactor: Redactor } | undefined {
	const item = group.lookups.requestItem();
	if (!item) return undefined;
	const placement = group.guard.placement as PlacementConfig;
	if (!isGuardPlacement(placement.placement)) return undefined;
	const view = requestView(item.json);
	const presented = readPresentedKey(view, placement);
	if (presented.status !== 'present') return undefined;
	// The very key Identify Key hashed: the request item is the one it read.
	const hashAlgorithm: HashAlgorithm = group.guard.hashAlgorithm === 'hmac-sha256' ? 'hmac-sha256' : 'sha256';
	if (!digestsMatch(digestKey(presented.value, hashAlgorithm, pepper), digest)) return undefined;
	const redactor = verifiedKeyRedactor(digest.toString('hex'), presented.value);
	return { request: sanitizeRequest(item.json, view, placement, redactor.deep) as IDataObject, redactor };
}

async function fromInputItems(this: IExecuteFunctions, items: INodeExecutionData[], settings: GuardSettings, outputs: Outputs): Promise<void> {
	const step = findIdentifyStep(this, text(readOptions(this, 0).identifyNode).trim());
	const groups = new Map<string, Group>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const lookups = pairedLookups(this, itemIndex, step);
		const guard = lookups.identifyContext();
		let group = groups.get(guard.requestId);
		if (!group) {
			group = { firstIndex: itemIndex, indexes: [], guard, records: [], lookups };
			groups.set(guard.requestId, group);
		}
		group.indexes.push(itemIndex);
		try {
			const record = readRecord(recordOf(items[itemIndex].json, text(readOptions(this, itemIndex).recordField).trim()));
			if (record) group.records.push(record);
		} catch (error) {
			// Refused like an unknown key (the client learns nothing); the operator is told here.
			const keyId = error instanceof KeyRecordError ? error.keyId : undefined;
			const message = `A key record could not be read${keyId ? ` (key ${keyId})` : ''}: ${(error as Error).message}`;
			this.logger.warn(`API Key Guard: ${message}`);
			outputs.hints.push({ message, type: 'warning', location: 'outputPane' });
		}
	}

	const hashAlgorithm = algorithmFor(settings.pepper);
	for (const group of groups.values()) {
		const { guard } = group;
		const itemIndex = group.firstIndex;
		const pairedItem = group.indexes.map((item) => ({ item }));
		try {
			if (guard.hashAlgorithm !== hashAlgorithm) {
				throw new NodeOperationError(this.getNode(), 'Identify Key and Verify Key use API Key Guard credentials with different peppers');
			}
			const options = readOptions(this, itemIndex);
			const challenge: ChallengeConfig = {
				placement: isGuardPlacement(guard.placement.placement) ? guard.placement.placement : 'header',
				scheme: text(guard.placement.scheme),
				realm: text(guard.realm) || 'api',
			};
			const digest = parseDigest(guard.keyHash) ?? Buffer.alloc(0);
			const matching = group.records.filter((record) => record.keyId === guard.keyId);
			if (matching.length > 1) {
				const message = `Key ${guard.keyId} has ${matching.length} records in the input; it is refused until only one is left`;
				this.logger.warn(`API Key Guard: ${message}`);
				outputs.hints.push({ message, type: 'warning', location: 'outputPane' });
			}
			const address = parseAddress(guard.clientIp ?? undefined);
			const policy = { ...policyFor(this, itemIndex, options, challenge, Date.now()), clientAddress: address };
			const decision = checkKey({ keyId: guard.keyId, digest, hashAlgorithm }, matching.length === 1 ? matching[0] : undefined, policy);
			if (!decision.allowed) {
				outputs.denied.push({ json: deniedJson(decision), pairedItem });
				continue;
			}
			let json = allowedJson(decision, { clientIp: guard.clientIp ?? undefined });
			if (options.includeRequest !== false) {
				const verified = verifiedRequest(group, digest, settings.pepper);
				if (!verified) {
					throw new NodeOperationError(this.getNode(), `The request of item ${itemIndex + 1} is not the one "${step.name}" read`, {
						description: `Verify Key reads the request from "${step.requestNode}", the node before "${step.name}", through paired items. Turn off Include Request to pass on only the client and its usage.`,
					});
				}
				json = verified.redactor.deep({ ...json, request: verified.request });
			}
			outputs.allowed.push({ json, pairedItem });
		} catch (error) {
			if (this.continueOnFail()) {
				outputs.denied.push({ json: errorDeniedJson((error as Error).message), pairedItem });
				continue;
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const settings = await readGuardSettings.call(this);
	const outputs: Outputs = { allowed: [], denied: [], hints: [] };
	const source = this.getNodeParameter('recordSource', 0, 'credential');
	if (source === 'input') await fromInputItems.call(this, items, settings, outputs);
	else await fromCredentialList.call(this, items, settings, outputs);
	if (outputs.hints.length > 0) this.addExecutionHints(...outputs.hints);
	return [outputs.allowed, outputs.denied];
}
