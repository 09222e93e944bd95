const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`. */
export function localDay(date: Date, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((item) => item.type === type)?.value ?? '00';
	return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole calendar days from one `YYYY-MM-DD` to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface SessionExpiry {
	/** When the session ends: its creation plus its lifetime. */
	expires: Date;
	/**
	 * Calendar days from today to the expiry day, in the configured zone: 0 on the day it
	 * expires, negative once it has.
	 */
	daysRemaining: number;
	/** Today in the configured zone (`YYYY-MM-DD`), the key for "once per day". */
	today: string;
}

/**
 * MAM ends a session `lifetimeDays` after it was created, however often it is used (the
 * MouseTrap docs: 90 days); the daily keepalive only prevents the earlier end of sessions
 * left unused for weeks. So the expiry counts from the creation time alone.
 */
export function sessionExpiry(created: Date, lifetimeDays: number, now: Date, timeZone: string): SessionExpiry {
	const expires = new Date(created.getTime() + lifetimeDays * DAY_MS);
	const today = localDay(now, timeZone);
	return { expires, daysRemaining: daysBetween(today, localDay(expires, timeZone)), today };
}
