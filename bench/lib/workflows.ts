/**
 * The workflows the bench runs in real n8n: the DSCO node doing a job, and n8n's HTTP Request node (4.2) doing the
 * same job the way a user without this package would build it. Every workflow is
 * Manual Trigger → input (Code node, not timed) → the contender's node(s) (timed).
 */
import * as path from 'node:path';

import { simulatorCredential } from '../../test/e2e/runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const data: {
	inventoryCode(from: number, count: number): string;
	orderIdsCode(firstId: number, count: number): string;
	chunkCode(size: number): string;
} = require(path.join(__dirname, 'data.js'));

export const DSCO_NODE = 'n8n-nodes-dsco.dsco';
export const DSCO_TRIGGER_NODE = 'n8n-nodes-dsco.dscoTrigger';
export const DSCO_CRED = { id: 'benchDscoCred01', name: 'DSCO (bench)' };
export const HEADER_CRED = { id: 'benchHeaderCred01', name: 'DSCO bearer token header (bench)' };

export interface SimAccess {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	apiToken: string;
}

/**
 * The DSCO node uses this package's credential with OAuth2 client credentials (what new DSCO accounts get). The
 * HTTP Request node uses n8n's generic Header Auth with `Authorization: Bearer <token>`, what a user without this
 * package sets up quickest (DSCO's legacy API token; it spares the HTTP Request node every token call).
 */
export function credentials(sim: SimAccess) {
	return [
		simulatorCredential(sim, DSCO_CRED),
		{
			...HEADER_CRED,
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${sim.apiToken}` },
		},
	];
}

interface Step {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	executeOnce?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

export interface Workflow {
	id: string;
	name: string;
	nodes: object[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
	active: boolean;
	pinData: Record<string, unknown>;
}

function chain(id: string, name: string, steps: Step[]): Workflow {
	const all: Step[] = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		...steps,
	];
	const nodes = all.map((s, i) => ({
		id: `${id}-${i}`,
		name: s.name,
		type: s.type,
		typeVersion: s.typeVersion,
		position: [220 * i, 0],
		parameters: s.parameters,
		...(s.credentials ? { credentials: s.credentials } : {}),
		...(s.executeOnce ? { executeOnce: true } : {}),
		...(s.onError ? { onError: s.onError } : {}),
	}));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
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

function code(name: string, jsCode: string): Step {
	return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } };
}

function dsco(name: string, parameters: Record<string, unknown>): Step {
	return { name, type: DSCO_NODE, typeVersion: 1, parameters, credentials: { dscoApi: DSCO_CRED } };
}

function http(name: string, parameters: Record<string, unknown>, extra: Partial<Step> = {}): Step {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			...parameters,
		},
		credentials: { httpHeaderAuth: HEADER_CRED },
		...extra,
	};
}

/** Node names, so that the runner finds the timed nodes. */
export const INPUT = 'Input';

export const idle = () =>
	chain('benchIdle01', 'bench: idle', [
		{ name: 'Nothing', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]);

/** One order by id: fetches and stores the OAuth2 token when the scenario that normally does it is skipped. */
export const warmup = (orderId: string) =>
	chain('benchWarmup01', 'bench: token warm-up', [
		dsco('Get order', {
			resource: 'order',
			operation: 'get',
			orderKey: 'dscoOrderId',
			value: orderId,
		}),
	]);

// ---- Order paging ------------------------------------------------------------------------------------------------

export interface OrderWindow {
	since: string;
	until: string;
}

/**
 * The input of a search: one empty item. It also makes the timed node run where it runs on an n8n that is up: n8n
 * 2.x starts its JavaScript task runner (a second Node process) when it starts, and `n8n execute` runs the workflow
 * right away, so a first node ran while the runner was still booting on the same 2 cores (measured on 2026-12-02: the
 * DSCO node's order paging took about 450 ms more). A Code node waits for the runner, so the timed node after it
 * finds it booted and idle, as on a running n8n.
 */
const oneItem = () => code(INPUT, 'return [{ json: {} }];');

export function ordersDsco(w: OrderWindow) {
	return chain('benchOrdersDsco01', 'bench: orders, DSCO node', [
		oneItem(),
		dsco('Get orders', {
			resource: 'order',
			operation: 'getMany',
			window: 'created',
			since: w.since,
			returnAll: true,
			filters: { until: w.until },
		}),
	]);
}

/**
 * HTTP Request with its pagination option: the first call carries the search, later calls add DSCO's scrollId
 * (DSCO then ignores the other parameters); it stops at the first empty page. No interval between pages: pages
 * come one after the other, each waiting for the previous answer. Split Out then makes one item per order.
 */
export function ordersHttp(sim: SimAccess, w: OrderWindow) {
	return chain('benchOrdersHttp01', 'bench: orders, HTTP Request paginated', [
		oneItem(),
		http('Get pages', {
			method: 'GET',
			url: `${sim.baseUrl}/order/page`,
			sendQuery: true,
			specifyQuery: 'keypair',
			queryParameters: {
				parameters: [
					{ name: 'ordersCreatedSince', value: w.since },
					{ name: 'until', value: w.until },
					{ name: 'ordersPerPage', value: '1000' },
				],
			},
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [
								{ type: 'qs', name: 'scrollId', value: '={{ $response.body.scrollId }}' },
							],
						},
						paginationCompleteWhen: 'other',
						completeExpression: '={{ $response.body.orders.length === 0 }}',
						requestInterval: 0,
					},
				},
			},
		}),
		{
			name: 'Split orders',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'orders', options: {} },
		},
	]);
}

// ---- Engine overhead -----------------------------------------------------------------------------------------------

/** 10,000 acknowledgements in one POST /order/acknowledge by the DSCO node (one output item per order). */
export function engineDsco(firstOrderId: number, count: number) {
	return chain('benchEngineDsco01', 'bench: engine, DSCO node', [
		code(INPUT, data.orderIdsCode(firstOrderId, count)),
		dsco('Acknowledge', {
			resource: 'acknowledgment',
			operation: 'acknowledge',
			orderId: '={{ $json.dscoOrderId }}',
			orderIdType: 'DSCO_ORDER_ID',
			additionalFields: {},
			options: { waitForResult: false },
		}),
	]);
}

/** The same single POST by the HTTP Request node, run once (node setting) with a body built from all items. */
export function engineHttp(sim: SimAccess, firstOrderId: number, count: number) {
	return chain('benchEngineHttp01', 'bench: engine, HTTP Request', [
		code(INPUT, data.orderIdsCode(firstOrderId, count)),
		http(
			'Acknowledge',
			{
				method: 'POST',
				url: `${sim.baseUrl}/order/acknowledge`,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				jsonBody:
					"={{ $input.all().map((item) => ({ id: item.json.dscoOrderId, type: 'DSCO_ORDER_ID' })) }}",
				options: {},
			},
			{ executeOnce: true },
		),
	]);
}

// ---- Inventory push ----------------------------------------------------------------------------------------------

/** The same input through n8n's No Operation node: what n8n needs to carry, store and print these items itself. */
export function inventoryNoop(count: number) {
	return chain('benchInvNoop01', 'bench: inventory input through No Operation', [
		code(INPUT, data.inventoryCode(0, count)),
		{ name: 'Pass through', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	]);
}

export function inventoryDsco(count: number, waitForResult: boolean) {
	return chain(
		waitForResult ? 'benchInvDscoWait01' : 'benchInvDsco01',
		`bench: inventory, DSCO node${waitForResult ? ' (wait for result)' : ''}`,
		[
			code(INPUT, data.inventoryCode(0, count)),
			dsco('Update inventory', {
				resource: 'inventory',
				operation: 'update',
				sku: '={{ $json.sku }}',
				quantitySource: 'warehousesJson',
				warehousesJson: '={{ $json.warehouses }}',
				status: 'auto',
				sendMode: 'batch',
				additionalFields: {},
				options: { waitForResult },
			}),
		],
	);
}

/** One POST /inventory/singleItem per item, 5 items a second (the endpoint's documented 5/s and 300/min). */
export function inventoryHttpPerItem(sim: SimAccess, count: number, perSecond = 5) {
	return chain('benchInvHttpItem01', 'bench: inventory, HTTP Request per item', [
		code(INPUT, data.inventoryCode(0, count)),
		http(
			'Update inventory',
			{
				method: 'POST',
				url: `${sim.baseUrl}/inventory/singleItem`,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				jsonBody: '={{ $json }}',
				options: { batching: { batch: { batchSize: perSecond, batchInterval: 1000 } } },
			},
			// A 429 then shows as an error item instead of stopping the run; the bench counts them.
			{ onError: 'continueRegularOutput' },
		),
	]);
}

/**
 * Arrays posted to /inventory/batch/small: a Code node packs the items into arrays of `chunk` (a round number a
 * user picks to stay well under 5 MB without measuring bytes), the HTTP Request node posts each array, with its
 * Batching option at one request per batch.
 */
export function inventoryHttpBatched(sim: SimAccess, count: number, chunk: number) {
	return chain('benchInvHttpBatch01', 'bench: inventory, HTTP Request batched', [
		code(INPUT, data.inventoryCode(0, count)),
		code('Make arrays', data.chunkCode(chunk)),
		http('Post arrays', {
			method: 'POST',
			url: `${sim.baseUrl}/inventory/batch/small`,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: '={{ $json.items }}',
			options: { batching: { batch: { batchSize: 1, batchInterval: 0 } } },
		}),
	]);
}
