import { MEDIASTACK_RUNNER, MediastackClient } from '../../../clients/mediastack/client';
import { credentialTest } from '../../shared/credential-test';

/**
 * Proves the URL answers as the runner itself (its health summary, not any page answering 200)
 * and takes the token, with the node's own messages. A runner that reports itself unhealthy
 * still passes: URL and token are right, and the answer says what is wrong.
 */
export const mediastackApiTest = credentialTest({
	service: MEDIASTACK_RUNNER,
	client: (options) => new MediastackClient(options),
	headers: (data) => ({ authorization: `Bearer ${typeof data.apiToken === 'string' ? data.apiToken : ''}` }),
	secretFields: ['apiToken'],
	probe: async (client) => {
		const health = await client.getVerifiedHealth();
		if (health.ok) return 'Connected to the mediastack runner; the API token works and the runner reports itself healthy.';
		const temporal = health.temporal as { reachable?: unknown; error?: unknown };
		const worker = health.worker as { state?: unknown };
		const problems = [
			temporal.reachable === false ? `Temporal is not reachable${typeof temporal.error === 'string' ? ` (${temporal.error})` : ''}` : undefined,
			typeof worker.state === 'string' && worker.state !== 'RUNNING' ? `the worker is ${worker.state.toLowerCase()}` : undefined,
		].filter(Boolean);
		return `Connected to the mediastack runner; the API token works, but the runner reports itself unhealthy${problems.length ? `: ${problems.join('; ')}` : ''}. Run \`mediastack status\` for details.`;
	},
});
