/** A problem with the credential's configuration. Its message never contains a secret. */
export class KeyConfigError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'KeyConfigError';
	}
}
