import { ConfigError } from '../core/errors';
import { withFields } from './fields';
import type { ArrClient } from './client';
import type { ArrNotification } from './types';

/**
 * Webhook connections ("Settings → Connect → Webhook" in every Servarr app), as the n8n
 * trigger nodes use them: register one on activation, check it still exists, delete it on
 * deactivation. The connection is built from the app's own template (GET /notification/schema),
 * so each app's event flags and field list are the ones it offers.
 */

export const WEBHOOK_IMPLEMENTATION = 'Webhook';

/** The apps' WebhookMethod enum. */
const WEBHOOK_METHODS = { POST: 1, PUT: 2 } as const;

export interface WebhookConnectionOptions {
	/** The connection's name in the app; the apps require it to be unique. */
	name: string;
	/** Where the app posts its events. */
	url: string;
	/** Sent as HTTP Basic auth with every event, so the receiver can tell the call is the app's. */
	username?: string;
	password?: string;
	/** Default POST. */
	method?: keyof typeof WEBHOOK_METHODS;
	/**
	 * The event flags to turn on, e.g. ["onGrab", "onDownload", "onUpgrade"]; every other
	 * event flag is turned off. Default: every event the app supports. A flag the app does not
	 * offer is a ConfigError listing the ones it does.
	 */
	events?: string[];
	/** Also report health warnings, not only errors (apps' default: off). */
	includeHealthWarnings?: boolean;
	/** Prowlarr only: also report grabs made in its own UI. */
	includeManualGrabs?: boolean;
	/** Only for titles with one of these tag ids (empty: all titles). */
	tags?: number[];
}

export interface RegisterWebhookOptions extends WebhookConnectionOptions {
	/**
	 * Save without the app's test call (the apps post a "Test" event to the URL on save and
	 * refuse the connection when it does not answer 2xx).
	 */
	forceSave?: boolean;
}

/**
 * The event flags a connection template offers: each `onX` whose `supportsOnX` is true
 * (Sonarr: onGrab, onDownload, onUpgrade, onRename, onSeriesAdd...; Prowlarr: onGrab,
 * onHealthIssue, onHealthRestored, onApplicationUpdate).
 */
export function webhookEvents(template: ArrNotification): string[] {
	return Object.keys(template)
		.filter((key) => /^on[A-Z]/.test(key) && typeof template[key] === 'boolean')
		.filter((key) => template[`supports${key[0].toUpperCase()}${key.slice(1)}`] === true);
}

/**
 * A Webhook connection ready to POST: the template with name, URL, method and credentials
 * filled in, and exactly the chosen event flags on. Fields the template has beyond those (a
 * newer app's headers list) keep their defaults.
 */
export function buildWebhookConnection(template: ArrNotification, options: WebhookConnectionOptions, service = 'The app'): ArrNotification {
	if (template.implementation !== WEBHOOK_IMPLEMENTATION) {
		throw new ConfigError(`A webhook connection needs the "${WEBHOOK_IMPLEMENTATION}" template, not "${template.implementation}".`, { service });
	}
	const name = options.name.trim();
	if (!name) throw new ConfigError(`A ${service} webhook connection needs a name.`, { service });
	if (!/^https?:\/\/[^/\s]+/i.test(options.url.trim())) {
		throw new ConfigError(`The webhook URL for ${service} must be an http:// or https:// address (got "${options.url}").`, { service });
	}
	const supported = webhookEvents(template);
	if (options.events && options.events.length === 0) {
		throw new ConfigError(`A ${service} webhook connection needs at least one event; it offers: ${supported.join(', ') || 'none'}.`, { service });
	}
	const wanted = options.events ?? supported;
	const unknown = wanted.filter((event) => !supported.includes(event));
	if (unknown.length) {
		throw new ConfigError(`${service} offers no webhook event ${unknown.map((event) => `"${event}"`).join(', ')}; it offers: ${supported.join(', ') || 'none'}.`, { service });
	}
	const { id: _id, presets: _presets, ...rest } = template;
	const connection: ArrNotification = withFields(
		{ ...rest, name, tags: options.tags ?? [] },
		{
			url: options.url.trim(),
			method: WEBHOOK_METHODS[options.method ?? 'POST'],
			username: options.username ?? '',
			password: options.password ?? '',
		},
	);
	for (const event of supported) connection[event] = wanted.includes(event);
	if ('includeHealthWarnings' in template) connection.includeHealthWarnings = options.includeHealthWarnings ?? false;
	if ('includeManualGrabs' in template) connection.includeManualGrabs = options.includeManualGrabs ?? false;
	return connection;
}

/**
 * Registers a webhook connection built from the app's template. A connection left behind for
 * the same URL (a workflow deactivated while the app was down) is removed first, so the app
 * does not post every event twice.
 */
export async function registerWebhook(client: ArrClient, options: RegisterWebhookOptions): Promise<ArrNotification> {
	const template = await client.notificationTemplate(WEBHOOK_IMPLEMENTATION);
	const connection = buildWebhookConnection(template, options, client.service.name);
	const existing = await findWebhooksByUrl(client, options.url);
	for (const stale of existing) if (stale.id !== undefined) await client.deleteNotification(stale.id);
	return client.createNotification(connection, { forceSave: options.forceSave });
}

/** The webhook connection with this id, or undefined when it is gone (deleted in the app). */
export async function findWebhook(client: ArrClient, id: number): Promise<ArrNotification | undefined> {
	const all = await client.listNotifications();
	return all.find((notification) => notification.id === id && notification.implementation === WEBHOOK_IMPLEMENTATION);
}

/** Webhook connections that post to this URL. */
export async function findWebhooksByUrl(client: ArrClient, url: string): Promise<ArrNotification[]> {
	const wanted = url.trim();
	const all = await client.listNotifications();
	return all.filter((notification) => notification.implementation === WEBHOOK_IMPLEMENTATION && webhookUrl(notification) === wanted);
}

/** Deletes a webhook connection; false when it was already gone. */
export async function removeWebhook(client: ArrClient, id: number): Promise<boolean> {
	if (!(await findWebhook(client, id))) return false;
	await client.deleteNotification(id);
	return true;
}

/**
 * Deletes the webhook connections with this id or posting to this URL (one list call); how many
 * it deleted. The URL finds a connection whose id was never kept, or was lost.
 */
export async function removeWebhooks(client: ArrClient, match: { id?: number; url?: string }): Promise<number> {
	const url = match.url?.trim();
	const all = await client.listNotifications();
	const doomed = all.filter(
		(notification) => notification.implementation === WEBHOOK_IMPLEMENTATION && notification.id !== undefined && ((match.id !== undefined && notification.id === match.id) || (url !== undefined && url !== '' && webhookUrl(notification) === url)),
	);
	for (const notification of doomed) await client.deleteNotification(notification.id as number);
	return doomed.length;
}

/** The URL a webhook connection posts to. */
export function webhookUrl(notification: ArrNotification): string | undefined {
	const value = (notification.fields ?? []).find((field) => field.name === 'url')?.value;
	return typeof value === 'string' ? value.trim() : undefined;
}
