/**
 * Times as stores hand them back (ISO strings, Date objects, epoch numbers, empty cells) and the
 * fixed windows usage is counted in.
 */

/** Epoch milliseconds; undefined for an empty value; NaN for a value that is not a time. */
export function parseTime(value: unknown): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return Number.NaN;
		// Seconds (Unix time) below 10^11, milliseconds above: 10^11 s is the year 5138.
		return value < 1e11 ? value * 1000 : value;
	}
	if (typeof value === 'object' && typeof (value as { toISOString?: unknown }).toISOString === 'function') {
		return Date.parse((value as { toISOString: () => string }).toISOString());
	}
	if (typeof value !== 'string') return Number.NaN;
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return parseTime(Number(text));
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? Number.NaN : parsed;
}

export function isoTime(ms: number): string {
	return new Date(ms).toISOString();
}

export type Period = 'hour' | 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['hour', 'day', 'week', 'month'];

export interface Window {
	start: number;
	end: number;
}

/** The fixed window of `seconds` that contains `now`, aligned to the Unix epoch. */
export function fixedWindow(now: number, seconds: number): Window {
	const size = Math.max(1, Math.floor(seconds)) * 1000;
	const start = Math.floor(now / size) * size;
	return { start, end: start + size };
}

/** The calendar period (UTC) that contains `now`; weeks start on Monday. */
export function calendarWindow(now: number, period: Period): Window {
	const date = new Date(now);
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth();
	const day = date.getUTCDate();
	switch (period) {
		case 'hour': {
			const start = Date.UTC(year, month, day, date.getUTCHours());
			return { start, end: start + 3_600_000 };
		}
		case 'day': {
			const start = Date.UTC(year, month, day);
			return { start, end: Date.UTC(year, month, day + 1) };
		}
		case 'week': {
			const sinceMonday = (date.getUTCDay() + 6) % 7;
			return { start: Date.UTC(year, month, day - sinceMonday), end: Date.UTC(year, month, day - sinceMonday + 7) };
		}
		case 'month':
			return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
	}
}

export function isPeriod(value: unknown): value is Period {
	return typeof value === 'string' && (PERIODS as readonly string[]).includes(value);
}
