import type { IDataObject } from 'n8n-workflow';

import type { MamSeedboxResponse } from '../../../../clients/myanonamouse/types';

/** The address MAM registered for the session, as reported by the dynamic seedbox call. */
export function seedboxAddress(data: MamSeedboxResponse | undefined): IDataObject {
	return {
		ip: typeof data?.ip === 'string' ? data.ip : null,
		asn: data?.ASN === undefined || data.ASN === null ? null : Number(data.ASN),
		asName: typeof data?.AS === 'string' ? data.AS : null,
	};
}
