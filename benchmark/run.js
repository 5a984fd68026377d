#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the API Key Request node against n8n's HTTP Request node and a raw Node
 * http client, side by side in one run, each measurement in a fresh process (benchmark/case.js)
 * against local APIs running in another process (benchmark/server.js), all on 127.0.0.1.
 *
 *   1. Quota:      1,000 items, 50 requests/s per key, 429 + Retry-After beyond that
 *   2. Throughput: 5,000 items, 20 ms latency, the same concurrency for all
 *   3. Pagination: 200,000 records in 2,000 pages of 100
 *   4. Shared key: 5 executions at once × 200 items on one credential, 50 requests/s per key
 *
 * Options: --only quota|throughput|pagination|shared (repeatable), --quick (smaller sizes, for a
 * smoke run), --runs=N (throughput and pagination cases run N times, interleaved, median shown;
 * 3 by default). The same comparison in real n8n (webhooks, queue mode): benchmark/e2e-quota.js.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { loadHttpRequestNode, N8N_DIR, ROOT } = require('./loader');

const args = process.argv.slice(2);
const only = args.flatMap((arg, index) => (arg === '--only' ? [args[index + 1]] : arg.startsWith('--only=') ? [arg.slice(7)] : []));
const quick = args.includes('--quick');
const wanted = (section) => only.length === 0 || only.includes(section);

const SIZE = quick
	? { quotaItems: 200, throughputItems: 500, pages: 200, sharedItems: 40 }
	: { quotaItems: 1000, throughputItems: 5000, pages: 2000, sharedItems: 200 };
const EXECUTIONS = 5;
const QUOTA_PER_SECOND = 50;
const LATENCY_MS = 20;
const CONCURRENCY = 5; // the API Key Request node's default Max Concurrent Requests
const CASE_TIMEOUT_MS = 10 * 60_000;
/** Runs of each throughput and pagination case (--runs N): the median is reported. */
const RUNS = Math.max(1, Number(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? (quick ? 1 : 3)));

function version(name, from) {
	try {
		return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [from] }), 'utf8')).version;
	} catch {
		return 'not installed';
	}
}

/**
 * One measurement in a fresh node process; resolves with its RESULT. The process gets a temp
 * dir of its own (the harness keeps n8n's instance files there), removed when it is done.
 */
function runCase(spec) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-api-key-bench-'));
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, 'case.js'), JSON.stringify(spec)], {
			cwd: ROOT,
			env: { ...process.env, TMPDIR: tmp },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let output = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), CASE_TIMEOUT_MS);
		child.stdout.on('data', (chunk) => (output += chunk));
		child.on('close', () => {
			clearTimeout(timer);
			fs.rmSync(tmp, { recursive: true, force: true });
			const line = output.split('\n').find((entry) => entry.startsWith('RESULT '));
			resolve(line ? JSON.parse(line.slice(7)) : { crashed: `no result (${output.slice(-500)})` });
		});
	});
}

const medianOf = () => (RUNS > 1 ? `; median of ${RUNS} runs each, interleaved` : '');
const seconds = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
const ratio = (value) => (value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(2)}×`);
const mb = (value) => (value === undefined ? '-' : `${value.toFixed(0)} MB`);

/** CPU time of the machine so far, and how much of it the host gave to others (steal, on a VM). */
function cpuTimes() {
	try {
		const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
		return { total: fields.reduce((sum, value) => sum + value, 0), steal: fields[7] ?? 0 };
	} catch {
		return undefined;
	}
}

/** "CPU stolen by the host" over a section: wall-time figures taken while it is high are not comparable. */
function stolenSince(start) {
	const end = cpuTimes();
	if (!start || !end || end.total === start.total) return '';
	return `CPU stolen by the virtual machine's host during this section: ${((100 * (end.steal - start.steal)) / (end.total - start.total)).toFixed(1)} %`;
}

function table(title, columns, rows) {
	const cells = rows.map((row) => columns.map((column) => String(row[column.key] ?? '-')));
	const widths = columns.map((column, index) => Math.max(column.label.length, ...cells.map((row) => row[index].length)));
	const line = (values) => `| ${values.map((value, index) => (index === 0 ? value.padEnd(widths[index]) : value.padStart(widths[index]))).join(' | ')} |`;
	console.log(`\n${title}\n`);
	console.log(line(columns.map((column) => column.label)));
	console.log(`|${widths.map((width, index) => (index === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
	for (const row of cells) console.log(line(row));
}

function failure(result) {
	if (result.skipped) return 'skipped';
	if (result.crashed) {
		console.error(`crashed: ${String(result.crashed).slice(0, 400)}`);
		return 'crashed';
	}
	// A run that failed as a whole says why (else a broken set-up reads as "N failed items").
	if (result.runFailed && result.error && !result.errorShown) {
		result.errorShown = true;
		console.error(`run failed: ${String(result.error).slice(0, 400)}`);
	}
	return undefined;
}

const percent = (part, whole) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '-');

async function quota(httpAvailable) {
	const items = SIZE.quotaItems;
	const limitMs = (items / QUOTA_PER_SECOND) * 1000;
	const api = (headers) => ({ api: 'quota', apiOptions: { limit: QUOTA_PER_SECOND, latencyMs: 10, headers } });
	const cases = [
		{ label: 'API Key Request node, defaults', ...api('quota'), contestant: 'ours', params: { items, continueOnFail: true } },
		{ label: 'API Key Request node, defaults, API sends Retry-After only', ...api('retry-after'), contestant: 'ours', params: { items, continueOnFail: true } },
		{ label: 'HTTP Request node, Retry On Fail, Continue On Fail', ...api('quota'), contestant: 'http', params: { items, retryOnFail: true, continueOnFail: true }, http: true },
		{ label: 'HTTP Request node, Retry On Fail', ...api('quota'), contestant: 'http', params: { items, retryOnFail: true }, http: true },
		{
			label: `HTTP Request node, Retry On Fail, batching set to ${QUOTA_PER_SECOND}/1000 ms by hand`,
			...api('quota'),
			contestant: 'http',
			params: { items, retryOnFail: true, continueOnFail: true, options: { batching: { batch: { batchSize: QUOTA_PER_SECOND, batchInterval: 1000 } } } },
			http: true,
		},
	];
	const rows = [];
	for (const testCase of cases) {
		const result = testCase.http && !httpAvailable ? { skipped: true } : await runCase(testCase);
		const problem = failure(result);
		rows.push({
			label: testCase.label,
			failed: problem ?? (result.runFailed ? `${items} (run failed)` : String(result.failedItems)),
			requests: result.api?.requests ?? '-',
			limited: result.api ? `${result.api.limited} (${percent(result.api.limited, result.api.requests)})` : '-',
			busiest: result.api?.busiestSecond ?? '-',
			wall: problem ? '-' : seconds(result.ms),
			vsLimit: problem ? '-' : ratio(result.ms / limitMs),
			result,
		});
	}
	table(
		`1. Quota: ${items} items, API allows ${QUOTA_PER_SECOND} requests/s per key (429 + Retry-After beyond), physical limit ${seconds(limitMs)}`,
		[
			{ key: 'label', label: 'Contestant' },
			{ key: 'failed', label: 'Failed items' },
			{ key: 'requests', label: 'Requests' },
			{ key: 'limited', label: '429s' },
			{ key: 'busiest', label: 'Busiest second' },
			{ key: 'wall', label: 'Wall time' },
			{ key: 'vsLimit', label: 'vs limit' },
		],
		rows,
	);
	const ours = rows[0].result;
	const pass = !failure(ours) && ours.failedItems === 0 && !ours.runFailed && ours.ms <= 1.07 * limitMs;
	return {
		name: '(1) one execution: 0 failed items, ≤ 1.07 × the limit (was 0.97×)',
		pass,
		detail: `${ours.failedItems ?? '?'} failed, ${ratio(ours.ms / limitMs)} of the limit, ${ours.api ? percent(ours.api.limited, ours.api.requests) : '-'} 429s`,
	};
}

/** Runs cases in turn; `base` names the case each ratio is taken against. */
/**
 * The median over rounds of one case's time divided by another's in the same round: a slow
 * stretch of the machine then weighs on both sides of each ratio alike.
 */
function roundRatio(result, base) {
	const ratios = result.rounds.map((ms, round) => ms / base.rounds[round]).sort((a, b) => a - b);
	return { median: ratios[Math.floor((ratios.length - 1) / 2)], all: ratios };
}

/**
 * Every case once, in order; with `runs` > 1 the whole list again `runs` times (so a slow moment
 * of the machine falls on every contestant alike), each case keeping its median run by wall time.
 */
async function runAll(cases, httpAvailable, runs = 1) {
	const all = new Map(cases.map((testCase) => [testCase.id, []]));
	for (let round = 0; round < runs; round++) {
		for (const testCase of cases) {
			all.get(testCase.id).push(testCase.http && !httpAvailable ? { skipped: true } : await runCase(testCase));
		}
	}
	const results = new Map();
	for (const [id, list] of all) {
		// A failed run is the result when any run failed: the median must not hide it.
		const failed = list.find((result) => result.ms === undefined || failure(result));
		const byTime = [...list].sort((a, b) => a.ms - b.ms);
		results.set(id, failed ?? { ...byTime[Math.floor((byTime.length - 1) / 2)], rounds: list.map((result) => result.ms) });
	}
	return results;
}

async function throughput(httpAvailable) {
	const items = SIZE.throughputItems;
	const common = { api: 'latency', apiOptions: { latencyMs: LATENCY_MS }, warmUp: 200 };
	const withConcurrency = (concurrency) => ({ rateLimit: { limit: { maxConcurrent: concurrency } } });
	const cases = [];
	for (const concurrency of [CONCURRENCY, 10]) {
		const at = `${concurrency} at a time`;
		const base = `raw-${concurrency}`;
		cases.push(
			{ id: base, base, label: `Raw Node http client, keep-alive, ${at}`, contestant: 'raw', params: { items, concurrency } },
			...(concurrency === CONCURRENCY
				? [{ id: `nka-${concurrency}`, base, label: `Raw Node http client, no keep-alive, ${at}`, contestant: 'raw', params: { items, concurrency, keepAlive: false } }]
				: []),
			{ id: `transport-${concurrency}`, base, label: `n8n-core httpRequest helper alone (no node), ${at}`, contestant: 'transport', params: { items, concurrency } },
			{
				id: `ours-${concurrency}`,
				base,
				label: `API Key Request node, ${at}${concurrency === CONCURRENCY ? ' (its default)' : ''}`,
				contestant: 'ours',
				params: { items, options: withConcurrency(concurrency) },
			},
			...(concurrency === CONCURRENCY
				? [
						{
							id: `http-${concurrency}`,
							base,
							label: `HTTP Request node, batching ${concurrency} per ${LATENCY_MS} ms`,
							contestant: 'http',
							params: { items, options: { batching: { batch: { batchSize: concurrency, batchInterval: LATENCY_MS } } } },
							http: true,
						},
					]
				: []),
		);
	}
	const results = await runAll(cases.map((testCase) => ({ ...common, ...testCase })), httpAvailable, RUNS);
	const rows = cases.map((testCase) => {
		const result = results.get(testCase.id);
		const base = results.get(testCase.base);
		const problem = failure(result);
		return {
			label: testCase.label,
			wall: problem ?? seconds(result.ms),
			vsRaw: problem ? '-' : ratio(result.ms / base.ms),
			failed: problem ? '-' : String(result.failedItems),
			inFlight: result.api?.peakInFlight ?? '-',
			connections: result.api?.connections ?? '-',
		};
	});
	table(
		`2. Throughput: ${items} items, API latency ${LATENCY_MS} ms, the same concurrency for all (ratio to the raw keep-alive client at that concurrency)${medianOf()}`,
		[
			{ key: 'label', label: 'Contestant' },
			{ key: 'wall', label: 'Wall time' },
			{ key: 'vsRaw', label: 'vs raw' },
			{ key: 'failed', label: 'Failed' },
			{ key: 'inFlight', label: 'Peak in flight' },
			{ key: 'connections', label: 'TCP connections' },
		],
		rows,
	);
	const raw = results.get(`raw-${CONCURRENCY}`);
	const ours = results.get(`ours-${CONCURRENCY}`);
	const http = results.get(`http-${CONCURRENCY}`);
	const transport = results.get(`transport-${CONCURRENCY}`);
	const beatsHttp = failure(http) ? undefined : roundRatio(ours, http).median < 1;
	const vsRaw = failure(ours) ? undefined : roundRatio(ours, raw);
	const pass = vsRaw !== undefined && ours.failedItems === 0 && vsRaw.median <= 1.2 && beatsHttp !== false;
	const rounds = vsRaw && vsRaw.all.length > 1 ? `, the median of ${vsRaw.all.map((value) => ratio(value)).join(', ')} in ${vsRaw.all.length} rounds` : '';
	return {
		name: `(2) ≤ 1.2 × the raw client and faster than the HTTP Request node (${CONCURRENCY} at a time)`,
		pass: beatsHttp === undefined && pass ? 'partly' : pass,
		detail: `${ratio(vsRaw?.median)} of raw${rounds} (n8n-core's httpRequest alone: ${failure(transport) ? '-' : ratio(roundRatio(transport, raw).median)}); HTTP Request node ${failure(http) ? 'not measured' : `${ratio(roundRatio(http, raw).median)}`}`,
	};
}

async function pagination() {
	const pages = SIZE.pages;
	const paginate = { paginationMode: 'cursor', cursorPath: 'next_cursor', cursorParameter: 'cursor', maxPages: 0 };
	const oursParams = { items: 1, url: '/p', options: { splitAtPath: 'data', pagination: { pagination: paginate } } };
	const cases = [];
	for (const latencyMs of [0, 5]) {
		const base = `raw-${latencyMs}`;
		const common = { api: 'pages', apiOptions: { pages, pageSize: 100, latencyMs }, warmUp: 50 };
		const at = `API latency ${latencyMs} ms`;
		cases.push(
			{ ...common, id: base, base, label: `Raw Node http client loop, keep-alive, ${at}`, contestant: 'raw', params: { maxPages: pages } },
			...(latencyMs === 0
				? [
						{ ...common, id: `nka-${latencyMs}`, base, label: `Raw Node http client loop, no keep-alive, ${at}`, contestant: 'raw', params: { maxPages: pages, keepAlive: false } },
						{ ...common, id: `transport-${latencyMs}`, base, label: `n8n-core httpRequest helper loop (no node), ${at}`, contestant: 'transport', params: { maxPages: pages } },
					]
				: []),
			{ ...common, id: `ours-${latencyMs}`, base, label: `API Key Request node, Pagination (cursor), ${at}`, contestant: 'ours', params: oursParams },
		);
	}
	const results = await runAll(cases.map((testCase) => ({ ...testCase, params: { ...testCase.params, sampleMemory: true } })), true, RUNS);
	const rows = cases.map((testCase) => {
		const result = results.get(testCase.id);
		const base = results.get(testCase.base);
		const problem = failure(result);
		return {
			label: testCase.label,
			records: problem ?? String(result.items),
			wall: problem ? '-' : seconds(result.ms),
			vsRaw: problem ? '-' : ratio(result.ms / base.ms),
			heap: problem ? '-' : mb(result.peakHeapMb),
			rss: problem ? '-' : mb(result.peakRssMb),
		};
	});
	table(
		`3. Pagination: ${pages * 100} records in ${pages} pages of 100, one request at a time (ratio to the raw keep-alive loop at that latency)${medianOf()}`,
		[
			{ key: 'label', label: 'Contestant' },
			{ key: 'records', label: 'Records out' },
			{ key: 'wall', label: 'Wall time' },
			{ key: 'vsRaw', label: 'vs raw' },
			{ key: 'heap', label: 'Peak heap growth' },
			{ key: 'rss', label: 'Peak RSS' },
		],
		rows,
	);
	const raw = results.get('raw-0');
	const ours = results.get('ours-0');
	const transport = results.get('transport-0');
	const vsCore = failure(ours) || failure(transport) ? undefined : roundRatio(ours, transport);
	const pass = vsCore !== undefined && ours.items === pages * 100 && vsCore.median <= 1.15;
	const perRound = vsCore && vsCore.all.length > 1 ? `, the median of ${vsCore.all.map((value) => ratio(value)).join(', ')} in ${vsCore.all.length} rounds` : '';
	return {
		name: "(3) ≤ 1.15 × n8n-core's own httpRequest loop (latency 0 ms)",
		pass,
		detail: `${ratio(vsCore?.median)} of n8n-core's httpRequest loop${perRound}, ${ratio(ours.ms / raw.ms)} of raw (httpRequest alone: ${ratio(transport.ms / raw.ms)}; at 5 ms latency ${ratio(results.get('ours-5').ms / results.get('raw-5').ms)} of raw), peak heap ${mb(ours.peakHeapMb)} vs ${mb(raw.peakHeapMb)}`,
	};
}

/**
 * One key, several executions at once (webhook bursts, overlapping schedules): the budget the
 * API gives the key is shared by all of them. In-process: EXECUTIONS WorkflowExecute runs at
 * once on one credential.
 */
async function shared(httpAvailable) {
	const items = SIZE.sharedItems;
	const total = items * EXECUTIONS;
	const limitMs = (total / QUOTA_PER_SECOND) * 1000;
	const api = (headers) => ({ api: 'quota', apiOptions: { limit: QUOTA_PER_SECOND, latencyMs: 10, headers } });
	const many = { items, continueOnFail: true, executions: EXECUTIONS };
	const perSecond = (limit) => ({ rateLimit: { limit: { maxRequests: limit, period: 'second' } } });
	const cases = [
		{ id: 'defaults', label: 'API Key Request node, defaults', ...api('quota'), contestant: 'ours', params: many },
		{ id: 'max50', label: `API Key Request node, Max Requests ${QUOTA_PER_SECOND}/s`, ...api('quota'), contestant: 'ours', params: { ...many, options: perSecond(QUOTA_PER_SECOND) } },
		{ id: 'retryAfter', label: 'API Key Request node, defaults, API sends Retry-After only', ...api('retry-after'), contestant: 'ours', params: many },
		{ id: 'bare', label: 'API Key Request node, defaults, API sends a bare 429 only', ...api('none'), contestant: 'ours', params: many },
		{ id: 'http', label: 'HTTP Request node, Retry On Fail, Continue On Fail', ...api('quota'), contestant: 'http', params: { ...many, retryOnFail: true }, http: true },
		{
			id: 'httpBatch',
			label: `HTTP Request node, Retry On Fail, batching ${QUOTA_PER_SECOND}/1000 ms (not shared)`,
			...api('quota'),
			contestant: 'http',
			params: { ...many, retryOnFail: true, options: { batching: { batch: { batchSize: QUOTA_PER_SECOND, batchInterval: 1000 } } } },
			http: true,
		},
		{
			id: 'httpDivided',
			label: `HTTP Request node, batching ${QUOTA_PER_SECOND / EXECUTIONS}/1000 ms (quota divided by hand)`,
			...api('quota'),
			contestant: 'http',
			params: { ...many, retryOnFail: true, options: { batching: { batch: { batchSize: QUOTA_PER_SECOND / EXECUTIONS, batchInterval: 1000 } } } },
			http: true,
		},
	];
	const results = await runAll(cases, httpAvailable);
	const rows = cases.map((testCase) => {
		const result = results.get(testCase.id);
		const problem = failure(result);
		return {
			label: testCase.label,
			failed: problem ?? (result.runFailed ? `${result.failedItems} (run failed)` : String(result.failedItems)),
			requests: result.api?.requests ?? '-',
			limited: result.api ? `${result.api.limited} (${percent(result.api.limited, result.api.requests)})` : '-',
			busiest: result.api?.busiestSecond ?? '-',
			wall: problem ? '-' : seconds(result.ms),
			vsLimit: problem ? '-' : ratio(result.ms / limitMs),
		};
	});
	table(
		`4. Shared key: ${EXECUTIONS} executions at once × ${items} items on one credential, API allows ${QUOTA_PER_SECOND} requests/s per key, physical limit ${seconds(limitMs)}`,
		[
			{ key: 'label', label: 'Contestant' },
			{ key: 'failed', label: 'Failed items' },
			{ key: 'requests', label: 'Requests' },
			{ key: 'limited', label: '429s' },
			{ key: 'busiest', label: 'Busiest second' },
			{ key: 'wall', label: 'Wall time' },
			{ key: 'vsLimit', label: 'vs limit' },
		],
		rows,
	);
	const verdict = (result, { max429, maxRatio }) =>
		!failure(result) && result.failedItems === 0 && !result.runFailed && result.api.limited <= max429 * result.api.requests && (maxRatio === undefined || result.ms <= maxRatio * limitMs);
	const describe = (result) =>
		failure(result) ? failure(result) : `${result.failedItems} failed, ${percent(result.api.limited, result.api.requests)} 429s, ${ratio(result.ms / limitMs)} of the limit`;
	return [
		{ name: `(4a) ${EXECUTIONS} executions, defaults: 0 failed, 429s ≤ 5 %, ≤ 1.05 × the limit`, pass: verdict(results.get('defaults'), { max429: 0.05, maxRatio: 1.05 }), detail: describe(results.get('defaults')) },
		{ name: `(4b) ${EXECUTIONS} executions, Max Requests ${QUOTA_PER_SECOND}/s: 0 failed, 0 429s`, pass: verdict(results.get('max50'), { max429: 0 }), detail: describe(results.get('max50')) },
		{ name: `(4c) ${EXECUTIONS} executions, API sends a bare 429: 0 failed, 429s ≤ 15 %`, pass: verdict(results.get('bare'), { max429: 0.15 }), detail: describe(results.get('bare')) },
	];
}

async function main() {
	const http = loadHttpRequestNode();
	console.log('API Key Request node benchmark');
	console.log(
		`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load ${os
			.loadavg()
			.map((value) => value.toFixed(2))
			.join(' ')}`,
	);
	console.log(`n8n-core ${version('n8n-core', ROOT)}, n8n-workflow ${version('n8n-workflow', ROOT)}, in-process through n8n-core's WorkflowExecute`);
	if (http.error) console.log(`\nHTTP Request node: ${http.error}\nIts rows are skipped.`);
	else console.log(`HTTP Request node from n8n ${http.version} (n8n-nodes-base ${version('n8n-nodes-base', N8N_DIR)})`);
	if (quick) console.log('--quick: smaller sizes, figures not comparable with the targets');

	const verdicts = [];
	const section = async (name, run) => {
		if (!wanted(name)) return;
		const start = cpuTimes();
		verdicts.push(...[await run()].flat());
		const stolen = stolenSince(start);
		if (stolen) console.log(`\n${stolen}`);
	};
	await section('quota', () => quota(!http.error));
	await section('throughput', () => throughput(!http.error));
	await section('pagination', () => pagination());
	await section('shared', () => shared(!http.error));

	console.log('\nTargets\n');
	for (const verdict of verdicts) {
		const mark = verdict.pass === true ? 'MET   ' : verdict.pass === 'partly' ? 'PARTLY' : 'MISSED';
		console.log(`  ${mark} ${verdict.name}: ${verdict.detail}`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
