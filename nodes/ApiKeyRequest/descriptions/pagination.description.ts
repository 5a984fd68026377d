import type { INodeProperties } from 'n8n-workflow';

const forModes = (...paginationMode: string[]) => ({ show: { paginationMode } });

export const paginationOption: INodeProperties = {
	displayName: 'Pagination',
	name: 'pagination',
	placeholder: 'Add Pagination',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { pagination: {} },
	description:
		'Fetch every page and output the records of all pages as items, in order. Set Split Into Items to where the records are in each page.',
	options: [
		{
			displayName: 'Pagination',
			name: 'pagination',
			// Pagination Mode comes first because it decides which of the other fields apply (as in
			// the HTTP Request node); the rest follow in the order a user fills them in.
			// eslint-disable-next-line n8n-nodes-base/node-param-fixed-collection-type-unsorted-items
			values: [
				{
					displayName: 'Pagination Mode',
					name: 'paginationMode',
					type: 'options',
					noDataExpression: true,
					default: 'pageNumber',
					options: [
						{
							name: 'Cursor',
							value: 'cursor',
							description: 'Each response holds a token that is sent to get the next page',
						},
						{
							name: 'Link Header',
							value: 'linkHeader',
							description: 'Follow the rel="next" link of the Link response header',
						},
						{
							name: 'Next URL in Response Body',
							value: 'nextUrlInBody',
							description: 'Each response holds the URL of the next page',
						},
						{
							name: 'Offset and Limit',
							value: 'offset',
							description: 'Send an offset that grows by the records received, and a limit',
						},
						{ name: 'Page Number', value: 'pageNumber', description: 'Send a page number that goes up by one' },
					],
				},
				{
					displayName: 'Next URL Field',
					name: 'nextUrlPath',
					type: 'string',
					default: 'next',
					placeholder: 'links.next',
					description: "Path to the next page's URL in the response body. Pagination ends when it is empty.",
					displayOptions: forModes('nextUrlInBody'),
				},
				{
					displayName: 'Cursor Field',
					name: 'cursorPath',
					type: 'string',
					default: 'next_cursor',
					placeholder: 'meta.next_cursor',
					description: "Path to the next page's token in the response body. Pagination ends when it is empty.",
					displayOptions: forModes('cursor'),
				},
				{
					displayName: 'Cursor Parameter',
					name: 'cursorParameter',
					type: 'string',
					default: 'cursor',
					description: 'Name of the parameter the token is sent in',
					displayOptions: forModes('cursor'),
				},
				{
					displayName: 'Page Parameter',
					name: 'pageParameter',
					type: 'string',
					default: 'page',
					description: 'Name of the parameter the page number is sent in',
					displayOptions: forModes('pageNumber'),
				},
				{
					displayName: 'First Page',
					name: 'firstPage',
					type: 'number',
					default: 1,
					description: 'Number of the first page: 1 for most APIs, 0 for some',
					displayOptions: forModes('pageNumber'),
				},
				{
					displayName: 'Offset Parameter',
					name: 'offsetParameter',
					type: 'string',
					default: 'offset',
					description: 'Name of the parameter the offset is sent in; it starts at 0',
					displayOptions: forModes('offset'),
				},
				{
					displayName: 'Limit Parameter',
					name: 'limitParameter',
					type: 'string',
					default: 'limit',
					description: 'Name of the parameter the page size is sent in',
					displayOptions: forModes('offset'),
				},
				{
					displayName: 'Page Size Parameter',
					name: 'pageSizeParameter',
					type: 'string',
					default: '',
					placeholder: 'per_page',
					description: "Name of the parameter that sets how many records a page holds; leave empty to use the API's default",
					displayOptions: forModes('pageNumber'),
				},
				{
					displayName: 'Page Size',
					name: 'pageSize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 100,
					description: 'Records to ask for per page',
					displayOptions: forModes('pageNumber', 'offset'),
				},
				{
					displayName: 'Send Parameter In',
					name: 'parameterLocation',
					type: 'options',
					default: 'query',
					options: [
						{ name: 'Query', value: 'query' },
						{ name: 'Body', value: 'body' },
					],
					description: 'Where the page parameters go',
					displayOptions: forModes('pageNumber', 'offset', 'cursor'),
				},
				{
					displayName: 'Stop When Page Is Empty',
					name: 'stopWhenEmpty',
					type: 'boolean',
					default: true,
					description: 'Whether to stop at the first page without records',
				},
				{
					displayName: 'Complete Expression',
					name: 'completeExpression',
					type: 'string',
					default: '',
					placeholder: '{{ $response.body.has_more === false }}',
					// `$json` is the name of the input item's variable, not the word JSON.
					// eslint-disable-next-line n8n-nodes-base/node-param-description-miscased-json
					description:
						'Stop after the page for which this is true. Can use $response.body, $response.headers, $response.statusCode, $pageCount and $json (the input item) with comparisons, &&, || and !.',
				},
				{
					displayName: 'Max Pages',
					name: 'maxPages',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 1000,
					description: 'Stop after this many pages per input item; 0 for no limit',
				},
			],
		},
	],
};
