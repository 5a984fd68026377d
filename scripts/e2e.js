#!/usr/bin/env node
'use strict';
/**
 * End-to-end tests against real n8n, once per pinned n8n line (scripts/n8n-versions.json).
 *
 *   npm run test:e2e                  every pinned line
 *   npm run test:e2e -- --n8n 2       one line (repeatable)
 *   npm run test:e2e -- --no-build    use the existing dist/
 *
 * Builds and packs the package, installs the pinned n8n versions (and Chromium and Redis) when
 * missing, then for each line runs the suite test/e2e/n8n.e2e.js, the editor check
 * in Chromium (test/e2e/browser.e2e.js), the queue-mode check (test/e2e/queue.e2e.js) and the
 * API Key Guard's protected-webhook check (test/e2e/guard.e2e.js). Run
 * files (user folders, logs, outputs, screenshots) stay in ~/.cache/n8n-nodes-api-key/work/<checkout>/e2e/ for inspection. Exits non-zero
 * when any test fails.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { ensureN8n } = require('./lib/install-n8n');
const { buildPackage, packPackage, PROJECT_ROOT } = require('./lib/package');
const { cleanEnv, formatSeconds } = require('./lib/proc');
const { ensureSystemPackages } = require('./lib/system-packages');
const { allLines, resolveLine, workRoot } = require('./lib/versions');

const RUN_ROOT = path.join(workRoot(), 'e2e');
const SUITE_FILE = 'n8n.e2e.js';
const CHECKS = [
	{ name: 'editor in Chromium', file: 'browser.e2e.js', args: (pin) => ['--screenshots', path.join(RUN_ROOT, `screenshots-${pin.n8n}`)] },
	{ name: 'queue mode', file: 'queue.e2e.js', args: () => [] },
	{ name: 'API Key Guard', file: 'guard.e2e.js', args: () => [] },
];

function parseArgs(argv) {
	const options = { lines: [], build: true };
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (arg === '--n8n') options.lines.push(argv[++index]);
		else if (arg.startsWith('--n8n=')) options.lines.push(arg.slice('--n8n='.length));
		else if (arg === '--no-build') options.build = false;
		else throw new Error(`Unknown argument ${arg}. Usage: node scripts/e2e.js [--n8n <line>]... [--no-build]`);
	}
	return options;
}

/** Runs a step and prints how long it took. */
async function step(label, action) {
	const started = Date.now();
	console.log(`\n== ${label}`);
	const result = await action();
	console.log(`== ${label}: ${formatSeconds(Date.now() - started)}`);
	return result;
}

/**
 * Runs one e2e script, streaming its output; every script prints PASS/FAIL lines and ends with
 * "N passed, M failed" (test/e2e/helpers/check-run.js). Returns its counts.
 */
function runScript(file, args, env) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'test', 'e2e', file), ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
		const counts = { pass: 0, fail: 0 };
		// The summary line may arrive split over chunks: the tail of the output is enough to find it.
		let tail = '';
		child.stdout.on('data', (chunk) => {
			process.stdout.write(chunk);
			tail = (tail + chunk.toString()).slice(-200);
			const match = /^(\d+) passed, (\d+) failed$/m.exec(tail);
			if (match) Object.assign(counts, { pass: Number(match[1]), fail: Number(match[2]) });
		});
		child.on('close', (code) => resolve({ ...counts, exitCode: code }));
	});
}

/** The suite for one line: the packed tarball and the run folder come in the environment. */
const runSuite = (pin, tarball) => runScript(SUITE_FILE, [], cleanEnv({ E2E_N8N_LINE: pin.line, E2E_PACKAGE_TARBALL: tarball, E2E_RUN_ROOT: RUN_ROOT }));

/** One standalone check, which installs and starts what it needs itself. */
const runCheck = (check, pin) => runScript(check.file, ['--n8n', pin.line, '--no-build', ...check.args(pin)], cleanEnv());

function readLeakSummary(pin) {
	const file = path.join(RUN_ROOT, `leak-scan-${pin.n8n}.json`);
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

function printSummary(results) {
	console.log('\n== e2e summary');
	let passed = 0;
	let failed = 0;
	for (const { pin, label, counts, seconds } of results) {
		const bad = counts.fail + (counts.exitCode !== 0 && counts.fail === 0 ? 1 : 0);
		passed += counts.pass;
		failed += bad;
		console.log(`n8n ${pin.n8n} ${label}: ${counts.pass} passed, ${bad} failed (${seconds})`);
		if (label !== 'suite') continue;
		const leaks = readLeakSummary(pin);
		if (leaks) {
			const kinds = Object.entries(leaks.placesByKind).map(([kind, count]) => `${count} ${kind}`).join(', ');
			console.log(
				`  leak scan: ${leaks.canaries} canaries (${leaks.forms} encoded forms) x ${leaks.places} places (${kinds}) = ${leaks.searches} searches, ${leaks.hits.length} hits`,
			);
			for (const hit of leaks.hits) console.log(`    LEAK ${hit.canary} (${hit.form}) in ${hit.place}`);
		} else {
			console.log('  leak scan: did not run');
		}
	}
	console.log(`e2e: ${passed} passed, ${failed} failed`);
	return failed;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const pins = options.lines.length > 0 ? options.lines.map((line) => resolveLine(line)) : allLines();
	fs.mkdirSync(RUN_ROOT, { recursive: true });
	for (const pin of pins) fs.rmSync(path.join(RUN_ROOT, `leak-scan-${pin.n8n}.json`), { force: true });

	if (options.build) await step('build (npm run build)', buildPackage);
	const tarball = await step('pack (npm pack)', () => packPackage(path.join(RUN_ROOT, 'package')));
	for (const pin of pins) await step(`n8n ${pin.n8n} install`, () => ensureN8n(pin));
	await step('Chromium and Redis (apt, when missing)', ensureSystemPackages);

	const results = [];
	const timed = async (pin, label, action) => {
		const started = Date.now();
		const counts = await step(`n8n ${pin.n8n} ${label}`, action);
		results.push({ pin, label, counts, seconds: formatSeconds(Date.now() - started) });
	};
	for (const pin of pins) {
		await timed(pin, 'suite', () => runSuite(pin, tarball));
		for (const check of CHECKS) await timed(pin, check.name, () => runCheck(check, pin));
	}
	process.exitCode = printSummary(results) > 0 ? 1 : 0;
}

main().catch((error) => {
	console.error(error.stack || error.message);
	process.exit(1);
});
