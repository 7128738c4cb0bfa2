// Typed access to scripts/editor-browser.js (plain CommonJS, shared with `npm run screenshot`) for the browser test.
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface OutputTable {
	headers: string[];
	rows: string[][];
}

export interface EditorBrowser {
	WAIT: { page: number; element: number; execution: number };
	ensureChromium(): string;
	chromiumVersion(bin?: string): string;
	launchChromium(): Promise<Browser>;
	signIn(page: Page, base: string, login: { email: string; password: string }): Promise<void>;
	rest<T = unknown>(page: Page, method: string, url: string, body?: unknown): Promise<T>;
	addNodeFromCreator(
		page: Page,
		what: { search: string; node: string; action: string },
	): Promise<void>;
	fillParameter(page: Page, name: string, value: string | number): Promise<void>;
	selectOption(page: Page, name: string, optionName: string): Promise<void>;
	addCollectionField(page: Page, collectionDisplayName: string, fieldName: string): Promise<void>;
	openList(page: Page, name: string, opts?: { until?: string | RegExp }): Promise<string[]>;
	searchList(page: Page, name: string, text: string, entry: string | RegExp): Promise<string[]>;
	pickFromList(page: Page, name: string, entry: string | RegExp): Promise<string>;
	executeOpenNode(page: Page, opts?: { failureShot?: string }): Promise<void>;
	outputTable(page: Page): Promise<OutputTable>;
	tableRow(table: OutputTable, index?: number): Record<string, string | undefined>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const editor: EditorBrowser = require(
	path.join(__dirname, '..', '..', 'scripts', 'editor-browser.js'),
);
