/** Everything the simulator holds: options, clock, credentials, data, streams, change logs, limits and faults. */
import { API_TOKEN, CLIENT_ID, CLIENT_SECRET, TokenStore } from './auth';
import { CatalogBook } from './catalog';
import { AsyncQueue, ChangeLogStore } from './changeLog';
import { SimClock } from './clock';
import {
	CatalogFactory,
	OrderFactory,
	buildCatalog,
	buildTradingPartners,
	buildWarehouses,
	seedOrders,
} from './data';
import { EventLog, StreamStore } from './events';
import { FaultInjector } from './faults';
import { FileStore } from './files';
import { InventoryBook } from './inventory';
import { InvoiceBook } from './invoices';
import { OrderBook } from './orders';
import type { Outcome } from './outcome';
import { Rng } from './random';
import { RateLimiter } from './rateLimit';
import { ReturnBook } from './returns';
import { ScrollStore } from './scroll';
import type {
	AccountWarehouse,
	Faults,
	Message,
	RecordedRequest,
	SimulatorOptions,
	TradingPartner,
} from './types';
import { ShippingDesk } from './shipping';

export interface ResolvedOptions {
	port: number;
	seed: number;
	orders: number;
	skus: number;
	requireCatalog: boolean;
	returns: number;
	returnPageSize: number;
	testOrders: number;
	marketplaceOrders: number;
	cancelRequests: number;
	tokenTtlSeconds: number;
	asyncSettleMs: number;
	rateLimits: boolean;
	revokeOlderTokens: boolean;
	now: () => number;
	faults: Partial<Faults>;
	quiet: boolean;
	changeLogPageSize: number;
	warehouses: number;
	warehousePageSize: number;
	packingSlipReadyMs: number;
	fileUrlTtlSeconds: number;
}

export function resolveOptions(opts: SimulatorOptions = {}): ResolvedOptions {
	return {
		port: opts.port ?? 0,
		seed: opts.seed ?? 1,
		orders: opts.orders ?? 20,
		skus: opts.skus ?? 50,
		requireCatalog: opts.requireCatalog ?? true,
		returns: opts.returns ?? 0,
		returnPageSize: opts.returnPageSize ?? 100,
		testOrders: opts.testOrders ?? 2,
		marketplaceOrders: opts.marketplaceOrders ?? 2,
		cancelRequests: opts.cancelRequests ?? 2,
		tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
		asyncSettleMs: opts.asyncSettleMs ?? 50,
		rateLimits: opts.rateLimits ?? true,
		revokeOlderTokens: opts.revokeOlderTokens ?? false,
		now: opts.now ?? Date.now,
		faults: opts.faults ?? {},
		quiet: opts.quiet ?? true,
		changeLogPageSize: opts.changeLogPageSize ?? 100,
		warehouses: opts.warehouses ?? 3,
		warehousePageSize: opts.warehousePageSize ?? 100,
		packingSlipReadyMs: opts.packingSlipReadyMs ?? 1500,
		fileUrlTtlSeconds: opts.fileUrlTtlSeconds ?? 900,
	};
}

export interface RequestWaiter {
	match: (request: RecordedRequest) => boolean;
	resolve: (request: RecordedRequest) => void;
	reject: (error: Error) => void;
}

export interface PendingUpload {
	requestId: string;
	used: boolean;
	/** Schema messages of one line of the file. */
	check: (payload: unknown) => Message[];
	/** Applies one valid line. */
	apply: (payload: unknown) => Outcome;
}

export class SimState {
	readonly clock: SimClock;
	readonly credentials = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiToken: API_TOKEN };
	readonly tokens: TokenStore;
	readonly events: EventLog;
	readonly streams: StreamStore;
	readonly orders: OrderBook;
	readonly catalog: CatalogBook;
	readonly catalogFactory: CatalogFactory;
	readonly inventory: InventoryBook;
	readonly invoices: InvoiceBook;
	readonly returns: ReturnBook;
	readonly files: FileStore;
	readonly shipping: ShippingDesk;
	readonly changeLogs: ChangeLogStore;
	readonly queue: AsyncQueue;
	readonly orderScrolls: ScrollStore;
	readonly returnScrolls: ScrollStore;
	readonly logScrolls: ScrollStore;
	readonly warehouseScrolls: ScrollStore;
	readonly warehouses: AccountWarehouse[];
	readonly tradingPartners: TradingPartner[];
	readonly faults: FaultInjector;
	readonly rateLimiter: RateLimiter;
	readonly uploads = new Map<string, PendingUpload>();
	readonly requests: RecordedRequest[] = [];
	/** Tests waiting for a request to be answered (nextRequest). */
	readonly requestWaiters = new Set<RequestWaiter>();
	/** Set once the server listens, e.g. http://127.0.0.1:5555 */
	origin = '';

	constructor(readonly options: ResolvedOptions) {
		this.clock = new SimClock(options.now);
		this.tokens = new TokenStore(
			this.clock,
			options.tokenTtlSeconds,
			API_TOKEN,
			options.revokeOlderTokens,
		);
		this.events = new EventLog(this.clock);
		this.streams = new StreamStore(this.clock, this.events);
		this.changeLogs = new ChangeLogStore(this.clock, this.events);
		this.queue = new AsyncQueue(options.asyncSettleMs);
		this.orderScrolls = new ScrollStore(this.clock);
		this.returnScrolls = new ScrollStore(this.clock);
		this.logScrolls = new ScrollStore(this.clock);
		this.warehouseScrolls = new ScrollStore(this.clock);
		this.faults = new FaultInjector(new Rng(options.seed ^ 0x5f3759df), options.faults);
		this.rateLimiter = new RateLimiter(this.clock, options.rateLimits);

		const rng = new Rng(options.seed);
		const now = this.clock.now();
		this.catalog = new CatalogBook(this.clock, this.events, options.seed);
		this.catalogFactory = new CatalogFactory(new Rng(options.seed ^ 0xca7a106));
		this.inventory = new InventoryBook(
			this.clock,
			this.events,
			this.catalog,
			options.requireCatalog,
		);
		// Every seeded SKU is in the catalog and has inventory.
		const seeded = buildCatalog(rng, options.skus, now);
		for (const item of seeded) this.inventory.add(item);
		this.catalog.seed(seeded);
		const factory = new OrderFactory(rng, () => this.inventory.list(), options.seed);
		this.orders = new OrderBook(this.clock, this.events, factory);
		if (options.orders > 0) {
			for (const order of seedOrders(rng, factory, options, now)) this.orders.insert(order, false);
		}
		this.invoices = new InvoiceBook(this.clock, this.events, this.orders, options.seed);
		this.returns = new ReturnBook(this.clock, this.events, this.orders, this.catalog, options.seed);
		if (options.returns > 0) this.returns.seed(options.returns);
		// After the orders, so that adding these left every seeded order and SKU as it was.
		this.warehouses = buildWarehouses(options.warehouses, now);
		this.tradingPartners = buildTradingPartners(now);
		this.files = new FileStore(this.clock, options.fileUrlTtlSeconds);
		this.shipping = new ShippingDesk(
			this.clock,
			this.orders,
			this.files,
			options.seed,
			options.packingSlipReadyMs,
		);
	}

	/** A recorded request has been answered (or dropped): resolves every waiter it matches. */
	answered(request: RecordedRequest): void {
		for (const waiter of this.requestWaiters) {
			if (!waiter.match(request)) continue;
			this.requestWaiters.delete(waiter);
			waiter.resolve(request);
		}
	}

	get baseUrl(): string {
		return `${this.origin}/api/v3`;
	}
}
