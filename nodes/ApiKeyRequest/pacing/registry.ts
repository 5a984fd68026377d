/**
 * One pacer per key for the whole n8n process: every execution, item, page and node that sends
 * with the same credential and key to the same origin shares it, so the Rate Limit options and
 * what the API says about the quota describe the key's budget, not one execution's.
 *
 * The registry is keyed by a SHA-256 of credential id, key and origin: the key itself is never
 * kept beyond the node run that read it. A pacer without users is forgotten once nothing it knows
 * matters any more (IDLE_MS after its last use, and not before a hold the API set has ended);
 * the registry never holds more than MAX_ENTRIES pacers without users.
 */
import { createHash } from 'node:crypto';

import { Pacer, systemClock, type Clock, type PacerSettings } from './pacer';

interface Entry {
	pacer: Pacer;
	lastUsed: number;
}

/** How long a pacer without users keeps what it learned (adaptive rate, share, windows). */
export const IDLE_MS = 5 * 60_000;
const MAX_ENTRIES = 1000;

const registry = new Map<string, Entry>();
let lastSweep = Number.NEGATIVE_INFINITY;

/** The registry key of a key at an origin: a hash, so the registry holds no secret. */
export function pacerKey(credentialId: string, key: string, origin: string): string {
	return createHash('sha256').update(credentialId).update('\u0000').update(key).update('\u0000').update(origin).digest('hex');
}

function expired(entry: Entry, now: number): boolean {
	return entry.pacer.idle(now) && now >= entry.lastUsed + IDLE_MS;
}

function sweep(now: number, force = false): void {
	if (!force && now - lastSweep < 1000 && registry.size <= MAX_ENTRIES) return;
	lastSweep = now;
	for (const [key, entry] of registry) {
		if (expired(entry, now)) registry.delete(key);
	}
	// Bounded even if pacers are used once each: the oldest unused ones go first.
	if (registry.size > MAX_ENTRIES) {
		for (const [key, entry] of registry) {
			if (registry.size <= MAX_ENTRIES) break;
			if (entry.pacer.idle(now)) registry.delete(key);
		}
	}
}

/**
 * Joins the pacer of `key` (from pacerKey) for one node run of `party` (its execution). `close`
 * must be called when the run ends; it gives back the run's share at once.
 */
export function openPacer(
	key: string,
	party: string,
	settings: PacerSettings,
	clock: Clock = systemClock,
): { pacer: Pacer; close: () => void } {
	const now = clock.now();
	sweep(now);
	let entry = registry.get(key);
	if (!entry) {
		entry = { pacer: new Pacer(clock), lastUsed: now };
		registry.set(key, entry);
	} else {
		// Most recently used last, so the bound above removes the oldest first.
		registry.delete(key);
		registry.set(key, entry);
	}
	const opened = entry;
	const leave = opened.pacer.join(party, settings);
	let closed = false;
	return {
		pacer: opened.pacer,
		close: () => {
			if (closed) return;
			closed = true;
			leave();
			opened.lastUsed = clock.now();
			sweep(opened.lastUsed, true);
		},
	};
}

/** Pacers currently kept (for tests). */
export function openPacerCount(): number {
	return registry.size;
}

/** Forgets every pacer (for tests that need a fresh process). */
export function resetPacers(): void {
	registry.clear();
	lastSweep = Number.NEGATIVE_INFINITY;
}
