'use strict';
/**
 * The calls n8n's editor makes to its REST API, with the session cookie the owner setup returns.
 * Every response body is kept, so the leak scan can search what the editor would have received.
 */

const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Password-1',
};

function createRestClient(baseUrl) {
	const responses = [];
	let cookie = '';
	// The editor sends a browser id; n8n ties the session cookie to it.
	const browserId = 'e2e-browser-0001';

	async function call(method, path, body) {
		const response = await fetch(`${baseUrl}${path}`, {
			method,
			headers: { 'Content-Type': 'application/json', 'browser-id': browserId, ...(cookie ? { Cookie: cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		responses.push({ name: `${method} ${path} (${response.status})`, text });
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((value) => value.split(';')[0]).find((value) => value.startsWith('n8n-auth='));
		if (auth) cookie = auth;
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
		return json?.data ?? json;
	}

	/** A GET of a static editor file, such as /types/nodes.json or a node icon. */
	async function fetchFile(path) {
		const response = await fetch(`${baseUrl}${path}`, { headers: { 'browser-id': browserId, ...(cookie ? { Cookie: cookie } : {}) } });
		return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
	}

	return {
		responses,
		fetchFile,
		/** POST /rest/owner/setup: creates the instance owner and logs in. */
		setupOwner: () => call('POST', '/rest/owner/setup', OWNER),
		/** POST /rest/credentials: the editor's Save on a new credential. */
		createCredential: (name, type, data) => call('POST', '/rest/credentials', { name, type, data }),
		/** GET /rest/credentials/:id?includeData=true: the editor opening a saved credential (secrets redacted). */
		getCredential: (id) => call('GET', `/rest/credentials/${id}?includeData=true`),
		/** POST /rest/credentials/test: the credential modal's Test / Retry. */
		testCredential: (credential) => call('POST', '/rest/credentials/test', { credentials: credential }),
	};
}

module.exports = { createRestClient };
