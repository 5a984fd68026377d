/**
 * What an HTTP status means for a request made with a key, in one table: the API Key Request
 * node's errors and the credential's Test button both read it.
 */

export interface StatusAdvice {
	/** A short sentence that names the status. */
	message: string;
	/** What to check or do. */
	advice: string;
}

export interface StatusFacts {
	/** The URL that answered. */
	url?: string;
	/** The Retry-After the API sent, as it sent it. */
	retryAfter?: string;
	/** The answer was to the credential's Test request. */
	credentialTest?: boolean;
	/** Placement and names are the user's choice (Custom); a service preset fixes them. */
	custom?: boolean;
}

export function statusAdvice(status: number, facts: StatusFacts = {}): StatusAdvice {
	const where = facts.custom === false ? '' : ' or it is sent in the wrong place (check Placement and the header or parameter name in the API Key credential)';
	switch (status) {
		case 400:
			return { message: 'The API rejected the request as invalid (400)', advice: 'Check the parameters and body against the API documentation.' };
		case 401:
			return {
				message: 'The API rejected the key (401)',
				advice: `Usual causes: the key is wrong or incomplete${where}, it was revoked or expired, or a test key is used against live data (or the other way round).`,
			};
		case 403:
			return {
				message: facts.credentialTest ? 'The key was recognised but may not call the test URL (403)' : 'The key is not allowed to do this (403)',
				advice: facts.credentialTest
					? 'The key lacks the permission or scope the test request needs. Check its permissions in the service, or set Test Request URL to an endpoint the key may call.'
					: "The API recognised the key but it lacks the permission or scope for this request. Check the key's permissions in the service, or use a key that has them.",
			};
		case 404:
			return {
				message: facts.credentialTest ? 'The test URL was not found (404)' : 'The resource was not found (404)',
				advice: facts.credentialTest
					? `${facts.url ? `${facts.url} answered 404. ` : ''}Set Test Request URL to an endpoint that needs the key, e.g. /me, and check the Base URL.`
					: `Check the URL${facts.url ? ` (${facts.url})` : ''} and the Base URL of the API Key credential.`,
			};
		case 429: {
			const wait = facts.retryAfter ? ` The API asks to wait ${facts.retryAfter} before retrying.` : '';
			return {
				message: 'The API is rate limiting this key (429)',
				advice: facts.credentialTest
					? `Too many requests were sent with this key.${wait} Wait a moment, then test again.`
					: `Too many requests were sent with this key.${wait} Lower the request rate or retry later.`,
			};
		}
		default:
			if (status >= 500) return { message: `The API had a problem answering (${status})`, advice: 'This is usually temporary on the API side: retry later.' };
			return { message: `The API answered with status ${status}`, advice: facts.url ? `Request to ${facts.url}` : 'Check the request against the API documentation.' };
	}
}
