import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { text } from '../../../../shared/text';
import { clientAddress, type ClientAddressOptions } from '../../helpers/clientAddress';
import { parseCidrList, type Address } from '../../helpers/ip';
import { DEFAULT_PLACEMENT_NAMES, isGuardPlacement, type PlacementConfig } from '../../helpers/placement';
import type { RequestView } from '../../helpers/presentedKey';

const NAME_PARAMETER = { header: 'headerName', query: 'queryName', body: 'bodyFieldName', cookie: 'cookieName' } as const;

export { text };

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

/** The Key Location parameters of this node for an item. */
export function readPlacement(context: IExecuteFunctions, itemIndex: number): PlacementConfig {
	const placement = text(context.getNodeParameter('placement', itemIndex, 'header'));
	if (!isGuardPlacement(placement)) throw new Error(`Unknown key location "${placement}"`);
	const nameParameter = (NAME_PARAMETER as Record<string, string>)[placement];
	const name = nameParameter
		? text(context.getNodeParameter(nameParameter, itemIndex, DEFAULT_PLACEMENT_NAMES[placement])).trim()
		: '';
	const scheme = placement === 'authScheme' ? text(context.getNodeParameter('scheme', itemIndex, 'Token')).trim() : '';
	if (nameParameter && name === '') throw new Error('The key location needs a name (header, parameter, field or cookie)');
	if (placement === 'authScheme' && scheme === '') throw new Error('The key location needs a scheme');
	return { placement, name, scheme };
}

export function clientAddressOptions(options: IDataObject): ClientAddressOptions {
	return {
		field: text(options.clientIpField),
		trustForwardedFor: options.trustForwardedFor === true,
		forwardedForHeader: text(options.forwardedForHeader) || 'X-Forwarded-For',
		trustedProxies: parseCidrList(text(options.trustedProxies)),
	};
}

export function readClientAddress(json: unknown, view: RequestView, options: IDataObject): Address | undefined {
	return clientAddress(json, view, clientAddressOptions(options));
}
