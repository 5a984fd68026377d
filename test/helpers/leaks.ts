/* eslint-disable @n8n/community-nodes/require-node-api-error -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * The test side of the secrecy promise: every encoding the package guarantees to mask, written
 * here independently of shared/redaction.ts, and a search for any of them in whatever a run left
 * behind (items, binary data and metadata, hints, errors, stored run data).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { binaryBuffer, runNode, type RunNodeOptions, type RunNodeResult } from './workflow';

const hex2 = (byte: number) => byte.toString(16).padStart(2, '0');

/** A few HTML named references (WHATWG), written independently of the redactor's table. */
const NAMED: Record<string, string> = { _: '&lowbar;', '.': '&period;', '-': '&hyphen;', '/': '&sol;', ':': '&colon;', '=': '&equals;', '+': '&plus;', '@': '&commat;', '&': '&amp;' };

/** Every guaranteed encoding of a secret, each as a name and the text it produces. */
export function encodingsOf(secret: string): Array<[string, string]> {
	const bytes = Buffer.from(secret, 'utf8');
	const units = [...Array(secret.length).keys()].map((index) => secret.charCodeAt(index));
	const percentAll = (upper: boolean) => [...bytes].map((byte) => `%${upper ? hex2(byte).toUpperCase() : hex2(byte)}`).join('');
	const forms: Array<[string, string]> = [
		['raw', secret],
		['lower case', secret.toLowerCase()],
		['upper case', secret.toUpperCase()],
		['encodeURIComponent', encodeURIComponent(secret)],
		['form encoding', new URLSearchParams([['k', secret]]).toString().slice(2)],
		['percent, every byte, upper hex', percentAll(true)],
		['percent, every byte, lower hex', percentAll(false)],
		['JSON string', JSON.stringify(secret).slice(1, -1)],
		['JSON \\u escapes, lower hex', units.map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`).join('')],
		['JSON \\u escapes, upper hex', units.map((unit) => `\\u${unit.toString(16).padStart(4, '0').toUpperCase()}`).join('')],
		['PHP escaped slashes', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')],
		['JS \\x and \\u{} escapes', [...secret].map((char) => (char.codePointAt(0)! < 256 ? `\\x${hex2(char.codePointAt(0)!)}` : `\\u{${char.codePointAt(0)!.toString(16)}}`)).join('')],
		['JS identity escapes', [...secret].map((char) => (/[a-zA-Z]/.test(char) && !'bfnrtuvx'.includes(char) ? `\\${char}` : char === '\\' ? '\\\\' : char)).join('')],
		['HTML decimal references', [...secret].map((char) => `&#${char.codePointAt(0)};`).join('')],
		// Only the last one keeps its `;`: without it, a digit after the key would become part of it.
		['HTML references without semicolons, zero-padded', `${[...secret].map((char) => `&#x000${char.codePointAt(0)!.toString(16)}`).join('')};`],
		['HTML named references', [...secret].map((char) => NAMED[char] ?? char).join('')],
		['percent of the upper-cased key', [...Buffer.from(secret.toUpperCase(), 'utf8')].map((byte) => `%${hex2(byte)}`).join('')],
		['base64', bytes.toString('base64')],
		['base64url', bytes.toString('base64url')],
		['base64 wrapped at 4 columns', (bytes.toString('base64').match(/.{1,4}/g) ?? []).join('\r\n')],
		['base64 of the upper-cased key', Buffer.from(secret.toUpperCase(), 'utf8').toString('base64')],
		['hex lower', bytes.toString('hex')],
		['hex upper', bytes.toString('hex').toUpperCase()],
		['hex of the lower-cased key', Buffer.from(secret.toLowerCase(), 'utf8').toString('hex')],
	];
	if ([...secret].every((char) => char.charCodeAt(0) < 256)) {
		forms.push(['UTF-16LE as text', [...secret].map((char) => `${char}\u0000`).join('')]);
		forms.push(['UTF-16BE as text', [...secret].map((char) => `\u0000${char}`).join('')]);
	}
	return forms;
}

/** Decoded readings of a text: what a reader could turn it back into. */
function readings(text: string): string[] {
	const out = [text];
	try {
		out.push(decodeURIComponent(text.replace(/\+/g, ' ')));
	} catch {
		// not valid percent-encoding as a whole
	}
	return out;
}

/**
 * The first place a secret shows in `texts`, in any guaranteed encoding, as "encoding in label";
 * undefined when there is none. Case-insensitive encodings are searched case-insensitively.
 */
export function findLeak(texts: Record<string, string>, secrets: readonly string[]): string | undefined {
	for (const secret of secrets) {
		const forms = encodingsOf(secret);
		for (const [label, text] of Object.entries(texts)) {
			for (const reading of readings(text)) {
				const lower = reading.toLowerCase();
				for (const [name, form] of forms) {
					if (form === '') continue;
					if (reading.includes(form)) return `${name} in ${label}`;
					if ((name.startsWith('hex') || name.includes('case')) && lower.includes(form.toLowerCase())) return `${name} in ${label}`;
				}
			}
		}
	}
	return undefined;
}

/** How often a secret shows in `texts`, in any guaranteed encoding (overlaps counted once per form). */
export function leakCount(texts: Record<string, string>, secret: string): number {
	let count = 0;
	const forms = encodingsOf(secret);
	for (const text of Object.values(texts)) {
		for (const reading of readings(text)) {
			const lower = reading.toLowerCase();
			for (const [name, form] of forms) {
				if (form === '') continue;
				const haystack = name.startsWith('hex') || name.includes('case') ? lower : reading;
				const needle = haystack === lower ? form.toLowerCase() : form;
				for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
			}
		}
	}
	return count;
}

/** Everything of a run that a user, a log or the database could see, as labelled texts. */
export async function visibleTexts(parts: {
	items?: INodeExecutionData[];
	runData?: unknown;
	hints?: unknown;
	errors?: unknown[];
}): Promise<Record<string, string>> {
	const texts: Record<string, string> = {};
	const items = parts.items ?? [];
	texts.items = JSON.stringify(items.map((item) => ({ ...item, binary: undefined })));
	for (const [index, item] of items.entries()) {
		for (const [name, binary] of Object.entries(item.binary ?? {})) {
			const metadata: Partial<typeof binary> = { ...binary };
			delete metadata.data;
			texts[`binary metadata ${index}.${name}`] = JSON.stringify(metadata);
			const bytes = await binaryBuffer(item, name);
			texts[`binary bytes ${index}.${name} (utf8)`] = bytes.toString('utf8');
			texts[`binary bytes ${index}.${name} (latin1)`] = bytes.toString('latin1');
		}
	}
	if (parts.runData !== undefined) texts['run data'] = JSON.stringify(parts.runData);
	if (parts.hints !== undefined) texts.hints = JSON.stringify(parts.hints);
	for (const [index, error] of (parts.errors ?? []).entries()) {
		if (error === undefined || error === null) continue;
		const e = error as Error & { description?: unknown; context?: unknown; toJSON?: () => unknown };
		texts[`error ${index} message`] = String(e.message);
		texts[`error ${index} description`] = String(e.description ?? '');
		texts[`error ${index} stack`] = String(e.stack ?? '');
		texts[`error ${index} context`] = JSON.stringify(e.context ?? {});
		texts[`error ${index} toJSON`] = JSON.stringify(typeof e.toJSON === 'function' ? e.toJSON() : e);
	}
	return texts;
}

/**
 * Runs a node like runNode, and keeps the error its execute throws: n8n stores only a copy of
 * some of its fields, and a leak in the original counts too.
 */
export async function runKeepingErrors(options: RunNodeOptions): Promise<RunNodeResult & { thrown: unknown[]; texts: Record<string, string> }> {
	const thrown: unknown[] = [];
	const original = options.node;
	const node = Object.create(original) as INodeType;
	node.execute = async function (this: IExecuteFunctions) {
		try {
			return await original.execute!.call(this);
		} catch (error) {
			thrown.push(error);
			throw error;
		}
	};
	const result = await runNode({ ...options, node });
	const texts = await visibleTexts({ items: result.items, runData: result.runData, hints: result.hints, errors: [...thrown, result.error] });
	return { ...result, thrown, texts };
}
