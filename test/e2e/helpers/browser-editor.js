'use strict';
/**
 * Drives n8n's editor in Debian's Chromium through playwright-core (no Playwright browser build).
 *
 * Selectors are the data-test-id attributes of n8n's editor (packages/frontend/editor-ui). Where
 * the 1.x and 2.x editors differ, both are handled:
 *   - credential slot in the node panel: 1.x `node-credentials-select` (a dropdown whose footer
 *     `node-credentials-select-item-new` creates a credential); 2.x `node-credentials-empty-state`
 *     ("Connect to ..." button that opens the credential modal directly).
 *   - after login 1.x lands on /home/workflows, 2.x on /assistant: the tests go to /workflow/new.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// The editor asks a few hosts on the internet for banners and news; none can be reached here, and
	// the browser must not try: every host name but the local n8n's fails at once.
	'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
const VIEWPORT = { width: 1440, height: 900 };

function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch {
		throw new Error('playwright-core is not installed: run `npm install` (it is a devDependency).');
	}
}

/**
 * Chromium with a fresh user-data dir in the system's temporary folder (never inside the project:
 * a profile left by a killed browser holds dangling Singleton* links that break file globbing).
 * Returns { context, page, close }; close() also deletes the profile.
 */
async function launchBrowser({ logFile }) {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
	const { chromium } = loadPlaywright();
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-api-key-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'UTC',
		reducedMotion: 'reduce',
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(20000);
	page.setDefaultNavigationTimeout(60000);
	const log = (line) => logFile && fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
	page.on('console', (message) => log(`console.${message.type()}: ${message.text()}`));
	page.on('pageerror', (error) => log(`pageerror: ${error.stack || error.message}`));
	page.on('response', (response) => response.status() >= 400 && log(`response ${response.status()}: ${response.request().method()} ${response.url()}`));
	page.on('requestfailed', (request) => log(`requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
	const close = async () => {
		try {
			await context.close();
		} finally {
			fs.rmSync(userDataDir, { recursive: true, force: true });
		}
	};
	return { context, page, userDataDir, close };
}

/** Helpers bound to one page of n8n's editor at baseUrl. */
function editor(page, baseUrl) {
	const byTestId = (id) => page.locator(`[data-test-id="${id}"]`);
	const visible = (selector) => page.locator(`${selector}:visible`);
	const credentialModal = byTestId('editCredential-modal');
	const nodeCreator = byTestId('node-creator');

	/** Waits for fonts, the network and finite CSS animations, so screenshots show a settled UI. */
	async function settle(extraMs = 400) {
		await page.evaluate(() => document.fonts.ready.then(() => undefined));
		await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
		await page
			.evaluate(
				() =>
					new Promise((resolve) => {
						const finite = document
							.getAnimations()
							.filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
						Promise.all(finite.map((animation) => animation.finished.catch(() => undefined))).then(() => resolve());
						setTimeout(resolve, 3000);
					}),
			)
			.catch(() => undefined);
		await page.waitForTimeout(extraMs);
	}

	/** Closes toasts and the notices n8n shows on a first start. Returns what it closed. */
	async function dismissPopups() {
		const closed = [];
		for (const selector of ['.el-notification .el-notification__closeBtn', '.el-message .el-message__closeBtn']) {
			for (const button of await visible(selector).all()) {
				await button.click({ timeout: 2000 }).catch(() => undefined);
				closed.push(selector.split(' ')[0]);
			}
		}
		// Survey and "what's new" style modals: any open dialog that is not the credential modal.
		for (const id of ['nps-survey-modal', 'whatsNew-modal', 'whats-new-modal', 'contact-prompt-modal', 'personalization-form']) {
			const modal = visible(`[data-test-id="${id}"]`);
			if ((await modal.count()) > 0) {
				const close = modal.locator('.el-dialog__headerbtn, .el-drawer__close-btn, [aria-label="Close"]').first();
				if ((await close.count()) > 0) await close.click({ timeout: 2000 }).catch(() => undefined);
				else await page.keyboard.press('Escape');
				closed.push(id);
			}
		}
		return closed;
	}

	/** Moves the pointer where it hovers nothing, so no tooltip is in a screenshot. */
	async function parkPointer() {
		await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height / 2);
	}

	async function screenshot(file, { clip } = {}) {
		await dismissPopups();
		// No focus ring on the last field used, no tooltip under the pointer.
		await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
		await parkPointer();
		await settle();
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
	}

	/**
	 * Owner setup through the editor's own form (or sign-in when the owner exists already).
	 * Resolves with the path the editor lands on afterwards.
	 */
	async function setupOwner(owner) {
		await page.goto(`${baseUrl}/`);
		await page.waitForURL((url) => /\/(setup|signin)/.test(url.pathname));
		const field = (id) => byTestId(id).locator('input');
		if (new URL(page.url()).pathname.startsWith('/setup')) {
			await field('email').fill(owner.email);
			await field('firstName').fill(owner.firstName);
			await field('lastName').fill(owner.lastName);
			await field('password').fill(owner.password);
		} else {
			await field('emailOrLdapLoginId').fill(owner.email);
			await field('password').fill(owner.password);
		}
		await byTestId('form-submit-button').click();
		await page.waitForURL((url) => !/^\/(setup|signin)/.test(url.pathname), { timeout: 30000 });
		return new URL(page.url()).pathname;
	}

	async function openNewWorkflow() {
		await page.goto(`${baseUrl}/workflow/new`);
		await byTestId('canvas-wrapper').waitFor();
		await dismissPopups();
	}

	/** The node names listed in the node panel. */
	async function nodeCreatorItems() {
		// An item's text is its name, then (2.x) its description on the next line.
		return (await nodeCreator.locator('[data-test-id="item-iterator-item"]').allInnerTexts()).map((text) => text.trim().split('\n')[0].trim());
	}

	/** A node panel entry whose name (its first line) is exactly `name`. */
	const nodePanelItem = (name) =>
		nodeCreator.locator('[data-test-id="item-iterator-item"]').filter({ has: page.getByText(name, { exact: true }) }).first();

	/** Opens the node panel (first step or "+") and types a search; waits for a node named `expect`. */
	async function searchNodePanel(query, expect) {
		const firstStep = byTestId('canvas-add-button');
		if (await firstStep.isVisible()) await firstStep.click();
		else await byTestId('node-creator-plus-button').click();
		await byTestId('node-creator-search-bar').fill(query);
		await nodePanelItem(expect).waitFor();
		return await nodeCreatorItems();
	}

	/**
	 * Clicks a node in the panel's results. A community package node opens a "Node details" page
	 * with an "Add to workflow" button first; a built-in node is added at once (or, for nodes with
	 * actions, shows its actions: the first one is taken).
	 */
	async function addFromNodePanel(name) {
		const countBefore = await byTestId('canvas-node').count();
		await nodePanelItem(name).click();
		const addButton = nodeCreator.getByRole('button', { name: 'Add to workflow' });
		const added = page.waitForFunction(
			(count) => document.querySelectorAll('[data-test-id="canvas-node"]').length > count,
			countBefore,
			{ timeout: 15000 },
		);
		await Promise.race([addButton.waitFor({ timeout: 15000 }), added]);
		if (await addButton.isVisible()) await addButton.click();
		await added;
	}

	const ndv = byTestId('ndv');

	async function closeNdvIfOpen() {
		if (await ndv.isVisible()) {
			await page.keyboard.press('Escape');
			await ndv.waitFor({ state: 'hidden' });
		}
	}

	/** Names of the parameters shown in the open node panel (data-test-id parameter-input-<name>). */
	async function ndvParameterNames() {
		return await byTestId('node-parameters').evaluate((root) =>
			[...root.querySelectorAll('[data-test-id^="parameter-input-"]')]
				.filter((element) => element.offsetParent !== null)
				.map((element) => element.getAttribute('data-test-id').slice('parameter-input-'.length))
				.filter((name) => !['field', 'item'].includes(name) && !name.includes('-')),
		);
	}

	/** Opens "create new credential" from the node's credential slot (1.x dropdown or 2.x button). */
	async function createCredentialFromNode() {
		const select = visible('[data-test-id="node-credentials-select"]');
		const emptyState = visible('[data-test-id="node-credentials-empty-state"]');
		await Promise.race([select.first().waitFor(), emptyState.first().waitFor()]);
		if ((await emptyState.count()) > 0) await emptyState.first().click();
		else await select.first().click();
		const newItem = visible('[data-test-id="node-credentials-select-item-new"]');
		await Promise.race([newItem.first().waitFor(), credentialModal.waitFor()]);
		if ((await newItem.count()) > 0 && !(await credentialModal.isVisible())) await newItem.first().click();
		await credentialModal.waitFor();
		await credentialModal.locator('[data-test-id="credential-connection-parameter"]').first().waitFor();
		await settle(200);
	}

	/** The fields the credential modal shows: [{ name, label }] in order. */
	async function credentialFields() {
		return await credentialModal.evaluate((modal) =>
			[...modal.querySelectorAll('[data-test-id="credential-connection-parameter"]')]
				.filter((wrapper) => wrapper.offsetParent !== null)
				.map((wrapper) => {
					const ids = [...wrapper.querySelectorAll('[data-test-id]')].map((element) => element.getAttribute('data-test-id'));
					let name;
					for (const id of ids) {
						const match = /^parameter-input-(.+)$/.exec(id) ?? /^fixed-collection-(.+)$/.exec(id);
						if (match && !['field', 'item', 'wrapper', 'add'].includes(match[1])) {
							name = match[1];
							break;
						}
					}
					const label = wrapper.querySelector('label.n8n-input-label, .n8n-input-label, label');
					const text = (label?.innerText ?? '').split('\n')[0].replace(/\s*\*\s*$/, '').trim();
					return { name: name ?? '?', label: text };
				}),
		);
	}

	/** The visible input of a credential field, e.g. 'apiKey'. */
	const credentialInput = (name) => credentialModal.locator(`[data-test-id="parameter-input-${name}"] input, [data-test-id="parameter-input-${name}"] textarea`).first();

	/**
	 * Opens a credential options field and picks the option whose headline is `optionName` (a
	 * string: exactly that headline; a RegExp: the first headline it matches). Returns the headline.
	 */
	async function chooseCredentialOption(name, optionName) {
		await credentialModal.locator(`[data-test-id="parameter-input-${name}"]`).click();
		// Headlines such as "Header" are part of others ("Authorization ... Header"): match whole headlines.
		const headline = typeof optionName === 'string' ? new RegExp(`^\\s*${optionName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : optionName;
		const option = visible('.el-select-dropdown__item').filter({ has: page.locator('.option-headline', { hasText: headline }) }).first();
		await option.scrollIntoViewIfNeeded();
		const chosen = (await option.locator('.option-headline').innerText()).trim();
		await option.click();
		await visible('.el-select-dropdown__item').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
		await page.waitForFunction(
			({ field, value }) => {
				const input = document.querySelector(`[data-test-id="editCredential-modal"] [data-test-id="parameter-input-${field}"] input`);
				return input && input.value === value;
			},
			{ field: name, value: chosen },
			{ timeout: 5000 },
		);
		return chosen;
	}

	async function credentialName() {
		const preview = credentialModal.locator('[data-test-id="credential-name"] [data-test-id="inline-edit-preview"]');
		if ((await preview.count()) > 0 && (await preview.innerText()).trim() !== '') return (await preview.innerText()).trim();
		return await credentialModal.locator('[data-test-id="credential-name"] [data-test-id="inline-edit-input"]').inputValue();
	}

	/** Renames the credential in the modal's title. */
	async function renameCredential(name) {
		await credentialModal.locator('[data-test-id="credential-name"]').click();
		const input = credentialModal.locator('[data-test-id="credential-name"] [data-test-id="inline-edit-input"]');
		await input.fill(name);
		await input.press('Enter');
	}

	const testSuccessBanner = credentialModal.locator('[data-test-id="credentials-config-container-test-success"]');
	const testFailureBanner = credentialModal.locator('.el-tag--danger:visible').filter({ hasText: /Couldn.t connect with these settings/ }).first();

	/**
	 * The credential Test's outcome as the modal shows it, for the answer of POST
	 * /rest/credentials/test that `testAnswer` resolves with: the green "Connection tested
	 * successfully" banner, or the red "Couldn't connect with these settings" banner, whose "More
	 * details" link reveals the message the Test returned (1.x and 2.x). { tested, message }.
	 */
	async function credentialTestResult(testAnswer) {
		const answer = await testAnswer;
		if (!answer) return { tested: 'none', message: '' };
		if (answer.status === 'OK') {
			// 1.x keeps the modal open with the banner; 2.x closes a modal opened from a node on success.
			const shown = await Promise.race([
				testSuccessBanner.waitFor().then(() => 'banner'),
				credentialModal.waitFor({ state: 'hidden' }).then(() => 'closed'),
			]);
			const message = shown === 'banner' ? (await testSuccessBanner.innerText()).trim().split('\n')[0].trim() : 'modal closed after the successful test';
			return { tested: 'success', message, answer, modalClosed: shown === 'closed' };
		}
		await testFailureBanner.waitFor();
		const details = testFailureBanner.getByText('More details');
		if ((await details.count()) > 0 && (await details.isVisible())) await details.click();
		// The details open in the banner (1.x) or right under it (2.x): the banner's parent holds both.
		const container = testFailureBanner.locator('xpath=..');
		const start = answer.message.slice(0, 30);
		await page.waitForFunction(({ element, start }) => element.innerText.includes(start), { element: await container.elementHandle(), start }, { timeout: 10000 });
		const lines = (await container.innerText()).split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^(Retry|More details|Couldn.t connect with these settings)$/.test(line));
		return { tested: 'failed', message: lines.find((line) => line.startsWith(start)) ?? '', answer };
	}

	/** The editor's next credential test request, answered: { status, message }, or undefined. */
	function nextTestAnswer(timeout = 30000) {
		return page
			.waitForResponse((response) => /\/rest\/credentials\/test(\?|$)/.test(response.url()) && response.request().method() === 'POST', { timeout })
			.then(async (response) => (await response.json())?.data)
			.catch(() => undefined);
	}

	/** Save. Resolves with the test's outcome (see credentialTestResult) and the saved credential. */
	async function saveCredential() {
		const saved = page.waitForResponse((response) => /\/rest\/credentials(\/[^/?]+)?(\?|$)/.test(response.url()) && ['POST', 'PATCH'].includes(response.request().method()) && !/\/test(\?|$)/.test(response.url()));
		const tested = nextTestAnswer();
		await credentialModal.locator('[data-test-id="credential-save-button"]').click();
		const response = await saved;
		if (!response.ok()) throw new Error(`${response.request().method()} /rest/credentials answered ${response.status()}: ${(await response.text()).slice(0, 300)}`);
		const outcome = await credentialTestResult(tested);
		return { ...outcome, credential: (await response.json())?.data ?? {} };
	}

	/** Turns a boolean credential field (a switch) on or off. */
	async function setCredentialSwitch(name, on) {
		const field = credentialModal.locator(`[data-test-id="parameter-input-${name}"]`);
		const input = field.locator('input[role="switch"]');
		if ((await input.getAttribute('aria-checked')) !== String(on)) await field.locator('.el-switch').click();
		await page.waitForFunction(
			({ name, on }) =>
				document.querySelector(`[data-test-id="editCredential-modal"] [data-test-id="parameter-input-${name}"] input[role="switch"]`)?.getAttribute('aria-checked') === String(on),
			{ name, on },
			{ timeout: 5000 },
		);
		await settle(150);
	}

	/** Opens a saved credential in the editor (the credentials page with its modal). */
	async function openCredential(id) {
		await page.goto(`${baseUrl}/home/credentials/${id}`);
		await credentialModal.waitFor();
		await credentialModal.locator('[data-test-id="credential-connection-parameter"]').first().waitFor();
		await settle(200);
	}

	/** A GET of n8n's REST API with the editor's session (cookie and browser id). */
	async function rest(pathname) {
		return await page.evaluate(async (url) => {
			const response = await fetch(url, { headers: { 'browser-id': localStorage.getItem('n8n-browserId') ?? '' } });
			return { status: response.status, body: await response.json().catch(() => null) };
		}, pathname);
	}

	async function closeCredentialModal() {
		if (!(await credentialModal.isVisible())) return;
		await credentialModal.locator('.el-dialog__headerbtn, .el-dialog__close').first().click();
		await credentialModal.waitFor({ state: 'hidden' });
	}

	/** Text of the node panel's credential slot (selected credential's name). */
	async function ndvCredentialText() {
		return await ndv.evaluate((root) => {
			const label = root.querySelector('[data-test-id="credentials-label"]');
			const box = root.querySelector('[data-test-id="node-credentials-slot"]') ?? label?.closest('.parameter-item') ?? label?.parentElement?.parentElement;
			if (!box) return '';
			const values = [...box.querySelectorAll('input')].map((input) => input.value);
			return `${box.innerText} ${values.join(' ')}`.replace(/\s+/g, ' ').trim();
		});
	}

	/** Waits until the node panel's credential slot shows a credential name. */
	async function waitForNdvCredential(name) {
		await page.waitForFunction(
			(expected) => {
				const root = document.querySelector('[data-test-id="ndv"]');
				if (!root) return false;
				const texts = [root.innerText, ...[...root.querySelectorAll('input')].map((input) => input.value)];
				return texts.some((text) => text.includes(expected));
			},
			name,
			{ timeout: 10000 },
		);
	}

	/** Types into a node parameter (string input) of the open node panel. */
	async function fillNodeParameter(name, value) {
		const field = ndv.locator(`[data-test-id="parameter-input-${name}"]`);
		const input = field.locator('input, textarea, [contenteditable="true"]').first();
		await input.click();
		await input.fill(value);
		// Leave the field so n8n stores the value (it also debounces typing).
		await input.press('Tab');
		await page.waitForTimeout(300);
		const stored = await input.evaluate((element) => ('value' in element ? element.value : element.textContent));
		if (stored !== value) throw new Error(`parameter ${name} holds "${stored}", expected "${value}"`);
	}

	/** Picks an option of an options parameter of the open node panel by its headline. */
	async function chooseNodeOption(name, optionName) {
		await ndv.locator(`[data-test-id="parameter-input-${name}"]`).click();
		const option = visible('.el-select-dropdown__item').filter({ has: page.locator('.option-headline', { hasText: new RegExp(`^\\s*${optionName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) }).first();
		await option.click();
		await visible('.el-select-dropdown__item').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
		await settle(150);
	}

	/**
	 * Types into a searchable select of the node panel (e.g. HTTP Request's Credential Type) and
	 * returns the options it then lists.
	 */
	async function searchNodeSelect(name, query) {
		const field = ndv.locator(`[data-test-id="parameter-input-${name}"]`);
		await field.click();
		await field.locator('input').first().fill(query);
		await settle(300);
		return (await visible('.el-select-dropdown__item').allInnerTexts()).map((text) => text.split('\n')[0].trim());
	}

	/** Clicks the listed option whose text is exactly `text`. */
	async function clickVisibleOption(text) {
		await visible('.el-select-dropdown__item').filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).first().click();
		await settle(200);
	}

	/** Selects a saved credential in the open node panel's credential slot. */
	async function selectNdvCredential(name) {
		const select = visible('[data-test-id="node-credentials-select"]').first();
		await select.click();
		await visible('[data-test-id="node-credentials-select-item"], .el-select-dropdown__item').filter({ hasText: name }).first().click();
		await waitForNdvCredential(name);
		await settle(200);
	}

	/** Clicks Execute step in the open node panel and waits until the output panel shows `expect`. */
	async function executeNdvNode(expect, { timeout = 30000 } = {}) {
		await byTestId('node-execute-button').first().click();
		await page.waitForFunction(
			(text) => (document.querySelector('[data-test-id="output-panel"]')?.innerText ?? '').includes(text),
			expect,
			{ timeout },
		);
		return (await byTestId('output-panel').innerText()).replace(/\s+/g, ' ');
	}

	/** Opens the node panel from a canvas node's labelled sub-node input ("Tool") and searches. */
	async function searchFromNodeInput(nodeType, inputLabel, query, expect) {
		const node = page.locator(`[data-test-id="canvas-node"][data-node-type="${nodeType}"]`).first();
		await node.waitFor();
		const handle = page.locator('.canvas-node-handle-non-main-input').filter({ hasText: new RegExp(`^\\s*${inputLabel}\\s*$`) }).locator('[data-test-id="canvas-handle-plus"]').first();
		await handle.click();
		await byTestId('node-creator-search-bar').fill(query);
		await nodePanelItem(expect).waitFor();
		return await nodeCreatorItems();
	}

	/** Saves the open workflow (Ctrl+S) and resolves with the saved workflow from the REST answer. */
	async function saveWorkflow() {
		const saved = page.waitForResponse((response) => /\/rest\/workflows(\/[^/?]+)?(\?|$)/.test(response.url()) && ['POST', 'PATCH'].includes(response.request().method()));
		await page.locator('[data-test-id="canvas-wrapper"]').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
		await page.keyboard.press('Control+s');
		const response = await saved;
		if (!response.ok()) throw new Error(`saving the workflow answered ${response.status()}`);
		return (await response.json())?.data ?? {};
	}

	return {
		byTestId,
		settle,
		dismissPopups,
		screenshot,
		setupOwner,
		openNewWorkflow,
		searchNodePanel,
		nodeCreatorItems,
		addFromNodePanel,
		ndv,
		closeNdvIfOpen,
		ndvParameterNames,
		createCredentialFromNode,
		credentialModal,
		credentialFields,
		credentialInput,
		chooseCredentialOption,
		credentialName,
		renameCredential,
		waitForNdvCredential,
		saveCredential,
		credentialTestResult,
		setCredentialSwitch,
		openCredential,
		rest,
		closeCredentialModal,
		chooseNodeOption,
		searchNodeSelect,
		clickVisibleOption,
		selectNdvCredential,
		executeNdvNode,
		searchFromNodeInput,
		saveWorkflow,
		nodePanelItem,
		ndvCredentialText,
		fillNodeParameter,
	};
}

module.exports = { CHROMIUM, CHROMIUM_ARGS, VIEWPORT, launchBrowser, editor };
