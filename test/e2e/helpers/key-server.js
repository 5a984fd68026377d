'use strict';
/**
 * A local HTTP API that checks API keys the way real services do: every route expects its key in
 * one place and answers 401 otherwise. Only routes marked `echo` send the key they received back
 * (as some real APIs do in "whoami" answers and "invalid key: ..." errors), so any other key found
 * in n8n's output or database later can only have come from n8n or the package under test.
 */
const http = require('node:http');

/**
 * routes: { '/path': accept } or { '/path': { accept, echo } }, where accept(request) is true when
 * the key is right and echo(request) returns the key as received, to be put into the answer.
 * `request` has method, headers (lower-case names), query (URLSearchParams), cookies (object),
 * body (string), json and form (parsed, or undefined). Requests to unknown paths get 404.
 */
async function startKeyServer(routes) {
	const received = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const request = describeRequest(req, Buffer.concat(chunks).toString('utf8'));
			received.push(request);
			const route = typeof routes[request.path] === 'function' ? { accept: routes[request.path] } : routes[request.path];
			if (!route) return reply(res, 404, { error: 'not found' });
			request.authorized = safeCheck(route.accept, request);
			const echoed = route.echo ? String(route.echo(request) ?? '') : undefined;
			if (!request.authorized) {
				return reply(res, 401, { error: echoed === undefined ? 'invalid or missing API key' : `invalid API key: ${echoed}` });
			}
			return reply(res, 200, echoed === undefined ? summary(request) : { ...summary(request), youSent: echoed });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		port,
		url: (path) => `http://127.0.0.1:${port}${path}`,
		/** Every request that reached the server (whatever its path). */
		received,
		requestsTo: (path) => received.filter((request) => request.path === path),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

function safeCheck(check, request) {
	try {
		return check(request) === true;
	} catch {
		return false;
	}
}

function describeRequest(req, body) {
	const url = new URL(req.url, 'http://127.0.0.1');
	let json;
	if (/json/i.test(req.headers['content-type'] || '')) {
		try {
			json = JSON.parse(body);
		} catch {
			json = undefined;
		}
	}
	return {
		method: req.method,
		path: url.pathname,
		query: url.searchParams,
		headers: req.headers,
		cookies: parseCookies(req.headers.cookie),
		body,
		json,
		form: /x-www-form-urlencoded/i.test(req.headers['content-type'] || '') ? new URLSearchParams(body) : undefined,
	};
}

function parseCookies(header = '') {
	const cookies = {};
	for (const pair of header.split(';')) {
		const index = pair.indexOf('=');
		if (index > 0) cookies[pair.slice(0, index).trim()] = pair.slice(index + 1).trim();
	}
	return cookies;
}

/** What the API answers on success: facts about the request, never a credential value. */
function summary(request) {
	const bodyFieldNames = request.json && typeof request.json === 'object' ? Object.keys(request.json).sort() : request.form ? [...request.form.keys()].sort() : [];
	return { ok: true, method: request.method, path: request.path, bodyFieldNames };
}

function reply(res, status, body) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** Checks for the key placements of the API Key credential. */
const expectKey = {
	header: (name, key) => (request) => request.headers[name.toLowerCase()] === key,
	query: (name, key) => (request) => request.query.get(name) === key,
	authorization: (value) => (request) => request.headers.authorization === value,
	basic: (username, password) => (request) =>
		request.headers.authorization === `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
	jsonBody: (name, key) => (request) => request.json?.[name] === key,
	formBody: (name, key) => (request) => request.form?.get(name) === key,
	cookie: (name, key) => (request) => request.cookies[name] === key,
	all: (...checks) => (request) => checks.every((check) => check(request)),
};

module.exports = { startKeyServer, expectKey };
