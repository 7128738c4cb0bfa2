/**
 * The hostile-answer table, answer shapes: every endpoint family the package calls (rows, families.ts) × a 2xx
 * answer that is not what DSCO documents (columns: an HTML page, `{}`, `[]`, an empty body, plain text). Each
 * cell runs the node (or trigger) inside n8n's engine against nock and asserts what DSCO received (method, path,
 * body; nothing re-sent, nothing after the hostile answer) and what the user saw: "DSCO answered with an unexpected
 * body" with the status, the endpoint and the body's first characters, and no item claiming success, pending,
 * skipped or not found. Prints the table once at the end.
 */
import nock from 'nock';

import { createHarness, type Harness } from '../harness';
import { useNock } from '../nockSetup';
import { itLeaksNoSecrets } from '../secrets';
import {
	API_TOKEN,
	apiTokenCredential,
	FAMILIES,
	interceptHostile,
	normalisedPath,
	received,
	resetRecording,
	unmatched,
	type Answer,
	type Family,
	type Seen,
} from './families';

interface Kind {
	name: string;
	answer: (family: Family) => Answer;
	/** What the error must quote of the body. */
	excerpt: string;
}

const HTML =
	'<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Our gateway is being updated</h1><p>Please try again in a few minutes. Reference 8f3c2a.</p><p>' +
	'x'.repeat(120) +
	'</p></body></html>';

const KINDS: Kind[] = [
	{
		name: 'HTML 200',
		answer: () => ({
			status: 200,
			body: HTML,
			headers: { 'Content-Type': 'text/html; charset=utf-8' },
		}),
		excerpt: `${HTML.slice(0, 200)}…`,
	},
	{
		name: '{}',
		answer: (f) => ({
			status: f.status,
			body: '{}',
			headers: { 'Content-Type': 'application/json' },
		}),
		excerpt: '{}',
	},
	{
		name: '[]',
		answer: (f) => ({
			status: f.status,
			body: '[]',
			headers: { 'Content-Type': 'application/json' },
		}),
		excerpt: '[]',
	},
	{
		name: 'empty',
		answer: (f) => ({
			status: f.status,
			body: '',
			headers: { 'Content-Type': 'application/json' },
		}),
		excerpt: '(empty)',
	},
	{
		name: 'plain text',
		answer: (f) => ({ status: f.status, body: 'OK', headers: { 'Content-Type': 'text/plain' } }),
		excerpt: 'OK',
	},
];

/** Output statuses that claim DSCO took or skipped the write, and words that claim a record does not exist. */
const CLAIMS = ['success', 'pending', 'skipped', 'alreadyApplied', 'completed'];

let h: Harness;
useNock();
beforeEach(async () => {
	h = await createHarness(apiTokenCredential);
	resetRecording();
});

/** Result of each cell, for the table printed at the end. */
const results = new Map<string, string>();
const cell = (f: Family, k: Kind) => `${f.name}\u0000${k.name}`;

/** What the user saw, in a few words, for a cell that fails. */
function summary(seen: Seen): string {
	const item = seen.items.find((i) => i.status !== undefined || i.error !== undefined);
	if (item?.status !== undefined) return `item status "${String(item.status)}"`;
	const message = seen.error?.message ?? (item?.error as string | undefined);
	if (message) return `"${message.slice(0, 60)}"`;
	return seen.items.length ? `${seen.items.length} items, no error` : 'no items, no error';
}

function expectUnexpectedBody(f: Family, k: Kind, answer: Answer, seen: Seen) {
	// The message: the words, the status, the endpoint and the body's first 200 characters.
	const messages = [
		seen.error?.message,
		...seen.items.map((i) => i.error as string | undefined),
	].filter((m): m is string => !!m);
	expect(messages).toHaveLength(1);
	const [message] = messages;
	expect(message).toContain('DSCO answered with an unexpected body');
	expect(message).toContain(`HTTP ${answer.status}`);
	const endpoint = message.match(/from (GET|POST|PUT) (\S+),/);
	expect(endpoint?.[1]).toBe(f.method);
	if (typeof f.path === 'string') expect(endpoint?.[2]).toBe(f.path);
	else expect(endpoint?.[2]).toMatch(f.path);
	expect(message).toContain(`Body: ${k.excerpt}`);
	// Nothing claims a result.
	for (const item of seen.items) {
		expect(CLAIMS).not.toContain(item.status);
		expect(item.error).toBeDefined();
	}
	expect(message).not.toMatch(/not found/i);
}

describe.each(FAMILIES.map((f) => [f.group, f.name, f] as const))(
	'%s: %s',
	(_group, _name, family) => {
		it.each(KINDS.map((k) => [k.name, k] as const))(
			'%s → an error naming status, endpoint and body; nothing more sent',
			async (_kind, kind) => {
				results.set(cell(family, kind), '✗');
				const answer = kind.answer(family);
				family.before?.();
				interceptHostile(family, answer);
				const seen = await family.run(h);
				results.set(cell(family, kind), `✗ ${summary(seen)}`);
				expectUnexpectedBody(family, kind, answer, seen);
				// What DSCO received: exactly the documented calls up to the hostile answer, each once, with its body.
				expect(unmatched).toEqual([]);
				expect(received.map((r) => ({ ...r, path: normalisedPath(r.path) }))).toEqual(
					family.calls.map((c) => ({ method: c.method, path: c.path, body: c.body })),
				);
				expect(nock.pendingMocks()).toEqual([]);
				results.set(cell(family, kind), '✓ error');
			},
		);
	},
);

afterAll(() => {
	const header = ['group', 'family', ...KINDS.map((k) => k.name)];
	const rows = FAMILIES.map((f) => [
		f.group,
		`${f.name}`,
		...KINDS.map((k) => results.get(cell(f, k)) ?? '–'),
	]);
	const lines = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
	const passed = [...results.values()].filter((v) => v.startsWith('✓')).length;
	// One table for the closing note: "✓ error" = the run ended with "DSCO answered with an unexpected body", status,
	// endpoint and body excerpt, no item claiming a result, and DSCO received exactly the calls up to that answer.
	console.log(
		`Hostile answers × endpoint families (shapes): ${passed}/${FAMILIES.length * KINDS.length} cells\n${lines.join('\n')}`,
	);
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [API_TOKEN]);
});
