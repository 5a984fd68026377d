/**
 * State kept by this n8n process between executions: usage counters and seen signatures. One
 * registry per process; in queue mode every worker has its own (see the docs).
 */
import { ExpiringMap } from '../../helpers/expiringMap';
import { UsageRegistry } from '../../helpers/usage';

export const usageRegistry = new UsageRegistry({ maxEntries: 200_000 });
export const signatureReplays = new ExpiringMap<true>({ maxEntries: 100_000 });

/** For tests: forget every counter and seen signature. */
export function resetRegistries(): void {
	usageRegistry.clear();
	signatureReplays.clear();
}
