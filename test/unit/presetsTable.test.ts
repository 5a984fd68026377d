/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PRESETS } from '../../shared/services/presets';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const table = require('../../scripts/presets-table.js') as {
	renderSection: () => string;
	e2eList: () => Array<{ preset: string; credential: Record<string, string>; testRequest: string; sentAs: string[] }>;
	replaceSection: (readme: string, section: string) => string;
};

describe('the README preset table', () => {
	it('is generated from shared/services/presets.ts and up to date (node scripts/presets-table.js)', () => {
		expect(() => execFileSync(process.execPath, ['scripts/presets-table.js', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
		expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(table.renderSection());
	});

	it('has a row per preset with its documentation link, key placement and test request', () => {
		const section = table.renderSection();
		for (const preset of PRESETS) {
			const row = section.split('\n').find((line) => line.startsWith(`| [${preset.name}](${preset.docsUrl})`));
			expect(row).toBeDefined();
			expect(row).toContain(`\`${preset.baseUrl}\``);
		}
		expect(section).toContain('`Authorization: Basic base64(<key>:)`');
		expect(section).toContain('`GET https://api.webflow.com/v2/token/introspect`');
	});

	it('says when and against which page each entry was checked, and which permission the test needs', () => {
		const section = table.renderSection();
		expect(section).toContain('| Service | Key sent as | Account field | Base URL | Test request | Keys | Checked |');
		for (const preset of PRESETS) {
			const row = section.split('\n').find((line) => line.startsWith(`| [${preset.name}](`))!;
			expect(row.endsWith(`| [${preset.checked.on}](${preset.checked.against}) |`)).toBe(true);
			if (preset.test.permission) expect(row).toContain(`needs ${preset.test.permission}`);
		}
		for (const preset of PRESETS.filter((entry) => entry.checked.note)) expect(section).toContain(preset.checked.note!);
	});

	it('replaces only the marked section', () => {
		expect(table.replaceSection('a\n<!-- presets:start -->old<!-- presets:end -->\nb', 'new')).toBe('a\nnew\nb');
		expect(() => table.replaceSection('no markers', 'new')).toThrow('no <!-- presets:start -->');
	});

	it('lists minimal credential data per preset for the end-to-end suite', () => {
		const list = table.e2eList();
		expect(list.map((entry) => entry.preset)).toEqual(PRESETS.map((preset) => preset.id));
		for (const entry of list) {
			expect(entry.credential.service).toBe(entry.preset);
			expect(entry.credential.apiKey).toMatch(/^e2e-fake-/);
			expect(entry.testRequest).not.toContain('{account}');
		}
		expect(list.find((entry) => entry.preset === 'mailchimp')).toEqual({
			preset: 'mailchimp',
			credential: { service: 'mailchimp', apiKey: 'e2e-fake-mailchimp-key-us6' },
			testRequest: 'GET https://us6.api.mailchimp.com/3.0/ping',
			sentAs: ['Authorization: Basic base64(anystring:<key>)'],
		});
		expect(list.find((entry) => entry.preset === 'bubble')?.credential).toEqual({
			service: 'bubble',
			apiKey: 'e2e-fake-bubble-key',
			bubbleAppDomain: 'myapp.bubbleapps.io',
		});
	});
});
