'use strict';
/**
 * Searches bytes for canary keys in every form they can take on the way out of n8n, the encodings
 * the README guarantees: as typed, upper- and lower-cased, URL-encoded (query strings, form bodies,
 * every byte in either hex case), JSON-escaped (also as \u escapes), base64 (Basic auth headers,
 * base64 dumps), base64url, hex and UTF-16.
 */
const fs = require('node:fs');
const path = require('node:path');

/** The distinct byte strings that would reveal a canary. */
function canaryForms({ value, basicPairs = [] }) {
	const forms = new Map();
	const add = (form, text) => {
		if (text && ![...forms.values()].includes(text)) forms.set(form, text);
	};
	const bytes = Buffer.from(value, 'utf8');
	const everyByte = (upper) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`).join('');
	add('raw', value);
	add('upper-case', value.toUpperCase());
	add('lower-case', value.toLowerCase());
	add('url-encoded', encodeURIComponent(value));
	add('form-encoded', new URLSearchParams({ k: value }).toString().slice(2));
	add('percent-every-byte-upper', everyByte(true));
	add('percent-every-byte-lower', everyByte(false));
	add('json-escaped', JSON.stringify(value).slice(1, -1));
	add('json-u-escaped', [...value].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
	add('base64', bytes.toString('base64'));
	add('base64url', bytes.toString('base64url'));
	add('hex', bytes.toString('hex'));
	add('hex-upper', bytes.toString('hex').toUpperCase());
	basicPairs.forEach((pair, index) => add(`basic-base64-${index + 1}`, Buffer.from(pair).toString('base64')));
	const found = [...forms].map(([form, text]) => ({ form, bytes: Buffer.from(text, 'utf8') }));
	found.push({ form: 'utf16le', bytes: Buffer.from(value, 'utf16le') });
	return found;
}

/** Every file below a folder, skipping folders named in `skip` (relative paths). */
function filesBelow(root, skip = []) {
	if (!fs.existsSync(root)) return [];
	const found = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (skip.includes(path.relative(root, full))) continue;
			if (entry.isDirectory()) walk(full);
			else if (entry.isFile()) found.push(full);
		}
	};
	walk(root);
	return found.sort();
}

/**
 * places: [{ kind, name, bytes }]. Returns { canaries, forms, places, searches, hits: [{ canary, form, place }] }.
 */
function scanForLeaks(canaries, places) {
	const hits = [];
	let forms = 0;
	for (const canary of canaries) {
		const variants = canaryForms(canary);
		forms += variants.length;
		for (const variant of variants) {
			for (const place of places) {
				if (place.bytes.indexOf(variant.bytes) !== -1) hits.push({ canary: canary.name, form: variant.form, place: `${place.kind}: ${place.name}` });
			}
		}
	}
	return { canaries: canaries.length, forms, places: places.length, searches: forms * places.length, hits };
}

function filePlace(kind, file, relativeTo) {
	return { kind, name: path.relative(relativeTo, file), bytes: fs.readFileSync(file) };
}

function textPlace(kind, name, text) {
	return { kind, name, bytes: Buffer.from(text, 'utf8') };
}

module.exports = { canaryForms, filesBelow, scanForLeaks, filePlace, textPlace };
