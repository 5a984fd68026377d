/**
 * Pagination stop rules ("Stop When"): a value read from the page — a body field, a response
 * header or the status code — and a condition on it. Declarative on purpose: n8n offers community
 * nodes no way to evaluate a real n8n expression with `$response`, and a look-alike language was a
 * second expression language to learn (and, with `>=` on headers that echo the key, an oracle).
 * Rule values are ordinary node parameters, so `{{ $json.x }}` works there as everywhere else.
 *
 * Rules only ever see what the node shows: the body as decoded and masked, headers masked by the
 * caller. Only equality and emptiness are offered: nothing tells one wrong guess from another.
 * Pure and bounded: no recursion beyond MAX_DEPTH, no conversion that calls an API object's own
 * toString or valueOf.
 */
import { getPath } from './pagination';

export type StopSource = 'body' | 'header' | 'status';
export type StopCondition = 'isEmpty' | 'isNotEmpty' | 'isTrue' | 'isFalse' | 'equals' | 'notEquals';

export interface StopRule {
	source: StopSource;
	/** Body path or header name; empty for the whole body or the status. */
	path: string;
	condition: StopCondition;
	/** Compared with, for equals and notEquals. */
	value: string;
}

/** What the rules may read of a page: the masked body and headers, and the status. */
export interface PageView {
	body: unknown;
	/** The response headers, masked; read only when a rule needs them. */
	headers: () => Record<string, unknown>;
	statusCode: number;
}

export class StopRuleError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StopRuleError';
	}
}

const SOURCES: readonly StopSource[] = ['body', 'header', 'status'];
const CONDITIONS: readonly StopCondition[] = ['isEmpty', 'isNotEmpty', 'isTrue', 'isFalse', 'equals', 'notEquals'];
const MAX_RULES = 50;
const MAX_DEPTH = 20;
const MAX_TEXT = 10_000;

function textParameter(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new StopRuleError('A Stop When value must be text or a number');
}

/** A rule field's default (from the parameter descriptions), for fields a saved rule lacks. */
export type RuleDefault = (field: 'source' | 'condition') => unknown;

const noDefault: RuleDefault = () => undefined;

/** The rules as the Stop When parameter holds them (`{ rules: [...] }`), checked; throws StopRuleError. */
export function parseStopRules(raw: unknown, fallback: RuleDefault = noDefault): StopRule[] {
	if (raw === undefined || raw === null || raw === '') return [];
	const list = typeof raw === 'object' && !Array.isArray(raw) ? (raw as { rules?: unknown }).rules : undefined;
	if (list === undefined) return [];
	if (!Array.isArray(list)) throw new StopRuleError('Stop When has no list of rules');
	if (list.length > MAX_RULES) throw new StopRuleError(`Stop When has ${list.length} rules; at most ${MAX_RULES} are allowed`);
	return list.map((entry: unknown, index) => {
		const rule = (entry ?? {}) as Record<string, unknown>;
		const source = (rule.source ?? fallback('source')) as StopSource;
		const condition = (rule.condition ?? fallback('condition')) as StopCondition;
		if (!SOURCES.includes(source)) throw new StopRuleError(`Stop When rule ${index + 1} reads from an unknown source`);
		if (!CONDITIONS.includes(condition)) throw new StopRuleError(`Stop When rule ${index + 1} has an unknown condition`);
		const path = source === 'body' ? textParameter(rule.field) : source === 'header' ? textParameter(rule.header) : '';
		if (source === 'header' && path === '') throw new StopRuleError(`Stop When rule ${index + 1} reads a response header but names none`);
		return { source, path, condition, value: textParameter(rule.value) };
	});
}

function headerValue(headers: Record<string, unknown>, name: string): unknown {
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const value = headers[key];
		return Array.isArray(value) ? value.map((part) => textOf(part) ?? '').join(', ') : value;
	}
	return undefined;
}

/** JSON-like text of a value, bounded in depth and length; never calls the value's own methods. */
function boundedJson(value: unknown, depth: number, budget: { left: number }): string {
	if (budget.left <= 0) return '…';
	if (value === null) return 'null';
	switch (typeof value) {
		case 'string':
			budget.left -= value.length;
			return JSON.stringify(value);
		case 'number':
			return Number.isFinite(value) ? String(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object': {
			if (depth >= MAX_DEPTH) return '…';
			if (Array.isArray(value)) {
				const parts: string[] = [];
				for (const entry of value) {
					if (budget.left <= 0) break;
					parts.push(boundedJson(entry, depth + 1, budget));
				}
				return `[${parts.join(',')}]`;
			}
			const parts: string[] = [];
			for (const key of Object.keys(value)) {
				if (budget.left <= 0) break;
				budget.left -= key.length;
				parts.push(`${JSON.stringify(key)}:${boundedJson((value as Record<string, unknown>)[key], depth + 1, budget)}`);
			}
			return `{${parts.join(',')}}`;
		}
		default:
			return 'null';
	}
}

/** A value as text for comparing: strings as they are, objects as bounded JSON. */
function textOf(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return boundedJson(value, 0, { left: MAX_TEXT });
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function equalsValue(actual: unknown, expected: string): boolean {
	if (actual === undefined) return false;
	const text = textOf(actual)?.trim();
	if (text === undefined) return false;
	if (text === expected) return true;
	// 0 and 0.0, 204 and "204": numbers compare by value.
	return NUMBER.test(text) && NUMBER.test(expected) && Number(text) === Number(expected);
}

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value).length === 0;
	return false;
}

function flag(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
	}
	return undefined;
}

function read(rule: StopRule, page: PageView): unknown {
	switch (rule.source) {
		case 'body':
			return rule.path === '' ? page.body : getPath(page.body, rule.path);
		case 'header':
			return headerValue(page.headers(), rule.path);
		case 'status':
			return page.statusCode;
	}
}

/** parseStopRules without throwing: the rules, or what is wrong with them. */
export function readStopRules(raw: unknown, fallback: RuleDefault = noDefault): { rules: StopRule[] } | { problem: string } {
	try {
		return { rules: parseStopRules(raw, fallback) };
	} catch (error) {
		if (error instanceof StopRuleError) return { problem: error.message };
		return { problem: 'Stop When could not be read' };
	}
}

export function ruleHolds(rule: StopRule, page: PageView): boolean {
	const value = read(rule, page);
	switch (rule.condition) {
		case 'isEmpty':
			return isEmpty(value);
		case 'isNotEmpty':
			return !isEmpty(value);
		case 'isTrue':
			return flag(value) === true;
		case 'isFalse':
			return flag(value) === false;
		case 'equals':
			return equalsValue(value, rule.value);
		case 'notEquals':
			return value !== undefined && !equalsValue(value, rule.value);
	}
}

/** Whether pagination stops after this page: any rule holds. */
export function shouldStop(rules: readonly StopRule[], page: PageView): boolean {
	for (const rule of rules) if (ruleHolds(rule, page)) return true;
	return false;
}
