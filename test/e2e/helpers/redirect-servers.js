'use strict';
/**
 * Redirects for the e2e secrecy checks: an http and an https API on 127.0.0.1 that answer
 * `/redirect/<status>` with that status and a Location on a third server (another port, plain
 * http) repeating the request's query, as many APIs do. The landing server records everything it
 * receives: no key and no secret field may ever arrive there.
 */
const http = require('node:http');
const https = require('node:https');

const { selfSignedCertificate } = require('../../../scripts/lib/tls');

function collect(req) {
	return new Promise((resolve) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
	});
}

function listen(server) {
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function startRedirectServers() {
	const landingRequests = [];
	const sourceRequests = [];
	const landing = http.createServer(async (req, res) => {
		landingRequests.push(await collect(req));
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end('{"landed":true}');
	});
	const landingPort = await listen(landing);
	const redirect = async (req, res) => {
		sourceRequests.push(await collect(req));
		const match = /^\/redirect\/(\d{3})/.exec(req.url);
		if (!match) {
			res.writeHead(404);
			return res.end();
		}
		const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
		res.writeHead(Number(match[1]), { Location: `http://127.0.0.1:${landingPort}/landing${query}` });
		res.end();
	};
	const source = http.createServer(redirect);
	const tlsSource = https.createServer(selfSignedCertificate(), redirect);
	const sourcePort = await listen(source);
	const tlsPort = await listen(tlsSource);
	const servers = [landing, source, tlsSource];
	return {
		/** The redirecting URL for a status, on the http or the https API. */
		url: (status, kind) => (kind === 'https to http' ? `https://127.0.0.1:${tlsPort}` : `http://127.0.0.1:${sourcePort}`) + `/redirect/${status}`,
		/** The origins the redirecting APIs answer on: where the credential lets the key go. */
		origins: [`http://127.0.0.1:${sourcePort}`, `https://127.0.0.1:${tlsPort}`],
		landingRequests,
		sourceRequests,
		close: () => Promise.all(servers.map((server) => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }))),
	};
}

/** True when a recorded request carries the text anywhere: URL, headers (Basic decoded) or body. */
function carries(request, text) {
	const authorization = String(request.headers.authorization ?? '');
	const basic = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : '';
	const url = (() => {
		try {
			return decodeURIComponent(request.url);
		} catch {
			return request.url;
		}
	})();
	return [request.url, url, JSON.stringify(request.headers), basic, request.body].some((part) => part.includes(text));
}

module.exports = { startRedirectServers, carries };
