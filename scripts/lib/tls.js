'use strict';
/** A throwaway self-signed certificate for 127.0.0.1 and localhost, for local TLS test servers. */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

let cached;

/** { key, cert } as PEM buffers, made once per process with Debian's openssl. */
function selfSignedCertificate() {
	if (cached) return cached;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-api-key-tls-'));
	try {
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
			'-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
			'-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
		], { stdio: 'ignore' });
		cached = { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
		return cached;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { selfSignedCertificate };
