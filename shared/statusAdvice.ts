/**
 * What an HTTP status (or a connection failure) means for a request made with a key, in one
 * table: the API Key Request node's errors and the credential's Test button both read it. Each
 * text is a short sentence, and advice is given only where it applies: Placement only for Custom,
 * a permission only when the service names one.
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
	/** The permission or scope a least-privilege key needs for this request, as the service names it. */
	permission?: string;
	/** Test only: whether Test Request URL was set (empty: the Base URL itself was called). */
	testUrlSet?: boolean;
	/** Test only, for a service: the label of its account field (App Domain, Zone…), which decides the URL. */
	accountLabel?: string;
	/** A redirect's Location header, as sent. */
	location?: string;
}

function permissionLine(facts: StatusFacts): string {
	return facts.permission ? ` A key with limited permissions needs ${facts.permission} for this request.` : '';
}

function redirectAdvice(status: number, facts: StatusFacts): StatusAdvice {
	const to = facts.location ? ` to ${facts.location}` : '';
	const where = facts.credentialTest
		? facts.custom === false
			? 'Check the service settings of the credential.'
			: 'Put the final address in Base URL or Test Request URL.'
		: "Call the final address directly, or turn on Follow Redirects in the node's options.";
	return {
		message: `The API redirected the request${to} (${status})`,
		advice: `The key is never sent along a redirect. ${where}`,
	};
}

function notFoundAdvice(facts: StatusFacts): StatusAdvice {
	if (!facts.credentialTest) {
		return {
			message: 'The resource was not found (404)',
			advice: `${facts.url ? `${facts.url} answered 404. ` : ''}Check the node's URL and, when it is a path, the Base URL of the credential it is added to.`,
		};
	}
	if (facts.custom === false) {
		return {
			message: 'The test request was not found (404)',
			advice: `${facts.url ? `${facts.url} answered 404. ` : ''}${facts.accountLabel ? `Check ${facts.accountLabel}.` : 'The service may have moved its API.'}`,
		};
	}
	if (facts.testUrlSet === false) {
		return {
			message: 'The Base URL answered 404',
			advice: 'Most APIs have nothing at their Base URL itself: set Test Request URL to an endpoint that needs the key, e.g. /me.',
		};
	}
	return {
		message: 'The test URL was not found (404)',
		advice: `${facts.url ? `${facts.url} answered 404. ` : ''}Check Test Request URL and the Base URL.`,
	};
}

export function statusAdvice(status: number, facts: StatusFacts = {}): StatusAdvice {
	const where = facts.custom === false ? '' : ', or it is sent in the wrong place: check Placement and the header or parameter name';
	if (status >= 300 && status < 400) return redirectAdvice(status, facts);
	switch (status) {
		case 400:
			return { message: 'The API rejected the request as invalid (400)', advice: 'Check the parameters and body against the API documentation.' };
		case 401:
			return {
				message: 'The API rejected the key (401)',
				advice: `The key is wrong or incomplete, or it was revoked at the service${where}.${permissionLine(facts)}`,
			};
		case 403: {
			if (facts.credentialTest) {
				const fix = facts.permission
					? ''
					: facts.custom === false
						? " Check the key's permissions in the service."
						: " Check the key's permissions, or set Test Request URL to an endpoint the key may call.";
				return {
					message: 'The key was recognised but may not make the test request (403)',
					advice: `The key lacks a permission or scope.${permissionLine(facts)}${fix}`,
				};
			}
			return {
				message: 'The key is not allowed to do this (403)',
				advice: `The API recognised the key, but it lacks the permission or scope for this request.${permissionLine(facts)}`,
			};
		}
		case 404:
			return notFoundAdvice(facts);
		case 429: {
			const wait = facts.retryAfter ? ` The API asks to wait ${facts.retryAfter}.` : '';
			return {
				message: 'The API is rate limiting this key (429)',
				advice: facts.credentialTest ? `Too many requests were sent with this key.${wait} Test again in a moment.` : `Too many requests were sent with this key.${wait} Lower the request rate or retry later.`,
			};
		}
		default:
			if (status >= 500) {
				return { message: `The API had a problem answering (${status})`, advice: facts.credentialTest ? 'This is usually temporary on the API side: test again later.' : 'This is usually temporary on the API side: retry later.' };
			}
			return { message: `The API answered with status ${status}`, advice: facts.url ? `Request to ${facts.url}.` : 'Check the request against the API documentation.' };
	}
}

/** A request that got no answer (refused, unknown host, timeout, TLS), for the credential's Test button. */
export function connectionAdvice(code: string, host: string): StatusAdvice {
	switch (code) {
		case 'ECONNREFUSED':
			return { message: `Nothing accepted the connection at ${host}`, advice: 'Check the Base URL and that the service is running.' };
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return { message: `The host ${host} could not be found`, advice: 'Check the Base URL (or the account field of the service) for typos.' };
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
		case 'ECONNABORTED':
			return { message: `${host} did not answer in time`, advice: 'Check the address, or test again when the service answers.' };
		case 'ECONNRESET':
		case 'EPIPE':
			return { message: `${host} closed the connection`, advice: 'Test again later; if it keeps happening, check the address and port.' };
		default:
			if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED/i.test(code)) {
				return { message: `The TLS certificate of ${host} could not be verified`, advice: 'Check the address; the service must present a trusted certificate.' };
			}
			return { message: `The test request to ${host} failed (${code})`, advice: 'No answer arrived. Check the address and test again.' };
	}
}
