/**
 * Contract tests: for every preset, a local stub that enforces the provider's documented auth
 * shape answers the preset's credential test with success, and rejects every other key shape.
 */
import { NodeHelpers } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { ApiKeyApi } from '../../credentials/ApiKeyApi.credentials';
import { LEGACY_ACCOUNT_FIELD, PRESETS } from '../../shared/services/presets';
import { PROVIDER_CONTRACTS, type ProviderContract } from '../contracts/providerContracts';
import { testCredential } from '../helpers/credentialTest';
import {
	SHAPE_BATTERY,
	acceptedShapes,
	accountForStub,
	partsForShape,
	pointPresetAt,
	requiredHeaders,
	startProviderStub,
	stubUrl,
	targetOf,
} from '../helpers/presetStubs';
import type { TestServer } from '../helpers/servers';

const credentialType = new ApiKeyApi();

function credentialData(
	id: string,
	contract: ProviderContract,
	server: TestServer,
	apiKey = contract.sample.apiKey,
	accountName?: string,
): ICredentialDataDecryptedObject {
	const preset = PRESETS.find((entry) => entry.id === id)!;
	const account = accountForStub(preset, contract, server);
	return {
		service: id,
		apiKey,
		...(account !== undefined ? { [accountName ?? preset.account!.field]: account } : {}),
		...contract.sample.fields,
	};
}

/**
 * What n8n's editor saves for a new credential: it pre-fills every property name with the default
 * of the first property of that name, the user sets Service and the fields, and Save stores the
 * values that differ from the displayed property's default (CredentialEdit.vue, saveCredential).
 */
function savedByEditor(values: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const form: ICredentialDataDecryptedObject = {};
	for (const property of credentialType.properties) {
		if (!(property.name in form)) form[property.name] = property.default as ICredentialDataDecryptedObject[string];
	}
	return NodeHelpers.getNodeParameters(credentialType.properties, { ...form, ...values } as INodeParameters, false, false, null, null) as ICredentialDataDecryptedObject;
}

describe('every preset has a provider contract', () => {
	it('and every contract a preset', () => {
		expect(Object.keys(PROVIDER_CONTRACTS).sort()).toEqual(PRESETS.map((preset) => preset.id).sort());
	});

	it('has at least 20 presets', () => {
		expect(PRESETS.length).toBeGreaterThanOrEqual(20);
	});
});

describe.each(PRESETS.map((preset) => [preset.id]))('preset %s', (id) => {
	const contract = PROVIDER_CONTRACTS[id];
	let server: TestServer;
	let restore: () => void;

	beforeAll(async () => {
		server = await startProviderStub(contract);
		restore = pointPresetAt(id, server.url);
	});

	afterAll(async () => {
		restore();
		await server.close();
	});

	beforeEach(() => {
		server.requests.length = 0;
	});

	it('passes the credential test against the documented shape', async () => {
		const result = await testCredential(credentialType, credentialData(id, contract, server));
		expect(result.status).toBe('OK');
		expect(result.message.startsWith(`Connection successful: ${PRESETS.find((entry) => entry.id === id)!.name} accepted the live Key.`)).toBe(true);
		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expect(targetOf(request)).toEqual({ host: contract.host, path: contract.path });
		expect(request.method).toBe(contract.method);
		// Exactly one documented place holds the key, and the test marker never leaves n8n.
		expect(acceptedShapes(request, contract)).toHaveLength(1);
		expect(request.headers['x-api-key-credential-test']).toBeUndefined();
		const wire = `${request.url}\n${JSON.stringify(request.headers)}`;
		const rawOccurrences = wire.split(contract.sample.apiKey).length - 1;
		const basic = String(request.headers.authorization ?? '').startsWith('Basic ') ? 1 : 0;
		expect(rawOccurrences + basic).toBe(1);
	});

	it('passes when created in the editor: every per-service field keeps its own default through save and load', async () => {
		const result = await testCredential(credentialType, savedByEditor(credentialData(id, contract, server)));
		expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Connection successful: /) });
		expect(server.requests).toHaveLength(1);
	});

	const preset = PRESETS.find((entry) => entry.id === id)!;
	if (preset.account) {
		it(`still reads the account from the field "${LEGACY_ACCOUNT_FIELD}" of credentials saved by 0.1`, async () => {
			const result = await testCredential(credentialType, credentialData(id, contract, server, contract.sample.apiKey, LEGACY_ACCOUNT_FIELD));
			expect(result.status).toBe('OK');
			expect(targetOf(server.requests[0])).toEqual({ host: contract.host, path: contract.path });
		});
	}

	it('fails the credential test with a wrong key, explained', async () => {
		const result = await testCredential(credentialType, credentialData(id, contract, server, `wrong${contract.sample.apiKey}`));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('The API rejected the key (401)');
	});

	it('stub accepts only the documented key shapes', async () => {
		const base = stubUrl(server, contract.host, contract.path);
		const statuses: Record<string, number> = {};
		for (const shape of SHAPE_BATTERY) {
			const { headers, query } = partsForShape(shape, contract.sample.apiKey);
			const url = new URL(base);
			for (const [name, value] of Object.entries({ ...contract.query, ...query })) url.searchParams.set(name, value);
			const response = await fetch(url, {
				method: contract.method,
				headers: { ...requiredHeaders(contract), ...headers },
			});
			statuses[shape] = response.status;
		}
		const expected = Object.fromEntries(
			SHAPE_BATTERY.map((shape) => [shape, contract.keyShapes.includes(shape) ? 200 : 401]),
		);
		expect(statuses).toEqual(expected);
		for (const shape of contract.keyShapes) expect(SHAPE_BATTERY).toContain(shape);
	});

	const versionHeaders = Object.keys(contract.headers ?? {});
	if (versionHeaders.length > 0) {
		it(`stub rejects the request without ${versionHeaders.join(', ')}`, async () => {
			const { headers } = partsForShape(contract.keyShapes[0], contract.sample.apiKey);
			const url = new URL(stubUrl(server, contract.host, contract.path));
			for (const [name, value] of Object.entries(contract.query ?? {})) url.searchParams.set(name, value);
			const response = await fetch(url, { method: contract.method, headers });
			expect(response.status).toBe(400);
		});
	}
});
