import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput, quote } from '../../helpers/items';
import type { DscoMessage } from '../../transport/errors';
import {
	MAX_DSCO_INTEGER,
	readDate,
	readIdentifier,
	readMoney,
	readQuantity,
} from '../../helpers/validation';

/** DSCO's inventory statuses (ItemInventory.status). */
export const INVENTORY_STATUSES = ['in-stock', 'out-of-stock', 'discontinued', 'hidden'] as const;
export type InventoryStatus = (typeof INVENTORY_STATUSES)[number];

export const STATUS_OPTIONS = [
	{ name: 'Discontinued', value: 'discontinued' },
	{ name: 'Hidden', value: 'hidden' },
	{ name: 'In Stock', value: 'in-stock' },
	{ name: 'Out of Stock', value: 'out-of-stock' },
];

/** One warehouse of an ItemInventory (ItemWarehouse: code, quantity, optional cost and status). */
export interface WarehouseEntry extends IDataObject {
	code: string;
	quantity: number;
	cost?: number;
	status?: InventoryStatus;
}

/** The ItemInventory sent to DSCO for one SKU. */
export interface ItemInventoryEntry extends IDataObject {
	sku: string;
	warehouses: WarehouseEntry[];
	quantityAvailable: number;
	status: InventoryStatus;
	cost?: number;
	estimatedAvailabilityDate?: string;
}

/** One inventory update as given (parameters, a CSV row or a JSON line), before any check. */
export interface RawInventory {
	sku: unknown;
	/** The total quantity, when given. */
	quantity?: unknown;
	warehouses?: Array<{ code?: unknown; quantity?: unknown; cost?: unknown; status?: unknown }>;
	/** Empty or "auto": inferred from the quantity. */
	status?: unknown;
	cost?: unknown;
	estimatedAvailabilityDate?: unknown;
}

export interface InventoryRules {
	/** Subtracted from each warehouse quantity (or from the total when there are no warehouses), floored at 0. */
	safetyStock: number;
	/** Puts a total given without warehouses into this warehouse ('' or undefined: send the total alone). */
	warehouseCode?: string;
	/** Refuse an update without any warehouse quantity (DSCO's large-batch API requires one per line). */
	requireWarehouse?: boolean;
}

/** Whether a raw value counts as "not given". */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * Checks one inventory update and builds the ItemInventory DSCO expects:
 * - quantities are whole numbers ≥ 0; with warehouses, `quantityAvailable` is their sum, and a total given as well
 *   must equal it (DSCO's rule);
 * - safety stock is subtracted from each warehouse quantity, floored at 0, and the total is the sum of what
 *   remains; with only a total, it is subtracted from the total once;
 * - status is the one given, else inferred as DSCO does: in-stock when the quantity (after safety stock) is > 0,
 *   out-of-stock when 0;
 * - cost ≥ 0 with at most 2 decimals; the estimated availability date is ISO 8601;
 * - `warehouses` holds one entry per given warehouse, in the given order (a Warehouse Code for a total comes alone).
 * Problems are thrown as `Invalid "<label(field)>" [item N]: …` errors.
 */
export function buildItemInventory(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: RawInventory,
	rules: InventoryRules,
	label: (field: string) => string = (field) => field,
): ItemInventoryEntry {
	const sku = readIdentifier(ctx, itemIndex, label('SKU'), 'sku', raw.sku);

	const warehouses: WarehouseEntry[] = [];
	const rows = raw.warehouses ?? [];
	const seen = rows.length > 1 ? new Set<string>() : undefined;
	for (let k = 0; k < rows.length; k++) {
		const w = rows[k];
		const code = readIdentifier(
			ctx,
			itemIndex,
			label(warehouseField(k, 'Code')),
			'warehouseCode',
			w.code,
		);
		if (seen?.has(code)) {
			throw invalidInput(
				ctx,
				itemIndex,
				label(warehouseField(k, 'Code')),
				`warehouse ${quote(code)} is listed twice; give each warehouse once`,
			);
		}
		seen?.add(code);
		const entry: WarehouseEntry = {
			code,
			quantity: readQuantity(ctx, itemIndex, label(warehouseField(k, 'Quantity')), w.quantity),
		};
		if (!isBlank(w.cost))
			entry.cost = readMoney(ctx, itemIndex, label(warehouseField(k, 'Cost')), w.cost);
		if (!isBlank(w.status))
			entry.status = readStatus(
				ctx,
				itemIndex,
				label(warehouseField(k, 'Status')),
				w.status,
				false,
			);
		warehouses.push(entry);
	}

	const total = isBlank(raw.quantity)
		? undefined
		: readQuantity(ctx, itemIndex, label('Quantity'), raw.quantity);
	const sum = warehouses.reduce((a, w) => a + w.quantity, 0);
	if (sum > MAX_DSCO_INTEGER) {
		throw invalidInput(
			ctx,
			itemIndex,
			label('Quantity'),
			`the warehouse quantities add up to ${sum}, above DSCO's maximum quantityAvailable of ${MAX_DSCO_INTEGER} (32-bit)`,
		);
	}
	if (warehouses.length > 0 && total !== undefined) {
		if (total !== sum) {
			const parts = warehouses.map((w) => `${w.code} ${w.quantity}`).join(' + ');
			throw invalidInput(
				ctx,
				itemIndex,
				label('Total Quantity'),
				`${total} is not the sum of the warehouse quantities (${parts} = ${sum}); DSCO requires quantityAvailable to equal that sum (leave the total empty to have it summed)`,
			);
		}
	}
	if (warehouses.length === 0 && total !== undefined && rules.warehouseCode) {
		warehouses.push({
			code: readIdentifier(ctx, itemIndex, 'Warehouse Code', 'warehouseCode', rules.warehouseCode),
			quantity: total,
		});
	}
	if (warehouses.length === 0 && total === undefined) {
		throw invalidInput(
			ctx,
			itemIndex,
			label('Quantity'),
			'it is empty; give a total quantity or warehouse quantities',
		);
	}
	if (warehouses.length === 0 && rules.requireWarehouse) {
		throw invalidInput(
			ctx,
			itemIndex,
			label('Warehouse Code'),
			'no warehouse is given; DSCO needs at least one warehouse with a quantity here: give a warehouse, or set "Warehouse Code" for rows that give only a total',
		);
	}

	const safety = rules.safetyStock;
	let quantityAvailable: number;
	if (warehouses.length > 0) {
		for (const w of warehouses) w.quantity = Math.max(0, w.quantity - safety);
		quantityAvailable = warehouses.reduce((a, w) => a + w.quantity, 0);
	} else {
		quantityAvailable = Math.max(0, (total as number) - safety);
	}

	const status =
		isBlank(raw.status) || raw.status === 'auto'
			? quantityAvailable > 0
				? 'in-stock'
				: 'out-of-stock'
			: readStatus(ctx, itemIndex, label('Status'), raw.status, true);

	const entry: ItemInventoryEntry = { sku, warehouses, quantityAvailable, status };
	if (!isBlank(raw.cost)) entry.cost = readMoney(ctx, itemIndex, label('Cost'), raw.cost);
	if (!isBlank(raw.estimatedAvailabilityDate)) {
		entry.estimatedAvailabilityDate = readDate(
			ctx,
			itemIndex,
			label('Estimated Availability Date'),
			raw.estimatedAvailabilityDate,
		);
	}
	return entry;
}

/** "Warehouse 1 Code", …: the names of the first warehouses' fields are made once, not for every item. */
const WAREHOUSE_FIELDS = Array.from({ length: 16 }, (_, k) => ({
	Code: `Warehouse ${k + 1} Code`,
	Quantity: `Warehouse ${k + 1} Quantity`,
	Cost: `Warehouse ${k + 1} Cost`,
	Status: `Warehouse ${k + 1} Status`,
}));

function warehouseField(k: number, part: 'Code' | 'Quantity' | 'Cost' | 'Status'): string {
	return k < WAREHOUSE_FIELDS.length ? WAREHOUSE_FIELDS[k][part] : `Warehouse ${k + 1} ${part}`;
}

function readStatus(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	allowAuto: boolean,
): InventoryStatus {
	const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
	if ((INVENTORY_STATUSES as readonly unknown[]).includes(text)) return text as InventoryStatus;
	throw invalidInput(
		ctx,
		itemIndex,
		field,
		`${quote(value)} is not one of ${INVENTORY_STATUSES.join(', ')}${allowAuto ? ' (or empty to infer it from the quantity)' : ''}`,
	);
}

/**
 * DSCO takes inventory only for items in the supplier's catalog; an update of another SKU fails with NOT_FOUND
 * ("Item not found: sku … is not in the catalog"). The hint says so and how to fix it, for an error whose DSCO
 * messages say the item was not found.
 */
export function missingFromCatalogHint(messages: readonly DscoMessage[]): string | undefined {
	const missing = messages.some(
		(m) =>
			m.code === 'NOT_FOUND' ||
			/item not found|not in the catalog|does ?n[o']t exist/i.test(m.description ?? ''),
	);
	return missing
		? 'The item is missing from the DSCO catalog: DSCO takes inventory only for items in your catalog. Create it first with Catalog → Create or Update (or Catalog → Update From File), or turn on the option "Skip Items That Don\'t Exist" to skip such SKUs.'
		: undefined;
}
