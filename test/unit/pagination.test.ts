import { compileCondition, ConditionError } from '../../nodes/ApiKeyRequest/helpers/condition';
import {
	applyStep,
	firstStep,
	getPath,
	initialState,
	nextPage,
	PageStepError,
	parseLinkHeader,
	type PaginationSettings,
} from '../../nodes/ApiKeyRequest/helpers/pagination';
import type { PreparedRequest } from '../../nodes/ApiKeyRequest/transport/types';

const base: PaginationSettings = {
	mode: 'pageNumber',
	nextUrlPath: 'next',
	pageParameter: 'page',
	firstPage: 1,
	offsetParameter: 'offset',
	limitParameter: 'limit',
	pageSizeParameter: '',
	pageSize: 100,
	cursorPath: 'next_cursor',
	cursorParameter: 'cursor',
	parameterLocation: 'query',
	maxPages: 0,
	stopWhenEmpty: true,
};

const request: PreparedRequest = {
	method: 'GET',
	url: 'https://api.example.com/items',
	qs: { status: 'open' },
	headers: {},
	timeout: 1000,
	followRedirects: true,
	maxRedirects: 10,
	maxResponseBytes: 1024 * 1024,
};

const page = (body: unknown, headers: Record<string, string> = {}, records = 1) => ({
	body,
	headers,
	url: 'https://api.example.com/items?status=open',
	records,
});

describe('getPath', () => {
	test('dots and indexes, own properties only', () => {
		const body = { data: { items: [{ id: 1 }], next: null }, list: [[0, 'x']] };
		expect(getPath(body, 'data.items')).toEqual([{ id: 1 }]);
		expect(getPath(body, 'data.items[0].id')).toBe(1);
		expect(getPath(body, 'list.0.1')).toBe('x');
		expect(getPath(body, 'data.next')).toBeNull();
		expect(getPath(body, 'data.missing.deeper')).toBeUndefined();
		expect(getPath(body, 'data.constructor')).toBeUndefined();
		expect(getPath(body, '')).toBe(body);
	});
});

describe('Link header', () => {
	test('RFC 8288 values with several links and relation types', () => {
		const links = parseLinkHeader(
			'<https://api.github.com/repos?page=2>; rel="next", <https://api.github.com/repos?page=5>; rel="last", <https://x/?a=1,2>; title="a, b"; rel="prev start"',
		);
		expect(links).toEqual([
			{ url: 'https://api.github.com/repos?page=2', rels: ['next'] },
			{ url: 'https://api.github.com/repos?page=5', rels: ['last'] },
			{ url: 'https://x/?a=1,2', rels: ['prev', 'start'] },
		]);
		expect(parseLinkHeader(['<a>; rel=next', '<b>; REL="Next"'])).toEqual([
			{ url: 'a', rels: ['next'] },
			{ url: 'b', rels: ['next'] },
		]);
		expect(parseLinkHeader(undefined)).toEqual([]);
		expect(parseLinkHeader('garbage')).toEqual([]);
	});
});

describe('page steps by mode', () => {
	test('page number: first page, then one up each time, with an optional page size', () => {
		const settings = { ...base, pageSizeParameter: 'per_page', pageSize: 50 };
		expect(firstStep(settings)).toEqual({ kind: 'params', location: 'query', params: [['page', 1], ['per_page', 50]] });
		const state = initialState(settings);
		expect(nextPage(settings, state, page([1]))).toEqual({
			kind: 'next',
			step: { kind: 'params', location: 'query', params: [['page', 2], ['per_page', 50]] },
		});
		expect(nextPage(settings, state, page([1]))).toMatchObject({ step: { params: [['page', 3], ['per_page', 50]] } });
		expect(firstStep({ ...base, firstPage: 0 })).toEqual({ kind: 'params', location: 'query', params: [['page', 0]] });
	});

	test('offset: grows by the records received (an API may cap the limit), limit stays', () => {
		const settings = { ...base, mode: 'offset' as const, pageSize: 100 };
		expect(firstStep(settings)).toEqual({ kind: 'params', location: 'query', params: [['offset', 0], ['limit', 100]] });
		const state = initialState(settings);
		expect(nextPage(settings, state, page([], {}, 50))).toMatchObject({ step: { params: [['offset', 50], ['limit', 100]] } });
		expect(nextPage(settings, state, page([], {}, 50))).toMatchObject({ step: { params: [['offset', 100], ['limit', 100]] } });
	});

	test('cursor: the token at the path, until it is empty; a repeated token is reported', () => {
		const settings = { ...base, mode: 'cursor' as const, cursorPath: 'meta.next', parameterLocation: 'body' as const };
		expect(firstStep(settings)).toEqual({ kind: 'same' });
		const state = initialState(settings);
		expect(nextPage(settings, state, page({ meta: { next: 'abc' } }))).toEqual({
			kind: 'next',
			step: { kind: 'params', location: 'body', params: [['cursor', 'abc']] },
		});
		expect(nextPage(settings, state, page({ meta: { next: 42 } }))).toMatchObject({ step: { params: [['cursor', 42]] } });
		expect(nextPage(settings, state, page({ meta: { next: 'abc' } }))).toEqual({ kind: 'repeated', value: 'abc' });
		for (const end of [null, '', false, undefined, { nested: true }]) {
			expect(nextPage(settings, state, page({ meta: { next: end } }))).toEqual({ kind: 'end' });
		}
	});

	test('next URL in the body: absolute or relative to the page, until it is empty', () => {
		const settings = { ...base, mode: 'nextUrlInBody' as const, nextUrlPath: 'links.next' };
		const state = initialState(settings);
		expect(nextPage(settings, state, page({ links: { next: '/items?cursor=2' } }))).toEqual({
			kind: 'next',
			step: { kind: 'url', url: 'https://api.example.com/items?cursor=2' },
		});
		expect(nextPage(settings, state, page({ links: { next: 'https://api.example.com/items?cursor=3' } }))).toMatchObject({
			step: { url: 'https://api.example.com/items?cursor=3' },
		});
		expect(nextPage(settings, state, page({ links: { next: '/items?cursor=2' } }))).toEqual({
			kind: 'repeated',
			value: 'https://api.example.com/items?cursor=2',
		});
		expect(nextPage(settings, state, page({ links: { next: null } }))).toEqual({ kind: 'end' });
		expect(nextPage(settings, state, page({ links: {} }))).toEqual({ kind: 'end' });
	});

	test('Link header: the rel="next" link, until there is none', () => {
		const settings = { ...base, mode: 'linkHeader' as const };
		const state = initialState(settings);
		expect(nextPage(settings, state, page([], { link: '<https://api.example.com/items?page=2>; rel="next"' }))).toMatchObject({
			step: { url: 'https://api.example.com/items?page=2' },
		});
		expect(nextPage(settings, state, page([], { link: '<https://api.example.com/items?page=1>; rel="prev"' }))).toEqual({ kind: 'end' });
		expect(nextPage(settings, state, page([]))).toEqual({ kind: 'end' });
	});
});

describe('applying a step to the request', () => {
	test('query parameters are set, replacing earlier values; other parameters stay', () => {
		const next = applyStep(request, { kind: 'params', location: 'query', params: [['page', 3]] }, []);
		expect(next.qs).toEqual({ status: 'open', page: '3' });
		expect(applyStep(next, { kind: 'params', location: 'query', params: [['page', 4]] }, []).qs).toEqual({ status: 'open', page: '4' });
		expect(request.qs).toEqual({ status: 'open' });
	});

	test('body parameters go into a JSON object, a form, a multipart body, or a new JSON body', () => {
		const json = applyStep({ ...request, method: 'POST', body: { kind: 'json', value: { q: 'x', cursor: 'old' } } }, { kind: 'params', location: 'body', params: [['cursor', 'new']] }, []);
		expect(json.body).toEqual({ kind: 'json', value: { q: 'x', cursor: 'new' } });
		const form = applyStep({ ...request, body: { kind: 'form', fields: [['q', 'x'], ['page', '1']] } }, { kind: 'params', location: 'body', params: [['page', 2]] }, []);
		expect(form.body).toEqual({ kind: 'form', fields: [['q', 'x'], ['page', '2']] });
		const multipart = applyStep({ ...request, body: { kind: 'multipart', parts: [{ kind: 'field', name: 'page', value: '1' }] } }, { kind: 'params', location: 'body', params: [['page', 2]] }, []);
		expect(multipart.body).toEqual({ kind: 'multipart', parts: [{ kind: 'field', name: 'page', value: '2' }] });
		expect(applyStep(request, { kind: 'params', location: 'body', params: [['offset', 0]] }, []).body).toEqual({ kind: 'json', value: { offset: 0 } });
	});

	test('body parameters cannot go into raw bodies or JSON arrays', () => {
		expect(() => applyStep({ ...request, body: { kind: 'raw', data: 'x', contentType: 'text/plain' } }, { kind: 'params', location: 'body', params: [['p', 1]] }, [])).toThrow(PageStepError);
		expect(() => applyStep({ ...request, body: { kind: 'json', value: [1] } }, { kind: 'params', location: 'body', params: [['p', 1]] }, [])).toThrow(/not an object/);
	});

	test('a next URL replaces URL and query; the key query parameter is taken off, since the key is added again', () => {
		const next = applyStep(request, { kind: 'url', url: 'https://api.example.com/items?page=2&api_key=SECRET&status=open' }, ['api_key']);
		expect(next.url).toBe('https://api.example.com/items?page=2&status=open');
		expect(next.qs).toEqual({});
		const untouched = applyStep(request, { kind: 'url', url: 'https://api.example.com/items?q=a%20b' }, ['api_key']);
		expect(untouched.url).toBe('https://api.example.com/items?q=a%20b');
	});
});

describe('Complete Expression', () => {
	const scope = (body: unknown, pageCount = 1, headers: Record<string, unknown> = {}) => ({
		$response: { body, headers, statusCode: 200 },
		$pageCount: pageCount,
		$json: { max: 3 },
	});

	test('n8n expression forms and plain text', () => {
		expect(compileCondition('={{ $response.body.has_more === false }}')(scope({ has_more: false }))).toBe(true);
		expect(compileCondition('{{ $response.body.has_more === false }}')(scope({ has_more: true }))).toBe(false);
		expect(compileCondition('!$response.body.next')(scope({ next: null }))).toBe(true);
	});

	test('comparisons, logic, lengths, indexes, headers, $pageCount and $json', () => {
		const body = { data: [1, 2], meta: { total: 10, 'next-page': 'x' } };
		expect(compileCondition('{{ $response.body.data.length < 100 }}')(scope(body))).toBe(true);
		expect(compileCondition("{{ $response.body.meta['next-page'] == 'x' && $pageCount >= 2 }}")(scope(body, 2))).toBe(true);
		expect(compileCondition('{{ $pageCount >= $json.max || $response.body.meta.total <= 0 }}')(scope(body, 3))).toBe(true);
		expect(compileCondition('{{ $response.headers["x-last-page"] === "true" }}')(scope(body, 1, { 'x-last-page': 'true' }))).toBe(true);
		expect(compileCondition('{{ ($response.body.missing?.deeper ?? 0) === 0 }}')(scope(body))).toBe(true);
		expect(compileCondition('{{ -$response.body.meta.total < -5 && !(1 > 2) }}')(scope(body))).toBe(true);
		expect(compileCondition('{{ $response.body.data.constructor }}')(scope(body))).toBe(false);
	});

	test('unsupported syntax is refused with a message that says what works', () => {
		expect(() => compileCondition('{{ $response.body.items.filter(x => x) }}')).toThrow('Function calls are not supported');
		expect(() => compileCondition('{{ process.exit() }}')).toThrow(/Unknown name "process"/);
		expect(() => compileCondition('{{ $response.body.a = 1 }}')).toThrow(ConditionError);
		expect(() => compileCondition('page {{ $pageCount }}')).toThrow('single {{ }} expression');
		expect(() => compileCondition('{{ }}')).toThrow('empty');
		expect(() => compileCondition("{{ 'open }}")).toThrow('not closed');
		expect(() => compileCondition('{{ $pageCount > }}')).toThrow('ends too early');
	});
});
