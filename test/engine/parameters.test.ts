/**
 * helpers/parameters.ts answers getNodeParameter for fixed parameters and `={{ $json.path }}` without n8n's
 * per-item expression evaluation. These tests hold it to n8n's own answers (n8n-core's ExecuteContext on the built
 * node), check that it really skips n8n where it says it does, and that no answer is shared between items.
 */
import { ExecuteContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, IRunExecutionData } from 'n8n-workflow';

import {
	fastGetNodeParameter,
	hasExpression,
	jsonPathOf,
} from '../../nodes/Dsco/helpers/parameters';
import { createHarness, DEFAULT_CREDENTIAL_ID, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
	h = await createHarness({
		environment: 'custom',
		baseUrl: 'http://127.0.0.1:1/api/v3',
		authType: 'apiToken',
		apiToken: 't',
	});
});

/** Expressions put in the node's Order ID parameter (n8n drops parameters the node does not have). */
const EXPRESSIONS: Record<string, string> = {
	plain: '={{ $json.id }}',
	nested: '={{ $json.a.b }}',
	bracket: '={{ $json["x y"] }}',
	single: "={{$json['x y']}}",
	index: '={{ $json.list[1] }}',
	whole: '={{ $json }}',
	missing: '={{ $json.nope }}',
	deepMissing: '={{ $json.nope.deeper }}',
	nothing: '={{ $json.n }}',
	number: '={{ $json.num }}',
	flag: '={{ $json.flag }}',
	object: '={{ $json.obj }}',
	list: '={{ $json.list }}',
	computed: '={{ $json.id + "-x" }}',
	method: '={{ $json.s.toUpperCase() }}',
	template: '=order {{ $json.id }}',
	proto: '={{ $json.__proto__ }}',
};

/** Acknowledge with fixed parameters, an expression inside a collection, and `orderId` as given. */
const acknowledge = (orderId: string): IDataObject => ({
	resource: 'acknowledgment',
	operation: 'acknowledge',
	orderId,
	orderIdType: 'DSCO_ORDER_ID',
	additionalFields: { supplierOrderNumber: '={{ $json.id }}' },
	options: { waitForResult: false, waitTimeoutSeconds: 30 },
});

/** Inventory update: a JSON-type parameter from $json and a fixed fixedCollection-free set of options. */
const inventory = (warehousesJson: string): IDataObject => ({
	resource: 'inventory',
	operation: 'update',
	sku: '={{ $json.s }}',
	quantitySource: 'warehousesJson',
	warehousesJson,
	status: 'auto',
	sendMode: 'batch',
	additionalFields: {},
	options: { waitForResult: false, safetyStock: 2 },
});

const INPUT: IDataObject[] = [
	{
		id: '1030010000',
		a: { b: 'deep' },
		'x y': 'spaced',
		list: [1, { k: 'v' }],
		n: null,
		num: 0,
		flag: false,
		obj: { w: [{ code: 'WH01', quantity: 3 }] },
		s: 'abc',
	},
	{
		id: '42',
		a: { b: 7 },
		'x y': '',
		list: ['p', 'q'],
		n: null,
		num: -1.5,
		flag: true,
		obj: {},
		s: 'Ünï',
	},
	{ id: '', a: { c: 1 }, list: [], num: 1e21, obj: { nested: { deeper: [null, true] } }, s: '' },
];

function context(parameters: IDataObject): { ctx: ExecuteContext; items: INodeExecutionData[] } {
	const node: INode = {
		id: 'node-params',
		name: 'DSCO',
		type: 'n8n-nodes-dsco.dsco',
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(parameters) as INode['parameters'],
		credentials: { dscoApi: { id: DEFAULT_CREDENTIAL_ID, name: 'DSCO test' } },
	};
	const workflow = new Workflow({
		id: 'wf-params',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: h.nodeTypes,
		staticData: {},
	});
	const wfNode = workflow.getNode('DSCO') as INode;
	const items: INodeExecutionData[] = (JSON.parse(JSON.stringify(INPUT)) as IDataObject[]).map(
		(json) => ({ json }),
	);
	const runExecutionData = {
		resultData: { runData: {} },
		executionData: { nodeExecutionStack: [] },
	} as unknown as IRunExecutionData;
	const executeData = { node: wfNode, data: { main: [items] }, source: null };
	const ctx = new ExecuteContext(
		workflow,
		wfNode,
		h.additionalData(),
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	);
	return { ctx, items };
}

type Answer = { value: unknown } | { error: string };

function answer(fn: () => unknown): Answer {
	try {
		return { value: fn() };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

function sameAsN8n(parameters: IDataObject, names: string[]) {
	const { ctx, items } = context(parameters);
	const fast = fastGetNodeParameter(ctx, items, ctx.getNodeParameter);
	for (const name of names) {
		for (let i = 0; i < items.length; i++) {
			const expected = answer(() => ctx.getNodeParameter(name, i));
			expect({ name, i, got: answer(() => fast(name, i)) }).toEqual({ name, i, got: expected });
			// Twice: the second answer of a fixed parameter comes from the cache.
			expect({ name, i, again: answer(() => fast(name, i)) }).toEqual({ name, i, again: expected });
		}
	}
}

describe('fastGetNodeParameter', () => {
	it.each(Object.entries(EXPRESSIONS))(
		"Order ID %s (%s): n8n's own answer, for every item",
		(_, expression) => {
			sameAsN8n(acknowledge(expression), ['orderId']);
		},
	);

	it("fixed parameters, collections with and without expressions, absent ones: n8n's own answers", () => {
		sameAsN8n(acknowledge('={{ $json.id }}'), [
			'resource',
			'operation',
			'orderIdType',
			'additionalFields',
			'options',
			'options.waitTimeoutSeconds',
			'absent',
		]);
		sameAsN8n(inventory('={{ $json.obj.w }}'), [
			'sku',
			'quantitySource',
			'warehousesJson',
			'status',
			'additionalFields',
			'options',
		]);
		const { ctx, items } = context(acknowledge('={{ $json.id }}'));
		const fast = fastGetNodeParameter(ctx, items, ctx.getNodeParameter);
		expect(fast('absent', 0, 'dflt')).toBe(ctx.getNodeParameter('absent', 0, 'dflt'));
		expect(fast('options', 1, {}, { rawExpressions: true })).toEqual(
			ctx.getNodeParameter('options', 1, {}, { rawExpressions: true }),
		);
	});

	it('skips n8n for fixed parameters after the first item, and for $json paths with plain values', () => {
		const { ctx, items } = context(inventory('={{ $json.obj.w }}'));
		const original = jest.fn(ctx.getNodeParameter);
		const fast = fastGetNodeParameter(
			ctx,
			items,
			original as unknown as typeof ctx.getNodeParameter,
		);
		for (let i = 0; i < items.length; i++) {
			for (const name of [
				'resource',
				'quantitySource',
				'status',
				'additionalFields',
				'options',
				'sku',
				'warehousesJson',
			])
				fast(name, i);
		}
		// Fixed ones: n8n is asked once each (first item). $json paths: only where the path is absent (items 1 and 2
		// have no obj.w).
		const asked = original.mock.calls.map((c) => `${String(c[0])}#${String(c[1])}`);
		expect(asked.sort()).toEqual(
			[
				'additionalFields#0',
				'options#0',
				'quantitySource#0',
				'resource#0',
				'status#0',
				'warehousesJson#1',
				'warehousesJson#2',
			].sort(),
		);
	});

	it('goes to n8n for anything it cannot answer exactly: computed expressions, templates, missing values', () => {
		for (const name of ['computed', 'method', 'template', 'missing', 'deepMissing', 'proto']) {
			const { ctx, items } = context(acknowledge(EXPRESSIONS[name]));
			const original = jest.fn(ctx.getNodeParameter);
			const fast = fastGetNodeParameter(
				ctx,
				items,
				original as unknown as typeof ctx.getNodeParameter,
			);
			answer(() => fast('orderId', 0));
			expect({ name, asked: original.mock.calls.length }).toEqual({ name, asked: 1 });
		}
	});

	it('never shares an answer: changing one leaves the next answer and the input item as they were', () => {
		const { ctx, items } = context(inventory('={{ $json.obj.w }}'));
		const fast = fastGetNodeParameter(ctx, items, ctx.getNodeParameter);
		(fast('options', 0) as IDataObject).waitForResult = true;
		expect(fast('options', 1)).toEqual({ waitForResult: false, safetyStock: 2 });
		const warehouses = fast('warehousesJson', 0) as Array<{ quantity: number }>;
		warehouses[0].quantity = 99;
		expect(items[0].json.obj).toEqual({ w: [{ code: 'WH01', quantity: 3 }] });
		expect(fast('warehousesJson', 0)).toEqual([{ code: 'WH01', quantity: 3 }]);
	});
});

describe('jsonPathOf / hasExpression', () => {
	it.each([
		['={{ $json.sku }}', ['sku']],
		['={{$json.a.b_c.$d}}', ['a', 'b_c', '$d']],
		['={{ $json["x y"].z }}', ['x y', 'z']],
		["={{ $json['q'][0] }}", ['q', '0']],
		['={{ $json }}', []],
		['={{ $json.sku.trim() }}', undefined],
		['={{ $json.sku }} ', undefined],
		['=x{{ $json.sku }}', undefined],
		['{{ $json.sku }}', undefined],
		['={{ $json.__proto__ }}', undefined],
		['={{ $json["a\\"b"] }}', undefined],
		['={{ $item(0).$json.sku }}', undefined],
	])('%s → %j', (raw, keys) => {
		expect(jsonPathOf(raw)).toEqual(keys);
	});

	it('finds expressions anywhere in a parameter value', () => {
		expect(hasExpression({ a: [{ b: 'x' }, { c: '=y' }] })).toBe(true);
		expect(hasExpression({ a: [{ b: 'x' }, 3, null, true] })).toBe(false);
		expect(hasExpression('a = b')).toBe(false);
	});
});
