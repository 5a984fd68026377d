/**
 * Errors the package's pure layers throw with texts meant for the user. Their messages never
 * contain a secret; the node turns them into n8n errors.
 */

/** A problem the user can fix, with a sentence on how. */
export class ExplainedError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'ExplainedError';
	}
}

/** A problem with the credential's configuration. */
export class KeyConfigError extends ExplainedError {
	constructor(message: string, description?: string) {
		super(message, description);
		this.name = 'KeyConfigError';
	}
}

/** A request the node's parameters or the item's data describe cannot be sent as it is. */
export class RequestInputError extends ExplainedError {
	constructor(message: string, description?: string) {
		super(message, description);
		this.name = 'RequestInputError';
	}
}
