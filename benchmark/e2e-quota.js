#!/usr/bin/env node
'use strict';
/**
 * The shared-key benchmark in real n8n: EXECUTIONS webhook calls at once, each splitting ITEMS
 * items and sending one request per item with one credential, against a local API that allows
 * 50 requests/s per key (429 beyond). Side by side: the API Key Request node and n8n's HTTP Request
 * node with the same credential, in the same n8n run.
 *
 *   node benchmark/e2e-quota.js                      n8n 1.x, regular mode and queue mode
 *   node benchmark/e2e-quota.js --n8n 2              n8n 2.x (repeatable: --n8n 1 --n8n 2)
 *   node benchmark/e2e-quota.js --mode queue         only queue mode (main + 2 workers on Redis)
 *   node benchmark/e2e-quota.js --no-build           use the existing dist/
 *   node benchmark/e2e-quota.js --items 40           smaller, for a smoke run
 *
 * Workflow per case: Webhook (POST, answers with all items of the last node) -> Split Out
 * (body.items) -> the request node, with Continue On Fail so that every item is accounted for.
 * Every case gets an API of its own (its own port, so its own pacer in n8n). Printed per case:
 * failed items, requests, 429s, the busiest wall-clock second at the API, wall time (first webhook
 * call to last answer) against the physical limit (ITEMS × EXECUTIONS / 50 s), and the API's own
 * span from the first to the last request it received.
 *
 * Reuses scripts/lib/* (install, build, pack, n8n processes) and test/e2e/helpers/* (processes,
 * Redis); installs redis-server with apt when it is missing and running as root.
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const { startApi } = require('./api-process');
const { ensureN8n } = require('../scripts/lib/install-n8n');
const { headlessEnv, waitForReady } = require('../scripts/lib/n8n-process');
const { buildPackage, installIntoUserFolder, packPackage, PROJECT_ROOT } = require('../scripts/lib/package');
const { formatSeconds } = require('../scripts/lib/proc');
const { ensureSystemPackages } = require('../scripts/lib/system-packages');
const { resolveLine, workRoot } = require('../scripts/lib/versions');
const { freePort } = require('../test/e2e/helpers/n8n-run');
const { killAllNow, runN8nCommand, startProcess, startRedis, waitForHttp } = require('../test/e2e/helpers/queue-processes');

const QUOTA_PER_SECOND = 50;
const KEY = 'bench-e2e-key-7c2d';
const ENCRYPTION_KEY = 'n8n-nodes-api-key-bench-e2e';
const CREDENTIAL = { id: 'benchQuotaCred01', name: 'Bench quota key' };
const RUN_ROOT = path.join(workRoot(), 'e2e', 'bench-quota');
const WORKERS = 2;
/** Jobs one worker takes at once: below EXECUTIONS, so that both workers run some. */
const WORKER_CONCURRENCY = 3;

function parseArgs(argv) {
	const options = { lines: [], modes: [], build: true, items: 200, executions: 5, only: [] };
	for (let index = 0; index < argv.length; index++) {
		const [name, inline] = argv[index].split('=', 2);
		const value = () => (inline !== undefined ? inline : argv[++index]);
		if (name === '--n8n') options.lines.push(value());
		else if (name === '--mode') options.modes.push(value());
		else if (name === '--items') options.items = Number(value());
		else if (name === '--executions') options.executions = Number(value());
		else if (name === '--only') options.only.push(value());
		else if (name === '--no-build') options.build = false;
		else throw new Error(`Unknown argument ${argv[index]}`);
	}
	if (options.lines.length === 0) options.lines.push('1');
	if (options.modes.length === 0) options.modes.push('regular', 'queue');
	return options;
}

/** The cases: which node, its options, what the API sends. */
const CASES = [
	{ id: 'ours', label: 'API Key Request node, defaults', node: 'ours', headers: 'quota' },
	{ id: 'ours-max50', label: `API Key Request node, Max Requests ${QUOTA_PER_SECOND}/s`, node: 'ours', headers: 'quota', options: { rateLimit: { limit: { maxRequests: QUOTA_PER_SECOND, period: 'second' } } } },
	{ id: 'ours-bare', label: 'API Key Request node, defaults, API sends a bare 429', node: 'ours', headers: 'none' },
	{ id: 'http', label: 'HTTP Request node, Retry On Fail', node: 'http', headers: 'quota' },
	{
		id: 'http-batch',
		label: `HTTP Request node, Retry On Fail, batching ${QUOTA_PER_SECOND}/1000 ms`,
		node: 'http',
		headers: 'quota',
		options: { batching: { batch: { batchSize: QUOTA_PER_SECOND, batchInterval: 1000 } } },
	},
];

function requestNode(testCase, apiUrl) {
	const base = { id: randomUUID(), name: 'Request', position: [500, 0], onError: 'continueRegularOutput', credentials: { apiKeyApi: CREDENTIAL } };
	if (testCase.node === 'ours') {
		return { ...base, type: 'n8n-nodes-api-key.apiKeyRequest', typeVersion: 1, parameters: { method: 'GET', url: `${apiUrl}/r`, options: testCase.options ?? {} } };
	}
	return {
		...base,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		// n8n's defaults for Retry On Fail: 3 tries, 1 s apart.
		retryOnFail: true,
		parameters: { method: 'GET', url: `${apiUrl}/r`, authentication: 'predefinedCredentialType', nodeCredentialType: 'apiKeyApi', options: testCase.options ?? {} },
	};
}

function workflowFor(testCase, apiUrl, index) {
	const webhookPath = `bench-${testCase.id}-${randomUUID().slice(0, 8)}`;
	return {
		webhookPath,
		workflow: {
			id: `benchQuotaFlow${String(index).padStart(2, '0')}`,
			name: `Bench: ${testCase.label}`,
			active: false,
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
				},
				{ id: randomUUID(), name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [250, 0], parameters: { fieldToSplitOut: 'body.items', options: {} } },
				requestNode(testCase, apiUrl),
			],
			connections: {
				Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
				'Split Out': { main: [[{ node: 'Request', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none', saveManualExecutions: false },
			pinData: {},
		},
	};
}

/** EXECUTIONS webhook calls at once; resolves with what came back and how long it took. */
async function burst(url, options) {
	const body = JSON.stringify({ items: Array.from({ length: options.items }, (_, n) => n) });
	const started = Date.now();
	const calls = Array.from({ length: options.executions }, async () => {
		const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: AbortSignal.timeout(300_000) });
		const text = await response.text();
		if (response.status !== 200) return { failed: options.items, note: `webhook ${response.status}: ${text.slice(0, 200)}` };
		const entries = JSON.parse(text);
		const list = Array.isArray(entries) ? entries : [entries];
		const errors = list.filter((entry) => entry && entry.error !== undefined);
		const failed = errors.length + Math.max(0, options.items - list.length);
		// The first error says why items failed (a broken set-up must not read as a pacing result).
		const first = errors[0]?.error;
		return { failed, ...(first !== undefined ? { note: `first failed item: ${String(typeof first === 'object' ? (first.message ?? JSON.stringify(first)) : first).slice(0, 200)}` } : {}) };
	});
	const results = await Promise.all(calls);
	return { ms: Date.now() - started, failed: results.reduce((sum, result) => sum + result.failed, 0), notes: [...new Set(results.map((result) => result.note).filter(Boolean))] };
}

async function waitForWebhook(url) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ items: [] }) }).catch(() => undefined);
		if (response) await response.text();
		if (response && response.status !== 404) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`webhook ${url} never registered`);
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const percent = (part, whole) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '-');

function table(title, rows) {
	const columns = [
		['label', 'Contestant'],
		['failed', 'Failed items'],
		['requests', 'Requests'],
		['limited', '429s'],
		['busiest', 'Busiest second'],
		['wall', 'Wall time'],
		['vsLimit', 'vs limit'],
		['span', 'First to last request'],
	];
	const cells = rows.map((row) => columns.map(([key]) => String(row[key] ?? '-')));
	const widths = columns.map(([, label], index) => Math.max(label.length, ...cells.map((row) => row[index].length)));
	const line = (values) => `| ${values.map((value, index) => (index === 0 ? value.padEnd(widths[index]) : value.padStart(widths[index]))).join(' | ')} |`;
	console.log(`\n${title}\n`);
	console.log(line(columns.map(([, label]) => label)));
	console.log(`|${widths.map((width, index) => (index === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
	for (const row of cells) console.log(line(row));
}

/** One n8n line in one mode: import, start, run every case, stop. Returns the table rows. */
async function runMode(n8n, pin, mode, tarball, options) {
	const runDir = path.join(RUN_ROOT, `n8n-${pin.n8n}-${mode}`);
	const logsDir = path.join(runDir, 'logs');
	const userFolder = path.join(runDir, 'user');
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(logsDir, { recursive: true });
	await installIntoUserFolder(tarball, userFolder);
	const stops = [];
	try {
		let redisPort;
		if (mode === 'queue') {
			redisPort = await freePort();
			const redis = await startRedis({ port: redisPort, dir: path.join(runDir, 'redis'), logFile: path.join(logsDir, 'redis.log') });
			stops.push(() => redis.stop(5000));
		}
		const env = async (extra = {}) =>
			headlessEnv(n8n, {
				userFolder,
				encryptionKey: ENCRYPTION_KEY,
				brokerPort: await freePort(),
				extra: {
					DB_SQLITE_POOL_SIZE: '2',
					N8N_PERSONALIZATION_ENABLED: 'false',
					N8N_LOG_LEVEL: 'info',
					...(mode === 'queue' ? { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redisPort) } : {}),
					...extra,
				},
			});

		const cases = CASES.filter((testCase) => options.only.length === 0 || options.only.includes(testCase.id));
		const apis = [];
		for (const testCase of cases) {
			const api = await startApi('quota', { limit: QUOTA_PER_SECOND, latencyMs: 10, headers: testCase.headers });
			stops.push(() => api.stop());
			apis.push(api);
		}
		const flows = cases.map((testCase, index) => workflowFor(testCase, apis[index].url, index));

		const cliEnv = await env({ EXECUTIONS_MODE: 'regular' });
		const cliLog = path.join(logsDir, 'cli.log');
		const inputDir = path.join(runDir, 'input');
		fs.mkdirSync(inputDir, { recursive: true });
		const importFile = async (command, name, content) => {
			const file = path.join(inputDir, name);
			fs.writeFileSync(file, JSON.stringify(content, null, 2));
			try {
				await runN8nCommand(n8n, [command, '--input', file], { env: cliEnv, logFile: cliLog });
			} finally {
				fs.rmSync(file, { force: true });
			}
		};
		await importFile('import:credentials', 'credentials.json', [
			// The key may go to the benchmark APIs only: their origins, spelled out (plain http, own ports).
			{ ...CREDENTIAL, type: 'apiKeyApi', data: { apiKey: KEY, placement: 'header', headerName: 'X-API-Key', allowedHosts: apis.map((api) => api.url).join(', ') } },
		]);
		await importFile('import:workflow', 'workflows.json', flows.map((flow) => flow.workflow));
		const publish = fs.existsSync(path.join(n8n.dir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'));
		for (const { workflow } of flows) {
			const activate = publish ? ['publish:workflow', `--id=${workflow.id}`] : ['update:workflow', `--id=${workflow.id}`, '--active=true'];
			await runN8nCommand(n8n, activate, { env: cliEnv, logFile: cliLog });
		}

		const port = await freePort();
		const baseUrl = `http://127.0.0.1:${port}`;
		const mainEnv = await env({ N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_PORT: String(port), N8N_SECURE_COOKIE: 'false' });
		const main = startProcess('n8n main', n8n.node.bin, [n8n.n8nBin, 'start'], { env: mainEnv, logFile: path.join(logsDir, 'main.log') });
		stops.push(() => main.stop());
		await waitForReady(baseUrl, main.child, 180_000);
		const workers = [];
		if (mode === 'queue') {
			for (let index = 0; index < WORKERS; index++) {
				const healthPort = await freePort();
				const workerEnv = await env({ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
				const worker = startProcess(`n8n worker ${index + 1}`, n8n.node.bin, [n8n.n8nBin, 'worker', `--concurrency=${WORKER_CONCURRENCY}`], {
					env: workerEnv,
					logFile: path.join(logsDir, `worker-${index + 1}.log`),
				});
				stops.push(() => worker.stop());
				await worker.waitForOutput(/n8n worker is now ready/, 180_000);
				await waitForHttp(`http://127.0.0.1:${healthPort}/healthz/readiness`, { timeoutMs: 60_000, process: worker });
				workers.push(worker);
			}
		}

		const rows = [];
		const limitMs = ((options.items * options.executions) / QUOTA_PER_SECOND) * 1000;
		for (const [index, testCase] of cases.entries()) {
			const url = `${baseUrl}/webhook/${flows[index].webhookPath}`;
			await waitForWebhook(url);
			await apis[index].reset();
			const outcome = await burst(url, options);
			const stats = await apis[index].stats();
			const perWorker = workers.map((worker) => (worker.output().match(new RegExp(`Worker finished execution`, 'g')) ?? []).length);
			rows.push({
				id: testCase.id,
				label: testCase.label,
				failed: String(outcome.failed),
				failedCount: outcome.failed,
				requests: stats.requests,
				limitedCount: stats.limited,
				limited: `${stats.limited} (${percent(stats.limited, stats.requests)})`,
				busiest: stats.busiestSecond,
				ms: outcome.ms,
				wall: seconds(outcome.ms),
				vsLimit: `${(outcome.ms / limitMs).toFixed(2)}×`,
				// The API's view, without n8n's start-up of the executions (queue: enqueue, pick-up).
				span: stats.firstAt ? seconds(stats.lastAt - stats.firstAt) : '-',
				ratio: outcome.ms / limitMs,
				notes: outcome.notes,
				perWorker,
			});
			if (outcome.notes.length > 0) console.log(`  ${testCase.id}: ${outcome.notes.join('; ')}`);
		}
		if (mode === 'queue') console.log(`  executions finished per worker (cumulative over the cases): ${rows.at(-1)?.perWorker.join(', ')}`);
		return { rows, limitMs };
	} finally {
		for (const stop of stops.reverse()) await stop();
	}
}

function verdicts(mode, rows) {
	const row = (id) => rows.find((entry) => entry.id === id);
	const check = (id, { max429, maxRatio }) => {
		const result = row(id);
		if (!result) return undefined;
		return result.failedCount === 0 && result.limitedCount <= max429 * result.requests && (maxRatio === undefined || result.ratio <= maxRatio);
	};
	const describe = (id) => {
		const result = row(id);
		return result ? `${result.failed} failed, ${percent(result.limitedCount, result.requests)} 429s, ${result.vsLimit} of the limit` : 'not run';
	};
	const list =
		mode === 'queue'
			? [{ name: `queue mode, ${WORKERS} workers, defaults: 0 failed, 429s ≤ 10 %, ≤ 1.1 × the limit`, pass: check('ours', { max429: 0.1, maxRatio: 1.1 }), detail: describe('ours') }]
			: [
					{ name: 'defaults: 0 failed, 429s ≤ 5 %, ≤ 1.05 × the limit', pass: check('ours', { max429: 0.05, maxRatio: 1.05 }), detail: describe('ours') },
					{ name: `Max Requests ${QUOTA_PER_SECOND}/s: 0 failed, 0 429s`, pass: check('ours-max50', { max429: 0 }), detail: describe('ours-max50') },
				];
	list.push({ name: 'API sends a bare 429: 0 failed, 429s ≤ 15 %', pass: check('ours-bare', { max429: 0.15 }), detail: describe('ours-bare') });
	return list;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const started = Date.now();
	process.on('SIGINT', () => {
		killAllNow();
		process.exit(130);
	});
	if (options.modes.includes('queue')) await ensureSystemPackages();
	if (options.build) await buildPackage();
	const tarball = await packPackage(path.join(RUN_ROOT, 'package'));
	const summary = [];
	for (const line of options.lines) {
		const pin = resolveLine(line);
		const n8n = await ensureN8n(pin);
		for (const mode of options.modes) {
			console.log(`\n== n8n ${pin.n8n} (Node.js ${n8n.node.version}), ${mode} mode${mode === 'queue' ? ` (main + ${WORKERS} workers, --concurrency=${WORKER_CONCURRENCY}, Redis)` : ''}`);
			const { rows, limitMs } = await runMode(n8n, pin, mode, tarball, options);
			table(
				`n8n ${pin.n8n}, ${mode} mode: ${options.executions} webhook calls at once × ${options.items} items, API allows ${QUOTA_PER_SECOND} requests/s per key, physical limit ${seconds(limitMs)}`,
				rows,
			);
			for (const verdict of verdicts(mode, rows)) summary.push({ ...verdict, name: `n8n ${pin.n8n} ${mode}: ${verdict.name}` });
		}
	}
	console.log('\nTargets\n');
	for (const verdict of summary) console.log(`  ${verdict.pass === undefined ? 'NOT RUN' : verdict.pass ? 'MET   ' : 'MISSED'} ${verdict.name}: ${verdict.detail}`);
	console.log(`\n${formatSeconds(Date.now() - started)}`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error.stack || error.message);
		killAllNow();
		process.exit(1);
	},
);
