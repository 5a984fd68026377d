'use strict';
/**
 * Debian packages the end-to-end tests drive (Chromium for the editor, Redis for queue mode).
 * Installed with apt when missing and running as root; otherwise the error says what to install.
 */
const fs = require('node:fs');

const { run } = require('./proc');

const PACKAGES = [
	{ name: 'chromium', binary: '/usr/bin/chromium' },
	{ name: 'redis-server', binary: '/usr/bin/redis-server' },
];

async function ensureSystemPackages() {
	const missing = PACKAGES.filter((pkg) => !fs.existsSync(pkg.binary)).map((pkg) => pkg.name);
	if (missing.length === 0) return;
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install ${missing.join(' ')}`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update'], { env });
	await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

module.exports = { ensureSystemPackages };
