/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * Real local HTTP servers for tests: bound to 127.0.0.1 on a random free port, built on
 * Node's `http` module only. Every request is recorded (with its fully read body) before
 * the handler runs, so tests can assert what actually went over the wire.
 */
import http from 'node:http';
import https from 'node:https';
import type {
	IncomingHttpHeaders,
	IncomingMessage,
	OutgoingHttpHeaders,
	ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Raw request target as sent, e.g. `/v1/items?api_key=abc` */
	url: string;
	/** Path without the query string, e.g. `/v1/items` */
	path: string;
	query: URLSearchParams;
	/** Lower-cased header names, as Node's `http` module gives them */
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface TestServer {
	/** Base URL without a trailing slash, e.g. `http://127.0.0.1:43567` */
	url: string;
	port: number;
	/** Same as `url` (scheme + host + port); kept separately for readability in tests */
	origin: string;
	/** Every request the server received, in arrival order */
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export type RequestHandler = (req: RecordedRequest, res: ServerResponse) => unknown;

const HOST = '127.0.0.1';

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) {
		chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
	}
	return Buffer.concat(chunks);
}

export async function startServer(handler: RequestHandler): Promise<TestServer> {
	const requests: RecordedRequest[] = [];

	const server = http.createServer((req, res) => {
		void (async () => {
			try {
				const body = await readBody(req);
				const rawUrl = req.url ?? '/';
				const parsed = new URL(rawUrl, `http://${HOST}`);
				const recorded: RecordedRequest = {
					method: req.method ?? 'GET',
					url: rawUrl,
					path: parsed.pathname,
					query: parsed.searchParams,
					headers: req.headers,
					body,
				};
				requests.push(recorded);
				await handler(recorded, res);
			} catch (error) {
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'text/plain' });
				}
				if (!res.writableEnded) {
					res.end(`test server handler failed: ${(error as Error)?.message ?? String(error)}`);
				}
			}
		})();
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});

	const { port } = server.address() as AddressInfo;
	const origin = `http://${HOST}:${port}`;
	let closed: Promise<void> | undefined;

	return {
		url: origin,
		port,
		origin,
		requests,
		async close() {
			closed ??= new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				// Drop idle keep-alive sockets (and any still in flight) so the process can exit.
				server.closeAllConnections();
			});
			return await closed;
		},
	};
}

/** Send a JSON response. */
export function json(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: OutgoingHttpHeaders = {},
): void {
	const payload = Buffer.from(JSON.stringify(body));
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': payload.length,
		...headers,
	});
	res.end(payload);
}

/**
 * A port on 127.0.0.1 with nothing listening: bind a server to a random port, then close
 * it. Connections to it are refused (ECONNREFUSED) until something else happens to grab
 * the port, which is unlikely within a test.
 */
export async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, HOST, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve, reject) =>
		server.close((error) => (error ? reject(error) : resolve())),
	);
	return port;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { selfSignedCertificate } = require('../../scripts/lib/tls') as { selfSignedCertificate: () => { key: Buffer; cert: Buffer } };

/** Like startServer, over TLS with a self-signed certificate (clients must skip verification). */
export async function startTlsServer(handler: RequestHandler): Promise<TestServer> {
	const requests: RecordedRequest[] = [];
	const server = https.createServer(selfSignedCertificate(), (req, res) => {
		void (async () => {
			const body = await readBody(req);
			const rawUrl = req.url ?? '/';
			const parsed = new URL(rawUrl, `https://${HOST}`);
			const recorded: RecordedRequest = { method: req.method ?? 'GET', url: rawUrl, path: parsed.pathname, query: parsed.searchParams, headers: req.headers, body };
			requests.push(recorded);
			await handler(recorded, res);
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, HOST, () => resolve()));
	const { port } = server.address() as AddressInfo;
	const origin = `https://${HOST}:${port}`;
	return {
		url: origin,
		port,
		origin,
		requests,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
