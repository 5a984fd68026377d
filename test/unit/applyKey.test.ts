import { parseKeyConfig } from '../../shared/key/config';
import { applyKey } from '../../shared/key/placement';
import type { PreparedRequest } from '../../nodes/ApiKeyRequest/transport/types';

const config = parseKeyConfig({ apiKey: 'body-key-1', placement: 'body', bodyFieldName: 'api_key', allowedHosts: '*' });
const request = (body: PreparedRequest['body']): PreparedRequest => ({
	method: 'POST',
	url: 'https://api.example.com/x',
	qs: {},
	headers: {},
	body,
	timeout: 1000,
	followRedirects: true,
	maxRedirects: 10,
	maxResponseBytes: 1024 * 1024,
});

describe('applyKey with the key in the body', () => {
	it('replaces a form field of the same name and keeps fields named like Object members', () => {
		const keyed = applyKey(
			request({ kind: 'form', fields: [['api_key', 'old'], ['constructor', 'c'], ['toString', 't']] }),
			config,
		);
		expect(keyed.body).toEqual({
			kind: 'form',
			fields: [['constructor', 'c'], ['toString', 't'], ['api_key', 'body-key-1']],
		});
	});

	it('does the same for multipart text fields', () => {
		const keyed = applyKey(
			request({
				kind: 'multipart',
				parts: [
					{ kind: 'field', name: 'api_key', value: 'old' },
					{ kind: 'field', name: 'hasOwnProperty', value: 'h' },
				],
			}),
			config,
		);
		expect(keyed.body).toEqual({
			kind: 'multipart',
			parts: [
				{ kind: 'field', name: 'hasOwnProperty', value: 'h' },
				{ kind: 'field', name: 'api_key', value: 'body-key-1' },
			],
		});
	});
});
