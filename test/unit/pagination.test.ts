/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
import fc from 'fast-check';

import { createRedactor } from '../../shared/redaction';
import { defaultOf } from '../../nodes/ApiKeyRequest/descriptions/defaults';
import { parseStopRules, readStopRules, ruleHolds, shouldStop, StopRuleError, type PageView, type StopRule } from '../../nodes/ApiKeyRequest/helpers/condition';
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
	lastRecordField: 'id',
	lastRecordParameter: 'starting_after',
	hasMorePath: '',
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

const page = (body: unknown, headers: Record<string, string> = {}, records = 1, lastRecord?: unknown) => ({
	body,
	headers,
	url: 'https://api.example.com/items?status=open',
	records,
	lastRecord,
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
		expect(getPath(body, 'data.items.length')).toBe(1);
	});

	test('Object.prototype names never reach Object.prototype; fields the API named so are its data', () => {
		const body = JSON.parse('{"a": {}, "__proto__": {"x": 1}, "own": {"constructor": "c", "toString": "t"}}') as unknown;
		for (const path of ['a.constructor', 'a.__proto__', 'a.hasOwnProperty', 'a.toString', 'a.valueOf', 'constructor.prototype', 'a.__proto__.constructor']) {
			expect(getPath(body, path)).toBeUndefined();
		}
		expect(getPath(body, '__proto__.x')).toBe(1);
		expect(getPath(body, 'own.constructor')).toBe('c');
		expect(getPath(body, 'own.toString')).toBe('t');
	});

	test('long paths and deep bodies: bounded, no recursion', () => {
		let deep: unknown = 'bottom';
		for (let level = 0; level < 50_000; level++) deep = { d: deep };
		expect(getPath(deep, Array(99).fill('d').join('.'))).toBeDefined();
		expect(getPath(deep, Array(101).fill('d').join('.'))).toBeUndefined();
	});

	test('property: whatever the path, nothing of Object.prototype comes back', () => {
		const names = fc.constantFrom('constructor', '__proto__', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', 'a', '0', 'length');
		fc.assert(
			fc.property(fc.array(names, { maxLength: 6 }), fc.jsonValue(), (segments, json) => {
				const found = getPath(json, segments.join('.'));
				expect(found === Object.prototype || typeof found === 'function').toBe(false);
			}),
			{ numRuns: 500 },
		);
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

describe('Cursor From Last Record and Has More', () => {
	const stripe = { ...base, mode: 'lastRecord' as const, pageSizeParameter: 'limit', pageSize: 3, hasMorePath: 'has_more' };

	test("the last record's field is sent for the next page, with any page size; a page without records ends it", () => {
		expect(firstStep(stripe)).toEqual({ kind: 'params', location: 'query', params: [['limit', 3]] });
		expect(firstStep({ ...stripe, pageSizeParameter: '' })).toEqual({ kind: 'same' });
		const state = initialState(stripe);
		const body = { data: [{ id: 'cus_1' }, { id: 'cus_2' }], has_more: true };
		expect(nextPage(stripe, state, page(body, {}, 2, { id: 'cus_2' }))).toEqual({
			kind: 'next',
			step: { kind: 'params', location: 'query', params: [['starting_after', 'cus_2'], ['limit', 3]] },
		});
		expect(nextPage(stripe, state, page({ data: [], has_more: true }, {}, 0))).toEqual({ kind: 'end' });
		expect(nextPage(stripe, state, page(body, {}, 2, { id: 'cus_2' }))).toEqual({ kind: 'repeated', value: 'cus_2' });
	});

	test('numbers stay numbers; a nested path; a record without the field ends it', () => {
		const settings = { ...stripe, lastRecordField: 'meta.seq', lastRecordParameter: 'after', hasMorePath: '' };
		expect(nextPage(settings, initialState(settings), page({}, {}, 1, { meta: { seq: 41 } }))).toMatchObject({ step: { params: [['after', 41], ['limit', 3]] } });
		expect(nextPage(settings, initialState(settings), page({}, {}, 1, { other: 1 }))).toEqual({ kind: 'end' });
		expect(nextPage(settings, initialState(settings), page({}, {}, 1, { meta: { seq: { deep: 1 } } }))).toEqual({ kind: 'end' });
	});

	test('Has More ends pagination when it is false (in any mode); when true or missing the mode decides', () => {
		for (const noMore of [false, 'false', 0, '0', null]) {
			expect(nextPage(stripe, initialState(stripe), page({ has_more: noMore }, {}, 1, { id: 'x' }))).toEqual({ kind: 'end' });
		}
		expect(nextPage(stripe, initialState(stripe), page({ has_more: true }, {}, 1, { id: 'x' }))).toMatchObject({ kind: 'next' });
		expect(nextPage(stripe, initialState(stripe), page({}, {}, 1, { id: 'x' }))).toMatchObject({ kind: 'next' });
		const numbered = { ...base, hasMorePath: 'meta.more' };
		expect(nextPage(numbered, initialState(numbered), page({ meta: { more: false } }))).toEqual({ kind: 'end' });
	});

	test('cursors and next URLs come from the answer as sent, not the masked view', () => {
		const settings = { ...base, mode: 'cursor' as const, cursorPath: 'next' };
		const seen = { ...page({ next: '[redacted]' }), raw: { next: 'c-2' } };
		expect(nextPage(settings, initialState(settings), seen)).toMatchObject({ step: { params: [['cursor', 'c-2']] } });
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

describe('Stop When rules', () => {
	const view = (body: unknown, headers: Record<string, unknown> = {}, statusCode = 200): PageView => ({ body, headers: () => headers, statusCode });
	const rule = (rule: Partial<StopRule> & Pick<StopRule, 'condition'>): StopRule => ({ source: 'body', path: '', value: '', ...rule });

	test('read from the parameter: body field, header, status; checked', () => {
		expect(parseStopRules(undefined)).toEqual([]);
		expect(parseStopRules({})).toEqual([]);
		expect(
			parseStopRules({
				rules: [
					{ source: 'body', field: ' has_more ', condition: 'isFalse' },
					{ source: 'header', header: 'X-Last', condition: 'equals', value: 'true' },
					{ source: 'status', condition: 'equals', value: 204 },
				],
			}),
		).toEqual([
			{ source: 'body', path: 'has_more', condition: 'isFalse', value: '' },
			{ source: 'header', path: 'X-Last', condition: 'equals', value: 'true' },
			{ source: 'status', path: '', condition: 'equals', value: '204' },
		]);
		expect(() => parseStopRules({ rules: [{ source: 'header', condition: 'isEmpty' }] })).toThrow('names none');
		expect(() => parseStopRules({ rules: [{ source: 'cookie', condition: 'isEmpty' }] })).toThrow(StopRuleError);
		expect(() => parseStopRules({ rules: [{ source: 'body', condition: 'greaterThan' }] })).toThrow('unknown condition');
		expect(readStopRules({ rules: [{ source: 'body', field: { not: 'text' }, condition: 'isEmpty' }] })).toEqual({ problem: 'A Stop When value must be text or a number' });
	});

	test('fields a saved rule lacks take the defaults of the parameter descriptions', () => {
		const fallback = (name: string) => defaultOf(`options.pagination.pagination.stopWhen.rules.${name}`);
		expect(parseStopRules({ rules: [{ field: 'has_more' }] }, fallback)).toEqual([{ source: 'body', path: 'has_more', condition: 'isFalse', value: '' }]);
	});

	test('conditions: empty, not empty, true, false, equals, does not equal', () => {
		const body = { has_more: false, more: 'true', next: '', list: [], map: {}, total: 0, name: 'x', zero: '0.0' };
		const holds = (partial: Partial<StopRule> & Pick<StopRule, 'condition'>) => ruleHolds(rule(partial), view(body));
		expect(['next', 'list', 'map', 'missing'].map((path) => holds({ path, condition: 'isEmpty' }))).toEqual([true, true, true, true]);
		expect(['name', 'total', 'has_more'].map((path) => holds({ path, condition: 'isNotEmpty' }))).toEqual([true, true, true]);
		expect(holds({ path: 'has_more', condition: 'isFalse' })).toBe(true);
		expect(holds({ path: 'more', condition: 'isTrue' })).toBe(true);
		expect(holds({ path: 'missing', condition: 'isFalse' })).toBe(false);
		expect(holds({ path: 'total', condition: 'isFalse' })).toBe(false);
		expect(holds({ path: 'total', condition: 'equals', value: '0' })).toBe(true);
		expect(holds({ path: 'zero', condition: 'equals', value: '0' })).toBe(true);
		expect(holds({ path: 'name', condition: 'equals', value: 'x' })).toBe(true);
		expect(holds({ path: 'name', condition: 'notEquals', value: 'y' })).toBe(true);
		// A field that is not there does not differ from anything: no stop on a missing field.
		expect(holds({ path: 'missing', condition: 'notEquals', value: 'y' })).toBe(false);
		expect(holds({ path: 'list', condition: 'equals', value: '[]' })).toBe(true);
	});

	test('headers by name in any case, several values joined; the status code by value', () => {
		const page = view({}, { 'x-has-more': 'false', link: ['<a>; rel="next"', '<b>; rel="last"'] }, 204);
		expect(ruleHolds(rule({ source: 'header', path: 'X-Has-More', condition: 'isFalse' }), page)).toBe(true);
		expect(ruleHolds(rule({ source: 'header', path: 'Link', condition: 'equals', value: '<a>; rel="next", <b>; rel="last"' }), page)).toBe(true);
		expect(ruleHolds(rule({ source: 'status', condition: 'equals', value: '204' }), page)).toBe(true);
		expect(shouldStop([rule({ source: 'status', condition: 'equals', value: '200' }), rule({ path: 'x', condition: 'isEmpty' })], page)).toBe(true);
		expect(shouldStop([], page)).toBe(false);
	});

	test('headers are read only when a rule needs them', () => {
		let read = 0;
		const page: PageView = { body: { a: 1 }, headers: () => (read++, {}), statusCode: 200 };
		shouldStop([rule({ path: 'a', condition: 'isEmpty' })], page);
		expect(read).toBe(0);
		shouldStop([rule({ source: 'header', path: 'x', condition: 'isEmpty' })], page);
		expect(read).toBe(1);
	});

	test('API values with their own toString or valueOf, deep nesting, cycles of nothing: no TypeError', () => {
		const odd = JSON.parse('{"toString": "x", "valueOf": 1, "nested": {"toString": {"a": 1}}}') as unknown;
		for (const condition of ['isEmpty', 'isNotEmpty', 'isTrue', 'isFalse', 'equals', 'notEquals'] as const) {
			expect(() => ruleHolds(rule({ condition, value: 'x' }), view(odd))).not.toThrow();
			expect(() => ruleHolds(rule({ path: 'nested', condition, value: 'x' }), view(odd))).not.toThrow();
		}
		let deep: unknown = 1;
		for (let level = 0; level < 10_000; level++) deep = [deep];
		expect(() => ruleHolds(rule({ condition: 'equals', value: '1' }), view(deep))).not.toThrow();
		const wide = Array.from({ length: 100_000 }, (_, index) => ({ index }));
		expect(ruleHolds(rule({ condition: 'equals', value: 'x' }), view(wide))).toBe(false);
	});

	test('property: any JSON body, any rule: a boolean, never an exception', () => {
		const ruleArbitrary = fc.record({
			source: fc.constantFrom('body' as const, 'header' as const, 'status' as const),
			path: fc.constantFrom('', 'a', 'a.b', 'toString', 'constructor', '__proto__', '0'),
			condition: fc.constantFrom('isEmpty' as const, 'isNotEmpty' as const, 'isTrue' as const, 'isFalse' as const, 'equals' as const, 'notEquals' as const),
			value: fc.string(),
		});
		fc.assert(
			fc.property(ruleArbitrary, fc.jsonValue(), fc.dictionary(fc.string(), fc.string()), (stop, body, headers) => {
				expect(typeof ruleHolds({ ...stop, path: stop.source === 'header' && stop.path === '' ? 'x' : stop.path }, view(body, headers))).toBe('boolean');
			}),
			{ numRuns: 500 },
		);
	});

	test('on the masked view, a header that echoes the key cannot tell one guess of the key from another', () => {
		const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
		const redactor = createRedactor([key]);
		const link = `<https://api.example.com/items?api_key=${key}&page=2>; rel="next"`;
		const masked = redactor.deep({ link, 'x-echo': key });
		const page = view({}, masked);
		const guesses = fc.oneof(
			fc.constant(key),
			fc.constant(link),
			fc.string(),
			fc.integer({ min: 1, max: key.length }).map((length) => key.slice(0, length)),
			fc.integer({ min: 1, max: key.length }).map((length) => link.replace(key, key.slice(0, length))),
		);
		const outcomes = new Set<string>();
		fc.assert(
			fc.property(guesses, (guess) => {
				const answer = ['link', 'x-echo'].flatMap((header) =>
					(['equals', 'notEquals'] as const).map((condition) => ruleHolds(rule({ source: 'header', path: header, condition, value: guess.trim() }), page)),
				);
				outcomes.add(JSON.stringify(answer));
			}),
			{ numRuns: 300 },
		);
		// Every guess, the real key among them, gets the same answer: never equal.
		expect([...outcomes]).toEqual([JSON.stringify([false, true, false, true])]);
	});
});
