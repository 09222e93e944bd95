/**
 * The daily MAM session check over 1,000 sessions, through the real `mamSessionCheck` workflow
 * on a real Temporal dev server, against a fake MAM holding the 1,000 sessions. Target: under
 * 10 s. The mix is what a large setup looks like: most sessions keepalive-only (one in ten on
 * the user-stats call), five feeding a Prowlarr each (their rotated cookies are pushed by child
 * rotations), ten close to expiry (a warning each day, through a webhook channel) and two dead
 * (one latched alert).
 *
 * Each run is the next day's check (`now` one day later), so the once-a-day warnings go out
 * every run. Reported: the check workflow's time, and the time until the Prowlarr rotations it
 * started have finished too. Baseline, in the same run and taking turns with it: the same
 * 1,000 MAM calls made directly with the client and bounded concurrency, without Temporal,
 * state or events. A third series runs the check activity's body (the engine) for all batches
 * without Temporal, on days of its own, which shows how much of the time is Temporal's.
 */
import { rmSync } from 'node:fs';
import { MYANONAMOUSE, MyAnonamouseClient } from '../clients/myanonamouse/client';
import { MAM_ID_FIELD, ProwlarrClient } from '../clients/prowlarr/client';
import { FakeMamSession, startFakeMyAnonamouse } from '../test/fakes/myanonamouse';
import { FakeProwlarr, startFakeProwlarr } from '../test/fakes/prowlarr';
import { validateConfig } from '../worker/src/config/load';
import { createAxiosTransport } from '../worker/src/http/transport';
import { mapWithConcurrency } from '../worker/src/mam/locks';
import { MAM_CHECK_BATCH_SIZE } from '../worker/src/workflows/mam';
import { registeredSecretValues } from '../worker/src/state/scrub';
import type { MamSessionCheckInput, MamSessionCheckResult } from '../worker/src/workflows/types';
import { BenchTemporal, benchDataDir, runCleanups, startBenchRunner, startBenchTemporal, startWebhookReceiver, uniqueId } from './mam-rotation';
import { BenchResult, formatMs, median } from './stats';

const SESSIONS = 1_000;
const PROWLARR_FED = 5;
const NEAR_EXPIRY = 10;
const DEAD = 2;
const USER_STATS_EVERY = 10;
/** The engine's default per-batch concurrency, for the baseline. */
const BASELINE_CONCURRENCY = 32;
const WARMUP_RUNS = 1;
const TIMED_RUNS = 3;
const TARGET_MS = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface SessionPlan {
	label: string;
	keepalive: 'dynamic_seedbox' | 'user_stats';
	prowlarr?: string;
	/** Days before the first check's `now`. */
	ageDays: number;
	dead: boolean;
}

/** Which session is which: the first ones feed Prowlarr, then the near-expiry and the dead ones, the rest plain. */
function plan(): SessionPlan[] {
	return Array.from({ length: SESSIONS }, (_, index) => {
		const nearExpiry = index >= PROWLARR_FED && index < PROWLARR_FED + NEAR_EXPIRY;
		return {
			label: `s${String(index + 1).padStart(4, '0')}`,
			keepalive: index % USER_STATS_EVERY === USER_STATS_EVERY - 1 ? 'user_stats' : 'dynamic_seedbox',
			prowlarr: index < PROWLARR_FED ? `prowlarr${index + 1}` : undefined,
			// Spread over two months, so a few runs later none of these is near expiry yet; 84-86 days for the near ones.
			ageDays: nearExpiry ? 84 + (index % 3) : index % 60,
			dead: index >= SESSIONS - DEAD,
		};
	});
}

/** `startTemporal`: another server to compare with (the runner's embedded one by default). */
export async function benchMamSessionCheck(startTemporal: () => Promise<BenchTemporal> = startBenchTemporal): Promise<BenchResult[]> {
	const cleanups: Array<() => Promise<void> | void> = [];
	try {
		const [temporal, mam, receiver, ...prowlarrs] = await Promise.all([
			startTemporal(),
			startFakeMyAnonamouse(),
			startWebhookReceiver(),
			...Array.from({ length: PROWLARR_FED }, () => startFakeProwlarr()),
		]);
		cleanups.push(() => temporal.close(), () => mam.close(), () => receiver.close(), ...prowlarrs.map((fake) => () => fake.close()));

		const sessions = plan();
		const firstCheck = new Date(Date.UTC(2026, 2, 10, 8));
		const fakeSessions = new Map<string, FakeMamSession>(sessions.map((session) => [session.label, mam.addSession()]));
		const baselineSessions = sessions.map((session) => ({ plan: session, fake: mam.addSession(), cookie: '' }));
		for (const entry of baselineSessions) entry.cookie = entry.fake.mamId;

		const dataDir = benchDataDir('bench-mam-check-');
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		const services = Object.fromEntries(prowlarrs.map((fake, index) => [`prowlarr${index + 1}`, { type: 'prowlarr', url: fake.url, api_key: fake.apiKey, timeout_ms: 5_000 }]));
		const config = validateConfig(
			{
				data_dir: dataDir,
				timezone: 'UTC',
				log_level: 'warn',
				services,
				mam: {
					seedbox_url: mam.url,
					site_url: mam.url,
					timeout_ms: 5_000,
					sessions: sessions.map((session) => ({
						label: session.label,
						mam_id: fakeSessions.get(session.label)!.mamId,
						created: new Date(firstCheck.getTime() - session.ageDays * DAY_MS).toISOString(),
						keepalive: session.keepalive,
						prowlarr: session.prowlarr,
					})),
				},
				notify: { channels: { hook: { type: 'webhook', url: receiver.url } }, event_rules: { default: ['hook'] } },
			},
			{ env: {}, baseDir: dataDir },
		);
		const runner = await startBenchRunner(config, temporal, uniqueId('bench-mam-check'));
		cleanups.push(() => runner.close());
		// MAM kills these after the config was adopted: the check finds them dead.
		for (const session of sessions.filter((entry) => entry.dead)) fakeSessions.get(session.label)!.kill();
		for (const entry of baselineSessions.filter((candidate) => candidate.plan.dead)) entry.fake.kill();

		const transport = createAxiosTransport({ service: MYANONAMOUSE, timeoutMs: 5_000 });
		cleanups.push(() => transport.close());
		const client = new MyAnonamouseClient({ transport, seedboxBaseUrl: mam.url, siteBaseUrl: mam.url });

		let day = 0;
		const checkThroughWorkflow = async (): Promise<{ checkMs: number; allMs: number }> => {
			const input: MamSessionCheckInput = { now: new Date(firstCheck.getTime() + day * DAY_MS).toISOString() };
			day += 1;
			const started = performance.now();
			const result = (await temporal.client.workflow.execute('mamSessionCheck', { taskQueue: runner.taskQueue, workflowId: uniqueId('bench-mam-check'), args: [input] })) as MamSessionCheckResult;
			const checkMs = performance.now() - started;
			await Promise.all(result.rotations.map((rotation) => temporal.client.workflow.getHandle(rotation.workflowId).result()));
			const allMs = performance.now() - started;
			verifyCheck(result);
			return { checkMs, allMs };
		};
		const verifyCheck = (result: MamSessionCheckResult): void => {
			const alive = result.sessions.filter((session) => session.alive).length;
			const warned = result.sessions.filter((session) => session.expiryWarning === 'sent').length;
			if (result.sessions.length !== SESSIONS || alive !== SESSIONS - DEAD || result.rotations.length !== PROWLARR_FED || warned !== NEAR_EXPIRY) {
				throw new Error(`unexpected check result: ${result.sessions.length} sessions, ${alive} alive, ${result.rotations.length} rotations, ${warned} warnings`);
			}
			for (const session of sessions) {
				if (session.dead) continue;
				if (runner.engine.state.cookie(session.label)?.value !== fakeSessions.get(session.label)!.mamId) throw new Error(`${session.label}: the state does not hold MAM's live cookie`);
			}
			prowlarrs.forEach((fake: FakeProwlarr, index) => {
				const held = ProwlarrClient.fieldValue(fake.indexers.find((indexer) => indexer.implementation === 'MyAnonamouse')!, MAM_ID_FIELD);
				if (held !== fakeSessions.get(sessions[index].label)!.mamId) throw new Error(`${sessions[index].label}: Prowlarr does not hold MAM's live cookie`);
			});
		};
		const checkDirectly = async (): Promise<number> => {
			const started = performance.now();
			await mapWithConcurrency(baselineSessions, BASELINE_CONCURRENCY, async (entry) => {
				const answer = entry.plan.keepalive === 'user_stats' ? await client.getUserStats(entry.cookie) : await client.updateDynamicSeedbox(entry.cookie);
				if (answer.newMamId !== undefined) entry.cookie = answer.newMamId;
				if (answer.accepted === entry.plan.dead) throw new Error(`baseline ${entry.plan.label}: MAM answered ${answer.outcome}`);
			});
			return performance.now() - started;
		};

		// The activity's body for every batch at once, as the workflow runs them, on a day of its own: Temporal's share of the check.
		const checkThroughEngine = async (): Promise<number> => {
			const now = new Date(firstCheck.getTime() + day * DAY_MS);
			day += 1;
			const labels = sessions.map((session) => session.label);
			const started = performance.now();
			const batches = Array.from({ length: Math.ceil(SESSIONS / MAM_CHECK_BATCH_SIZE) }, (_, index) => labels.slice(index * MAM_CHECK_BATCH_SIZE, (index + 1) * MAM_CHECK_BATCH_SIZE));
			const results = (await Promise.all(batches.map((batch) => runner.engine.checkSessions(batch, now)))).flat();
			const elapsed = performance.now() - started;
			if (results.filter((result) => result.expiryWarning === 'sent').length !== NEAR_EXPIRY) throw new Error('the engine check did not warn each near-expiry session');
			return elapsed;
		};

		const checkTimes: number[] = [];
		const withRotationTimes: number[] = [];
		const engineTimes: number[] = [];
		const baselineTimes: number[] = [];
		for (let run = 0; run < WARMUP_RUNS + TIMED_RUNS; run++) {
			// Alternate which goes first, so drift and background work hit all alike.
			const order = run % 2 === 0 ? ['workflow', 'engine', 'bare'] : ['bare', 'engine', 'workflow'];
			let viaWorkflow = { checkMs: 0, allMs: 0 };
			let viaEngine = 0;
			let bare = 0;
			for (const step of order) {
				if (step === 'workflow') viaWorkflow = await checkThroughWorkflow();
				else if (step === 'engine') viaEngine = await checkThroughEngine();
				else bare = await checkDirectly();
			}
			if (run < WARMUP_RUNS) continue;
			checkTimes.push(viaWorkflow.checkMs);
			withRotationTimes.push(viaWorkflow.allMs);
			engineTimes.push(viaEngine);
			baselineTimes.push(bare);
		}
		const runs = WARMUP_RUNS + TIMED_RUNS;
		const warnings = receiver.received.get('mam_session_expiry') ?? 0;
		// One warning per session and day: a day for each workflow run and each engine run.
		if (warnings !== 2 * runs * NEAR_EXPIRY) throw new Error(`the webhook receiver got ${warnings} expiry warnings, expected ${2 * runs * NEAR_EXPIRY}`);

		const checkMs = median(checkTimes);
		const allMs = median(withRotationTimes);
		const bareMs = median(baselineTimes);
		const engineMs = median(engineTimes);
		const registered = registeredSecretValues().length;
		return [
			{
				name: `MAM session check, ${SESSIONS} sessions through Temporal`,
				value: checkMs,
				unit: 'ms',
				baseline: { name: `the same ${SESSIONS} MAM calls, ${BASELINE_CONCURRENCY} at a time, no Temporal`, value: bareMs },
				ratio: checkMs / bareMs,
				target: `< ${formatMs(TARGET_MS)}`,
				pass: checkMs < TARGET_MS,
				notes: `median of ${TIMED_RUNS} daily runs (${checkTimes.map((ms) => formatMs(ms)).join(', ')}) after ${WARMUP_RUNS} warm-up; ${PROWLARR_FED} fed Prowlarr, ${NEAR_EXPIRY} warned, ${DEAD} dead; until its ${PROWLARR_FED} Prowlarr rotations finished: ${formatMs(allMs)}; the engine alone (no Temporal): ${formatMs(engineMs)}; secrets in the scrubber afterwards: ${registered}`,
			},
		];
	} finally {
		await runCleanups(cleanups);
	}
}
