/**
 * How Verify Key finds what Identify Key saw: the Identify Key step is the nearest API Key Guard
 * node before this one with that operation (or the one named in the options), and for each input
 * item n8n's paired items lead back to that step's output item and to the request item it read
 * (the output of the node before it, usually the Webhook), through the lookup node and any other
 * node that keeps item pairing.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { IdentifyContext } from './identify.operation';

const PAIRING_HELP =
	'Verify Key follows paired items back to the Identify Key step. Every node between the two must keep item pairing (n8n nodes do; a Code node must set pairedItem), and a lookup that finds nothing must still output an item: turn on Always Output Data in the lookup node.';

export interface IdentifyStep {
	/** The Identify Key node. */
	name: string;
	/** The node whose output Identify Key read the request from (usually the Webhook). */
	requestNode: string;
}

/** The Identify Key step for this node. */
export function findIdentifyStep(context: IExecuteFunctions, named: string): IdentifyStep {
	const self = context.getNode();
	const isIdentify = (node: { type: string; parameters?: Record<string, unknown> }) =>
		node.type === self.type && node.parameters?.resource === 'request' && node.parameters?.operation === 'identify';
	let found: string | undefined;
	if (named !== '') {
		const ancestor = context.getParentNodes(self.name, { includeNodeParameters: true }).find((node) => node.name === named);
		if (!ancestor || !isIdentify(ancestor)) {
			throw new NodeOperationError(self, `"${named}" is not an API Key Guard Identify Key step before this node`, {
				description: 'Check the Identify Key Step option, or leave it empty to use the nearest Identify Key step.',
			});
		}
		found = ancestor.name;
	} else {
		// Breadth first: the nearest Identify Key step wins.
		const seen = new Set<string>([self.name]);
		let layer = [self.name];
		while (layer.length > 0 && found === undefined) {
			const next: string[] = [];
			for (const name of layer) {
				for (const parent of context.getParentNodes(name, { includeNodeParameters: true, depth: 1 })) {
					if (seen.has(parent.name)) continue;
					seen.add(parent.name);
					if (!parent.disabled && isIdentify(parent)) found ??= parent.name;
					next.push(parent.name);
				}
			}
			layer = next;
		}
	}
	if (found === undefined) {
		throw new NodeOperationError(self, 'No API Key Guard Identify Key step before this node', {
			description:
				'With Key Records set to From Input Items, the flow is: Webhook → API Key Guard (Identify Key) → lookup by {{ $json.keyId }} → API Key Guard (Verify Key). For a client list in the credential, set Key Records to Client List in Credential.',
		});
	}
	const requestNode = context.getParentNodes(found, { depth: 1 })[0]?.name;
	if (!requestNode) throw new NodeOperationError(self, `"${found}" has no node before it to read the request from`);
	return { name: found, requestNode };
}

type DataProxy = ReturnType<IExecuteFunctions['getWorkflowDataProxy']>;

/** Paired-item lookups for one input item, sharing one n8n data proxy (building one is not free). */
export function pairedLookups(context: IExecuteFunctions, itemIndex: number, step: IdentifyStep) {
	let proxy: DataProxy | undefined;
	const paired = (nodeName: string): INodeExecutionData | undefined => {
		try {
			proxy ??= context.getWorkflowDataProxy(itemIndex);
			return proxy.$(nodeName).item as INodeExecutionData | undefined;
		} catch (error) {
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex + 1} cannot be traced back to "${nodeName}"`, {
				description: `${PAIRING_HELP} (n8n said: ${(error as Error).message})`,
				itemIndex,
			});
		}
	};
	return {
		/** The Identify Key context the input item descends from. */
		identifyContext(): IdentifyContext {
			const guard = paired(step.name)?.json?.guard as IdentifyContext | undefined;
			if (!guard || typeof guard.requestId !== 'string' || typeof guard.keyId !== 'string' || !guard.placement) {
				throw new NodeOperationError(context.getNode(), `Item ${itemIndex + 1} does not descend from an Identify Key output item`, {
					description: PAIRING_HELP,
					itemIndex,
				});
			}
			return guard;
		},
		/** The request item (the Webhook node's output item) the input item descends from. */
		requestItem(): INodeExecutionData | undefined {
			return paired(step.requestNode);
		},
	};
}
