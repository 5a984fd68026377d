'use strict';
/**
 * One measurement, in a fresh process: `node --expose-gc benchmark/case.js '<json spec>'`.
 * Starts the API it needs in a child process, runs one contestant against it, and prints one
 * line `RESULT <json>`.
 *
 * Contestants: `ours` (the API Key Request node), `http` (n8n's HTTP Request node), both run
 * through n8n-core's real WorkflowExecute by the package's in-process harness; `raw` (a plain
 * Node http client loop); `transport` (the same loop as `raw`, but every request through
 * n8n-core's `httpRequest` helper, the only way a community node may send: no node, no engine,
 * so it shows the floor n8n's request path sets for any node).
 *
 * `warmUp` (items or pages) runs the same work once, smaller, before the measured run, so
 * every contestant is measured warm, as in a running n8n.
 */
const http = require('node:http');
const path = require('node:path');

const { startApi } = require('./api-process');
const { register, loadHttpRequestNode, ROOT } = require('./loader');

register();

const spec = JSON.parse(process.argv[2]);
const KEY = 'bench-key-2c1f9e';
const LIMITS = { maxItems: 200_000, maxMs: 10 * 60_000 };

// ---------------------------------------------------------------------------------------
// The API, in its own process
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------

function memorySampler() {
	global.gc?.();
	const base = process.memoryUsage();
	const peak = { heapUsed: base.heapUsed, rss: base.rss };
	const sample = () => {
		const now = process.memoryUsage();
		peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
		peak.rss = Math.max(peak.rss, now.rss);
	};
	const timer = setInterval(sample, 20);
	return {
		stop() {
			clearInterval(timer);
			sample();
			return { peakHeapMb: (peak.heapUsed - base.heapUsed) / 2 ** 20, peakRssMb: peak.rss / 2 ** 20, baseRssMb: base.rss / 2 ** 20 };
		},
	};
}

/** Wall time of `work`; peak memory too when asked (sampling costs CPU, so only then). */
async function measure(work) {
	const memory = spec.params.sampleMemory ? memorySampler() : undefined;
	global.gc?.();
	const started = process.hrtime.bigint();
	const cpu = process.cpuUsage();
	const outcome = await work();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	// CPU time of this process (the client): less disturbed than wall time by other load on the machine.
	return { ms, cpuMs: (used.user + used.system) / 1000, ...(memory ? memory.stop() : {}), ...outcome };
}

// ---------------------------------------------------------------------------------------
// Contestants
// ---------------------------------------------------------------------------------------

function harness() {
	const { runNode } = require(path.join(ROOT, 'test/helpers/workflow.ts'));
	const { ApiKeyApi } = require(path.join(ROOT, 'credentials/ApiKeyApi.credentials.ts'));
	const { ApiKeyRequest } = require(path.join(ROOT, 'nodes/ApiKeyRequest/ApiKeyRequest.node.ts'));
	return { runNode, ApiKeyApi, ApiKeyRequest };
}

/**
 * Retry On Fail is a setting of the node in the workflow, which the harness does not expose:
 * set it on the workflow's nodes just before n8n-core's WorkflowExecute runs them.
 */
function enableRetryOnFail() {
	const { WorkflowExecute } = require(require.resolve('n8n-core', { paths: [ROOT] }));
	const original = WorkflowExecute.prototype.processRunExecutionData;
	WorkflowExecute.prototype.processRunExecutionData = function (workflow) {
		for (const node of Object.values(workflow.nodes)) node.retryOnFail = true; // maxTries 3, waitBetweenTries 1000 ms: n8n's defaults
		return original.call(this, workflow);
	};
}

/**
 * The key may go to the benchmark API only: its origin, spelled out (plain http on its own port),
 * whether the node reaches it through the Base URL or by full URL (the HTTP Request node).
 */
const credential = (baseUrl, apiUrl) => ({ apiKey: KEY, placement: 'header', headerName: 'X-API-Key', baseUrl: baseUrl ?? '', allowedHosts: apiUrl ?? baseUrl ?? '' });
const inputItems = (count) => Array.from({ length: Math.min(count, LIMITS.maxItems) }, (_, n) => ({ json: { n } }));

async function runInHarness({ node, parameters, baseUrl, apiUrl, items, continueOnFail }) {
	const { runNode, ApiKeyApi } = harness();
	const run = runNode({
		node,
		parameters,
		credentialTypes: [new ApiKeyApi()],
		credentials: { apiKeyApi: credential(baseUrl, apiUrl) },
		items,
		continueOnFail,
	});
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error('benchmark run exceeded its time bound')), LIMITS.maxMs);
	});
	try {
		return await Promise.race([run, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function outcomeOf(result, expected) {
	const items = result.items ?? [];
	const failedItems = result.error ? expected : items.filter((item) => item.json?.error !== undefined).length;
	return { items: items.length, failedItems, runFailed: Boolean(result.error), error: result.error?.message };
}

/**
 * `executions` runs of the same workflow at once, in this one process (as webhook calls or
 * overlapping schedules run in one n8n), each its own WorkflowExecute with its own execution id,
 * all on the same credential. Their outcomes add up.
 */
async function concurrently(executions, once, expected) {
	const results = await Promise.all(Array.from({ length: executions }, () => once()));
	const outcomes = results.map((result) => outcomeOf(result, expected));
	return {
		items: outcomes.reduce((sum, outcome) => sum + outcome.items, 0),
		failedItems: outcomes.reduce((sum, outcome) => sum + outcome.failedItems, 0),
		runFailed: outcomes.some((outcome) => outcome.runFailed),
		error: outcomes.find((outcome) => outcome.error)?.error,
		...(executions > 1 ? { executions, perExecution: outcomes.map((outcome) => outcome.failedItems) } : {}),
	};
}

async function ours(api, { items, options = {}, continueOnFail = false, url = '/r', executions = 1 }) {
	const { ApiKeyRequest } = harness();
	const node = new ApiKeyRequest();
	return await measure(
		async () =>
			await concurrently(
				executions,
				() => runInHarness({ node, parameters: { method: 'GET', url, options }, baseUrl: api.url, items: inputItems(items), continueOnFail }),
				items,
			),
	);
}

async function httpNode(api, { items, options = {}, continueOnFail = false, retryOnFail = false, executions = 1 }) {
	const loaded = loadHttpRequestNode();
	if (loaded.error) return { skipped: loaded.error };
	if (retryOnFail) enableRetryOnFail();
	const node = loaded.createHttpRequestNode();
	const parameters = {
		method: 'GET',
		url: `${api.url}/r`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'apiKeyApi',
		options,
	};
	return await measure(
		async () => await concurrently(executions, () => runInHarness({ node, parameters, apiUrl: api.url, items: inputItems(items), continueOnFail }), items),
	);
}

/** n8n-core's `httpRequest`, as `this.helpers.httpRequest` calls it (what the node's transport sends with). */
function n8nGet(url) {
	const { httpRequest } = require(path.join(path.dirname(require.resolve('n8n-core', { paths: [ROOT] })), 'execution-engine/node-execution-context/utils/request-helper-functions'));
	return httpRequest({
		url,
		method: 'GET',
		headers: { 'x-api-key': KEY },
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		json: false,
	}).then((response) => ({ status: response.statusCode, body: Buffer.from(response.body) }));
}

function rawGet(agent, url) {
	return new Promise((resolve, reject) => {
		const request = http.get(url, { agent, headers: { 'x-api-key': KEY, accept: 'application/json' } }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks) }));
			response.on('error', reject);
		});
		request.on('error', reject);
	});
}

/** `items` requests with `concurrency` workers, as one would write it by hand. */
async function rawRequests(api, { items, concurrency, keepAlive = true, transport = false }) {
	const agent = new http.Agent({ keepAlive, maxSockets: concurrency });
	const get = transport ? (url) => n8nGet(url) : (url) => rawGet(agent, url);
	return await measure(async () => {
		let next = 0;
		let failed = 0;
		const results = new Array(items);
		const worker = async () => {
			while (next < items) {
				const index = next++;
				const { status, body } = await get(`${api.url}/r`);
				if (status !== 200) failed++;
				results[index] = JSON.parse(body.toString('utf8'));
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		agent.destroy();
		return { items: results.length, failedItems: failed };
	});
}

/** Every page in turn, following the cursor, keeping all records. */
async function rawPages(api, { maxPages, keepAlive = true, transport = false }) {
	const agent = new http.Agent({ keepAlive, maxSockets: 1 });
	const get = transport ? (url) => n8nGet(url) : (url) => rawGet(agent, url);
	return await measure(async () => {
		const records = [];
		let cursor = '0';
		for (let page = 0; page < maxPages && cursor !== null; page++) {
			const { status, body } = await get(`${api.url}/p?cursor=${cursor}`);
			if (status !== 200) throw new Error(`page ${page}: ${status}`);
			const parsed = JSON.parse(body.toString('utf8'));
			for (const record of parsed.data) records.push(record);
			cursor = parsed.next_cursor;
		}
		agent.destroy();
		return { items: records.length, failedItems: 0 };
	});
}

// ---------------------------------------------------------------------------------------

function contestant(api, params) {
	switch (spec.contestant) {
		case 'ours':
			return ours(api, params);
		case 'http':
			return httpNode(api, params);
		case 'raw':
		case 'transport': {
			const own = { ...params, transport: spec.contestant === 'transport' };
			return spec.api === 'pages' ? rawPages(api, own) : rawRequests(api, own);
		}
		default:
			throw new Error(`unknown contestant ${spec.contestant}`);
	}
}

/** The same work, smaller: `warmUp` items (or pages). */
function warmUpParams(params) {
	if (spec.api === 'pages') {
		if (spec.contestant !== 'ours') return { ...params, maxPages: spec.warmUp };
		const pagination = params.options.pagination.pagination;
		return { ...params, options: { ...params.options, pagination: { pagination: { ...pagination, maxPages: spec.warmUp } } } };
	}
	return { ...params, items: spec.warmUp };
}

async function main() {
	const api = await startApi(spec.api, spec.apiOptions);
	try {
		if (spec.warmUp) {
			const saved = spec.params.sampleMemory;
			spec.params.sampleMemory = false;
			await contestant(api, warmUpParams(spec.params));
			spec.params.sampleMemory = saved;
			await api.reset();
		}
		const result = await contestant(api, spec.params);
		const stats = await api.stats();
		process.stdout.write(`RESULT ${JSON.stringify({ ...result, api: stats })}\n`);
	} finally {
		api.stop();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stdout.write(`RESULT ${JSON.stringify({ crashed: String(error?.stack ?? error) })}\n`);
		process.exit(1);
	},
);
