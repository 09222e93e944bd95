import { MEDIASTACK_RUNNER, MediastackClient } from '../../clients/mediastack';
import { startFakeRunnerApi } from '../fakes/runner-api';
import { NodeTransport } from '../support/node-transport';
import { describeClientFaults } from '../support/suites/client-faults';

describeClientFaults({
	service: MEDIASTACK_RUNNER,
	start: async () => {
		const { server, token } = await startFakeRunnerApi();
		return Object.assign(server, { apiKey: token });
	},
	client: ({ baseUrl, apiKey, timeoutMs }) => new MediastackClient({ baseUrl, token: apiKey, transport: new NodeTransport({ service: MEDIASTACK_RUNNER, timeoutMs }) }),
	call: (client) => client.getServerTime(),
	where: 'GET /api/server_time',
	// The runner's 401 already says where the token is.
	ownAuthFix: true,
	wrongKey: 'Wq0H2x8mV1rT5yN3kJ7pL9sD4fG6hB0c',
});
