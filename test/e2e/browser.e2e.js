#!/usr/bin/env node
'use strict';
/**
 * The editor in a real browser: a pinned n8n with the packed package installed as a community
 * package, driven through Debian's Chromium with playwright-core.
 *
 *   node test/e2e/browser.e2e.js                   n8n 1.x (the default line)
 *   node test/e2e/browser.e2e.js --n8n 2           n8n 2.x
 *   node test/e2e/browser.e2e.js --no-build        use the existing dist/
 *   node test/e2e/browser.e2e.js --screenshots DIR where the PNGs go
 *
 * Owner setup in the setup form, a new workflow, the node panel search, the node's parameters,
 * the API Key credential modal with every placement (exactly the right fields for each), saving the
 * credential (its Test runs against a local key-checking API), and one execution of the node from
 * its panel. Screenshots go to docs/images/ for the default line, to .e2e/browser/ for the others.
 * Needs: apt package chromium, devDependency playwright-core. Prints PASS/FAIL per check and
 * "N passed, M failed"; exits non-zero on any failure.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ensureN8n } = require('../../scripts/lib/install-n8n');
const { headlessEnv, startN8nServer } = require('../../scripts/lib/n8n-process');
const { buildPackage, installIntoUserFolder, packPackage, PROJECT_ROOT } = require('../../scripts/lib/package');
const { formatSeconds } = require('../../scripts/lib/proc');
const { resolveLine } = require('../../scripts/lib/versions');
const { assert, createReport, guardRun } = require('./helpers/check-run');
const { launchBrowser, editor } = require('./helpers/browser-editor');
const { killDescendantsNow } = require('./helpers/browser-processes');
const { startDemoApi } = require('./helpers/browser-demo-api');
const { freePort } = require('./helpers/n8n-run');

const RUN_ROOT = path.join(PROJECT_ROOT, '.e2e', 'browser');
const ENCRYPTION_KEY = 'n8n-nodes-api-key-browser-e2e';
const OVERALL_TIMEOUT_MS = Number(process.env.BROWSER_E2E_TIMEOUT_S || 600) * 1000;
const OWNER = { email: 'owner@example.com', firstName: 'Ada', lastName: 'Owner', password: 'Browser-E2e-Owner-1' };
/** A made-up key: the modal must mask it, and the local API accepts only it. */
const DEMO_KEY = 'demo-key-4f1c9a7e2b';
const CREDENTIAL_NAME = 'Example API';

/** Fields of the API Key credential that every placement shows. */
const COMMON_FIELDS = ['apiKey', 'placement', 'baseUrl', 'allowedHosts', 'extraFields', 'testUrl', 'testMethod'];
/** Per placement (as named in the Placement dropdown): the only placement-specific fields shown, with their labels. */
const PLACEMENTS = [
	{ option: 'Header', value: 'header', fields: { headerName: 'Header Name' }, screenshot: 'credential-header.png' },
	{ option: 'Query Parameter', value: 'query', fields: { queryName: 'Query Parameter Name' }, screenshot: 'credential-query.png' },
	{ option: 'Authorization: Bearer', value: 'bearer', fields: {} },
	{ option: 'Authorization With Custom Scheme', value: 'authScheme', fields: { scheme: 'Scheme' } },
	{ option: 'Basic Auth (Key as Username)', value: 'basicUsername', fields: { basicPassword: 'Password' }, screenshot: 'credential-basic.png' },
	{ option: 'Basic Auth (Key as Password)', value: 'basicPassword', fields: { basicUsername: 'Username' } },
	{ option: 'Body Field', value: 'body', fields: { bodyFieldName: 'Body Field Name', bodyFormat: 'Body Format' } },
	{ option: 'Cookie', value: 'cookie', fields: { cookieName: 'Cookie Name' } },
];
const PLACEMENT_FIELDS = [...new Set(PLACEMENTS.flatMap((placement) => Object.keys(placement.fields)))];

function parseArgs(argv) {
	const options = { line: undefined, build: true, screenshots: undefined };
	for (let index = 0; index < argv.length; index++) {
		const [name, inline] = argv[index].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++index]);
		if (name === '--n8n') options.line = value();
		else if (name === '--screenshots') options.screenshots = path.resolve(value());
		else if (name === '--no-build') options.build = false;
		else throw new Error(`Unknown argument ${argv[index]}. Usage: node test/e2e/browser.e2e.js [--n8n 1|2] [--no-build] [--screenshots DIR]`);
	}
	return options;
}

const sameSet = (a, b) => a.length === b.length && a.every((item) => b.includes(item));

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const pin = resolveLine(options.line);
	const isDefaultLine = pin.line === resolveLine().line;
	const runDir = path.join(RUN_ROOT, `n8n-${pin.n8n}`);
	const screenshotDir = options.screenshots ?? (isDefaultLine ? path.join(PROJECT_ROOT, 'docs', 'images') : path.join(runDir, 'screenshots'));
	const started = Date.now();
	const report = createReport();
	const { cleanups, finish } = guardRun({ report, what: 'browser e2e', timeoutMs: OVERALL_TIMEOUT_MS, killNow: killDescendantsNow });

	console.log(`Browser e2e: n8n ${pin.n8n}, Chromium via playwright-core; screenshots -> ${path.relative(PROJECT_ROOT, screenshotDir) || '.'}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const logsDir = path.join(runDir, 'logs');
	fs.mkdirSync(logsDir, { recursive: true });

	let ui;
	let page;
	let api;
	let credentialLabel = '';

	await report.check(`n8n ${pin.n8n} starts with the packed package installed as a community package`, async () => {
		const n8n = await ensureN8n(pin);
		if (options.build) await buildPackage();
		const tarball = await packPackage(path.join(runDir, 'package'));
		const userFolder = path.join(runDir, 'user');
		await installIntoUserFolder(tarball, userFolder);
		const port = await freePort();
		const env = headlessEnv(n8n, {
			userFolder,
			encryptionKey: ENCRYPTION_KEY,
			port,
			brokerPort: await freePort(),
			extra: {
				// No first-start questionnaire, banners or news from the internet in the editor.
				N8N_PERSONALIZATION_ENABLED: 'false',
				N8N_DYNAMIC_BANNERS_ENABLED: 'false',
				N8N_HIRING_BANNER_ENABLED: 'false',
				N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
				N8N_AI_ENABLED: 'false',
			},
		});
		const server = await startN8nServer(n8n, { env, port, logFile: path.join(logsDir, 'n8n.log') });
		cleanups.push(() => server.stop());
		api = await startDemoApi({ basePath: '/v1', headerName: 'X-API-Key', key: DEMO_KEY });
		cleanups.push(() => api.close());

		const browser = await launchBrowser({ logFile: path.join(logsDir, 'browser.log') });
		cleanups.push(() => browser.close());
		page = browser.page;
		ui = editor(page, server.baseUrl);
		const version = browser.context.browser()?.version() ?? 'chromium';
		return `${server.baseUrl}, Node.js ${n8n.node.version}, Chromium ${version}`;
	});

	await report.check('owner setup through the editor setup form', async () => {
		const landing = await ui.setupOwner(OWNER);
		return `landed on ${landing}`;
	});

	await report.check('a new workflow opens on an empty canvas; Manual Trigger added from the node panel', async () => {
		await ui.openNewWorkflow();
		await ui.byTestId('canvas-add-button').waitFor();
		await ui.searchNodePanel('Manual', 'Manual Trigger');
		await ui.addFromNodePanel('Manual Trigger');
		await ui.closeNdvIfOpen();
		assert((await ui.byTestId('canvas-node').count()) === 1, 'the canvas does not show one node');
	});

	await report.check('node panel: searching "API Key" lists "API Key Request"', async () => {
		const items = await ui.searchNodePanel('API Key', 'API Key Request');
		assert(items.some((item) => item.startsWith('API Key Request')), `panel lists ${JSON.stringify(items)}`);
		await ui.screenshot(path.join(screenshotDir, 'node-panel.png'));
		return `listed: ${items.join(', ')}`;
	});

	await report.check('API Key Request added; its panel shows the credential slot, Method and URL', async () => {
		await ui.addFromNodePanel('API Key Request');
		await ui.ndv.waitFor();
		await ui.byTestId('credentials-label').waitFor();
		const names = await ui.ndvParameterNames();
		for (const name of ['method', 'url', 'sendQuery', 'sendHeaders', 'sendBody']) assert(names.includes(name), `parameter ${name} missing; shown: ${names.join(', ')}`);
		const slot = await ui.ndvCredentialText();
		credentialLabel = slot;
		return `parameters: ${names.join(', ')}; credential slot: "${slot}"`;
	});

	await report.check('credential slot -> new credential opens the API Key credential modal', async () => {
		await ui.createCredentialFromNode();
		// The header: the credential's name, then its type's display name.
		const header = (await ui.credentialModal.locator('.el-dialog__header, header').first().innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
		assert(header.includes('API Key'), `modal header is "${header.join(' | ')}", expected the type "API Key"`);
		const defaultName = await ui.credentialName();
		// A credential that starts with a service list shows the placement fields for its custom entry only.
		let service = '';
		const names = (await ui.credentialFields()).map((field) => field.name);
		if (names.includes('service') && !names.includes('placement')) service = await ui.chooseCredentialOption('service', /^\s*Custom\b/);
		const placement = await ui.credentialInput('placement').inputValue();
		assert(placement === 'Header', `default placement is "${placement}", expected Header`);
		const keyType = await ui.credentialInput('apiKey').getAttribute('type');
		assert(keyType === 'password', `the Key input is type="${keyType}", expected a masked password input`);
		await ui.credentialInput('apiKey').fill(DEMO_KEY);
		await ui.renameCredential(CREDENTIAL_NAME);
		return `modal header "${header.slice(0, 2).join(' | ')}" (default name "${defaultName}", renamed "${CREDENTIAL_NAME}"), default placement Header, Key input masked${service ? `; service "${service}" chosen` : ''}`;
	});

	for (const placement of PLACEMENTS) {
		const shown = Object.values(placement.fields);
		const title = `Placement "${placement.option}" shows ${shown.length > 0 ? shown.map((label) => `"${label}"`).join(' + ') : 'no extra field'} and no other placement field`;
		await report.check(title, async () => {
			await ui.chooseCredentialOption('placement', placement.option);
			await ui.settle(150);
			const fields = await ui.credentialFields();
			const names = fields.map((field) => field.name);
			const placementFields = names.filter((name) => PLACEMENT_FIELDS.includes(name));
			assert(sameSet(placementFields, Object.keys(placement.fields)), `placement fields shown: [${placementFields.join(', ')}], expected [${Object.keys(placement.fields).join(', ')}]`);
			for (const name of COMMON_FIELDS) assert(names.includes(name), `common field ${name} missing; shown: ${names.join(', ')}`);
			for (const [name, label] of Object.entries(placement.fields)) {
				const field = fields.find((candidate) => candidate.name === name);
				assert(field.label === label, `field ${name} is labelled "${field.label}", expected "${label}"`);
			}
			if (placement.screenshot) await ui.screenshot(path.join(screenshotDir, placement.screenshot));
			const others = names.filter((name) => !COMMON_FIELDS.includes(name) && !PLACEMENT_FIELDS.includes(name));
			return `fields: ${fields.map((field) => field.label || field.name).join(' | ')}${others.length > 0 ? ` (also shown: ${others.join(', ')})` : ''}`;
		});
	}

	await report.check('credential saved from the modal; its Test passes against a local key-checking API', async () => {
		await ui.chooseCredentialOption('placement', 'Header');
		await ui.credentialInput('baseUrl').fill(api.baseUrl);
		const before = api.requestsTo('/v1').length;
		const saved = await ui.saveCredential();
		assert(saved.credential?.type === 'apiKeyApi', `saved credential type ${saved.credential?.type}`);
		const tests = api.requestsTo('/v1').slice(before);
		assert(tests.length >= 1, `the credential test did not reach the API (modal: ${saved.tested} ${saved.message})`);
		assert(tests.every((request) => request.authorized), 'the credential test did not send the key in X-API-Key');
		assert(saved.tested !== 'failed', `the modal shows a failed test: ${saved.message}`);
		await ui.closeCredentialModal();
		assert(saved.credential.name === CREDENTIAL_NAME, `saved as "${saved.credential.name}"`);
		return `saved "${saved.credential.name}"; Test request sent ${tests.length}x with the key; modal: ${saved.tested}${saved.message ? ` "${saved.message}"` : ''}`;
	});

	await report.check('the node panel shows the saved credential', async () => {
		await ui.waitForNdvCredential(CREDENTIAL_NAME);
		const slot = await ui.ndvCredentialText();
		assert(slot.includes(CREDENTIAL_NAME), `credential slot shows "${slot}"`);
		return `"${slot}" (before: "${credentialLabel}")`;
	});

	await report.check('URL "/items" typed into the node; Execute step calls the API with the key and shows its answer', async () => {
		await ui.fillNodeParameter('url', '/items');
		const before = api.requestsTo('/v1/items').length;
		await ui.byTestId('node-execute-button').first().click();
		const output = ui.byTestId('output-panel');
		const names = api.items.map((item) => item.name);
		await page.waitForFunction(
			(expected) => {
				const text = document.querySelector('[data-test-id="output-panel"]')?.innerText ?? '';
				return expected.every((name) => text.includes(name));
			},
			names,
			{ timeout: 30000 },
		);
		const calls = api.requestsTo('/v1/items').slice(before);
		assert(calls.length === 1 && calls[0].authorized, `the API got ${calls.length} request(s), authorized: ${calls.map((call) => call.authorized)}`);
		const text = (await output.innerText()).replace(/\s+/g, ' ');
		assert(!text.includes(DEMO_KEY), 'the output panel shows the key');
		const count = text.match(/\b(\d+) items?\b/)?.[0];
		await ui.screenshot(path.join(screenshotDir, 'node-parameters.png'));
		return `GET /v1/items with the key; output panel: ${count ?? 'items'} (${names.join(', ')})`;
	});

	await finish();
	const { passed, failed } = report.summary();
	console.log(`Screenshots: ${fs.existsSync(screenshotDir) ? fs.readdirSync(screenshotDir).filter((file) => file.endsWith('.png')).join(', ') : 'none'} in ${screenshotDir}`);
	console.log(`Run files: ${path.relative(PROJECT_ROOT, runDir)} (${formatSeconds(Date.now() - started)})`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
	console.log(`FAIL ${error.stack || error.message}`);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
