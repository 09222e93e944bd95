import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, MediastackError, NetworkError } from '../../../clients/core/errors';
import { formatGenericMessage, formatMamExpiryMessage } from '../../../clients/notify/format';
import type { NotificationMessage, Notifier } from '../../../clients/notify/types';
import { FakeAppriseApi, startFakeAppriseApi } from '../../../test/fakes/apprise-api';
import { randomMamCookie } from '../../../test/fakes/prowlarr';
import { SmtpSinkPeer, appriseCli, freePort, startSmtpSink } from '../../../test/peers';
import { createLogger } from '../../src/log';
import { ChannelResult, DeliveryLedger, NotificationDispatcher, NotifyConfig, messageIdFor } from '../../src/notify';
import { clearRegisteredSecrets } from '../../src/state/scrub';
import { Receiver, startReceiver } from './receiver';

/**
 * The dispatcher with every channel type real: SMTP to aiosmtpd, a webhook to a node:http
 * server, the Apprise API fake, and the apprise CLI posting json:// to a node:http server.
 */
const MAM_ID = randomMamCookie();
const SMTP_PASSWORD = 'smtp-' + randomMamCookie().slice(0, 24);
const HMAC_SECRET = 'hmac-' + randomMamCookie().slice(0, 40);
const HOOK_TOKEN = 'hook' + randomMamCookie().slice(0, 28);
const CLI_TOKEN = 'cli' + randomMamCookie().slice(0, 29);
const APPRISE_PASSWORD = 'mail-' + randomMamCookie().slice(0, 20);

let sink: SmtpSinkPeer;
let hook: Receiver;
let cliTarget: Receiver;
let apprise: FakeAppriseApi;
let closedPort: number;
let logLines: string[];
let dispatcher: NotificationDispatcher | undefined;

const expiry = (): NotificationMessage =>
	formatMamExpiryMessage({ label: 'DirectSession', mamId: MAM_ID, created: '2026-01-02 08:00', expires: '2026-04-02 08:00', daysRemaining: 5, prowlarrHost: '10.0.0.5:9696' });

function config(overrides: Partial<NotifyConfig['channels']> = {}, rules?: NotifyConfig['event_rules']): NotifyConfig {
	return {
		channels: {
			mail: { type: 'smtp', host: sink.host, port: sink.port, username: sink.username, password: sink.password, from: 'mediastack@example.org', to: ['me@example.org'] },
			hook: { type: 'webhook', url: `${hook.url}/webhook/${HOOK_TOKEN}`, hmac_secret: HMAC_SECRET, headers: { Authorization: `Bearer ${HOOK_TOKEN}-auth` } },
			phone: { type: 'apprise', via: 'api', api_url: apprise.url, urls: [`mailtos://alice:${APPRISE_PASSWORD}@mail.example.org`] },
			local: { type: 'apprise', via: 'cli', urls: [`json://127.0.0.1:${cliTarget.port}/${CLI_TOKEN}`], binary: appriseCli().path },
			...overrides,
		} as NotifyConfig['channels'],
		event_rules: rules ?? {
			mam_session_expiry: ['mail', 'hook', 'phone', 'local'],
			mam_session_invalid: ['mail', 'phone'],
			default: ['hook'],
		},
	};
}

function capturingLogger() {
	return createLogger('debug', {
		destination: new Writable({
			write(chunk: Buffer, _encoding, done) {
				logLines.push(chunk.toString('utf8'));
				done();
			},
		}),
	});
}

beforeAll(async () => {
	sink = await startSmtpSink({ requireAuth: true });
});

afterAll(async () => {
	await sink?.stop();
});

beforeEach(async () => {
	hook = await startReceiver();
	cliTarget = await startReceiver();
	apprise = await startFakeAppriseApi();
	closedPort = await freePort();
	logLines = [];
});

afterEach(async () => {
	dispatcher?.close();
	dispatcher = undefined;
	await hook.close();
	await cliTarget.close();
	await apprise.close();
	clearRegisteredSecrets();
});

describe('NotificationDispatcher', () => {
	it('sends one message to every channel its rule names, in parallel', async () => {
		dispatcher = NotificationDispatcher.fromConfig(config(), { logger: capturingLogger() });
		const before = (await sink.messages()).length;
		const results = await dispatcher.dispatch(expiry());
		expect(results.map((result) => [result.channel, result.channelType, result.ok])).toEqual([
			['mail', 'smtp', true],
			['hook', 'webhook', true],
			['phone', 'apprise-api', true],
			['local', 'apprise-cli', true],
		]);
		const mails = await sink.waitForMessages(before + 1);
		expect(mails[mails.length - 1].data).toContain('Subject: [mediastack] mam_session_expiry - WARNING');
		expect(hook.received).toHaveLength(1);
		expect(hook.received[0].headers['x-mediastack-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
		expect(apprise.notifications).toHaveLength(1);
		expect((await cliTarget.waitFor(1))[0].path).toBe(`/${CLI_TOKEN}`);
	});

	it('sends a keyed message to each channel once, across a restart: the ledger skips what a channel took, receivers get the key', async () => {
		const dataDir = await mkdtemp(path.join(tmpdir(), 'mediastack-ledger-'));
		try {
			const key = 'mam-rotation-DirectSession-x1/0b9e-run/notify/prowlarr_auto_update';
			const keyed = { ...expiry(), idempotencyKey: key };
			const mailsBefore = (await sink.messages()).length;
			// `gone` is down the first time: only it is tried again.
			const rules = { mam_session_expiry: ['mail', 'hook', 'gone'] };
			const first = NotificationDispatcher.fromConfig(config({ gone: { type: 'webhook', url: `http://127.0.0.1:${closedPort}/hook`, timeout_ms: 2_000 } }, rules), { ledger: await DeliveryLedger.open(dataDir) });
			expect((await first.dispatch(keyed)).map((result) => [result.channel, result.ok])).toEqual([
				['mail', true],
				['hook', true],
				['gone', false],
			]);
			expect((await first.dispatch(keyed)).map((result) => [result.channel, result.ok, result.detail])).toEqual([
				['mail', true, 'already sent (same idempotency key)'],
				['hook', true, 'already sent (same idempotency key)'],
				['gone', false, undefined],
			]);
			first.close();
			// A new process (the resumed step after a crash) reads the ledger from disk.
			dispatcher = NotificationDispatcher.fromConfig(config({ gone: { type: 'webhook', url: `${hook.url}/gone` } }, rules), { ledger: await DeliveryLedger.open(dataDir) });
			expect((await dispatcher.dispatch(keyed)).map((result) => [result.channel, result.ok, result.detail])).toEqual([
				['mail', true, 'already sent (same idempotency key)'],
				['hook', true, 'already sent (same idempotency key)'],
				['gone', true, 'HTTP 200'],
			]);
			expect(hook.received.map((request) => [request.path, request.headers['idempotency-key']])).toEqual([
				[`/webhook/${HOOK_TOKEN}`, key],
				['/gone', key],
			]);
			const mails = await sink.messages();
			expect(mails).toHaveLength(mailsBefore + 1);
			// (Unfolded: a long header continues on the next line.)
			expect(mails.at(-1)!.data.replace(/\r?\n[ \t]+/g, ' ')).toContain(`Message-ID: ${messageIdFor(key, 'mediastack@example.org')}`);
			expect(messageIdFor(key, 'Mediastack <mediastack@example.org>')).toMatch(/^<[0-9a-f]{40}\.mediastack@example\.org>$/);
			// A message without a key is sent every time.
			await dispatcher.dispatch(expiry());
			expect(hook.received).toHaveLength(4);
			// The ledger holds keys and channel names, nothing of the message.
			const ledgerText = await readFile(path.join(dataDir, 'notifications.jsonl'), 'utf8');
			expect(ledgerText.trim().split('\n').map((line) => JSON.parse(line).channel).sort()).toEqual(['gone', 'hook', 'mail']);
			expect(ledgerText).not.toContain(MAM_ID.slice(-8));
		} finally {
			await rm(dataDir, { recursive: true, force: true });
		}
	});

	it('keeps delivering when one channel is down, and reports that one through onFailure', async () => {
		const failures: Array<{ channel: string; error: MediastackError; event: string }> = [];
		dispatcher = NotificationDispatcher.fromConfig(
			config({ mail: { type: 'smtp', host: '127.0.0.1', port: closedPort, username: 'mediastack', password: SMTP_PASSWORD, from: 'a@example.org', to: ['b@example.org'] } }),
			{ logger: capturingLogger(), onFailure: (channel, error, message) => void failures.push({ channel, error, event: message.event }) },
		);
		const results = await dispatcher.dispatch(expiry());
		const byChannel = Object.fromEntries(results.map((result) => [result.channel, result]));
		expect(byChannel.mail.ok).toBe(false);
		expect(byChannel.mail.error).toBeInstanceOf(NetworkError);
		expect(byChannel.mail.error?.message).toContain(`127.0.0.1:${closedPort}`);
		for (const name of ['hook', 'phone', 'local']) expect(byChannel[name]).toMatchObject({ ok: true });
		expect(hook.received).toHaveLength(1);
		expect(apprise.notifications).toHaveLength(1);
		await cliTarget.waitFor(1);
		expect(failures).toHaveLength(1);
		expect(failures[0]).toMatchObject({ channel: 'mail', event: 'mam_session_expiry' });
		expect(failures[0].error).toBe(byChannel.mail.error);
		expect(logLines.join('')).toContain('notification to mail failed');
	});

	it('reports several failing channels, each once, and a throwing onFailure does not break the others', async () => {
		const failed: string[] = [];
		await apprise.stop();
		dispatcher = NotificationDispatcher.fromConfig(
			config({
				mail: { type: 'smtp', host: '127.0.0.1', port: closedPort, from: 'a@example.org', to: ['b@example.org'] },
				local: { type: 'apprise', via: 'cli', urls: [`json://127.0.0.1:${closedPort}/${CLI_TOKEN}`], binary: appriseCli().path },
			}),
			{
				logger: capturingLogger(),
				onFailure: (channel) => {
					failed.push(channel);
					throw new Error(`event log full while recording ${channel}`);
				},
			},
		);
		const results = await dispatcher.dispatch(expiry());
		expect(results.filter((result) => !result.ok).map((result) => result.channel).sort()).toEqual(['local', 'mail', 'phone']);
		expect(results.find((result) => result.channel === 'hook')?.ok).toBe(true);
		expect(failed.sort()).toEqual(['local', 'mail', 'phone']);
		expect(logLines.join('')).toContain('recording the failed notification failed');
	});

	it('never shows a secret in results, errors or log lines', async () => {
		const failures: MediastackError[] = [];
		// Every channel fails, each in a way that tempts it to quote its secrets.
		const refusing = await startReceiver({ answer: () => 401 });
		apprise.failingUrls.add('mailtos://');
		try {
			dispatcher = NotificationDispatcher.fromConfig(
				config({
					mail: { type: 'smtp', host: sink.host, port: sink.port, username: sink.username, password: SMTP_PASSWORD, from: 'a@example.org', to: ['b@example.org'] },
					hook: { type: 'webhook', url: `${refusing.url}/webhook/${HOOK_TOKEN}`, hmac_secret: HMAC_SECRET, headers: { Authorization: `Bearer ${HOOK_TOKEN}-auth` } },
					local: { type: 'apprise', via: 'cli', urls: [`json://user:${APPRISE_PASSWORD}@127.0.0.1:${closedPort}/${CLI_TOKEN}`], binary: appriseCli().path },
				}),
				{ logger: capturingLogger(), onFailure: (_channel, error) => void failures.push(error) },
			);
			const results = await dispatcher.dispatch(expiry());
			expect(results.every((result) => !result.ok)).toBe(true);
			const shown = [
				JSON.stringify(results),
				...results.map((result) => `${result.error?.message}\n${result.error?.stack}`),
				JSON.stringify(failures.map((error) => error.toJSON())),
				logLines.join(''),
			].join('\n');
			// The failures were logged, with their reasons, just not with the secrets.
			for (const channel of ['mail', 'hook', 'phone', 'local']) expect(logLines.join('')).toContain(`notification to ${channel} failed`);
			expect(failures).toHaveLength(4);
			for (const secret of [SMTP_PASSWORD, HMAC_SECRET, HOOK_TOKEN, CLI_TOKEN, APPRISE_PASSWORD, MAM_ID]) expect(shown).not.toContain(secret);
			expect(shown).not.toContain(Buffer.from(SMTP_PASSWORD).toString('base64'));
		} finally {
			await refusing.close();
		}
	});

	it('routes by event rule, falls back to default, and sends nothing for an empty rule', async () => {
		dispatcher = NotificationDispatcher.fromConfig(config({}, { mam_session_invalid: ['phone'], prowlarr_auto_update: [], default: ['hook'] }));
		expect(dispatcher.channelsFor('mam_session_invalid')).toEqual(['phone']);
		expect(dispatcher.channelsFor('service_health')).toEqual(['hook']);
		// Event names are data: one that matches an Object.prototype member is just another event.
		expect(dispatcher.channelsFor('constructor')).toEqual(['hook']);
		expect((await dispatcher.sendTo('toString', formatGenericMessage({ event: 'x', severity: 'info', title: 'x' }))).error).toBeInstanceOf(ConfigError);
		expect(await dispatcher.dispatch(formatGenericMessage({ event: 'prowlarr_auto_update', severity: 'info', title: 'x' }))).toEqual([]);
		const results = await dispatcher.dispatch(formatGenericMessage({ event: 'service_health', severity: 'warning', title: 'Prowlarr is down' }));
		expect(results.map((result) => result.channel)).toEqual(['hook']);
		expect(JSON.parse(hook.received[0].rawBody)).toMatchObject({ event: 'service_health', severity: 'warning' });
		expect(apprise.notifications).toHaveLength(0);
	});

	it('sends nothing for an event without a rule when there is no default', async () => {
		dispatcher = NotificationDispatcher.fromConfig(config({}, { mam_session_expiry: ['hook'] }));
		expect(await dispatcher.dispatch(formatGenericMessage({ event: 'other', severity: 'info', title: 'x' }))).toEqual([]);
		expect(hook.received).toHaveLength(0);
	});

	it('sends to one named channel on request, and reports an unknown name as a result', async () => {
		dispatcher = NotificationDispatcher.fromConfig(config());
		const result = await dispatcher.sendTo('phone', expiry());
		expect(result).toMatchObject({ channel: 'phone', ok: true, detail: 'HTTP 200' });
		const unknown = await dispatcher.sendTo('pager', expiry());
		expect(unknown.ok).toBe(false);
		expect(unknown.error).toBeInstanceOf(ConfigError);
	});

	it('rejects rules that name missing channels, and bad channels, naming them', () => {
		expect(() => NotificationDispatcher.fromConfig(config({}, { mam_session_expiry: ['mail', 'pager'] }))).toThrow(/mam_session_expiry → pager/);
		expect(() => NotificationDispatcher.fromConfig(config({ hook: { type: 'webhook', url: 'ftp://x/y' } }))).toThrow(/notify\.channels\.hook/);
	});

	it('works with any Notifier, so callers can plug in their own', async () => {
		const seen: string[] = [];
		const memory: Notifier = {
			channelType: 'memory',
			send: async (message) => {
				seen.push(message.subject);
				return { channelType: 'memory' };
			},
		};
		const broken: Notifier = {
			channelType: 'broken',
			send: async () => {
				throw new TypeError(`cannot read mam_id ${MAM_ID}`);
			},
		};
		dispatcher = new NotificationDispatcher({ notifiers: { memory, broken }, eventRules: { default: ['memory', 'broken'] }, secrets: [MAM_ID] });
		const results: ChannelResult[] = await dispatcher.dispatch(expiry());
		expect(seen).toEqual(['[mediastack] mam_session_expiry - WARNING']);
		expect(results[1]).toMatchObject({ channel: 'broken', ok: false });
		expect(results[1].error?.retryable).toBe(true);
		expect(results[1].error?.message).not.toContain(MAM_ID);
	});
});
