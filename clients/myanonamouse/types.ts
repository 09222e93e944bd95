/** Raw MyAnonamouse shapes, as the site sends them. */

/** Body of /json/dynamicSeedbox.php. */
export interface MamSeedboxResponse {
	Success?: boolean;
	msg?: string;
	ip?: string;
	ASN?: number | string;
	AS?: string;
}

/** Part of /jsonLoad.php that we use; the site sends more. */
export interface MamUserStats {
	uid?: number;
	username?: string;
	classname?: string;
	ratio?: number | string;
	seedbonus?: number;
	uploaded?: string;
	downloaded?: string;
	uploaded_bytes?: number;
	downloaded_bytes?: number;
	wedges?: number;
	vip_until?: string | null;
	connectable?: string;
	[key: string]: unknown;
}

/**
 * What a MAM answer means for the session:
 * - ok: accepted (dynamic seedbox "Completed", or stats returned)
 * - no_change: accepted, the IP was already registered
 * - rate_limited: "Last change too recent" (one IP change per hour)
 * - invalid_session: the cookie is dead; the user must create a new session on MAM
 * - wrong_session_type: the session is not IP/ASN-locked with dynamic seedbox permission, or the IP/ASN does not match it
 * - unexpected_html: an HTML page (login page, Cloudflare, maintenance) instead of JSON
 * - unexpected: anything else (status and message kept)
 */
export type MamOutcome = 'ok' | 'no_change' | 'rate_limited' | 'invalid_session' | 'wrong_session_type' | 'unexpected_html' | 'unexpected';

export interface MamResult<T> {
	outcome: MamOutcome;
	/** True when MAM accepted the session (ok or no_change). */
	accepted: boolean;
	status: number;
	message: string;
	/** A rotated cookie from Set-Cookie: save it before anything else, whatever the outcome. */
	newMamId?: string;
	/** For rate_limited: how long to wait, when MAM said. */
	retryAfterMs?: number;
	data?: T;
}
