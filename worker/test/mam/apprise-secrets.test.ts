import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMamExpiryMessage } from '../../../clients/notify/format';
import { randomMamCookie } from '../../../test/fakes/prowlarr';
import { AppriseCliNotifier } from '../../src/notify';
import { makeTempDir } from '../support/temporal';

/**
 * The Apprise URLs of a CLI channel carry tokens: they must not be on apprise's command line,
 * which every user of the machine can read (`ps`, /proc/PID/cmdline). A stand-in `apprise`
 * records what it was started with and what the config file it was given looked like.
 */
const TOKEN = 'tok' + randomMamCookie().slice(0, 29);
let dir: string;
let binary: string;
let record: string;

beforeAll(() => {
	dir = makeTempDir('mediastack-apprise-argv-');
	record = path.join(dir, 'record.json');
	binary = path.join(dir, 'apprise');
	writeFileSync(
		binary,
		[
			`#!${process.execPath}`,
			"const fs = require('node:fs');",
			'const args = process.argv.slice(2);',
			"const config = args[args.indexOf('--config') + 1];",
			`fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, config, mode: fs.statSync(config).mode & 0o777, dirMode: fs.statSync(require('node:path').dirname(config)).mode & 0o777, urls: fs.readFileSync(config, 'utf8') }));`,
		].join('\n'),
	);
	chmodSync(binary, 0o755);
});

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

describe('AppriseCliNotifier', () => {
	it('passes the URLs in a private temporary config file, never on the command line, and removes the file', async () => {
		const urls = [`json://127.0.0.1:9/hook/${TOKEN}`, `tgram://${TOKEN}/123456`];
		const message = formatMamExpiryMessage({ label: 'direct', mamId: randomMamCookie(), created: '2026-01-01', expires: '2026-04-01', daysRemaining: 5 });
		await new AppriseCliNotifier({ urls, binary }).send(message);
		const seen = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; config: string; mode: number; dirMode: number; urls: string };
		expect(seen.args.join(' ')).not.toContain(TOKEN);
		expect(seen.args).toEqual(expect.arrayContaining(['-t', message.subject, '-b', message.body, '--config', seen.config]));
		expect(seen.urls.trim().split('\n')).toEqual(urls);
		expect(seen.mode).toBe(0o600);
		expect(seen.dirMode).toBe(0o700);
		expect(existsSync(seen.config)).toBe(false);
	});
});
