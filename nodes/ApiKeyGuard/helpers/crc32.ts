/**
 * CRC-32 (IEEE 802.3, the polynomial of zlib, PNG and GitHub's token checksums), computed here so
 * the node needs no library. Reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF.
 */

const TABLE: Uint32Array = (() => {
	const table = new Uint32Array(256);
	for (let index = 0; index < 256; index++) {
		let value = index;
		for (let bit = 0; bit < 8; bit++) {
			value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
		}
		table[index] = value >>> 0;
	}
	return table;
})();

/** CRC-32 of the bytes (strings are taken as UTF-8), as an unsigned 32-bit integer. */
export function crc32(input: string | Uint8Array): number {
	const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
	let crc = 0xffffffff;
	for (let index = 0; index < bytes.length; index++) {
		crc = TABLE[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}
