import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { proxyRoute } from '../transport';

/** Shorter than any mam_id MAM hands out; catches a pasted label or a truncated copy. */
const MIN_MAM_ID_LENGTH = 20;

/**
 * Checks the credential without sending the cookie anywhere. Any request carrying it may make
 * MAM rotate it, and a connection test has nowhere to keep the new value: testing would end
 * the session it is meant to confirm. Session → Check tests it against MAM for real.
 */
export async function myAnonamouseApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const mamId = typeof data.mamId === 'string' ? data.mamId.trim() : '';
	if (mamId === '') return { status: 'Error', message: 'The MAM ID is empty. Copy the mam_id of a session from MyAnonamouse → Preferences → Security.' };
	if (/[\s;,]/.test(mamId) || mamId.startsWith('mam_id=')) {
		return { status: 'Error', message: 'The MAM ID contains spaces, commas, semicolons or a "mam_id=" prefix. Paste only the value of the mam_id.' };
	}
	if (mamId.length < MIN_MAM_ID_LENGTH) {
		return { status: 'Error', message: `The MAM ID is only ${mamId.length} characters long; a mam_id is much longer. Copy the whole value.` };
	}
	if (data.customAddresses === true) {
		for (const [label, value] of [['Seedbox API URL', data.seedboxUrl], ['Site URL', data.siteUrl]] as const) {
			if (typeof value === 'string' && value.trim() !== '' && !/^https?:\/\/[^/]/i.test(value.trim())) {
				return { status: 'Error', message: `The ${label} must start with http:// or https://.` };
			}
		}
	}
	if (data.useProxy === true) {
		try {
			proxyRoute(data);
		} catch (error) {
			return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
		}
	}
	return {
		status: 'OK',
		message: 'The MAM ID looks valid. It was not sent to MyAnonamouse, since each use may rotate it; run the node\'s Session → Check to test it against MAM.',
	};
}
