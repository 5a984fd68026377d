#!/usr/bin/env node
'use strict';
/**
 * `node benchmark/guard.js`: what the API Key Guard costs.
 *
 *   1. In-process, Verify Key's own work per request (p50/p99): the verification pipeline alone,
 *      and the real node run through n8n-core's WorkflowExecute (test/helpers/workflow.ts) next to
 *      a no-op node in the same harness, with 10,000 clients in the credential's list and with the
 *      record coming from an input item (the store flow: Identify Key → lookup → Verify Key).
 *   2. Real n8n (the default pinned line), webhook throughput with and without the Guard in the same
 *      run, interleaved: Webhook → Respond, Webhook → Verify Key (client list) → Respond, and the
 *      Data Table flow of examples/guard. Loopback only, bounded in requests and time.
 *
 * Options: --quick (fewer requests), --no-n8n (in-process only), --n8n <line>.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skipN8n = args.includes('--no-n8n');
const lineArg = args.includes('--n8n') ? args[args.indexOf('--n8n') + 1] : undefined;

const SIZE = quick
	? { pipeline: 2000, harness: 200, requests: 600, warmUp: 100, concurrency: 8 }
	: { pipeline: 20000, harness: 1000, requests: 4000, warmUp: 300, concurrency: 16 };
const CLIENTS = 10_000;
const SCENARIO_TIME_BOUND_MS = 60_000;
const OVERALL_TIME_BOUND_MS = 15 * 60_000;

// The harness keeps n8n's instance files in a temp dir: give this run one and remove it at exit.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-api-key-guard-bench-'));
process.env.TMPDIR = tmp;
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const watchdog = setTimeout(() => {
	console.error(`benchmark exceeded ${OVERALL_TIME_BOUND_MS / 60000} minutes`);
	process.exit(2);
}, OVERALL_TIME_BOUND_MS);
watchdog.unref();

const { register } = require('./loader');
register();
// `.../ApiKeyGuard.node` (imported without an extension, as TypeScript writes it) must resolve to
// ApiKeyGuard.node.ts, not to the codex file ApiKeyGuard.node.json next to it: .ts before .json.
const Module = require('node:module');
for (const extension of ['.json', '.node']) {
	const handler = Module._extensions[extension];
	delete Module._extensions[extension];
	Module._extensions[extension] = handler;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
function stats(samplesNs) {
	const sorted = [...samplesNs].sort((a, b) => a - b);
	return { p50: quantile(sorted, 0.5) / 1000, p99: quantile(sorted, 0.99) / 1000, n: sorted.length };
}
const us = (value) => (value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(1)} µs`);

// ---------------------------------------------------------------------------------------
// 1. In-process
// ---------------------------------------------------------------------------------------

function guardModules() {
	const load = (file) => require(path.join(ROOT, file));
	return {
		lifecycle: load('nodes/ApiKeyGuard/helpers/lifecycle.ts'),
		record: load('nodes/ApiKeyGuard/helpers/record.ts'),
		hashing: load('nodes/ApiKeyGuard/helpers/hashing.ts'),
		presented: load('nodes/ApiKeyGuard/helpers/presentedKey.ts'),
		verify: load('nodes/ApiKeyGuard/helpers/verifyKey.ts'),
		clientList: load('nodes/ApiKeyGuard/helpers/clientList.ts'),
		sanitize: load('nodes/ApiKeyGuard/helpers/sanitizeRequest.ts'),
		redaction: load('nodes/ApiKeyGuard/helpers/redaction.ts'),
		usage: load('nodes/ApiKeyGuard/helpers/usage.ts'),
		output: load('nodes/ApiKeyGuard/actions/common/output.ts'),
		workflow: load('test/helpers/workflow.ts'),
		guardWorkflow: load('test/helpers/guardWorkflow.ts'),
	};
}

const PREFIX = 'bench_live_';
const PEPPER = 'bench-pepper-0f3c9e';

function issueClients(m, count) {
	const now = Date.now();
	const issued = [];
	for (let index = 0; index < count; index++) {
		issued.push(m.lifecycle.issueKey({ name: `Client ${index}`, clientId: `c${index}`, scopes: ['orders:read'], metadata: { plan: 'pro' } }, { prefix: PREFIX, pepper: PEPPER, now }));
	}
	return issued;
}

/** One request through the pure pipeline, as Verify Key runs it per item (client list mode). */
function pipelineOnce(m, item, listJson, registry) {
	const placement = { placement: 'bearer', name: '', scheme: '' };
	const view = m.presented.requestView(item.json);
	const presented = m.presented.readPresentedKey(view, placement);
	const identified = m.verify.identifyKey(presented, [PREFIX]);
	if (!identified.ok) throw new Error('benchmark key refused');
	const digest = m.hashing.digestKey(identified.key, 'hmac-sha256', PEPPER);
	const index = m.clientList.clientIndexFor(listJson);
	const decision = m.verify.checkKey({ keyId: identified.keyId, digest, hashAlgorithm: 'hmac-sha256' }, index.get(identified.keyId), {
		now: Date.now(),
		requiredScopes: ['orders:read'],
		scopeMode: 'all',
		endpointIps: [],
		defaults: { rateLimit: 0, rateLimitWindow: 60, quota: 0, period: 'month' },
		usage: registry,
		challenge: { placement: 'bearer', scheme: '', realm: 'api' },
	});
	if (!decision.allowed) throw new Error(`benchmark key denied: ${decision.reason}`);
	const redactor = m.redaction.verifiedKeyRedactor(digest.toString('hex'), identified.key);
	return redactor.deep(m.output.allowedJson(decision, { request: m.sanitize.sanitizeRequest(item.json, view, placement, redactor.deep) }));
}

/** The store flow's Verify: the record is an input item, the digest comes from Identify Key. */
function pipelineFromInput(m, item, row, registry) {
	const placement = { placement: 'bearer', name: '', scheme: '' };
	const view = m.presented.requestView(item.json);
	const identified = m.verify.identifyKey(m.presented.readPresentedKey(view, placement), [PREFIX]);
	const digest = m.hashing.digestKey(identified.key, 'hmac-sha256', PEPPER);
	const record = m.record.readRecord(row);
	const decision = m.verify.checkKey({ keyId: identified.keyId, digest, hashAlgorithm: 'hmac-sha256' }, record, {
		now: Date.now(),
		requiredScopes: ['orders:read'],
		scopeMode: 'all',
		endpointIps: [],
		defaults: { rateLimit: 0, rateLimitWindow: 60, quota: 0, period: 'month' },
		usage: registry,
		challenge: { placement: 'bearer', scheme: '', realm: 'api' },
	});
	if (!decision.allowed) throw new Error(`benchmark key denied: ${decision.reason}`);
	return m.output.allowedJson(decision, {});
}

function timeEach(count, prepare, run) {
	const samples = [];
	for (let index = 0; index < count; index++) {
		const input = prepare(index);
		const started = process.hrtime.bigint();
		run(input);
		samples.push(Number(process.hrtime.bigint() - started));
	}
	return stats(samples);
}

async function timeEachAsync(count, run) {
	const samples = [];
	for (let index = 0; index < count; index++) {
		const started = process.hrtime.bigint();
		await run(index);
		samples.push(Number(process.hrtime.bigint() - started));
	}
	return stats(samples);
}

async function inProcess() {
	const m = guardModules();
	const rows = [];
	const started = Date.now();
	const clients = issueClients(m, CLIENTS);
	const listJson = JSON.stringify(clients.map((client) => client.record));
	const issueMs = Date.now() - started;
	const item = (index) => m.guardWorkflow.webhookItem({ headers: { authorization: `Bearer ${clients[index % clients.length].key}` }, body: { order: index } });

	// Pipeline, client list: every request gets a fresh copy of the list string, as n8n decrypts the
	// credential anew for every execution (the parsed list is cached by content).
	const registry = new m.usage.UsageRegistry();
	m.clientList.clientIndexFor(listJson);
	const copies = Array.from({ length: 8 }, () => Buffer.from(listJson).toString());
	rows.push({
		what: `Verify pipeline, ${CLIENTS.toLocaleString('en-US')} clients in the credential list, repeat callers`,
		...timeEach(SIZE.pipeline, (index) => ({ item: item(index % 100), list: copies[index % copies.length] }), ({ item: request, list }) => pipelineOnce(m, request, list, registry)),
	});
	rows.push({
		what: `Verify pipeline, ${CLIENTS.toLocaleString('en-US')} clients, first call of each key (redactor built)`,
		...timeEach(Math.min(SIZE.pipeline, 1000), (index) => ({ item: item(1000 + index), list: copies[index % copies.length] }), ({ item: request, list }) => pipelineOnce(m, request, list, registry)),
	});
	rows.push({
		what: 'Verify pipeline, record from an input item (store flow)',
		...timeEach(SIZE.pipeline, (index) => ({ item: item(index % 100), row: { id: index, ...clients[index % 100].record } }), ({ item: request, row }) => pipelineFromInput(m, request, row, registry)),
	});

	// Through n8n-core: a no-op node and the Guard in the same harness, one execution per request.
	const { runNode, runWorkflow } = m.workflow;
	const { guardNode, guardCredentialTypes, GuardTestRequest, GuardTestStore, storeRows } = m.guardWorkflow;
	const requestNode = new GuardTestRequest();
	const noop = {
		description: { displayName: 'No-op', name: 'benchNoop', group: ['transform'], version: 1, description: 'passes items on', defaults: { name: 'No-op' }, inputs: ['main'], outputs: ['main'], properties: [] },
		async execute() {
			return [this.getInputData().map((entry, index) => ({ json: entry.json, pairedItem: { item: index } }))];
		},
	};
	const credentialWith = (clientsJson) => ({ apiKeyGuardApi: { keyPrefix: PREFIX, pepper: PEPPER, clients: clientsJson } });
	const baseline = await timeEachAsync(SIZE.harness, (index) => runNode({ node: noop, parameters: {}, items: [item(index)], mode: 'webhook' }));
	rows.push({ what: 'n8n-core run of a no-op node (baseline)', ...baseline });
	const verifyParameters = { resource: 'request', operation: 'verify', recordSource: 'credential', placement: 'bearer', requiredScopes: 'orders:read' };
	for (const [label, list] of [
		['10 clients', JSON.stringify(clients.slice(0, 10).map((client) => client.record))],
		[`${CLIENTS.toLocaleString('en-US')} clients`, listJson],
	]) {
		const count = label.startsWith('10 ') ? SIZE.harness : Math.max(50, Math.floor(SIZE.harness / 5));
		const result = await timeEachAsync(count, async (index) => {
			const run = await runNode({ node: guardNode, parameters: verifyParameters, credentials: credentialWith(list), credentialTypes: guardCredentialTypes, items: [item(index % 10)], mode: 'webhook' });
			if (!run.outputs[0]?.length) throw new Error(`Verify Key denied in the harness: ${JSON.stringify(run.outputs[1]?.[0]?.json ?? run.error?.message)}`);
		});
		rows.push({ what: `n8n-core run of Verify Key, ${label} in the credential`, ...result, overBaseline: result.p50 - baseline.p50 });
	}
	storeRows.length = 0;
	for (const client of clients.slice(0, 1000)) storeRows.push(client.record);
	const store = new GuardTestStore();
	const flow = {
		nodes: [
			{ name: 'Webhook', node: requestNode, parameters: {} },
			{ name: 'Identify Key', node: guardNode, parameters: { resource: 'request', operation: 'identify', placement: 'bearer' } },
			{ name: 'Key Table', node: store, parameters: { keyId: '={{ $json.keyId }}' } },
			{ name: 'Verify Key', node: guardNode, parameters: { resource: 'request', operation: 'verify', recordSource: 'input', requiredScopes: 'orders:read' } },
		],
		connections: {
			Webhook: { main: [[{ node: 'Identify Key', type: 'main', index: 0 }]] },
			'Identify Key': { main: [[{ node: 'Key Table', type: 'main', index: 0 }], []] },
			'Key Table': { main: [[{ node: 'Verify Key', type: 'main', index: 0 }]] },
		},
	};
	// The baseline does the same lookup (the same expression), with the key id taken from the header
	// by a plain split instead of Identify Key, and a no-op instead of Verify Key.
	const splitKeyId = {
		description: { ...noop.description, name: 'benchSplitKeyId', displayName: 'Split Key ID', defaults: { name: 'Split Key ID' } },
		async execute() {
			return [this.getInputData().map((entry, index) => ({ json: { keyId: String(entry.json.headers.authorization).slice(7 + PREFIX.length, 7 + PREFIX.length + 12) }, pairedItem: { item: index } }))];
		},
	};
	const storeBaseline = await timeEachAsync(SIZE.harness, (index) =>
		runWorkflow({
			nodes: [
				{ name: 'Webhook', node: requestNode, parameters: {} },
				{ name: 'Identify Key', node: splitKeyId, parameters: {} },
				{ name: 'Key Table', node: store, parameters: { keyId: '={{ $json.keyId }}' } },
				{ name: 'Verify Key', node: noop, parameters: {} },
			],
			items: [item(index % 10)],
			mode: 'webhook',
		}),
	);
	const storeFlow = await timeEachAsync(SIZE.harness, async (index) => {
		// Ten clients calling again and again (a redactor is built once per verified key, then kept).
		const run = await runWorkflow({ ...flow, credentials: credentialWith('[]'), credentialTypes: guardCredentialTypes, items: [item(index % 10)], mode: 'webhook' });
		if (!run.nodes['Verify Key']?.outputs[0]?.length) throw new Error('store flow denied in the harness');
	});
	rows.push({ what: 'n8n-core run of request → split key id → lookup → no-op (baseline)', ...storeBaseline });
	rows.push({ what: 'n8n-core run of request → Identify Key → lookup → Verify Key', ...storeFlow, overBaseline: storeFlow.p50 - storeBaseline.p50 });
	return { rows, issueMs };
}

// ---------------------------------------------------------------------------------------
// 2. Real n8n
// ---------------------------------------------------------------------------------------

async function load(baseUrl, route, headers, total, concurrency) {
	const latencies = [];
	let next = 0;
	let failures = 0;
	const failed = [];
	const started = process.hrtime.bigint();
	const deadline = Date.now() + SCENARIO_TIME_BOUND_MS;
	const worker = async () => {
		while (next < total && Date.now() < deadline) {
			next++;
			const begin = process.hrtime.bigint();
			const response = await fetch(`${baseUrl}${route}`, { headers, signal: AbortSignal.timeout(120_000) });
			const text = await response.text();
			if (response.status !== 200) {
				failures++;
				if (failed.length < 3) failed.push(`${response.status} ${text.slice(0, 200)}`);
			}
			latencies.push(Number(process.hrtime.bigint() - begin));
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { perSecond: latencies.length / seconds, ...stats(latencies), failures, failed, done: latencies.length };
}

async function realN8n(m) {
	const { ensureN8n } = require(path.join(ROOT, 'scripts/lib/install-n8n'));
	const { headlessEnv, startN8nServer } = require(path.join(ROOT, 'scripts/lib/n8n-process'));
	const { installIntoUserFolder, packPackage } = require(path.join(ROOT, 'scripts/lib/package'));
	const { resolveLine, workRoot } = require(path.join(ROOT, 'scripts/lib/versions'));
	const { createGuardRest, loadExample, keyTableDefinition } = require(path.join(ROOT, 'test/e2e/helpers/guard-n8n'));
	const { freePort } = require(path.join(ROOT, 'test/e2e/helpers/n8n-run'));

	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes', 'ApiKeyGuard', 'ApiKeyGuard.node.js'))) throw new Error('dist/ has no API Key Guard: run `npm run build` first');
	const pin = resolveLine(lineArg);
	const n8n = await ensureN8n(pin);
	const runDir = path.join(workRoot(), 'e2e', 'guard-bench', `n8n-${pin.n8n}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, 'user');
	await installIntoUserFolder(await packPackage(path.join(runDir, 'package')), userFolder);
	const port = await freePort();
	const env = headlessEnv(n8n, {
		userFolder,
		encryptionKey: 'guard-bench',
		port,
		brokerPort: await freePort(),
		// A pool of SQLite read connections (WAL), as n8n recommends: without it, concurrent Data Table
		// updates fail with TransactionNotStartedError on n8n 1.x.
		extra: { N8N_PERSONALIZATION_ENABLED: 'false', N8N_LOG_LEVEL: 'warn', EXECUTIONS_DATA_PRUNE_HARD_DELETE_INTERVAL: '1', DB_SQLITE_POOL_SIZE: '2' },
	});
	const server = await startN8nServer(n8n, { env, port, logFile: path.join(runDir, 'n8n.log') });
	try {
		const rest = createGuardRest(server.baseUrl);
		await rest.setupOwner({ email: 'bench@example.com', firstName: 'Bench', lastName: 'Owner', password: 'Guard-Bench-Owner-1' });
		const project = await rest.personalProject();
		const table = await rest.createDataTable(project.id, keyTableDefinition());
		const clients = issueClients(m, 10);
		const many = issueClients(m, CLIENTS - 10);
		const few = await rest.createCredential('Guard (10 clients)', 'apiKeyGuardApi', { keyPrefix: PREFIX, pepper: PEPPER, clients: JSON.stringify(clients.map((client) => client.record)) });
		const big = await rest.createCredential('Guard (10,000 clients)', 'apiKeyGuardApi', {
			keyPrefix: PREFIX,
			pepper: PEPPER,
			clients: JSON.stringify([...clients, ...many].map((client) => client.record)),
		});
		await rest.call('POST', `/rest/projects/${project.id}/data-tables/${table.id}/insert`, { data: clients.map((client) => client.record), returnType: 'count' });
		const settings = { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none', saveManualExecutions: false };
		const webhook = (p) => ({ id: 'a0000000-0000-4000-8000-00000000000' + p.length % 10, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `bench-${p}`, parameters: { httpMethod: 'GET', path: p, responseMode: 'responseNode', options: {} } });
		const respond = (name, x) => ({ id: `b000000${x}-0000-4000-8000-000000000000`, name, type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.5, position: [x * 200, 0], parameters: { respondWith: 'json', responseBody: '={{ { "ok": true } }}', options: {} } });
		const deniedRespond = { ...respond('Respond Denied', 3), parameters: { respondWith: 'json', responseBody: '={{ $json.body }}', options: { responseCode: '={{ $json.statusCode }}' } } };
		const verify = (credentialId) => ({
			id: 'c0000000-0000-4000-8000-000000000000',
			name: 'Verify Key',
			type: 'n8n-nodes-api-key.apiKeyGuard',
			typeVersion: 1,
			position: [200, 0],
			parameters: { resource: 'request', operation: 'verify', recordSource: 'credential', placement: 'bearer', requiredScopes: 'orders:read', options: {} },
			credentials: { apiKeyGuardApi: { id: credentialId, name: 'Guard' } },
		});
		const definitions = [
			{ name: 'bench plain', nodes: [webhook('bench/plain'), respond('Respond', 1)], connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } } },
			...[
				['bench guard few', 'bench/guard-few', few.id],
				['bench guard many', 'bench/guard-many', big.id],
			].map(([name, p, credentialId]) => ({
				name,
				nodes: [webhook(p), verify(credentialId), respond('Respond Allowed', 2), deniedRespond],
				connections: {
					Webhook: { main: [[{ node: 'Verify Key', type: 'main', index: 0 }]] },
					'Verify Key': { main: [[{ node: 'Respond Allowed', type: 'main', index: 0 }], [{ node: 'Respond Denied', type: 'main', index: 0 }]] },
				},
			})),
		];
		for (const definition of definitions) {
			const created = await rest.createWorkflow({ ...definition, active: false, settings });
			await rest.activateWorkflow(created);
		}
		const guardCredential = await rest.createCredential('API Key Guard', 'apiKeyGuardApi', { keyPrefix: PREFIX, pepper: PEPPER, clients: '[]' });
		const example = loadExample('protected-webhook-data-table.json', { REPLACE_GUARD_CREDENTIAL_ID: guardCredential.id, REPLACE_DATA_TABLE_ID: table.id });
		example.nodes = example.nodes.map((node) => (node.name === 'Webhook' ? { ...node, webhookId: 'bench-data-table', parameters: { ...node.parameters, path: 'bench/data-table' } } : node));
		const createdExample = await rest.createWorkflow(example);
		await rest.activateWorkflow(createdExample);

		const auth = (index) => ({ Authorization: `Bearer ${clients[index % clients.length].key}` });
		const scenarios = [
			{ label: 'Webhook → Respond (no Guard)', route: '/webhook/bench/plain', headers: auth(0) },
			{ label: 'Webhook → Verify Key (10 clients in the credential) → Respond', route: '/webhook/bench/guard-few', headers: auth(1) },
			{ label: `Webhook → Verify Key (${CLIENTS.toLocaleString('en-US')} clients in the credential) → Respond`, route: '/webhook/bench/guard-many', headers: auth(2), total: 30, concurrency: 1 },
			{ label: 'Data Table flow of examples/guard (Identify → Data Table → Verify → Respond → usage update)', route: '/webhook/bench/data-table', headers: auth(3) },
		];
		// Wait for the webhooks to be registered, then warm every scenario up.
		for (const scenario of scenarios) {
			const deadline = Date.now() + 30000;
			for (;;) {
				const response = await fetch(`${server.baseUrl}${scenario.route}`, { headers: scenario.headers });
				await response.arrayBuffer();
				if (response.status === 200) break;
				if (Date.now() > deadline) throw new Error(`${scenario.route} answered ${response.status}`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			await load(server.baseUrl, scenario.route, scenario.headers, scenario.total ? 3 : SIZE.warmUp, scenario.concurrency ?? SIZE.concurrency);
		}
		// Interleaved rounds; each scenario's best round counts (the least disturbed by anything else
		// running on the machine).
		const rounds = quick ? 3 : 5;
		const results = scenarios.map(() => []);
		for (let round = 0; round < rounds; round++) {
			for (const [index, scenario] of scenarios.entries()) {
				results[index].push(await load(server.baseUrl, scenario.route, scenario.headers, Math.floor((scenario.total ?? SIZE.requests) / rounds), scenario.concurrency ?? SIZE.concurrency));
			}
		}
		return {
			pin,
			rows: scenarios.map((scenario, index) => {
				const best = results[index].reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
				return {
					what: scenario.label,
					concurrency: scenario.concurrency ?? SIZE.concurrency,
					...best,
					failures: results[index].reduce((sum, result) => sum + result.failures, 0),
					failed: results[index].flatMap((result) => result.failed),
				};
			}),
		};
	} finally {
		await server.stop();
	}
}

// ---------------------------------------------------------------------------------------

function table(headers, rows) {
	const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)));
	const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
	return [line(headers), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

async function main() {
	console.log(`API Key Guard benchmark${quick ? ' (quick)' : ''}: Node.js ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}\n`);
	const local = await inProcess();
	console.log(`In-process (${CLIENTS.toLocaleString('en-US')} keys issued in ${local.issueMs} ms):\n`);
	console.log(
		table(
			['What', 'Requests', 'p50', 'p99', 'Guard over baseline (p50)'],
			local.rows.map((row) => [row.what, row.n, us(row.p50), us(row.p99), row.overBaseline === undefined ? '' : us(row.overBaseline)]),
		),
	);
	if (skipN8n) return;
	const m = guardModules();
	const real = await realN8n(m);
	const plain = real.rows[0].perSecond;
	console.log(`\nReal n8n ${real.pin.n8n}, loopback, ${SIZE.concurrency} concurrent HTTP clients (unless noted), best of ${quick ? 3 : 5} interleaved rounds:\n`);
	console.log(
		table(
			['Workflow', 'Clients', 'Requests', 'req/s', 'p50', 'p99', 'Throughput vs no Guard', 'Non-200'],
			real.rows.map((row) => [row.what, row.concurrency, row.done, row.perSecond.toFixed(row.perSecond < 10 ? 2 : 0), us(row.p50), us(row.p99), row.concurrency === SIZE.concurrency ? `${(((row.perSecond - plain) / plain) * 100).toFixed(1)} %` : '(1 client)', row.failures]),
		),
	);
	for (const row of real.rows) if (row.failed.length > 0) console.log(`Non-200 answers of "${row.what}": ${row.failed.join(' | ')}`);
	const guarded = real.rows[1].perSecond;
	const cost = ((plain - guarded) / plain) * 100;
	console.log(
		`\nGuard cost (Verify Key, 10 clients in the credential): ${cost.toFixed(1)} % of webhook throughput${cost < 0 ? ' (faster than without: the difference is within the noise of this machine)' : ''}; target ≤ 10 %: ${cost <= 10 ? 'met' : 'NOT met'}`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error.stack || error.message);
		process.exit(1);
	},
);
