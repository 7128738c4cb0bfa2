/** Redaction of the credential's secrets (transport/redact.ts): spellings, what is left alone, errors in place. */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { MIN_SECRET_LENGTH, REDACTED, Redactor } from '../../nodes/Dsco/transport/redact';

const SECRET = 'sekret/Client+9f2c=1e&x y"q';
const TOKEN = 'tok-AAA-111-long';

describe('Redactor', () => {
	const r = new Redactor([SECRET, TOKEN, undefined, '', 'short']);

	it.each([
		['as sent', SECRET],
		['URL-encoded', encodeURIComponent(SECRET)],
		['form-encoded', new URLSearchParams({ s: SECRET }).toString().slice(2)],
		['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
	])('replaces the secret %s', (_name, spelling) => {
		expect(r.text(`before ${spelling} after`)).toBe(`before ${REDACTED} after`);
	});

	it(`leaves values shorter than ${MIN_SECRET_LENGTH} characters alone (they would match ordinary text)`, () => {
		expect(r.text('a short word')).toBe('a short word');
	});

	it('returns a clean answer as the same object, and copies only the branch that held a secret', () => {
		const clean = { orders: [{ id: '1', lines: [{ sku: 'A' }] }], scrollId: 's' };
		expect(r.value(clean)).toBe(clean);
		const dirty = { orders: [{ id: '1', note: `Bearer ${TOKEN}` }, { id: '2' }], scrollId: 's' };
		const out = r.value(dirty);
		expect(out).toEqual({
			orders: [{ id: '1', note: `Bearer ${REDACTED}` }, { id: '2' }],
			scrollId: 's',
		});
		expect(out.orders[1]).toBe(dirty.orders[1]);
		expect(dirty.orders[0].note).toBe(`Bearer ${TOKEN}`);
	});

	it('ends on a value that contains itself, and redacts an object reached twice in both places', () => {
		const shared = { note: `Bearer ${TOKEN}` };
		const cyclic: Record<string, unknown> = { a: shared, list: [shared, 'x'] };
		cyclic.self = cyclic;
		(cyclic.list as unknown[]).push(cyclic);
		const out = r.value(cyclic) as typeof cyclic;
		expect(out).not.toBe(cyclic);
		expect(out.a).toEqual({ note: `Bearer ${REDACTED}` });
		expect((out.list as unknown[])[0]).toEqual({ note: `Bearer ${REDACTED}` });
		expect((out.list as unknown[])[1]).toBe('x');
		// The cycle itself is left as it was (it points back at the input, whose own strings are not changed).
		expect(out.self).toBe(cyclic);
		expect(shared.note).toBe(`Bearer ${TOKEN}`);
	});

	it('leaves binary data alone', () => {
		const pdf = Buffer.from(`%PDF ${TOKEN}`);
		expect(r.value(pdf)).toBe(pdf);
	});

	it('redacts an error in place: message, description, messages, context and the cause chain with its request headers', () => {
		const cause = Object.assign(new Error(`failed with ${TOKEN}`), {
			config: { headers: { Authorization: `Bearer ${TOKEN}` } },
		});
		const node = { name: 'DSCO', parameters: { note: TOKEN } } as unknown as INode;
		const error = new NodeApiError(node, { body: `echo ${SECRET}` } as JsonObject, {
			message: `DSCO said ${TOKEN}`,
			description: `form ${encodeURIComponent(SECRET)}`,
		});
		Object.assign(error, { cause, context: { data: { echoed: TOKEN } } });
		error.messages.push(`raw ${TOKEN}`);
		expect(r.error(error)).toBe(error);
		const seen = JSON.stringify({
			message: error.message,
			description: error.description,
			messages: error.messages,
			context: error.context,
			errorResponse: error.errorResponse,
			stack: error.stack,
			cause: cause.message,
			headers: cause.config.headers,
		});
		expect(seen).not.toContain(TOKEN);
		expect(seen).not.toContain('sekret');
		expect(error.message).toBe(`DSCO said ${REDACTED}`);
		expect(cause.config.headers.Authorization).toBe(`Bearer ${REDACTED}`);
		// The workflow's own node is not touched.
		expect(node.parameters.note).toBe(TOKEN);
	});
});
