/**
 * Identify Key: the first step of the store flow. Reads the presented key, refuses a missing or
 * malformed key, a bad checksum or a foreign prefix without any lookup, and outputs the key's
 * public id for the lookup node (`{{ $json.keyId }}`) with the context Verify Key picks up through
 * n8n's paired items: the key's hash (never the key), where it was read, and the client address.
 * Nothing of the request itself is output: Verify Key takes it from the request item once the key
 * is verified.
 */
import { randomUUID } from 'node:crypto';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { deny } from '../../helpers/denial';
import { algorithmFor, digestKey } from '../../helpers/hashing';
import { formatAddress } from '../../helpers/ip';
import { readPresentedKey, requestView } from '../../helpers/presentedKey';
import { redactMessage } from '../../helpers/redaction';
import { identifyKey } from '../../helpers/verifyKey';
import { acceptedPrefixes, readGuardSettings } from '../common/credential';
import { deniedJson, errorDeniedJson } from '../common/output';
import { readClientAddress, readOptions, readPlacement, text } from '../common/parameters';
import { placementProperties, requestReadingOptions } from './placement.description';

const show = { resource: ['request'], operation: ['identify'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Next: look the key record up by <code>{{ $json.keyId }}</code> (e.g. a Data Table node set to Always Output Data), then add API Key Guard → Verify Key with Key Records set to From Input Items',
		name: 'identifyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...placementProperties(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: requestReadingOptions,
	},
];

/** What Verify Key reads from this step's output item (through paired items). */
export interface IdentifyContext {
	requestId: string;
	keyId: string;
	keyHash: string;
	hashAlgorithm: string;
	clientIp: string | null;
	/** Where the key was read: Verify Key reads it there again to leave it out of what it passes on. */
	placement: { placement: string; name: string; scheme: string };
	realm: string;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const settings = await readGuardSettings.call(this);
	const hashAlgorithm = algorithmFor(settings.pepper);
	const valid: INodeExecutionData[] = [];
	const denied: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		let presentedValue: string | undefined;
		try {
			const options = readOptions(this, itemIndex);
			const placement = readPlacement(this, itemIndex);
			const realm = text(options.realm) || 'api';
			const challenge = { placement: placement.placement, scheme: placement.scheme, realm };
			const view = requestView(item.json);
			const presented = readPresentedKey(view, placement);
			if (presented.status === 'present') presentedValue = presented.value;
			const identified = identifyKey(presented, acceptedPrefixes(settings, options.extraPrefixes));
			if (!identified.ok) {
				denied.push({ json: deniedJson(deny(identified.reason, challenge)), pairedItem: { item: itemIndex } });
				continue;
			}
			const address = readClientAddress(item.json, view, options);
			const context: IdentifyContext = {
				requestId: randomUUID(),
				keyId: identified.keyId,
				keyHash: digestKey(identified.key, hashAlgorithm, settings.pepper).toString('hex'),
				hashAlgorithm,
				clientIp: address ? formatAddress(address) : null,
				placement: { ...placement },
				realm,
			};
			const json: IDataObject = { keyId: identified.keyId, prefix: identified.prefix, guard: context as unknown as IDataObject };
			valid.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const message = redactMessage((error as Error).message, presentedValue);
			if (this.continueOnFail()) {
				denied.push({ json: errorDeniedJson(message), pairedItem: { item: itemIndex } });
				continue;
			}
			throw new NodeOperationError(this.getNode(), message, { itemIndex });
		}
	}
	return [valid, denied];
}
