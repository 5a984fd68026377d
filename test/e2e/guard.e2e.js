#!/usr/bin/env node
'use strict';
/**
 * API Key Guard in real n8n: a pinned n8n with the packed package installed as a community
 * package, the example workflows of examples/guard/ imported through the editor's REST API, and an
 * HTTP client calling the guarded webhooks.
 *
 *   node test/e2e/guard.e2e.js                n8n 1.x (the default line)
 *   node test/e2e/guard.e2e.js --n8n 2        n8n 2.x
 *   node test/e2e/guard.e2e.js --no-build     use the existing dist/
 *   node test/e2e/guard.e2e.js --screenshot .github/images/guard-workflow.png
 *                                             also photograph the protected workflow in the editor
 *                                             (Chromium, apt package chromium)
 *
 * Keys are issued by the admin workflow (Webhook with Header Auth → Issue Key → n8n's Data Table
 * node) and stored there as hashes; the protected workflow (Webhook → Identify Key → Data Table
 * lookup → Verify Key → Respond to Webhook) is called with valid, wrong, unknown, malformed,
 * missing, revoked, expired, rotated-out, wrong-scope and over-limit keys, and the second example
 * (client list in the credential) with valid and wrong keys. Every answer is checked (status,
 * headers, body). Then n8n is stopped and its database, every other file it wrote, its log and
 * every guarded answer are scanned for the presented keys. Prints PASS/FAIL per check and
 * "N passed, M failed"; exits non-zero on any failure; stops every process it started.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ensureN8n } = require('../../scripts/lib/install-n8n');
const { headlessEnv, startN8nServer } = require('../../scripts/lib/n8n-process');
const { buildPackage, installIntoUserFolder, packPackage, PROJECT_ROOT } = require('../../scripts/lib/package');
const { formatSeconds } = require('../../scripts/lib/proc');
const { resolveLine, workRoot } = require('../../scripts/lib/versions');
const { killDescendantsNow } = require('./helpers/browser-processes');
const { assert, createReport, endReport, guardRun, runChecks } = require('./helpers/check-run');
const { createClient, unknownKey, wrongSecretFor } = require('./helpers/guard-client');
const { readDatabase } = require('./helpers/guard-db');
const { screenshotWorkflow } = require('./helpers/guard-screenshot');
const { createGuardRest, exampleFiles, keyTableDefinition, loadExample } = require('./helpers/guard-n8n');
const { filePlace, filesBelow, scanForLeaks, textPlace } = require('./helpers/leak-scan');
const { freePort } = require('./helpers/n8n-run');

const RUN_ROOT = path.join(workRoot(), 'e2e', 'guard');
const ENCRYPTION_KEY = 'n8n-nodes-api-key-guard-e2e';
const OVERALL_TIMEOUT_MS = Number(process.env.GUARD_E2E_TIMEOUT_S || 900) * 1000;
const OWNER = { email: 'guard-owner@example.com', firstName: 'Guard', lastName: 'Owner', password: 'Guard-E2e-Owner-1' };
const PREFIX = 'acme_live_';
const PEPPER = 'guard-e2e-pepper-7c1d0b5e9f3a';
const ADMIN = { header: 'X-Admin-Token', value: 'guard-e2e-admin-token-4b2e' };

function parseArgs(argv) {
	const options = { line: undefined, build: true, screenshot: undefined };
	for (let index = 0; index < argv.length; index++) {
		const [name, inline] = argv[index].split('=', 2);
		if (name === '--n8n') options.line = inline !== undefined ? inline : argv[++index];
		else if (name === '--no-build') options.build = false;
		else if (name === '--screenshot') options.screenshot = path.resolve(inline !== undefined ? inline : argv[++index]);
		else throw new Error(`Unknown argument ${argv[index]}. Usage: node test/e2e/guard.e2e.js [--n8n 1|2] [--no-build] [--screenshot FILE]`);
	}
	return options;
}

/** n8n lines that can store execution data as files (2.x: N8N_EXECUTION_DATA_STORAGE_MODE). */
function executionDataInFiles(n8n) {
	const config = path.join(n8n.dir, 'node_modules', 'n8n-core', 'dist', 'storage.config.js');
	return fs.existsSync(config) && fs.readFileSync(config, 'utf8').includes('N8N_EXECUTION_DATA_STORAGE_MODE');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const bearer = (key) => ({ headers: { Authorization: `Bearer ${key}` } });

/** The parts of an answer a client sees, for comparing two denials. */
const answer = (result) => ({
	status: result.status,
	wwwAuthenticate: result.headers['www-authenticate'],
	cacheControl: result.headers['cache-control'],
	body: result.json,
});

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const pin = resolveLine(options.line);
	const runDir = path.join(RUN_ROOT, `n8n-${pin.n8n}`);
	const logsDir = path.join(runDir, 'logs');
	const userFolder = path.join(runDir, 'user');
	const started = Date.now();
	const report = createReport();
	const { cleanups, finish } = guardRun({ report, what: 'guard e2e', timeoutMs: OVERALL_TIMEOUT_MS, killNow: killDescendantsNow });

	console.log(`API Key Guard e2e: n8n ${pin.n8n}, examples/guard workflows, Data Table key store`);
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(logsDir, { recursive: true });

	let n8n;
	let serverEnv;
	let server;
	let rest;
	let client;
	let projectId;
	let table;
	const keys = {}; // name -> { apiKey, keyId }
	const presented = new Set(); // every key a client sent, for the leak scan

	await report.check(`n8n ${pin.n8n} starts with the packed package; the Data Table and API Key Guard nodes are known`, async () => {
		n8n = await ensureN8n(pin);
		if (options.build) await buildPackage();
		const tarball = await packPackage(path.join(runDir, 'package'));
		await installIntoUserFolder(tarball, userFolder);
		const port = await freePort();
		serverEnv = headlessEnv(n8n, {
			userFolder,
			encryptionKey: ENCRYPTION_KEY,
			port,
			brokerPort: await freePort(),
			extra: {
				N8N_PERSONALIZATION_ENABLED: 'false',
				// n8n 2.x marks an execution that is not to be saved as deleted and removes it at the
				// next pruning pass (default every 15 minutes): every minute here (see docs/guard.md).
				EXECUTIONS_DATA_PRUNE_HARD_DELETE_INTERVAL: '1',
				// n8n 2.x can keep execution data out of the database: JSON files, deleted with the execution.
				...(executionDataInFiles(n8n) ? { N8N_EXECUTION_DATA_STORAGE_MODE: 'filesystem' } : {}),
			},
		});
		server = await startN8nServer(n8n, { env: serverEnv, port, logFile: path.join(logsDir, 'n8n.log') });
		cleanups.push(() => server.stop());
		rest = createGuardRest(server.baseUrl);
		client = createClient(server.baseUrl);
		await rest.setupOwner(OWNER);
		const types = await rest.nodeTypes();
		const names = new Set(types.map((type) => type.name));
		for (const name of ['n8n-nodes-api-key.apiKeyGuard', 'n8n-nodes-base.dataTable', 'n8n-nodes-base.webhook', 'n8n-nodes-base.respondToWebhook']) {
			assert(names.has(name), `node type ${name} is not loaded`);
		}
		const guard = types.find((type) => type.name === 'n8n-nodes-api-key.apiKeyGuard');
		return `${server.baseUrl}, Node.js ${n8n.node.version}; API Key Guard v${guard.version}, Data Table v${[types.filter((type) => type.name === 'n8n-nodes-base.dataTable').map((type) => type.version)].flat().join('/')}`;
	});

	await report.check('Data Table "api_keys" created (columns from examples/guard/key-table-columns.json); credentials saved', async () => {
		const project = await rest.personalProject();
		projectId = project.id;
		const definition = keyTableDefinition();
		table = await rest.createDataTable(projectId, { name: definition.name, columns: definition.columns });
		assert(table.id, 'no data table id');
		const guardCredential = await rest.createCredential('API Key Guard', 'apiKeyGuardApi', { keyPrefix: PREFIX, pepper: PEPPER, clients: '[]' });
		const adminCredential = await rest.createCredential('Key admin token', 'httpHeaderAuth', { name: ADMIN.header, value: ADMIN.value });
		keys.credentials = { guard: guardCredential.id, admin: adminCredential.id };
		return `table ${table.id} with ${definition.columns.length} columns; credentials ${guardCredential.id} (API Key Guard), ${adminCredential.id} (Header Auth)`;
	});

	await report.check('the admin example workflows (issue, rotate, revoke) imported and activated', async () => {
		const activated = [];
		for (const file of ['issue-key.json', 'rotate-key.json', 'revoke-key.json']) {
			const workflow = loadExample(file, {
				REPLACE_GUARD_CREDENTIAL_ID: keys.credentials.guard,
				REPLACE_ADMIN_CREDENTIAL_ID: keys.credentials.admin,
				REPLACE_DATA_TABLE_ID: table.id,
			});
			const created = await rest.createWorkflow(workflow);
			await rest.activateWorkflow(created);
			activated.push(`${file} (${created.id})`);
		}
		return activated.join(', ');
	});

	const admin = { [ADMIN.header]: ADMIN.value };
	const issue = async (name, body) => {
		const result = await client.whenRegistered('/webhook/guard/keys', { method: 'POST', headers: admin, body });
		assert(result.status === 201, `issuing "${name}" answered ${result.status}: ${result.text.slice(0, 400)}`);
		keys[name] = result.json;
		return result;
	};

	await report.check('keys issued through the admin webhook: shown once, stored in the Data Table as hashes only', async () => {
		const unauthorised = await client.whenRegistered('/webhook/guard/keys', { method: 'POST', body: { name: 'Nobody' } });
		assert(unauthorised.status === 403 || unauthorised.status === 401, `the admin webhook without its token answered ${unauthorised.status}`);
		const first = await issue('valid', { name: 'Acme Corp', clientId: 'acme', scopes: 'orders:read orders:write', metadata: { plan: 'pro' } });
		await issue('narrow', { name: 'Narrow Ltd', scopes: 'profile:read' });
		await issue('limited', { name: 'Busy Inc', scopes: 'orders:read', rateLimit: 3, rateLimitWindow: 3600 });
		await issue('revoked', { name: 'Gone GmbH', scopes: 'orders:read' });
		await issue('expiring', { name: 'Brief Co', scopes: 'orders:read', expiresInDays: 0.00005 }); // about 4 seconds
		await issue('rotating', { name: 'Rolling plc', scopes: 'orders:read' });
		assert(/^acme_live_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$/.test(first.json.apiKey), `issued key ${first.json.apiKey?.slice(0, 14)}... has not the expected format`);
		assert(first.json.hint === `acme_live_...${first.json.apiKey.slice(-4)}`, `hint ${first.json.hint}`);
		assert(first.headers['cache-control'] === 'no-store', 'the key answer may be cached');
		const rows = await rest.dataTableRows(projectId, table.id);
		assert(rows.length === 6, `${rows.length} rows in the table`);
		const row = rows.find((candidate) => candidate.keyId === first.json.keyId);
		assert(row && /^[0-9a-f]{64}$/.test(row.hash) && row.hashAlgorithm === 'hmac-sha256' && row.scopes === 'orders:read orders:write', `stored row ${JSON.stringify(row)}`);
		const stored = JSON.stringify(rows);
		for (const name of ['valid', 'narrow', 'limited', 'revoked', 'expiring', 'rotating']) assert(!stored.includes(keys[name].apiKey), `the table holds the plain key of "${name}"`);
		return `6 keys, e.g. ${first.json.hint} (${first.json.keyId}); table rows hold ${Object.keys(row).length} columns, hash ${row.hash.slice(0, 8)}..., no plain key`;
	});

	await report.check('revoke and rotate through the admin webhooks update the Data Table', async () => {
		const revoked = await client.request('POST', '/webhook/guard/keys/revoke', { headers: admin, body: { keyId: keys.revoked.keyId } });
		assert(revoked.status === 200 && revoked.json.status === 'revoked', `revoke answered ${revoked.status}: ${revoked.text.slice(0, 300)}`);
		const rotated = await client.request('POST', '/webhook/guard/keys/rotate', { headers: admin, body: { keyId: keys.rotating.keyId, overlapMinutes: 0.1 } });
		assert(rotated.status === 201 && rotated.json.previousKeyId === keys.rotating.keyId, `rotate answered ${rotated.status}: ${rotated.text.slice(0, 300)}`);
		keys.rotated = rotated.json;
		const rows = await rest.dataTableRows(projectId, table.id);
		const revokedRow = rows.find((row) => row.keyId === keys.revoked.keyId);
		const oldRow = rows.find((row) => row.keyId === keys.rotating.keyId);
		const newRow = rows.find((row) => row.keyId === keys.rotated.keyId);
		assert(revokedRow?.status === 'revoked' && revokedRow.revokedAt, `revoked row ${JSON.stringify(revokedRow)}`);
		assert(oldRow?.rotatedTo === keys.rotated.keyId && oldRow.expiresAt, `old row ${JSON.stringify(oldRow)}`);
		assert(newRow?.rotatedFrom === keys.rotating.keyId && newRow.scopes === 'orders:read', `new row ${JSON.stringify(newRow)}`);
		return `revoked ${keys.revoked.keyId}; rotated ${keys.rotating.keyId} -> ${keys.rotated.keyId}, old key valid until ${oldRow.expiresAt}`;
	});

	await report.check('the protected example workflows imported and activated (Data Table lookup; client list in a credential)', async () => {
		const rows = await rest.dataTableRows(projectId, table.id);
		const narrowRow = rows.find((row) => row.keyId === keys.narrow.keyId);
		const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...record } = narrowRow;
		const listCredential = await rest.createCredential('API Key Guard (client list)', 'apiKeyGuardApi', {
			keyPrefix: PREFIX,
			pepper: PEPPER,
			clients: JSON.stringify([record]),
		});
		const ids = [];
		keys.workflows = {};
		for (const file of ['protected-webhook-data-table.json', 'protected-webhook-client-list.json']) {
			const workflow = loadExample(file, {
				REPLACE_GUARD_CREDENTIAL_ID: keys.credentials.guard,
				REPLACE_CLIENT_LIST_CREDENTIAL_ID: listCredential.id,
				REPLACE_DATA_TABLE_ID: table.id,
			});
			const created = await rest.createWorkflow(workflow);
			await rest.activateWorkflow(created);
			keys.workflows[file] = created.id;
			ids.push(`${file} (${created.id})`);
		}
		const all = exampleFiles();
		assert(all.length === 5, `examples/guard holds ${all.length} workflows: ${all.join(', ')}`);
		return ids.join(', ');
	});

	const orders = async (key, extra = {}) => {
		if (key !== undefined) presented.add(key);
		return await client.whenRegistered('/webhook/guard/orders', { ...(key === undefined ? {} : bearer(key)), ...extra });
	};

	await report.check('valid key: 200 with the client from Verify Key (name, id, scopes, metadata)', async () => {
		const result = await orders(keys.valid.apiKey);
		assert(result.status === 200, `answered ${result.status}: ${result.text.slice(0, 400)}`);
		assert(result.json.client === 'Acme Corp' && result.json.clientId === 'acme' && result.json.plan === 'pro', `body ${result.text}`);
		assert(JSON.stringify(result.json.scopes) === '["orders:read","orders:write"]', `scopes ${JSON.stringify(result.json.scopes)}`);
		return `200 ${result.text}`;
	});

	let invalidAnswer;
	await report.check('wrong secret, unknown key id, bad checksum, malformed and 10 KB keys: one identical 401 invalid_key answer', async () => {
		const cases = {
			'wrong secret': wrongSecretFor(keys.valid.apiKey),
			'unknown id': unknownKey(PREFIX),
			'bad checksum': keys.valid.apiKey.slice(0, -1) + (keys.valid.apiKey.endsWith('A') ? 'B' : 'A'),
			'other prefix': unknownKey('other_live_'),
			malformed: 'not-a-key',
			'10 KB': 'k'.repeat(10 * 1024),
		};
		const answers = {};
		for (const [name, key] of Object.entries(cases)) answers[name] = answer(await orders(key));
		invalidAnswer = answers['wrong secret'];
		assert(invalidAnswer.status === 401, `wrong secret answered ${invalidAnswer.status}`);
		assert(invalidAnswer.wwwAuthenticate === 'Bearer realm="api", error="invalid_token", error_description="The API key is not valid"', `WWW-Authenticate: ${invalidAnswer.wwwAuthenticate}`);
		assert(invalidAnswer.cacheControl === 'no-store', `Cache-Control: ${invalidAnswer.cacheControl}`);
		assert(JSON.stringify(invalidAnswer.body) === '{"error":"invalid_key","message":"The API key is not valid"}', `body ${JSON.stringify(invalidAnswer.body)}`);
		for (const [name, seen] of Object.entries(answers)) {
			assert(JSON.stringify(seen) === JSON.stringify(invalidAnswer), `"${name}" answered differently: ${JSON.stringify(seen)}`);
		}
		return `${Object.keys(cases).join(', ')}: 401, ${invalidAnswer.wwwAuthenticate}, ${JSON.stringify(invalidAnswer.body)}`;
	});

	await report.check('no key, and two Authorization headers: 401 (missing_key; invalid_key)', async () => {
		const missing = await orders(undefined);
		assert(missing.status === 401 && missing.json?.error === 'missing_key', `no key: ${missing.status} ${missing.text}`);
		assert(missing.headers['www-authenticate'] === 'Bearer realm="api"', `WWW-Authenticate: ${missing.headers['www-authenticate']}`);
		const doubled = await orders(`${keys.valid.apiKey}, Bearer ${keys.valid.apiKey}`);
		assert(JSON.stringify(answer(doubled)) === JSON.stringify(invalidAnswer), `two credentials answered ${doubled.status} ${doubled.text}`);
		return `no key: 401 ${missing.text}; "Bearer k, Bearer k": 401 invalid_key`;
	});

	await report.check('revoked key: 401 key_revoked, also when replayed', async () => {
		const results = [await orders(keys.revoked.apiKey), await orders(keys.revoked.apiKey)];
		for (const result of results) {
			assert(result.status === 401 && result.json?.error === 'key_revoked', `answered ${result.status}: ${result.text}`);
			assert(result.headers['www-authenticate']?.includes('error_description="The API key has been revoked"'), `WWW-Authenticate: ${result.headers['www-authenticate']}`);
		}
		return `401 ${results[0].text}`;
	});

	await report.check('expired key: 200 before its expiry, 401 key_expired after', async () => {
		const expiresAt = Date.parse(keys.expiring.expiresAt);
		const before = Date.now() < expiresAt - 1000 ? await orders(keys.expiring.apiKey) : undefined;
		await sleep(Math.max(0, expiresAt - Date.now() + 250));
		const after = await orders(keys.expiring.apiKey);
		assert(!before || before.status === 200, `before expiry: ${before?.status} ${before?.text}`);
		assert(after.status === 401 && after.json?.error === 'key_expired', `after expiry: ${after.status} ${after.text}`);
		return `${before ? `before: ${before.status}; ` : ''}after ${keys.expiring.expiresAt}: 401 ${after.text}`;
	});

	await report.check('rotated key: old and new key work during the overlap, the old one gets 401 key_expired after it', async () => {
		const during = [await orders(keys.rotating.apiKey), await orders(keys.rotated.apiKey)];
		const deadline = Date.parse(keys.rotated.previousKeyExpiresAt);
		for (const result of during) assert(Date.now() >= deadline || result.status === 200, `during the overlap: ${result.status} ${result.text}`);
		await sleep(Math.max(0, deadline - Date.now() + 250));
		const old = await orders(keys.rotating.apiKey);
		const current = await orders(keys.rotated.apiKey);
		assert(old.status === 401 && old.json?.error === 'key_expired', `old key after the overlap: ${old.status} ${old.text}`);
		assert(current.status === 200, `new key after the overlap: ${current.status} ${current.text}`);
		return `during: ${during.map((result) => result.status).join('/')}; after ${keys.rotated.previousKeyExpiresAt}: old 401 key_expired, new 200`;
	});

	await report.check('key without the orders:read scope: 403 insufficient_scope (RFC 6750)', async () => {
		const result = await orders(keys.narrow.apiKey);
		assert(result.status === 403 && result.json?.error === 'insufficient_scope', `answered ${result.status}: ${result.text}`);
		const challenge = result.headers['www-authenticate'] ?? '';
		assert(challenge.includes('error="insufficient_scope"') && challenge.includes('scope="orders:read"'), `WWW-Authenticate: ${challenge}`);
		assert(JSON.stringify(result.json.requiredScopes) === '["orders:read"]', `body ${result.text}`);
		return `403 ${challenge}`;
	});

	await report.check('rate limit 3 per hour: 200, 200, 200, then 429 with Retry-After; usage counted in the Data Table', async () => {
		const statuses = [];
		let limited;
		let lastAllowed;
		for (let attempt = 0; attempt < 5; attempt++) {
			const result = await orders(keys.limited.apiKey);
			statuses.push(result.status);
			if (result.status === 200) lastAllowed = result;
			if (result.status === 429 && !limited) limited = result;
		}
		assert(statuses.join(',') === '200,200,200,429,429', `statuses ${statuses.join(',')}`);
		const retryAfter = Number(limited.headers['retry-after']);
		assert(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 3600, `Retry-After: ${limited.headers['retry-after']}`);
		assert(limited.json?.error === 'rate_limited' && limited.json.retryAfter === retryAfter, `body ${limited.text}`);
		const rateHeaders = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'].map((name) => limited.headers[name]);
		assert(JSON.stringify(rateHeaders) === JSON.stringify(['3', '0', String(retryAfter)]), `RateLimit headers ${rateHeaders.join('/')}`);
		assert(lastAllowed.json?.usage?.windowCount === 3 && lastAllowed.json.usage.windowRemaining === 0, `last allowed answer ${lastAllowed.text}`);
		await sleep(500);
		const rows = await rest.dataTableRows(projectId, table.id);
		const row = rows.find((candidate) => candidate.keyId === keys.limited.keyId);
		assert(Number(row?.usageWindowCount) === 3 && row.lastUsedAt, `stored usage ${JSON.stringify({ count: row?.usageWindowCount, start: row?.usageWindowStart, last: row?.lastUsedAt })}`);
		return `${statuses.join(', ')}; Retry-After ${retryAfter}, RateLimit ${rateHeaders.join('/')}; stored usageWindowCount 3 since ${row.usageWindowStart}`;
	});

	await report.check('client list in the credential: valid key 200, wrong and other clients\' keys 401 invalid_key', async () => {
		const profile = (key) => {
			presented.add(key);
			return client.whenRegistered('/webhook/guard/profile', { headers: { 'X-API-Key': key } });
		};
		const ok = await profile(keys.narrow.apiKey);
		assert(ok.status === 200 && ok.json?.client === 'Narrow Ltd', `valid: ${ok.status} ${ok.text}`);
		const wrong = await profile(wrongSecretFor(keys.narrow.apiKey));
		const notListed = await profile(keys.valid.apiKey);
		for (const result of [wrong, notListed]) {
			assert(result.status === 401 && result.json?.error === 'invalid_key', `answered ${result.status}: ${result.text}`);
			assert(result.headers['www-authenticate'] === 'ApiKey realm="api", error="invalid_token", error_description="The API key is not valid"', `WWW-Authenticate: ${result.headers['www-authenticate']}`);
		}
		assert(JSON.stringify(answer(wrong)) === JSON.stringify(answer(notListed)), 'a wrong secret and an unlisted key answer differently');
		return `200 ${ok.text}; wrong secret and unlisted key: 401 ${wrong.headers['www-authenticate']}`;
	});

	await report.check('Denied answers carry no Retry-After except 429, and no answer carries a key', async () => {
		const guarded = client.exchanges.filter((exchange) => exchange.route.startsWith('/webhook/guard/orders') || exchange.route.startsWith('/webhook/guard/profile'));
		for (const exchange of guarded) {
			if (exchange.status !== 429) assert(!exchange.headers['retry-after'], `${exchange.status} answer with Retry-After "${exchange.headers['retry-after']}"`);
			for (const key of presented) assert(!exchange.text.includes(key) && !JSON.stringify(exchange.headers).includes(key), `an answer (${exchange.status}) contains a presented key`);
		}
		return `${guarded.length} guarded answers, ${presented.size} presented keys`;
	});

	if (options.screenshot) {
		await report.check(`the protected workflow in the editor, photographed to ${path.relative(PROJECT_ROOT, options.screenshot)}`, async () => {
			const shot = await screenshotWorkflow({
				baseUrl: server.baseUrl,
				owner: OWNER,
				workflowId: keys.workflows['protected-webhook-data-table.json'],
				file: options.screenshot,
				logFile: path.join(runDir, 'browser.log'),
			});
			const expected = ['Webhook', 'Identify Key', 'Find Key Record', 'Verify Key', 'Respond Allowed', 'Record Usage', 'Too Many Requests?', 'Respond Rate Limited', 'Respond Denied'];
			for (const name of expected) assert(shot.nodes.some((lines) => lines.includes(name)), `the canvas does not show "${name}": ${JSON.stringify(shot.nodes)}`);
			const guardNodes = shot.nodes.filter((lines) => lines.includes('Identify Key') || lines.includes('Verify Key'));
			const handles = guardNodes.flat().filter((line) => ['Valid Format', 'Allowed', 'Denied'].includes(line));
			assert(['Valid Format', 'Allowed', 'Denied'].every((label) => handles.includes(label)), `the Guard nodes show outputs ${JSON.stringify(handles)}`);
			return `${shot.nodes.length} nodes on the canvas; Guard outputs ${[...new Set(handles)].join(', ')}`;
		});
	}

	await report.check('no execution stays in the database (saving is off in the examples; 2.x removes them at its next pruning pass)', async () => {
		assert(server, 'n8n did not start');
		const databaseFile = path.join(userFolder, '.n8n', 'database.sqlite');
		const waitStarted = Date.now();
		let left;
		for (;;) {
			const database = await readDatabase(n8n, databaseFile);
			left = database.tables.execution_entity ?? [];
			if (left.length === 0 || Date.now() - waitStarted > 150_000) break;
			await sleep(5000);
		}
		assert(left.length === 0, `${left.length} executions are still in the database after ${formatSeconds(Date.now() - waitStarted)}: ${JSON.stringify(left.slice(0, 2).map((row) => ({ id: row.id, status: row.status, deletedAt: row.deletedAt })))}`);
		return `${client.exchanges.length} webhook calls, 0 executions left after ${formatSeconds(Date.now() - waitStarted)}`;
	}, { independent: true });

	await report.check('n8n stops cleanly', async () => {
		assert(server, 'n8n did not start');
		const { code, signal } = await server.stop();
		assert(code === 0 || signal === 'SIGTERM', `n8n ended with ${signal ?? code}`);
		return signal ?? `exit ${code}`;
	}, { independent: true });

	const n8nFolder = path.join(userFolder, '.n8n');
	const databaseFile = path.join(n8nFolder, 'database.sqlite');
	const canaries = () => {
		const list = [...presented].filter((key) => key.length >= 16 && !/^(.)\1+$/.test(key)).map((key, index) => ({ name: `presented key ${index + 1} (${key.slice(0, 22)}...)`, value: key }));
		assert(list.length >= 10, `only ${list.length} presented keys to look for: the calls above did not run`);
		return list;
	};
	const describeHits = (hits) => `${hits.slice(0, 8).map((hit) => `${hit.canary} as ${hit.form} in ${hit.place}`).join('; ')}${hits.length > 8 ? ` and ${hits.length - 8} more` : ''}`;
	let freePageHits = 0;

	await report.check('leak scan: no presented key in any live database row, other n8n file, the log or any guarded answer; no execution saved', async () => {
		const database = await readDatabase(n8n, databaseFile);
		const executions = database.tables.execution_entity?.length ?? -1;
		assert(executions === 0, `${executions} executions were saved: the example workflows turn saving off`);
		const places = [
			...Object.entries(database.tables).map(([name, rows]) => textPlace('database rows', name, JSON.stringify(rows))),
			...filesBelow(n8nFolder, [path.join('nodes', 'node_modules')])
				.filter((file) => !/database\.sqlite/.test(path.basename(file)))
				.map((file) => filePlace('n8n file', file, userFolder)),
			...filesBelow(logsDir).map((file) => filePlace('log', file, runDir)),
			...client.exchanges
				.filter((exchange) => !exchange.route.startsWith('/webhook/guard/keys'))
				.map((exchange, index) => textPlace('answer', `${index} ${exchange.method} ${exchange.route} ${exchange.status}`, `${JSON.stringify(exchange.headers)}\n${exchange.text}`)),
			...rest.responses.map((response) => textPlace('REST', response.name, response.text)),
		];
		const list = canaries();
		const result = scanForLeaks(list, places);
		assert(result.hits.length === 0, `found: ${describeHits(result.hits)}`);
		// The raw file: n8n wrote each webhook execution (the Webhook node's output, headers included)
		// when it started and deleted it when it ended; SQLite leaves deleted bytes in free pages.
		const raw = scanForLeaks(list, filesBelow(n8nFolder).filter((file) => /database\.sqlite/.test(path.basename(file))).map((file) => filePlace('database file', file, userFolder)));
		freePageHits = new Set(raw.hits.map((hit) => hit.canary)).size;
		return `${result.canaries} keys (${result.forms} forms) x ${result.places} places (${Object.keys(database.tables).length} tables), 0 hits; 0 executions saved; raw database file (${database.journal} journal, ${database.freelist} free pages): ${freePageHits} of ${list.length} keys still in deleted space`;
	}, { independent: true });

	const inFiles = n8n ? executionDataInFiles(n8n) : false;
	if (inFiles) {
		await report.check('execution data in files (N8N_EXECUTION_DATA_STORAGE_MODE=filesystem): the raw database file and its WAL hold no presented key', async () => {
			const files = filesBelow(n8nFolder).filter((file) => /database\.sqlite/.test(path.basename(file)));
			const result = scanForLeaks(canaries(), files.map((file) => filePlace('database file', file, userFolder)));
			assert(result.hits.length === 0, `found: ${describeHits(result.hits)}`);
			const storage = filesBelow(path.join(n8nFolder, 'storage'));
			return `${files.map((file) => `${path.basename(file)} ${fs.statSync(file).size} bytes`).join(', ')}: 0 hits; ${storage.length} files left in .n8n/storage`;
		}, { independent: true });
	} else await report.check('after a restart with DB_SQLITE_VACUUM_ON_STARTUP=true the raw database file holds no presented key', async () => {
		const port = await freePort();
		const env = { ...serverEnv, N8N_PORT: String(port), DB_SQLITE_VACUUM_ON_STARTUP: 'true', N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const again = await startN8nServer(n8n, { env, port, logFile: path.join(logsDir, 'n8n-vacuum.log') });
		const { code, signal } = await again.stop();
		assert(code === 0 || signal === 'SIGTERM', `n8n ended with ${signal ?? code}`);
		const files = filesBelow(n8nFolder).filter((file) => /database\.sqlite/.test(path.basename(file)));
		const result = scanForLeaks(canaries(), files.map((file) => filePlace('database file', file, userFolder)));
		assert(result.hits.length === 0, `found: ${describeHits(result.hits)}`);
		return `${files.map((file) => `${path.basename(file)} ${fs.statSync(file).size} bytes`).join(', ')}: 0 hits (before: ${freePageHits} keys in free pages)`;
	}, { independent: true });

	await finish();
	endReport(report, [`Run files: ${path.relative(PROJECT_ROOT, runDir)} (${formatSeconds(Date.now() - started)})`]);
}

runChecks(main, killDescendantsNow);
