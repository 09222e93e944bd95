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

const NODE_ITEMS = '[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]';

/**
 * The first step of a new workflow, as a user sets one up for an app that has a trigger node
 * too: the first-step panel lists only triggers (the app's own among them), so the manual
 * trigger comes first and the app's action is added after it.
 */
export async function addManualTrigger(page: Page): Promise<void> {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('manual');
	// Enter adds the highlighted first result; a click can keep missing it while the panel's list re-renders on a busy machine.
	await page.locator(NODE_ITEMS).filter({ hasText: 'Trigger manually', visible: true }).first().waitFor();
	await page.keyboard.press('Enter');
	await page.getByTestId('canvas-wrapper').getByText('When clicking', { exact: false }).first().waitFor();
}

/** The node panel: search the node by name, open it, click one of its actions. The node's settings open. */
export async function addNodeByAction(page: Page, nodeName: string, action: string): Promise<string[]> {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill(nodeName);
	// An app with a trigger node too is one merged entry, which n8n renders as an action item.
	await page.locator(NODE_ITEMS).filter({ has: page.getByTestId('node-creator-item-name').getByText(nodeName, { exact: true }) }).first().click();
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

/** The choices of the options dropdown that is open (n8n teleports it to the page's body). */
const OPEN_CHOICES = '[data-test-id="parameter-input-item"]:visible';

/** Opens an options parameter's dropdown; a click while the panel still renders can be lost, so it clicks again. */
async function openDropdown(page: Page, parameter: string): Promise<void> {
	const field = page.getByTestId(`parameter-input-${parameter}`).locator('.el-select__wrapper, .el-select, input').first();
	for (let attempt = 1; ; attempt++) {
		await field.click();
		const opened = await page
			.locator(OPEN_CHOICES)
			.first()
			.waitFor({ timeout: 5_000 })
			.then(
				() => true,
				() => false,
			);
		if (opened) return;
		if (attempt === 5) throw new Error(`the dropdown of ${parameter} did not open after ${attempt} clicks`);
	}
}

/**
 * The names an options parameter's dropdown offers, once loaded (a picker asks the node's
 * loadOptions method through n8n's server first, so this waits until `expected` is listed).
 */
export async function optionNames(page: Page, parameter: string, expected: string): Promise<string[]> {
	await openDropdown(page, parameter);
	const choices = page.locator(OPEN_CHOICES);
	await choices.filter({ hasText: expected }).first().waitFor();
	const names = await choices.locator('.option-headline').allInnerTexts();
	await page.keyboard.press('Escape');
	await choices.first().waitFor({ state: 'hidden' });
	return names.map((name) => name.trim());
}

/** Picks one of an options parameter's choices by its name. */
export async function pickOption(page: Page, parameter: string, name: string): Promise<void> {
	await openDropdown(page, parameter);
	await page.locator(OPEN_CHOICES).filter({ has: page.locator('.option-headline').getByText(name, { exact: true }) }).first().click();
	await page.locator(OPEN_CHOICES).first().waitFor({ state: 'hidden' });
}

/**
 * Waits until an options parameter's list has loaded. n8n 2.41's editor can ask for a picker's
 * options before it has given a new node its credential ("Node does not have any credentials
 * set") and does not ask again once it has; a user then closes the node and opens it again,
 * which is what this does (at most twice). Returns how many times the node was reopened.
 */
export async function whenPickerLoaded(page: Page, parameter: string, nodeName: string): Promise<number> {
	const field = page.getByTestId(`parameter-input-${parameter}`).locator('input').first();
	for (let reopened = 0; ; reopened++) {
		const deadline = Date.now() + UI_TIMEOUT_MS;
		let failed = false;
		while (Date.now() < deadline) {
			if (await field.isEnabled()) return reopened;
			if ((await field.inputValue()).startsWith('Error fetching options')) {
				failed = true;
				break;
			}
			await page.waitForTimeout(200);
		}
		if (!failed || reopened === 2) throw new Error(`the ${parameter} picker of ${nodeName} did not load: "${await field.inputValue()}"`);
		await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		await page.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
		await page.getByTestId('ndv').waitFor();
	}
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
