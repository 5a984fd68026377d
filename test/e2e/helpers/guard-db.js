'use strict';
/**
 * What an n8n SQLite database holds: every live row of every table (read with the sqlite3 module
 * of the n8n install, run by that install's Node.js), and how many pages are free. Bytes of deleted
 * rows stay in free pages and free blocks until VACUUM; a scan of the raw file sees those too.
 */
const path = require('node:path');

const { run } = require('../../../scripts/lib/proc');

const SCRIPT = `
const sqlite3 = require(process.argv[2]);
const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
const all = (sql) => new Promise((resolve, reject) => db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
(async () => {
	const tables = (await all("select name from sqlite_master where type = 'table'")).map((row) => row.name);
	const out = { tables: {}, freelist: (await all('pragma freelist_count'))[0].freelist_count, journal: (await all('pragma journal_mode'))[0].journal_mode };
	for (const table of tables) out.tables[table] = await all('select * from "' + table.replace(/"/g, '""') + '"');
	process.stdout.write(JSON.stringify(out));
	db.close();
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** { tables: { name: rows[] }, freelist, journal } of the database file. */
async function readDatabase(n8n, file) {
	const { stdout } = await run(n8n.node.bin, ['-e', SCRIPT, file, path.join(n8n.dir, 'node_modules', 'sqlite3')], { cwd: n8n.dir });
	return JSON.parse(stdout);
}

module.exports = { readDatabase };
