import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigValidationError, configSecrets, exampleConfigYaml, parseConfigText, validateConfig } from '../../src/config';
import { parseLocalDateTime } from '../../src/config/schema';
import { wantedSchedules } from '../../src/temporal/schedules';

/** The `mam`, `notify` and `schedules.mam_session_check` keys of the runner's config. */
let dir: string;
const env: NodeJS.ProcessEnv = { HOME: '/nonexistent', TZ: 'UTC' };
const PROWLARR = { url: 'http://prowlarr:9696', api_key: '0123456789abcdef0123456789abcdef' };
const COOKIE = 'a'.repeat(40) + 'Zx9_-';

beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'mediastack-mam-config-'));
});

afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function issuesOf(raw: unknown): string[] {
	try {
		validateConfig(raw, { env, baseDir: dir });
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigValidationError);
		return (error as ConfigValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`);
	}
	throw new Error('expected a ConfigValidationError');
}

describe('mam', () => {
	it('fills in the defaults and the daily check schedule once a session exists', () => {
		const config = validateConfig({ services: { prowlarr: PROWLARR }, mam: { sessions: [{ label: 'DirectSession', mam_id: COOKIE, prowlarr: 'prowlarr' }] } }, { env });
		expect(config.mam).toEqual({
			seedbox_url: 'https://t.myanonamouse.net',
			site_url: 'https://www.myanonamouse.net',
			timeout_ms: 30000,
			sessions: [{ label: 'DirectSession', mam_id: COOKIE, lifetime_days: 90, notify_before_days: 7, keepalive: 'dynamic_seedbox', prowlarr: { service: 'prowlarr', enabled: true } }],
		});
		expect(config.schedules.mam_session_check).toEqual({ enabled: true, cron: '0 8 * * *' });
		expect(validateConfig({}, { env }).schedules.mam_session_check).toBeUndefined();
	});

	it('reads `created` in the configured time zone unless it carries an offset', () => {
		const created = (value: string, timezone = 'Europe/Berlin') =>
			validateConfig({ timezone, mam: { sessions: [{ label: 's', mam_id: COOKIE, created: value }] } }, { env }).mam!.sessions[0].created;
		expect(created('2025-10-02 19:45')).toBe('2025-10-02T17:45:00.000Z');
		expect(created('2025-01-15')).toBe('2025-01-14T23:00:00.000Z');
		expect(created('2025-10-02T19:45:00Z')).toBe('2025-10-02T19:45:00.000Z');
		expect(created('2025-10-02T19:45+05:30')).toBe('2025-10-02T14:15:00.000Z');
		expect(created('2025-10-02T19:45', 'America/New_York')).toBe('2025-10-02T23:45:00.000Z');
		// Across the spring DST change (Berlin: 02:00 → 03:00 on 2025-03-30).
		expect(created('2025-03-30T04:00')).toBe('2025-03-30T02:00:00.000Z');
		expect(parseLocalDateTime('2025-02-30', 'UTC')).toBeUndefined();
		expect(parseLocalDateTime('yesterday', 'UTC')).toBeUndefined();
	});

	it('reports every problem with its key path, never the cookie', () => {
		const issues = issuesOf({
			services: { prowlarr: PROWLARR, other: { ...PROWLARR, type: 'prowlarr' } },
			mam: {
				sessions: [
					{ label: 'a', mam_id: `${COOKIE}; other=1`, created: '2025-13-01', prowlarr: 'nope' },
					{ label: 'A', mam_id: COOKIE, lifetime_days: 0, prowlarr: 'prowlarr' },
					{ label: 'b c', mam_id: COOKIE, prowlarr: { service: 'prowlarr' } },
					{ label: 'd', keepalive: 'ping' },
				],
			},
		});
		expect(issues).toEqual(
			expect.arrayContaining([
				'mam.sessions[0].mam_id: must be the bare mam_id value, without spaces, commas or semicolons (not the whole Cookie header)',
				expect.stringMatching(/^mam\.sessions\[0\]\.created: must be an ISO date/),
				'mam.sessions[1].lifetime_days: must be at least 1',
				expect.stringMatching(/^mam\.sessions\[2\]\.label: must be 1-64 letters/),
				expect.stringMatching(/^mam\.sessions\[3\]\.mam_id: is required/),
				'mam.sessions[3].keepalive: must be one of: dynamic_seedbox, user_stats',
			]),
		);
		expect(JSON.stringify(issues)).not.toContain(COOKIE);
	});

	it('checks labels and the Prowlarr each session feeds', () => {
		const issues = issuesOf({
			services: { prowlarr: PROWLARR },
			mam: {
				sessions: [
					{ label: 'a', mam_id: COOKIE, prowlarr: 'nope' },
					{ label: 'A', mam_id: COOKIE, prowlarr: 'prowlarr' },
					{ label: 'b', mam_id: COOKIE, prowlarr: 'prowlarr' },
					{ label: 'c', mam_id: COOKIE, prowlarr: { service: 'prowlarr', enabled: false } },
				],
			},
		});
		expect(issues).toEqual([
			'mam.sessions[0].prowlarr.service: names services.nope, which is not configured. Fix: use one of: prowlarr',
			'mam.sessions[1].label: "A" is already the label of mam.sessions[0]; labels must be unique',
			expect.stringMatching(/^mam\.sessions\[2\]\.prowlarr\.service: services\.prowlarr is already fed by session "A"/),
		]);
	});

	it('reads mam_id from mam_id_file and treats it as a secret', async () => {
		const file = path.join(dir, 'mam_id');
		await writeFile(file, `${COOKIE}\n`);
		const config = validateConfig({ mam: { sessions: [{ label: 's', mam_id_file: file }] } }, { env, baseDir: dir });
		expect(config.mam!.sessions[0].mam_id).toBe(COOKIE);
		expect(configSecrets(config)).toContain(COOKIE);
	});

	it('takes a per-session proxy as a URL or with credentials beside it, keeping the password under a secret key', async () => {
		const password = 'proxy-password-from-a-file';
		const file = path.join(dir, 'proxy_password');
		await writeFile(file, `${password}\n`);
		const config = validateConfig(
			{
				mam: {
					sessions: [
						{ label: 'plain', mam_id: COOKIE, proxy: 'socks5h://vpn:1080' },
						{ label: 'filed', mam_id: COOKIE, proxy: { url: 'http://gluetun:8888', username: 'vpnuser', password_file: file } },
						{ label: 'inline', mam_id: COOKIE, proxy: 'socks5://vpnuser:p%40ss-word-inline@10.0.0.2' },
						{ label: 'direct', mam_id: COOKIE },
					],
				},
			},
			{ env, baseDir: dir },
		);
		const [plain, filed, inline, direct] = config.mam!.sessions;
		expect(plain.proxy).toEqual({ url: 'socks5h://vpn:1080' });
		expect(filed.proxy).toEqual({ url: 'http://gluetun:8888', username: 'vpnuser', password });
		// Credentials in the URL move out of it, so the password is a secret like any other.
		expect(inline.proxy).toEqual({ url: 'socks5://10.0.0.2:1080', username: 'vpnuser', password: 'p@ss-word-inline' });
		expect(direct.proxy).toBeUndefined();
		expect(configSecrets(config)).toEqual(expect.arrayContaining([password, 'p@ss-word-inline']));
	});

	it('names the key path of a bad proxy, and never repeats its URL or password', () => {
		const secretPassword = 'never-print-this-proxy-password';
		const issues = issuesOf({
			mam: {
				sessions: [
					{ label: 'a', mam_id: COOKIE, proxy: `socks4://user:${secretPassword}@vpn:1080` },
					{ label: 'b', mam_id: COOKIE, proxy: { url: `ftp://vpn:21` } },
					{ label: 'c', mam_id: COOKIE, proxy: { url: `http://user:${secretPassword}@vpn:8888`, password: secretPassword } },
					{ label: 'd', mam_id: COOKIE, proxy: { url: 'vpn:1080' } },
					{ label: 'e', mam_id: COOKIE, proxy: { url: 'http://vpn:8888/path' } },
					{ label: 'f', mam_id: COOKIE, proxy: { url: 'http://vpn:8888', password: secretPassword } },
					{ label: 'g', mam_id: COOKIE, proxy: { url: 'http://vpn:8888', user: 'x' } },
					{ label: 'h', mam_id: COOKIE, proxy: {} },
				],
			},
		});
		expect(issues).toEqual([
			'mam.sessions[0].proxy.url: uses socks4://, which is not supported here (SOCKS4 has no passwords; use socks5:// or socks5h://); use one of: http://, https://, socks5://, socks5h://',
			'mam.sessions[1].proxy.url: uses ftp://, which is not supported here; use one of: http://, https://, socks5://, socks5h://',
			'mam.sessions[2].proxy.url: holds a username or password, and they are given separately as well; keep only one of them (preferably username and password / password_file)',
			'mam.sessions[3].proxy.url: has no protocol; write it as protocol://host:port, e.g. socks5://vpn:1080 or http://vpn:8888',
			'mam.sessions[4].proxy.url: must be only protocol://host:port (no path, query or fragment), e.g. http://vpn:8888',
			'mam.sessions[5].proxy.url: has a password but no username; proxies authenticate with both',
			'mam.sessions[6].proxy.user: unknown key; allowed keys here: url, username, password',
			'mam.sessions[7].proxy.url: is required: the proxy, e.g. socks5://vpn:1080 or http://vpn:8888',
		]);
		expect(JSON.stringify(issues)).not.toContain(secretPassword);
	});

	it("validates the example config's proxy line once uncommented", async () => {
		await writeFile(path.join(dir, 'mam_proxy_password'), 'vpn-proxy-password\n');
		const line = exampleConfigYaml()
			.split('\n')
			.find((text) => text.includes('# proxy: {'))!;
		const proxyYaml = line.replace(/^#\s+# /, '').replaceAll('/run/secrets/', `${dir}/`);
		const config = validateConfig({ mam: { sessions: [{ label: 's', mam_id: COOKIE, ...(parseConfigText(proxyYaml) as object) }] } }, { env, baseDir: dir });
		expect(config.mam!.sessions[0].proxy).toEqual({ url: 'socks5h://gluetun:1080', username: 'vpnuser', password: 'vpn-proxy-password' });
	});

	it('points the MAM client at other hosts for tests and mirrors', () => {
		const config = validateConfig({ mam: { seedbox_url: 'http://127.0.0.1:9/', site_url: 'http://127.0.0.1:9', sessions: [] } }, { env });
		expect(config.mam).toMatchObject({ seedbox_url: 'http://127.0.0.1:9/', site_url: 'http://127.0.0.1:9' });
		expect(issuesOf({ mam: { site_url: 'myanonamouse.net' } })).toEqual([expect.stringMatching(/^mam\.site_url: must be an http:\/\/ or https:\/\/ URL/)]);
	});
});

describe('schedules.mam_session_check', () => {
	const scheduleOf = (raw: Record<string, unknown>) => wantedSchedules(validateConfig(raw, { env })).find((schedule) => schedule.id === 'mediastack-mam-session-check')!;

	it('runs the check daily at 08:00 in the configured time zone', () => {
		const schedule = scheduleOf({ timezone: 'Europe/Berlin', mam: { sessions: [{ label: 's', mam_id: COOKIE }] } });
		expect(schedule.enabled).toBe(true);
		expect(schedule.options.spec).toEqual({ cronExpressions: ['0 8 * * *'], timezone: 'Europe/Berlin' });
		expect(schedule.options.action).toMatchObject({ workflowType: 'mamSessionCheck', args: [{}] });
	});

	it('takes its cron from the config, and is off without sessions or when disabled', () => {
		expect(scheduleOf({ schedules: { mam_session_check: { cron: '30 6 * * *' } }, mam: { sessions: [{ label: 's', mam_id: COOKIE }] } }).options.spec.cronExpressions).toEqual(['30 6 * * *']);
		expect(scheduleOf({}).enabled).toBe(false);
		expect(scheduleOf({ schedules: { mam_session_check: { enabled: false } }, mam: { sessions: [{ label: 's', mam_id: COOKIE }] } }).enabled).toBe(false);
		expect(issuesOf({ schedules: { mam_session_check: { cron: 'daily' } } })).toEqual([expect.stringMatching(/^schedules\.mam_session_check\.cron: is not a cron expression/)]);
	});
});

describe('notify', () => {
	it('accepts the three channel types; Apprise goes through the API server when api_url is set, else the CLI', () => {
		const config = validateConfig(
			{
				notify: {
					channels: {
						mail: { type: 'smtp', host: 'smtp.example.org', username: 'me', password: 'mail-password-1', from: 'a@example.org', to: 'me@example.org' },
						mails: { type: 'smtp', host: 'smtp.example.org', secure: true, from: 'a@example.org', to: ['me@example.org'] },
						hook: { type: 'webhook', url: 'https://n8n.example.org/webhook/x', headers: { Authorization: 'Bearer abc' }, hmac_secret: 's'.repeat(16) },
						api: { type: 'apprise', api_url: 'http://apprise:8000', key: 'mediastack' },
						cli: { type: 'apprise', urls: 'tgram://bottoken/chatid' },
					},
					event_rules: { mam_session_expiry: ['mail', 'api'], default: 'hook' },
				},
			},
			{ env },
		);
		expect(config.notify!.channels).toMatchObject({
			mail: { type: 'smtp', port: 587, to: ['me@example.org'] },
			mails: { port: 465 },
			api: { type: 'apprise', via: 'api', key: 'mediastack' },
			cli: { type: 'apprise', via: 'cli', urls: ['tgram://bottoken/chatid'] },
		});
		expect(config.notify!.event_rules).toEqual({ mam_session_expiry: ['mail', 'api'], default: ['hook'] });
		expect(configSecrets(config)).toEqual(expect.arrayContaining(['mail-password-1', 's'.repeat(16)]));
	});

	it('names each bad channel setting and unknown channels in the rules', () => {
		expect(
			issuesOf({
				notify: {
					channels: {
						hook: { type: 'webhook', url: 'https://x.example.org/h', hmac_secret: 'short' },
						mail: { type: 'smtp', host: 'h', from: 'a@b', to: [], password: 'p' },
						api: { type: 'apprise', api_url: 'http://apprise:8000' },
						odd: { type: 'pager' },
						cli: { type: 'apprise', via: 'carrier-pigeon', urls: ['x://y'] },
					},
				},
			}),
		).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^notify\.channels\.hook\.hmac_secret: is too short; use at least 16/),
				expect.stringMatching(/^notify\.channels\.mail\.to: needs at least one entry/),
				'notify.channels.mail.username: username and password go together; set both or neither',
				expect.stringMatching(/^notify\.channels\.api\.urls: is required unless `key`/),
				'notify.channels.odd.type: "pager" is not a notification channel type. Fix: use one of: smtp, webhook, apprise',
				expect.stringMatching(/^notify\.channels\.cli\.via: is not a way to reach Apprise/),
			]),
		);
		expect(issuesOf({ notify: { channels: { hook: { type: 'webhook', url: 'https://x.example.org/h' } }, event_rules: { mam_session_expiry: ['hook', 'mail'] } } })).toEqual([
			'notify.event_rules.mam_session_expiry[1]: names the channel "mail", which is not under notify.channels (channels: hook)',
		]);
	});
});

describe('the example config', () => {
	it('validates with its MAM and notification sections switched on', async () => {
		await writeFile(path.join(dir, 'smtp_password'), 'mail-password-1\n');
		await writeFile(path.join(dir, 'webhook_secret'), `${'w'.repeat(32)}\n`);
		const withProwlarr = exampleConfigYaml()
			.replace('services: {}\n', 'services:\n')
			// Only Prowlarr's block: the other service types' examples stay commented out.
			.replace(/^# {2}prowlarr:\n(?:# {4}.*\n)*/m, (block) => block.replace(/^#( {2}prowlarr:| {4}url:| {4}api_key:| {4}timeout_ms:)/gm, '$1'));
		// From `# mam:` on, uncomment the YAML lines (the prose comments start with a word).
		const start = withProwlarr.indexOf('# mam:\n');
		const enabled = (withProwlarr.slice(0, start) + withProwlarr.slice(start).replace(/^# (mam:|notify:|\s.*)$/gm, '$1')).replaceAll('/run/secrets/', `${dir}/`);
		const config = validateConfig(parseConfigText(enabled), {
			env: { ...env, PROWLARR_API_KEY: 'k'.repeat(32), MAM_ID: COOKIE },
			baseDir: dir,
		});
		expect(config.mam!.sessions).toEqual([
			{ label: 'DirectSession', mam_id: COOKIE, created: '2025-10-02T19:45:00.000Z', lifetime_days: 90, notify_before_days: 7, keepalive: 'dynamic_seedbox', prowlarr: { service: 'prowlarr', enabled: true } },
		]);
		expect(Object.keys(config.notify!.channels)).toEqual(['mail', 'hook', 'phone']);
	});
});
