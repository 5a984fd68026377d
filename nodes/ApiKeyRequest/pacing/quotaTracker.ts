/**
 * The key's quota as the API reports it, turned into how many more requests this process may
 * start before the quota resets. Pure (the caller passes the clock reading).
 *
 * Other processes (queue-mode workers, other n8n instances) use the same key without telling
 * anyone: the only shared state is the API's answers. So every answer's `remaining` is read as
 * the key's remaining quota for everyone, and this process claims its share of it. The share is
 * estimated from how fast `remaining` falls compared with this process's own requests (one
 * process: 1; two equally busy ones: about 0.5), learned across windows.
 *
 * - Alone (share 1): credits follow every answer: `remaining − own requests in flight`.
 * - Shared, and the API names its limit: each process is entitled to `floor(limit × share)`
 *   requests per window, whenever in the window it comes; what it started in the window counts
 *   against that, and never more than `remaining − own requests in flight`. The share is learned
 *   at the end of each window from what this process used of the limit.
 * - Shared, limit unknown: `floor(remaining × share) − own requests in flight` at the first answer
 *   of the window, only ever lower after that (every process sees the key a little late, and
 *   claiming more on a late reading is how 429s happen).
 *
 * Credits count down with every start; at zero the key waits for the reset. After a reset, until
 * the first answer of the new window, at most `limit × share` requests start.
 */
import type { QuotaState } from './quotaHeaders';

interface Window {
	resetAt: number;
	limit?: number;
	/** Requests this process may still start in the window */
	credits: number;
	/** Requests this process started in the window */
	starts: number;
	/** `remaining` of the first answer in the window and the lowest since */
	firstRemaining: number;
	lowestRemaining: number;
	/** Answers this process got in the window that used quota (the first one included) */
	ownUsed: number;
}

/** Readings of one window less than this apart are the same reset (delta-seconds round). */
const SAME_RESET_MS = 1000;
/** Requests consumed in a window before the share estimate is trusted. */
const SHARE_EVIDENCE = 8;
const MIN_SHARE = 0.05;

/** The quota that paces request starts: counted in requests, with a remaining count. */
function requestQuota(quotas: readonly QuotaState[]): QuotaState | undefined {
	let best: QuotaState | undefined;
	for (const quota of quotas) {
		if (quota.unit !== undefined || quota.remaining === undefined) continue;
		if (
			best === undefined ||
			quota.remaining < (best.remaining as number) ||
			(quota.remaining === best.remaining && (quota.resetAt ?? 0) > (best.resetAt ?? 0))
		) {
			best = quota;
		}
	}
	return best;
}

export class QuotaTracker {
	/** Estimated fraction of the key's use that is this process's, learned over windows. */
	share = 1;
	/** Requests in flight the API allows at once (RateLimit-Policy qu="concurrent-requests"). */
	concurrencyCap?: number;
	private window?: Window;
	/** Requests started while no window was known (before the first answer, or after a reset). */
	private startsOutside = 0;
	private endedLimit?: number;

	/** The window's state, for Include Quota State. */
	view(now: number): { credits?: number; resetAt?: number; share: number } {
		const window = this.window && now < this.window.resetAt ? this.window : undefined;
		return { credits: window?.credits, resetAt: window?.resetAt, share: this.currentShare() };
	}

	onStart(now: number): void {
		const window = this.window;
		if (window && now < window.resetAt) {
			window.credits--;
			window.starts++;
		} else {
			this.startsOutside++;
		}
	}

	/**
	 * An answer: `othersInFlight` are this process's requests still under way; `refused` when the
	 * API turned the request down (a 429 uses no quota, so it is not this process's consumption).
	 */
	onAnswer(quotas: readonly QuotaState[], now: number, othersInFlight: number, refused = false): void {
		this.readConcurrency(quotas);
		const quota = requestQuota(quotas);
		if (!quota || quota.resetAt === undefined || quota.resetAt <= now) return;
		const remaining = quota.remaining as number;
		let window = this.window;
		const same = window !== undefined && now < window.resetAt && Math.abs(quota.resetAt - window.resetAt) < SAME_RESET_MS;
		if (!same) {
			if (window) this.fold(window);
			window = {
				resetAt: quota.resetAt,
				limit: quota.limit,
				credits: 0,
				// What started since the last reset (or since the start) belongs to this window.
				starts: Math.max(this.startsOutside, othersInFlight + 1),
				firstRemaining: remaining,
				lowestRemaining: remaining,
				ownUsed: refused ? 0 : 1,
			};
			this.window = window;
			this.startsOutside = 0;
			this.endedLimit = undefined;
			window.credits = this.claim(window, this.share, othersInFlight, Number.POSITIVE_INFINITY);
			return;
		}
		const current = window as Window;
		current.resetAt = Math.max(current.resetAt, quota.resetAt);
		if (quota.limit !== undefined) current.limit = quota.limit;
		if (!refused) current.ownUsed++;
		// The lowest reading is the latest state of the key (an answer overtaken by a later one
		// reports more); requests started since are still in flight, or their answers lowered it.
		current.lowestRemaining = Math.min(current.lowestRemaining, remaining);
		current.credits = this.claim(current, this.shareIn(current), othersInFlight, current.credits);
	}

	/** What this process may still start in the window (see the file comment). */
	private claim(window: Window, share: number, othersInFlight: number, previous: number): number {
		const left = window.lowestRemaining - othersInFlight;
		if (share >= 1) return left;
		if (window.limit !== undefined) return Math.min(Math.floor(window.limit * share) - window.starts, left);
		return Math.min(previous, Math.floor(window.lowestRemaining * share) - othersInFlight);
	}

	/**
	 * 0 when a request may start now, the reset time while the window's credits are used up, or
	 * Infinity while the first answers of a new window are awaited (a release ends that).
	 */
	blockedUntil(now: number, inFlight: number): number {
		const window = this.window;
		if (window && now < window.resetAt) return window.credits > 0 ? 0 : window.resetAt;
		if (window && this.endedLimit === undefined && window.limit !== undefined) {
			// The window ended: start counting against the limit until the new window reports.
			this.fold(window);
			this.endedLimit = window.limit;
			this.startsOutside = 0;
		}
		if (this.endedLimit === undefined) return 0;
		const allowance = Math.max(1, Math.floor(this.endedLimit * this.share));
		return this.startsOutside < allowance || inFlight === 0 ? 0 : Number.POSITIVE_INFINITY;
	}

	/** Whether the quota, not this process's own requests, keeps the key waiting until a reset. */
	holdUntil(now: number): number {
		const window = this.window;
		return window && now < window.resetAt && window.credits <= 0 ? window.resetAt : 0;
	}

	private readConcurrency(quotas: readonly QuotaState[]): void {
		for (const quota of quotas) {
			if (quota.unit === 'concurrent-requests' && quota.limit !== undefined) {
				this.concurrencyCap = Math.max(1, Math.floor(quota.limit * this.share));
				return;
			}
		}
	}

	/**
	 * The share to claim in a window: the one learned, or 1 when the window shows that nobody
	 * else uses the key now (what the key lost is this process's own answers, give or take the
	 * requests still in flight).
	 */
	private shareIn(window: Window): number {
		const consumed = this.consumed(window);
		// Evidence: a few requests, or everything this process claimed when it claimed fewer.
		const evidence = window.limit !== undefined ? Math.min(SHARE_EVIDENCE, Math.max(1, Math.floor(window.limit * this.share))) : SHARE_EVIDENCE;
		if (consumed >= evidence && consumed - window.ownUsed <= Math.max(2, 0.1 * consumed)) return 1;
		return this.share;
	}

	/** What the key lost in the window: from its limit when known, else since the first answer. */
	private consumed(window: Window): number {
		return window.limit !== undefined ? window.limit - window.lowestRemaining : window.firstRemaining - window.lowestRemaining + 1;
	}

	private currentShare(): number {
		return this.window ? this.shareIn(this.window) : this.share;
	}

	/** At the end of a window: the share it showed, blended into what was learned. */
	private fold(window: Window): void {
		const consumed = this.consumed(window);
		if (window.ownUsed < 0 || consumed <= 0) return;
		const sample = Math.min(1, Math.max(MIN_SHARE, window.ownUsed / consumed));
		// Down at once on good evidence (claiming too much is what causes 429s); otherwise, and up,
		// by halves (others may be back).
		this.share = sample < this.share && consumed >= SHARE_EVIDENCE ? sample : Math.min(1, Math.max(MIN_SHARE, 0.5 * this.share + 0.5 * sample));
		// A window is folded once.
		window.ownUsed = -1;
	}
}
