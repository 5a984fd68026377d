'use strict';
/**
 * Builds and packs this package, and installs the tarball into an n8n user folder the way n8n
 * installs a community package from its Settings page, so n8n loads it as `n8n-nodes-api-key.*`
 * with the `n8n` section of package.json, exactly as users get it.
 */
const fs = require('node:fs');
const path = require('node:path');

const { cleanEnv, run } = require('./proc');


const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(PROJECT_ROOT, 'package.json')).name;

/** `npm run build`; its output is shown only when it fails. */
async function buildPackage() {
	await run('npm', ['run', 'build'], { cwd: PROJECT_ROOT, env: cleanEnv() });
}

/** `npm pack` into destDir; returns the tarball's path. */
async function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: PROJECT_ROOT, env: cleanEnv() });
	const [packed] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return path.join(destDir, packed.filename);
}

/** The folder where n8n keeps installed community packages for a user folder. */
function nodesFolder(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes');
}

/**
 * Installs the tarball under <userFolder>/.n8n/nodes/node_modules/<name>, following n8n's own
 * community package installer (CommunityPackagesService.downloadPackage): unpack, drop the
 * dev/peer/optional dependency lists (n8n itself provides n8n-workflow), install the remaining
 * dependencies inside the package folder with scripts off, and record it in nodes/package.json.
 */
async function installIntoUserFolder(tarball, userFolder, env = cleanEnv()) {
	const nodesDir = nodesFolder(userFolder);
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	if (Object.keys(manifest.dependencies ?? {}).length > 0) {
		await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir, env },
		);
	}
	recordDependency(nodesDir, manifest.version);
	return packageDir;
}

function recordDependency(nodesDir, version) {
	const listPath = path.join(nodesDir, 'package.json');
	const list = fs.existsSync(listPath)
		? JSON.parse(fs.readFileSync(listPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	list.dependencies = { ...list.dependencies, [PACKAGE_NAME]: version };
	fs.writeFileSync(listPath, JSON.stringify(list, null, 2));
}

/** n8n's SQLite database of a user folder (created by n8n's first start). */
function databaseFile(userFolder) {
	return path.join(userFolder, '.n8n', 'database.sqlite');
}

/**
 * The rows n8n writes when a user installs the package from Settings → Community Nodes
 * (CommunityPackagesService.persistInstalledPackage → saveInstalledPackageWithNodes): one
 * installed_packages row and one installed_nodes row per node, named by the node descriptions of the
 * built package (the same dist/ that was packed).
 */
function installedPackageRows() {
	const manifest = require(path.join(PROJECT_ROOT, 'package.json'));
	const nodes = (manifest.n8n?.nodes ?? []).map((file) => {
		const exported = require(path.join(PROJECT_ROOT, file));
		const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
		const { description } = new NodeClass();
		const version = Array.isArray(description.version) ? Math.max(...description.version) : description.version;
		return { name: description.displayName, type: `${PACKAGE_NAME}.${description.name}`, latestVersion: version };
	});
	return {
		package: {
			packageName: PACKAGE_NAME,
			installedVersion: manifest.version,
			authorName: manifest.author?.name ?? null,
			authorEmail: manifest.author?.email ?? null,
		},
		nodes,
	};
}

/** Runs in n8n's own Node.js with n8n's sqlite3 module (compiled for that Node.js). */
const REGISTER_SCRIPT = `
const rows = JSON.parse(process.env.REGISTER_ROWS);
const prefix = process.env.DB_TABLE_PREFIX || '';
const sqlite3 = require(process.env.REGISTER_SQLITE3);
const db = new sqlite3.Database(process.env.REGISTER_DB);
db.configure('busyTimeout', 15000);
const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
const runSql = (sql, params) => new Promise((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
(async () => {
	const p = rows.package;
	await runSql('BEGIN IMMEDIATE');
	await runSql(\`INSERT INTO \${prefix}installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(packageName) DO UPDATE SET installedVersion = excluded.installedVersion, authorName = excluded.authorName, authorEmail = excluded.authorEmail, updatedAt = excluded.updatedAt\`,
		[p.packageName, p.installedVersion, p.authorName, p.authorEmail, now, now]);
	await runSql(\`DELETE FROM \${prefix}installed_nodes WHERE package = ?\`, [p.packageName]);
	for (const node of rows.nodes) {
		await runSql(\`INSERT INTO \${prefix}installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)\`, [node.name, node.type, node.latestVersion, p.packageName]);
	}
	await runSql('COMMIT');
	db.close();
})().catch((error) => { console.error(error.message); process.exit(1); });
`;

/**
 * Makes Settings → Community Nodes list the package as a user's install would: n8n reads that
 * list from its database only, so the rows its installer writes are written here. n8n's own
 * installer cannot be used: it only installs from registry.npmjs.org, by name. The database must
 * exist (n8n started once in this user folder); n8n may be running (SQLite locks the write).
 * Returns false when there is no database yet.
 */
async function registerCommunityPackage(n8n, userFolder) {
	const db = databaseFile(userFolder);
	if (!fs.existsSync(db)) return false;
	await run(n8n.node.bin, ['-e', REGISTER_SCRIPT], {
		env: {
			...n8n.env(),
			REGISTER_ROWS: JSON.stringify(installedPackageRows()),
			REGISTER_SQLITE3: path.join(n8n.dir, 'node_modules', 'sqlite3'),
			REGISTER_DB: db,
		},
	});
	return true;
}

module.exports = {
	PROJECT_ROOT,
	PACKAGE_NAME,
	buildPackage,
	packPackage,
	installIntoUserFolder,
	nodesFolder,
	databaseFile,
	installedPackageRows,
	registerCommunityPackage,
};
