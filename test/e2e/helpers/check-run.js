'use strict';
/**
 * The frame of a standalone e2e check script: PASS/FAIL lines per check, cleanups run in reverse
 * order, and an abort path (signal, overall time-out) that stops everything the script started and
 * still ends with the `N passed, M failed` line.
 */
const { formatSeconds } = require('../../../scripts/lib/proc');

/** PASS/FAIL lines; a check that needs an earlier one that failed is not run and counts as failed. */
function createReport() {
	const results = [];
	let blockedBy;
	let silenced = false;
	async function check(name, action, { independent = false } = {}) {
		const started = Date.now();
		if (silenced) return undefined;
		if (blockedBy && !independent) {
			results.push(false);
			console.log(`FAIL ${name} (not run: "${blockedBy}" failed)`);
			return undefined;
		}
		try {
			const detail = await action();
			if (silenced) return undefined;
			results.push(true);
			console.log(`PASS ${name} (${formatSeconds(Date.now() - started)})${detail ? `: ${detail}` : ''}`);
			return detail;
		} catch (error) {
			if (silenced) return undefined;
			results.push(false);
			blockedBy = blockedBy ?? name;
			console.log(`FAIL ${name} (${formatSeconds(Date.now() - started)}): ${String(error.message || error).split('\n').slice(0, 12).join('\n     ')}`);
			return undefined;
		}
	}
	const summary = () => {
		const passed = results.filter(Boolean).length;
		return { passed, failed: results.length - passed };
	};
	// After an abort (signal, time-out) the checks still under way print nothing more.
	const silence = () => {
		silenced = true;
	};
	return { check, summary, silence };
}

/**
 * Cleanups, signal handling and the overall time-out for one run. `killNow` is the last resort on
 * exit: nothing the script started (n8n, a worker, Redis, Chromium) outlives it.
 */
function guardRun({ report, what, timeoutMs, killNow }) {
	const cleanups = [];
	const cleanup = async () => {
		while (cleanups.length > 0) await cleanups.pop()().catch((error) => console.log(`cleanup: ${error.message}`));
	};
	process.on('exit', killNow);
	let aborting = false;
	const abort = (reason) => {
		if (aborting) return;
		aborting = true;
		report.silence();
		console.log(`FAIL ${reason}`);
		const { passed, failed } = report.summary();
		Promise.race([cleanup(), new Promise((resolve) => setTimeout(resolve, 30000))]).finally(() => {
			console.log(`${passed} passed, ${failed + 1} failed`);
			process.exit(1);
		});
	};
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => abort(`interrupted by ${signal}`));
	const watchdog = setTimeout(() => abort(`the ${what} did not finish within ${timeoutMs / 1000}s`), timeoutMs);
	watchdog.unref();
	const finish = async () => {
		await cleanup();
		clearTimeout(watchdog);
	};
	return { cleanups, finish };
}

function assert(condition, message) {
	if (!condition) throw new Error(message);
}

/** The last lines of a check script: what it leaves for inspection, then `N passed, M failed`. */
function endReport(report, notes = []) {
	const { passed, failed } = report.summary();
	for (const note of notes) console.log(note);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

/** Runs a check script's main: an error outside every check still ends with the summary line. */
function runChecks(main, killNow = () => {}) {
	main().catch((error) => {
		console.log(`FAIL ${error.stack || error.message}`);
		console.log('0 passed, 1 failed');
		killNow();
		process.exit(1);
	});
}

module.exports = { assert, createReport, endReport, guardRun, runChecks };
