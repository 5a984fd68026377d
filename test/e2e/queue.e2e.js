#!/usr/bin/env node
'use strict';
/**
 * Queue mode: a pinned n8n main process and one `n8n worker` sharing a Redis (Debian's
 * redis-server, started here on 127.0.0.1 with nothing saved to disk) and one SQLite database,
 * with the packed package installed as a community package in their shared user folder.
 *
 *   node test/e2e/queue.e2e.js                n8n 1.x (the default line)
 *   node test/e2e/queue.e2e.js --n8n 2        n8n 2.x
 *   node test/e2e/queue.e2e.js --no-build     use the existing dist/
 *
 * A credential (plaintext in the import file, encrypted by n8n) and a workflow "Webhook ->
 * API Key Request" are imported with n8n's CLI and activated before the processes start. A POST to
 * the production webhook must come back with the local API's answer; the API must have received
 * the key in its header; the worker's log must show that it ran that execution (the id the main
 * process enqueued), and the execution record must be a successful webhook execution. Then no log
 * may contain the key. Prints PASS/FAIL per check and "N passed, M failed"; exits non-zero on any
 * failure. Every process is stopped on exit, on failure and on Ctrl-C.
 *
 * SQLite in queue mode: n8n runs it and logs "Scaling mode is not officially supported with
 * sqlite. Please use PostgreSQL instead." (1.123 and 2.41 alike). Main and worker open the same
 * database file; DB_SQLITE_POOL_SIZE > 0 puts it in WAL mode so the worker's writes and the main
 * process's reads do not lock each other out.
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const { ensureN8n } = require('../../scripts/lib/install-n8n');
const { headlessEnv, waitForReady } = require('../../scripts/lib/n8n-process');
const { buildPackage, installIntoUserFolder, packPackage, PROJECT_ROOT } = require('../../scripts/lib/package');
const { formatSeconds } = require('../../scripts/lib/proc');
const { resolveLine, workRoot } = require('../../scripts/lib/versions');
const { assert, createReport, endReport, guardRun, runChecks } = require('./helpers/check-run');
const { expectKey, startKeyServer } = require('./helpers/key-server');
const { filePlace, filesBelow, scanForLeaks } = require('./helpers/leak-scan');
const { freePort } = require('./helpers/n8n-run');
const { killAllNow, runN8nCommand, startProcess, startRedis, tail, waitForHttp } = require('./helpers/queue-processes');

const RUN_ROOT = path.join(workRoot(), 'e2e', 'queue');
const ENCRYPTION_KEY = 'n8n-nodes-api-key-queue-e2e';
const OVERALL_TIMEOUT_MS = Number(process.env.QUEUE_E2E_TIMEOUT_S || 600) * 1000;
const API_KEY = 'canary-queue-e2e-key-5d8b';
const HEADER = 'X-Queue-Key';
const IDS = { credential: 'queueE2eCred0001', workflow: 'queueE2eFlow0001' };
const OWNER = { email: 'queue-owner@example.com', firstName: 'Queue', lastName: 'Owner', password: 'Queue-E2e-Owner-1' };

function parseArgs(argv) {
	const options = { line: undefined, build: true };
	for (let index = 0; index < argv.length; index++) {
		const [name, inline] = argv[index].split('=', 2);
		if (name === '--n8n') options.line = inline !== undefined ? inline : argv[++index];
		else if (name === '--no-build') options.build = false;
		else throw new Error(`Unknown argument ${argv[index]}. Usage: node test/e2e/queue.e2e.js [--n8n 1|2] [--no-build]`);
	}
	return options;
}

function workflowJson({ webhookPath, apiUrl }) {
	return {
		id: IDS.workflow,
		name: 'Queue e2e: Webhook -> API Key Request',
		active: false,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
			},
			{
				id: randomUUID(),
				name: 'API Key Request',
				type: 'n8n-nodes-api-key.apiKeyRequest',
				typeVersion: 1,
				position: [300, 0],
				// The order number comes from the webhook's body: the expression runs in the worker.
				parameters: { method: 'GET', url: `=${apiUrl}?order={{ $json.body.order }}`, options: {} },
				credentials: { apiKeyApi: { id: IDS.credential, name: 'Queue e2e API key' } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'API Key Request', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		pinData: {},
	};
}

/** The few REST calls of the editor this test needs, with the owner's session cookie. */
function restClient(baseUrl) {
	let cookie = '';
	const browserId = 'queue-e2e-browser';
	return async function call(method, route, body) {
		const response = await fetch(`${baseUrl}${route}`, {
			method,
			headers: { 'Content-Type': 'application/json', 'browser-id': browserId, ...(cookie ? { Cookie: cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(15000),
		});
		const auth = (response.headers.getSetCookie?.() ?? []).map((value) => value.split(';')[0]).find((value) => value.startsWith('n8n-auth='));
		if (auth) cookie = auth;
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 300)}`);
		const json = JSON.parse(text);
		return json.data ?? json;
	};
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const pin = resolveLine(options.line);
	const runDir = path.join(RUN_ROOT, `n8n-${pin.n8n}`);
	const logsDir = path.join(runDir, 'logs');
	const userFolder = path.join(runDir, 'user');
	const started = Date.now();
	const report = createReport();
	const { cleanups, finish } = guardRun({ report, what: 'queue e2e', timeoutMs: OVERALL_TIMEOUT_MS, killNow: killAllNow });

	console.log(`Queue-mode e2e: n8n ${pin.n8n}, one main + one worker, Redis, shared SQLite`);
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(logsDir, { recursive: true });

	let n8n;
	let api;
	let redisPort;
	let baseUrl;
	let mainProcess;
	let workerProcess;
	const webhookPath = `queue-e2e-${randomUUID()}`;
	const order = `A-${Date.now() % 100000}`;
	let webhookAnswer;
	let executionId;

	/**
	 * Environment of every n8n process of the run: one user folder (so one SQLite file), one
	 * encryption key, a task runner broker port of its own. The CLI commands only touch the database;
	 * main and worker get queue mode (a CLI command in queue mode waits for Redis forever if it goes).
	 */
	const n8nEnv = async ({ queue, extra = {} }) =>
		headlessEnv(n8n, {
			userFolder,
			encryptionKey: ENCRYPTION_KEY,
			brokerPort: await freePort(),
			extra: {
				DB_SQLITE_POOL_SIZE: '2',
				N8N_PERSONALIZATION_ENABLED: 'false',
				...(queue ? { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redisPort) } : {}),
				...extra,
			},
		});

	await report.check('Redis (redis-server, 127.0.0.1, no persistence) and the local key-checking API start', async () => {
		redisPort = await freePort();
		const redis = await startRedis({ port: redisPort, dir: path.join(runDir, 'redis'), logFile: path.join(logsDir, 'redis.log') });
		cleanups.push(() => redis.stop(5000));
		api = await startKeyServer({ '/orders': expectKey.header(HEADER, API_KEY) });
		cleanups.push(() => api.close());
		const version = /version=(\S+?),?\s/.exec(redis.output())?.[1] ?? '?';
		return `redis ${version} on port ${redisPort}; API on port ${api.port}`;
	});

	await report.check(`n8n ${pin.n8n}: packed package installed; credential and workflow imported; workflow activated`, async () => {
		n8n = await ensureN8n(pin);
		if (options.build) await buildPackage();
		const tarball = await packPackage(path.join(runDir, 'package'));
		await installIntoUserFolder(tarball, userFolder);
		const cliEnv = await n8nEnv({ queue: false });
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
			{
				id: IDS.credential,
				name: 'Queue e2e API key',
				type: 'apiKeyApi',
				data: { apiKey: API_KEY, placement: 'header', headerName: HEADER, allowedHosts: api.url('') },
			},
		]);
		await importFile('import:workflow', 'workflow.json', [workflowJson({ webhookPath, apiUrl: api.url('/orders') })]);
		// 2.x publishes a workflow version (update:workflow --active=true is deprecated there).
		const publish = fs.existsSync(path.join(n8n.dir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'));
		const activate = publish ? ['publish:workflow', `--id=${IDS.workflow}`] : ['update:workflow', `--id=${IDS.workflow}`, '--active=true'];
		await runN8nCommand(n8n, activate, { env: cliEnv, logFile: cliLog });
		return `activated with \`n8n ${activate.join(' ')}\``;
	});

	await report.check('main process (EXECUTIONS_MODE=queue) and one worker start on the shared database and Redis', async () => {
		const port = await freePort();
		baseUrl = `http://127.0.0.1:${port}`;
		const mainEnv = await n8nEnv({ queue: true, extra: { N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_PORT: String(port), N8N_SECURE_COOKIE: 'false' } });
		mainProcess = startProcess('n8n main', n8n.node.bin, [n8n.n8nBin, 'start'], { env: mainEnv, logFile: path.join(logsDir, 'main.log') });
		cleanups.push(() => mainProcess.stop());
		await waitForReady(baseUrl, mainProcess.child, 180000);

		const healthPort = await freePort();
		const workerEnv = await n8nEnv({
			queue: true,
			extra: {
				// The worker's own HTTP server (/healthz, /healthz/readiness): on a free loopback port, so
				// it cannot collide with the main process's 5678 default.
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		});
		workerProcess = startProcess('n8n worker', n8n.node.bin, [n8n.n8nBin, 'worker', '--concurrency=5'], { env: workerEnv, logFile: path.join(logsDir, 'worker.log') });
		cleanups.push(() => workerProcess.stop());
		await workerProcess.waitForOutput(/n8n worker is now ready/, 180000);
		await waitForHttp(`http://127.0.0.1:${healthPort}/healthz/readiness`, { timeoutMs: 60000, process: workerProcess });
		const sqliteWarning = /Scaling mode is not officially supported with sqlite/.test(mainProcess.output() + workerProcess.output());
		return `main ${baseUrl}, worker readiness on port ${healthPort}${sqliteWarning ? '; n8n warns: "Scaling mode is not officially supported with sqlite"' : ''}`;
	});

	await report.check('POST /webhook/<path> answers with the API\'s answer (responseMode lastNode)', async () => {
		// The main process registers production webhooks while it starts; allow a moment for it.
		const url = `${baseUrl}/webhook/${webhookPath}`;
		const deadline = Date.now() + 30000;
		let response;
		let text;
		do {
			response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ order }),
				signal: AbortSignal.timeout(60000),
			});
			text = await response.text();
			if (response.status !== 404) break;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		} while (Date.now() < deadline);
		assert(response.status === 200, `webhook answered ${response.status}: ${text.slice(0, 500)}`);
		webhookAnswer = JSON.parse(text);
		assert(webhookAnswer.ok === true && webhookAnswer.path === '/orders', `webhook answered ${text.slice(0, 500)}`);
		return `200 ${text}`;
	});

	await report.check(`the API received the key in ${HEADER} and the order from the webhook body`, async () => {
		const requests = api.requestsTo('/orders');
		assert(requests.length === 1, `the API got ${requests.length} requests`);
		assert(requests[0].authorized, `wrong or missing key; headers: ${Object.keys(requests[0].headers).join(', ')}`);
		assert(requests[0].query.get('order') === order, `order ${requests[0].query.get('order')}, expected ${order}`);
		return `1 request, key in ${HEADER}, ?order=${order}`;
	});

	await report.check('the worker ran the execution the main process enqueued', async () => {
		const enqueued = await mainProcess.waitForOutput(/Enqueued execution (\S+) \(job (\S+)\)/, 10000);
		executionId = enqueued[1];
		const jobId = enqueued[2];
		const escaped = executionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		await workerProcess.waitForOutput(new RegExp(`Worker started execution ${escaped} \\(job ${jobId}\\)`), 10000);
		await workerProcess.waitForOutput(new RegExp(`Worker finished execution ${escaped} \\(job ${jobId}\\)`), 10000);
		assert(!/Worker (started|finished) execution/.test(mainProcess.output()), 'the main process log shows it ran an execution itself');
		return `main: "Enqueued execution ${executionId} (job ${jobId})"; worker: "Worker started/finished execution ${executionId} (job ${jobId})"`;
	});

	await report.check('the execution record: webhook mode, success, this workflow, API Key Request output', async () => {
		const call = restClient(baseUrl);
		await call('POST', '/rest/owner/setup', OWNER);
		const execution = await call('GET', `/rest/executions/${executionId}`);
		assert(String(execution.workflowId) === IDS.workflow, `workflowId ${execution.workflowId}`);
		assert(execution.mode === 'webhook', `mode ${execution.mode}`);
		assert(execution.status === 'success' && execution.finished === true, `status ${execution.status}, finished ${execution.finished}`);
		// Run data is stored "flatted"; the node's output is in it as plain strings.
		const data = typeof execution.data === 'string' ? execution.data : JSON.stringify(execution.data);
		assert(data.includes('API Key Request') && data.includes('/orders'), 'the run data lacks the API Key Request node output');
		return `execution ${execution.id}: mode ${execution.mode}, status ${execution.status}`;
	});

	await report.check('the key is in no log (main, worker, CLI, Redis), nor in clear in the database or other n8n files', async () => {
		const stored = filesBelow(path.join(userFolder, '.n8n'), [path.join('nodes', 'node_modules')]).map((file) => filePlace('n8n file', file, userFolder));
		const places = fs
			.readdirSync(logsDir)
			.map((file) => filePlace('log', path.join(logsDir, file), runDir))
			.concat(stored, [{ kind: 'webhook answer', name: 'response', bytes: Buffer.from(JSON.stringify(webhookAnswer ?? {})) }]);
		const result = scanForLeaks([{ name: 'queue key', value: API_KEY }], places);
		assert(result.hits.length === 0, `key found: ${result.hits.map((hit) => `${hit.form} in ${hit.place}`).join('; ')}`);
		return `${result.forms} forms x ${result.places} places, 0 hits`;
	}, { independent: true });

	await report.check('main and worker stop cleanly on SIGTERM', async () => {
		const results = [];
		for (const handle of [workerProcess, mainProcess]) {
			if (!handle) continue;
			await handle.stop();
			const { code, signal } = await handle.exited;
			results.push(`${handle.name}: ${signal ?? `exit ${code}`}`);
			assert(code === 0 || signal === 'SIGTERM', `${handle.name} ended with ${signal ?? code}:\n${tail(handle.output(), 15)}`);
		}
		return results.join(', ');
	});

	await finish();
	endReport(report, [`Run files: ${path.relative(PROJECT_ROOT, runDir)} (${formatSeconds(Date.now() - started)})`]);
}

runChecks(main, killAllNow);
