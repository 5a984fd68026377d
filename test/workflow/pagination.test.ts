/**
 * Pagination through n8n-core's WorkflowExecute against real local APIs: every mode, every stop
 * condition, order and pairing of the records, and the key on every page (and only there).
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { ApiKeyRequest } from '../../nodes/ApiKeyRequest/ApiKeyRequest.node';
import { credentialFor, keyIn, serverSaw, type PlacementName } from '../helpers/keyApi';
import { json, startServer, type RecordedRequest, type TestServer } from '../helpers/servers';
import { runNode } from '../helpers/workflow';

const KEY = 'page-key-Tg73';

/** 23 records of a collection named by `?list=` (default "a"), 10 per page unless asked otherwise. */
function records(list: string): Array<{ id: string }> {
	return Array.from({ length: 23 }, (_, index) => ({ id: `${list}${index + 1}` }));
}

let api: TestServer;
let other: TestServer;

function pageOf(list: string, offset: number, limit: number) {
	const all = records(list);
	return { slice: all.slice(offset, offset + limit), more: offset + limit < all.length };
}

function bodyOf(req: RecordedRequest): Record<string, unknown> {
	return req.body.length > 0 ? (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>) : {};
}

beforeAll(async () => {
	other = await startServer((_req, res) => json(res, 200, { data: [{ id: 'elsewhere' }], next: null }));
	api = await startServer((req, res) => {
		if (req.headers['x-api-key'] !== KEY && keyIn(req, 'query') !== KEY) {
			json(res, 401, { message: 'no key' });
			return;
		}
		const list = req.query.get('list') ?? 'a';
		switch (req.path) {
			case '/next-url': {
				const offset = Number(req.query.get('from') ?? 0);
				const { slice, more } = pageOf(list, offset, 10);
				json(res, 200, { data: slice, links: { next: more ? `/next-url?list=${list}&from=${offset + 10}` : null } });
				return;
			}
			case '/link': {
				const page = Number(req.query.get('page') ?? 1);
				const { slice, more } = pageOf(list, (page - 1) * 10, 10);
				// Like many APIs, the links repeat every query parameter, the key included.
				const next = new URL(`${api.url}/link`);
				for (const [name, value] of req.query) next.searchParams.set(name, value);
				next.searchParams.set('page', String(page + 1));
				res.setHeader('link', more ? `<${next.toString()}>; rel="next", <${api.url}/link?page=1>; rel="first"` : `<${api.url}/link?page=1>; rel="first"`);
				json(res, 200, slice);
				return;
			}
			case '/pages': {
				const page = Number(req.query.get('page'));
				const size = Number(req.query.get('per_page') ?? 10);
				json(res, 200, { results: pageOf(list, (page - 1) * size, size).slice });
				return;
			}
			case '/offset': {
				// Caps the limit at 7, as APIs do: the offset must follow what arrived.
				const limit = Math.min(7, Number(req.query.get('limit')));
				json(res, 200, { items: pageOf(list, Number(req.query.get('offset')), limit).slice });
				return;
			}
			case '/cursor': {
				const source = req.method === 'POST' ? bodyOf(req) : Object.fromEntries(req.query);
				const offset = source.cursor ? Number(String(source.cursor).replace('c', '')) : 0;
				const { slice, more } = pageOf(String(source.list ?? list), offset, 10);
				json(res, 200, { data: slice, meta: { next_cursor: more ? `c${offset + 10}` : null }, has_more: more });
				return;
			}
			case '/stripe': {
				// Stripe's lists: the next page starts after the last record's id, has_more says when to stop.
				const all = records(list);
				const after = req.query.get('starting_after');
				const limit = Number(req.query.get('limit') ?? 10);
				const start = after ? all.findIndex((record) => record.id === after) + 1 : 0;
				const slice = all.slice(start, start + limit);
				json(res, 200, { object: 'list', data: slice, has_more: start + limit < all.length });
				return;
			}
			case '/echo-link': {
				// Repeats the query, key included, in its Link header, like many APIs' next links.
				const page = Number(req.query.get('page') ?? 1);
				const next = new URL(`${api.url}/echo-link`);
				for (const [name, value] of req.query) next.searchParams.set(name, value);
				next.searchParams.set('page', String(page + 1));
				res.setHeader('link', `<${next.toString()}>; rel="next"`);
				res.setHeader('x-page', String(page));
				json(res, 200, page <= 3 ? [{ id: `e${page}` }] : []);
				return;
			}
			case '/forever':
				json(res, 200, { data: [{ id: 'same' }], next_cursor: 'again' });
				return;
			case '/endless':
				json(res, 200, { data: [{ id: `p${req.query.get('page')}` }] });
				return;
			case '/ignores-page':
				json(res, 200, { data: [{ id: 'always the first page' }] });
				return;
			case '/away':
				json(res, 200, { data: [{ id: 'here' }], next: `${other.url}/steal` });
				return;
			case '/key-next': {
				// The next URL repeats the key (as many APIs' links do): the node shows it masked.
				const offset = Number(req.query.get('from') ?? 0);
				const { slice, more } = pageOf(list, offset, 10);
				json(res, 200, { data: slice, links: { next: more ? `/key-next?api_key=${KEY}&from=${offset + 10}` : null }, echo: KEY });
				return;
			}
			case '/key-cursor': {
				// A cursor that contains the key: masked in the output, sent back as the API wrote it.
				const cursor = req.query.get('cursor');
				const offset = cursor ? Number(cursor.slice(cursor.lastIndexOf(':') + 1)) : 0;
				const { slice, more } = pageOf(list, offset, 10);
				json(res, 200, { data: slice, next_cursor: more ? `${KEY}:${offset + 10}` : null });
				return;
			}
			case '/away-with-key':
				json(res, 200, { data: [{ id: 'here' }], next: `${other.url}/steal?api_key=${KEY}` });
				return;
			case '/away-link':
				res.setHeader('link', `<${other.url}/steal?api_key=${KEY}&page=2>; rel="next"`);
				json(res, 200, [{ id: 'here' }]);
				return;
			default:
				json(res, 404, { message: 'unknown' });
		}
	});
});

afterAll(async () => {
	await api.close();
	await other.close();
});

async function paginate(
	parameters: INodeParameters,
	pagination: Record<string, unknown>,
	options: { items?: INodeExecutionData[]; placement?: PlacementName; extraOptions?: Record<string, unknown>; continueOnFail?: boolean } = {},
) {
	const { options: ownOptions, ...rest } = parameters as { options?: Record<string, unknown> };
	return await runNode({
		node: new ApiKeyRequest(),
		parameters: {
			method: 'GET',
			...rest,
			options: { ...(ownOptions ?? {}), ...(options.extraOptions ?? {}), pagination: { pagination } },
		} as INodeParameters,
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credentialFor(options.placement ?? 'header', KEY, { baseUrl: api.url }) },
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
}

const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.id);
const requestsTo = (path: string, since: number) => api.requests.slice(since).filter((req) => req.path === path);

describe('pagination modes', () => {
	test('next URL in the response body: all pages, in order, paired with their input item', async () => {
		const since = api.requests.length;
		const result = await paginate(
			{ url: '/next-url', sendQuery: true, queryParameters: { parameters: [{ name: 'list', value: '={{ $json.list }}' }] }, options: { splitAtPath: 'data' } },
			{ paginationMode: 'nextUrlInBody', nextUrlPath: 'links.next' },
			{ items: [{ json: { list: 'a' } }, { json: { list: 'b' } }] },
		);
		expect(result.error).toBeUndefined();
		expect(ids(result.items)).toEqual([...records('a'), ...records('b')].map((record) => record.id));
		expect(result.items.map((item) => item.pairedItem)).toEqual([...Array(23).fill({ item: 0 }), ...Array(23).fill({ item: 1 })]);
		const seen = requestsTo('/next-url', since);
		expect(seen).toHaveLength(6);
		expect(seen.every((req) => req.headers['x-api-key'] === KEY)).toBe(true);
	});

	test('Link header: rel="next" until there is none; a key repeated in the link is sent once', async () => {
		const since = api.requests.length;
		const result = await paginate({ url: '/link' }, { paginationMode: 'linkHeader' }, { placement: 'query' });
		expect(result.error).toBeUndefined();
		expect(ids(result.items)).toEqual(records('a').map((record) => record.id));
		const seen = requestsTo('/link', since);
		expect(seen.map((req) => req.query.get('page'))).toEqual([null, '2', '3']);
		expect(seen.every((req) => req.query.getAll('api_key').length === 1 && req.query.get('api_key') === KEY)).toBe(true);
	});

	test('page number with a page size parameter, until an empty page', async () => {
		const since = api.requests.length;
		const result = await paginate(
			{ url: '/pages', options: { splitAtPath: 'results' } },
			{ paginationMode: 'pageNumber', pageParameter: 'page', firstPage: 1, pageSizeParameter: 'per_page', pageSize: 5 },
		);
		expect(ids(result.items)).toEqual(records('a').map((record) => record.id));
		expect(requestsTo('/pages', since).map((req) => [req.query.get('page'), req.query.get('per_page')])).toEqual([
			['1', '5'],
			['2', '5'],
			['3', '5'],
			['4', '5'],
			['5', '5'],
			['6', '5'],
		]);
	});

	test('offset and limit: the offset follows the records received when the API caps the limit', async () => {
		const since = api.requests.length;
		const result = await paginate({ url: '/offset', options: { splitAtPath: 'items' } }, { paginationMode: 'offset', pageSize: 50 });
		expect(ids(result.items)).toEqual(records('a').map((record) => record.id));
		expect(requestsTo('/offset', since).map((req) => [req.query.get('offset'), req.query.get('limit')])).toEqual([
			['0', '50'],
			['7', '50'],
			['14', '50'],
			['21', '50'],
			['23', '50'],
		]);
	});

	test('cursor in the query', async () => {
		const since = api.requests.length;
		const result = await paginate(
			{ url: '/cursor', options: { splitAtPath: 'data' } },
			{ paginationMode: 'cursor', cursorPath: 'meta.next_cursor', cursorParameter: 'cursor' },
		);
		expect(ids(result.items)).toEqual(records('a').map((record) => record.id));
		expect(requestsTo('/cursor', since).map((req) => req.query.get('cursor'))).toEqual([null, 'c10', 'c20']);
	});

	test('cursor in a JSON body (search APIs), the rest of the body kept', async () => {
		const since = api.requests.length;
		const result = await paginate(
			{
				method: 'POST',
				url: '/cursor',
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				jsonBody: '{ "list": "z", "filter": { "active": true } }',
				options: { splitAtPath: 'data' },
			},
			{ paginationMode: 'cursor', cursorPath: 'meta.next_cursor', cursorParameter: 'cursor', parameterLocation: 'body' },
		);
		expect(ids(result.items)).toEqual(records('z').map((record) => record.id));
		expect(requestsTo('/cursor', since).map(bodyOf)).toEqual([
			{ list: 'z', filter: { active: true } },
			{ list: 'z', filter: { active: true }, cursor: 'c10' },
			{ list: 'z', filter: { active: true }, cursor: 'c20' },
		]);
	});
});

describe('stop conditions', () => {
	test('Stop When: a body field, a header, the status; evaluated after each page, values may be expressions', async () => {
		const since = api.requests.length;
		const byBody = await paginate(
			{ url: '/cursor', options: { splitAtPath: 'data' } },
			{ paginationMode: 'cursor', cursorPath: 'meta.next_cursor', stopWhen: { rules: [{ source: 'body', field: 'has_more', condition: 'isFalse' }] } },
		);
		expect(byBody.error).toBeUndefined();
		expect(byBody.items).toHaveLength(23);
		expect(requestsTo('/cursor', since)).toHaveLength(3);

		const byHeader = await paginate(
			{ url: '/echo-link' },
			{ paginationMode: 'linkHeader', stopWhen: { rules: [{ source: 'header', header: 'X-Page', condition: 'equals', value: '={{ $json.lastPage }}' }] } },
			{ items: [{ json: { lastPage: 2 } }] },
		);
		expect(ids(byHeader.items)).toEqual(['e1', 'e2']);

		const byStatus = await paginate(
			{ url: '/cursor', options: { splitAtPath: 'data' } },
			{ paginationMode: 'cursor', cursorPath: 'meta.next_cursor', stopWhen: { rules: [{ source: 'status', condition: 'equals', value: '200' }] } },
		);
		expect(byStatus.items).toHaveLength(10);
	});

	test('Cursor From Last Record (Stripe): the last id of every page, any page size, until has_more is false', async () => {
		for (const limit of [3, 10, 7]) {
			const since = api.requests.length;
			const result = await paginate(
				{ url: '/stripe', options: { splitAtPath: 'data' } },
				{ paginationMode: 'lastRecord', lastRecordField: 'id', lastRecordParameter: 'starting_after', pageSizeParameter: 'limit', pageSize: limit, hasMorePath: 'has_more' },
			);
			expect(result.error).toBeUndefined();
			expect(ids(result.items)).toEqual(records('a').map((record) => record.id));
			const seen = requestsTo('/stripe', since);
			// has_more ends it: no extra empty page.
			expect(seen).toHaveLength(Math.ceil(23 / limit));
			expect(seen[0].query.get('starting_after')).toBeNull();
			expect(seen.slice(1).map((req) => req.query.get('starting_after'))).toEqual(
				Array.from({ length: seen.length - 1 }, (_, index) => `a${(index + 1) * limit}`),
			);
			expect(seen.every((req) => req.query.get('limit') === String(limit))).toBe(true);
		}
	});

	test('a workflow saved with the old Complete Expression fails saying what replaced it, instead of paging to Max Pages', async () => {
		const since = api.requests.length;
		const result = await paginate(
			{ url: '/cursor', options: { splitAtPath: 'data' } },
			{ paginationMode: 'cursor', cursorPath: 'meta.next_cursor', completeExpression: '={{ $response.body.has_more === false }}' },
			{ continueOnFail: true },
		);
		expect(result.items).toEqual([
			{ json: expect.objectContaining({ error: 'Pagination: Complete Expression was replaced by Stop When' }), pairedItem: { item: 0 } },
		]);
		expect(String(result.items[0].json.description)).toContain('Options > Pagination > Stop When');
		expect(requestsTo('/cursor', since)).toHaveLength(0);

		// With a Stop When rule in place the old expression is ignored.
		const migrated = await paginate(
			{ url: '/cursor', options: { splitAtPath: 'data' } },
			{
				paginationMode: 'cursor',
				cursorPath: 'meta.next_cursor',
				completeExpression: '={{ $response.body.has_more === false }}',
				stopWhen: { rules: [{ source: 'body', field: 'has_more', condition: 'isFalse' }] },
			},
		);
		expect(migrated.error).toBeUndefined();
		expect(migrated.items).toHaveLength(23);
	});

	test('a stop rule on a header that echoes the key behaves the same for every guess of the key', async () => {
		// The old Complete Expression allowed `$response.headers.link >= "<guess>"`: an oracle that
		// recovered a key in the query in about a hundred runs. A rule reads the masked header.
		const link = (key: string, page: number) => `<${api.url}/echo-link?api_key=${key}&page=${page}>; rel="next"`;
		const guesses = [KEY, KEY.slice(0, 4), 'page-key-Tg72', 'zzzz', link(KEY, 2), link(KEY, 3), `${api.url}/echo-link?api_key=${KEY}`];
		const outcomes = new Set<string>();
		for (const guess of guesses) {
			for (const condition of ['equals', 'notEquals']) {
				const since = api.requests.length;
				const result = await paginate(
					{ url: '/echo-link' },
					{ paginationMode: 'linkHeader', stopWhen: { rules: [{ source: 'header', header: 'link', condition, value: guess }] } },
					{ placement: 'query' },
				);
				outcomes.add(JSON.stringify({ condition, pages: requestsTo('/echo-link', since).length, items: ids(result.items), error: result.error?.message }));
			}
		}
		expect([...outcomes].map((outcome) => JSON.parse(outcome) as { condition: string; pages: number })).toEqual([
			{ condition: 'equals', pages: 4, items: ['e1', 'e2', 'e3'] },
			{ condition: 'notEquals', pages: 1, items: ['e1'] },
		]);
	});

	test('Max Pages stops and says that more pages were there', async () => {
		const since = api.requests.length;
		const result = await paginate({ url: '/endless', options: { splitAtPath: 'data' } }, { paginationMode: 'pageNumber', maxPages: 4 });
		expect(ids(result.items)).toEqual(['p1', 'p2', 'p3', 'p4']);
		expect(requestsTo('/endless', since)).toHaveLength(4);
		expect(result.hints.map((hint) => hint.message).join()).toContain('Max Pages (4)');
	});

	test('a cursor that repeats ends with an error instead of looping', async () => {
		const result = await paginate({ url: '/forever', options: { splitAtPath: 'data' } }, { paginationMode: 'cursor', cursorPath: 'next_cursor', maxPages: 0 });
		expect(result.error?.message).toBe('The API pointed to a page that was already fetched, so pagination stopped');
	});

	test('an API that ignores the page parameter ends with an error instead of looping', async () => {
		const result = await paginate({ url: '/ignores-page', options: { splitAtPath: 'data' } }, { paginationMode: 'pageNumber', maxPages: 0 });
		expect(result.error?.message).toBe('Page 2 is the same as page 1, so pagination stopped');
	});

	test('a next URL on another origin is not requested with the key', async () => {
		const result = await paginate({ url: '/away', options: { splitAtPath: 'data' } }, { paginationMode: 'nextUrlInBody', nextUrlPath: 'next' });
		expect(result.error?.message).toContain('The next page is on another origin');
		expect(serverSaw(other, KEY)).toBe(false);
		expect(other.requests).toHaveLength(0);
		expect(result.items).toHaveLength(0);
	});

	test('a next URL in the body that contains the key is followed: it is read from the page as sent, not from the masked output', async () => {
		for (const placement of ['query', 'header'] as const) {
			const since = api.requests.length;
			const result = await paginate({ url: '/key-next', options: { splitAtPath: 'data' } }, { paginationMode: 'nextUrlInBody', nextUrlPath: 'links.next' }, { placement });
			expect(result.error).toBeUndefined();
			expect(ids(result.items)).toEqual(records('a').map((record) => record.id));
			const seen = requestsTo('/key-next', since);
			expect(seen.map((req) => req.query.get('from'))).toEqual([null, '10', '20']);
			// The key goes with every page in its own placement; with the key in the query, the copy the
			// link repeats is taken off, so it is sent once (the link of the first page has none).
			if (placement === 'query') expect(seen.every((req) => req.query.getAll('api_key').length === 1)).toBe(true);
			expect(seen.every((req) => keyIn(req, placement) === KEY)).toBe(true);
			expect(JSON.stringify(result.items)).not.toContain(KEY);
		}
	});

	test('a cursor that contains the key is sent back as the API wrote it, and masked in the output', async () => {
		const since = api.requests.length;
		const result = await paginate(
			{ url: '/key-cursor', options: { splitAtPath: 'data' } },
			{ paginationMode: 'cursor', cursorPath: 'next_cursor', cursorParameter: 'cursor' },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(23);
		expect(requestsTo('/key-cursor', since).map((req) => req.query.get('cursor'))).toEqual([null, `${KEY}:10`, `${KEY}:20`]);
		expect(JSON.stringify(result.runData)).not.toContain(KEY);
	});

	test('Stop When reads the masked page: a rule on a body field that echoes the key behaves the same for every guess', async () => {
		const guesses = [KEY, KEY.slice(0, 4), 'page-key-Tg72', 'zzzz', `/key-next?api_key=${KEY}&from=10`];
		const outcomes = new Set<string>();
		for (const guess of guesses) {
			for (const [field, condition] of [
				['echo', 'equals'],
				['echo', 'notEquals'],
				['links.next', 'equals'],
			] as const) {
				const since = api.requests.length;
				const result = await paginate(
					{ url: '/key-next', options: { splitAtPath: 'data' } },
					{ paginationMode: 'nextUrlInBody', nextUrlPath: 'links.next', stopWhen: { rules: [{ source: 'body', field, condition, value: guess }] } },
					{ placement: 'query' },
				);
				outcomes.add(JSON.stringify({ field, condition, pages: requestsTo('/key-next', since).length, error: result.error?.message }));
			}
		}
		expect([...outcomes].map((outcome) => JSON.parse(outcome) as unknown)).toEqual([
			{ field: 'echo', condition: 'equals', pages: 3 },
			{ field: 'echo', condition: 'notEquals', pages: 1 },
			{ field: 'links.next', condition: 'equals', pages: 3 },
		]);
	});

	test('a next URL that carries the key to another origin is refused, in the body and in the Link header', async () => {
		const before = other.requests.length;
		for (const [url, pagination] of [
			['/away-with-key', { paginationMode: 'nextUrlInBody', nextUrlPath: 'next' }],
			['/away-link', { paginationMode: 'linkHeader' }],
		] as const) {
			for (const placement of ['query', 'header'] as const) {
				const result = await paginate({ url, options: { splitAtPath: url === '/away-link' ? '' : 'data' } }, pagination, { placement });
				expect(result.error?.message).toContain('The next page is on another origin');
				expect(result.error?.message).not.toContain(KEY);
				expect(JSON.stringify(result.runData)).not.toContain(KEY);
			}
		}
		expect(other.requests.length).toBe(before);
		expect(serverSaw(other, KEY)).toBe(false);
	});

	test('a next URL on a host the credential lists in Allowed Hosts is followed', async () => {
		const result = await runNode({
			node: new ApiKeyRequest(),
			parameters: { method: 'GET', url: `${api.url}/away`, options: { splitAtPath: 'data', pagination: { pagination: { paginationMode: 'nextUrlInBody' } } } },
			credentialTypes: [new ApiKeyApi()],
			credentials: { apiKeyApi: credentialFor('header', KEY, { allowedHosts: `${api.url}, ${other.url}, api.example.com` }) },
		});
		expect(result.error).toBeUndefined();
		expect(ids(result.items)).toEqual(['here', 'elsewhere']);
		expect(other.requests.at(-1)?.headers['x-api-key']).toBe(KEY);
	});

	test('a Stop When rule that names no header says so; Continue On Fail keeps the item', async () => {
		const result = await paginate(
			{ url: '/cursor', options: { splitAtPath: 'data' } },
			{ paginationMode: 'cursor', cursorPath: 'meta.next_cursor', stopWhen: { rules: [{ source: 'header', header: '', condition: 'isEmpty' }] } },
			{ continueOnFail: true },
		);
		expect(result.items).toEqual([
			{ json: expect.objectContaining({ error: 'Pagination: Stop When rule 1 reads a response header but names none' }), pairedItem: { item: 0 } },
		]);
	});
});

test('the run data holds every record once, and never the key', async () => {
	const result = await paginate({ url: '/link' }, { paginationMode: 'linkHeader' }, { placement: 'query', extraOptions: { includeQuota: false } });
	expect(result.items).toHaveLength(23);
	expect(JSON.stringify(result.runData)).not.toContain(KEY);
});
