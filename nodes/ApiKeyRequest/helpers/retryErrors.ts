import { NodeApiError } from 'n8n-workflow';
import type { INode, NodeOperationError } from 'n8n-workflow';

import type { Redactor } from '../../../shared/redaction';
import { RetriesExhaustedError, WaitTooLongError, type SendResult } from '../transport/retry';
import { httpStatusError, toNodeError } from './errors';

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;
const retriesText = (retries: number) => `${retries} ${retries === 1 ? 'retry' : 'retries'}`;

function amend(error: NodeApiError | NodeOperationError, redactor: Redactor, suffix: string, hint: string) {
	error.message = redactor.text(`${error.message}${suffix}`);
	error.description = redactor.text(error.description ? `${hint}\n${error.description}` : hint);
	return error;
}

/** The error for a failed answer, saying how many retries or quota waits came before it. */
export function finalStatusError(node: INode, result: SendResult, redactor: Redactor, itemIndex: number): NodeApiError {
	const error = httpStatusError(node, result.response, redactor, itemIndex);
	if (!result.exhausted) return error;
	if (result.response.statusCode === 429 || (result.quotaWaits > 0 && result.retries === 0)) {
		return amend(
			error,
			redactor,
			`, still limited after ${result.quotaWaits} waits`,
			'The API kept rate limiting the key although every wait it asked for was honoured. Lower Max Requests under Options > Rate Limit, or run the workflow later.',
		) as NodeApiError;
	}
	return amend(
		error,
		redactor,
		`, gave up after ${retriesText(result.retries)}`,
		`The request failed every time (Max Retries is ${result.retries}). Raise Max Retries under Options > Retry if the API needs longer to recover.`,
	) as NodeApiError;
}

/** Maps the errors of the retry layer; anything else goes through toNodeError unchanged. */
export function retryAwareNodeError(
	node: INode,
	error: unknown,
	redactor: Redactor,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof RetriesExhaustedError) {
		return amend(
			toNodeError(node, error.failure, redactor, itemIndex),
			redactor,
			`, gave up after ${retriesText(error.retries)}`,
			`The request failed every time (Max Retries is ${error.retries}). Raise Max Retries under Options > Retry if the API needs longer to recover.`,
		);
	}
	if (error instanceof WaitTooLongError) {
		const hint = `Raise Max Wait (now ${seconds(error.maxWaitMs)}) under Options > Retry to wait that long, or lower the request rate under Options > Rate Limit.`;
		if (error.response) {
			return amend(
				httpStatusError(node, error.response, redactor, itemIndex),
				redactor,
				`: the API asks to wait ${seconds(error.waitMs)}, longer than Max Wait`,
				hint,
			);
		}
		const message = `The key's quota is used up for another ${seconds(error.waitMs)}, longer than Max Wait`;
		return new NodeApiError(
			node,
			{ message: redactor.text(message) },
			{ message: redactor.text(message), description: redactor.text(hint), itemIndex },
		);
	}
	return toNodeError(node, error, redactor, itemIndex);
}
