import type { INodeProperties } from 'n8n-workflow';

const forModes = (...paginationMode: string[]) => ({ show: { paginationMode } });

/**
 * The fields of a collection in the order n8n's verification asks for (by display name).
 * displayOptions show only the fields a mode or source uses, so the order the user meets them in
 * stays short either way.
 */
const byDisplayName = (values: INodeProperties[]): INodeProperties[] =>
	[...values].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));

/**
 * Declarative stop rules: a value from the page (a body field, a header, the status) and a
 * condition. They replace the Complete Expression, which looked like an n8n expression but was
 * not one; the node reads the masked answer, so no rule can see the key.
 */
const stopWhen: INodeProperties = {
	displayName: 'Stop When',
	name: 'stopWhen',
	placeholder: 'Add Stop Rule',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	description: 'Stop after the first page for which any of these rules holds',
	options: [
		{
			displayName: 'Rule',
			name: 'rules',
			values: byDisplayName([
				{
					displayName: 'Source',
					name: 'source',
					type: 'options',
					default: 'body',
					options: [
						{ name: 'Response Body Field', value: 'body', description: 'A field of the JSON answer' },
						{ name: 'Response Header', value: 'header' },
						{ name: 'Status Code', value: 'status' },
					],
				},
				{
					displayName: 'Field',
					name: 'field',
					type: 'string',
					default: '',
					placeholder: 'has_more',
					description: 'Path in the response body, e.g. has_more or meta.pagination.last_page; empty for the whole body',
					displayOptions: { show: { source: ['body'] } },
				},
				{
					displayName: 'Header Name',
					name: 'header',
					type: 'string',
					default: '',
					placeholder: 'X-Has-More',
					displayOptions: { show: { source: ['header'] } },
				},
				{
					displayName: 'Condition',
					name: 'condition',
					type: 'options',
					default: 'isFalse',
					options: [
						{ name: 'Does Not Equal', value: 'notEquals' },
						{ name: 'Equals', value: 'equals' },
						{ name: 'Is Empty', value: 'isEmpty', description: 'Missing, null, an empty text, list or object' },
						{ name: 'Is False', value: 'isFalse', description: 'False, or the text "false"' },
						{ name: 'Is Not Empty', value: 'isNotEmpty' },
						{ name: 'Is True', value: 'isTrue', description: 'True, or the text "true"' },
					],
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description: 'Compared as text; numbers also by value (0 equals 0.0)',
					displayOptions: { show: { condition: ['equals', 'notEquals'] } },
				},
			]),
		},
	],
};

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
			values: byDisplayName([
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
							name: 'Cursor From Last Record',
							value: 'lastRecord',
							description:
								"A field of the page's last record (its ID) is sent to get the records after it, as Stripe's starting_after or OpenAI's after",
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
							description: 'Send an offset (or a start index) that grows by the records received, and a limit',
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
					displayName: 'Last Record Field',
					name: 'lastRecordField',
					type: 'string',
					default: 'id',
					description:
						"Path to the field of each record that asks for the records after it, read from the page's last record (records are where Split Into Items points). Pagination ends at a page without records.",
					displayOptions: forModes('lastRecord'),
				},
				{
					displayName: 'Last Record Parameter',
					name: 'lastRecordParameter',
					type: 'string',
					default: 'starting_after',
					placeholder: 'after',
					description: 'Name of the parameter the last record\'s field is sent in',
					displayOptions: forModes('lastRecord'),
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
					displayOptions: forModes('pageNumber', 'lastRecord'),
				},
				{
					displayName: 'Page Size',
					name: 'pageSize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 100,
					description: 'Records to ask for per page',
					displayOptions: forModes('pageNumber', 'offset', 'lastRecord'),
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
					displayOptions: forModes('pageNumber', 'offset', 'cursor', 'lastRecord'),
				},
				{
					displayName: 'Has More Field',
					name: 'hasMorePath',
					type: 'string',
					default: '',
					placeholder: 'has_more',
					description:
						'Path to a field of the response body that says whether more pages follow (has_more in Stripe, OpenAI, Notion, Slack). Pagination ends after the page where it is false. Empty: not used.',
				},
				{
					displayName: 'Stop When Page Is Empty',
					name: 'stopWhenEmpty',
					type: 'boolean',
					default: true,
					description: 'Whether to stop at the first page without records',
				},
				stopWhen,
				{
					displayName: 'Max Pages',
					name: 'maxPages',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 1000,
					description: 'Stop after this many pages per input item; 0 for no limit',
				},
				{
					// Replaced by Stop When. Kept, never shown, so that a workflow saved with it fails with an
					// error that says so instead of paginating on until Max Pages.
					displayName: 'Complete Expression (Replaced by Stop When)',
					name: 'completeExpression',
					type: 'hidden',
					default: '',
				},
			]),
		},
	],
};
