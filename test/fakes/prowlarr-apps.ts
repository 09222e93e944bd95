import type { ProwlarrApplication } from '../../clients/prowlarr/types';
import type { HandlerResult } from './kit';
import { FakeServer } from './kit';
import { ValidationFailure, fieldOf, flag, invalid, modelNotFound, schemaField, validationFailure } from './arr-common';

/**
 * Prowlarr's Settings → Apps: the apps it feeds its indexers to. As in Prowlarr, saving (unless
 * forceSave) and the test endpoint call the app itself — GET <baseUrl>/api/v3/system/status with
 * the app's key — so a test against a fake Sonarr or Radarr passes or fails for the real reason.
 */
export class FakeProwlarrApplications {
	readonly applications: ProwlarrApplication[] = [];
	private nextId = 1;

	register(server: FakeServer, prefix: string): void {
		server.on(`GET ${prefix}/applications`, () => ({ body: this.applications.map(masked) }));
		server.on(`GET ${prefix}/applications/schema`, () => ({ body: applicationTemplates() }));
		server.on(`GET ${prefix}/applications/{id}`, ({ params }) => {
			const found = this.applications.find((application) => application.id === Number(params.id));
			return found ? { body: masked(found) } : modelNotFound('ApplicationDefinition', params.id);
		});
		server.on(`POST ${prefix}/applications`, async ({ body, query }) => {
			const resource = complete(body as ProwlarrApplication);
			const failures = [...this.validate(resource), ...(flag(query.forceSave) ? [] : await testApplication(resource))];
			if (failures.length) return invalid(...failures);
			resource.id = this.nextId++;
			this.applications.push(resource);
			return { body: masked(resource) };
		});
		server.on(`DELETE ${prefix}/applications/{id}`, ({ params }) => {
			const index = this.applications.findIndex((application) => application.id === Number(params.id));
			if (index < 0) return modelNotFound('ApplicationDefinition', params.id);
			this.applications.splice(index, 1);
			return { body: {} };
		});
		server.on(`POST ${prefix}/applications/test`, async ({ body }): Promise<HandlerResult> => {
			const resource = this.unmasked(complete(body as ProwlarrApplication));
			const failures = [...this.validate(resource, false), ...(await testApplication(resource))];
			return failures.length ? invalid(...failures) : { body: {} };
		});
	}

	/** A resource sent back with masked keys (as GET gave it) keeps the stored ones, as Prowlarr does. */
	private unmasked(resource: ProwlarrApplication): ProwlarrApplication {
		const stored = this.applications.find((application) => application.id === resource.id);
		if (!stored) return resource;
		return { ...resource, fields: resource.fields.map((field) => (field.value === '********' ? { ...field, value: fieldOf(stored, field.name) } : field)) };
	}

	private validate(resource: ProwlarrApplication, checkName = true): ValidationFailure[] {
		const failures: ValidationFailure[] = [];
		const name = typeof resource.name === 'string' ? resource.name.trim() : '';
		if (checkName && !name) failures.push(validationFailure('Name', "'Name' must not be empty.", 'NotEmptyValidator', resource.name ?? ''));
		else if (checkName && this.applications.some((other) => other.id !== resource.id && String(other.name).toLowerCase() === name.toLowerCase())) {
			failures.push(validationFailure('Name', 'Should be unique', 'PredicateValidator', resource.name));
		}
		if (!applicationTemplates().some((template) => template.implementation === resource.implementation)) {
			failures.push(validationFailure('Implementation', `Unknown implementation "${String(resource.implementation)}"`, 'PredicateValidator', resource.implementation));
		}
		for (const key of ['prowlarrUrl', 'baseUrl']) {
			const value = fieldOf(resource, key);
			if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+/i.test(value)) failures.push(validationFailure(key === 'baseUrl' ? 'BaseUrl' : 'ProwlarrUrl', `'${key}' must be a valid URL`, 'UrlValidator', value ?? ''));
		}
		if (!fieldOf(resource, 'apiKey')) failures.push(validationFailure('ApiKey', "'Api Key' must not be empty.", 'NotEmptyValidator', ''));
		return failures;
	}
}

/** Prowlarr's test of an app: its system status with the key Prowlarr was given. */
async function testApplication(resource: ProwlarrApplication): Promise<ValidationFailure[]> {
	const baseUrl = String(fieldOf(resource, 'baseUrl') ?? '').replace(/\/+$/, '');
	const apiKey = String(fieldOf(resource, 'apiKey') ?? '');
	if (!baseUrl || !apiKey) return [];
	let response: Response;
	try {
		response = await fetch(`${baseUrl}/api/v3/system/status`, { headers: { 'X-Api-Key': apiKey, accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
	} catch {
		return [validationFailure('BaseUrl', `Unable to complete application test, cannot connect to ${String(resource.implementation)}`, '')];
	}
	if (response.status === 401) return [validationFailure('ApiKey', 'API Key is invalid', '')];
	const status = (await response.json().catch(() => undefined)) as { appName?: string } | undefined;
	if (!response.ok || status?.appName !== resource.implementation) {
		return [validationFailure('BaseUrl', `Unable to complete application test: ${baseUrl} is not ${String(resource.implementation)}`, '')];
	}
	return [];
}

/** Prowlarr never sends a key back: fields whose privacy is apiKey or password read as asterisks. */
function masked(application: ProwlarrApplication): ProwlarrApplication {
	return { ...application, fields: application.fields.map((field) => (field.privacy === 'apiKey' || field.privacy === 'password') && field.value ? { ...field, value: '********' } : field) };
}

function complete(body: ProwlarrApplication): ProwlarrApplication {
	const template = applicationTemplates().find((candidate) => candidate.implementation === body?.implementation);
	return { ...(template ?? {}), ...body, id: body?.id ?? 0, fields: body?.fields ?? template?.fields ?? [], tags: body?.tags ?? [] } as ProwlarrApplication;
}

/** The app kinds this fake offers, with the settings Prowlarr's templates have. */
export function applicationTemplates(): ProwlarrApplication[] {
	const template = (implementation: string, categories: number[]): ProwlarrApplication => ({
		id: 0,
		name: null,
		implementation,
		implementationName: implementation,
		configContract: `${implementation}Settings`,
		infoLink: `https://wiki.servarr.com/prowlarr/supported#${implementation.toLowerCase()}`,
		syncLevel: 'fullSync',
		tags: [],
		fields: [
			schemaField(0, 'prowlarrUrl', 'Prowlarr Server', 'http://localhost:9696'),
			schemaField(1, 'baseUrl', `${implementation} Server`, implementation === 'Sonarr' ? 'http://localhost:8989' : 'http://localhost:7878'),
			schemaField(2, 'apiKey', 'API Key', '', { privacy: 'apiKey', type: 'textbox' }),
			schemaField(3, 'syncCategories', 'Sync Categories', categories, { type: 'select', advanced: true }),
		],
	});
	return [template('Radarr', [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080]), template('Sonarr', [5000, 5010, 5020, 5030, 5040, 5045, 5050, 5090])];
}
