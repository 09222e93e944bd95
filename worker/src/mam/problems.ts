import type { MamOutcomeName } from '../workflows/types';

/**
 * What a MAM answer other than "yes" means for a session, worded once for the rotation, the
 * daily check, the CLI and the notifications: the type callers match on, a message that names
 * MyAnonamouse as the one that said no, and the fix.
 */
export interface MamProblem {
	/** InvalidSession (dead cookie), SessionRefused (live session, wrong network or use), UnexpectedAnswer. */
	type: 'InvalidSession' | 'SessionRefused' | 'UnexpectedAnswer';
	message: string;
	fix: string;
}

/** What the user does with a session MAM no longer knows: a new one, saved through the runner. */
export function newSessionFix(label: string): string {
	return (
		`create a new session on MyAnonamouse (Preferences → Security) and save its mam_id with ` +
		`\`mediastack mam set-id ${label} NEW_MAM_ID --created now\` (API: POST /api/mam/sessions/${label}/mam_id with {"mam_id", "created": "now"}); Prowlarr is updated for you.`
	);
}

export interface KeepaliveAnswer {
	outcome: MamOutcomeName;
	status: number;
	/** MAM's own words, already scrubbed. */
	message: string;
}

/**
 * The problem behind an answer, or undefined when MAM accepted the session (a rate limit is a
 * live session's answer). `interruptedAt`: a call with the same cookie got no answer before.
 */
export function keepaliveProblem(label: string, keepalive: 'dynamic_seedbox' | 'user_stats', answer: KeepaliveAnswer, interruptedAt?: string): MamProblem | undefined {
	const said = answer.message.trim().replace(/[.\s]+$/, '');
	switch (answer.outcome) {
		case 'ok':
		case 'no_change':
		case 'rate_limited':
			return undefined;
		case 'invalid_session': {
			const fix = newSessionFix(label);
			if (interruptedAt !== undefined) {
				return {
					type: 'InvalidSession',
					message:
						`A cookie rotation was interrupted while MyAnonamouse was answering (the call started ${interruptedAt} and its answer never arrived), ` +
						`and MyAnonamouse now refuses the saved cookie (${said}): it most likely sent a new cookie in that lost answer. The session cannot be recovered from here. Fix: ${fix}`,
					fix,
				};
			}
			return { type: 'InvalidSession', message: `MyAnonamouse refused the session: ${said}. The cookie no longer belongs to a live session (expired, revoked or unused for weeks). Fix: ${fix}`, fix };
		}
		case 'wrong_session_type': {
			const fix =
				keepalive === 'dynamic_seedbox'
					? `on MyAnonamouse (Preferences → Security), add this machine's IP or ASN to the session and allow it to set the dynamic seedbox; or create an IP- or ASN-locked session with "Allow Session to set Dynamic Seedbox" and save it with \`mediastack mam set-id ${label} NEW_MAM_ID --created now\`; or set \`keepalive: user_stats\` for this session.`
					: `on MyAnonamouse (Preferences → Security), add this machine's IP or ASN to the session, or create a session for it and save it with \`mediastack mam set-id ${label} NEW_MAM_ID --created now\`.`;
			return { type: 'SessionRefused', message: `MyAnonamouse refused the session from this machine: ${said}. The session is alive, but not for this IP/ASN or for this call. Fix: ${fix}`, fix };
		}
		case 'unexpected_html': {
			const fix = `check that https://www.myanonamouse.net opens from this machine (a maintenance page or a browser check answers like this); the daily check tries again, or run \`mediastack mam rotate ${label}\` once it does.`;
			return { type: 'UnexpectedAnswer', message: `${said}. Fix: ${fix}`, fix };
		}
		case 'unexpected': {
			const fix = `try again later (\`mediastack mam rotate ${label}\`); if it persists, check the session on MyAnonamouse (Preferences → Security).`;
			return { type: 'UnexpectedAnswer', message: `MyAnonamouse gave an answer the runner does not know (HTTP ${answer.status}): ${said}. Fix: ${fix}`, fix };
		}
	}
}
