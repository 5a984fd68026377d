import { sanitizeRequest } from '../../../nodes/ApiKeyGuard/helpers/sanitizeRequest';
import type { PlacementConfig } from '../../../nodes/ApiKeyGuard/helpers/placement';
import { requestView } from '../../../nodes/ApiKeyGuard/helpers/presentedKey';
import { keyRedactor, REDACTED } from '../../../nodes/ApiKeyGuard/helpers/redaction';
import { makeKey } from '../../helpers/guardFixtures';

const KEY = makeKey().key;

function clean(item: Record<string, unknown>, config: PlacementConfig) {
	return sanitizeRequest(item, requestView(item), config, keyRedactor([KEY]).deep);
}

describe('the request passed on without the key', () => {
	it('drops the key\'s header, parameter, field or cookie and keeps the rest', () => {
		const base = { params: { id: '1' }, webhookUrl: 'http://n8n/webhook/x', executionMode: 'production' };
		expect(clean({ ...base, headers: { 'x-api-key': KEY, accept: 'json' }, query: {}, body: {} }, { placement: 'header', name: 'X-API-Key', scheme: '' })).toEqual({
			headers: { accept: 'json' },
			query: {},
			body: {},
			...base,
		});
		expect(clean({ headers: { authorization: `Bearer ${KEY}` }, query: { q: '1' }, body: {} }, { placement: 'bearer', name: '', scheme: '' }).headers).toEqual({});
		expect(clean({ headers: {}, query: { api_key: KEY, q: '1' }, body: {} }, { placement: 'query', name: 'api_key', scheme: '' }).query).toEqual({ q: '1' });
		expect(clean({ headers: {}, query: {}, body: { api_key: KEY, order: 7 } }, { placement: 'body', name: 'api_key', scheme: '' }).body).toEqual({ order: 7 });
		expect(
			clean({ headers: { cookie: `a=1; api_key=${KEY}; b=2` }, query: {}, body: {} }, { placement: 'cookie', name: 'api_key', scheme: '' }).headers,
		).toEqual({ cookie: 'a=1; b=2' });
		expect(clean({ headers: { cookie: `api_key=${KEY}` }, query: {}, body: {} }, { placement: 'cookie', name: 'api_key', scheme: '' }).headers).toEqual({});
	});

	it('masks the key wherever else the client put it', () => {
		const echoed = clean(
			{ headers: { 'x-api-key': KEY, 'x-echo': `copy ${KEY}`, 'x-b64': Buffer.from(KEY).toString('base64') }, query: { again: KEY }, body: { nested: [KEY] } },
			{ placement: 'header', name: 'X-API-Key', scheme: '' },
		);
		expect(JSON.stringify(echoed)).not.toContain(KEY);
		expect(echoed.headers['x-echo']).toBe(`copy ${REDACTED}`);
		expect(echoed.headers['x-b64']).toContain(REDACTED);
		expect(echoed.headers['x-b64']).not.toContain(Buffer.from(KEY).toString('base64').slice(0, 40));
		expect(echoed.query.again).toBe(REDACTED);
	});
});
