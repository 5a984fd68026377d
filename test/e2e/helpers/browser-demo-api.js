'use strict';
/**
 * Small local APIs for the browser test.
 *
 * startDemoApi: wants one key in one header and answers like a real catalogue API, so the node's
 * output in the editor (and in the screenshot) looks like real data.
 *   GET <base>        { ok: true }
 *   GET <base>/me     the key's owner: what a Test Request URL should point at
 *   GET <base>/items  two items
 * Anything without the key gets 401, unknown paths 404. Every request is recorded (path, whether
 * the key was right).
 *
 * startEchoApi: answers every request with 200 and records its path and headers, standing in for
 * the services of the presets (their real hosts cannot be reached from the test).
 */
const http = require('node:http');

const ITEMS = [
	{ id: 101, name: 'Notebook', price: 4.5, inStock: true },
	{ id: 102, name: 'Pencil', price: 0.9, inStock: false },
];

async function listen(server) {
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server.address().port;
}

async function startDemoApi({ basePath = '/v1', headerName = 'X-API-Key', key }) {
	const received = [];
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			const authorized = req.headers[headerName.toLowerCase()] === key;
			received.push({ method: req.method, path: url.pathname, authorized });
			const send = (status, body) => {
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (!authorized) return send(401, { error: 'invalid or missing API key' });
			if (url.pathname === basePath || url.pathname === `${basePath}/`) return send(200, { ok: true });
			if (url.pathname === `${basePath}/me`) return send(200, { id: 7, name: 'Example shop' });
			if (url.pathname === `${basePath}/items`) return send(200, ITEMS);
			return send(404, { error: 'not found' });
		});
	});
	const port = await listen(server);
	return {
		origin: `http://127.0.0.1:${port}`,
		baseUrl: `http://127.0.0.1:${port}${basePath}`,
		items: ITEMS,
		received,
		requestsTo: (path) => received.filter((request) => request.path === path),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

async function startEchoApi() {
	const received = [];
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			received.push({ method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ ok: true, path: url.pathname }));
		});
	});
	const port = await listen(server);
	return {
		origin: `http://127.0.0.1:${port}`,
		received,
		requestsTo: (path) => received.filter((request) => request.path === path),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startDemoApi, startEchoApi };
