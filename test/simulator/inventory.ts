/**
 * Inventory of the supplier's items and the effect of inventory updates (api-notes §Inventory): each item
 * needs a status and a quantity, quantityAvailable must equal the warehouse sum when both are given, DSCO flips
 * in-stock with 0 to out-of-stock and out-of-stock/discontinued with > 0 to in-stock. DSCO expects the catalog
 * item before its inventory (ItemInventory's description): a SKU not in the catalog fails unless
 * skipItemsThatDontExist; the first update of a catalog SKU without inventory creates its inventory record.
 */
import type { CatalogBook } from './catalog';
import { SimClock, formatDate, parseDate } from './clock';
import { SUPPLIER_ID } from './data';
import { EventLog } from './events';
import { OK, type Outcome, SKIPPED, invalid, notFound } from './outcome';
import type { InventoryStatus, ItemInventory, Warehouse } from './types';

export const ITEM_KEYS = [
	'dscoItemId',
	'sku',
	'partnerSku',
	'upc',
	'ean',
	'mpn',
	'isbn',
	'gtin',
] as const;
export type ItemKey = (typeof ITEM_KEYS)[number];

export interface InventoryUpdateInput {
	sku: string;
	status?: InventoryStatus;
	quantityAvailable?: number | null;
	warehouses: Array<{
		code: string;
		quantity?: number | null;
		cost?: number | null;
		status?: string;
	}>;
	cost?: number | null;
	estimatedAvailabilityDate?: string | null;
	[field: string]: unknown;
}

function flipStatus(status: InventoryStatus, quantity: number): InventoryStatus {
	if (status === 'in-stock' && quantity === 0) return 'out-of-stock';
	if ((status === 'out-of-stock' || status === 'discontinued') && quantity > 0) return 'in-stock';
	return status;
}

export class InventoryBook {
	private readonly items = new Map<string, ItemInventory>();

	constructor(
		private readonly clock: SimClock,
		private readonly events: EventLog,
		private readonly catalog: CatalogBook,
		/** False: updates of SKUs outside the catalog create inventory records (see SimulatorOptions.requireCatalog). */
		private readonly requireCatalog: boolean,
	) {}

	add(item: ItemInventory): void {
		this.items.set(item.sku, item);
	}

	get(sku: string): ItemInventory | undefined {
		return this.items.get(sku);
	}

	list(): ItemInventory[] {
		return [...this.items.values()];
	}

	find(key: ItemKey, value: string): ItemInventory[] {
		if (key === 'sku') {
			const item = this.items.get(value);
			return item ? [item] : [];
		}
		return this.list().filter((item) => item[key] !== undefined && String(item[key]) === value);
	}

	update(input: InventoryUpdateInput, skipItemsThatDontExist: boolean): Outcome {
		const known = this.items.get(input.sku);
		const inCatalog = known !== undefined || this.catalog.has(input.sku);
		if (!inCatalog && (this.requireCatalog || skipItemsThatDontExist)) {
			return skipItemsThatDontExist
				? SKIPPED
				: notFound(`Item not found: sku ${input.sku} is not in the catalog`);
		}
		if (!input.status) return invalid(`sku ${input.sku}: status is required`);
		const warehouseQuantities = input.warehouses
			.map((w) => w.quantity)
			.filter((q): q is number => typeof q === 'number');
		const hasQuantity = typeof input.quantityAvailable === 'number';
		if (!hasQuantity && warehouseQuantities.length === 0) {
			return invalid(`sku ${input.sku}: quantityAvailable or a warehouse quantity is required`);
		}
		const sum = warehouseQuantities.reduce((a, b) => a + b, 0);
		if (hasQuantity && warehouseQuantities.length > 0 && input.quantityAvailable !== sum) {
			return invalid(
				`sku ${input.sku}: quantityAvailable ${input.quantityAvailable} must equal the sum of the warehouse quantities (${sum})`,
			);
		}
		const quantity = hasQuantity ? (input.quantityAvailable as number) : sum;
		const now = formatDate(this.clock.now());
		const item = known ?? this.newRecord(input.sku, now);
		if (input.warehouses.length > 0)
			item.warehouses = input.warehouses.map((w) => ({ ...w }) as Warehouse);
		item.quantityAvailable = quantity;
		item.status = flipStatus(input.status, quantity);
		if (input.cost !== undefined) item.cost = input.cost;
		if (input.estimatedAvailabilityDate !== undefined) {
			const date =
				input.estimatedAvailabilityDate === null
					? undefined
					: parseDate(input.estimatedAvailabilityDate);
			item.estimatedAvailabilityDate = date === undefined ? null : formatDate(date);
		}
		item.dscoLastQuantityUpdateDate = now;
		item.dscoLastUpdateDate = now;
		this.events.append({
			objectType: 'inventory',
			key: item.sku,
			payload: structuredClone(item),
			eventReasons: [known ? 'inventory_attribute_changed' : 'inventory_object_created'],
		});
		return OK;
	}

	/** The first inventory of a SKU: its identifiers from the catalog item (a new DSCO item id without one). */
	private newRecord(sku: string, now: string): ItemInventory {
		const entry = this.catalog.get(sku);
		const identifiers: Partial<ItemInventory> = {};
		for (const key of ['upc', 'ean', 'mpn', 'isbn', 'gtin', 'title'] as const) {
			const value = entry?.[key];
			if (typeof value === 'string') identifiers[key] = value;
		}
		const item: ItemInventory = {
			sku,
			dscoItemId: entry?.dscoItemId ?? this.catalog.mintItemId(),
			...identifiers,
			status: 'out-of-stock',
			quantityAvailable: 0,
			warehouses: [],
			dscoSupplierId: SUPPLIER_ID,
			dscoCreateDate: now,
			dscoLastQuantityUpdateDate: now,
			dscoLastUpdateDate: now,
		};
		this.items.set(sku, item);
		return item;
	}
}
