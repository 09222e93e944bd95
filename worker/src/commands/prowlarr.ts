import { isMediastackError } from '../../../clients/core/errors';
import { redactUrl } from '../../../clients/core/redact';
import { createServices } from '../services';
import { EventLog } from '../state/events';
import { ConfigOptions, loadForCommand } from './config';
import { CommandFailure, CommandOutput, describeError } from './output';

export interface ProwlarrTestOptions extends ConfigOptions {
	service?: string;
}

/**
 * Checks the path the runner depends on: Prowlarr answers with the configured key, and it has
 * a MyAnonamouse indexer. Records a `prowlarr_test` event either way.
 */
export async function prowlarrTestCommand(options: ProwlarrTestOptions, output: CommandOutput): Promise<void> {
	const { config } = await loadForCommand(options);
	const services = createServices(config);
	try {
		// Resolve the name first: a missing or ambiguous service is a config problem, not a test result.
		const client = services.prowlarr(options.service);
		const name = options.service ?? services.names('prowlarr')[0];
		const url = redactUrl(client.baseUrl);
		const events = await EventLog.open(config.data_dir);
		try {
			const status = await client.getSystemStatus();
			output.out(`Prowlarr ${status.version ?? '(version unknown)'} at ${url}: API key accepted`);
			const indexer = await client.findMyAnonamouseIndexer();
			output.out(`MyAnonamouse indexer: id ${indexer.id} ("${indexer.name ?? ''}")`);
			await events.record({
				type: 'prowlarr_test',
				subject: name,
				ok: true,
				details: { url, version: status.version, mam_indexer_id: indexer.id, mam_indexer_name: indexer.name },
			});
		} catch (error) {
			await events.record({
				type: 'prowlarr_test',
				subject: name,
				ok: false,
				details: { url, error: isMediastackError(error) ? error.toJSON() : { message: describeError(error) } },
			});
			throw new CommandFailure(describeError(error));
		}
	} finally {
		services.close();
	}
}
