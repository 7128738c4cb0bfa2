/** Public and shared types of the DSCO simulator. Object shapes follow the vendor document and api-notes.md. */
import type { SimLabel, SimPackingSlip } from './shipping';

export interface SimulatorOptions {
	/** 0 = random free port (default 0). */
	port?: number;
	/** Deterministic data (default 1). */
	seed?: number;
	/** Seeded orders (default 20). The three subsets below are taken out of this number. */
	orders?: number;
	/** Seeded SKUs, each in the catalog and with inventory (default 50). */
	skus?: number;
	/**
	 * Inventory updates for a SKU that is not in the catalog fail (NOT_FOUND), or are skipped with
	 * skipItemsThatDontExist, as DSCO expects the catalog item first (default true). False: such an update creates the
	 * inventory record.
	 */
	requireCatalog?: boolean;
	/**
	 * Seeded returns (default 0): each takes one of the oldest seeded dropship orders (not a test order, no cancel
	 * request), ships it in full and has the retailer return part of it. Those orders are then shipped, not created.
	 */
	returns?: number;
	/** Returns per page of GET /return/page before a scrollId is used (default 100; the document sets no page size). */
	returnPageSize?: number;
	/** Seeded orders with testFlag=true (default 2). */
	testOrders?: number;
	/** Seeded orders with orderType=marketplace (default 2). */
	marketplaceOrders?: number;
	/** Seeded orders with a retailer cancel request (default 2). */
	cancelRequests?: number;
	/** Lifetime of OAuth2 access tokens (default 3600). */
	tokenTtlSeconds?: number;
	/** Delay before async requests appear in the change logs (default 50). */
	asyncSettleMs?: number;
	/** Enforce the vendor's per-endpoint limits with 429 (default true). */
	rateLimits?: boolean;
	/** Issuing a token revokes the client's older ones (default false: several stay valid, as DSCO documents). */
	revokeOlderTokens?: boolean;
	/** Injectable clock in ms (default Date.now). advanceClock() adds to it. */
	now?: () => number;
	faults?: Partial<Faults>;
	/** No request log lines on stdout (default true; the CLI turns it off). */
	quiet?: boolean;
	/** Change-log entries per page before a scrollId is used (default 100). */
	changeLogPageSize?: number;
	/** Seeded warehouses of the account for GET /warehouse/page (default 3: WH01, WH02 active, WH03 inactive). */
	warehouses?: number;
	/** Warehouses per page of GET /warehouse/page before a scrollId is used (default 100). */
	warehousePageSize?: number;
	/** How long a packing slip stays pending after it was requested (simulator clock); 0 = ready at once (200). Default 1500. */
	packingSlipReadyMs?: number;
	/** Lifetime of the temporary file URLs of labels and packing slips (X-Amz-Expires). Default 900. */
	fileUrlTtlSeconds?: number;
}

export interface FailRule {
	/** HTTP status to answer, or 0 to destroy the socket without an answer. */
	status: number;
	/** How many matching requests fail. */
	count: number;
	/** Seconds, sent as a Retry-After header. */
	retryAfter?: number;
	/** Only requests to this path (without /api/v3, e.g. "/order/page"). */
	path?: string;
	/** Let this many matching requests through first (e.g. 1: the second order page fails, not the search). */
	skip?: number;
	/** Process the request normally (state changes happen), then answer with the fault instead. */
	afterProcessing?: boolean;
	/**
	 * Hold the request this long before answering with the fault (after processing it, with afterProcessing): past the
	 * client's timeout, the client sees a timeout instead of the fault.
	 */
	holdMs?: number;
}

export interface Faults {
	/** Probability 0..1 of a random 429 (half of them carry Retry-After). */
	rate429: number;
	/** Probability 0..1 of a random 500/502/503/504. */
	rate5xx: number;
	/** Added to every /api/v3 request. */
	latencyMs: number;
	/** Probability 0..1 of destroying the socket without an answer. */
	dropRate: number;
	/** Deterministic failures, consumed in order. */
	failNextRequests?: FailRule[];
}

export interface RecordedRequest {
	method: string;
	/** Without the /api/v3 prefix, as sent (percent-encoding kept), e.g. "/order/page". */
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | undefined>;
	body: unknown;
	/** Answered status; 0 = connection dropped (or not answered yet). */
	status: number;
	/** Simulator clock (ms) when the request arrived. */
	at: number;
	/** Simulator clock (ms) when the answer was written (or the connection dropped); absent until then. */
	answeredAt?: number;
}

export type Severity = 'info' | 'warn' | 'error';

export interface Message {
	code: string;
	severity: Severity;
	description: string;
}

export type OrderLifecycle = 'received' | 'created' | 'acknowledged' | 'completed';
export type OrderStatus = 'created' | 'shipment_pending' | 'shipped' | 'cancelled';
export type OrderType = 'dropship' | 'marketplace';

export interface Address {
	name?: string;
	firstName?: string;
	lastName?: string;
	address?: string[];
	address1?: string;
	city: string;
	region: string;
	state?: string;
	postal: string;
	country?: string;
	phone?: string;
}

export interface OrderLineItem {
	lineNumber: number;
	quantity: number;
	dscoItemId: string;
	sku: string;
	partnerSku?: string;
	upc?: string;
	ean?: string;
	title?: string;
	expectedCost?: number;
	consumerPrice?: number;
	acceptedQuantity: number;
	cancelledQuantity: number;
	rejectedQuantity: number;
	remainingQuantity: number;
	shippedQuantity: number;
	status?: 'accepted' | 'rejected' | 'cancelled';
	acceptedReason?: string;
	cancelCode?: string;
	cancelledReason?: string;
	rejectedReason?: string;
	statusReason?: string;
	estimatedShipDate?: string;
	cancelRequested: boolean;
	cancelRequestedCode?: string | null;
	[field: string]: unknown;
}

export interface PackageLineItem {
	quantity: number;
	lineNumber?: number;
	dscoItemId?: string;
	sku?: string;
	partnerSku?: string;
	upc?: string;
	originalOrderQuantity?: number;
}

export interface OrderPackage {
	trackingNumber: string;
	items: PackageLineItem[];
	dscoPackageId: number;
	shipDate?: string;
	shipCarrier?: string | null;
	shipMethod?: string | null;
	shippingServiceLevelCode?: string | null;
	[field: string]: unknown;
}

export interface Order {
	dscoOrderId: string;
	poNumber: string;
	supplierOrderNumber?: string;
	consumerOrderNumber: string;
	orderType: OrderType;
	dscoLifecycle: OrderLifecycle;
	dscoStatus: OrderStatus;
	testFlag: boolean;
	cancelRequested: boolean;
	cancelRequestedCode: string | null;
	dscoCreateDate: string;
	dscoLastUpdate: string;
	retailerCreateDate: string;
	consumerOrderDate: string;
	acknowledgeByDate: string;
	shipByDate: string;
	invoiceByDate: string;
	cancelAfterDate: string;
	dscoAcknowledgeLateDate: string;
	dscoShipLateDate: string;
	requestedShipCarrier: string;
	requestedShipMethod: string;
	requestedShippingServiceLevelCode: string;
	shipCarrier: string;
	shipMethod: string;
	shippingServiceLevelCode: string;
	shipping: Address;
	lineItems: OrderLineItem[];
	packages: OrderPackage[];
	numberOfLineItems: number;
	currencyCode: string;
	channel: string;
	dscoRetailerId: string;
	dscoSupplierId: string;
	dscoSupplierName: string;
	[field: string]: unknown;
}

export interface Warehouse {
	code: string;
	quantity?: number | null;
	cost?: number | null;
	status?: string;
	[field: string]: unknown;
}

/** A warehouse of the account (the vendor's Warehouse of GET /warehouse/page), not an item's ItemWarehouse. */
export interface AccountWarehouse {
	warehouseId: string;
	code: string;
	supplierId: string;
	status: 'active' | 'inactive';
	name: string;
	address: string[];
	city: string;
	region: string;
	postal: string;
	country: string;
	createDate: string;
	lastUpdate: string;
}

export type TradingPartnerStatus = 'onboarding' | 'active' | 'paused' | 'terminated';

/** A trading partner of the account (the vendor's TradingPartner of GET /tradingpartner). */
export interface TradingPartner {
	accountId: string;
	tradingPartnerId: string | null;
	tradingPartnerName: string | null;
	activeDate: string | null;
	defaultRetailModel: 'dropship' | 'marketplace' | null;
	terminateDate: string | null;
	status: TradingPartnerStatus;
}

export type InventoryStatus = 'in-stock' | 'out-of-stock' | 'discontinued' | 'hidden';

export interface ItemInventory {
	sku: string;
	dscoItemId: string;
	upc?: string;
	ean?: string;
	mpn?: string;
	partnerSku?: string;
	title?: string;
	status: InventoryStatus;
	quantityAvailable: number;
	cost?: number | null;
	estimatedAvailabilityDate?: string | null;
	warehouses: Warehouse[];
	dscoSupplierId: string;
	dscoCreateDate: string;
	dscoLastQuantityUpdateDate: string;
	dscoLastUpdateDate: string;
	[field: string]: unknown;
}

export interface Invoice {
	invoiceId: string;
	totalAmount: number;
	dscoInvoiceId: string;
	dscoOrderId: string;
	poNumber: string;
	createDate: string;
	[field: string]: unknown;
}

export type ProductStatus = 'pending' | 'active' | 'discontinued_sell_through' | 'discontinued';

/** The vendor's ItemCatalog (Item + ItemCatalogObj): sku, title and productStatus required; many optional attributes. */
export interface ItemCatalog {
	sku: string;
	dscoItemId: string;
	title: string;
	productStatus: ProductStatus;
	upc?: string | null;
	ean?: string | null;
	mpn?: string | null;
	isbn?: string | null;
	gtin?: string | null;
	partnerSkuMap?: Array<{
		partnerSku: string;
		dscoRetailerId?: string;
		dscoTradingPartnerId?: string;
	}>;
	dscoSupplierId: string;
	dscoCreateDate: string;
	dscoLastUpdateDate: string;
	[field: string]: unknown;
}

export type ReturnStatus = 'created' | 'acknowledged' | 'completed';
export type ReturnResponse = 'accepted' | 'rejected';

/** A return line (ReturnLineItem): the item (itemId = dscoItemId, sku, …), quantity and reasonCode; response once completed. */
export interface ReturnLineItem {
	itemId?: string;
	sku?: string;
	partnerSku?: string;
	upc?: string;
	ean?: string;
	mpn?: string;
	lineNumber?: number;
	quantity: number;
	reasonCode: string;
	response?: ReturnResponse;
	completedBy?: string;
	title?: string;
	[field: string]: unknown;
}

/** A package of returned items (ReturnPackage), added by Update Return. */
export interface ReturnPackage {
	trackingNumber: string;
	lineItems: Array<{
		quantity: number;
		itemId?: string;
		sku?: string;
		partnerSku?: string;
		upc?: string;
		ean?: string;
		mpn?: string;
		lineNumber?: number;
		[field: string]: unknown;
	}>;
	receiptDate?: string | null;
	carrier?: string | null;
	method?: string | null;
}

/**
 * A return as the supplier sees it (the vendor's Return): returnNumber is the supplier's own number for it,
 * partnerReturnNumber the number of the retailer that created it.
 */
export interface Return {
	dscoReturnId: string;
	dscoRetailerId: string;
	dscoSupplierId: string;
	dscoOrderId: string;
	poNumber: string;
	returnNumber?: string;
	partnerReturnNumber?: string;
	initiatedBy: string;
	initiatorCreateDate: string;
	returnDate: string;
	reason?: string;
	responseReason?: string | null;
	status: ReturnStatus;
	statusTags: ReturnResponse[];
	trackingNumbers: string[];
	returnTrackingNumbers?: Record<string, string> | null;
	lineItems: ReturnLineItem[];
	packages: ReturnPackage[];
	createDate: string;
	lastUpdate: string;
	[field: string]: unknown;
}

export interface CreateReturnsOptions {
	/** The order to return items of (it must have shipped quantities); default: the oldest shipped order without a return, else a new order shipped in full. */
	dscoOrderId?: string;
	/** The retailer's reason (default "Customer return"). */
	reason?: string;
	/** The retailer's tracking number of the parcel coming back (default a generated UPS number). */
	trackingNumber?: string;
}

export type ChangeLogKind = 'order' | 'inventory' | 'invoice' | 'catalog' | 'return';

export interface CreateOrdersOptions {
	testFlag?: boolean;
	orderType?: OrderType;
	cancelRequested?: boolean;
	/**
	 * The order's dscoCreateDate this far from when DSCO received it (ms; > 0: dated in the future, as DSCO's clock
	 * skewed or bad data would give). Searches and streams still find it by when it arrived.
	 */
	createDateSkewMs?: number;
}

export interface Simulator {
	/** http://127.0.0.1:PORT/api/v3 */
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	/** Legacy static token, always valid. */
	apiToken: string;
	/** Request log of /api/v3 (and upload) requests, in arrival order. */
	requests: RecordedRequest[];
	clearRequests(): void;
	setFaults(f: Partial<Faults>): void;
	/** Moves the simulator's clock (token expiry, scroll expiry, until checks, dates). */
	advanceClock(ms: number): void;
	/** All issued OAuth2 tokens become invalid (401); the static apiToken stays valid. */
	expireTokens(): void;
	/** New orders created now; they produce stream events. */
	createOrders(n: number, opts?: CreateOrdersOptions): Order[];
	/** The retailer requests cancellation of an order (produces a cancel-request stream event). */
	requestCancel(dscoOrderId: string, cancelCode?: string): Order | undefined;
	getOrder(dscoOrderId: string): Order | undefined;
	orders(): Order[];
	inventory(sku: string): ItemInventory | undefined;
	invoices(): Invoice[];
	/** The account's warehouses (GET /warehouse/page). */
	warehouses(): AccountWarehouse[];
	/** The account's trading partners, terminated ones included (GET /tradingpartner hides them by default). */
	tradingPartners(): TradingPartner[];
	/** The catalog item of a SKU (seeded SKUs included). */
	catalogItem(sku: string): ItemCatalog | undefined;
	/**
	 * New catalog items (SKUs SIM-CAT-0001, …), created now as through the portal: catalog and catalogchangelog
	 * stream events, catalog change-log entries with requestMethod "portal".
	 */
	createCatalogItems(n: number): ItemCatalog[];
	/**
	 * Creates or updates one catalog item as through the portal (fields merged into the item, null deletes one); the
	 * same rules as the catalog batch APIs. Throws with DSCO's messages when the change is refused.
	 */
	changeCatalogItem(item: Record<string, unknown> & { sku: string }): ItemCatalog;
	/** The retailer creates returns (status created) of shipped orders: returns stream events. */
	createReturns(n: number, opts?: CreateReturnsOptions): Return[];
	getReturn(dscoReturnId: string): Return | undefined;
	returns(): Return[];
	/** Every entry of a change log, in the order DSCO processed them. */
	changeLog(kind: ChangeLogKind): Array<{
		payload: unknown;
		status: string;
		requestId: string;
		dateProcessed: string;
		requestMethod: string;
		requestMethodDetail?: string;
		results?: Message[];
	}>;
	/** Every label created (POST /shippinglabels), in order. */
	labels(): SimLabel[];
	/** Every packing slip requested, in order, as it stands now. */
	packingSlips(): SimPackingSlip[];
	/** A file handed out by URL (label or packing slip), by the id in its URL. */
	file(id: string): { fileName: string; mimeType: string; data: Buffer } | undefined;
	/** Resolves once all pending async requests are in the change logs (while settling is held: after the release). */
	settle(): Promise<void>;
	/**
	 * Async requests stay unsettled (change log PROCESSING, nothing applied) until releaseSettling(), however long
	 * the test takes: for tests that need a request DSCO has not processed yet, instead of racing asyncSettleMs.
	 */
	holdSettling(): void;
	/** Settles, in order, what came due while held; later requests settle after asyncSettleMs as usual. */
	releaseSettling(): void;
	/**
	 * The next /api/v3 (or upload) request that `match` accepts, once the simulator has answered it (or dropped it):
	 * lets a test act at a known point of a run (e.g. after the node's first change-log read) without sleeping.
	 */
	nextRequest(match?: (request: RecordedRequest) => boolean): Promise<RecordedRequest>;
	close(): Promise<void>;
}
