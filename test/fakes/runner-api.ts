import { randomBytes } from 'node:crypto';
import { FakeServer } from './kit';

/**
 * The runner's own HTTP API (worker/src/api) as the kit's fake, for the client tests that need
 * its faults: a bearer token on every route, the runner's 401 body (which carries its own fix),
 * and GET /api/server_time. It has no published spec, so nothing is checked against one.
 */
export interface FakeRunnerApi {
	server: FakeServer;
	/** The bearer token the fake accepts. */
	token: string;
}

export async function startFakeRunnerApi(): Promise<FakeRunnerApi> {
	const token = randomBytes(24).toString('base64url');
	const server = await FakeServer.create({
		name: 'runner API',
		spec: undefined,
		apiKey: token,
		authenticate: (request) => request.headers.authorization === `Bearer ${token}`,
		unauthorized: (request) => ({
			status: 401,
			headers: { 'www-authenticate': 'Bearer realm="mediastack"' },
			body: {
				error: 'unauthorized',
				message: `${request.headers.authorization ? 'Wrong' : 'Missing'} bearer token. Fix: send "Authorization: Bearer <token>"; the token is in /var/lib/mediastack/api-token (or api.token in the config).`,
			},
		}),
	});
	server.on('GET /api/server_time', () => ({ body: { server_time: new Date().toISOString(), timezone: 'Europe/Berlin', local_time: new Date().toISOString() } }));
	await server.start();
	return { server, token };
}
