/**
 * What a user reads in n8n's editor, checked on the nodes as n8n's package loader loads them: canvas subtitles
 * (evaluated by n8n's expression engine, as the canvas does), the descriptions the node creator shows, labels,
 * and n8n's wording conventions. Also that every list a parameter asks for exists in the node's methods.
 */
import { Workflow } from 'n8n-workflow';
import type {
	INode,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { loadPackage, PACKAGE } from './harness';

let action: INodeType;
let trigger: INodeType;
beforeAll(async () => {
	const { nodeTypes } = await loadPackage();
	action = nodeTypes.getByNameAndVersion(`${PACKAGE}.dsco`, 2);
	trigger = nodeTypes.getByNameAndVersion(`${PACKAGE}.dscoTrigger`, 1);
});

/** The subtitle n8n's canvas shows for a node with these parameters. */
function subtitle(type: INodeType, typeVersion: number, parameters: INode['parameters']): unknown {
	const node: INode = {
		id: 'n',
		name: 'Node',
		type: `${PACKAGE}.x`,
		typeVersion,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => type,
			getByNameAndVersion: () => type,
			getKnownTypes: () => ({}),
		},
	});
	return workflow.expression.getSimpleParameterValue(
		node,
		type.description.subtitle!,
		'internal',
		{},
	);
}

/** Every option of every property, collections included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	const out: INodeProperties[] = [];
	for (const p of properties) {
		out.push(p);
		for (const o of (p.options ?? []) as Array<
			INodeProperties | INodePropertyOptions | { values?: INodeProperties[] }
		>) {
			if ('values' in o && Array.isArray(o.values)) out.push(...allProperties(o.values));
			else if ('type' in o && 'displayName' in o)
				out.push(...allProperties([o as INodeProperties]));
		}
	}
	return out;
}

const operationSelectors = (d: INodeTypeDescription) =>
	d.properties.filter((p) => p.name === 'operation');

describe('canvas subtitles in words', () => {
	it.each([
		['order', 'getMany', 'Get many orders'],
		['order', 'get', 'Get order'],
		['acknowledgment', 'acknowledge', 'Acknowledge order'],
		['shipment', 'create', 'Create shipment'],
		['inventory', 'updateFromFile', 'Update inventory from file'],
		['changeLog', 'get', 'Get change log'],
	])('%s / %s: "%s"', (resource, operation, words) => {
		expect(subtitle(action, 2, { resource, operation })).toBe(words);
		expect(subtitle(action, 1, { resource, operation })).toBe(words);
	});

	it("every operation's subtitle is its action label, never the internal values", () => {
		for (const selector of operationSelectors(action.description)) {
			const resource = selector.displayOptions!.show!.resource![0] as string;
			for (const option of selector.options as INodePropertyOptions[]) {
				const shown = subtitle(action, 2, { resource, operation: option.value as string });
				expect(shown).toBe(option.action);
				expect(shown).not.toContain(`${String(option.value)}:`);
			}
		}
	});

	it('an operation the table does not know falls back to n8n\'s "operation: resource"', () => {
		expect(subtitle(action, 2, { resource: 'order', operation: 'somethingNew' })).toBe(
			'somethingNew: order',
		);
	});

	it('the trigger shows its event in words', () => {
		expect(subtitle(trigger, 1, { event: 'newOrder' })).toBe('New order');
		expect(subtitle(trigger, 1, { event: 'cancelRequested' })).toBe('Order cancellation requested');
		expect(subtitle(trigger, 1, { event: 'orderLineChanged' })).toBe(
			'Order line shipped or cancelled',
		);
		expect(subtitle(trigger, 1, { event: 'newReturn' })).toBe('New return');
		expect(subtitle(trigger, 1, { event: 'catalogItemChanged' })).toBe('Catalog item changed');
	});
});

describe('descriptions in the node creator', () => {
	it('the action node has its own description, and the trigger (whose description n8n shows for the merged "DSCO" entry) starts with it', () => {
		expect(action.description.description).toBe(
			'Get, acknowledge, ship, cancel and invoice DSCO dropship orders, buy shipping labels and packing slips, and keep inventory in sync',
		);
		const own = action.description.description.replace(/, and keep inventory in sync$/, '');
		expect(trigger.description.description.startsWith(own)).toBe(true);
		expect(trigger.description.description).toMatch(
			/start workflows when orders, returns or catalog items arrive or change$/,
		);
		expect(action.description.description).not.toMatch(/^Starts the workflow/);
	});

	it("both nodes are found in the node creator under DSCO's other names (codex alias)", () => {
		for (const type of [action, trigger]) {
			expect((type.description.codex as { alias?: string[] } | undefined)?.alias).toEqual([
				'Rithum',
				'CommerceHub',
				'Dropship',
			]);
		}
	});

	it('every resource option has a description', () => {
		const resources = action.description.properties.find((p) => p.name === 'resource')!
			.options as INodePropertyOptions[];
		expect(resources.length).toBeGreaterThanOrEqual(7);
		for (const r of resources) expect(r.description).toMatch(/^[A-Z].+[^.]$/);
	});
});

describe("n8n's wording", () => {
	it('actions are sentence case without articles; names and labels carry no trailing period', () => {
		for (const selector of operationSelectors(action.description)) {
			for (const option of selector.options as INodePropertyOptions[]) {
				expect(option.action).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
				expect(option.action).not.toMatch(/\b(a|an|the)\b/);
			}
		}
		for (const d of [action.description, trigger.description]) {
			for (const p of allProperties(d.properties)) {
				// A notice's displayName is its text, in sentences.
				if (p.type !== 'notice') expect(p.displayName).not.toMatch(/\.$/);
				for (const o of (p.options ?? []) as INodePropertyOptions[])
					if (typeof o.name === 'string') expect(o.name).not.toMatch(/\.$/);
			}
		}
	});

	it('the trigger\'s stream / date-window choice is not a second "Mode" next to n8n\'s poll times; its name and values stay', () => {
		const own = trigger.description.properties.filter((p) => p.name !== 'pollTimes');
		expect(own.filter((p) => p.displayName === 'Mode')).toEqual([]);
		// One parameter, worded per event: orders and returns have a date-window search; the other events read a stream.
		const choices = own.filter((p) => p.name === 'mode');
		expect(choices.map((c) => [c.displayName, c.displayOptions?.show?.event])).toEqual([
			['Read Orders From', ['newOrder']],
			['Read Returns From', ['newReturn']],
		]);
		for (const choice of choices) {
			expect((choice.options as INodePropertyOptions[]).map((o) => o.value).sort()).toEqual([
				'dateWindow',
				'stream',
			]);
			expect(choice.default).toBe('stream');
		}
		// n8n's own poll times (added by the loader) keep theirs.
		expect(trigger.description.properties.some((p) => p.name === 'pollTimes')).toBe(true);
	});
});

describe('lists', () => {
	it("every list a parameter asks for is one of the node's listSearch methods, and every method is used", () => {
		const asked = new Set<string>();
		for (const p of allProperties(action.description.properties)) {
			for (const mode of p.modes ?? []) {
				const method = mode.typeOptions?.searchListMethod;
				if (method) asked.add(method);
			}
		}
		expect([...asked].sort()).toEqual(Object.keys(action.methods?.listSearch ?? {}).sort());
		expect(asked.size).toBe(7);
	});

	it('each locator offers From List first and a typed-in mode that takes any value or expression', () => {
		const locators = allProperties(action.description.properties).filter(
			(p) => p.type === 'resourceLocator' && p.name !== 'order',
		);
		// Inventory → Get and Catalog → Get each show the item lookup's retailer and trading partner.
		expect(locators.map((p) => p.name).sort()).toEqual([
			'code',
			'dscoRetailerId',
			'dscoRetailerId',
			'dscoTradingPartnerId',
			'dscoTradingPartnerId',
			// Return → Get, Get Many, Update, Complete: the retailer's account (DSCO account ID or your partner ID).
			'retailer',
			'retailer',
			'retailer',
			'retailer',
			'shipCarrier',
			'shipCarrier',
			'shipMethod',
			'shipMethod',
			'shippingServiceLevelCode',
			'warehouseCode',
			'warehouseCode',
			'warehouseCode',
			'warehouseCode',
		]);
		for (const p of locators) {
			expect(p.default).toEqual({ mode: 'list', value: '' });
			expect(p.modes!.map((m) => m.type)).toEqual(
				p.name === 'retailer' ? ['list', 'string', 'string'] : ['list', 'string'],
			);
			expect(p.modes![0].typeOptions?.searchable).toBe(true);
			expect(p.modes![1].validation).toBeUndefined();
		}
	});

	it('one order is chosen with the order locator wherever an operation acts on one order: From List, then by each DSCO order key', () => {
		const orders = allProperties(action.description.properties).filter((p) => p.name === 'order');
		const placed = orders
			.map(
				(p) =>
					`${String(p.displayOptions?.show?.resource)}.${String(p.displayOptions?.show?.operation)}`,
			)
			.sort();
		expect(placed).toEqual([
			'acknowledgment.acknowledge',
			'acknowledgment.acknowledgeLines',
			'cancellation.cancelLines',
			'cancellation.respondToRequest',
			'invoice.create',
			'order.get',
			'order.updateEstimatedShipDate',
			'packingSlip.create',
			'return.getMany',
			'shipment.create',
			'shippingLabel.create',
		]);
		for (const p of orders) {
			expect(p.type).toBe('resourceLocator');
			expect(p.displayOptions?.show?.['@version']).toEqual([{ _cnd: { gte: 2 } }]);
			expect(p.modes!.map((m) => [m.name, m.displayName, m.type])).toEqual([
				['list', 'From List', 'list'],
				['dscoOrderId', 'By DSCO Order ID', 'string'],
				['poNumber', 'By PO Number', 'string'],
				['supplierOrderNumber', 'By Supplier Order Number', 'string'],
			]);
			expect(p.modes![0].typeOptions).toEqual({
				searchListMethod: 'searchOrders',
				searchable: true,
			});
		}
		// Version 1's parameters stay, for version 1 nodes only.
		for (const name of ['orderId', 'orderIdType', 'orderKey']) {
			const v1 = allProperties(action.description.properties).filter((p) => p.name === name);
			expect(v1.length).toBeGreaterThan(0);
			for (const p of v1) expect(p.displayOptions?.show?.['@version']).toEqual([1]);
		}
	});
});
