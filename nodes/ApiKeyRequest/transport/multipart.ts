import { randomBytes } from 'crypto';

import { RequestInputError } from '../../../shared/errors';
import type { MultipartPart } from './types';

/** A quoted parameter value of a part header: quotes escaped, line breaks impossible. */
function quote(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n\0]/g, ' ');
}

/** `type/subtype` with optional parameters, and nothing that could end the header line. */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*;[^\r\n\0]*)?$/;

export function isMediaType(value: string): boolean {
	return MEDIA_TYPE.test(value);
}

/** Encodes multipart/form-data without a form-data library, which community nodes cannot ship. */
export function encodeMultipart(parts: MultipartPart[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nApiKey${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
		if (part.kind === 'file') {
			if (!isMediaType(part.mimeType)) {
				throw new RequestInputError(
					`The file for the form field "${part.name}" has an invalid MIME type`,
					'A MIME type looks like text/plain or application/pdf. Fix the binary data of the input item, e.g. with an Edit Fields node.',
				);
			}
			head += `; filename="${quote(part.fileName)}"\r\nContent-Type: ${part.mimeType}`;
		}
		chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'));
		chunks.push(part.kind === 'file' ? part.data : Buffer.from(part.value, 'utf8'));
		chunks.push(Buffer.from('\r\n', 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
