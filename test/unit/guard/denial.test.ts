import { challenge, deny } from '../../../nodes/ApiKeyGuard/helpers/denial';

const at = (placement: Parameters<typeof challenge>[0]['placement'], scheme = '') => ({ placement, scheme, realm: 'api' });

describe('WWW-Authenticate', () => {
	it('uses the scheme of the placement', () => {
		expect(challenge(at('bearer'), 'invalid_key')).toBe('Bearer realm="api", error="invalid_token", error_description="The API key is not valid"');
		expect(challenge(at('authScheme', 'Token'), 'key_expired')).toBe('Token realm="api", error="invalid_token", error_description="The API key has expired"');
		expect(challenge(at('basicPassword'), 'invalid_key')).toBe('Basic realm="api", charset="UTF-8"');
		expect(challenge(at('header'), 'missing_key')).toBe('ApiKey realm="api"');
		expect(challenge(at('query'), 'ip_not_allowed')).toBe('ApiKey realm="api"');
	});

	it('quotes the realm safely', () => {
		expect(challenge({ placement: 'bearer', scheme: '', realm: 'a "quoted" \\ realm\r\n' }, 'missing_key')).toBe('Bearer realm="a \\"quoted\\" \\\\ realm"');
	});
});

describe('denials', () => {
	it('are ready for Respond to Webhook: status, headers, JSON body', () => {
		expect(deny('key_revoked', at('bearer'))).toEqual({
			allowed: false,
			reason: 'key_revoked',
			statusCode: 401,
			headers: {
				'Cache-Control': 'no-store',
				'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The API key has been revoked"',
			},
			body: { error: 'key_revoked', message: 'The API key has been revoked' },
		});
	});

	it('give 429 answers a whole-second Retry-After of at least 1', () => {
		expect(deny('rate_limited', at('bearer'), { retryAfterSeconds: 0.2 }).headers['Retry-After']).toBe('1');
		const quota = deny('quota_exceeded', at('bearer'), { retryAfterSeconds: 86_399.5 });
		expect(quota.statusCode).toBe(429);
		expect(quota.headers['Retry-After']).toBe('86400');
		expect(quota.body.retryAfter).toBe(86_400);
		expect(deny('invalid_key', at('bearer')).headers['Retry-After']).toBeUndefined();
	});
});
