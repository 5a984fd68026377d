import { buildClientIndex, clientIndexFor, ClientListError } from '../../../nodes/ApiKeyGuard/helpers/clientList';
import { makeKey } from '../../helpers/guardFixtures';

describe('the credential client list', () => {
	const a = makeKey({ name: 'A' });
	const b = makeKey({ name: 'B' });

	it('reads a JSON array of records (or { clients: [...] }, or one record)', () => {
		expect([...buildClientIndex(JSON.stringify([a.stored, b.stored])).keys()]).toEqual([a.keyId, b.keyId]);
		expect(buildClientIndex({ clients: [a.stored] }).get(a.keyId)?.name).toBe('A');
		expect(buildClientIndex(JSON.stringify(a.stored)).size).toBe(1);
		expect(buildClientIndex('').size).toBe(0);
		expect(buildClientIndex('[]').size).toBe(0);
	});

	it('says which entry is wrong, without showing a secret', () => {
		expect(() => buildClientIndex('[{')).toThrow(new ClientListError('The client list is not valid JSON: it must be an array of key records'));
		expect(() => buildClientIndex('42')).toThrow(/must be a JSON array/);
		expect(() => buildClientIndex(JSON.stringify([a.stored, { name: 'no id' }]))).toThrow('Client list entry 2 has no keyId');
		expect(() => buildClientIndex(JSON.stringify([a.stored, a.stored]))).toThrow(`Client list entry 2: key ${a.keyId} is listed twice`);
		expect(() => buildClientIndex(JSON.stringify([{ ...a.stored, expiresAt: 'never' }]))).toThrow(`Client list entry 1 (key ${a.keyId}): The record's expiresAt is not a date`);
	});

	it('parses a list once and serves it from the cache afterwards', () => {
		const list = JSON.stringify([a.stored, b.stored]);
		const first = clientIndexFor(list);
		expect(clientIndexFor(`${list}`)).toBe(first);
		expect(clientIndexFor(JSON.stringify([a.stored]))).not.toBe(first);
	});
});
