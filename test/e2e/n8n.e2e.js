'use strict';
/**
 * End-to-end tests in a real, pinned n8n: the packed package installed as a community package,
 * credentials and workflows imported with n8n's CLI, workflows executed with `n8n execute`,
 * the credential test called through n8n's REST API, then a leak scan of everything n8n kept.
 *
 * Started by scripts/e2e.js once per pinned n8n line (E2E_N8N_LINE), with the packed tarball
 * (E2E_PACKAGE_TARBALL) and the folder for run files (E2E_RUN_ROOT). Prints PASS/FAIL per check and
 * "N passed, M failed" like the other e2e checks (./helpers/check-run.js); exits non-zero on any failure.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { resolveLine } = require('../../scripts/lib/versions');
const { CANARY, NODE_CASES, NODE_TYPES, credentialData, REDIRECT_PLACEMENTS, REST_CASES, canaryList, redirectCases, redirectCredentialData, routes } = require('./cases');
const { startKeyServer } = require('./helpers/key-server');
const { carries, startRedirectServers } = require('./helpers/redirect-servers');
const { scanForLeaks, textPlace } = require('./helpers/leak-scan');
const { createN8nRun } = require('./helpers/n8n-run');
const { createRestClient } = require('./helpers/rest');
const { credentialNode, fanOutWorkflow, nodeItems } = require('./helpers/workflow');
const { createReport, endReport, guardRun, runChecks } = require('./helpers/check-run');
const { formatSeconds } = require('../../scripts/lib/proc');

const { E2E_N8N_LINE: line, E2E_PACKAGE_TARBALL: tarball, E2E_RUN_ROOT: runRoot } = process.env;
if (!line || !tarball || !runRoot) throw new Error('Run the e2e tests with `npm run test:e2e` (scripts/e2e.js).');

const pin = resolveLine(line);
const OVERALL_TIMEOUT_MS = 25 * 60 * 1000;
const WORKFLOW_IDS = { apiKeyRequest: 'e2eApiKeyRequest', httpRequest: 'e2eHttpRequest01' };
const REDIRECT_WORKFLOW_IDS = { apiKeyRequest: 'e2eRedirectOurs1', httpRequest: 'e2eRedirectHttp1' };
const redirectCredential = (placement) => ({ id: `e2eRedir${placement.slice(0, 8).padEnd(8, '0')}`, name: `E2E redirect ${placement}` });
const REDIRECT_SECRETS = [...Object.values(REDIRECT_PLACEMENTS).map((entry) => entry.canary), CANARY.redirectExtra];

function redirectWorkflow(node, servers) {
	const nodes = redirectCases()
		.filter((testCase) => testCase.node === node)
		.map((testCase) =>
			credentialNode({ name: testCase.id, ...NODE_TYPES[node], parameters: testCase.parameters(servers), credential: redirectCredential(testCase.placement) }),
		);
	return fanOutWorkflow({ id: REDIRECT_WORKFLOW_IDS[node], name: `E2E redirects ${node}`, nodes });
}

const credentialOf = (testCase) => ({ id: `e2eCred${NODE_CASES.indexOf(testCase).toString().padStart(2, '0')}`, name: `E2E ${testCase.id}` });

function workflowFor(node, server) {
	const cases = NODE_CASES.filter((testCase) => testCase.node === node);
	const nodes = cases.map((testCase) =>
		credentialNode({ name: testCase.id, ...NODE_TYPES[node], parameters: testCase.parameters(server), credential: credentialOf(testCase) }),
	);
	return fanOutWorkflow({ id: WORKFLOW_IDS[node], name: `E2E ${node}`, nodes });
}

function errorText(json) {
	if (json.error === undefined) return undefined;
	const error = typeof json.error === 'string' ? json.error : JSON.stringify(json.error);
	return json.description ? `${error} (${json.description})` : error;
}

/** True when a request that reached the key server carries the text anywhere (URL, headers, body). */
function requestCarries(request, text) {
	return [request.path, request.query.toString(), JSON.stringify(request.headers), request.body].some((part) => part.includes(text));
}

function assertCase(testCase, execution, server) {
	const items = nodeItems(execution, testCase.id);
	assert.ok(items, `node "${testCase.id}" did not run`);
	assert.equal(items.length, 1, `expected one item, got ${JSON.stringify(items)}`);
	const { json } = items[0];
	const requests = server.requestsTo(testCase.route);
	if (testCase.echoed) {
		// The API sent the key back; the node must not pass it on. (The leak scan checks n8n's files too.)
		assert.ok(!JSON.stringify(json).includes(testCase.canaries[0]), `the node output shows the key (fields: ${Object.keys(json).join(', ')})`);
	}

	if (testCase.expect === 'ok') {
		assert.equal(errorText(json), undefined, `the node failed: ${errorText(json)}`);
		assert.deepEqual({ ok: json.ok, path: json.path }, { ok: true, path: testCase.route });
		if (testCase.bodyFieldNames) assert.deepEqual(json.bodyFieldNames, testCase.bodyFieldNames);
		if (testCase.echoed) assert.equal(typeof json.youSent, 'string', 'the echoed field is missing from the output');
		assert.equal(requests.length, 1);
		assert.equal(requests[0].authorized, true);
	} else if (testCase.expect === 'rejected') {
		assert.match(errorText(json) ?? '', /401/, `expected a 401 error item, got ${JSON.stringify(json)}`);
		assert.equal(requests.length, 1);
		assert.equal(requests[0].authorized, false);
		assert.ok(requestCarries(requests[0], testCase.canaries[0]), 'the request did not carry the configured key');
	} else {
		assert.match(errorText(json) ?? '', /does not allow sending its key to http:\/\/127\.0\.0\.1:/, `expected the allowed-hosts error, got ${JSON.stringify(json)}`);
		assert.equal(requests.length, 0, 'the blocked request reached the API');
		const carrying = server.received.filter((request) => requestCarries(request, testCase.canaries[0]));
		assert.equal(carrying.length, 0, 'a request carrying the blocked key reached the API');
	}
}

/** The Placement options of the built credential (dist/, the code inside the packed package). */
function credentialPlacements() {
	const { ApiKeyApi } = require('../../dist/credentials/ApiKeyApi.credentials.js');
	const placement = new ApiKeyApi().properties.find((property) => property.name === 'placement');
	return placement.options.map((option) => option.value).sort();
}

/** Placements that an API Key Request node case sends successfully. */
function placementsCovered(server) {
	const cases = NODE_CASES.filter((testCase) => testCase.node === 'apiKeyRequest' && testCase.expect === 'ok');
	return [...new Set(cases.map((testCase) => testCase.credential(server).placement))].sort();
}

/** One entry of the editor's node or credential type list (/types/nodes.json, /types/credentials.json). */
async function editorType(rest, kind, name) {
	const file = await rest.fetchFile(`/types/${kind}.json`);
	assert.equal(file.status, 200, `GET /types/${kind}.json`);
	const entry = JSON.parse(file.text).find((type) => type.name === name);
	assert.ok(entry, `${name} is not in /types/${kind}.json`);
	return entry;
}

const NODES = [
	['apiKeyRequest', 'API Key Request node (n8n-nodes-api-key.apiKeyRequest)', 'API Key Request node'],
	['httpRequest', "n8n's HTTP Request node with the API Key credential (predefinedCredentialType apiKeyApi)", "n8n's HTTP Request node with the API Key credential"],
];

async function main() {
	const started = Date.now();
	const report = createReport();
	const { check } = report;
	let server;
	let redirects;
	let run;
	let n8nServer;
	const { cleanups, finish } = guardRun({
		report,
		what: `n8n ${pin.n8n} suite`,
		timeoutMs: OVERALL_TIMEOUT_MS,
		killNow: () => n8nServer?.child.kill('SIGKILL'),
	});
	console.log(`n8n ${pin.n8n} on Node.js ${pin.node ?? process.versions.node}`);

	await check('set-up: key and redirect servers, n8n with the packed package, credentials and workflows imported with the CLI', async () => {
		server = await startKeyServer(routes());
		cleanups.push(() => server.close());
		redirects = await startRedirectServers();
		cleanups.push(() => redirects.close());
		run = await createN8nRun({ line, tarball, runRoot });
		await run.importCredentials([
			...NODE_CASES.map((testCase) => ({ ...credentialOf(testCase), type: 'apiKeyApi', data: credentialData(testCase, server) })),
			...Object.keys(REDIRECT_PLACEMENTS).map((placement) => ({ ...redirectCredential(placement), type: 'apiKeyApi', data: redirectCredentialData(placement, redirects) })),
		]);
		await run.importWorkflows([
			workflowFor('apiKeyRequest', server),
			workflowFor('httpRequest', server),
			redirectWorkflow('apiKeyRequest', redirects),
			redirectWorkflow('httpRequest', redirects),
		]);
		return `${NODE_CASES.length + Object.keys(REDIRECT_PLACEMENTS).length} credentials, 4 workflows`;
	});

	for (const [node, , label] of NODES) {
		await check(`redirects to another origin (another port, https to http; 301, 302, 303, 307, 308; every placement), ${label}: no request carrying a key or the secret field reaches the other origin`, async () => {
			const landedBefore = redirects.landingRequests.length;
			const sourcesBefore = redirects.sourceRequests.length;
			const execution = await run.execute(REDIRECT_WORKFLOW_IDS[node]);
			const cases = redirectCases().filter((testCase) => testCase.node === node);
			const landed = redirects.landingRequests.slice(landedBefore);
			const carrying = landed.filter((request) => REDIRECT_SECRETS.some((secret) => carries(request, secret)));
			const reachedSource = redirects.sourceRequests.slice(sourcesBefore).filter((request) => REDIRECT_SECRETS.some((secret) => carries(request, secret)));
			assert.equal(reachedSource.length, cases.length, 'every request carried its key to the first origin');
			assert.equal(carrying.length, 0, `requests with a key reached the other origin: ${carrying.map((request) => request.url).join(', ')}`);
			for (const testCase of cases) {
				const [item] = nodeItems(execution, testCase.id) ?? [];
				assert.ok(item, `node "${testCase.id}" did not run`);
				const error = errorText(item.json);
				if (node === 'httpRequest') {
					// authenticate turns redirect following off: the redirect is answered, not followed.
					assert.match(error ?? '', new RegExp(String(testCase.status)), `${testCase.id}: expected the ${testCase.status} as an error, got ${JSON.stringify(item.json)}`);
				} else if (testCase.placement === 'query') {
					assert.match(error ?? '', /A redirect to another origin was refused/, `${testCase.id}: ${JSON.stringify(item.json)}`);
				} else {
					assert.equal(error, undefined, `${testCase.id}: ${error}`);
					assert.equal(item.json.landed, true, `${testCase.id}: ${JSON.stringify(item.json)}`);
				}
			}
			if (node === 'httpRequest') assert.equal(landed.length, 0, 'n8n followed a redirect with the credential');
			return `${cases.length} redirected requests: ${reachedSource.length} carried the key to the first origin, ${landed.length} reached the other origin, ${carrying.length} of them with a key or secret field`;
		}, { independent: true });
	}

	for (const [node, label] of NODES) {
		let execution;
		await check(`${label}: the workflow runs with \`n8n execute\``, async () => {
			execution = await run.execute(WORKFLOW_IDS[node]);
		}, { independent: true });
		if (node === 'apiKeyRequest') {
			await check(`${label}: the cases cover every key placement the credential offers`, () => {
				assert.deepEqual(placementsCovered(server), credentialPlacements());
			}, { independent: true });
		}
		for (const testCase of NODE_CASES.filter((candidate) => candidate.node === node)) {
			await check(`${label}: ${testCase.title}`, () => {
				assert.ok(execution, 'the workflow did not run');
				assertCase(testCase, execution, server);
			}, { independent: true });
		}
	}

	let rest;
	await check('n8n server (n8n start) answers, owner set up', async () => {
		n8nServer = await run.startServer();
		cleanups.push(async () => {
			if (rest) run.restResponses.push(...rest.responses);
			await n8nServer.stop();
		});
		rest = createRestClient(n8nServer.baseUrl);
		await rest.setupOwner();
		return n8nServer.baseUrl;
	}, { independent: true });
	const serverCheck = (name, action) => check(name, async () => {
		assert.ok(rest, 'the n8n server did not start');
		return await action();
	}, { independent: true });

	await serverCheck('the editor lists the API Key Request node and the API Key credential, and serves their icons', async () => {
		const node = await editorType(rest, 'nodes', NODE_TYPES.apiKeyRequest.type);
		assert.deepEqual(node.credentials?.map((credential) => credential.name), ['apiKeyApi']);
		const credential = await editorType(rest, 'credentials', 'apiKeyApi');
		assert.ok(credential.supportedNodes?.includes(NODE_TYPES.apiKeyRequest.type), 'the credential does not list the node');
		for (const iconUrl of [node.iconUrl?.light, node.iconUrl?.dark, credential.iconUrl?.light, credential.iconUrl?.dark]) {
			assert.ok(iconUrl, 'an icon URL is missing');
			const icon = await rest.fetchFile(`/${iconUrl}`);
			assert.deepEqual({ status: icon.status, svg: /svg/.test(icon.contentType) }, { status: 200, svg: true }, `icon ${iconUrl}`);
		}
		return `credential "${credential.displayName}", 4 icons`;
	});

	await serverCheck("the node's codex file (categories, aliases) reaches the editor", async () => {
		const codexFile = path.join(__dirname, '..', '..', 'nodes', 'ApiKeyRequest', 'ApiKeyRequest.node.json');
		const codex = JSON.parse(fs.readFileSync(codexFile, 'utf8'));
		const node = await editorType(rest, 'nodes', NODE_TYPES.apiKeyRequest.type);
		assert.ok(node.codex, 'n8n loaded no codex for the node: dist/nodes/ApiKeyRequest/ApiKeyRequest.node.json is missing from the package');
		assert.deepEqual(node.codex.categories, codex.categories);
		assert.deepEqual(node.codex.alias, codex.alias);
	});

	for (const restCase of REST_CASES) {
		await serverCheck(`credential Test button, ${restCase.title}: saved, reopened (key redacted), tested: ${restCase.expectStatus}`, async () => {
			const earlier = server.requestsTo(restCase.route).length;
			const created = await rest.createCredential(`E2E ${restCase.id}`, 'apiKeyApi', restCase.data(server, restCase.key));
			const reopened = await rest.getCredential(created.id);
			assert.notEqual(reopened.data.apiKey, restCase.key, 'the REST API returned the key in clear');
			const result = await rest.testCredential({ id: created.id, name: reopened.name, type: 'apiKeyApi', data: reopened.data });
			const requests = server.requestsTo(restCase.route).slice(earlier);
			assert.equal(result.status, restCase.expectStatus, JSON.stringify(result));
			assert.match(result.message, restCase.expectMessage[pin.line]);
			assert.equal(requests.length, 1, 'the Test sends exactly one request');
			for (const request of requests) assert.equal(request.headers[restCase.header.toLowerCase()], restCase.key, 'the test request did not carry the stored key');
			return `n8n answered ${JSON.stringify(result)}; ${requests.length} request reached the API`;
		});
	}

	for (const status of [301, 302, 303, 307, 308]) {
		await serverCheck(`credential Test button on a ${status} redirect to another origin: fails, and the other origin receives nothing`, async () => {
			const landedBefore = redirects.landingRequests.length;
			const sourcesBefore = redirects.sourceRequests.length;
			const data = { apiKey: CANARY.redirectTest, placement: 'header', headerName: 'X-E2E-Key', allowedHosts: redirects.origins.join(', '), testUrl: redirects.url(status, 'another port') };
			const created = await rest.createCredential(`E2E redirect test ${status}`, 'apiKeyApi', data);
			const reopened = await rest.getCredential(created.id);
			const result = await rest.testCredential({ id: created.id, name: reopened.name, type: 'apiKeyApi', data: reopened.data });
			assert.equal(result.status, 'Error', JSON.stringify(result));
			assert.ok(redirects.sourceRequests.slice(sourcesBefore).some((request) => carries(request, CANARY.redirectTest)), 'the test request did not reach the API');
			assert.equal(redirects.landingRequests.length, landedBefore, 'the test request followed the redirect');
		});
	}

	// The server's own files and the REST answers belong to the scan: stop it first.
	await finish();

	await check("leak scan: no canary key in n8n's database files, other n8n files, logs or outputs", () => {
		assert.ok(run, 'n8n was not set up');
		const places = run.leakPlaces();
		const result = scanForLeaks(canaryList(), places);
		const byKind = {};
		for (const place of places) byKind[place.kind] = (byKind[place.kind] ?? 0) + 1;
		const summary = { n8n: pin.n8n, ...result, placesByKind: byKind };
		fs.writeFileSync(path.join(runRoot, `leak-scan-${pin.n8n}.json`), JSON.stringify(summary, null, 2));
		assert.equal(result.canaries, Object.keys(CANARY).length);
		// The scanner itself must find a planted key, here in its Basic auth form.
		const planted = canaryList().find((canary) => canary.basicPairs.length > 0);
		const header = `Authorization: Basic ${Buffer.from(planted.basicPairs[0]).toString('base64')}`;
		const plantedHits = scanForLeaks([planted], [textPlace('self-check', 'planted', header)]).hits;
		assert.ok(plantedHits.some((hit) => hit.form === 'basic-base64-1'), 'the scanner missed a planted key');
		assert.ok(byKind.database >= 1, 'no database file was searched');
		assert.deepEqual(result.hits, []);
		const kinds = Object.entries(byKind).map(([kind, count]) => `${count} ${kind}`).join(', ');
		return `${result.canaries} canaries (${result.forms} forms) x ${result.places} places (${kinds}) = ${result.searches} searches, ${result.hits.length} hits`;
	}, { independent: true });

	endReport(report, [`Run files: ${path.relative(process.cwd(), runRoot)} (${formatSeconds(Date.now() - started)})`]);
}

runChecks(main);
