'use strict';
/**
 * A small local API for the browser test: it wants one key in one header and answers like a real
 * catalogue API, so the node's output in the editor (and in the screenshot) looks like real data.
 *   GET <base>        the credential's Test request: { ok: true }
 *   GET <base>/items  two items
 * Anything without the key gets 401. Every request is recorded (path, whether the key was right).
 */
const http = require('node:http');

const ITEMS = [
	{ id: 101, name: 'Notebook', price: 4.5, inStock: true },
	{ id: 102, name: 'Pencil', price: 0.9, inStock: false },
];

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
			if (url.pathname === `${basePath}/items`) return send(200, ITEMS);
			return send(404, { error: 'not found' });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		baseUrl: `http://127.0.0.1:${port}${basePath}`,
		items: ITEMS,
		received,
		requestsTo: (path) => received.filter((request) => request.path === path),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startDemoApi };
