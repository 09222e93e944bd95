import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ConfigError } from '../../../clients/core/errors';
import { FakeProwlarr, startFakeProwlarr } from '../../../test/fakes/prowlarr';
import { validateConfig } from '../../src/config';
import { createServices } from '../../src/services';

let prowlarr: FakeProwlarr;

beforeAll(async () => {
	prowlarr = await startFakeProwlarr();
});

afterAll(async () => {
	await prowlarr.close();
});

function servicesFor(services: Record<string, unknown>) {
	return createServices(validateConfig({ services }, { env: { HOME: '/nonexistent', TZ: 'UTC' } }));
}

describe('createServices', () => {
	it('builds a Prowlarr client that sends the configured API key', async () => {
		const services = servicesFor({ prowlarr: { url: prowlarr.url, api_key: prowlarr.apiKey } });
		try {
			const status = await services.prowlarr().getSystemStatus();
			expect(status.version).toBe('2.5.0.5422');
			expect(prowlarr.requests.at(-1)?.headers['x-api-key']).toBe(prowlarr.apiKey);
			expect(services.prowlarr()).toBe(services.prowlarr('prowlarr'));
		} finally {
			services.close();
		}
	});

	it('surfaces a refused key as the typed AuthError', async () => {
		const services = servicesFor({ prowlarr: { url: prowlarr.url, api_key: 'wrong-key-0000000000000000000000' } });
		try {
			await expect(services.prowlarr().getSystemStatus()).rejects.toBeInstanceOf(AuthError);
		} finally {
			services.close();
		}
	});

	it('lists service names by type', () => {
		const services = servicesFor({ main: { type: 'prowlarr', url: 'http://a:9696', api_key: 'k' }, backup: { type: 'prowlarr', url: 'http://b:9696', api_key: 'k' } });
		expect(services.names('prowlarr')).toEqual(['main', 'backup']);
		expect(services.prowlarr('backup').baseUrl).toBe('http://b:9696');
	});

	it('names services.* when no Prowlarr is configured', () => {
		expect(() => servicesFor({}).prowlarr()).toThrow(ConfigError);
		expect(() => servicesFor({}).prowlarr()).toThrow(/No Prowlarr service is configured\. Fix: add services\.prowlarr with url and api_key/);
	});

	it('asks for a name when several Prowlarr services are configured', () => {
		const services = servicesFor({ main: { type: 'prowlarr', url: 'http://a:9696', api_key: 'k' }, backup: { type: 'prowlarr', url: 'http://b:9696', api_key: 'k' } });
		expect(() => services.prowlarr()).toThrow(/Several Prowlarr services are configured \(services\.main, services\.backup\)\. Fix: choose one by name \(e\.g\. --service main\)/);
	});

	it('names the configured Prowlarr services when the requested name does not exist', () => {
		const services = servicesFor({ prowlarr: { url: 'http://a:9696', api_key: 'k' } });
		expect(() => services.prowlarr('indexers')).toThrow(/There is no service named "indexers" .*the configured Prowlarr services are: services\.prowlarr/);
	});
});
