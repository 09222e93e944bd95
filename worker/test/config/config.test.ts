import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	ConfigFileError,
	ConfigValidationError,
	configSecrets,
	exampleConfigYaml,
	loadConfig,
	parseConfigText,
	validateConfig,
} from '../../src/config';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

let dir: string;
/** A clean environment: nothing from the machine running the tests leaks in. */
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'mediastack-config-'));
	env = { HOME: path.join(dir, 'home'), TZ: 'UTC' };
});

afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

async function writeConfig(name: string, text: string): Promise<string> {
	const file = path.join(dir, name);
	await mkdir(path.dirname(file), { recursive: true });
	await writeFile(file, text);
	return file;
}

/** Validation issues as `path: message` strings, for compact assertions. */
function issuesOf(fn: () => unknown): Array<{ path: string; message: string }> {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigValidationError);
		return (error as ConfigValidationError).issues;
	}
	throw new Error('expected a ConfigValidationError');
}

const PROWLARR = { url: 'http://prowlarr:9696', api_key: '0123456789abcdef0123456789abcdef' };

describe('config defaults', () => {
	it('starts with defaults when no config file exists anywhere', async () => {
		const loaded = await loadConfig({ env, cwd: dir });
		expect(loaded.path).toBeUndefined();
		expect(loaded.config).toEqual({
			data_dir: path.join(dir, 'home', '.local', 'share', 'mediastack'),
			timezone: 'UTC',
			log_level: 'info',
			temporal: { address: '', namespace: 'default', task_queue: 'mediastack', embedded: { port: 7233, ui_port: 8233, ip: '127.0.0.1' } },
			api: { enabled: true, host: '127.0.0.1', port: 8420, rate_limit_per_minute: 100 },
			services: {},
			schedules: { service_health: { enabled: true, cron: '*/15 * * * *' } },
		});
	});

	it('takes data_dir from MEDIASTACK_DATA_DIR, else XDG_DATA_HOME', () => {
		expect(validateConfig({}, { env: { ...env, MEDIASTACK_DATA_DIR: '/srv/ms' } }).data_dir).toBe('/srv/ms');
		expect(validateConfig({}, { env: { ...env, XDG_DATA_HOME: '/xdg/data' } }).data_dir).toBe('/xdg/data/mediastack');
	});

	it('takes the timezone from TZ and ignores a TZ that names no zone', () => {
		expect(validateConfig({}, { env: { ...env, TZ: 'Europe/Berlin' } }).timezone).toBe('Europe/Berlin');
		const fallback = validateConfig({}, { env: { ...env, TZ: 'Not/AZone' } }).timezone;
		expect(fallback).not.toBe('Not/AZone');
		expect(() => new Intl.DateTimeFormat('en', { timeZone: fallback })).not.toThrow();
	});

	it('gives a service the type of its name and fills in timeout_ms', () => {
		const config = validateConfig({ services: { prowlarr: PROWLARR } }, { env });
		expect(config.services.prowlarr).toEqual({ type: 'prowlarr', ...PROWLARR, timeout_ms: 15000 });
	});

	it('accepts empty sections written as bare keys', () => {
		const config = validateConfig(parseConfigText('api:\nservices:\ntemporal:\n  embedded:\n'), { env });
		expect(config.api.port).toBe(8420);
		expect(config.temporal.embedded.ui_port).toBe(8233);
		expect(config.services).toEqual({});
	});

	it('expands ~ in data_dir', () => {
		expect(validateConfig({ data_dir: '~/media' }, { env }).data_dir).toBe(path.join(dir, 'home', 'media'));
	});
});

describe('config file lookup', () => {
	it('prefers --config over MEDIASTACK_CONFIG over ./mediastack.yaml over the XDG file', async () => {
		const flag = await writeConfig('flag.yaml', 'log_level: debug\n');
		const fromEnv = await writeConfig('env.yaml', 'log_level: warn\n');
		const local = await writeConfig('mediastack.yaml', 'log_level: error\n');
		const user = await writeConfig('xdg/mediastack/config.yaml', 'log_level: info\n');
		const lookupEnv = { ...env, MEDIASTACK_CONFIG: fromEnv, XDG_CONFIG_HOME: path.join(dir, 'xdg') };

		expect((await loadConfig({ path: flag, env: lookupEnv, cwd: dir })).path).toBe(flag);
		expect((await loadConfig({ env: lookupEnv, cwd: dir })).path).toBe(fromEnv);
		expect((await loadConfig({ env: { ...lookupEnv, MEDIASTACK_CONFIG: undefined }, cwd: dir })).path).toBe(local);
		await rm(local);
		const loaded = await loadConfig({ env: { ...lookupEnv, MEDIASTACK_CONFIG: undefined }, cwd: dir });
		expect(loaded.path).toBe(user);
		expect(loaded.config.log_level).toBe('info');
	});

	it('fails when the file named by --config does not exist, instead of using defaults', async () => {
		const missing = path.join(dir, 'nope.yaml');
		await expect(loadConfig({ path: missing, env, cwd: dir })).rejects.toThrow(ConfigFileError);
		await expect(loadConfig({ path: missing, env, cwd: dir })).rejects.toThrow(/nope\.yaml.*--config does not exist/s);
	});

	it('names the file, line and column of a YAML syntax error', async () => {
		const file = await writeConfig('broken.yaml', 'api:\n  port: 8420\n  host: [127.0.0.1\nlog_level: info\n');
		const error = await loadConfig({ path: file, env, cwd: dir }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ConfigValidationError);
		const message = (error as Error).message;
		expect(message).toContain(file);
		expect(message).toMatch(/line 4, column 1/);
	});

	it('does not quote the offending line of a YAML error (it may hold a key)', async () => {
		const file = await writeConfig('broken.yaml', 'services:\n  prowlarr:\n    api_key: supersecretvalue123\n  url: [\n');
		const message = await loadConfig({ path: file, env, cwd: dir }).then(
			() => '',
			(error: Error) => error.message,
		);
		expect(message).toMatch(/line \d+, column \d+/);
		expect(message).not.toContain('supersecretvalue123');
	});

	it('rejects duplicate keys with their position', () => {
		expect(() => parseConfigText('log_level: info\nlog_level: debug\n', 'dup.yaml')).toThrow(/dup\.yaml[\s\S]*line 2, column 1: Map keys must be unique/);
	});

	it('rejects a file whose top level is not a mapping', () => {
		expect(() => parseConfigText('- a\n- b\n', 'list.yaml')).toThrow(/top level must be a mapping/);
	});
});

describe('environment substitution', () => {
	it('replaces ${VAR} and ${VAR:-default} in string values', () => {
		const config = validateConfig(
			{
				api: { host: '${API_HOST:-127.0.0.1}', port: '${API_PORT}' },
				services: { prowlarr: { url: 'http://${PROWLARR_HOST}:9696', api_key: '${PROWLARR_KEY}' } },
			},
			{ env: { ...env, API_PORT: '9000', PROWLARR_HOST: 'prowlarr.lan', PROWLARR_KEY: 'k'.repeat(32) } },
		);
		expect(config.api.host).toBe('127.0.0.1');
		expect(config.api.port).toBe(9000);
		expect(config.services.prowlarr.url).toBe('http://prowlarr.lan:9696');
		expect(config.services.prowlarr.api_key).toBe('k'.repeat(32));
	});

	it('uses the default when the variable is set but empty, like the shell', () => {
		expect(validateConfig({ api: { host: '${H:-0.0.0.0}' } }, { env: { ...env, H: '' } }).api.host).toBe('0.0.0.0');
	});

	it('keeps $${ as a literal ${', () => {
		expect(validateConfig({ temporal: { namespace: 'ns-$${x}' } }, { env }).temporal.namespace).toBe('ns-${x}');
	});

	it('names the key path and the variable when a variable is missing', () => {
		const issues = issuesOf(() => validateConfig({ services: { prowlarr: { url: PROWLARR.url, api_key: '${PROWLARR_API_KEY}' } } }, { env }));
		expect(issues).toEqual([
			{ path: 'services.prowlarr.api_key', message: expect.stringMatching(/PROWLARR_API_KEY.*not set.*\$\{PROWLARR_API_KEY:-value\}/) },
		]);
	});

	it('reports a malformed reference', () => {
		const issues = issuesOf(() => validateConfig({ api: { host: '${HOST' } }, { env }));
		expect(issues[0]).toEqual({ path: 'api.host', message: expect.stringContaining('malformed') });
	});
});

describe('secret files (*_file)', () => {
	it('reads api_key_file and trims the trailing newline (Docker secrets)', async () => {
		const secret = await writeConfig('secrets/prowlarr', 'abcdef0123456789abcdef0123456789\n');
		const config = validateConfig({ services: { prowlarr: { url: PROWLARR.url, api_key_file: secret } } }, { env });
		expect(config.services.prowlarr.api_key).toBe('abcdef0123456789abcdef0123456789');
		expect(config.services.prowlarr).not.toHaveProperty('api_key_file');
	});

	it('resolves a relative *_file against the config file folder', async () => {
		await writeConfig('conf/keys/token', 'a-long-enough-api-token-value\n');
		const file = await writeConfig('conf/mediastack.yaml', 'api:\n  token_file: keys/token\n');
		const loaded = await loadConfig({ path: file, env, cwd: dir });
		expect(loaded.config.api.token).toBe('a-long-enough-api-token-value');
	});

	it('reports a missing secret file with its key path and the file', () => {
		const missing = path.join(dir, 'secrets', 'none');
		const issues = issuesOf(() => validateConfig({ services: { prowlarr: { url: PROWLARR.url, api_key_file: missing } } }, { env }));
		expect(issues).toEqual([{ path: 'services.prowlarr.api_key_file', message: expect.stringContaining(`cannot read ${missing} (it does not exist)`) }]);
	});

	it('refuses api_key and api_key_file together, and an empty secret file', async () => {
		const empty = await writeConfig('empty', '\n');
		const both = issuesOf(() => validateConfig({ services: { prowlarr: { ...PROWLARR, api_key_file: empty } } }, { env }));
		expect(both[0]).toEqual({ path: 'services.prowlarr.api_key_file', message: expect.stringContaining('both set') });
		const blank = issuesOf(() => validateConfig({ services: { prowlarr: { url: PROWLARR.url, api_key_file: empty } } }, { env }));
		expect(blank[0]).toEqual({ path: 'services.prowlarr.api_key_file', message: expect.stringContaining('is empty') });
	});

	it('leaves non-secret *_file keys (TLS paths) alone', async () => {
		const cert = await writeConfig('tls/client.pem', 'cert');
		const key = await writeConfig('tls/client.key', 'key');
		const config = validateConfig({ temporal: { address: 'temporal:7233', tls: { cert_file: cert, key_file: key } } }, { env });
		expect(config.temporal.tls).toEqual({ enabled: true, cert_file: cert, key_file: key });
	});
});

describe('validation errors name their key path', () => {
	it.each([
		[{ log_level: 'verbose' }, 'log_level', /one of: debug, info, warn, error/],
		[{ timezone: 'Mars/Olympus' }, 'timezone', /IANA time zone.*Europe\/Berlin/],
		[{ data_dir: 'relative/dir' }, 'data_dir', /absolute path/],
		[{ temporal: { address: 'no-port' } }, 'temporal.address', /host:port/],
		[{ temporal: { namespace: '' } }, 'temporal.namespace', /must not be empty/],
		[{ temporal: { embedded: { port: 70000 } } }, 'temporal.embedded.port', /at most 65535/],
		[{ temporal: { embedded: { binary: '/nonexistent/temporal' } } }, 'temporal.embedded.binary', /file not found/],
		[{ temporal: { tls: { cert_file: '/etc/hostname' } } }, 'temporal.tls', /cert_file and key_file go together/],
		[{ api: { port: 'http' } }, 'api.port', /must be a number/],
		[{ api: { enabled: 'maybe' } }, 'api.enabled', /must be a boolean/],
		[{ api: { token: 'short' } }, 'api.token', /too short/],
		[{ api: { rate_limit_per_minute: 0 } }, 'api.rate_limit_per_minute', /at least 1/],
		[{ services: { prowlarr: { api_key: 'x' } } }, 'services.prowlarr.url', /is required.*http:\/\/prowlarr:9696/],
		[{ services: { prowlarr: { url: 'ftp://host' , api_key: 'x' } } }, 'services.prowlarr.url', /http:\/\/ or https:\/\//],
		[{ services: { prowlarr: { url: PROWLARR.url } } }, 'services.prowlarr.api_key', /is required.*Settings → General → Security/],
		[{ services: { prowlarr: { ...PROWLARR, timeout_ms: 5 } } }, 'services.prowlarr.timeout_ms', /at least 100/],
		[{ services: { indexers: PROWLARR } }, 'services.indexers.type', /is missing.*type: <one of [^>]*\bprowlarr\b/],
		[{ services: { tv: { ...PROWLARR, type: 'sonarr-9' } } }, 'services.tv.type', /"sonarr-9" is not a known service type/],
		[{ services: { 'my prowlarr': { ...PROWLARR, type: 'prowlarr' } } }, 'services.my prowlarr', /letters, digits/],
		[{ services: [] }, 'services', /must be a mapping/],
		[{ schedules: { service_health: { cron: 'every day' } } }, 'schedules.service_health.cron', /five fields/],
		[{ log_levle: 'info' }, 'log_levle', /unknown key; did you mean "log_level"/],
		[{ services: { prowlarr: { ...PROWLARR, apikey: 'x' } } }, 'services.prowlarr.apikey', /unknown key; did you mean "api_key"/],
	])('%j → %s', (raw, keyPath, message) => {
		const issues = issuesOf(() => validateConfig(raw, { env }));
		expect(issues.map((issue) => issue.path)).toContain(keyPath);
		expect(issues.find((issue) => issue.path === keyPath)?.message).toMatch(message);
	});

	it('lists every problem at once as "key.path: message" lines', () => {
		let error: ConfigValidationError | undefined;
		try {
			validateConfig({ log_level: 'loud', api: { port: -1 }, services: { prowlarr: { url: 'nope' } } }, { env, file: '/etc/mediastack.yaml' });
		} catch (caught) {
			error = caught as ConfigValidationError;
		}
		expect(error?.message.split('\n')).toEqual([
			'The config file /etc/mediastack.yaml is invalid:',
			expect.stringMatching(/^ {2}- log_level: /),
			expect.stringMatching(/^ {2}- api\.port: must be at least 0/),
			expect.stringMatching(/^ {2}- services\.prowlarr\.url: /),
			expect.stringMatching(/^ {2}- services\.prowlarr\.api_key: is required/),
		]);
	});

	it('never echoes a secret value in a type error', () => {
		const issues = issuesOf(() => validateConfig({ services: { prowlarr: { url: PROWLARR.url, api_key: 123456789012 } } }, { env }));
		expect(JSON.stringify(issues)).not.toContain('123456789012');
	});
});

describe('the example config', () => {
	it('is the same text as worker/mediastack.example.yaml', async () => {
		expect(await readFile(path.join(repoRoot, 'worker', 'mediastack.example.yaml'), 'utf8')).toBe(exampleConfigYaml());
	});

	it('validates, and gives the documented defaults', () => {
		const config = validateConfig(parseConfigText(exampleConfigYaml()), { env });
		expect(config).toEqual(validateConfig({}, { env }));
	});

	it('validates with its commented Prowlarr service switched on', () => {
		const enabled = exampleConfigYaml()
			.replace('services: {}\n', 'services:\n')
			// Only Prowlarr's block: the other service types' examples stay commented out.
			.replace(/^# {2}prowlarr:\n(?:# {4}.*\n)*/m, (block) => block.replace(/^#( {2}prowlarr:| {4}url:| {4}api_key:| {4}timeout_ms:)/gm, '$1'));
		const config = validateConfig(parseConfigText(enabled), { env: { ...env, PROWLARR_API_KEY: 'k'.repeat(32) } });
		expect(config.services.prowlarr).toEqual({ type: 'prowlarr', url: 'http://prowlarr:9696', api_key: 'k'.repeat(32), timeout_ms: 15000 });
	});

	it('documents every top-level section', () => {
		for (const key of ['data_dir', 'timezone', 'log_level', 'temporal:', 'api:', 'services:', 'schedules:']) expect(exampleConfigYaml()).toContain(key);
	});
});

describe('configSecrets', () => {
	it('collects every secret value so scrubbers can mask them', () => {
		const config = validateConfig({ temporal: { address: 'x:7233', api_key: 'temporal-cloud-key' }, api: { token: 'a-very-long-api-token' }, services: { prowlarr: PROWLARR } }, { env });
		expect(configSecrets(config).sort()).toEqual([PROWLARR.api_key, 'a-very-long-api-token', 'temporal-cloud-key'].sort());
	});
});
