/**
 * The pagination "Complete Expression": a small, safe subset of n8n's expression syntax that is
 * evaluated against every page. n8n gives community nodes no supported way to evaluate an
 * expression with extra variables such as `$response`, so the node reads the raw text and
 * evaluates it here: property access, literals, comparisons, `&&`, `||`, `??`, `!` and
 * parentheses over `$response` (body, headers, statusCode), `$pageCount` and `$json`.
 */

export class ConditionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConditionError';
	}
}

type Node =
	| { type: 'literal'; value: unknown }
	| { type: 'variable'; name: string }
	| { type: 'member'; object: Node; property: Node; optional: boolean }
	| { type: 'unary'; operator: '!' | '-'; argument: Node }
	| { type: 'binary'; operator: string; left: Node; right: Node };

type Token =
	| { kind: 'number'; value: number }
	| { kind: 'string'; value: string }
	| { kind: 'name'; value: string }
	| { kind: 'op'; value: string }
	| { kind: 'end' };

// `=>` and `=` only so that a function or an assignment gets a clear error from the parser.
const OPERATORS = ['===', '!==', '?.', '==', '!=', '=>', '<=', '>=', '&&', '||', '??', '<', '>', '!', '-', '.', '[', ']', '(', ')', '='];

function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < source.length) {
		const char = source[index];
		if (/\s/.test(char)) {
			index++;
			continue;
		}
		const number = /^\d+(\.\d+)?/.exec(source.slice(index));
		if (number) {
			tokens.push({ kind: 'number', value: Number(number[0]) });
			index += number[0].length;
			continue;
		}
		const name = /^[A-Za-z_$][\w$]*/.exec(source.slice(index));
		if (name) {
			tokens.push({ kind: 'name', value: name[0] });
			index += name[0].length;
			continue;
		}
		if (char === '"' || char === "'") {
			let value = '';
			let end = index + 1;
			for (; end < source.length && source[end] !== char; end++) {
				if (source[end] === '\\' && end + 1 < source.length) end++;
				value += source[end];
			}
			if (end >= source.length) throw new ConditionError('A string in the expression is not closed');
			tokens.push({ kind: 'string', value });
			index = end + 1;
			continue;
		}
		const operator = OPERATORS.find((candidate) => source.startsWith(candidate, index));
		if (!operator) throw new ConditionError(`Unexpected "${char}" in the expression`);
		tokens.push({ kind: 'op', value: operator });
		index += operator.length;
	}
	tokens.push({ kind: 'end' });
	return tokens;
}

const VARIABLES = new Set(['$response', '$pageCount', '$json']);
const BLOCKED_PROPERTIES = new Set(['__proto__', 'prototype', 'constructor']);

class Parser {
	private position = 0;
	constructor(private readonly tokens: Token[]) {}

	parse(): Node {
		const node = this.logical();
		if (this.peek().kind !== 'end') this.unexpected();
		return node;
	}

	private peek(): Token {
		return this.tokens[this.position];
	}

	private takeOp(...values: string[]): string | undefined {
		const token = this.peek();
		if (token.kind === 'op' && values.includes(token.value)) {
			this.position++;
			return token.value;
		}
		return undefined;
	}

	private unexpected(): never {
		const token = this.peek();
		if (token.kind === 'end') throw new ConditionError('The expression ends too early');
		if (token.kind === 'op' && token.value === '(') {
			throw new ConditionError('Function calls are not supported in Complete Expression');
		}
		throw new ConditionError(`Unexpected "${String(token.value)}" in the expression`);
	}

	private logical(): Node {
		let left = this.equality();
		for (let op = this.takeOp('&&', '||', '??'); op; op = this.takeOp('&&', '||', '??')) {
			left = { type: 'binary', operator: op, left, right: this.equality() };
		}
		return left;
	}

	private equality(): Node {
		let left = this.relational();
		for (let op = this.takeOp('===', '!==', '==', '!='); op; op = this.takeOp('===', '!==', '==', '!=')) {
			left = { type: 'binary', operator: op, left, right: this.relational() };
		}
		return left;
	}

	private relational(): Node {
		let left = this.unary();
		for (let op = this.takeOp('<=', '>=', '<', '>'); op; op = this.takeOp('<=', '>=', '<', '>')) {
			left = { type: 'binary', operator: op, left, right: this.unary() };
		}
		return left;
	}

	private unary(): Node {
		const op = this.takeOp('!', '-');
		if (op === '!' || op === '-') return { type: 'unary', operator: op, argument: this.unary() };
		return this.postfix();
	}

	private postfix(): Node {
		let node = this.primary();
		for (;;) {
			const op = this.takeOp('.', '?.', '[');
			if (!op) break;
			if (op === '[') {
				const property = this.logical();
				if (!this.takeOp(']')) this.unexpected();
				node = { type: 'member', object: node, property, optional: false };
				continue;
			}
			const name = this.peek();
			if (name.kind !== 'name') this.unexpected();
			this.position++;
			node = { type: 'member', object: node, property: { type: 'literal', value: name.value }, optional: op === '?.' };
		}
		if (this.peek().kind === 'op' && (this.peek() as { value: string }).value === '(') this.unexpected();
		return node;
	}

	private primary(): Node {
		const token = this.peek();
		this.position++;
		switch (token.kind) {
			case 'number':
			case 'string':
				return { type: 'literal', value: token.value };
			case 'name': {
				const literals: Record<string, unknown> = { true: true, false: false, null: null, undefined };
				if (token.value in literals) return { type: 'literal', value: literals[token.value] };
				if (VARIABLES.has(token.value)) return { type: 'variable', name: token.value };
				throw new ConditionError(
					`Unknown name "${token.value}": use $response (body, headers, statusCode), $pageCount or $json`,
				);
			}
			case 'op':
				if (token.value === '(') {
					const inner = this.logical();
					if (!this.takeOp(')')) this.unexpected();
					return inner;
				}
				break;
		}
		this.position--;
		return this.unexpected();
	}
}

export interface ConditionScope {
	$response: { body: unknown; headers: Record<string, unknown>; statusCode: number };
	$pageCount: number;
	$json: unknown;
}

function member(object: unknown, property: unknown): unknown {
	if (object === null || object === undefined) return undefined;
	const key = String(property);
	if (BLOCKED_PROPERTIES.has(key)) return undefined;
	if ((Array.isArray(object) || typeof object === 'string') && key === 'length') return object.length;
	if (typeof object !== 'object') return undefined;
	return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function evaluate(node: Node, scope: ConditionScope): unknown {
	switch (node.type) {
		case 'literal':
			return node.value;
		case 'variable':
			return scope[node.name as keyof ConditionScope];
		case 'member': {
			const object = evaluate(node.object, scope);
			if (object === null || object === undefined) {
				if (node.optional) return undefined;
			}
			return member(object, evaluate(node.property, scope));
		}
		case 'unary': {
			const value = evaluate(node.argument, scope);
			return node.operator === '!' ? !value : -Number(value);
		}
		case 'binary': {
			const left = evaluate(node.left, scope);
			if (node.operator === '&&') return left ? evaluate(node.right, scope) : left;
			if (node.operator === '||') return left ? left : evaluate(node.right, scope);
			if (node.operator === '??') return left ?? evaluate(node.right, scope);
			const right = evaluate(node.right, scope);
			const a = left as number;
			const b = right as number;
			switch (node.operator) {
				case '===':
					return left === right;
				case '!==':
					return left !== right;
				case '==':
					return left == right;
				case '!=':
					return left != right;
				case '<':
					return a < b;
				case '<=':
					return a <= b;
				case '>':
					return a > b;
				default:
					return a >= b;
			}
		}
	}
}

/** The expression inside `={{ ... }}`, `{{ ... }}` or as plain text. */
function expressionSource(raw: string): string {
	let text = raw.trim();
	if (text.startsWith('=')) text = text.slice(1).trim();
	const block = /^\{\{([\s\S]*)\}\}$/.exec(text);
	if (block) {
		if (block[1].includes('{{') || block[1].includes('}}')) {
			throw new ConditionError('Complete Expression must be a single {{ }} expression');
		}
		return block[1];
	}
	if (text.includes('{{')) throw new ConditionError('Complete Expression must be a single {{ }} expression');
	return text;
}

export type Condition = (scope: ConditionScope) => boolean;

/** Parses the expression once; the result tells for a page whether pagination is complete. */
export function compileCondition(raw: string): Condition {
	const source = expressionSource(raw);
	if (source.trim() === '') throw new ConditionError('Complete Expression is empty');
	const ast = new Parser(tokenize(source)).parse();
	return (scope) => Boolean(evaluate(ast, scope));
}
