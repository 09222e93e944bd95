import { createHmac, timingSafeEqual } from 'crypto';

import type { IDataObject, IHookFunctions, INodeProperties, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ArrClient } from '../../clients/arr/client';
import { findWebhook, registerWebhook, removeWebhooks, webhookUrl } from '../../clients/arr/webhook';
import type { ArrConnection } from './arr/connection';
import { toNodeError } from './errors';
import { createNodeTransport } from './transport';

/** The one webhook every *arr trigger listens on. */
export const arrTriggerWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: 'webhook',
	},
];

export const includeHealthWarningsProperty: INodeProperties = {
	displayName: 'Include Health Warnings',
	name: 'includeHealthWarnings',
	type: 'boolean',
	default: false,
	description: 'Whether health events include warnings, not only errors',
	displayOptions: { show: { events: ['health'] } },
};

/** One choice of the trigger's Events parameter. */
export interface ArrTriggerEvent {
	/** The option value, which is also the `event` of the items it emits. */
	value: string;
	/** The app's connection flags it turns on (e.g. onDownload); none for the app's Test button. */
	flags: string[];
	/** Whether a posted payload is this event (by its eventType, and for upgrades by isUpgrade). */
	matches: (payload: IDataObject) => boolean;
}

export interface ArrTriggerOptions<Client extends ArrClient> {
	/** The app's connection (its `transport/index.ts`): the same client and credential as its node. */
	connection: Pick<ArrConnection<Client>, 'service' | 'credentialType' | 'client'>;
	events: ArrTriggerEvent[];
}

/** What the trigger keeps about its registration in the node's static data; no secret. */
interface Registration {
	connectionId?: number;
	url?: string;
}

/** The user name the app sends with every event; the password is derived, see `webhookPassword`. */
const WEBHOOK_USER = 'n8n';

/**
 * A webhook trigger for a Servarr app: activating the workflow registers a Webhook connection
 * in the app (Settings → Connect) for the chosen events; n8n checks it still exists; deactivating
 * deletes it. The app sends HTTP Basic auth with every event, with a password derived from the
 * credential's API key and the trigger's webhook id, so a call is accepted only from the app that knows
 * the key, and nothing secret is stored in the workflow.
 */
export function arrTrigger<Client extends ArrClient>(options: ArrTriggerOptions<Client>) {
	const { connection } = options;
	const clientFor = async (context: IHookFunctions | IWebhookFunctions): Promise<{ client: Client; apiKey: string }> => {
		const credentials = await context.getCredentials<{ url?: unknown; apiKey?: unknown }>(connection.credentialType);
		const client = connection.client({
			baseUrl: typeof credentials.url === 'string' ? credentials.url : '',
			transport: createNodeTransport(context, { credentialType: connection.credentialType, service: connection.service }),
		});
		return { client, apiKey: typeof credentials.apiKey === 'string' ? credentials.apiKey : '' };
	};
	const chosenEvents = (context: IHookFunctions | IWebhookFunctions): ArrTriggerEvent[] => {
		const values = context.getNodeParameter('events', []) as string[];
		return options.events.filter((event) => values.includes(event.value));
	};
	const registration = (context: IHookFunctions): Registration => context.getWorkflowStaticData('node') as Registration;

	const webhookMethods = {
		default: {
			/** Registered, and still posting to this workflow's URL (a user may have deleted or edited it in the app). */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const saved = registration(this);
				const url = this.getNodeWebhookUrl('default');
				if (saved.connectionId === undefined || saved.url !== url) return false;
				try {
					const { client } = await clientFor(this);
					const found = await findWebhook(client, saved.connectionId);
					return found !== undefined && webhookUrl(found) === url;
				} catch (error) {
					throw toNodeError(this.getNode(), error, 0);
				}
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default');
				if (!url) throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this trigger');
				const events = chosenEvents(this);
				const flags = [...new Set(events.flatMap((event) => event.flags))];
				if (flags.length === 0) {
					throw new NodeOperationError(this.getNode(), `Choose at least one ${connection.service.name} event`, {
						description: `${connection.service.name} posts only the events the connection asks for; pick them in Events (Test alone registers nothing to listen to).`,
					});
				}
				try {
					const { client, apiKey } = await clientFor(this);
					// An earlier registration of this trigger that no longer fits (n8n came back with another
					// webhook URL, or it was edited in the app): replaced, not left posting beside the new one
					// (its name would also clash with the new one's).
					const saved = registration(this);
					if (saved.connectionId !== undefined) await removeWebhooks(client, { id: saved.connectionId });
					const connection = await registerWebhook(client, {
						name: connectionName(this),
						url,
						username: WEBHOOK_USER,
						password: webhookPassword(apiKey, webhookIdentity(this)),
						events: flags,
						includeHealthWarnings: this.getNodeParameter('includeHealthWarnings', false) as boolean,
						// Prowlarr only; the other apps' connections have no such setting and ignore it.
						includeManualGrabs: this.getNodeParameter('includeManualGrabs', false) as boolean,
						// The app would post a Test event to n8n first; users run that from the app's Test button instead.
						forceSave: true,
					});
					Object.assign(saved, { connectionId: connection.id, url } satisfies Registration);
					return true;
				} catch (error) {
					throw toNodeError(this.getNode(), error, 0);
				}
			},

			/**
			 * Removes the connection; one already deleted in the app is fine. Found by the id kept at
			 * activation and by this trigger's URL: n8n's activation without its publication service
			 * (1.x) rolls a failed activation back from the stored workflow, whose static data never
			 * got the id, so the URL is all there is then.
			 */
			async delete(this: IHookFunctions): Promise<boolean> {
				const saved = registration(this);
				const url = this.getNodeWebhookUrl('default') ?? saved.url;
				if (saved.connectionId === undefined && !url) return true;
				try {
					const { client } = await clientFor(this);
					await removeWebhooks(client, { id: saved.connectionId, url });
				} catch (error) {
					throw toNodeError(this.getNode(), error, 0);
				}
				delete saved.connectionId;
				delete saved.url;
				return true;
			},
		},
	};

	/** Accepts the app's call (checking its Basic auth), and emits it when it is one of the chosen events. */
	async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const { apiKey } = await clientFor(this);
		if (!hasCredentials(this.getHeaderData().authorization, webhookPassword(apiKey, webhookIdentity(this)))) {
			const response = this.getResponseObject();
			response.status(401).json({ message: `Not a call of the ${connection.service.name} this trigger registered with: wrong or missing credentials.` });
			return { noWebhookResponse: true };
		}
		const payload = this.getBodyData() as IDataObject;
		const event = chosenEvents(this).find((candidate) => candidate.matches(payload));
		if (!event) return { webhookResponse: { received: true, emitted: false } };
		return { workflowData: [this.helpers.returnJsonArray([{ event: event.value, ...payload }])] };
	}

	return { webhookMethods, webhook };
}

/** Matches the app's `eventType` values, e.g. `eventTypeIs('Health', 'HealthRestored')`. */
export function eventTypeIs(...types: string[]): (payload: IDataObject) => boolean {
	return (payload) => types.includes(String(payload.eventType));
}

/** A Download event that replaced an existing file (Sonarr and Radarr send `isUpgrade`). */
export function isUpgrade(payload: IDataObject): boolean {
	return payload.isUpgrade === true;
}

/**
 * The events Sonarr and Radarr share, with what each turns on in the app and which posts it
 * takes; the app names its own "added" and "deleted" events.
 */
export function libraryTriggerEvents(app: { added: { value: string; flag: string; eventType: string }; deleted: { flags: string[]; eventTypes: string[] } }): ArrTriggerEvent[] {
	const isDownload = eventTypeIs('Download');
	return [
		{ value: 'applicationUpdate', flags: ['onApplicationUpdate'], matches: eventTypeIs('ApplicationUpdate') },
		{ value: 'delete', flags: app.deleted.flags, matches: eventTypeIs(...app.deleted.eventTypes) },
		{ value: 'download', flags: ['onDownload'], matches: (payload) => isDownload(payload) && !isUpgrade(payload) },
		{ value: 'grab', flags: ['onGrab'], matches: eventTypeIs('Grab') },
		{ value: 'health', flags: ['onHealthIssue', 'onHealthRestored'], matches: eventTypeIs('Health', 'HealthRestored') },
		{ value: 'manualInteraction', flags: ['onManualInteractionRequired'], matches: eventTypeIs('ManualInteractionRequired') },
		{ value: 'rename', flags: ['onRename'], matches: eventTypeIs('Rename') },
		{ value: app.added.value, flags: [app.added.flag], matches: eventTypeIs(app.added.eventType) },
		{ value: 'test', flags: [], matches: eventTypeIs('Test') },
		{ value: 'upgrade', flags: ['onUpgrade'], matches: (payload) => isDownload(payload) && isUpgrade(payload) },
	];
}

/**
 * The password the app sends: an HMAC of the trigger's webhook identity keyed with the
 * credential's API key. Derived again on every call, so the workflow (and an export of it) holds
 * no secret. Not of the webhook URL: while the editor listens for a test event, n8n hands the
 * registration its test URL, but the call's own context only ever the production one.
 */
export function webhookPassword(apiKey: string, identity: string): string {
	return createHmac('sha256', apiKey).update(`mediastack arr webhook\n${identity}`).digest('hex');
}

/** The same for the test and the production webhook of one trigger node, and different for every other. */
function webhookIdentity(context: IHookFunctions | IWebhookFunctions): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}/${node.webhookId ?? node.id}`;
}

function hasCredentials(header: string | string[] | undefined, password: string): boolean {
	const value = Array.isArray(header) ? header[0] : header;
	const match = /^Basic\s+(\S+)$/i.exec(value ?? '');
	if (!match) return false;
	const expected = Buffer.from(`${WEBHOOK_USER}:${password}`);
	const given = Buffer.from(Buffer.from(match[1], 'base64').toString('utf8'));
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Unique per trigger node (the apps require unique connection names), and readable in the app's
 * list. The editor's "Listen for test event" registers a second connection at n8n's test URL
 * (manual mode) while the active one stays, so that one says "test".
 */
function connectionName(context: IHookFunctions): string {
	const node = context.getNode();
	const workflow = context.getWorkflow();
	const base = `n8n: ${workflow.name ?? 'workflow'} / ${node.name}`.slice(0, 80);
	const listening = context.getActivationMode() === 'manual' ? ', test' : '';
	return `${base} (${(node.webhookId ?? node.id).slice(0, 8)}${listening})`;
}
