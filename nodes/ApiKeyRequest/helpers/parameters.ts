import type { IExecuteFunctions } from 'n8n-workflow';

/** Reads a node parameter for an item, like `getNodeParameter`. */
export type ReadParameter = (<T>(name: string, itemIndex: number, fallback: T) => T) & {
	/** Whether the parameter is set at all (without resolving any expression in it). */
	present: (name: string) => boolean;
};

function holdsExpression(value: unknown, depth = 0): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value === null || typeof value !== 'object' || depth > 32) return false;
	return Object.values(value).some((entry) => holdsExpression(entry, depth + 1));
}

function rawValue(parameters: unknown, path: string): unknown {
	let current = parameters;
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

/**
 * Reads parameters for many items. Only an expression can make a parameter differ between
 * items, so one without any is read (and validated by n8n) once per run instead of per item;
 * parameters with expressions are resolved for every item as usual.
 */
export function parameterReader(ctx: IExecuteFunctions): ReadParameter {
	const raw = ctx.getNode().parameters;
	const constant = new Map<string, unknown>();
	const read = <T>(name: string, itemIndex: number, fallback: T): T => {
		if (constant.has(name)) return constant.get(name) as T;
		const value = ctx.getNodeParameter(name, itemIndex, fallback) as T;
		if (!holdsExpression(rawValue(raw, name))) constant.set(name, value);
		return value;
	};
	const present = new Map<string, boolean>();
	return Object.assign(read, {
		present: (name: string) => {
			let known = present.get(name);
			if (known === undefined) {
				known = rawValue(raw, name) !== undefined;
				present.set(name, known);
			}
			return known;
		},
	});
}
