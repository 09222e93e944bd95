/**
 * n8n's editor in a real browser: Debian's Chromium driven by playwright-core (GUIDE §4), signed
 * in with the owner's session cookie of a running `n8n start` (support/n8n.ts). Only what a user
 * does is done here: open a new workflow, add a node through the node panel by its action, pick
 * a credential, type into a field, save. What the editor saved is then read back through n8n's
 * REST API by the test.
 *
 * Chromium comes from `scripts/peers/install.sh` (the `chromium` package); without it setup
 * fails and says what to run.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

import type { N8nServer } from './n8n';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The editor loads its bundle and node types first; on a busy 2-core machine that can take a while. */
const UI_TIMEOUT_MS = 60_000;

// n8n's editor marks its elements with data-test-id (Playwright's default is data-testid).
selectors.setTestIdAttribute('data-test-id');

export interface Editor {
	/** A new, empty workflow in the editor; its id from the URL. */
	newWorkflow(): Promise<{ page: Page; workflowId: string }>;
	close(): Promise<void>;
}

export async function openEditor(server: N8nServer): Promise<Editor> {
	if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing, so the editor test cannot run. Install the test peers: bash scripts/peers/install.sh`);
	const profile = await mkdtemp(path.join(os.tmpdir(), 'mediastack-chromium-'));
	let context: BrowserContext | undefined;
	try {
		context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1400, height: 900 } });
		await context.addCookies([{ name: server.authCookie.name, value: server.authCookie.value, url: server.url }]);
	} catch (error) {
		await context?.close();
		await rm(profile, { recursive: true, force: true });
		throw error;
	}
	const opened = context;
	return {
		async newWorkflow() {
			const page = await opened.newPage();
			page.setDefaultTimeout(UI_TIMEOUT_MS);
			await page.goto(`${server.url}/workflow/new`);
			await page.getByTestId('node-creator-plus-button').waitFor();
			const workflowId = new URL(page.url()).pathname.split('/').pop() ?? '';
			if (!/^[A-Za-z0-9]{16}$/.test(workflowId)) throw new Error(`the editor opened ${page.url()}, not a new workflow`);
			return { page, workflowId };
		},
		async close() {
			await opened.close();
			await rm(profile, { recursive: true, force: true });
		},
	};
}

/** The node panel: search the node by name, open it, click one of its actions. The node's settings open. */
export async function addNodeByAction(page: Page, nodeName: string, action: string): Promise<string[]> {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill(nodeName);
	await page.getByTestId('node-creator-node-item').filter({ hasText: nodeName }).first().click();
	const offered = page.getByText(action, { exact: true });
	await offered.waitFor();
	const actions = await page.locator('[data-test-id="node-creator-action-item"], [data-test-id="node-creator-node-item"]').allInnerTexts();
	await offered.click();
	await page.getByTestId('ndv').waitFor();
	return actions;
}

/** The credentials the node's "Credential" field offers, by name, and the one it picked by itself. */
export async function credentialChoice(page: Page): Promise<{ picked: string; offered: string[] }> {
	const select = page.getByTestId('node-credentials-select');
	await select.waitFor();
	const picked = (await select.innerText()).trim() || (await select.locator('input').inputValue().catch(() => ''));
	await select.click();
	const items = page.locator('[data-test-id^="node-credentials-select-item-"]:not([data-test-id="node-credentials-select-item-new"])');
	await items.first().waitFor();
	const offered = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	return { picked, offered };
}

export async function pickCredential(page: Page, name: string): Promise<void> {
	await page.getByTestId('node-credentials-select').click();
	await page.locator('[data-test-id^="node-credentials-select-item-"]').filter({ hasText: name }).first().click();
}

/** Types into a text parameter of the open node, by its parameter name. */
export async function fillParameter(page: Page, parameter: string, value: string): Promise<void> {
	const input = page.getByTestId(`parameter-input-${parameter}`).locator('input, textarea').first();
	await input.fill(value);
	await input.blur();
}

/**
 * Closes the node's settings and saves the workflow with the keyboard, as a user does. The
 * editor may already have saved on its own; the test reads the result through the REST API.
 */
export async function closeAndSave(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
	await page.keyboard.press('Control+s');
}

/** Whether the canvas shows this text (a node's name or subtitle), once the editor rendered it. */
export async function canvasShows(page: Page, text: string): Promise<boolean> {
	return await page
		.getByTestId('canvas-wrapper')
		.getByText(text, { exact: true })
		.first()
		.waitFor({ timeout: 10_000 })
		.then(
			() => true,
			() => false,
		);
}
