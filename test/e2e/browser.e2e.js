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
 * What a new user does, checked step by step: Settings → Community Nodes lists the package; the
 * node panel finds the node; the API Key credential modal (Custom first in the Service list, option
 * texts that show <key>, the short Custom form and its two optional groups, exactly the right fields
 * for each placement); the Test button's own explanations (a rejected key, a Base URL that answers
 * 404) and its success, each with one request; the node run with its output; every service with a
 * per-service field created in the editor, saved, reloaded and used, with the value and the header
 * that reach a local server; n8n's HTTP Request node with the credential as Predefined Credential
 * Type; the node as an AI Agent tool, with the description the model gets. Screenshots go to
 * .github/images/ (the README's) for the default line, to the run folder for the others.
 * Needs: apt package chromium, devDependency playwright-core. Prints PASS/FAIL per check and
 * "N passed, M failed"; exits non-zero on any failure.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ensureN8n } = require('../../scripts/lib/install-n8n');
const { headlessEnv, startN8nServer } = require('../../scripts/lib/n8n-process');
const { buildPackage, installIntoUserFolder, packPackage, PROJECT_ROOT, registerCommunityPackage } = require('../../scripts/lib/package');
const { formatSeconds } = require('../../scripts/lib/proc');
const { resolveLine, workRoot } = require('../../scripts/lib/versions');
const { assert, createReport, endReport, guardRun, runChecks } = require('./helpers/check-run');
const { launchBrowser, editor } = require('./helpers/browser-editor');
const { killDescendantsNow } = require('./helpers/browser-processes');
const { startDemoApi, startEchoApi } = require('./helpers/browser-demo-api');
const { runtimeTool } = require('./helpers/browser-tool-description');
const { freePort } = require('./helpers/n8n-run');

const RUN_ROOT = path.join(workRoot(), 'e2e', 'browser');
const ENCRYPTION_KEY = 'n8n-nodes-api-key-browser-e2e';
const OVERALL_TIMEOUT_MS = Number(process.env.BROWSER_E2E_TIMEOUT_S || 1500) * 1000;
const OWNER = { email: 'owner@example.com', firstName: 'Ada', lastName: 'Owner', password: 'Browser-E2e-Owner-1' };
/** A made-up key: the modal must mask it, and the local API accepts only it. */
const DEMO_KEY = 'demo-key-4f1c9a7e2b';
const CREDENTIAL_NAME = 'Example API';
const NODE_TYPE = 'n8n-nodes-api-key.apiKeyRequest';
const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';

/** What a first-time user sees for Custom with the default placement (Header), in order. */
const CUSTOM_FORM = ['service', 'apiKey', 'placement', 'headerName', 'baseUrl', 'testUrl', 'showAdvancedSettings', 'showKeyLifecycle'];
/** Fields n8n adds to every credential type with `authenticate` (its own domain restriction). */
const N8N_OWN_FIELDS = ['allowedHttpRequestDomains', 'allowedDomains'];
/** The same form before this change (README of 0.1): 14 fields of ours. */
const FIELDS_BEFORE = 14;
const OPTIONAL_GROUPS = {
	showAdvancedSettings: ['extraFields', 'testMethod', 'allowedHosts'],
	showKeyLifecycle: ['testApiKey', 'testBaseUrl', 'warnLiveKeyInManualRuns', 'secondaryApiKey', 'expiresAt'],
};
/** Fields of the API Key credential that every placement shows. */
const COMMON_FIELDS = ['apiKey', 'placement', 'baseUrl', 'testUrl', 'showAdvancedSettings', 'showKeyLifecycle'];
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

/**
 * Every service with a per-service field (they used to share one name, so n8n gave GitHub and
 * Stripe Anthropic's API version, and Make an empty zone). `field`: the credential field, `shown`:
 * what the field must show right after choosing the service and again after a reload, `header`:
 * the header (and value, or null for "not sent") that must reach the local server when the
 * credential is used, `account`: a value to type (a function of the local servers for URL accounts,
 * whose Test then reaches the local server).
 */
const SERVICE_CASES = [
	{ id: 'anthropic', name: 'Anthropic (Claude)', field: 'anthropicApiVersion', shown: '2023-06-01', header: ['anthropic-version', '2023-06-01'] },
	{ id: 'github', name: 'GitHub', field: 'githubApiVersion', shown: '2022-11-28', header: ['x-github-api-version', '2022-11-28'], screenshot: 'credential-github.png' },
	{ id: 'notion', name: 'Notion', field: 'notionApiVersion', shown: '2026-03-11', header: ['notion-version', '2026-03-11'] },
	{ id: 'pinecone', name: 'Pinecone', field: 'pineconeApiVersion', shown: '2026-04', header: ['x-pinecone-api-version', '2026-04'] },
	{ id: 'stripe', name: 'Stripe', field: 'stripeApiVersion', shown: '', header: ['stripe-version', null] },
	{ id: 'make', name: 'Make', field: 'makeZone', shown: 'EU1 (eu1.make.com)' },
	{ id: 'bubble', name: 'Bubble (Data and Workflow API)', field: 'bubbleAppDomain', shown: '', account: () => 'myapp.bubbleapps.io' },
	{ id: 'pipedrive', name: 'Pipedrive', field: 'pipedriveCompanyDomain', shown: '', account: () => 'examplecompany' },
	{ id: 'n8n', name: 'n8n (Public API)', field: 'n8nInstanceUrl', shown: '', account: ({ echo }) => `${echo.origin}/n8n-instance`, testReaches: ['/n8n-instance/api/v1/workflows', 'x-n8n-api-key'] },
	{ id: 'qdrant', name: 'Qdrant', field: 'qdrantClusterUrl', shown: '', account: ({ echo }) => `${echo.origin}/qdrant-cluster`, testReaches: ['/qdrant-cluster/collections', 'api-key'] },
];
/** The names all services shared up to 0.1: nothing may be saved under them any more. */
const LEGACY_FIELDS = ['apiVersion', 'account', 'organization', 'project'];

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
const until = async (condition, what, timeoutMs = 15000) => {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}`);
};

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const pin = resolveLine(options.line);
	const isDefaultLine = pin.line === resolveLine().line;
	const runDir = path.join(RUN_ROOT, `n8n-${pin.n8n}`);
	const screenshotDir = options.screenshots ?? (isDefaultLine ? path.join(PROJECT_ROOT, '.github', 'images') : path.join(runDir, 'screenshots'));
	const shot = (name) => path.join(screenshotDir, name);
	const started = Date.now();
	const report = createReport();
	const { cleanups, finish } = guardRun({ report, what: 'browser e2e', timeoutMs: OVERALL_TIMEOUT_MS, killNow: killDescendantsNow });
	const check = report.check;

	console.log(`Browser e2e: n8n ${pin.n8n}, Chromium via playwright-core; screenshots -> ${path.relative(PROJECT_ROOT, screenshotDir) || '.'}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const logsDir = path.join(runDir, 'logs');
	fs.mkdirSync(logsDir, { recursive: true });
	const userFolder = path.join(runDir, 'user');

	let n8n;
	let ui;
	let page;
	let api;
	let echo;
	let credentialLabel = '';
	let defaultName = '';
	const saved = {};

	await check(`n8n ${pin.n8n} starts with the packed package installed as a community package`, async () => {
		n8n = await ensureN8n(pin);
		if (options.build) await buildPackage();
		const tarball = await packPackage(path.join(runDir, 'package'));
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
		// As scripts/start.js does on a first start: n8n has created its database, the rows of an
		// installed package are written (the list in Settings is read from the database on request).
		assert(await registerCommunityPackage(n8n, userFolder), 'n8n created no database');
		api = await startDemoApi({ basePath: '/v1', headerName: 'X-API-Key', key: DEMO_KEY });
		cleanups.push(() => api.close());
		echo = await startEchoApi();
		cleanups.push(() => echo.close());

		const browser = await launchBrowser({ logFile: path.join(logsDir, 'browser.log') });
		cleanups.push(() => browser.close());
		page = browser.page;
		ui = editor(page, server.baseUrl);
		const version = browser.context.browser()?.version() ?? 'chromium';
		return `${server.baseUrl}, Node.js ${n8n.node.version}, Chromium ${version}`;
	});

	await check('owner setup through the editor setup form', async () => {
		const landing = await ui.setupOwner(OWNER);
		return `landed on ${landing}`;
	});

	await check('Settings → Community Nodes lists n8n-nodes-api-key with its nodes, as after an install from that page', async () => {
		const { status, body } = await ui.rest('/rest/community-packages');
		assert(status === 200, `GET /rest/community-packages answered ${status}`);
		const entry = (body?.data ?? []).find((item) => item.packageName === 'n8n-nodes-api-key');
		assert(entry, `the package is not listed: ${JSON.stringify(body?.data)}`);
		const nodes = entry.installedNodes.map((node) => node.type);
		assert(nodes.includes(NODE_TYPE), `installed nodes: ${nodes.join(', ')}`);
		await page.goto(`${page.url().split('/').slice(0, 3).join('/')}/settings/community-nodes`);
		const card = ui.byTestId('community-package-card').filter({ hasText: 'n8n-nodes-api-key' });
		await card.waitFor();
		await ui.screenshot(shot('community-nodes.png'));
		return `card "${(await card.innerText()).replace(/\s+/g, ' ').trim()}"; nodes ${nodes.join(', ')}`;
	});

	await check('a new workflow opens on an empty canvas; Manual Trigger added from the node panel', async () => {
		await ui.openNewWorkflow();
		await ui.byTestId('canvas-add-button').waitFor();
		await ui.searchNodePanel('Manual', 'Manual Trigger');
		await ui.addFromNodePanel('Manual Trigger');
		await ui.closeNdvIfOpen();
		assert((await ui.byTestId('canvas-node').count()) === 1, 'the canvas does not show one node');
	});

	await check('node panel: searching "API Key" lists "API Key Request"', async () => {
		const items = await ui.searchNodePanel('API Key', 'API Key Request');
		assert(items.some((item) => item.startsWith('API Key Request')), `panel lists ${JSON.stringify(items)}`);
		await ui.screenshot(shot('node-panel.png'));
		return `listed: ${items.join(', ')}`;
	});

	await check('API Key Request added; its panel shows the credential slot, Method and URL', async () => {
		await ui.addFromNodePanel('API Key Request');
		await ui.ndv.waitFor();
		await ui.byTestId('credentials-label').waitFor();
		const names = await ui.ndvParameterNames();
		for (const name of ['method', 'url', 'sendQuery', 'sendHeaders', 'sendBody']) assert(names.includes(name), `parameter ${name} missing; shown: ${names.join(', ')}`);
		credentialLabel = await ui.ndvCredentialText();
		return `parameters: ${names.join(', ')}; credential slot: "${credentialLabel}"`;
	});

	await check('credential slot -> new credential opens the API Key credential modal; n8n names it after the type only', async () => {
		await ui.createCredentialFromNode();
		const header = (await ui.credentialModal.locator('.el-dialog__header, header').first().innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
		assert(header.includes('API Key API'), `modal header is "${header.join(' | ')}", expected the type "API Key API"`);
		defaultName = await ui.credentialName();
		// n8n's editor drops the word "API" from the type's display name and appends "account"; no
		// field of the credential can change that (see docs/drafts/editor.md).
		assert(/^Key account( \d+)?$/.test(defaultName), `default name "${defaultName}"`);
		const keyType = await ui.credentialInput('apiKey').getAttribute('type');
		assert(keyType === 'password', `the Key input is type="${keyType}", expected a masked password input`);
		return `modal header "${header.slice(0, 2).join(' | ')}", default name "${defaultName}", Key input masked`;
	});

	await check('Service list: Custom (Any API) first; option texts show <key> (escaped for n8n\'s HTML)', async () => {
		await ui.credentialModal.locator('[data-test-id="parameter-input-service"]').click();
		await page.locator('.el-select-dropdown__item:visible').first().waitFor();
		await ui.settle(200);
		const options = await page.locator('.el-select-dropdown__item:visible').evaluateAll((items) =>
			items.map((item) => ({
				name: item.querySelector('.option-headline')?.textContent?.trim() ?? '',
				description: item.querySelector('.option-description')?.textContent?.trim() ?? '',
			})),
		);
		await page.keyboard.press('Escape');
		await ui.settle(200);
		assert(options[0]?.name === 'Custom (Any API)', `first option is "${options[0]?.name}"`);
		const byName = Object.fromEntries(options.map((option) => [option.name, option.description]));
		assert(byName['Anthropic (Claude)'] === 'x-api-key: <key>, anthropic-version: 2023-06-01', `Anthropic reads "${byName['Anthropic (Claude)']}"`);
		assert(byName.Stripe === 'Authorization: Basic base64(<key>:), Stripe-Version: <API Version> (optional)', `Stripe reads "${byName.Stripe}"`);
		assert(byName['Mailchimp Marketing'] === 'Authorization: Basic base64(anystring:<key>)', `Mailchimp reads "${byName['Mailchimp Marketing']}"`);
		return `${options.length} options, first "${options[0].name}"; Stripe: "${byName.Stripe}"`;
	});

	await check('the Custom form shows only what a first-time user needs (Header placement)', async () => {
		const fields = (await ui.credentialFields()).map((field) => field.name);
		const ours = fields.filter((name) => !N8N_OWN_FIELDS.includes(name));
		assert(JSON.stringify(ours) === JSON.stringify(CUSTOM_FORM), `fields shown: ${fields.join(', ')}`);
		const n8nOwn = fields.filter((name) => N8N_OWN_FIELDS.includes(name));
		await ui.screenshot(shot('credential-custom.png'));
		return `${ours.length} fields of ours (was ${FIELDS_BEFORE}) + ${n8nOwn.length} of n8n's (${n8nOwn.join(', ')}): ${ours.join(', ')}`;
	});

	await check('the optional groups open with their toggles, and close again', async () => {
		const details = [];
		for (const [toggle, names] of Object.entries(OPTIONAL_GROUPS)) {
			await ui.setCredentialSwitch(toggle, true);
			const shown = (await ui.credentialFields()).map((field) => field.name);
			for (const name of names) assert(shown.includes(name), `${toggle} on: ${name} missing; shown: ${shown.join(', ')}`);
			await ui.setCredentialSwitch(toggle, false);
			const hidden = (await ui.credentialFields()).map((field) => field.name);
			for (const name of names) assert(!hidden.includes(name), `${toggle} off: ${name} still shown`);
			details.push(`${toggle}: ${names.join(', ')}`);
		}
		return details.join('; ');
	});

	for (const placement of PLACEMENTS) {
		const shown = Object.values(placement.fields);
		const title = `Placement "${placement.option}" shows ${shown.length > 0 ? shown.map((label) => `"${label}"`).join(' + ') : 'no extra field'} and no other placement field`;
		await check(title, async () => {
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
			if (placement.screenshot) await ui.screenshot(shot(placement.screenshot));
			const others = names.filter((name) => !COMMON_FIELDS.includes(name) && !PLACEMENT_FIELDS.includes(name));
			return `fields: ${fields.map((field) => field.label || field.name).join(' | ')}${others.length > 0 ? ` (also shown: ${others.join(', ')})` : ''}`;
		});
	}

	await check('Test with a wrong key: the package\'s own 401 explanation, after exactly one request', async () => {
		await ui.chooseCredentialOption('placement', 'Header');
		await ui.credentialInput('apiKey').fill('wrong-key-1234');
		await ui.credentialInput('baseUrl').fill(api.baseUrl);
		await ui.credentialInput('testUrl').fill('/me');
		await ui.renameCredential(CREDENTIAL_NAME);
		const before = api.requestsTo('/v1/me').length;
		const result = await ui.saveCredential();
		saved.custom = result.credential;
		assert(result.credential?.type === 'apiKeyApi', `saved credential type ${result.credential?.type}`);
		assert(result.tested === 'failed', `the modal shows ${result.tested} "${result.message}"`);
		assert(/^The API rejected the key \(401\)\. The key is wrong or incomplete/.test(result.message), `message: "${result.message}"`);
		assert(result.message.includes('Tested the live Key.'), `message does not say which key was tested: "${result.message}"`);
		assert(!result.message.includes('wrong-key-1234'), 'the message shows the key');
		const requests = api.requestsTo('/v1/me').slice(before);
		assert(requests.length === 1, `the API got ${requests.length} test requests`);
		await ui.screenshot(shot('credential-test-failure.png'));
		return `"${result.message}" (${requests.length} request)`;
	});

	await check('Test with an empty Test Request URL on a Base URL that answers 404: asks for a Test Request URL', async () => {
		await ui.credentialInput('apiKey').fill(DEMO_KEY);
		await ui.credentialInput('baseUrl').fill(`${api.origin}/v2`);
		await ui.credentialInput('testUrl').fill('');
		const result = await ui.saveCredential();
		assert(result.tested === 'failed', `the modal shows ${result.tested} "${result.message}"`);
		assert(result.message.startsWith('The Base URL answered 404. Most APIs have nothing at their Base URL itself: set Test Request URL to an endpoint that needs the key, e.g. /me.'), `message: "${result.message}"`);
		return `"${result.message}"`;
	});

	await check('Test with the right key and Test Request URL /me passes; the credential is saved', async () => {
		await ui.credentialInput('baseUrl').fill(api.baseUrl);
		await ui.credentialInput('testUrl').fill('/me');
		const before = api.requestsTo('/v1/me').length;
		const result = await ui.saveCredential();
		assert(result.tested === 'success', `the modal shows ${result.tested} "${result.message}"`);
		const tests = api.requestsTo('/v1/me').slice(before);
		assert(tests.length === 1 && tests[0].authorized, `the API got ${tests.length} test request(s), authorized: ${tests.map((test) => test.authorized)}`);
		assert(result.answer.message.startsWith(`Connection successful: ${new URL(api.origin).host} accepted the live Key.`), `the Test answered "${result.answer.message}"`);
		if (!result.modalClosed) await ui.screenshot(shot('credential-test-success.png'));
		await ui.closeCredentialModal();
		return `modal: ${result.message}; the Test answered "${result.answer.message}" after ${tests.length} request with the key`;
	});

	await check('the node panel shows the saved credential', async () => {
		await ui.waitForNdvCredential(CREDENTIAL_NAME);
		const slot = await ui.ndvCredentialText();
		assert(slot.includes(CREDENTIAL_NAME), `credential slot shows "${slot}"`);
		return `"${slot}" (before: "${credentialLabel}")`;
	});

	await check('URL "/items" typed into the node; Execute step calls the API with the key and shows its answer', async () => {
		await ui.fillNodeParameter('url', '/items');
		const before = api.requestsTo('/v1/items').length;
		const names = api.items.map((item) => item.name);
		const text = await ui.executeNdvNode(names[names.length - 1]);
		for (const name of names) assert(text.includes(name), `the output lacks ${name}`);
		const calls = api.requestsTo('/v1/items').slice(before);
		assert(calls.length === 1 && calls[0].authorized, `the API got ${calls.length} request(s), authorized: ${calls.map((call) => call.authorized)}`);
		assert(!text.includes(DEMO_KEY), 'the output panel shows the key');
		const count = text.match(/\b(\d+) items?\b/)?.[0];
		await ui.screenshot(shot('node-parameters.png'));
		return `GET /v1/items with the key; output panel: ${count ?? 'items'} (${names.join(', ')})`;
	});

	for (const service of SERVICE_CASES) {
		const detail = service.header
			? `${service.header[0]}: ${service.header[1] ?? '(not sent)'} reaches the server`
			: service.testReaches
				? 'the typed URL is saved and its Test reaches the server'
				: service.account
					? 'the typed value is saved'
					: 'the default is kept';
		await check(`${service.name}: ${service.field} shows "${service.shown}" after choosing the service; saved, used: ${detail}`, async () => {
			try {
				await ui.createCredentialFromNode();
				await ui.chooseCredentialOption('service', service.name);
				await ui.settle(200);
				const shown = await ui.credentialInput(service.field).inputValue();
				assert(shown === service.shown, `${service.field} shows "${shown}", expected "${service.shown}"`);
				const names = (await ui.credentialFields()).map((field) => field.name);
				for (const legacy of LEGACY_FIELDS) assert(!names.includes(legacy), `the shared field ${legacy} is shown`);
				const key = `e2e-${service.id}-key-7Qx`;
				await ui.credentialInput('apiKey').fill(key);
				const account = service.account?.({ echo });
				if (account) await ui.credentialInput(service.field).fill(account);
				if (service.header) {
					// The service's hosts are on the internet: let the key go to the local server for this check.
					await ui.setCredentialSwitch('showAdvancedSettings', true);
					await ui.credentialInput('allowedHosts').fill(echo.origin);
				}
				await ui.renameCredential(`${service.name} e2e`);
				if (service.screenshot) await ui.screenshot(shot(service.screenshot));
				const before = echo.received.length;
				const result = await ui.saveCredential();
				saved[service.id] = { ...result.credential, typed: account ?? service.shown };
				const parts = [`Test: ${result.tested}${result.message ? ` "${result.message}"` : ''}`];
				if (service.testReaches) {
					const [route, header] = service.testReaches;
					const hits = echo.received.slice(before).filter((request) => request.path === route);
					assert(hits.length === 1 && hits[0].headers[header] === key, `the Test sent ${hits.length} request(s) to ${route}`);
					assert(result.tested === 'success', `the Test did not pass: ${result.tested} "${result.message}"`);
					parts.push(`Test request reached ${route} with the key in ${header}`);
				}
				await ui.closeCredentialModal();
				await ui.waitForNdvCredential(`${service.name} e2e`);
				if (service.header) {
					const route = `/service/${service.id}`;
					await ui.fillNodeParameter('url', `${echo.origin}${route}`);
					await ui.executeNdvNode(route);
					await until(() => echo.requestsTo(route).length > 0, `a request to ${route}`);
					const [name, value] = service.header;
					const sent = echo.requestsTo(route).at(-1).headers[name];
					assert(sent === (value ?? undefined), `${name} was ${JSON.stringify(sent)}, expected ${JSON.stringify(value ?? undefined)}`);
					parts.push(`node request: ${name}: ${sent ?? '(not sent)'}`);
				}
				return parts.join('; ');
			} finally {
				// A failed step must not leave the modal over the next case.
				if (await ui.credentialModal.isVisible()) await ui.closeCredentialModal().catch(() => page.keyboard.press('Escape'));
			}
		}, { independent: true });
	}

	await check('after a reload every per-service field shows what was saved; nothing is stored under the shared names', async () => {
		const lines = [];
		for (const service of SERVICE_CASES) {
			const credential = saved[service.id];
			assert(credential?.id, `${service.id} was not saved`);
			await ui.openCredential(credential.id);
			const shown = await ui.credentialInput(service.field).inputValue();
			assert(shown === credential.typed, `${service.id}: ${service.field} shows "${shown}" after the reload, expected "${credential.typed}"`);
			const { body } = await ui.rest(`/rest/credentials/${credential.id}?includeData=true`);
			const data = body?.data?.data ?? {};
			assert(data.service === service.id, `${service.id}: stored service ${data.service}`);
			for (const legacy of LEGACY_FIELDS) assert(!(legacy in data), `${service.id}: stored ${legacy}=${JSON.stringify(data[legacy])}`);
			lines.push(`${service.id}.${service.field}="${shown}" (stored: ${service.field in data ? JSON.stringify(data[service.field]) : 'default'})`);
			await ui.closeCredentialModal();
		}
		const { body } = await ui.rest('/rest/credentials');
		const names = (body?.data ?? []).map((credential) => credential.name);
		assert(new Set(names).size === names.length, `credential names repeat: ${names.join(', ')}`);
		return lines.join(', ');
	}, { independent: true });

	await check('n8n\'s HTTP Request node: Predefined Credential Type lists "API Key API"; with it selected the request carries the key', async () => {
		await ui.openNewWorkflow();
		await ui.searchNodePanel('Manual', 'Manual Trigger');
		await ui.addFromNodePanel('Manual Trigger');
		await ui.closeNdvIfOpen();
		await ui.searchNodePanel('HTTP Request', 'HTTP Request');
		await ui.addFromNodePanel('HTTP Request');
		await ui.ndv.waitFor();
		await ui.chooseNodeOption('authentication', 'Predefined Credential Type');
		const listed = await ui.searchNodeSelect('nodeCredentialType', 'API Key');
		assert(listed.includes('API Key API'), `searching "API Key" lists ${JSON.stringify(listed)}`);
		await ui.clickVisibleOption('API Key API');
		await ui.byTestId('credentials-label').waitFor();
		await ui.selectNdvCredential(CREDENTIAL_NAME);
		await ui.fillNodeParameter('url', `${api.baseUrl}/items`);
		const before = api.requestsTo('/v1/items').length;
		const text = await ui.executeNdvNode(api.items[1].name);
		const calls = api.requestsTo('/v1/items').slice(before);
		assert(calls.length === 1 && calls[0].authorized, `the API got ${calls.length} request(s), authorized: ${calls.map((call) => call.authorized)}`);
		assert(!text.includes(DEMO_KEY), 'the output panel shows the key');
		await ui.screenshot(shot('http-request-credential.png'));
		return `searching "API Key" lists ${JSON.stringify(listed)}; GET /v1/items sent with the key`;
	}, { independent: true });

	await check('AI Agent with API Key Request Tool attached: the model gets the node\'s own description', async () => {
		await ui.closeNdvIfOpen();
		await ui.openNewWorkflow();
		await ui.searchNodePanel('Manual', 'Manual Trigger');
		await ui.addFromNodePanel('Manual Trigger');
		await ui.closeNdvIfOpen();
		await ui.searchNodePanel('AI Agent', 'AI Agent');
		await ui.addFromNodePanel('AI Agent');
		await ui.closeNdvIfOpen();
		const items = await ui.searchFromNodeInput(AGENT_TYPE, 'Tool', 'API Key', 'API Key Request Tool');
		await ui.addFromNodePanel('API Key Request Tool');
		await ui.ndv.waitFor();
		const shown = await ui.ndv.locator('[data-test-id="parameter-input-toolDescription"] textarea, [data-test-id="parameter-input-toolDescription"] input').first().inputValue();
		// The build the installed package was packed from: its own copy needs n8n's modules, which
		// only n8n's process resolves (the run folder is outside the project).
		const { ApiKeyRequest } = require(path.join(PROJECT_ROOT, 'dist', 'nodes', 'ApiKeyRequest', 'ApiKeyRequest.node.js'));
		const ownDescription = new ApiKeyRequest().description.description;
		assert(shown === ownDescription, `the editor shows "${shown}"`);
		await ui.selectNdvCredential(CREDENTIAL_NAME);
		// "Let the model define this parameter": n8n writes a $fromAI() expression into URL.
		await ui.ndv.locator('[data-test-id="parameter-input-url"]').hover();
		await ui.ndv.locator('[data-test-id="from-ai-override-button"]').first().click();
		await ui.ndv.locator('[data-test-id="fromAI-override-field"]').waitFor();
		await ui.screenshot(shot('ai-agent-tool-panel.png'));
		await ui.closeNdvIfOpen();
		const workflow = await ui.saveWorkflow();
		const tool = (workflow.nodes ?? []).find((node) => node.type === `${NODE_TYPE}Tool`);
		assert(tool, `the saved workflow has no ${NODE_TYPE}Tool node: ${(workflow.nodes ?? []).map((node) => node.type).join(', ')}`);
		assert(/\$fromAI\('URL'/.test(String(tool.parameters.url)), `URL was saved as ${JSON.stringify(tool.parameters.url)}`);
		const connected = Object.values(workflow.connections ?? {}).some((outputs) => (outputs.ai_tool ?? []).flat().some((link) => link?.node && workflow.nodes.find((node) => node.name === link.node)?.type === AGENT_TYPE));
		assert(connected, 'the tool is not connected to the agent');
		// The tool as n8n builds it for an execution and hands it to the model.
		const modelSees = await runtimeTool(n8n, userFolder, tool);
		assert(modelSees.description === ownDescription, `at run time the model gets the description "${modelSees.description}"`);
		assert(Object.keys(modelSees.arguments).join() === 'URL', `the model gets the arguments ${JSON.stringify(modelSees.arguments)}`);
		await ui.screenshot(shot('ai-agent-tool.png'));
		return `panel: ${items.join(', ')}; saved toolDescription: ${'toolDescription' in tool.parameters ? 'set' : 'default (not saved)'}; the model gets tool "${modelSees.name}", arguments ${Object.keys(modelSees.arguments).join(', ')}, description "${modelSees.description}"`;
	}, { independent: true });

	await finish();
	endReport(report, [
		`Screenshots: ${fs.existsSync(screenshotDir) ? fs.readdirSync(screenshotDir).filter((file) => file.endsWith('.png')).join(', ') : 'none'} in ${screenshotDir}`,
		`Run files: ${path.relative(PROJECT_ROOT, runDir)} (${formatSeconds(Date.now() - started)})`,
	]);
}

runChecks(main);
