'use strict';
/**
 * A picture of a guarded workflow as n8n's editor shows it, taken in Chromium through the
 * project's editor helpers (test/e2e/helpers/browser-editor.js).
 */
const path = require('node:path');

const { editor, launchBrowser } = require('./browser-editor');

/** Signs in, opens the workflow, fits it to the canvas and saves a PNG. Returns what it shows. */
async function screenshotWorkflow({ baseUrl, owner, workflowId, file, logFile }) {
	const browser = await launchBrowser({ logFile });
	try {
		const { page } = browser;
		const ui = editor(page, baseUrl);
		await ui.setupOwner(owner);
		await page.goto(`${baseUrl}/workflow/${workflowId}`);
		await ui.byTestId('canvas-wrapper').waitFor();
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await ui.dismissPopups();
		// Zoom to fit: the canvas's own shortcut.
		await page.locator('[data-test-id="canvas-wrapper"]').click({ position: { x: 5, y: 5 } });
		await page.keyboard.press('1');
		await ui.settle(800);
		// A node's text is its handles' labels, its name and its subtitle, one per line.
		const nodes = (await page.locator('[data-test-id="canvas-node"]').allInnerTexts()).map((text) => text.split('\n').map((line) => line.trim()).filter(Boolean));
		await ui.screenshot(file);
		return { nodes, file: path.resolve(file) };
	} finally {
		await browser.close();
	}
}

module.exports = { screenshotWorkflow };
