import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as key from './key/Key.resource';
import * as request from './request/Request.resource';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[][]>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	key: { issue: key.issue.execute, rotate: key.rotate.execute, revoke: key.revoke.execute },
	request: { identify: request.identify.execute, verify: request.verify.execute, signature: request.signature.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[resource]?.[operation];
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	return await run.call(this, this.getInputData());
}
