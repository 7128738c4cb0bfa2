/** Seeded, deterministic generator of catalog items (with inventory), orders and returns. */
import { DAY, HOUR, MINUTE, formatDate } from './clock';
import { Rng } from './random';
import type {
	AccountWarehouse,
	Address,
	CreateOrdersOptions,
	ItemCatalog,
	ItemInventory,
	Order,
	OrderLineItem,
	TradingPartner,
} from './types';

export const SUPPLIER_ID = '1000062228';
export const SUPPLIER_NAME = 'Simulated Supplier Inc';
export const RETAILER_ID = '1000051226';
/** The supplier's own id for its one retailer (what the document calls the dscoTradingPartnerId). */
export const RETAILER_TRADING_PARTNER_ID = 'SIMRETAILER';
const BRAND = 'Simulated Goods';
export const WAREHOUSES = ['WH01', 'WH02'] as const;

const ADJECTIVES = [
	'Classic',
	'Minimalist',
	'Vintage',
	'Modern',
	'Rustic',
	'Sleek',
	'Cozy',
	'Bold',
];
const NOUNS = [
	'Earrings',
	'Lamp',
	'Mug',
	'Backpack',
	'Scarf',
	'Notebook',
	'Candle',
	'Bracelet',
	'Planter',
];
const FIRST_NAMES = ['Sasha', 'Jordan', 'Alex', 'Morgan', 'Taylor', 'Casey', 'Riley', 'Jamie'];
const LAST_NAMES = ['Perez', 'Smith', 'Nguyen', 'Garcia', 'Brown', 'Kim', 'Rossi', 'Müller'];
const CITIES: ReadonlyArray<[string, string, string]> = [
	['RIDGEFIELD', 'NJ', '07657'],
	['AUSTIN', 'TX', '78701'],
	['PORTLAND', 'OR', '97205'],
	['DENVER', 'CO', '80202'],
	['MADISON', 'WI', '53703'],
];
/** Carrier-specific ship codes (api-notes: the generic GCG is rejected on packages). */
const SHIP_CODES: ReadonlyArray<[string, string, string]> = [
	['UPS', 'Ground', 'UPCG'],
	['USPS', 'Ground Advantage', 'USGA'],
	['FedEx', 'Ground', 'FECG'],
];

function upcCheckDigit(first11: string): string {
	let sum = 0;
	for (let i = 0; i < 11; i++) sum += Number(first11[i]) * (i % 2 === 0 ? 3 : 1);
	return String((10 - (sum % 10)) % 10);
}

/** Seeded catalog items with inventory in two warehouses. */
export function buildCatalog(rng: Rng, count: number, nowMs: number): ItemInventory[] {
	const items: ItemInventory[] = [];
	for (let i = 0; i < count; i++) {
		const number = String(i + 1).padStart(4, '0');
		const upc11 = `8${rng.digits(10)}`;
		const upc = upc11 + upcCheckDigit(upc11);
		const quantities = WAREHOUSES.map(() => (rng.chance(0.15) ? 0 : rng.int(1, 60)));
		const quantityAvailable = quantities.reduce((a, b) => a + b, 0);
		const cost = rng.money(2, 80);
		const date = formatDate(nowMs - rng.int(2, 30) * DAY);
		items.push({
			sku: `SIM-SKU-${number}`,
			dscoItemId: String(1296620000 + i * 7 + rng.int(0, 6)),
			upc,
			ean: `0${upc}`,
			mpn: `MPN-${number}`,
			partnerSku: `RTL-${number}`,
			title: `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${number}`,
			status: quantityAvailable > 0 ? 'in-stock' : 'out-of-stock',
			quantityAvailable,
			cost,
			warehouses: WAREHOUSES.map((code, w) => ({ code, quantity: quantities[w] })),
			dscoSupplierId: SUPPLIER_ID,
			dscoCreateDate: date,
			dscoLastQuantityUpdateDate: date,
			dscoLastUpdateDate: date,
		});
	}
	return items;
}

/**
 * The catalog item of a seeded SKU, derived from its seeded record without drawing random numbers (so the catalog
 * does not change the seeded orders); every tenth SKU also has an ISBN.
 */
export function seededCatalogItem(item: ItemInventory): ItemCatalog {
	const number = Number(/(\d+)$/.exec(item.sku)?.[1] ?? 0);
	const title = item.title ?? item.sku;
	return {
		sku: item.sku,
		dscoItemId: item.dscoItemId,
		upc: item.upc,
		ean: item.ean,
		mpn: item.mpn,
		gtin: item.upc ? `00${item.upc}` : undefined,
		...(number % 10 === 0 ? { isbn: `978${String(number).padStart(10, '0')}` } : {}),
		partnerSkuMap: item.partnerSku
			? [{ partnerSku: item.partnerSku, dscoRetailerId: RETAILER_ID }]
			: [],
		productStatus: 'active',
		title,
		description: `${title}, from the simulated supplier's catalog.`,
		brand: BRAND,
		cost: item.cost ?? undefined,
		currencyCode: 'USD',
		dscoSupplierId: SUPPLIER_ID,
		dscoSupplierName: SUPPLIER_NAME,
		dscoCreateDate: item.dscoCreateDate,
		dscoLastUpdateDate: item.dscoCreateDate,
		dscoLastProductStatusUpdateDate: item.dscoCreateDate,
	};
}

/** New catalog items (SKUs SIM-CAT-0001, …) for the control API and createCatalogItems, from their own generator. */
export class CatalogFactory {
	private next = 0;

	constructor(private readonly rng: Rng) {}

	/** The fields a supplier would send (DSCO assigns dscoItemId and the dates). */
	create(): Record<string, unknown> & { sku: string } {
		const rng = this.rng;
		const number = String(++this.next).padStart(4, '0');
		const upc11 = `7${rng.digits(10)}`;
		const upc = upc11 + upcCheckDigit(upc11);
		const title = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${number}`;
		return {
			sku: `SIM-CAT-${number}`,
			upc,
			ean: `0${upc}`,
			mpn: `CAT-MPN-${number}`,
			productStatus: 'active',
			title,
			description: `${title}, new in the simulated supplier's catalog.`,
			brand: BRAND,
			cost: rng.money(2, 80),
		};
	}
}

/** Creates orders with increasing ids; all randomness comes from the seeded generator. */
export class OrderFactory {
	private nextNumber = 0;
	private nextPackageId: number;

	constructor(
		private readonly rng: Rng,
		private readonly catalog: () => ItemInventory[],
		private readonly seed: number,
	) {
		this.nextPackageId = 2025000000 + (seed % 1000) * 1000;
	}

	packageId(): number {
		return this.nextPackageId++;
	}

	create(createdMs: number, opts: CreateOrdersOptions = {}): Order {
		const rng = this.rng;
		const n = this.nextNumber++;
		const items = this.catalog();
		if (items.length === 0)
			throw new Error('The simulator needs at least one SKU to create orders');
		const [carrier, method, code] = rng.pick(SHIP_CODES);
		const retailerCreated = createdMs - rng.int(1, 90) * MINUTE;
		const lineItems: OrderLineItem[] = [];
		const lineCount = rng.int(1, 3);
		for (let line = 1; line <= lineCount; line++) {
			const item = rng.pick(items);
			const quantity = rng.int(1, 3);
			const expectedCost = Math.round((item.cost ?? 10) * 100) / 100;
			lineItems.push({
				lineNumber: line,
				quantity,
				dscoItemId: item.dscoItemId,
				sku: item.sku,
				partnerSku: item.partnerSku,
				upc: item.upc,
				ean: item.ean,
				title: item.title,
				expectedCost,
				consumerPrice: Math.round(expectedCost * 2.5 * 100) / 100,
				acceptedQuantity: 0,
				cancelledQuantity: 0,
				rejectedQuantity: 0,
				remainingQuantity: quantity,
				shippedQuantity: 0,
				cancelRequested: false,
				cancelRequestedCode: null,
			});
		}
		const cancelRequested = opts.cancelRequested === true;
		const order: Order = {
			dscoOrderId: String(1030000000 + (this.seed % 1000) * 10000 + n),
			poNumber: `SIM.${String(75500000 + (this.seed % 100) * 100000 + n)}.${rng.digits(8)}`,
			consumerOrderNumber: `C${rng.digits(9)}`,
			orderType: opts.orderType ?? 'dropship',
			dscoLifecycle: 'created',
			dscoStatus: 'created',
			testFlag: opts.testFlag === true,
			cancelRequested: false,
			cancelRequestedCode: null,
			dscoCreateDate: formatDate(createdMs),
			dscoLastUpdate: formatDate(createdMs),
			retailerCreateDate: formatDate(retailerCreated),
			consumerOrderDate: formatDate(retailerCreated - rng.int(1, 12) * HOUR),
			acknowledgeByDate: formatDate(createdMs + DAY),
			shipByDate: formatDate(createdMs + 3 * DAY),
			invoiceByDate: formatDate(createdMs + 10 * DAY),
			cancelAfterDate: formatDate(createdMs + 14 * DAY),
			dscoAcknowledgeLateDate: formatDate(createdMs + DAY),
			dscoShipLateDate: formatDate(createdMs + 3 * DAY),
			requestedShipCarrier: carrier,
			requestedShipMethod: method,
			requestedShippingServiceLevelCode: code,
			shipCarrier: carrier,
			shipMethod: method,
			shippingServiceLevelCode: code,
			shipping: this.address(),
			lineItems,
			packages: [],
			numberOfLineItems: lineItems.length,
			currencyCode: 'USD',
			channel: 'SIMCHANNEL',
			dscoRetailerId: RETAILER_ID,
			dscoSupplierId: SUPPLIER_ID,
			dscoSupplierName: SUPPLIER_NAME,
		};
		if (cancelRequested) markCancelRequested(order, 'CXRO');
		return order;
	}

	private address(): Address {
		const rng = this.rng;
		const firstName = rng.pick(FIRST_NAMES);
		const lastName = rng.pick(LAST_NAMES);
		const [city, region, postal] = rng.pick(CITIES);
		const street = `${rng.int(1, 9999)} ${rng.pick(['MAIN ST', 'OAK AVE', 'SHALER BLVD', 'PINE RD'])}`;
		return {
			name: `${firstName} ${lastName}`,
			firstName,
			lastName,
			address: [street],
			address1: street,
			city,
			region,
			state: region,
			postal,
			country: 'US',
			phone: `1${rng.digits(10)}`,
		};
	}
}

/** Marks a retailer cancel request on the order and its open lines. */
export function markCancelRequested(order: Order, code: string): void {
	order.cancelRequested = true;
	order.cancelRequestedCode = code;
	for (const line of order.lineItems) {
		if (line.remainingQuantity > 0) {
			line.cancelRequested = true;
			line.cancelRequestedCode = code;
		}
	}
}

export interface SeedPlan {
	orders: number;
	testOrders: number;
	marketplaceOrders: number;
	cancelRequests: number;
}

/**
 * Seeded orders, created over the two days before `nowMs` (the newest at least a minute ago, so that
 * `/order/page` with `until` = now − 5 s finds all of them). The subsets are spread by a seeded shuffle.
 */
export function seedOrders(
	rng: Rng,
	factory: OrderFactory,
	plan: SeedPlan,
	nowMs: number,
): Order[] {
	const kinds: CreateOrdersOptions[] = [];
	const add = (count: number, opts: CreateOrdersOptions) => {
		for (let i = 0; i < count && kinds.length < plan.orders; i++) kinds.push(opts);
	};
	add(plan.testOrders, { testFlag: true });
	add(plan.marketplaceOrders, { orderType: 'marketplace' });
	add(plan.cancelRequests, { cancelRequested: true });
	add(plan.orders - kinds.length, {});
	const shuffled = rng.shuffle(kinds);
	const span = 2 * DAY;
	return shuffled.map((opts, i) => {
		const createdMs = nowMs - MINUTE - Math.round(((shuffled.length - i) * span) / shuffled.length);
		return factory.create(createdMs, opts);
	});
}

/** The seeded warehouses: WH01 and WH02 (where the catalog's stock is), WH03 inactive, then WH04… as asked. */
const WAREHOUSE_SEEDS: ReadonlyArray<[string, 'active' | 'inactive', string, number]> = [
	['Ridgefield Main', 'active', '100 SHALER BLVD', 0],
	['Austin Overflow', 'active', '2200 OAK AVE', 1],
	['Portland Returns', 'inactive', '15 PINE RD', 2],
];

/** The account's warehouses for GET /warehouse/page (deterministic: no randomness, dates from the clock). */
export function buildWarehouses(count: number, nowMs: number): AccountWarehouse[] {
	const out: AccountWarehouse[] = [];
	for (let i = 0; i < count; i++) {
		const code = `WH${String(i + 1).padStart(2, '0')}`;
		const [name, status, street, cityIndex] = WAREHOUSE_SEEDS[i] ?? [
			`Warehouse ${code}`,
			'active',
			`${i + 1} MAIN ST`,
			i % CITIES.length,
		];
		const [city, region, postal] = CITIES[cityIndex];
		const date = formatDate(nowMs - (30 + i) * DAY);
		out.push({
			warehouseId: String(4000010000 + i),
			code,
			supplierId: SUPPLIER_ID,
			status,
			name,
			address: [street],
			city,
			region,
			postal,
			country: 'US',
			createDate: date,
			lastUpdate: date,
		});
	}
	return out;
}

/**
 * The account's trading partners: the retailer of the seeded orders, a marketplace, one still onboarding without an
 * ID of yours, and a terminated one (which GET /tradingpartner leaves out unless asked by status).
 */
export function buildTradingPartners(nowMs: number): TradingPartner[] {
	const since = (days: number) => formatDate(nowMs - days * DAY);
	return [
		{
			accountId: RETAILER_ID,
			tradingPartnerId: 'SIMRETAIL',
			tradingPartnerName: 'Simulated Retailer',
			activeDate: since(400),
			defaultRetailModel: 'dropship',
			terminateDate: null,
			status: 'active',
		},
		{
			accountId: '1000051227',
			tradingPartnerId: 'SIMMARKET',
			tradingPartnerName: 'Simulated Marketplace',
			activeDate: since(200),
			defaultRetailModel: 'marketplace',
			terminateDate: null,
			status: 'active',
		},
		{
			accountId: '1000051228',
			tradingPartnerId: null,
			tradingPartnerName: 'Onboarding Outfitters',
			activeDate: null,
			defaultRetailModel: 'dropship',
			terminateDate: null,
			status: 'onboarding',
		},
		{
			accountId: '1000051229',
			tradingPartnerId: 'OLDRETAIL',
			tradingPartnerName: 'Former Retailer',
			activeDate: since(900),
			defaultRetailModel: 'dropship',
			terminateDate: since(100),
			status: 'terminated',
		},
	];
}
