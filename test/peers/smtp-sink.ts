import { mkdir, readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Daemon, delay, freePort, LOOPBACK, makeDataDir, randomLogin, readyPeer, requireExecutable, type RunningPeer, type StartOptions } from './support';

const SINK_SCRIPT = path.join(__dirname, 'smtp-sink.py');

export interface ReceivedMail {
	mailFrom: string;
	rcptTos: string[];
	/** The raw message (headers + body) as sent after DATA. */
	data: string;
	/** The AUTH username when the client authenticated, else null. */
	authenticatedAs: string | null;
	/** Unix time in seconds. */
	receivedAt: number;
}

export interface SmtpSinkPeer extends RunningPeer {
	host: string;
	port: number;
	/** `smtp://127.0.0.1:P`. */
	url: string;
	/** AUTH PLAIN/LOGIN credentials the sink accepts (offered without TLS; loopback only). */
	username: string;
	password: string;
	/** Every message received so far, oldest first. */
	messages(): Promise<ReceivedMail[]>;
	/** Resolves once at least `count` messages arrived; rejects after `timeoutMs`. */
	waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

export interface SmtpSinkStartOptions extends StartOptions {
	/** Refuse MAIL FROM until the client authenticated (default: AUTH offered but optional). */
	requireAuth?: boolean;
}

/**
 * A raw SMTP conversation: reads the greeting, then sends each command and reads its reply
 * (multi-line replies are joined). Returns greeting + one reply per command. Commands are sent
 * as given plus CRLF, so a DATA payload is one "command" ending in `\r\n.`.
 */
export function smtpDialogue(port: number, commands: readonly string[], timeoutMs = 10_000): Promise<string[]> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: LOOPBACK, port });
		const replies: string[] = [];
		let buffer = '';
		let current: string[] = [];
		let next = 0;
		socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`SMTP dialogue timed out after ${replies.length} replies`)));
		socket.on('error', reject);
		socket.on('close', () => resolve(replies));
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			let newline: number;
			while ((newline = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 2);
				current.push(line);
				// "250-..." continues a reply; "250 ..." ends it.
				if (/^\d{3}-/.test(line)) continue;
				replies.push(current.join('\n'));
				current = [];
				if (next < commands.length) socket.write(commands[next++] + '\r\n');
				else socket.end();
			}
		});
	});
}

/** aiosmtpd on a free 127.0.0.1 port that stores every message as JSON in its data dir. */
export async function startSmtpSink(options: SmtpSinkStartOptions = {}): Promise<SmtpSinkPeer> {
	const python = requireExecutable('python3');
	const dataDir = await makeDataDir('smtp');
	const mailDir = path.join(dataDir, 'mail');
	await mkdir(mailDir);
	const port = await freePort();
	const { username, password } = randomLogin();
	const daemon = Daemon.spawn('smtp-sink', python, ['-u', SINK_SCRIPT, String(port), mailDir], {
		cwd: dataDir,
		env: {
			...process.env,
			PYTHONDONTWRITEBYTECODE: '1',
			SMTP_SINK_USERNAME: username,
			SMTP_SINK_PASSWORD: password,
			SMTP_SINK_REQUIRE_AUTH: options.requireAuth ? '1' : '0',
		},
		secrets: [password],
	});

	const messages = async (): Promise<ReceivedMail[]> => {
		const names = (await readdir(mailDir)).filter((name) => name.endsWith('.json')).sort();
		return Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(mailDir, name), 'utf8')) as ReceivedMail));
	};
	const waitForMessages = async (count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const received = await messages();
			if (received.length >= count) return received;
			if (Date.now() >= deadline) throw new Error(`SMTP sink: ${received.length} of ${count} messages after ${timeoutMs} ms`);
			await delay(50);
		}
	};

	const probe = async (): Promise<boolean> => {
		const [greeting] = await smtpDialogue(port, ['QUIT'], 2_000);
		return greeting?.startsWith('220') ?? false;
	};
	return readyPeer(
		{ peer: 'SMTP sink', daemons: [daemon], dataDir, probe, readyTimeoutMs: options.readyTimeoutMs },
		{ host: LOOPBACK, port, url: `smtp://${LOOPBACK}:${port}`, username, password, messages, waitForMessages },
	);
}
