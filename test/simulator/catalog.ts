/**
 * The supplier's catalog (ItemCatalog objects) and the effect of catalog updates (updateCatalogSmallBatch /
 * LargeBatch): an unknown SKU creates an item (DSCO assigns dscoItemId and the dates), a known one is merged, a
 * JSON null deletes an attribute except those DSCO requires. Each applied update appends a catalog stream event
 * (catalog_object_created or catalog_attribute_changed).
 *
 * Seeded SKUs are in the catalog from the start, but their ItemCatalog objects are built on first use from the
 * seeded inventory records: a bench seeds 100,000 SKUs and rarely reads their catalog.
 */
import { SimClock, formatDate } from './clock';
import {
	RETAILER_ID,
	RETAILER_TRADING_PARTNER_ID,
	SUPPLIER_ID,
	SUPPLIER_NAME,
	seededCatalogItem,
} from './data';
import { EventLog } from './events';
import type { ItemKey } from './inventory';
import { OK, type Outcome, failure, error, invalid } from './outcome';
import type { ItemCatalog, ItemInventory, Message } from './types';

/** Attributes DSCO requires, which a JSON null may not delete ("Excepting attributes required by Rithum"). */
const UNDELETABLE = ['sku', 'title', 'productStatus', 'description'] as const;

/** Set by DSCO: values a supplier sends for them are ignored. */
const DSCO_FIELDS = new Set([
	'dscoItemId',
	'dscoSupplierId',
	'dscoSupplierName',
	'dscoTradingPartnerId',
	'dscoTradingPartnerName',
	'dscoTradingPartnerParentId',
	'dscoCreateDate',
	'dscoLastUpdateDate',
	'dscoLastProductStatusUpdateDate',
	'dscoLastCostUpdateDate',
]);

/** Who asks for a partnerSku: the retailer's DSCO account id or the supplier's trading-partner id for it. */
export interface PartnerRef {
	dscoRetailerId?: string;
	dscoTradingPartnerId?: string;
}

function sameContent(a: ItemCatalog, b: ItemCatalog): boolean {
	const strip = ({ dscoLastUpdateDate: _u, ...rest }: ItemCatalog) => rest;
	return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function matchesPartnerSku(item: ItemCatalog, value: string, partner: PartnerRef): boolean {
	const forPartner = (entry: { dscoRetailerId?: string; dscoTradingPartnerId?: string }) =>
		(partner.dscoRetailerId !== undefined &&
			(entry.dscoRetailerId ?? RETAILER_ID) === partner.dscoRetailerId) ||
		(partner.dscoTradingPartnerId !== undefined &&
			(entry.dscoTradingPartnerId === partner.dscoTradingPartnerId ||
				(entry.dscoRetailerId === RETAILER_ID &&
					partner.dscoTradingPartnerId === RETAILER_TRADING_PARTNER_ID)));
	return (item.partnerSkuMap ?? []).some(
		(entry) => entry.partnerSku === value && forPartner(entry),
	);
}

export class CatalogBook {
	/** Items created or changed through the API, and seeded ones already built. */
	private readonly items = new Map<string, ItemCatalog>();
	/** Seeded SKUs whose item has not been built yet. */
	private readonly seeds = new Map<string, ItemInventory>();
	private nextItemId: number;

	constructor(
		private readonly clock: SimClock,
		private readonly events: EventLog,
		seed: number,
	) {
		this.nextItemId = 1500000000 + (seed % 1000) * 100000;
	}

	/** Registers seeded SKUs (built into ItemCatalog objects on first use). */
	seed(items: Iterable<ItemInventory>): void {
		for (const item of items) this.seeds.set(item.sku, item);
	}

	has(sku: string): boolean {
		return this.items.has(sku) || this.seeds.has(sku);
	}

	get(sku: string): ItemCatalog | undefined {
		const item = this.items.get(sku);
		if (item) return item;
		const seeded = this.seeds.get(sku);
		if (!seeded) return undefined;
		return this.build(seeded);
	}

	/** Every item, seeded ones included (builds them all). */
	list(): ItemCatalog[] {
		for (const seeded of [...this.seeds.values()]) this.build(seeded);
		return [...this.items.values()];
	}

	/** A new DSCO item id (also for inventory records made without a catalog item when the catalog is not required). */
	mintItemId(): string {
		return String(this.nextItemId++);
	}

	/** Items whose `key` equals `value`; partnerSku looks in partnerSkuMap for the given retailer. */
	find(key: ItemKey, value: string, partner: PartnerRef = {}): ItemCatalog[] {
		if (key === 'sku') {
			const item = this.get(value);
			return item ? [item] : [];
		}
		const matches = (item: ItemCatalog) =>
			key === 'partnerSku'
				? matchesPartnerSku(item, value, partner)
				: item[key] !== undefined && item[key] !== null && String(item[key]) === value;
		const found: ItemCatalog[] = [];
		// Seeded items are built only when they match: a lookup among 100,000 seeded SKUs keeps the rest unbuilt. The
		// identifiers a seeded item shares with its inventory record (which updates never change) are compared there.
		const direct = key === 'dscoItemId' || key === 'upc' || key === 'ean' || key === 'mpn';
		for (const seeded of this.seeds.values()) {
			if (direct ? seeded[key] === value : matches(seededCatalogItem(seeded)))
				found.push(this.build(seeded));
		}
		for (const item of this.items.values())
			if (matches(item) && !found.includes(item)) found.push(item);
		return found;
	}

	/** Creates or merges one item (already valid against the ItemCatalog schema); appends its stream event. */
	upsert(input: Record<string, unknown> & { sku: string }): Outcome {
		if (input.sku.trim() === '') return invalid('sku must not be empty');
		const existing = this.get(input.sku);
		const refused = this.refusals(input, existing);
		if (refused.length > 0) return failure(refused);
		const nowMs = this.clock.nowSeconds();
		const now = formatDate(nowMs);
		const before = existing ? structuredClone(existing) : undefined;
		const item: ItemCatalog = existing ?? {
			sku: input.sku,
			dscoItemId: this.mintItemId(),
			title: '',
			productStatus: 'pending',
			dscoSupplierId: SUPPLIER_ID,
			dscoSupplierName: SUPPLIER_NAME,
			dscoCreateDate: now,
			dscoLastUpdateDate: now,
			dscoLastProductStatusUpdateDate: now,
		};
		for (const [field, value] of Object.entries(input)) {
			if (DSCO_FIELDS.has(field)) continue;
			if (value === null) delete item[field];
			else item[field] = structuredClone(value);
		}
		item.dscoLastUpdateDate = now;
		if (before && before.productStatus !== item.productStatus)
			item.dscoLastProductStatusUpdateDate = now;
		if (!before || JSON.stringify(before.cost) !== JSON.stringify(item.cost)) {
			if (item.cost !== undefined) item.dscoLastCostUpdateDate = now;
		}
		this.items.set(item.sku, item);
		this.events.append({
			objectType: 'catalog',
			key: item.sku,
			payload: structuredClone(item),
			eventReasons: [before ? 'catalog_attribute_changed' : 'catalog_object_created'],
			...(before && sameContent(before, item) ? { unchanged: true } : {}),
		});
		return OK;
	}

	/** What DSCO refuses beyond the schema: a new item without title or productStatus, deleting a required attribute. */
	private refusals(input: Record<string, unknown>, existing: ItemCatalog | undefined): Message[] {
		const messages: Message[] = [];
		for (const field of UNDELETABLE) {
			if (input[field] !== null) continue;
			messages.push(
				error(
					'VALIDATION_FAILED',
					`sku ${String(input.sku)}: ${field} is required by DSCO and cannot be deleted (null)`,
				),
			);
		}
		if (!existing) {
			for (const field of ['title', 'productStatus'] as const) {
				if (input[field] === undefined)
					messages.push(
						error(
							'VALIDATION_FAILED',
							`sku ${String(input.sku)}: ${field} is required for a new item`,
						),
					);
			}
		}
		return messages;
	}

	private build(seeded: ItemInventory): ItemCatalog {
		const item = seededCatalogItem(seeded);
		for (const [field, value] of Object.entries(item)) if (value === undefined) delete item[field];
		this.items.set(item.sku, item);
		this.seeds.delete(item.sku);
		return item;
	}
}
