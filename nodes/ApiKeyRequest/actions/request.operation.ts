import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { bodyProperties } from '../descriptions/body.description';
import { optionsProperties } from '../descriptions/options.description';
import { requestProperties } from '../descriptions/request.description';
import { buildRequest } from '../helpers/buildRequest';
import { toNodeError } from '../helpers/errors';
import { loadKeyContext } from '../helpers/keyContext';
import { readResponseOptions, responseToItems } from '../helpers/response';
import { sendWithKey, type KeyContext } from '../transport';

export const description: INodeProperties[] = [...requestProperties, ...bodyProperties, ...optionsProperties];

async function requestForItem(ctx: IExecuteFunctions, key: KeyContext, itemIndex: number): Promise<INodeExecutionData[]> {
	const request = await buildRequest(ctx, itemIndex);
	const response = await sendWithKey(ctx, request, key);
	const options = readResponseOptions(ctx.getNodeParameter('options', itemIndex, {}) as IDataObject);
	return await responseToItems(ctx, response, options, key.redactor, itemIndex);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const key = await loadKeyContext(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push(...(await requestForItem(this, key, itemIndex)));
		} catch (caught) {
			const error = toNodeError(this.getNode(), caught, key.redactor, itemIndex);
			if (!this.continueOnFail()) throw error;
			output.push({
				json: { error: error.message, ...(error.description ? { description: error.description } : {}) },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}
