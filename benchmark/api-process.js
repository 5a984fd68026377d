'use strict';
/**
 * One benchmark API (benchmark/server.js) in a process of its own, so that its work never
 * competes with the client's event loop: started with a kind and options, asked for its counts.
 */
const path = require('node:path');
const { fork } = require('node:child_process');

async function startApi(kind, options) {
	const child = fork(path.join(__dirname, 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const ask = (message, field) =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`benchmark API did not answer ${JSON.stringify(message)}`)), 60_000);
			const onMessage = (reply) => {
				if (!(field in reply)) return;
				clearTimeout(timer);
				child.off('message', onMessage);
				resolve(reply[field]);
			};
			child.on('message', onMessage);
			child.send(message);
		});
	const port = await ask({ start: kind, options }, 'port');
	return {
		url: `http://127.0.0.1:${port}`,
		stats: () => ask({ stats: true }, 'stats'),
		reset: () => ask({ reset: true }, 'reset'),
		stop: () => child.kill(),
	};
}

module.exports = { startApi };
