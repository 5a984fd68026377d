'use strict';
/**
 * One throwaway n8n instance for the e2e tests: its own user folder with this package installed,
 * CLI wrappers whose output is captured, and the list of everything the leak scan must search.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { ensureN8n } = require('../../../scripts/lib/install-n8n');
const { headlessEnv, runN8nCli, startN8nServer } = require('../../../scripts/lib/n8n-process');
const { installIntoUserFolder } = require('../../../scripts/lib/package');
const { resolveLine } = require('../../../scripts/lib/versions');
const { filesBelow, filePlace, textPlace } = require('./leak-scan');
const { parseExecuteOutput } = require('./workflow');

const ENCRYPTION_KEY = 'n8n-nodes-api-key-e2e-encryption-key';

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

async function createN8nRun({ line, tarball, runRoot }) {
	const pin = resolveLine(line);
	const n8n = await ensureN8n(pin);
	const dir = path.join(runRoot, `n8n-${pin.n8n}`);
	fs.rmSync(dir, { recursive: true, force: true });
	const userFolder = path.join(dir, 'user');
	const logsDir = path.join(dir, 'logs');
	const outputsDir = path.join(dir, 'outputs');
	const inputDir = path.join(dir, 'input');
	for (const folder of [userFolder, logsDir, outputsDir, inputDir]) fs.mkdirSync(folder, { recursive: true });

	await installIntoUserFolder(tarball, userFolder);
	// Every n8n 2.x process starts a task runner broker on a fixed port: give each run its own.
	const env = headlessEnv(n8n, { userFolder, encryptionKey: ENCRYPTION_KEY, brokerPort: await freePort() });
	const cliLog = path.join(logsDir, 'cli.log');
	const restResponses = [];

	const cli = (args, options = {}) => runN8nCli(n8n, args, { env, logFile: cliLog, ...options });

	/** Writes the import file (plaintext keys for credentials), imports it, deletes the file. */
	async function importFile(command, name, content) {
		const file = path.join(inputDir, name);
		fs.writeFileSync(file, JSON.stringify(content, null, 2));
		try {
			return await cli([command, '--input', file]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	async function execute(workflowId) {
		const result = await cli(['execute', '--id', workflowId, '--rawOutput'], { allowFailure: true });
		fs.writeFileSync(path.join(outputsDir, `execute-${workflowId}.txt`), result.stdout);
		if (result.code !== 0) {
			throw new Error(`n8n execute --id ${workflowId} exited with ${result.code ?? result.signal}:\n${(result.stdout + result.stderr).slice(-4000)}`);
		}
		return parseExecuteOutput(result.stdout);
	}

	async function startServer() {
		const port = await freePort();
		const serverEnv = headlessEnv(n8n, { userFolder, encryptionKey: ENCRYPTION_KEY, port, brokerPort: await freePort() });
		return await startN8nServer(n8n, { env: serverEnv, port, logFile: path.join(logsDir, 'server.log') });
	}

	/** Everything n8n wrote or printed during the run, plus what the REST API answered. */
	function leakPlaces() {
		const n8nFolder = path.join(userFolder, '.n8n');
		const stored = filesBelow(n8nFolder, [path.join('nodes', 'node_modules')]).map((file) =>
			filePlace(/database\.sqlite/.test(path.basename(file)) ? 'database' : 'n8n file', file, userFolder),
		);
		const logs = filesBelow(logsDir).map((file) => filePlace('log', file, dir));
		const outputs = filesBelow(outputsDir).map((file) => filePlace('output', file, dir));
		const rest = restResponses.map((response) => textPlace('output', `REST ${response.name}`, response.text));
		return [...stored, ...logs, ...outputs, ...rest];
	}

	return {
		pin,
		n8n,
		dir,
		userFolder,
		importCredentials: (credentials) => importFile('import:credentials', 'credentials.json', credentials),
		importWorkflows: (workflows) => importFile('import:workflow', 'workflows.json', workflows),
		execute,
		startServer,
		restResponses,
		leakPlaces,
	};
}

module.exports = { createN8nRun, freePort };
