/**
 * Pagination rules, pure: where the next page is (next URL in the body, Link header, page
 * number, offset and limit, cursor, a field of the last record) and how a request changes to
 * fetch it.
 */
import type { PreparedRequest, RequestBody } from '../transport/types';

export type PaginationMode = 'nextUrlInBody' | 'linkHeader' | 'pageNumber' | 'offset' | 'cursor' | 'lastRecord';
export type ParameterLocation = 'query' | 'body';

export interface PaginationSettings {
	mode: PaginationMode;
	/** nextUrlInBody: path of the next page's URL in the response body, e.g. `links.next` */
	nextUrlPath: string;
	/** pageNumber: the parameter and the number of the first page */
	pageParameter: string;
	firstPage: number;
	/** offset: parameter names and the page size sent as the limit */
	offsetParameter: string;
	limitParameter: string;
	/** pageNumber and lastRecord (optional page size parameter), offset (the limit) */
	pageSizeParameter: string;
	pageSize: number;
	/** cursor: path of the token in the response body and the parameter it is sent in */
	cursorPath: string;
	cursorParameter: string;
	/** lastRecord: path of the field in each record, and the parameter its value is sent in */
	lastRecordField: string;
	lastRecordParameter: string;
	/** Every mode: path of a field saying whether more pages follow (`has_more`); empty: none */
	hasMorePath: string;
	/** pageNumber, offset, cursor, lastRecord: where the parameters go */
	parameterLocation: ParameterLocation;
	/** Stop after this many pages; 0 for no limit */
	maxPages: number;
	/** Stop at the first page without records */
	stopWhenEmpty: boolean;
}

/** How a request is changed for a page. */
export type PageStep =
	| { kind: 'same' }
	| { kind: 'url'; url: string }
	| { kind: 'params'; location: ParameterLocation; params: Array<[string, string | number]> };

export interface PageSeen {
	/** The body as the node shows it (masked): what `has_more` is read from */
	body: unknown;
	/** The body as the API sent it: where cursors and next URLs are read from (default: body) */
	raw?: unknown;
	headers: Record<string, string | string[] | undefined>;
	/** The URL that produced the page (after redirects) */
	url: string;
	/** Records on the page (0 for an empty page) */
	records: number;
	/** lastRecord: the page's last record (undefined for a page without records) */
	lastRecord?: unknown;
}

export interface PaginationState {
	/** The page number or offset the last request asked for */
	position: number;
	/** Next URLs and cursors already followed, to stop a loop */
	followed: Set<string>;
}

export type NextPage =
	| { kind: 'next'; step: PageStep }
	| { kind: 'end' }
	/** The API pointed at a page already fetched */
	| { kind: 'repeated'; value: string };

const MAX_PATH_SEGMENTS = 100;

/**
 * Reads `a.b[0].c` (or `a.b.0.c`) from parsed JSON. Only own properties count: `constructor`,
 * `__proto__` (unless the API sent such a field) or `toString` never reach Object.prototype.
 * Iterative; a path of more than MAX_PATH_SEGMENTS segments reads nothing.
 */
export function getPath(value: unknown, path: string): unknown {
	const segments = path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter((segment) => segment !== '');
	if (segments.length > MAX_PATH_SEGMENTS) return undefined;
	let current = value;
	for (const segment of segments) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

export interface Link {
	url: string;
	rels: string[];
}

/** RFC 8288 Link header values: `<https://a/?page=2>; rel="next", <...>; rel="last"`. */
export function parseLinkHeader(value: string | string[] | undefined): Link[] {
	if (value === undefined) return [];
	const text = Array.isArray(value) ? value.join(', ') : value;
	const links: Link[] = [];
	let index = 0;
	while (index < text.length) {
		const open = text.indexOf('<', index);
		if (open === -1) break;
		const close = text.indexOf('>', open);
		if (close === -1) break;
		const url = text.slice(open + 1, close).trim();
		// Parameters run to the next comma outside quotes.
		let end = close + 1;
		let quoted = false;
		for (; end < text.length; end++) {
			if (text[end] === '"') quoted = !quoted;
			else if (text[end] === ',' && !quoted) break;
		}
		const rels: string[] = [];
		for (const param of text.slice(close + 1, end).split(';')) {
			const match = /^\s*rel\s*=\s*(?:"([^"]*)"|([^\s"]+))\s*$/i.exec(param);
			if (match) rels.push(...(match[1] ?? match[2]).toLowerCase().split(/\s+/).filter(Boolean));
		}
		links.push({ url, rels });
		index = end + 1;
	}
	return links;
}

function isEmptyValue(value: unknown): boolean {
	return value === undefined || value === null || value === '' || value === false;
}

/** A `has_more` field that says there is nothing more: false, "false", 0, "0" or null. */
function saysNoMore(value: unknown): boolean {
	if (value === false || value === null || value === 0) return true;
	return typeof value === 'string' && ['false', '0'].includes(value.trim().toLowerCase());
}

function withPageSize(settings: PaginationSettings, params: Array<[string, string | number]>): Array<[string, string | number]> {
	if (settings.pageSizeParameter && settings.pageSize > 0) params.push([settings.pageSizeParameter, settings.pageSize]);
	return params;
}

/** The changes for the first request. */
export function firstStep(settings: PaginationSettings): PageStep {
	const location = settings.parameterLocation;
	switch (settings.mode) {
		case 'pageNumber':
			return { kind: 'params', location, params: withPageSize(settings, [[settings.pageParameter, settings.firstPage]]) };
		case 'lastRecord': {
			const params = withPageSize(settings, []);
			return params.length > 0 ? { kind: 'params', location, params } : { kind: 'same' };
		}
		case 'offset':
			return {
				kind: 'params',
				location,
				params: [
					[settings.offsetParameter, 0],
					[settings.limitParameter, settings.pageSize],
				],
			};
		default:
			return { kind: 'same' };
	}
}

export function initialState(settings: PaginationSettings): PaginationState {
	return { position: settings.mode === 'pageNumber' ? settings.firstPage : 0, followed: new Set() };
}

/** Where the page after `page` is, by the pagination mode. Updates `state`. */
export function nextPage(settings: PaginationSettings, state: PaginationState, page: PageSeen): NextPage {
	const location = settings.parameterLocation;
	if (settings.hasMorePath !== '' && saysNoMore(getPath(page.body, settings.hasMorePath))) return { kind: 'end' };
	switch (settings.mode) {
		case 'nextUrlInBody':
		case 'linkHeader': {
			const raw =
				settings.mode === 'linkHeader'
					? parseLinkHeader(page.headers.link).find((link) => link.rels.includes('next'))?.url
					: getPath(page.raw ?? page.body, settings.nextUrlPath);
			if (isEmptyValue(raw) || typeof raw === 'object') return { kind: 'end' };
			let url: string;
			try {
				url = new URL(String(raw), page.url).toString();
			} catch {
				return { kind: 'end' };
			}
			if (state.followed.has(url)) return { kind: 'repeated', value: url };
			state.followed.add(url);
			return { kind: 'next', step: { kind: 'url', url } };
		}
		case 'cursor': {
			const cursor = getPath(page.raw ?? page.body, settings.cursorPath);
			if (isEmptyValue(cursor) || typeof cursor === 'object') return { kind: 'end' };
			const value = typeof cursor === 'number' ? cursor : String(cursor);
			if (state.followed.has(String(value))) return { kind: 'repeated', value: String(value) };
			state.followed.add(String(value));
			return { kind: 'next', step: { kind: 'params', location, params: [[settings.cursorParameter, value]] } };
		}
		case 'lastRecord': {
			// Any page size works: the next page starts after whatever record came last.
			const value = page.records > 0 ? getPath(page.lastRecord, settings.lastRecordField) : undefined;
			if (isEmptyValue(value) || typeof value === 'object') return { kind: 'end' };
			const token = typeof value === 'number' ? value : String(value);
			if (state.followed.has(String(token))) return { kind: 'repeated', value: String(token) };
			state.followed.add(String(token));
			return { kind: 'next', step: { kind: 'params', location, params: withPageSize(settings, [[settings.lastRecordParameter, token]]) } };
		}
		case 'pageNumber': {
			state.position += 1;
			return { kind: 'next', step: { kind: 'params', location, params: withPageSize(settings, [[settings.pageParameter, state.position]]) } };
		}
		case 'offset': {
			// Advance by what arrived: APIs that cap the limit below the one asked for still work.
			state.position += page.records > 0 ? page.records : settings.pageSize;
			return {
				kind: 'next',
				step: {
					kind: 'params',
					location,
					params: [
						[settings.offsetParameter, state.position],
						[settings.limitParameter, settings.pageSize],
					],
				},
			};
		}
	}
}

/** Thrown when a page parameter cannot go where the settings put it. */
export class PageStepError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PageStepError';
	}
}

function withBodyParams(body: RequestBody | undefined, params: Array<[string, string | number]>): RequestBody {
	if (body === undefined) return { kind: 'json', value: Object.fromEntries(params) };
	switch (body.kind) {
		case 'json': {
			const value = body.value;
			if (value === null || typeof value !== 'object' || Array.isArray(value)) {
				throw new PageStepError('The page parameter goes into the body, but the JSON body is not an object');
			}
			return { kind: 'json', value: { ...(value as Record<string, unknown>), ...Object.fromEntries(params) } };
		}
		case 'form': {
			const names = new Set(params.map(([name]) => name));
			return {
				kind: 'form',
				fields: [...body.fields.filter(([name]) => !names.has(name)), ...params.map(([name, value]): [string, string] => [name, String(value)])],
			};
		}
		case 'multipart': {
			const names = new Set(params.map(([name]) => name));
			return {
				kind: 'multipart',
				parts: [
					...body.parts.filter((part) => !names.has(part.name)),
					...params.map(([name, value]) => ({ kind: 'field' as const, name, value: String(value) })),
				],
			};
		}
		default:
			throw new PageStepError('The page parameter goes into the body, but the body is raw data: send a JSON or form body, or send the parameter in the query');
	}
}

/**
 * The request for a page. A next URL replaces the URL and the query (it carries its own); query
 * parameters named in `keyQueryNames` are taken off it, since the key is added again anyway.
 */
export function applyStep(request: PreparedRequest, step: PageStep, keyQueryNames: readonly string[]): PreparedRequest {
	switch (step.kind) {
		case 'same':
			return request;
		case 'url': {
			const url = new URL(step.url);
			const present = keyQueryNames.filter((name) => url.searchParams.has(name));
			if (present.length === 0) return { ...request, url: step.url, qs: {} };
			for (const name of present) url.searchParams.delete(name);
			return { ...request, url: url.toString(), qs: {} };
		}
		case 'params':
			if (step.location === 'query') {
				const qs = { ...request.qs };
				for (const [name, value] of step.params) qs[name] = String(value);
				return { ...request, qs };
			}
			return { ...request, body: withBodyParams(request.body, step.params) };
	}
}
