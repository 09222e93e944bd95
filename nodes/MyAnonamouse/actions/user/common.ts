import { AuthError, ProtocolError, RateLimitError, ServerError } from '../../../../clients/core/errors';
import type { MediastackError } from '../../../../clients/core/errors';
import type { MamResult } from '../../../../clients/myanonamouse/types';
import { MYANONAMOUSE_IN_N8N } from '../../transport';

/** The typed error for a MAM answer that carries no data; its message is already free of cookies. */
export function errorForRefusal(result: MamResult<unknown>): MediastackError {
	// A login page comes with HTTP 200, which would only mislead as an error's status.
	const context = { service: MYANONAMOUSE_IN_N8N.name, status: result.status >= 400 ? result.status : undefined };
	switch (result.outcome) {
		case 'invalid_session':
		case 'wrong_session_type':
			return new AuthError(`MyAnonamouse refused the session (${result.outcome}): ${result.message}`, { ...context, fix: MYANONAMOUSE_IN_N8N.authFix });
		case 'rate_limited':
			return new RateLimitError(`MyAnonamouse is rate limiting the session: ${result.message}`, { ...context, retryAfterMs: result.retryAfterMs });
		default:
			if (result.status >= 500) return new ServerError(`MyAnonamouse failed with HTTP ${result.status}: ${result.message}`, context);
			return new ProtocolError(`MyAnonamouse gave no stats (${result.outcome}): ${result.message}`, {
				...context,
				fix: 'try again later; if it persists, open myanonamouse.net in a browser from this network to see what it shows.',
			});
	}
}
