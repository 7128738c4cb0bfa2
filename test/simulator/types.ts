/** Public and shared types of the DSCO simulator. Object shapes follow the vendor document and api-notes.md. */
import type { SimLabel, SimPackingSlip } from './shipping';

export interface SimulatorOptions {
	/** 0 = random free port (default 0). */
	port?: number;
	/** Deterministic data (default 1). */
	seed?: number;
	/** Seeded orders (default 20). The three subsets below are taken out of this number. */
	orders?: number;
	/** Seeded SKUs with inventory (default 50). */
	skus?: number;
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
	/** Every entry of a change log (order, inventory or invoice), in the order DSCO processed them. */
	changeLog(kind: 'order' | 'inventory' | 'invoice'): Array<{ payload: unknown; status: string; requestId: string; dateProcessed: string }>;
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
