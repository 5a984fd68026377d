import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
} from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { KeyConfigError } from '../../shared/errors';
import { PLACEMENTS, type Placement } from '../../shared/types';
import {
	CANARY,
	CANARY_ASCII,
	decodeBasic,
	expectKeyConfigRejection,
	expectNoSecretIn,
} from '../helpers/secretAssertions';

const credential = new ApiKeyApi();

function property(name: string): INodeProperties {
	const found = credential.properties.find((entry) => entry.name === name);
	if (!found) throw new Error(`No property ${name}`);
	return found;
}

/** What n8n hands `authenticate`: every field with its default, overridden by what the user set. */
function stored(values: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const defaults: ICredentialDataDecryptedObject = {};
	for (const entry of credential.properties) {
		defaults[entry.name] = entry.default as ICredentialDataDecryptedObject[string];
	}
	return { ...defaults, ...values };
}

function authenticate(
	values: ICredentialDataDecryptedObject,
	options: Partial<IHttpRequestOptions> = { url: 'https://api.example.com/items', method: 'GET' },
): Promise<IHttpRequestOptions> {
	// A credential needs a Base URL or Allowed Hosts to send its key anywhere.
	const where: ICredentialDataDecryptedObject = values.baseUrl || values.allowedHosts ? {} : { allowedHosts: 'api.example.com' };
	return credential.authenticate(stored({ ...where, ...values }), options as IHttpRequestOptions);
}

function headersOf(options: IHttpRequestOptions): Record<string, string> {
	return options.headers as Record<string, string>;
}

describe('ApiKeyApi credential', () => {
	describe('description', () => {
		it('is named apiKeyApi and shows as API Key', () => {
			expect(credential.name).toBe('apiKeyApi');
			expect(credential.displayName).toBe('API Key API');
		});

		it('offers exactly the placements the shared module knows, Header by default', () => {
			const placement = property('placement');
			const values = (placement.options as INodePropertyOptions[]).map((option) => option.value);
			expect([...values].sort()).toEqual([...PLACEMENTS].sort());
			expect(placement.default).toBe('header');
		});

		it('names the right example service for each Basic placement', () => {
			const options = property('placement').options as INodePropertyOptions[];
			const description = (value: string) => String(options.find((option) => option.value === value)?.description);
			expect(description('basicUsername')).toContain('Stripe');
			expect(description('basicUsername')).not.toContain('Mailchimp');
			expect(description('basicPassword')).toContain('Mailchimp');
		});

		it('masks the key, the Basic password and the extra field values', () => {
			expect(property('apiKey').typeOptions?.password).toBe(true);
			expect(property('basicPassword').typeOptions?.password).toBe(true);
			const field = (property('extraFields').options as INodePropertyCollection[])[0];
			const value = field.values.find((entry) => entry.name === 'value');
			expect(value?.typeOptions?.password).toBe(true);
			expect(field.values.find((entry) => entry.name === 'secret')?.default).toBe(true);
		});

		it.each([
			['headerName', 'header', 'X-API-Key'],
			['queryName', 'query', 'api_key'],
			['bodyFieldName', 'body', 'api_key'],
			['cookieName', 'cookie', 'api_key'],
			['scheme', 'authScheme', 'Token'],
			['basicPassword', 'basicUsername', ''],
			['basicUsername', 'basicPassword', ''],
			['bodyFormat', 'body', 'json'],
		])('shows %s only for the %s placement, defaulting to %j', (name, placement, fallback) => {
			const entry = property(name);
			expect(entry.displayOptions?.show?.placement).toEqual([placement]);
			expect(entry.default).toBe(fallback);
		});

		it('has no declarative test: the API Key Request node tests it (testedBy), on every n8n line', () => {
			expect((credential as ICredentialType).test).toBeUndefined();
		});

		it('keeps authenticate as an own property, so the editor lists it under Predefined Credential Type', () => {
			// n8n sends community credential types to the editor as a spread copy ({ ...type }); the
			// HTTP Request node's list keeps types whose copy has `authenticate` ('has:authenticate').
			expect(Object.keys(credential)).toContain('authenticate');
			const copy = { ...credential } as Record<string, unknown>;
			expect(typeof copy.authenticate).toBe('function');
		});
	});

	describe('authenticate', () => {
		it.each(PLACEMENTS.map((placement) => [placement]))(
			'works for %s with nothing but the key, Allowed Hosts and the field defaults',
			async (placement: Placement) => {
				const values: ICredentialDataDecryptedObject = { apiKey: CANARY_ASCII, placement };
				if (placement === 'basicPassword') values.basicUsername = 'user';
				const out = await authenticate(values, {
					url: 'https://api.example.com/items',
					method: 'POST',
				});
				expect(out.url).toBe('https://api.example.com/items');
				expect(out.sendCredentialsOnCrossOriginRedirect).toBe(false);
				const authorization = headersOf(out).Authorization ?? '';
				const sent = authorization.startsWith('Basic ')
					? decodeBasic(authorization)
					: JSON.stringify(out);
				expect(sent).toContain(CANARY_ASCII);
			},
		);

		it('sends the key in X-API-Key by default', async () => {
			const out = await authenticate({ apiKey: `  ${CANARY_ASCII}  ` });
			expect(out.headers).toEqual({ 'X-API-Key': CANARY_ASCII });
		});

		it('sends the key in a custom header, replacing the request header of that name', async () => {
			const out = await authenticate(
				{ apiKey: CANARY_ASCII, placement: 'header', headerName: 'X-Auth-Token' },
				{ url: 'https://api.example.com/', headers: { 'x-auth-token': 'old', Accept: '*/*' } },
			);
			expect(out.headers).toEqual({ Accept: '*/*', 'X-Auth-Token': CANARY_ASCII });
		});

		it('sends Bearer and strips a pasted "Bearer " prefix', async () => {
			const out = await authenticate({ apiKey: `bearer ${CANARY_ASCII}`, placement: 'bearer' });
			expect(headersOf(out).Authorization).toBe(`Bearer ${CANARY_ASCII}`);
		});

		it('sends a custom scheme and strips it when pasted with the key', async () => {
			const out = await authenticate({
				apiKey: `TOKEN ${CANARY_ASCII}`,
				placement: 'authScheme',
				scheme: 'Token',
			});
			expect(headersOf(out).Authorization).toBe(`Token ${CANARY_ASCII}`);
			const custom = await authenticate({
				apiKey: CANARY_ASCII,
				placement: 'authScheme',
				scheme: 'Api-Key',
			});
			expect(headersOf(custom).Authorization).toBe(`Api-Key ${CANARY_ASCII}`);
		});

		it('sends Basic auth with the key as username, with and without password', async () => {
			const without = await authenticate({ apiKey: CANARY, placement: 'basicUsername' });
			expect(decodeBasic(headersOf(without).Authorization)).toBe(`${CANARY}:`);
			const withPassword = await authenticate({
				apiKey: CANARY,
				placement: 'basicUsername',
				basicPassword: 'x',
			});
			expect(decodeBasic(headersOf(withPassword).Authorization)).toBe(`${CANARY}:x`);
		});

		it('sends Basic auth with the key as password', async () => {
			const out = await authenticate({
				apiKey: CANARY,
				placement: 'basicPassword',
				basicUsername: 'me',
			});
			expect(decodeBasic(headersOf(out).Authorization)).toBe(`me:${CANARY}`);
		});

		it('sends a non-ASCII key as a query parameter', async () => {
			const out = await authenticate(
				{ apiKey: CANARY, placement: 'query', queryName: 'key' },
				{ url: 'https://api.example.com/x', qs: { page: 1 } },
			);
			expect(out.qs).toEqual({ page: 1, key: CANARY });
		});

		it('adds the key to JSON and form bodies', async () => {
			const jsonOut = await authenticate(
				{ apiKey: CANARY, placement: 'body' },
				{ url: 'https://api.example.com/x', method: 'POST', body: { a: 1 } },
			);
			expect(jsonOut.body).toEqual({ a: 1, api_key: CANARY });
			const formOut = await authenticate(
				{ apiKey: CANARY, placement: 'body', bodyFormat: 'form', bodyFieldName: 'k' },
				{ url: 'https://api.example.com/x', method: 'POST' },
			);
			expect(new URLSearchParams(formOut.body as string).get('k')).toBe(CANARY);
		});

		it('merges the key cookie with the request cookies', async () => {
			const out = await authenticate(
				{ apiKey: CANARY_ASCII, placement: 'cookie', cookieName: 'sid' },
				{ url: 'https://api.example.com/', headers: { Cookie: 'theme=dark' } },
			);
			expect(out.headers).toEqual({ Cookie: `theme=dark; sid=${CANARY_ASCII}` });
		});

		it('adds the extra fields', async () => {
			const out = await authenticate({
				apiKey: CANARY_ASCII,
				placement: 'bearer',
				extraFields: {
					field: [
						{ location: 'header', name: 'X-Secret', value: 's', secret: true },
						{ location: 'query', name: 'v', value: '2', secret: false },
					],
				},
			});
			expect(out.headers).toEqual({ Authorization: `Bearer ${CANARY_ASCII}`, 'X-Secret': 's' });
			expect(out.qs).toEqual({ v: '2' });
		});

		it('runs the credential test against the Base URL and Test Request URL', async () => {
			const values = {
				apiKey: CANARY_ASCII,
				baseUrl: 'https://api.example.com/v1',
				testUrl: '/me',
			};
			const out = await authenticate(values, {
				baseURL: 'https://api.example.com/v1',
				url: '/me',
				method: 'GET',
			});
			expect(out.baseURL).toBe('https://api.example.com/v1');
			expect(out.url).toBe('/me');
			expect(out.allowedDomains).toBe('api.example.com');
			const empty = await authenticate(values, { baseURL: '', url: '', method: 'GET' });
			expect(empty.url).toBe('https://api.example.com/v1');
		});

		it('does not change the request options it is given', async () => {
			const options: IHttpRequestOptions = {
				url: 'https://api.example.com/',
				headers: { a: '1' },
				qs: { b: '2' },
			};
			const before = JSON.stringify(options);
			await authenticate({ apiKey: CANARY, placement: 'query' }, options);
			expect(JSON.stringify(options)).toBe(before);
		});

		describe('rejects without revealing the key', () => {
			it.each([
				[
					'a non-ASCII key in a header',
					{ apiKey: CANARY, placement: 'header' },
					/cannot be sent in an HTTP header/,
				],
				[
					'a non-ASCII key with Bearer',
					{ apiKey: CANARY, placement: 'bearer' },
					/cannot be sent in an HTTP header/,
				],
				[
					'a non-ASCII key with a custom scheme',
					{ apiKey: CANARY, placement: 'authScheme', scheme: 'Token' },
					/cannot be sent in an HTTP header/,
				],
				[
					'a non-ASCII key in a cookie',
					{ apiKey: CANARY, placement: 'cookie' },
					/cannot be sent in a cookie/,
				],
				['an empty key', { apiKey: '   ' }, /The API key is empty/],
				[
					'an invalid scheme',
					{ apiKey: CANARY, placement: 'authScheme', scheme: 'Two Words' },
					/scheme/,
				],
				[
					'an invalid header name',
					{ apiKey: CANARY, headerName: 'X Key' },
					/header name in the API Key credential is not valid/,
				],
				[
					'a missing Basic username',
					{ apiKey: CANARY, placement: 'basicPassword' },
					/username is empty/,
				],
				[
					'a host that is not allowed',
					{ apiKey: CANARY, placement: 'query', allowedHosts: 'other.example.com' },
					/does not allow sending its key to https:\/\/api\.example\.com/,
				],
				[
					'a host other than the Base URL host',
					{ apiKey: CANARY, placement: 'query', baseUrl: 'https://other.example.com' },
					/does not allow sending its key to https:\/\/api\.example\.com/,
				],
				[
					'a duplicate header',
					{
						apiKey: CANARY,
						placement: 'query',
						extraFields: { field: [{ name: 'A' }, { name: 'a' }] },
					},
					/set twice/,
				],
			])('%s', async (_label, values, message) => {
				const error = await expectKeyConfigRejection(authenticate(values), message, [CANARY]);
				expect(error).toBeInstanceOf(KeyConfigError);
			});

			it.each<[IHttpRequestMethods | undefined]>([['GET'], ['HEAD'], [undefined]])(
				'the body placement with a %s request',
				async (method) => {
					await expectKeyConfigRejection(
						authenticate(
							{ apiKey: CANARY, placement: 'body' },
							{ url: 'https://api.example.com/', method },
						),
						new RegExp(`${method ?? 'GET'} requests have no body`),
						[CANARY],
					);
				},
			);

			it('a raw body with the body placement', async () => {
				await expectKeyConfigRejection(
					authenticate(
						{ apiKey: CANARY, placement: 'body' },
						{ url: 'https://api.example.com/', method: 'POST', body: 'raw' },
					),
					/raw data/,
					[CANARY],
				);
			});

			it('in none of the texts of the error', async () => {
				try {
					await authenticate({ apiKey: CANARY, placement: 'header' });
					throw new Error('expected a rejection');
				} catch (error) {
					expectNoSecretIn(error, [CANARY]);
					expect((error as KeyConfigError).description).toBeDefined();
				}
			});
		});
	});
});
