/**
 * Orders and what the supplier APIs do to them: acknowledge, acknowledge lines, ship, cancel, order updates,
 * plus retailer cancel requests. Every change updates dscoLastUpdate, derives dscoLifecycle / dscoStatus and
 * appends stream events (objectType order, and orderitemchange for shipped / cancelled quantities).
 */
import { randomUUID } from 'node:crypto';
import { SimClock, formatDate, parseDate } from './clock';
import { OrderFactory, markCancelRequested } from './data';
import { EventLog } from './events';
import { OK, type Outcome, invalid, notFound } from './outcome';
import type { CreateOrdersOptions, Order, OrderLineItem, OrderPackage, OrderStatus } from './types';

export type OrderIdType = 'DSCO_ORDER_ID' | 'PO_NUMBER' | 'SUPPLIER_ORDER_NUMBER';
export type OrderKey = 'dscoOrderId' | 'poNumber' | 'supplierOrderNumber';

const KEY_OF_TYPE: Record<OrderIdType, OrderKey> = {
	DSCO_ORDER_ID: 'dscoOrderId',
	PO_NUMBER: 'poNumber',
	SUPPLIER_ORDER_NUMBER: 'supplierOrderNumber',
};

type Nullable<T> = T | null | undefined;

export interface LineIdentifier {
	lineNumber?: Nullable<number>;
	dscoItemId?: Nullable<string | number>;
	sku?: Nullable<string>;
	partnerSku?: Nullable<string>;
	upc?: Nullable<string>;
	ean?: Nullable<string>;
}

export interface AcknowledgeInput {
	id: string | number;
	type: OrderIdType;
	supplierOrderNumber?: string;
}

export interface AcknowledgeLineInput extends LineIdentifier {
	acknowledged?: boolean;
	acceptedQuantity?: number;
	acceptedReason?: string;
	cancelledQuantity?: number;
	cancelCode?: string;
	cancelledReason?: string;
	estimatedShipDate?: string;
}

export interface AcknowledgeItemsInput extends AcknowledgeInput {
	lineItems: AcknowledgeLineInput[];
}

export interface ShipmentInput {
	trackingNumber: string;
	lineItems: Array<LineIdentifier & { quantity: number }>;
	shippingServiceLevelCode?: Nullable<string>;
	[field: string]: unknown;
}

export interface ShipmentsForUpdate {
	dscoOrderId?: Nullable<string>;
	poNumber?: Nullable<string>;
	supplierOrderNumber?: Nullable<string>;
	shipments: ShipmentInput[];
}

export interface CancelLineInput extends LineIdentifier {
	cancelledQuantity: number;
	cancelCode?: Nullable<string>;
	cancelledReason?: Nullable<string>;
}

export interface OrderForCancel {
	id: string;
	type: OrderIdType;
	lineItems: CancelLineInput[];
}

export interface OrderUpdateLineInput extends LineIdentifier {
	estimatedShipDate?: string;
	status?: 'accepted' | 'rejected' | 'cancelled';
	acceptedQuantity?: number;
	acceptedReason?: string;
	cancelledQuantity?: number;
	cancelledReason?: string;
	cancelCode?: string;
	rejectedQuantity?: number;
	rejectedReason?: string;
	statusReason?: string;
}

export interface OrderUpdateInput {
	dscoOrderId?: number;
	poNumber?: string;
	supplierOrderNumber?: string;
	updateType: 'EST_SHIP_DATE' | 'STATUS' | 'RETAILER_DATA';
	status?: OrderStatus;
	payload?: OrderUpdateLineInput[];
}

export interface OrderSearch {
	createdSince?: number;
	updatedSince?: number;
	until?: number;
	consumerOrderNumber?: string;
	statuses?: string[];
	includeTestOrders: boolean;
	returnedOnly?: boolean;
}

/** The generic order-level ship code production rejects on packages (api-notes). */
const GENERIC_SHIP_CODE = 'GCG';

const LINE_KEYS = ['dscoItemId', 'sku', 'partnerSku', 'upc', 'ean'] as const;

/** Shipment fields that the document's Package object also has (copied onto the stored package). */
const PACKAGE_FIELDS = [
	'balanceDue',
	'carrierManifestId',
	'currencyCode',
	'numberOfLineItems',
	'referenceNumberQualifier',
	'shipCarrier',
	'shipCost',
	'shipMethod',
	'shipWeight',
	'shipWeightUnits',
	'shippingServiceLevelCode',
	'ssccBarcode',
	'trackingUrl',
	'transactionDate',
	'transactionId',
	'vendorInvoiceNumber',
	'warehouseCode',
	'warehouseDscoId',
	'warehouseRetailerCode',
] as const;

function hasValue(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

function describeLine(ident: LineIdentifier): string {
	if (hasValue(ident.lineNumber)) return `line ${ident.lineNumber}`;
	const key = LINE_KEYS.find((k) => hasValue(ident[k]));
	return key ? `${key} ${ident[key]}` : 'a line without identifier';
}

function hasLineIdentifier(ident: LineIdentifier): boolean {
	return hasValue(ident.lineNumber) || LINE_KEYS.some((k) => hasValue(ident[k]));
}

/** The line a line reference points at: by lineNumber, else by the first identifier given (open lines first). */
function findLine(order: Order, ident: LineIdentifier): OrderLineItem | undefined {
	if (hasValue(ident.lineNumber))
		return order.lineItems.find((l) => l.lineNumber === Number(ident.lineNumber));
	const key = LINE_KEYS.find((k) => hasValue(ident[k]));
	if (!key) return undefined;
	const matches = order.lineItems.filter((l) => String(l[key]) === String(ident[key]));
	return matches.find((l) => l.remainingQuantity > 0) ?? matches[0];
}

function lineNotFound(order: Order, ident: LineIdentifier): Outcome {
	return notFound(`Line item not found on order ${order.dscoOrderId}: ${describeLine(ident)}`);
}

function overRemaining(
	ident: LineIdentifier,
	what: string,
	quantity: number,
	line: OrderLineItem,
): Outcome {
	return invalid(
		`${describeLine(ident)}: ${what} ${quantity} exceeds the remaining quantity ${line.remainingQuantity}`,
	);
}

function openQuantity(line: OrderLineItem): number {
	return line.quantity - line.cancelledQuantity - line.rejectedQuantity;
}

function refreshLine(line: OrderLineItem): void {
	line.acceptedQuantity = Math.min(
		Math.max(line.acceptedQuantity, line.shippedQuantity),
		openQuantity(line),
	);
	line.remainingQuantity = Math.max(0, openQuantity(line) - line.shippedQuantity);
	if (line.cancelledQuantity >= line.quantity) line.status = 'cancelled';
	else if (line.rejectedQuantity > 0 && line.remainingQuantity === 0 && line.shippedQuantity === 0)
		line.status = 'rejected';
	else if (line.acceptedQuantity > 0) line.status = 'accepted';
}

/** dscoLifecycle / dscoStatus from the lines: no open quantity = completed. */
function deriveState(order: Order): void {
	for (const line of order.lineItems) refreshLine(line);
	const open = order.lineItems.some((l) => l.remainingQuantity > 0);
	const shipped = order.lineItems.some((l) => l.shippedQuantity > 0);
	const accepted = order.lineItems.some((l) => l.acceptedQuantity > 0);
	if (!open) {
		order.dscoLifecycle = 'completed';
		order.dscoStatus = shipped ? 'shipped' : 'cancelled';
	} else if (order.dscoLifecycle === 'acknowledged' || accepted) {
		order.dscoLifecycle = 'acknowledged';
		order.dscoStatus = 'shipment_pending';
	}
}

function itemQuantity(line: OrderLineItem, quantity: number): Record<string, unknown> {
	return {
		sku: line.sku,
		dscoItemId: line.dscoItemId,
		partnerSku: line.partnerSku,
		upc: line.upc,
		lineNumber: line.lineNumber,
		quantity,
	};
}

/** Accumulates per-line quantities of one request, so that all its lines are checked before anything changes. */
class LinePlan {
	readonly lines = new Map<OrderLineItem, number>();

	/** Adds a quantity taken from the line; a failure when the request takes more than the line has left. */
	take(
		line: OrderLineItem,
		quantity: number,
		ident: LineIdentifier,
		what: string,
	): Outcome | undefined {
		const planned = this.planned(line) + quantity;
		this.lines.set(line, planned);
		return planned > line.remainingQuantity ? overRemaining(ident, what, planned, line) : undefined;
	}

	planned(line: OrderLineItem): number {
		return this.lines.get(line) ?? 0;
	}
}

type Resolved = { order: Order; failed?: undefined } | { order?: undefined; failed: Outcome };

interface ChangeOptions {
	cancelRequest?: boolean;
	itemChanges?: Array<Record<string, unknown>>;
}

export class OrderBook {
	private readonly orders = new Map<string, Order>();
	private readonly times = new Map<string, { created: number; updated: number }>();
	/** While set, changes are history (seeding): no stream events. */
	private muted = false;

	constructor(
		private readonly clock: SimClock,
		private readonly events: EventLog,
		private readonly factory: OrderFactory,
	) {}

	/**
	 * Adds an order (seeded orders are added silently; new ones produce a `create` event). Searches find it by
	 * `arrivedAt` (default: its dscoCreateDate).
	 */
	insert(order: Order, emit: boolean, arrivedAt?: number): void {
		const created = arrivedAt ?? Date.parse(order.dscoCreateDate);
		this.orders.set(order.dscoOrderId, order);
		this.times.set(order.dscoOrderId, { created, updated: Date.parse(order.dscoLastUpdate) });
		if (emit) this.emitOrder(order, ['create']);
	}

	create(count: number, opts: CreateOrdersOptions = {}): Order[] {
		const created: Order[] = [];
		for (let i = 0; i < count; i++) {
			const arrivedAt = this.clock.nowSeconds();
			const order = this.factory.create(arrivedAt, { ...opts, cancelRequested: false });
			if (opts.createDateSkewMs)
				order.dscoCreateDate = formatDate(arrivedAt + opts.createDateSkewMs);
			this.insert(order, true, arrivedAt);
			if (opts.cancelRequested) this.requestCancel(order.dscoOrderId);
			created.push(order);
		}
		return created;
	}

	list(): Order[] {
		return [...this.orders.values()];
	}

	get(dscoOrderId: string): Order | undefined {
		return this.orders.get(dscoOrderId);
	}

	lookup(key: OrderKey, value: string): Order[] {
		if (key === 'dscoOrderId') {
			const order = this.orders.get(value);
			return order ? [order] : [];
		}
		return this.list().filter((o) => o[key] !== undefined && String(o[key]) === value);
	}

	resolve(type: OrderIdType, id: string | number): Order | undefined {
		return this.lookup(KEY_OF_TYPE[type], String(id))[0];
	}

	/** Orders of a date-window (or consumerOrderNumber) search, oldest first. */
	search(q: OrderSearch): Order[] {
		const byUpdate = q.updatedSince !== undefined;
		const rows = this.list()
			.map((order) => ({ order, t: this.times.get(order.dscoOrderId)! }))
			.filter(({ order, t }) => {
				if (!q.includeTestOrders && order.testFlag) return false;
				if (q.statuses && !q.statuses.includes(order.dscoStatus)) return false;
				if (
					q.returnedOnly !== undefined &&
					q.returnedOnly !== order.packages.some((p) => p.returnedFlag === true)
				) {
					return false;
				}
				if (q.consumerOrderNumber !== undefined)
					return order.consumerOrderNumber === q.consumerOrderNumber;
				if (q.createdSince !== undefined && t.created < q.createdSince) return false;
				if (q.updatedSince !== undefined && t.updated <= q.updatedSince) return false;
				return q.until === undefined || (byUpdate ? t.updated : t.created) <= q.until;
			});
		rows.sort((a, b) => (byUpdate ? a.t.updated - b.t.updated : a.t.created - b.t.created));
		return rows.map((r) => r.order);
	}

	/** When the order arrived (searches by creation use it). */
	createdAt(dscoOrderId: string): number | undefined {
		return this.times.get(dscoOrderId)?.created;
	}

	/**
	 * Ships every open line of an order in one package dated `atMs`, as history: no stream events (seeded returns
	 * need shipped orders, and seeded data is in no stream).
	 */
	seedShipment(order: Order, trackingNumber: string, atMs: number): Outcome {
		const lineItems = order.lineItems
			.filter((line) => line.remainingQuantity > 0)
			.map((line) => ({
				lineNumber: line.lineNumber,
				sku: line.sku,
				quantity: line.remainingQuantity,
			}));
		const shipment = {
			trackingNumber,
			shipDate: formatDate(atMs),
			shipCarrier: order.shipCarrier,
			shippingServiceLevelCode: order.shippingServiceLevelCode,
			lineItems,
		};
		const outcome = this.withoutEvents(() =>
			this.ship({ dscoOrderId: order.dscoOrderId, shipments: [shipment] }),
		);
		this.backdate(order, atMs);
		return outcome;
	}

	/**
	 * Marks the packages holding returned lines (returnedFlag, returnNumber, returnDate, returnReason), so that
	 * /order/page?returnedOnly finds the order; `at` backdates the change as history (seeding, no event).
	 */
	markReturned(
		order: Order,
		lineNumbers: number[],
		ret: { returnNumber?: string; returnDate: string; reason?: string },
		at?: number,
	): void {
		const mark = () =>
			this.change(order, ['update_shipment'], () => {
				for (const pkg of order.packages) {
					if (
						!pkg.items.some(
							(item) => item.lineNumber !== undefined && lineNumbers.includes(item.lineNumber),
						)
					)
						continue;
					pkg.returnedFlag = true;
					pkg.returnDate = ret.returnDate;
					if (ret.returnNumber !== undefined) pkg.returnNumber = ret.returnNumber;
					if (ret.reason !== undefined) pkg.returnReason = ret.reason;
				}
			});
		if (at === undefined) return mark();
		this.withoutEvents(mark);
		this.backdate(order, at);
	}

	private withoutEvents<T>(fn: () => T): T {
		this.muted = true;
		try {
			return fn();
		} finally {
			this.muted = false;
		}
	}

	private backdate(order: Order, atMs: number): void {
		this.times.get(order.dscoOrderId)!.updated = atMs;
		order.dscoLastUpdate = formatDate(atMs);
	}

	requestCancel(dscoOrderId: string, code = 'CXRO'): Order | undefined {
		const order = this.orders.get(dscoOrderId);
		if (!order) return undefined;
		this.change(order, ['update_order_info'], () => markCancelRequested(order, code), {
			cancelRequest: true,
		});
		return order;
	}

	acknowledge(input: AcknowledgeInput): Outcome {
		const order = this.resolve(input.type, input.id);
		if (!order) return notFound(`Order not found: ${input.type} ${input.id}`);
		const newNumber =
			input.supplierOrderNumber !== undefined &&
			input.supplierOrderNumber !== order.supplierOrderNumber;
		if (order.dscoLifecycle !== 'created' && !newNumber) return OK;
		const reasons = newNumber ? ['update_supplier_order_number'] : [];
		this.change(order, reasons, () => {
			if (newNumber) order.supplierOrderNumber = input.supplierOrderNumber;
			if (order.dscoLifecycle === 'created') {
				order.dscoLifecycle = 'acknowledged';
				for (const line of order.lineItems)
					line.acceptedQuantity = Math.max(line.acceptedQuantity, openQuantity(line));
			}
		});
		return OK;
	}

	acknowledgeItems(input: AcknowledgeItemsInput): Outcome {
		const order = this.resolve(input.type, input.id);
		if (!order) return notFound(`Order not found: ${input.type} ${input.id}`);
		if (input.lineItems.length === 0) return invalid('At least one line item is required');
		const cancels = new LinePlan();
		const targets: Array<[OrderLineItem, AcknowledgeLineInput]> = [];
		for (const item of input.lineItems) {
			const line = findLine(order, item);
			if (!line) return lineNotFound(order, item);
			const cancelled = item.cancelledQuantity ?? 0;
			if (cancelled < 0)
				return invalid(`${describeLine(item)}: cancelledQuantity must not be negative`);
			const over =
				cancelled > 0 ? cancels.take(line, cancelled, item, 'cancelledQuantity') : undefined;
			if (over) return over;
			const accepted = item.acceptedQuantity;
			if (
				accepted !== undefined &&
				(accepted < 0 || accepted > openQuantity(line) - cancels.planned(line))
			) {
				return invalid(
					`${describeLine(item)}: acceptedQuantity ${accepted} exceeds the open quantity ${openQuantity(line)}`,
				);
			}
			targets.push([line, item]);
		}
		const reasons = targets.some(([, item]) => item.estimatedShipDate)
			? ['update_line_item_estimated_ship_date']
			: [];
		this.change(
			order,
			reasons,
			() => {
				for (const [line, item] of targets) {
					if (item.cancelledQuantity) {
						line.cancelledQuantity += item.cancelledQuantity;
						if (item.cancelCode) line.cancelCode = item.cancelCode;
						if (item.cancelledReason) line.cancelledReason = item.cancelledReason;
					}
					if (item.acceptedQuantity !== undefined) line.acceptedQuantity = item.acceptedQuantity;
					else if (item.acknowledged !== false)
						line.acceptedQuantity = Math.max(line.acceptedQuantity, openQuantity(line));
					if (item.acceptedReason) line.acceptedReason = item.acceptedReason;
					if (item.estimatedShipDate)
						line.estimatedShipDate = formatDate(parseDate(item.estimatedShipDate) ?? 0);
				}
				if (order.dscoLifecycle === 'created') order.dscoLifecycle = 'acknowledged';
			},
			{
				itemChanges: this.cancelChanges(
					cancels,
					input.lineItems.find((l) => l.cancelCode)?.cancelCode,
				),
			},
		);
		return OK;
	}

	ship(input: ShipmentsForUpdate): Outcome {
		const { order, failed } = this.resolveShipmentOrder(input);
		if (!order) return failed;
		if (input.shipments.length === 0) return invalid('At least one shipment is required');
		const plan = new LinePlan();
		const packages: Array<{ shipment: ShipmentInput; lines: Array<[OrderLineItem, number]> }> = [];
		for (const shipment of input.shipments) {
			if (shipment.shippingServiceLevelCode === GENERIC_SHIP_CODE) {
				return invalid(
					`Shipping service level code ${GENERIC_SHIP_CODE} is not valid for a package; use a carrier-specific code`,
				);
			}
			if (shipment.lineItems.length === 0)
				return invalid(`Shipment ${shipment.trackingNumber} has no line items`);
			const lines: Array<[OrderLineItem, number]> = [];
			for (const item of shipment.lineItems) {
				if (!hasLineIdentifier(item))
					return invalid(
						'Each shipment line item needs a lineNumber, dscoItemId, sku, partnerSku, upc or ean',
					);
				const line = findLine(order, item);
				if (!line) return lineNotFound(order, item);
				if (item.quantity <= 0) return invalid(`${describeLine(item)}: quantity must be positive`);
				const over = plan.take(line, item.quantity, item, 'quantity');
				if (over) return over;
				lines.push([line, item.quantity]);
			}
			packages.push({ shipment, lines });
		}
		const itemChanges = packages.map(({ shipment, lines }) => ({
			status: 'shipped',
			trackingNumber: shipment.trackingNumber,
			lineItems: lines.map(([line, quantity]) => itemQuantity(line, quantity)),
		}));
		this.change(
			order,
			['add_shipment'],
			() => {
				for (const { shipment, lines } of packages) {
					order.packages.push(this.toPackage(shipment, lines));
					for (const [line, quantity] of lines) {
						line.shippedQuantity += quantity;
						line.acceptedReason ??= `Tracking # ${shipment.trackingNumber} added`;
					}
				}
			},
			{ itemChanges },
		);
		return OK;
	}

	cancel(input: OrderForCancel): Outcome {
		const order = this.resolve(input.type, input.id);
		if (!order) return notFound(`Order not found: ${input.type} ${input.id}`);
		if (input.lineItems.length === 0) return invalid('At least one line item is required');
		const plan = new LinePlan();
		const targets: Array<[OrderLineItem, CancelLineInput]> = [];
		for (const item of input.lineItems) {
			if (!hasValue(item.cancelCode))
				return invalid(`${describeLine(item)}: cancelCode is required`);
			const line = findLine(order, item);
			if (!line) return lineNotFound(order, item);
			if (item.cancelledQuantity <= 0)
				return invalid(`${describeLine(item)}: cancelledQuantity must be positive`);
			const over = plan.take(line, item.cancelledQuantity, item, 'cancelledQuantity');
			if (over) return over;
			targets.push([line, item]);
		}
		this.change(
			order,
			['update_status_lifecycle'],
			() => {
				for (const [line, item] of targets) {
					line.cancelledQuantity += item.cancelledQuantity;
					line.cancelCode = item.cancelCode ?? undefined;
					if (item.cancelledReason) line.cancelledReason = item.cancelledReason;
				}
			},
			{ itemChanges: this.cancelChanges(plan, input.lineItems[0].cancelCode) },
		);
		return OK;
	}

	update(input: OrderUpdateInput): Outcome {
		if (input.updateType === 'RETAILER_DATA') {
			return invalid('updateType RETAILER_DATA is for retailers; this account is a supplier');
		}
		const { order, failed } = this.resolveUpdateOrder(input);
		if (!order) return failed;
		const payload = input.payload ?? [];
		if (payload.length === 0)
			return invalid(`updateType ${input.updateType} needs a payload of line updates`);
		return input.updateType === 'EST_SHIP_DATE'
			? this.updateShipDates(order, payload)
			: this.updateStatuses(order, payload);
	}

	private updateShipDates(order: Order, payload: OrderUpdateLineInput[]): Outcome {
		const targets: Array<[OrderLineItem[], number]> = [];
		for (const item of payload) {
			const date =
				item.estimatedShipDate === undefined ? undefined : parseDate(item.estimatedShipDate);
			if (date === undefined)
				return invalid(`${describeLine(item)}: estimatedShipDate is required (ISO 8601)`);
			const lines = hasLineIdentifier(item) ? [findLine(order, item)] : order.lineItems;
			if (lines[0] === undefined) return lineNotFound(order, item);
			targets.push([lines as OrderLineItem[], date]);
		}
		this.change(order, ['update_line_item_estimated_ship_date'], () => {
			for (const [lines, date] of targets)
				for (const line of lines) line.estimatedShipDate = formatDate(date);
		});
		return OK;
	}

	private updateStatuses(order: Order, payload: OrderUpdateLineInput[]): Outcome {
		const plan = new LinePlan();
		const targets: Array<[OrderLineItem, OrderUpdateLineInput, number]> = [];
		for (const item of payload) {
			if (!item.status)
				return invalid(`${describeLine(item)}: status is required for updateType STATUS`);
			const line = findLine(order, item);
			if (!line) return lineNotFound(order, item);
			const given = {
				accepted: item.acceptedQuantity,
				cancelled: item.cancelledQuantity,
				rejected: item.rejectedQuantity,
			}[item.status];
			const quantity =
				given ?? (item.status === 'accepted' ? openQuantity(line) : line.remainingQuantity);
			if (item.status !== 'accepted') {
				const over = plan.take(line, quantity, item, `${item.status} quantity`);
				if (over) return over;
			} else if (quantity > openQuantity(line)) {
				return invalid(
					`${describeLine(item)}: acceptedQuantity ${quantity} exceeds the open quantity ${openQuantity(line)}`,
				);
			}
			targets.push([line, item, quantity]);
		}
		const cancelCode = payload.find((p) => p.status === 'cancelled')?.cancelCode;
		this.change(
			order,
			['update_status_lifecycle'],
			() => {
				for (const [line, item, quantity] of targets) {
					if (item.status === 'accepted') line.acceptedQuantity = quantity;
					if (item.status === 'cancelled') {
						line.cancelledQuantity += quantity;
						if (item.cancelCode) line.cancelCode = item.cancelCode;
						if (item.cancelledReason) line.cancelledReason = item.cancelledReason;
					}
					if (item.status === 'rejected') {
						line.rejectedQuantity += quantity;
						if (item.rejectedReason) line.rejectedReason = item.rejectedReason;
					}
					if (item.statusReason) line.statusReason = item.statusReason;
				}
			},
			{ itemChanges: this.cancelChanges(plan, cancelCode, targets) },
		);
		return OK;
	}

	private resolveShipmentOrder(input: ShipmentsForUpdate): Resolved {
		const keys: OrderKey[] = ['dscoOrderId', 'poNumber', 'supplierOrderNumber'];
		const key = keys.find((k) => hasValue(input[k]));
		if (!key)
			return { failed: invalid('One of dscoOrderId, poNumber or supplierOrderNumber is required') };
		const order = this.lookup(key, String(input[key]))[0];
		return order ? { order } : { failed: notFound(`Order not found: ${key} ${input[key]}`) };
	}

	private resolveUpdateOrder(input: OrderUpdateInput): Resolved {
		return this.resolveShipmentOrder({
			dscoOrderId: input.dscoOrderId === undefined ? undefined : String(input.dscoOrderId),
			poNumber: input.poNumber,
			supplierOrderNumber: input.supplierOrderNumber,
			shipments: [],
		});
	}

	/** orderitemchange payloads for cancelled quantities (rejections are not cancellations). */
	private cancelChanges(
		plan: LinePlan,
		cancelCode: Nullable<string>,
		only?: Array<[OrderLineItem, OrderUpdateLineInput, number]>,
	): Array<Record<string, unknown>> {
		const lines = [...plan.lines].filter(
			([line]) => !only || only.some(([l, item]) => l === line && item.status === 'cancelled'),
		);
		if (lines.length === 0) return [];
		return [
			{
				status: 'cancelled',
				...(cancelCode ? { cancelCode } : {}),
				lineItems: lines.map(([line, quantity]) => itemQuantity(line, quantity)),
			},
		];
	}

	private toPackage(shipment: ShipmentInput, lines: Array<[OrderLineItem, number]>): OrderPackage {
		const fields: Record<string, unknown> = {};
		for (const field of PACKAGE_FIELDS)
			if (shipment[field] !== undefined) fields[field] = shipment[field];
		return {
			...fields,
			trackingNumber: shipment.trackingNumber,
			dscoPackageId: this.factory.packageId(),
			shipDate: formatDate(parseDate(String(shipment.shipDate ?? '')) ?? this.clock.now()),
			untracked: shipment.untracked === true,
			returnedFlag: false,
			...(shipment.shipFrom ? { packageShipFrom: shipment.shipFrom } : {}),
			...(shipment.shipTo ? { packageShipTo: shipment.shipTo } : {}),
			items: lines.map(([line, quantity]) => ({
				quantity,
				lineNumber: line.lineNumber,
				dscoItemId: line.dscoItemId,
				sku: line.sku,
				partnerSku: line.partnerSku,
				upc: line.upc,
				originalOrderQuantity: line.quantity,
			})),
		};
	}

	/** Applies a mutation, derives the order state, stamps dscoLastUpdate and appends the stream events. */
	private change(
		order: Order,
		reasons: string[],
		mutate: () => void,
		opts: ChangeOptions = {},
	): void {
		const lifecycleBefore = order.dscoLifecycle;
		const statusBefore = order.dscoStatus;
		mutate();
		deriveState(order);
		const now = this.clock.nowSeconds();
		this.times.get(order.dscoOrderId)!.updated = now;
		order.dscoLastUpdate = formatDate(now);
		if (this.muted) return;
		const allReasons = [...reasons];
		const lifecycleChanged =
			order.dscoLifecycle !== lifecycleBefore || order.dscoStatus !== statusBefore;
		if (lifecycleChanged && !allReasons.includes('update_status_lifecycle'))
			allReasons.push('update_status_lifecycle');
		if (allReasons.length === 0) allReasons.push('update_order_info');
		this.emitOrder(order, allReasons, opts.cancelRequest);
		for (const change of opts.itemChanges ?? []) {
			this.events.append({
				objectType: 'orderitemchange',
				key: order.dscoOrderId,
				payload: { eventUuid: randomUUID(), ...change, order: structuredClone(order) },
			});
		}
	}

	private emitOrder(order: Order, eventReasons: string[], cancelRequest?: boolean): void {
		this.events.append({
			objectType: 'order',
			key: order.dscoOrderId,
			payload: structuredClone(order),
			eventReasons,
			...(cancelRequest ? { cancelRequest } : {}),
		});
	}
}
