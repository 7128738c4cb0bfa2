/**
 * Returns, as the supplier sees them, and what the return APIs do to them (createReturn, updateReturn,
 * completeReturn and the small batch of each). The retailer creates returns (seeding, control API); the supplier
 * adds the packages it receives (update) and accepts or rejects each line (complete). Every change stamps
 * lastUpdate and appends a `returns` stream event with the whole Return.
 *
 * Where the document is silent the simulator chooses (README §Returns): a completed return refuses updates and
 * completions; a line keeps its first response; returned quantities never exceed what was shipped; a package
 * re-sent with the same tracking number replaces the earlier one (so re-sending an update is harmless).
 */
import type { CatalogBook } from './catalog';
import { HOUR, MINUTE, SimClock, formatDate, parseDate } from './clock';
import { RETAILER_ID, RETAILER_TRADING_PARTNER_ID, SUPPLIER_ID } from './data';
import { EventLog } from './events';
import type { OrderBook } from './orders';
import { type Outcome, invalid, notFound } from './outcome';
import { Rng } from './random';
import type {
	CreateReturnsOptions,
	Order,
	OrderLineItem,
	Return,
	ReturnLineItem,
	ReturnPackage,
	ReturnResponse,
	ReturnStatus,
} from './types';

type Nullable<T> = T | null | undefined;

/** The identifiers a return line (or a package line) may name its item by (ReturnLineItem's description). */
const ITEM_IDENTIFIERS = ['itemId', 'sku', 'partnerSku', 'upc', 'ean', 'mpn'] as const;
type ItemIdentifier = (typeof ITEM_IDENTIFIERS)[number];

export interface LineReference {
	itemId?: Nullable<string>;
	sku?: Nullable<string>;
	partnerSku?: Nullable<string>;
	upc?: Nullable<string>;
	ean?: Nullable<string>;
	mpn?: Nullable<string>;
	lineNumber?: Nullable<number>;
}

/** How an update or a completion names its return: dscoReturnId, or the creator's number (+ the retailer's account). */
export interface ReturnReference {
	dscoReturnId?: string;
	partnerReturnNumber?: string;
	dscoAccountId?: string;
	dscoTradingPartnerId?: string;
}

export interface ReturnCreateInput {
	returnNumber: string;
	dscoOrderId?: string;
	poNumber?: string;
	dscoAccountId?: string;
	dscoTradingPartnerId?: string;
	reason?: string;
	returnDate?: string;
	requestedAction?: Nullable<string>;
	restockingCharge?: Nullable<number>;
	returnTrackingNumber?: Nullable<string>;
	returnTrackingNumbers?: Nullable<Record<string, string>>;
	transactionId?: Nullable<string>;
	transactionDate?: Nullable<string>;
	lineItems: Array<
		LineReference & { quantity: number; reasonCode: string; [field: string]: unknown }
	>;
	[field: string]: unknown;
}

export interface ReturnUpdateInput extends ReturnReference {
	returnNumber?: string;
	transactionId?: Nullable<string>;
	transactionDate?: Nullable<string>;
	packages?: Nullable<
		Array<{
			trackingNumber: string;
			lineItems: Array<LineReference & { quantity: number }>;
			receiptDate?: Nullable<string>;
			carrier?: Nullable<string>;
			method?: Nullable<string>;
		}>
	>;
	[field: string]: unknown;
}

export interface ReturnCompleteInput extends ReturnReference {
	returnNumber?: string;
	responseReason?: Nullable<string>;
	restockingCharge?: Nullable<number>;
	transactionId?: Nullable<string>;
	transactionDate?: Nullable<string>;
	lineItems: Array<
		LineReference & {
			response: ReturnResponse;
			quantity?: Nullable<number>;
			reasonCode?: Nullable<string>;
		}
	>;
	[field: string]: unknown;
}

export interface ReturnSearch {
	dscoReturnId?: string;
	returnNumber?: string;
	partnerReturnNumber?: string;
	dscoOrderId?: string;
	poNumber?: string;
	createdSince?: number;
	updatedSince?: number;
	until?: number;
	statuses?: ReturnStatus[];
}

/** Reason codes of simulated retailer returns (the document lists none). */
const REASON_CODES = ['DAMAGED', 'DEFECTIVE', 'WRONG_ITEM', 'NO_LONGER_NEEDED', 'NOT_AS_DESCRIBED'];

function hasValue(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

function describe(ref: LineReference): string {
	if (hasValue(ref.lineNumber)) return `line ${ref.lineNumber}`;
	const key = ITEM_IDENTIFIERS.find((k) => hasValue(ref[k]));
	return key ? `${key} ${ref[key]}` : 'a line without item identifier';
}

/** The one account this supplier trades with, named by DSCO account id or by the supplier's trading-partner id. */
function isRetailer(ref: {
	dscoAccountId?: Nullable<string>;
	dscoTradingPartnerId?: Nullable<string>;
}): boolean {
	return (
		ref.dscoAccountId === RETAILER_ID || ref.dscoTradingPartnerId === RETAILER_TRADING_PARTNER_ID
	);
}

function namesAccount(ref: {
	dscoAccountId?: Nullable<string>;
	dscoTradingPartnerId?: Nullable<string>;
}): boolean {
	return hasValue(ref.dscoAccountId) || hasValue(ref.dscoTradingPartnerId);
}

/** The return line a reference names: by lineNumber, else by its first identifier (lines without a response first). */
function findLine(ret: Return, ref: LineReference): ReturnLineItem | undefined {
	if (hasValue(ref.lineNumber))
		return ret.lineItems.find((l) => l.lineNumber === Number(ref.lineNumber));
	const key = ITEM_IDENTIFIERS.find((k) => hasValue(ref[k]));
	if (!key) return undefined;
	const matches = ret.lineItems.filter(
		(l) => l[key] !== undefined && String(l[key]) === String(ref[key]),
	);
	return matches.find((l) => l.response === undefined) ?? matches[0];
}

function statusTags(ret: Return): ReturnResponse[] {
	return (['accepted', 'rejected'] as const).filter((tag) =>
		ret.lineItems.some((l) => l.response === tag),
	);
}

/** A copy without undefined fields (as the return goes out in JSON). */
export function clean<T extends object>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** What a write did: the outcome, and the return it created or changed (for the sync answers' ReturnResponse). */
export type ReturnOutcome = Outcome & { ret?: Return };

/** Success; the change log shows the Return as it stands after the change, as the document types its payload. */
function done(ret: Return): ReturnOutcome {
	return { status: 'success', ret, logPayload: clean(ret) };
}

/** What a new return is made of; DSCO sets the rest. */
type StoredFields = Pick<
	Return,
	'dscoOrderId' | 'poNumber' | 'initiatedBy' | 'returnDate' | 'trackingNumbers' | 'lineItems'
> &
	Partial<Return>;

export class ReturnBook {
	private readonly returns = new Map<string, Return>();
	private readonly times = new Map<string, { created: number; updated: number }>();
	private nextId: number;
	private nextNumber = 1;
	private readonly rng: Rng;

	constructor(
		private readonly clock: SimClock,
		private readonly events: EventLog,
		private readonly orders: OrderBook,
		private readonly catalog: CatalogBook,
		seed: number,
	) {
		this.nextId = 300000000 + (seed % 1000) * 10000;
		// Its own generator: returns never change the seeded catalog or orders.
		this.rng = new Rng(seed ^ 0x2e7a2b5);
	}

	list(): Return[] {
		return [...this.returns.values()];
	}

	get(dscoReturnId: string): Return | undefined {
		return this.returns.get(dscoReturnId);
	}

	/**
	 * Seeded returns: the oldest eligible seeded orders are shipped an hour after they arrived and returned an hour
	 * later (capped at two minutes ago), as history without stream events.
	 */
	seed(count: number): void {
		const now = this.clock.nowSeconds();
		const candidates = this.orders
			.list()
			.filter(
				(o) =>
					o.orderType === 'dropship' &&
					!o.testFlag &&
					!o.cancelRequested &&
					o.dscoLifecycle === 'created',
			)
			.sort(
				(a, b) =>
					(this.orders.createdAt(a.dscoOrderId) ?? 0) - (this.orders.createdAt(b.dscoOrderId) ?? 0),
			);
		if (candidates.length < count) {
			throw new Error(
				`returns: ${count} seeded returns need as many seeded dropship orders without test flag or cancel request; there are ${candidates.length}`,
			);
		}
		for (const order of candidates.slice(0, count)) {
			const arrived = this.orders.createdAt(order.dscoOrderId) ?? now;
			const shippedAt = Math.min(arrived + HOUR, now - 3 * MINUTE);
			const returnedAt = Math.min(shippedAt + HOUR, now - 2 * MINUTE);
			this.orders.seedShipment(order, this.trackingNumber(), shippedAt);
			this.createForRetailer(order, {}, returnedAt, false);
		}
	}

	/** The retailer creates returns (control API, createReturns): each of a shipped order. */
	createForRetailers(count: number, opts: CreateReturnsOptions = {}): Return[] {
		const created: Return[] = [];
		for (let i = 0; i < count; i++) {
			const order =
				opts.dscoOrderId !== undefined ? this.orders.get(opts.dscoOrderId) : this.orderToReturn();
			if (!order) throw new Error(`Order ${opts.dscoOrderId} not found`);
			if (this.returnable(order).length === 0)
				throw new Error(`Order ${order.dscoOrderId} has nothing shipped left to return`);
			created.push(this.createForRetailer(order, opts, this.clock.nowSeconds(), true));
		}
		return created;
	}

	/** createReturn by the supplier. */
	create(input: ReturnCreateInput): ReturnOutcome {
		const order = this.resolveOrder(input);
		if ('failed' in order) return order.failed;
		if (
			this.list().some(
				(r) => r.initiatedBy === SUPPLIER_ID && r.returnNumber === input.returnNumber,
			)
		) {
			return invalid(`A return with returnNumber ${input.returnNumber} already exists`);
		}
		if (input.lineItems.length === 0) return invalid('At least one line item is required');
		if (hasValue(input.restockingCharge) && (input.restockingCharge as number) < 0)
			return invalid('restockingCharge must not be negative');
		const taken = new Map<OrderLineItem, number>();
		const lines: ReturnLineItem[] = [];
		for (const item of input.lineItems) {
			const line = this.orderLine(order.order, item);
			if (!line)
				return notFound(
					`Line item not found on order ${order.order.dscoOrderId}: ${describe(item)}`,
				);
			if (item.quantity <= 0) return invalid(`${describe(item)}: quantity must be positive`);
			const total = (taken.get(line) ?? 0) + item.quantity;
			const left = line.shippedQuantity - this.returnedQuantity(order.order, line);
			if (total > left)
				return invalid(
					`${describe(item)}: quantity ${total} exceeds the shipped quantity not yet returned (${left})`,
				);
			taken.set(line, total);
			lines.push({
				...(clean(item) as ReturnLineItem),
				itemId: line.dscoItemId,
				sku: line.sku,
				lineNumber: line.lineNumber,
				quantity: item.quantity,
				reasonCode: item.reasonCode,
			});
		}
		const now = this.clock.nowSeconds();
		const trackingNumbers = { ...(input.returnTrackingNumbers ?? {}) };
		if (hasValue(input.returnTrackingNumber))
			trackingNumbers[input.returnTrackingNumber as string] ??= '';
		const ret = this.store(
			{
				dscoOrderId: order.order.dscoOrderId,
				poNumber: order.order.poNumber,
				returnNumber: input.returnNumber,
				initiatedBy: SUPPLIER_ID,
				returnDate: formatDate(parseDate(input.returnDate ?? '') ?? now),
				...(input.reason !== undefined ? { reason: input.reason } : {}),
				...(hasValue(input.requestedAction) ? { requestedAction: input.requestedAction } : {}),
				...(hasValue(input.restockingCharge) ? { restockingCharge: input.restockingCharge } : {}),
				...(hasValue(input.transactionId) ? { transactionId: input.transactionId } : {}),
				...(hasValue(input.transactionDate) ? { transactionDate: input.transactionDate } : {}),
				trackingNumbers: Object.keys(trackingNumbers),
				returnTrackingNumbers: Object.keys(trackingNumbers).length > 0 ? trackingNumbers : null,
				lineItems: lines,
			},
			now,
		);
		this.orders.markReturned(
			order.order,
			lines.map((l) => l.lineNumber as number),
			ret,
		);
		this.emit(ret);
		return done(ret);
	}

	/** updateReturn: the packages the supplier received (tracking, receipt date), upserted by tracking number. */
	update(input: ReturnUpdateInput): ReturnOutcome {
		const found = this.resolve(input);
		if ('failed' in found) return found.failed;
		const ret = found.ret;
		if (ret.status === 'completed')
			return invalid(
				`Return ${ret.dscoReturnId} is completed: its packages can no longer be updated`,
			);
		if (!input.packages || input.packages.length === 0)
			return invalid('packages is required: at least one package to update');
		const packages = new Map(ret.packages.map((p) => [p.trackingNumber, p]));
		for (const pkg of input.packages) {
			if (!hasValue(pkg.trackingNumber)) return invalid('Each package needs a trackingNumber');
			if (pkg.lineItems.length === 0)
				return invalid(`Package ${pkg.trackingNumber} has no line items`);
			const lineItems: ReturnPackage['lineItems'] = [];
			for (const item of pkg.lineItems) {
				const line = findLine(ret, item);
				if (!line)
					return notFound(`Line item not found on return ${ret.dscoReturnId}: ${describe(item)}`);
				if (item.quantity <= 0) return invalid(`${describe(item)}: quantity must be positive`);
				lineItems.push({
					...(clean(item) as ReturnPackage['lineItems'][number]),
					itemId: line.itemId,
					sku: line.sku,
					lineNumber: line.lineNumber,
					quantity: item.quantity,
				});
			}
			packages.set(pkg.trackingNumber, clean({ ...pkg, lineItems }) as ReturnPackage);
		}
		for (const line of ret.lineItems) {
			const inPackages = [...packages.values()]
				.flatMap((p) => p.lineItems)
				.filter((item) => item.lineNumber === line.lineNumber && item.sku === line.sku)
				.reduce((n, item) => n + item.quantity, 0);
			if (inPackages > line.quantity) {
				return invalid(
					`${describe(line)}: ${inPackages} in packages exceeds the returned quantity ${line.quantity}`,
				);
			}
		}
		this.change(ret, () => {
			ret.packages = [...packages.values()];
			const tracking = { ...(ret.returnTrackingNumbers ?? {}) };
			for (const pkg of input.packages ?? [])
				tracking[pkg.trackingNumber] = pkg.carrier ?? tracking[pkg.trackingNumber] ?? '';
			ret.returnTrackingNumbers = tracking;
			ret.trackingNumbers = [...new Set([...ret.trackingNumbers, ...Object.keys(tracking)])];
			this.saveOwnNumber(ret, input.returnNumber);
			if (hasValue(input.transactionId)) ret.transactionId = input.transactionId;
			if (hasValue(input.transactionDate)) ret.transactionDate = input.transactionDate;
		});
		return done(ret);
	}

	/** completeReturn: each named line accepted or rejected; the return completes once every line has a response. */
	complete(input: ReturnCompleteInput): ReturnOutcome {
		const found = this.resolve(input);
		if ('failed' in found) return found.failed;
		const ret = found.ret;
		if (ret.status === 'completed')
			return invalid(`Return ${ret.dscoReturnId} is already completed`);
		if (input.lineItems.length === 0) return invalid('At least one line item is required');
		if (hasValue(input.restockingCharge) && (input.restockingCharge as number) < 0)
			return invalid('restockingCharge must not be negative');
		const answers = new Map<ReturnLineItem, ReturnResponse>();
		for (const item of input.lineItems) {
			const line = findLine(ret, item);
			if (!line)
				return notFound(`Line item not found on return ${ret.dscoReturnId}: ${describe(item)}`);
			if (line.response !== undefined)
				return invalid(`${describe(item)}: the line was already ${line.response}`);
			if (answers.has(line)) return invalid(`${describe(item)}: the line is named twice`);
			if (hasValue(item.quantity) && (item.quantity as number) > line.quantity) {
				return invalid(
					`${describe(item)}: quantity ${item.quantity} exceeds the returned quantity ${line.quantity}`,
				);
			}
			answers.set(line, item.response);
		}
		this.change(ret, () => {
			for (const [line, response] of answers) {
				line.response = response;
				line.completedBy = SUPPLIER_ID;
			}
			ret.statusTags = statusTags(ret);
			if (ret.lineItems.every((l) => l.response !== undefined)) ret.status = 'completed';
			this.saveOwnNumber(ret, input.returnNumber);
			if (hasValue(input.responseReason)) ret.responseReason = input.responseReason;
			if (hasValue(input.restockingCharge)) ret.restockingCharge = input.restockingCharge;
			if (hasValue(input.transactionId)) ret.transactionId = input.transactionId;
			if (hasValue(input.transactionDate)) ret.transactionDate = input.transactionDate;
		});
		return done(ret);
	}

	/** Returns of a GET /return/page search, oldest first (by creation, or by last update for returnsUpdatedSince). */
	search(q: ReturnSearch): Return[] {
		const byUpdate = q.updatedSince !== undefined;
		const rows = this.list()
			.map((ret) => ({ ret, t: this.times.get(ret.dscoReturnId)! }))
			.filter(({ ret, t }) => {
				if (q.statuses && !q.statuses.includes(ret.status)) return false;
				if (q.dscoReturnId !== undefined && ret.dscoReturnId !== q.dscoReturnId) return false;
				if (q.returnNumber !== undefined && ret.returnNumber !== q.returnNumber) return false;
				if (
					q.partnerReturnNumber !== undefined &&
					ret.partnerReturnNumber !== q.partnerReturnNumber
				)
					return false;
				if (q.dscoOrderId !== undefined && ret.dscoOrderId !== q.dscoOrderId) return false;
				if (q.poNumber !== undefined && ret.poNumber !== q.poNumber) return false;
				if (q.createdSince !== undefined && t.created < q.createdSince) return false;
				if (q.updatedSince !== undefined && t.updated <= q.updatedSince) return false;
				return q.until === undefined || (byUpdate ? t.updated : t.created) < q.until;
			});
		rows.sort((a, b) => (byUpdate ? a.t.updated - b.t.updated : a.t.created - b.t.created));
		return rows.map((r) => r.ret);
	}

	private createForRetailer(
		order: Order,
		opts: CreateReturnsOptions,
		atMs: number,
		emit: boolean,
	): Return {
		const rng = this.rng;
		const returnable = this.returnable(order);
		const chosen = rng.shuffle(returnable).slice(0, rng.int(1, Math.min(2, returnable.length)));
		const lines: ReturnLineItem[] = chosen
			.sort((a, b) => a.line.lineNumber - b.line.lineNumber)
			.map(({ line, left }) => ({
				itemId: line.dscoItemId,
				sku: line.sku,
				...(line.partnerSku ? { partnerSku: line.partnerSku } : {}),
				...(line.upc ? { upc: line.upc } : {}),
				lineNumber: line.lineNumber,
				quantity: rng.int(1, left),
				reasonCode: rng.pick(REASON_CODES),
				...(line.title ? { title: line.title } : {}),
			}));
		const trackingNumber = opts.trackingNumber ?? this.trackingNumber();
		const number = String(this.nextNumber++).padStart(6, '0');
		const ret = this.store(
			{
				dscoOrderId: order.dscoOrderId,
				poNumber: order.poNumber,
				partnerReturnNumber: `RMA-${number}`,
				initiatedBy: RETAILER_ID,
				returnDate: formatDate(atMs),
				reason: opts.reason ?? 'Customer return',
				trackingNumbers: [trackingNumber],
				returnTrackingNumbers: { [trackingNumber]: 'UPS' },
				lineItems: lines,
			},
			atMs,
		);
		this.orders.markReturned(
			order,
			lines.map((l) => l.lineNumber as number),
			{ returnNumber: ret.partnerReturnNumber, returnDate: ret.returnDate, reason: ret.reason },
			emit ? undefined : atMs,
		);
		if (emit) this.emit(ret);
		return ret;
	}

	/** The oldest shipped dropship order without a return; else a new order, shipped in full now. */
	private orderToReturn(): Order {
		const returned = new Set(this.list().map((r) => r.dscoOrderId));
		const shipped = this.orders
			.list()
			.filter(
				(o) =>
					o.orderType === 'dropship' &&
					!returned.has(o.dscoOrderId) &&
					this.returnable(o).length > 0,
			)
			.sort(
				(a, b) =>
					(this.orders.createdAt(a.dscoOrderId) ?? 0) - (this.orders.createdAt(b.dscoOrderId) ?? 0),
			);
		if (shipped[0]) return shipped[0];
		const [order] = this.orders.create(1);
		const lineItems = order.lineItems.map((line) => ({
			lineNumber: line.lineNumber,
			sku: line.sku,
			quantity: line.quantity,
		}));
		const outcome = this.orders.ship({
			dscoOrderId: order.dscoOrderId,
			shipments: [
				{
					trackingNumber: this.trackingNumber(),
					shipCarrier: order.shipCarrier,
					shippingServiceLevelCode: order.shippingServiceLevelCode,
					lineItems,
				},
			],
		});
		if (outcome.status !== 'success')
			throw new Error(`Could not ship order ${order.dscoOrderId} to return it`);
		return order;
	}

	/** Lines with shipped quantity not yet returned. */
	private returnable(order: Order): Array<{ line: OrderLineItem; left: number }> {
		return order.lineItems
			.map((line) => ({ line, left: line.shippedQuantity - this.returnedQuantity(order, line) }))
			.filter(({ left }) => left > 0);
	}

	private returnedQuantity(order: Order, line: OrderLineItem): number {
		let total = 0;
		for (const ret of this.returns.values()) {
			if (ret.dscoOrderId !== order.dscoOrderId) continue;
			for (const item of ret.lineItems)
				if (item.lineNumber === line.lineNumber) total += item.quantity;
		}
		return total;
	}

	/** The order line a create line names (itemId is DSCO's item id; mpn is looked up in the catalog). */
	private orderLine(order: Order, ref: LineReference): OrderLineItem | undefined {
		if (hasValue(ref.lineNumber))
			return order.lineItems.find((l) => l.lineNumber === Number(ref.lineNumber));
		const key = ITEM_IDENTIFIERS.find((k) => hasValue(ref[k]));
		if (!key) return undefined;
		const value = String(ref[key]);
		const field = (line: OrderLineItem, k: ItemIdentifier): unknown =>
			k === 'itemId' ? line.dscoItemId : k === 'mpn' ? this.catalog.get(line.sku)?.mpn : line[k];
		return order.lineItems.find(
			(l) =>
				field(l, key) !== undefined && field(l, key) !== null && String(field(l, key)) === value,
		);
	}

	private resolveOrder(input: ReturnCreateInput): { order: Order } | { failed: Outcome } {
		if (hasValue(input.dscoOrderId)) {
			const order = this.orders.get(String(input.dscoOrderId));
			return order
				? { order }
				: { failed: notFound(`Order not found: dscoOrderId ${input.dscoOrderId}`) };
		}
		if (!hasValue(input.poNumber))
			return { failed: invalid('dscoOrderId or poNumber is required') };
		if (!namesAccount(input))
			return { failed: invalid('dscoAccountId or dscoTradingPartnerId is required with poNumber') };
		const order = isRetailer(input)
			? this.orders.lookup('poNumber', String(input.poNumber))[0]
			: undefined;
		return order ? { order } : { failed: notFound(`Order not found: poNumber ${input.poNumber}`) };
	}

	private resolve(ref: ReturnReference): { ret: Return } | { failed: Outcome } {
		if (hasValue(ref.dscoReturnId)) {
			const ret = this.returns.get(String(ref.dscoReturnId));
			return ret
				? { ret }
				: { failed: notFound(`Return not found: dscoReturnId ${ref.dscoReturnId}`) };
		}
		if (!hasValue(ref.partnerReturnNumber))
			return { failed: invalid('dscoReturnId or partnerReturnNumber is required') };
		const number = String(ref.partnerReturnNumber);
		// The supplier created its own returns: their number needs no account; the retailer's do.
		const own = this.list().find((r) => r.initiatedBy === SUPPLIER_ID && r.returnNumber === number);
		if (own) return { ret: own };
		if (!namesAccount(ref))
			return {
				failed: invalid(
					'dscoAccountId or dscoTradingPartnerId is required with partnerReturnNumber',
				),
			};
		const theirs = isRetailer(ref)
			? this.list().find((r) => r.partnerReturnNumber === number)
			: undefined;
		return theirs
			? { ret: theirs }
			: { failed: notFound(`Return not found: partnerReturnNumber ${number}`) };
	}

	/** The supplier's own number for a return is kept from the first time it gives one. */
	private saveOwnNumber(ret: Return, returnNumber: string | undefined): void {
		if (hasValue(returnNumber) && ret.returnNumber === undefined) ret.returnNumber = returnNumber;
	}

	private store(fields: StoredFields, atMs: number): Return {
		const date = formatDate(atMs);
		const ret: Return = {
			dscoReturnId: String(this.nextId++),
			dscoRetailerId: RETAILER_ID,
			dscoSupplierId: SUPPLIER_ID,
			...fields,
			initiatorCreateDate: date,
			status: 'created',
			statusTags: [],
			packages: [],
			createDate: date,
			lastUpdate: date,
		};
		this.returns.set(ret.dscoReturnId, ret);
		this.times.set(ret.dscoReturnId, { created: atMs, updated: atMs });
		return ret;
	}

	private change(ret: Return, mutate: () => void): void {
		mutate();
		const now = this.clock.nowSeconds();
		this.times.get(ret.dscoReturnId)!.updated = now;
		ret.lastUpdate = formatDate(now);
		this.emit(ret);
	}

	private emit(ret: Return): void {
		this.events.append({
			objectType: 'returns',
			key: ret.dscoReturnId,
			payload: clean(ret) as unknown as Record<string, unknown>,
		});
	}

	private trackingNumber(): string {
		return `1ZRET${this.rng.digits(13)}`;
	}
}
