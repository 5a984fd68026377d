/**
 * The default of every node option, read from the parameter descriptions: they are the one place a
 * default is written (n8n shows them in the editor), and the settings reader falls back to them
 * for options a workflow never set.
 */
import type { INodeProperties, INodePropertyCollection, NodeParameterValueType } from 'n8n-workflow';

import { properties } from './index';

type Defaults = Map<string, NodeParameterValueType>;

function collect(properties: ReadonlyArray<INodeProperties>, prefix: string, into: Defaults): void {
	for (const property of properties) {
		const path = `${prefix}${property.name}`;
		if (property.type === 'collection' && property.options) {
			collect(property.options as INodeProperties[], `${path}.`, into);
		} else if (property.type === 'fixedCollection' && property.options) {
			for (const group of property.options as INodePropertyCollection[]) {
				collect(group.values, `${path}.${group.name}.`, into);
			}
		} else if (!into.has(path)) {
			into.set(path, property.default);
		}
	}
}

const DEFAULTS: Defaults = new Map();
collect(properties, '', DEFAULTS);

/** The default of a parameter by its path, e.g. `options.timeout` or `options.retry.retry.maxRetries`. */
export function defaultOf<T extends NodeParameterValueType>(path: string): T {
	if (!DEFAULTS.has(path)) throw new Error(`The node has no parameter "${path}"`);
	return DEFAULTS.get(path) as T;
}
