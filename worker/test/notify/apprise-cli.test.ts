import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ServerError, TimeoutError } from '../../../clients/core/errors';
import { formatMamExpiryMessage, formatMamSessionInvalidMessage } from '../../../clients/notify/format';
import { randomMamCookie } from '../../../test/fakes/prowlarr';
import { everythingShown, failureOf } from '../../../test/support/errors';
import { appriseCli, freePort } from '../../../test/peers';
import { AppriseCliNotifier } from '../../src/notify';
import { Receiver, startReceiver } from './receiver';

/** AppriseCliNotifier running Debian's real `apprise` against local json:// targets. */
const MAM_ID = randomMamCookie();
let binary: string;
let home: string;
let receiver: Receiver | undefined;
/** A path segment shaped like a token: it must never show up in an error. */
const TOKEN = 'tok' + randomMamCookie().slice(0, 29);

const expiry = () =>
	formatMamExpiryMessage({ label: 'DirectSession', mamId: MAM_ID, created: '2026-01-02 08:00', expires: '2026-04-02 08:00', daysRemaining: 3, prowlarrHost: '10.0.0.5:9696' });

function notifier(urls: string[], timeoutMs?: number): AppriseCliNotifier {
	// An empty HOME, so no apprise config of the machine's user is picked up.
	return new AppriseCliNotifier({ urls, binary, timeoutMs, env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home } });
}



beforeAll(() => {
	binary = appriseCli().path;
	home = mkdtempSync(path.join(os.tmpdir(), 'mediastack-apprise-home-'));
});

afterAll(() => {
	rmSync(home, { recursive: true, force: true });
});

afterEach(async () => {
	await receiver?.close();
	receiver = undefined;
});

describe('AppriseCliNotifier with the real apprise CLI', () => {
	it('notifies every json:// target with title, body and type', async () => {
		receiver = await startReceiver();
		const urls = [`json://127.0.0.1:${receiver.port}/a/${TOKEN}`, `json://127.0.0.1:${receiver.port}/b`];
		const receipt = await notifier(urls).send(expiry());
		expect(receipt).toEqual({ channelType: 'apprise-cli', detail: 'exit 0, 2 target(s)' });
		const received = await receiver.waitFor(2);
		expect(received.map((request) => request.path).sort()).toEqual([`/a/${TOKEN}`, '/b']);
		for (const request of received) {
			expect(request.method).toBe('POST');
			const payload = JSON.parse(request.rawBody);
			expect(payload).toMatchObject({ title: '[mediastack] mam_session_expiry - WARNING', type: 'warning' });
			expect(payload.message).toContain(`MAM ID ending in ...${MAM_ID.slice(-8)}`);
			expect(request.rawBody).not.toContain(MAM_ID);
		}
	});

	it('maps an alert to apprise\'s failure type', async () => {
		receiver = await startReceiver();
		await notifier([`json://127.0.0.1:${receiver.port}/alerts`]).send(formatMamSessionInvalidMessage({ label: 'x', mamId: MAM_ID, reason: 'invalid_session' }));
		const [request] = await receiver.waitFor(1);
		expect(JSON.parse(request.rawBody)).toMatchObject({ type: 'failure', title: '[mediastack] mam_session_invalid - ALERT' });
	});

	it('reports a target that refuses (exit 1) as a retryable error without the URL', async () => {
		receiver = await startReceiver({ answer: () => 500 });
		const url = `json://user:pa55-w0rd-x@127.0.0.1:${receiver.port}/hook/${TOKEN}`;
		const error = await failureOf(notifier([url]).send(expiry()));
		expect(error).toBeInstanceOf(ServerError);
		expect(error.retryable).toBe(true);
		expect(error.message).toMatch(/exit 1/);
		const shown = everythingShown(error);
		expect(shown).not.toContain(TOKEN);
		expect(shown).not.toContain('pa55-w0rd-x');
		expect(shown).not.toContain(url);
	});

	it('reports a target that is down as an error, and the others still get the message', async () => {
		receiver = await startReceiver();
		const closed = await freePort();
		const error = await failureOf(notifier([`json://127.0.0.1:${closed}/${TOKEN}`, `json://127.0.0.1:${receiver.port}/up`]).send(expiry()));
		expect(error).toBeInstanceOf(ServerError);
		expect(everythingShown(error)).not.toContain(TOKEN);
		expect((await receiver.waitFor(1))[0].path).toBe('/up');
	});

	it('reports an unsupported URL as a configuration error, masked', async () => {
		const error = await failureOf(notifier([`nosuchscheme://${TOKEN}@example.org/x`]).send(expiry()));
		expect(error).toBeInstanceOf(ConfigError);
		expect(everythingShown(error)).not.toContain(TOKEN);
	});

	it('stops apprise after the timeout', async () => {
		receiver = await startReceiver({ silent: true });
		const started = Date.now();
		const error = await failureOf(notifier([`json://127.0.0.1:${receiver.port}/${TOKEN}`], 1_500).send(expiry()));
		expect(error).toBeInstanceOf(TimeoutError);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(everythingShown(error)).not.toContain(TOKEN);
	});

	it('says how to install apprise when the binary is missing', async () => {
		const missing = new AppriseCliNotifier({ urls: ['json://127.0.0.1:1/x'], binary: path.join(home, 'no-such-apprise') });
		const error = await failureOf(missing.send(expiry()));
		expect(error).toBeInstanceOf(ConfigError);
		expect(error.message).toContain('apt install apprise');
	});

	it('needs at least one URL', () => {
		expect(() => new AppriseCliNotifier({ urls: [] })).toThrow(ConfigError);
	});
});
