/** One page of a paged list, as a page-numbered API returns it. */
export interface Page<T> {
	records: T[];
	/** How many records the whole list has, when the API says. */
	totalRecords?: number;
}

export interface CollectOptions {
	/** Stop after this many records; undefined for all of them. */
	limit?: number;
	/** Records per request; capped at `limit` so a small limit is one small request. */
	pageSize: number;
	/** A hard stop against an API that keeps answering full pages forever. */
	maxPages?: number;
}

const DEFAULT_MAX_PAGES = 10_000;

/**
 * Reads a page-numbered list (pages counted from 1) until `limit` records, a short page, or
 * the total the API reported. Pages are fetched one after another: the APIs we page through
 * run on small home servers, and a burst of parallel requests would only slow them down.
 */
export async function collectPages<T>(fetchPage: (page: number, pageSize: number) => Promise<Page<T>>, options: CollectOptions): Promise<T[]> {
	const { limit } = options;
	const pageSize = Math.max(1, limit === undefined ? options.pageSize : Math.min(options.pageSize, limit));
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	const out: T[] = [];
	for (let page = 1; page <= maxPages; page++) {
		const { records, totalRecords } = await fetchPage(page, pageSize);
		for (const record of records) {
			out.push(record);
			if (limit !== undefined && out.length >= limit) return out;
		}
		const seen = (page - 1) * pageSize + records.length;
		if (records.length < pageSize || (totalRecords !== undefined && seen >= totalRecords)) break;
	}
	return out;
}
