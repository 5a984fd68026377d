'use strict';
/**
 * Searches bytes for canary keys in every form they can take on the way out of n8n: as typed,
 * URL-encoded (query strings, form bodies), base64 (Basic auth headers, base64 dumps) and JSON-escaped.
 */
const fs = require('node:fs');
const path = require('node:path');

/** The distinct byte strings that would reveal a canary. */
function canaryForms({ value, basicPairs = [] }) {
	const forms = new Map();
	const add = (form, text) => {
		if (text && ![...forms.values()].includes(text)) forms.set(form, text);
	};
	add('raw', value);
	add('url-encoded', encodeURIComponent(value));
	add('form-encoded', new URLSearchParams({ k: value }).toString().slice(2));
	add('json-escaped', JSON.stringify(value).slice(1, -1));
	add('base64', Buffer.from(value).toString('base64'));
	basicPairs.forEach((pair, index) => add(`basic-base64-${index + 1}`, Buffer.from(pair).toString('base64')));
	return [...forms].map(([form, text]) => ({ form, bytes: Buffer.from(text, 'utf8') }));
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
