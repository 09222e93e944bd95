import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, configSecrets, exampleConfigYaml, validateConfig } from '../../src/config';
import { startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { startFakeRadarr } from '../../../test/fakes/radarr';
import { startFakeSonarr } from '../../../test/fakes/sonarr';
import { KNOWN_SERVICE_TYPES, ServiceType, createServices, definitionOf, displayName } from '../../src/services';

/** A fake of each service type, speaking its published API. */
const FAKES: Record<ServiceType, () => Promise<{ url: string; apiKey: string; close(): Promise<void> }>> = {
	prowlarr: () => startFakeProwlarr(),
	sonarr: () => startFakeSonarr(),
	radarr: () => startFakeRadarr(),
};

/**
 * Every service type in the registry gets everything the runner derives from it: a config
 * entry that validates (from its own `config init` example), a client, its secrets known to the
 * scrubber, a display name in errors, and a health probe.
 */
const env = { HOME: '/home/mediastack', TZ: 'UTC' };

/** The example block of one type, uncommented, with its ${VAR} references set. */
function exampleEntry(type: string): Record<string, unknown> {
	const lines = definitionOf(type as never).example;
	const text = lines.join('\n').replace(/\$\{([A-Z_]+)\}/g, (_match, name: string) => `${name.toLowerCase()}-0123456789abcdef`);
	return YAML.parse(text) as Record<string, unknown>;
}

describe.each(KNOWN_SERVICE_TYPES.map((type) => [type]))('service type %s', (type) => {
	it('validates its own config example and builds a client from it', () => {
		const config = validateConfig({ services: exampleEntry(type) }, { env });
		const [name, entry] = Object.entries(config.services)[0];
		expect(entry.type).toBe(type);
		const services = createServices(config);
		try {
			const client = services.client(type, name) as { baseUrl?: string };
			expect(client.baseUrl).toBe((entry as { url: string }).url.replace(/\/+$/, ''));
			expect(services.client(type)).toBe(client);
		} finally {
			services.close();
		}
	});

	it('marks its credentials as secrets', () => {
		const config = validateConfig({ services: exampleEntry(type) }, { env });
		const entry = Object.values(config.services)[0];
		const declared = definitionOf(type).secrets(entry).filter(Boolean);
		expect(declared.length).toBeGreaterThan(0);
		for (const secret of declared) expect(configSecrets(config)).toContain(secret);
	});

	it('is in the `config init` example and in the unknown-type message', () => {
		expect(exampleConfigYaml()).toContain(`#  ${definitionOf(type).example[0]}`);
		try {
			validateConfig({ services: { thing: { type: 'no-such-type', url: 'http://x:1', api_key: 'k' } } }, { env });
			expect.unreachable('an unknown type must be refused');
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigValidationError);
			expect((error as Error).message).toContain(type);
		}
	});

	it('names the service by its display name when it is missing', () => {
		const services = createServices(validateConfig({}, { env }));
		expect(() => services.client(type)).toThrow(`No ${displayName(type)} service is configured`);
	});

	it('probes health against the real API shape: healthy with the right key, AuthError with a wrong one', async () => {
		const start = FAKES[type];
		expect(start, `test/fakes has a fake for ${type} (add it to FAKES)`).toBeDefined();
		const fake = await start();
		const config = validateConfig(
			{ services: { good: { type, url: fake.url, api_key: fake.apiKey }, locked: { type, url: fake.url, api_key: 'wrong-key-0123456789abcdef01234567' } } },
			{ env },
		);
		const services = createServices(config);
		try {
			const report = await services.checkHealth('good');
			expect(report).toMatchObject({ ok: true, type });
			expect(report.version).toMatch(/^\d+\./);
			await expect(services.checkHealth('locked')).rejects.toMatchObject({ name: 'AuthError', service: displayName(type) });
		} finally {
			services.close();
			await fake.close();
		}
	});
});
