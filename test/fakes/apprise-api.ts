import { FakeServer, HandlerContext, HandlerResult } from './kit';

/**
 * A fake apprise-api server (caronc/apprise-api), checked against its published swagger.yaml:
 * stateless `POST /notify` (URLs in the request), keyed `POST /notify/{key}` (URLs stored with
 * `POST /add/{key}`), `POST /get/{key}`, `POST /del/{key}`, `GET /json/urls/{key}` and
 * `GET /status`. It delivers nothing: each accepted notification is recorded for the test, and
 * URLs the test marks as failing make the server answer 424 like a target that is down.
 */

export const APPRISE_API_SPEC = 'apprise-api.swagger.yaml';

export interface StoredAppriseUrl {
	url: string;
	tags: string[];
}

export interface DeliveredNotification {
	/** Undefined for stateless calls. */
	key?: string;
	/** The targets it reached (after tag filtering). */
	urls: string[];
	title?: string;
	body: string;
	type: string;
	format: string;
	tag?: string;
	/** How the request body came: application/json or a form. */
	contentType: string;
}

export interface FakeAppriseApiOptions {
	port?: number;
	allowViolations?: boolean;
}

/** Apprise URL schemes look like `json://`, `mailto://`, `tgram://`. */
const APPRISE_URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

export class FakeAppriseApi {
	/** Notifications that reached at least one target. */
	readonly notifications: DeliveredNotification[] = [];
	/** Keyed configurations, as `POST /add/{key}` stored them. */
	readonly configs = new Map<string, StoredAppriseUrl[]>();
	/** URLs (exact or by prefix) whose delivery fails: the server answers 424. */
	readonly failingUrls = new Set<string>();

	private constructor(readonly server: FakeServer) {}

	static async start(options: FakeAppriseApiOptions = {}): Promise<FakeAppriseApi> {
		const server = await FakeServer.create({ name: 'Apprise API', spec: APPRISE_API_SPEC, port: options.port, allowViolations: options.allowViolations });
		const fake = new FakeAppriseApi(server);
		server
			.on('GET /status', () => ({ status: 200, body: { attach_lock: false, config_lock: false, status: { persistent_storage: true, can_write_config: true, can_write_attach: true, details: ['OK'] } } }))
			.on('POST /notify', (context) => fake.notify(context, undefined))
			.on('POST /notify/{key}', (context) => fake.notify(context, context.params.key))
			.on('POST /add/{key}', (context) => fake.add(context))
			.on('POST /get/{key}', (context) => fake.get(context.params.key))
			.on('POST /del/{key}', (context) => (fake.configs.delete(context.params.key) ? { status: 200 } : { status: 204 }))
			.on('GET /json/urls/{key}', (context) => fake.jsonUrls(context));
		await server.start();
		return fake;
	}

	get url(): string {
		return this.server.url;
	}

	get requests() {
		return this.server.requests;
	}

	/** Stores URLs under a key, as an admin would with `POST /add/{key}`. */
	store(key: string, urls: Array<string | StoredAppriseUrl>): void {
		this.configs.set(
			key,
			urls.map((entry) => (typeof entry === 'string' ? { url: entry, tags: [] } : entry)),
		);
	}

	stop(): Promise<void> {
		return this.server.stop();
	}

	/** Stops for good; fails when any request broke the published API. */
	close(): Promise<void> {
		return this.server.close();
	}

	private notify(context: HandlerContext, key: string | undefined): HandlerResult {
		const fields = bodyFields(context.body);
		const contentType = String(context.headers['content-type'] ?? '').split(';')[0].trim();
		let targets: string[];
		if (key === undefined) {
			targets = splitUrls(fields.urls).filter((url) => APPRISE_URL.test(url));
		} else {
			const stored = this.configs.get(key);
			if (!stored) return { status: 204 };
			targets = stored.filter((entry) => matchesTag(entry.tags, stringField(fields.tag))).map((entry) => entry.url);
		}
		if (!targets.length) return { status: 204 };
		const failed = targets.filter((url) => [...this.failingUrls].some((failing) => url.startsWith(failing)));
		const delivered: DeliveredNotification = {
			key,
			urls: targets.filter((url) => !failed.includes(url)),
			title: stringField(fields.title),
			body: stringField(fields.body) ?? '',
			type: stringField(fields.type) ?? 'info',
			format: stringField(fields.format) ?? 'text',
			tag: stringField(fields.tag),
			contentType,
		};
		if (delivered.urls.length) this.notifications.push(delivered);
		const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
		const details = [
			...delivered.urls.map((url) => ['INFO', now, `Sent ${schemeOf(url)} notification.`]),
			...failed.map((url) => ['WARNING', now, `Failed to send ${schemeOf(url)} notification.`]),
		];
		const wantsJson = String(context.headers.accept ?? '').includes('application/json');
		if (failed.length) {
			return wantsJson ? { status: 424, body: { error: 'One or more notifications could not be sent', details } } : { status: 424, body: 'One or more notifications could not be sent' };
		}
		return wantsJson ? { status: 200, body: { error: null, details } } : { status: 200, body: details.map((line) => line.join(' - ')).join('\n') };
	}

	private add(context: HandlerContext): HandlerResult {
		const fields = bodyFields(context.body);
		const urls = splitUrls(fields.urls ?? fields.config).filter((url) => APPRISE_URL.test(url));
		if (!urls.length) return { status: 400, body: 'No valid URLs were specified.' };
		this.store(context.params.key, urls);
		return { status: 200, body: 'Successfully saved configuration' };
	}

	private get(key: string): HandlerResult {
		const stored = this.configs.get(key);
		if (!stored) return { status: 204 };
		return { status: 200, body: stored.map((entry) => (entry.tags.length ? `${entry.tags.join(',')}=${entry.url}` : entry.url)).join('\n') };
	}

	private jsonUrls(context: HandlerContext): HandlerResult {
		const stored = this.configs.get(context.params.key);
		if (!stored) return { status: 204 };
		const privacy = context.query.privacy === '1';
		const tags = [...new Set(stored.flatMap((entry) => entry.tags))];
		return {
			status: 200,
			body: {
				tags,
				urls: stored.map((entry, index) => ({ id: String(index), url: privacy ? `${schemeOf(entry.url)}://****` : entry.url, tags: entry.tags, enabled: true })),
			},
		};
	}
}

export function startFakeAppriseApi(options: FakeAppriseApiOptions = {}): Promise<FakeAppriseApi> {
	return FakeAppriseApi.start(options);
}

function bodyFields(body: unknown): Record<string, unknown> {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function stringField(value: unknown): string | undefined {
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
	return typeof value === 'string' ? value : undefined;
}

/** JSON sends an array; forms send one string with URLs separated by commas or spaces. */
function splitUrls(value: unknown): string[] {
	const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
	return items.flatMap((item) => (typeof item === 'string' ? item.split(/[\s,]+/) : [])).filter(Boolean);
}

/** Apprise tag expressions: `,` or `|` separate alternatives, spaces/`&`/`+` join terms. */
function matchesTag(tags: string[], expression: string | undefined): boolean {
	if (!expression || expression === 'all') return true;
	return expression
		.split(/[,|]/)
		.map((group) => group.trim().split(/[\s&+]+/).filter(Boolean))
		.some((terms) => terms.length > 0 && terms.every((term) => tags.includes(term)));
}

function schemeOf(url: string): string {
	return url.split('://')[0].toUpperCase();
}
