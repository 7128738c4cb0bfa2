/**
 * The one home of per-item error handling (nodes/Dsco/helpers/items.ts): what an item's failure becomes with
 * continue-on-fail on and off, how outputs pair to their input, and in which order they come out.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import {
	errorItemOrThrow,
	forEachItem,
	ItemResults,
	ItemWithBinary,
	validateAll,
} from '../../nodes/Dsco/helpers/items';
import { markRateLimitGiveUp } from '../../nodes/Dsco/transport/pacing';

const node: INode = {
	id: 'n1',
	name: 'DSCO',
	type: 'n8n-nodes-dsco.dsco',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function context(continueOnFail: boolean): IExecuteFunctions {
	return { continueOnFail: () => continueOnFail, getNode: () => node } as IExecuteFunctions;
}

const inputs = (n: number): INodeExecutionData[] =>
	Array.from({ length: n }, (_, i) => ({ json: { i } }));

function bad(i: number) {
	return new NodeOperationError(node, `Invalid "SKU" [item ${i}]: empty`, {
		itemIndex: i,
		description: `Fix item ${i}`,
	});
}

function throttled(i: number) {
	return markRateLimitGiveUp(
		new NodeApiError(node, {}, { message: `DSCO kept answering 429 [item ${i}]`, httpCode: '429' }),
	);
}

describe('ItemResults', () => {
	it('returns outputs in input order, each paired to its item, whatever order they were settled in', () => {
		const results = new ItemResults(context(true), 4);
		results.set(3, { n: 3 });
		results.fail(1, bad(1), { sku: 'B' });
		results.set(0, [{ n: 0 }, { n: 0.5 }]);
		results.set(2, new ItemWithBinary({ n: 2 }, { data: { data: 'x', mimeType: 'text/plain' } }));
		expect(results.output()).toEqual([
			{ json: { n: 0 }, pairedItem: { item: 0 } },
			{ json: { n: 0.5 }, pairedItem: { item: 0 } },
			{
				json: { sku: 'B', error: 'Invalid "SKU" [item 1]: empty', errorDescription: 'Fix item 1' },
				pairedItem: { item: 1 },
			},
			{
				json: { n: 2 },
				binary: { data: { data: 'x', mimeType: 'text/plain' } },
				pairedItem: { item: 2 },
			},
			{ json: { n: 3 }, pairedItem: { item: 3 } },
		]);
	});

	it('fail: one error item per item of a failed batch under continue-on-fail, extra fields first', () => {
		const results = new ItemResults(context(true), 3);
		results.fail([0, 2], bad(0), { requestId: 'r-1' });
		const out = results.output();
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(Object.keys(out[0].json)).toEqual(['requestId', 'error', 'errorDescription']);
	});

	it('fail: without continue-on-fail, throws the error itself at once (a node error, message kept)', () => {
		const results = new ItemResults(context(false), 2);
		const error = bad(1);
		expect(() => results.fail(1, error)).toThrow(error);
		const plain = new ItemResults(context(false), 1);
		let thrown: unknown;
		try {
			plain.fail(0, new Error('socket hang up'));
		} catch (e) {
			thrown = e;
		}
		expect(thrown).toBeInstanceOf(NodeOperationError);
		expect((thrown as Error).message).toBe('socket hang up');
	});

	it('failOrHold: without continue-on-fail, a rate-limit give-up waits until output, naming every held item', () => {
		const results = new ItemResults(context(false), 4);
		results.set(0, { n: 0 });
		results.failOrHold(1, throttled(1));
		results.set(2, { n: 2 });
		results.failOrHold([3], throttled(3));
		let thrown: (Error & { description?: string }) | undefined;
		try {
			results.output();
		} catch (e) {
			thrown = e as Error & { description?: string };
		}
		expect(thrown?.message).toBe('DSCO kept answering 429 [item 1]');
		expect(thrown?.description).toContain(
			"DSCO's rate limit kept 2 of 4 items from being processed [items 1, 3]; the others were sent.",
		);
	});

	it('failOrHold: any other error still stops the node at once; under continue-on-fail a give-up is an error item', () => {
		const strict = new ItemResults(context(false), 2);
		expect(() => strict.failOrHold(0, bad(0))).toThrow('Invalid "SKU" [item 0]: empty');
		const lenient = new ItemResults(context(true), 2);
		lenient.failOrHold(0, throttled(0));
		lenient.set(1, { n: 1 });
		expect(lenient.output()).toEqual([
			{ json: { error: 'DSCO kept answering 429 [item 0]' }, pairedItem: { item: 0 } },
			{ json: { n: 1 }, pairedItem: { item: 1 } },
		]);
	});

	it('validate: bad items take their slot as error items under continue-on-fail; without it the first one throws', () => {
		const read = (i: number) => {
			if (i % 2) throw bad(i);
			return `v${i}`;
		};
		const results = new ItemResults(context(true), 4);
		expect(results.validate(read)).toEqual([
			{ itemIndex: 0, value: 'v0' },
			{ itemIndex: 2, value: 'v2' },
		]);
		results.set(2, { v: 2 });
		expect(results.output().map((o) => [o.pairedItem, o.json.error ?? o.json.v])).toEqual([
			[{ item: 1 }, 'Invalid "SKU" [item 1]: empty'],
			[{ item: 2 }, 2],
			[{ item: 3 }, 'Invalid "SKU" [item 3]: empty'],
		]);
		const seen: number[] = [];
		expect(() =>
			new ItemResults(context(false), 4).validate((i) => {
				seen.push(i);
				return read(i);
			}),
		).toThrow('Invalid "SKU" [item 1]: empty');
		expect(seen).toEqual([0, 1]);
	});

	it('validateAndSettle: items the check settles take its output and are not left to send', async () => {
		const results = new ItemResults(context(true), 3);
		const seen: number[][] = [];
		const toSend = await results.validateAndSettle(
			(i) => `v${i}`,
			async (valid) => {
				seen.push(valid.map((v) => v.itemIndex));
				return new Map([[1, { status: 'alreadyShipped' }]]);
			},
		);
		expect(seen).toEqual([[0, 1, 2]]);
		expect(toSend).toEqual([
			{ itemIndex: 0, value: 'v0' },
			{ itemIndex: 2, value: 'v2' },
		]);
		expect(results.output()).toEqual([
			{ json: { status: 'alreadyShipped' }, pairedItem: { item: 1 } },
		]);
	});
});

describe('forEachItem', () => {
	it('continue-on-fail on: every item runs, failures are error items in place, paired', async () => {
		const ran: number[] = [];
		const out = await forEachItem(context(true), inputs(3), async (i) => {
			ran.push(i);
			if (i === 1) throw bad(1);
			return { n: i };
		});
		expect(ran).toEqual([0, 1, 2]);
		expect(out).toEqual([
			{ json: { n: 0 }, pairedItem: { item: 0 } },
			{
				json: { error: 'Invalid "SKU" [item 1]: empty', errorDescription: 'Fix item 1' },
				pairedItem: { item: 1 },
			},
			{ json: { n: 2 }, pairedItem: { item: 2 } },
		]);
	});

	it('continue-on-fail off: the first failure stops the loop; a rate-limit give-up lets the others run first', async () => {
		const ran: number[] = [];
		await expect(
			forEachItem(context(false), inputs(3), async (i) => {
				ran.push(i);
				if (i === 1) throw bad(1);
				return { n: i };
			}),
		).rejects.toThrow('Invalid "SKU" [item 1]: empty');
		expect(ran).toEqual([0, 1]);

		ran.length = 0;
		await expect(
			forEachItem(context(false), inputs(3), async (i) => {
				ran.push(i);
				if (i === 0) throw throttled(0);
				return { n: i };
			}),
		).rejects.toThrow('DSCO kept answering 429 [item 0]');
		expect(ran).toEqual([0, 1, 2]);
	});
});

describe('errorItemOrThrow and validateAll', () => {
	it('errorItemOrThrow: the error item (extra first) under continue-on-fail, else throws', () => {
		expect(errorItemOrThrow(context(true), bad(4), 4, { orderId: 'PO-1' })).toEqual({
			json: {
				orderId: 'PO-1',
				error: 'Invalid "SKU" [item 4]: empty',
				errorDescription: 'Fix item 4',
			},
			pairedItem: { item: 4 },
		});
		expect(() => errorItemOrThrow(context(false), bad(4), 4)).toThrow(
			'Invalid "SKU" [item 4]: empty',
		);
	});

	it('validateAll keeps its shape: valid, failed error items and the errors, by item', () => {
		const error = bad(1);
		const { valid, failed, errors } = validateAll(context(true), inputs(2), (i) => {
			if (i === 1) throw error;
			return i;
		});
		expect(valid).toEqual([{ itemIndex: 0, value: 0 }]);
		expect(failed.get(1)?.pairedItem).toEqual({ item: 1 });
		expect(errors.get(1)).toBe(error);
	});
});
