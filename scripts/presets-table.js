#!/usr/bin/env node
'use strict';
/**
 * The README's preset table, generated from shared/services/presets.ts.
 *
 *   node scripts/presets-table.js          rewrite the <!-- presets:start --> … <!-- presets:end --> section of README.md
 *   node scripts/presets-table.js --check  exit 1 when README.md is out of date
 *   node scripts/presets-table.js --print  print the section
 *   node scripts/presets-table.js --e2e    print a JSON list: preset → minimal credential data and its test request
 *
 * The TypeScript sources are transpiled in memory, so no build is needed.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const START = '<!-- presets:start -->';
const END = '<!-- presets:end -->';

/** Loads a .ts module of this repository; relative imports of other .ts files are loaded the same way. */
function loadTs(file, cache = new Map()) {
	if (cache.has(file)) return cache.get(file).exports;
	const ts = require('typescript');
	const source = fs.readFileSync(file, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
		fileName: file,
	});
	const mod = new Module(file, module);
	mod.filename = file;
	mod.paths = Module._nodeModulePaths(path.dirname(file));
	cache.set(file, mod);
	mod.require = (id) => {
		if (id.startsWith('.')) return loadTs(path.resolve(path.dirname(file), `${id}.ts`), cache);
		return require(require.resolve(id, { paths: [ROOT] }));
	};
	// The module's own `require` (above) resolves its relative imports to .ts files.
	mod._compile(outputText, file);
	return mod.exports;
}

function loadPresets() {
	const { PRESETS } = loadTs(path.join(ROOT, 'shared', 'services', 'presets.ts'));
	const fields = loadTs(path.join(ROOT, 'shared', 'services', 'fields.ts'));
	return { PRESETS, fields };
}

const code = (text) => `\`${text.replace(/`/g, '\\`')}\``;
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function accountCell(preset) {
	const account = preset.account;
	if (!account) return '—';
	const from = account.fromKey ? ', or from the key' : '';
	const choices = account.options ? `: ${account.options.map((option) => code(option.value)).join(', ')}` : ` (e.g. ${code(account.example)})`;
	return `${account.label}${choices}${from}`;
}

function renderSection() {
	const { PRESETS, fields } = loadPresets();
	const lines = [
		START,
		'<!-- Generated from shared/services/presets.ts by `node scripts/presets-table.js`. Edit the table there, not here. -->',
		'',
		`${PRESETS.length} services, plus **Custom** for any other API. Pick the service, paste the key, press **Test**; the URLs below are also the only hosts the key is sent to (unless you set Allowed Hosts). **Checked** links the page each entry was last compared with, and when.`,
		'',
		'| Service | Key sent as | Account field | Base URL | Test request | Keys | Checked |',
		'| --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const preset of PRESETS) {
		const keysLink = preset.keysUrl.includes('{account}') ? code(preset.keysUrl) : `[manage](${preset.keysUrl})`;
		lines.push(
			`| [${cell(preset.name)}](${preset.docsUrl}) | ${fields.describeAuth(preset).map((line) => code(line)).join('<br>')} | ${cell(accountCell(preset))} | ${code(preset.baseUrl)}${preset.testBaseUrl ? `<br>Test: ${code(preset.testBaseUrl)}` : ''} | ${code(fields.describeTestRequest(preset))}${preset.test.permission ? `<br>needs ${cell(preset.test.permission)}` : ''} | ${keysLink} | [${preset.checked.on}](${preset.checked.against}) |`,
		);
	}
	const notes = PRESETS.filter((preset) => preset.notes || preset.checked.note);
	if (notes.length > 0) {
		lines.push('');
		for (const preset of notes) {
			const checked = preset.checked.note ? `${preset.notes ? ' ' : ''}Checked ${preset.checked.on}: ${preset.checked.note}` : '';
			lines.push(`- **${preset.name}**: ${preset.notes ?? ''}${checked}`);
		}
	}
	lines.push(END);
	return lines.join('\n');
}

/** preset → minimal credential data (fake key, sample account) and the request its Test button makes. */
function e2eList() {
	const { PRESETS, fields } = loadPresets();
	return PRESETS.map((preset) => {
		const account = preset.account;
		const apiKey = `e2e-fake-${preset.id}-key${account?.fromKey ? `-${account.example}` : ''}`;
		const credential = { service: preset.id, apiKey };
		if (account && !account.fromKey) credential[account.field] = account.example;
		return {
			preset: preset.id,
			credential,
			testRequest: fields.describeTestRequest(preset).replace('{account}', account ? account.example : ''),
			sentAs: fields.describeAuth(preset),
		};
	});
}

function replaceSection(readme, section) {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start === -1 || end === -1 || end < start) {
		throw new Error(`README.md has no ${START} … ${END} section`);
	}
	return `${readme.slice(0, start)}${section}${readme.slice(end + END.length)}`;
}

function main(argv) {
	if (argv.includes('--e2e')) {
		process.stdout.write(`${JSON.stringify(e2eList(), null, '\t')}\n`);
		return 0;
	}
	const section = renderSection();
	if (argv.includes('--print')) {
		process.stdout.write(`${section}\n`);
		return 0;
	}
	const readme = fs.readFileSync(README, 'utf8');
	const updated = replaceSection(readme, section);
	if (argv.includes('--check')) {
		if (updated === readme) return 0;
		process.stderr.write('README.md\'s preset table is out of date: run node scripts/presets-table.js\n');
		return 1;
	}
	if (updated !== readme) fs.writeFileSync(README, updated);
	process.stdout.write(updated === readme ? 'README.md is up to date\n' : 'README.md updated\n');
	return 0;
}

module.exports = { renderSection, e2eList, replaceSection };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
