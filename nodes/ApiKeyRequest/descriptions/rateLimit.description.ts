import type { INodeProperties } from 'n8n-workflow';

/**
 * Client-side pacing of the key: the budget every execution of this n8n process shares when it
 * sends with the same credential and key to the same host.
 */
export const rateLimitOption: INodeProperties = {
	displayName: 'Rate Limit',
	name: 'rateLimit',
	placeholder: 'Add Rate Limit',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { limit: {} },
	description:
		"The key's budget: how fast requests go out with this credential's key to one host, shared by every execution, item, page and node of this n8n instance that uses it. When runs at the same time set different values, the lowest applies (a Max Concurrent Requests left at its default does not lower another's).",
	options: [
		{
			displayName: 'Limit',
			name: 'limit',
			values: [
				{
					displayName: 'Max Concurrent Requests',
					name: 'maxConcurrent',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 5,
					description:
						'Most requests in flight at the same time with the key, across all executions; items are processed in parallel up to this number and keep their order',
				},
				{
					displayName: 'Max Requests',
					name: 'maxRequests',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description:
						"Most requests to start per period with the key, across all executions (no need to divide it by how many run at once). 0 sets no limit of its own; the API's quota headers and 429 answers pace the key either way.",
				},
				{
					displayName: 'Per',
					name: 'period',
					type: 'options',
					default: 'second',
					options: [
						{ name: 'Second', value: 'second' },
						{ name: 'Minute', value: 'minute' },
					],
					description: 'The period Max Requests counts over',
				},
			],
		},
	],
};

export const retryOption: INodeProperties = {
	displayName: 'Retry',
	name: 'retry',
	placeholder: 'Add Retry',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { retry: {} },
	description:
		'Rate limit answers (429, or 503 with Retry-After) are always waited out without failing the item; these settings bound the waiting and the retries after errors',
	options: [
		{
			displayName: 'Retry',
			name: 'retry',
			values: [
				{
					displayName: 'Max Retries',
					name: 'maxRetries',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 3,
					description:
						'How often to retry after a network error or one of the statuses below, waiting longer each time (exponential backoff with jitter). POST and PATCH are not retried after a timeout or a dropped connection, since the API may have acted on them. A refused connection is retried once at most, and not at all on this machine (localhost): a wrong port does not start answering.',
				},
				{
					displayName: 'Max Total Wait (Seconds)',
					name: 'maxTotalWait',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 60,
					description:
						"Longest time one request (each page counts as one) may spend waiting for the API in total: rate limit waits, quota resets and backoff after errors together. Waiting for its turn under this node's own Rate Limit is not counted.",
				},
				{
					displayName: 'Max Wait (Seconds)',
					name: 'maxWait',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 20,
					description:
						'Longest single wait. When the API asks to wait longer (Retry-After, quota reset), the item fails with an error saying so instead of waiting.',
				},
				{
					displayName: 'Retry On Status Codes',
					name: 'retryOnStatus',
					type: 'string',
					default: '502, 503, 504',
					placeholder: '500, 502, 503, 504',
					description: 'Comma-separated statuses to retry with backoff; 5xx stands for all of them. 429 is always treated as a rate limit.',
				},
				{
					displayName: 'Retry On Timeout',
					name: 'retryOnTimeout',
					type: 'boolean',
					default: false,
					description:
						'Whether to send a request again when it hit the Timeout. Off by default: a slow API usually stays slow, and the wait multiplies.',
				},
			],
		},
	],
};
