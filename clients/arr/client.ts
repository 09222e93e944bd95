import { NotFoundError, ProtocolError } from '../core/errors';
import type { ServiceInfo } from '../core/errors';
import { JsonApiClient, JsonClientOptions, segment } from '../core/json-client';
import type { QueryValue } from '../core/http';
import { collectPages } from '../core/paginate';
import type { ArrCommand, ArrHealthCheck, ArrListOptions, ArrNotification, ArrPage, ArrPageQuery, ArrSystemStatus, ArrTag } from './types';

/** Records per page when reading a whole paged list: few requests, answers of a few hundred kB. */
export const DEFAULT_ARR_PAGE_SIZE = 250;

/**
 * What every Servarr app answers the same way under `/api/v{n}`: system status and health,
 * tags, commands, connections (notifications) and the paging envelope. The API key travels in
 * the `X-Api-Key` header, attached by the transport (the n8n credential, or the runner's
 * configured headers). Prowlarr (v1), Sonarr and Radarr (v3) extend it.
 */
export abstract class ArrClient extends JsonApiClient {
	protected constructor(service: ServiceInfo, options: JsonClientOptions, apiVersion: 'v1' | 'v3') {
		super(service, options, `/api/${apiVersion}`);
	}

	getSystemStatus(): Promise<ArrSystemStatus> {
		return this.call('GET', 'system/status');
	}

	/**
	 * The system status, after checking that it is this app's own: a login page, another
	 * service, or Sonarr on Radarr's address must not pass for a working connection.
	 */
	async getVerifiedStatus(): Promise<ArrSystemStatus> {
		const status = await this.getSystemStatus();
		const appName = status && typeof status === 'object' && typeof status.appName === 'string' ? status.appName : undefined;
		if (appName?.toLowerCase() !== this.service.name.toLowerCase()) {
			const seen = appName ? `it says it is ${appName}` : 'its answer has no appName';
			const fix = `point the URL at ${this.service.name} itself${this.service.exampleUrl ? ` (e.g. ${this.service.exampleUrl})` : ''}, including its URL base if one is set.`;
			throw new ProtocolError(`The address answers ${this.service.name}'s system status call, but not as ${this.service.name}: ${seen}. Fix: ${fix}`, {
				service: this.service.name,
				fix,
			});
		}
		return status;
	}

	getHealth(): Promise<ArrHealthCheck[]> {
		return this.call('GET', 'health');
	}

	listTags(): Promise<ArrTag[]> {
		return this.call('GET', 'tag');
	}

	createTag(label: string): Promise<ArrTag> {
		return this.call('POST', 'tag', { body: { label } });
	}

	deleteTag(id: number): Promise<void> {
		return this.call('DELETE', `tag/${segment(id)}`);
	}

	/**
	 * The ids of tags by label, creating the missing ones; the apps compare labels without case
	 * and store them lower-cased.
	 */
	async tagIds(labels: string[]): Promise<number[]> {
		const wanted = [...new Set(labels.map((label) => label.trim().toLowerCase()).filter(Boolean))];
		if (wanted.length === 0) return [];
		const existing = await this.listTags();
		const ids: number[] = [];
		for (const label of wanted) {
			const found = existing.find((tag) => tag.label.toLowerCase() === label);
			ids.push(found ? found.id : (await this.createTag(label)).id);
		}
		return ids;
	}

	/** Queues a command (a refresh, a search...); the answer is its first status, usually `queued`. */
	runCommand(name: string, body: Record<string, unknown> = {}): Promise<ArrCommand> {
		return this.call('POST', 'command', { body: { ...body, name } });
	}

	getCommand(id: number): Promise<ArrCommand> {
		return this.call('GET', `command/${segment(id)}`);
	}

	/** Commands queued, running or recently finished. */
	listCommands(): Promise<ArrCommand[]> {
		return this.call('GET', 'command');
	}

	listNotifications(): Promise<ArrNotification[]> {
		return this.call('GET', 'notification');
	}

	getNotification(id: number): Promise<ArrNotification> {
		return this.call('GET', `notification/${segment(id)}`);
	}

	/** The settings template of every connection type the app offers. */
	getNotificationSchema(): Promise<ArrNotification[]> {
		return this.call('GET', 'notification/schema');
	}

	/** Adds a connection. `forceSave` skips the app's test call to the connection's target. */
	createNotification(notification: ArrNotification, options: { forceSave?: boolean } = {}): Promise<ArrNotification> {
		return this.call('POST', 'notification', { body: notification, query: options.forceSave ? { forceSave: true } : undefined });
	}

	deleteNotification(id: number): Promise<void> {
		return this.call('DELETE', `notification/${segment(id)}`);
	}

	/** The template of one connection type (e.g. "Webhook"), ready to fill in. */
	async notificationTemplate(implementation: string): Promise<ArrNotification> {
		const schema = await this.getNotificationSchema();
		const template = schema.find((entry) => entry.implementation === implementation);
		if (!template) {
			throw new NotFoundError(`${this.service.name} offers no "${implementation}" connection (it offers: ${schema.map((entry) => entry.implementation).join(', ') || 'none'}).`, {
				service: this.service.name,
			});
		}
		return template;
	}

	/** One page of a paged list. */
	protected getPage<T>(path: string, query: ArrPageQuery & Record<string, QueryValue> = {}): Promise<ArrPage<T>> {
		return this.call('GET', path, { query });
	}

	/** A paged list read page by page, up to `limit` records or all of them. */
	protected async listPaged<T>(path: string, query: Record<string, QueryValue>, options: ArrListOptions = {}): Promise<T[]> {
		return collectPages(
			async (page, pageSize) => {
				const answer = await this.getPage<T>(path, { ...query, page, pageSize });
				return { records: Array.isArray(answer?.records) ? answer.records : [], totalRecords: answer?.totalRecords };
			},
			{ limit: options.limit, pageSize: options.pageSize ?? DEFAULT_ARR_PAGE_SIZE },
		);
	}
}
