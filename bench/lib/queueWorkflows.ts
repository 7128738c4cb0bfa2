/**
 * The workflows of the queue load test. Each job starts with a Webhook node (production webhook, "respond
 * immediately"): in queue mode the main receives the call and enqueues the execution, which a worker takes — the
 * way that really spreads executions over the workers (manual runs from the editor stay on the main unless
 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS is set). The job's input comes in the webhook's body and is split into
 * items by n8n's Split Out node; the DSCO node runs with its defaults (On Error: stop the workflow).
 */
import { randomUUID } from 'node:crypto';

import { DSCO_NODE, DSCO_TRIGGER_NODE, type OrderWindow, type Workflow } from './workflows';

export const LOAD_CRED = { id: 'queueLoadCred01', name: 'DSCO (queue load)' };

/** Name of the DSCO node in every job workflow (its output is what the test checks). */
export const DSCO_STEP = 'DSCO';
export const TRIGGER_STEP = 'DSCO Trigger';

export type JobKind = 'acknowledge' | 'inventorySingle' | 'orderPaging';

export interface Job {
	kind: JobKind;
	workflow: Workflow;
	/** Webhook path (POST /webhook/<path>). */
	path: string;
	/** The webhook's body. */
	body: Record<string, unknown>;
	/** What must come out of the DSCO node, one key each: dscoOrderId (acknowledge, paging) or sku. */
	expected: string[];
}

interface Step {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	extra?: Record<string, unknown>;
}

function chain(id: string, name: string, steps: Step[]): Workflow {
	const nodes = steps.map((s, i) => ({
		id: `${id}-${i}`,
		name: s.name,
		type: s.type,
		typeVersion: s.typeVersion,
		position: [240 * i, 0],
		parameters: s.parameters,
		...s.extra,
	}));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < steps.length - 1; i++) {
		connections[steps[i].name] = { main: [[{ node: steps[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

const webhook = (path: string): Step => ({
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	extra: { webhookId: randomUUID() },
});

const splitOut = (field: string): Step => ({
	name: 'Split Out',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: `body.${field}`, options: {} },
});

const dsco = (parameters: Record<string, unknown>): Step => ({
	name: DSCO_STEP,
	type: DSCO_NODE,
	typeVersion: 1,
	parameters,
	extra: { credentials: { dscoApi: LOAD_CRED } },
});

/** Acknowledges the orders of the body by DSCO order id: batched into as few calls as 5 MB allows, verified. */
export function acknowledgeJob(n: number, dscoOrderIds: string[]): Job {
	const path = `dsco-load-acknowledge-${n}`;
	return {
		kind: 'acknowledge',
		path,
		body: { orders: dscoOrderIds.map((dscoOrderId) => ({ dscoOrderId })) },
		expected: dscoOrderIds,
		workflow: chain(
			`queueLoadAck0${n}`,
			`queue load: acknowledge ${dscoOrderIds.length} orders (${n})`,
			[
				webhook(path),
				splitOut('orders'),
				dsco({
					resource: 'acknowledgment',
					operation: 'acknowledge',
					orderId: '={{ $json.dscoOrderId }}',
					orderIdType: 'DSCO_ORDER_ID',
					additionalFields: {},
					options: {},
				}),
			],
		),
	};
}

/** One sync POST /inventory/singleItem per SKU (Inventory → Update, Send Mode "One Call per Item"). */
export function inventorySingleJob(n: number, skus: Array<{ sku: string; quantity: number }>): Job {
	const path = `dsco-load-inventory-${n}`;
	return {
		kind: 'inventorySingle',
		path,
		body: { items: skus },
		expected: skus.map((s) => s.sku),
		workflow: chain(
			`queueLoadInv0${n}`,
			`queue load: ${skus.length} SKUs through /inventory/singleItem (${n})`,
			[
				webhook(path),
				splitOut('items'),
				dsco({
					resource: 'inventory',
					operation: 'update',
					sku: '={{ $json.sku }}',
					quantitySource: 'total',
					quantity: '={{ $json.quantity }}',
					status: 'auto',
					sendMode: 'single',
					additionalFields: {},
					options: {},
				}),
			],
		),
	};
}

/** Order → Get Many, Return All, over a created-since window. */
export function orderPagingJob(n: number, window: OrderWindow, dscoOrderIds: string[]): Job {
	const path = `dsco-load-paging-${n}`;
	return {
		kind: 'orderPaging',
		path,
		body: {},
		expected: dscoOrderIds,
		workflow: chain(`queueLoadPage0${n}`, `queue load: page ${dscoOrderIds.length} orders (${n})`, [
			webhook(path),
			dsco({
				resource: 'order',
				operation: 'getMany',
				window: 'created',
				since: window.since,
				returnAll: true,
				filters: { until: window.until },
			}),
		]),
	};
}

/** DSCO Trigger (new orders, every minute) → No Operation: its executions carry what the trigger emitted. */
export function triggerWorkflow(id = 'queueLoadTrigger01'): Workflow {
	return chain(id, 'queue load: DSCO Trigger (new orders)', [
		{
			name: TRIGGER_STEP,
			type: DSCO_TRIGGER_NODE,
			typeVersion: 1,
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				event: 'newOrder',
				options: {},
			},
			extra: { credentials: { dscoApi: LOAD_CRED } },
		},
		{ name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]);
}
