/**
 * A request rate learned from 429 answers that say nothing else (no quota headers, at most a
 * Retry-After): additive increase, multiplicative decrease, as TCP finds a link's capacity.
 * Pure: the caller passes the clock readings.
 *
 * - The first such 429 sets the rate to 90 % of what the API accepted in the second before it
 *   (when that was at least two requests: fewer say nothing about a rate).
 * - Each later one (from a request sent after the previous cut: one burst of 429s is one signal)
 *   cuts the rate to 80 %.
 * - While the rate is what holds requests back, it grows once a second: by 10 % up to just below
 *   the rate of the last cut, then by 2 % (at least half a request) to probe for more.
 * - Ten minutes without a 429 and the rate is forgotten.
 */

const FIRST_CUT = 0.9;
const CUT = 0.8;
const MIN_RATE = 0.2; // one request every five seconds
const FORGET_MS = 10 * 60_000;
const STEP_MS = 1000;
const MIN_SAMPLE = 2;

export interface RateRule {
	maxRequests: number;
	intervalMs: number;
}

export class AdaptiveRate {
	/** Requests per second; undefined while the API has not pushed back. */
	rate?: number;
	/** The rate at the last cut: growth slows down near it. */
	private ceiling = 0;
	private lastCutAt = Number.NEGATIVE_INFINITY;
	private lastStepAt = Number.NEGATIVE_INFINITY;
	private lastHeldBackAt = Number.NEGATIVE_INFINITY;
	/** Answer times of accepted requests in the last second (for the first estimate). */
	private accepted: number[] = [];
	private acceptedHead = 0;
	/** 429s that changed the rate, for Include Quota State and tests. */
	cuts = 0;

	/** The rule the pacer enforces, or undefined when there is none. */
	rule(now: number): RateRule | undefined {
		if (this.rate === undefined) return undefined;
		if (now - this.lastCutAt > FORGET_MS) {
			this.rate = undefined;
			return undefined;
		}
		const maxRequests = Math.max(1, Math.floor(this.rate));
		return { maxRequests, intervalMs: Math.round((1000 * maxRequests) / this.rate) };
	}

	/** The rule kept a request waiting. */
	heldBack(now: number): void {
		this.lastHeldBackAt = now;
	}

	onAccepted(now: number): void {
		this.accepted.push(now);
		this.prune(now);
		if (this.rate === undefined) return;
		if (now - this.lastStepAt < STEP_MS || now - this.lastHeldBackAt > STEP_MS) return;
		const step = this.rate < 0.95 * this.ceiling ? Math.max(1, 0.1 * this.rate) : Math.max(0.5, 0.02 * this.rate);
		this.rate = this.rate < 0.95 * this.ceiling ? Math.min(0.95 * this.ceiling, this.rate + step) : this.rate + step;
		this.lastStepAt = now;
	}

	/** A 429 without quota counts, for a request sent at `startedAt`. */
	onLimited(now: number, startedAt: number): void {
		if (startedAt <= this.lastCutAt) return;
		if (this.rate === undefined) {
			this.prune(now);
			const recent = this.accepted.length - this.acceptedHead;
			// Fewer than two accepted requests in the last second say nothing about a rate.
			if (recent < MIN_SAMPLE) return;
			this.ceiling = Math.max(1, recent);
			this.rate = Math.max(MIN_RATE, recent * FIRST_CUT);
		} else {
			this.ceiling = this.rate;
			this.rate = Math.max(MIN_RATE, this.rate * CUT);
		}
		this.cuts++;
		this.lastCutAt = now;
		this.lastStepAt = now;
	}

	private prune(now: number): void {
		const accepted = this.accepted;
		while (this.acceptedHead < accepted.length && accepted[this.acceptedHead] <= now - 1000) this.acceptedHead++;
		if (this.acceptedHead > 1024 && this.acceptedHead * 2 > accepted.length) {
			accepted.splice(0, this.acceptedHead);
			this.acceptedHead = 0;
		}
	}
}
