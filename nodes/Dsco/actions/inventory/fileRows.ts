/**
 * Reading an inventory file (CSV or JSON Lines) chunk by chunk into ItemInventory lines, each checked like an
 * Update item. Nothing here holds the file: rows are handed out as they complete. Only the SKUs seen so far are
 * kept (with their first line), to refuse a SKU that comes back later and to name the line of a failure; a read
 * that follows one which did that can do without.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	badRow,
	checkRepeat,
	headerIndex,
	readFileRows,
	tooManyFields,
	type FileFormat,
	type FileRow as AnyFileRow,
	type RowBuilder,
} from '../../helpers/fileRows';
import { invalidInput } from '../../helpers/items';
import {
	buildItemInventory,
	isBlank,
	type InventoryRules,
	type ItemInventoryEntry,
	type RawInventory,
} from './itemInventory';

export type { FileFormat };

/** Names of the CSV columns (matched without regard to case or surrounding spaces). */
export interface FileColumns {
	sku: string;
	quantity: string;
	warehouse: string;
	/** Columns named `<prefix><code>` hold the quantity of warehouse <code> (a wide layout, one row per SKU). */
	warehousePrefix: string;
	status: string;
	cost: string;
	estimatedAvailabilityDate: string;
}

export interface FileSettings {
	/** 'auto': JSON Lines when the first character is "{", else CSV. */
	format: FileFormat | 'auto';
	delimiter: string;
	columns: FileColumns;
	rules: InventoryRules;
}

export type FileRow = AnyFileRow<ItemInventoryEntry>;

/** Other ItemInventory fields a JSON line may carry; they are sent unchanged (DSCO checks them). */
const JSONL_PASS_THROUGH = new Set([
	'dscoItemId',
	'upc',
	'departmentId',
	'ean',
	'mpn',
	'isbn',
	'gtin',
	'partnerSku',
	'partnerSkuMap',
	'assortments',
	'listingPrices',
	'msrp',
	'retailModelRules',
	'quantityOnOrder',
	'currencyCode',
	'backstop',
	'title',
	'titleI18n',
	'brand',
	'brandI18n',
	'inventoryByContext',
	'activeFulfillmentModel',
	'requestedFulfillmentModels',
]);
const JSONL_OWN = new Set([
	'sku',
	'quantityAvailable',
	'warehouses',
	'status',
	'cost',
	'estimatedAvailabilityDate',
]);
/** ItemWarehouse fields besides code, quantity, cost and status, sent unchanged. */
const WAREHOUSE_PASS_THROUGH = new Set([
	'dscoId',
	'quantityOnOrder',
	'estimatedAvailabilityDate',
	'inventoryByContext',
]);

/**
 * Reads the file's chunks into one FileRow per ItemInventory line (bad ones included, with their error). A file
 * that cannot be read at all (e.g. a CSV header without the SKU column) throws.
 */
export function readInventoryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	chunks: AsyncIterable<Uint8Array>,
	settings: FileSettings,
	/** Each SKU's first line, filled as rows are read; null: SKUs are not checked for repeats (an earlier read did). */
	seen: Map<string, number> | null = new Map<string, number>(),
): AsyncGenerator<FileRow> {
	return readFileRows(
		ctx,
		itemIndex,
		chunks,
		settings,
		new InventoryRows(ctx, itemIndex, settings, seen),
	);
}

const at = (line: number) => (field: string) => `${field} at line ${line}`;

interface CsvHeader {
	count: number;
	sku: number;
	quantity?: number;
	warehouse?: number;
	status?: number;
	cost?: number;
	date?: number;
	wide: Array<{ code: string; index: number }>;
}

interface CsvRow {
	line: number;
	sku: string;
	warehouses: Array<{ code: string; quantity: string }>;
	total?: string;
	status?: string;
	cost?: string;
	date?: string;
	error?: unknown;
}

/** Builds ItemInventory lines: a JSON line is one; consecutive CSV lines of one SKU (one per warehouse) are one. */
class InventoryRows implements RowBuilder<ItemInventoryEntry> {
	readonly objectName = 'an ItemInventory';

	private header?: CsvHeader;

	private group: CsvRow[] = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly settings: FileSettings,
		private readonly seen: Map<string, number> | null,
	) {}

	object(o: IDataObject, line: number, out: FileRow[]) {
		const sku = typeof o.sku === 'string' ? o.sku.trim() : undefined;
		try {
			const passThrough: IDataObject = {};
			for (const [key, value] of Object.entries(o)) {
				if (JSONL_OWN.has(key)) continue;
				if (!JSONL_PASS_THROUGH.has(key)) {
					throw invalidInput(
						this.ctx,
						this.itemIndex,
						`Line ${line}`,
						`"${key}" is not an ItemInventory field DSCO accepts in an update`,
					);
				}
				passThrough[key] = value;
			}
			if (o.warehouses !== undefined && o.warehouses !== null && !Array.isArray(o.warehouses)) {
				throw invalidInput(
					this.ctx,
					this.itemIndex,
					`Warehouses at line ${line}`,
					'must be an array of {code, quantity, cost?, status?}',
				);
			}
			const warehouses = (o.warehouses ?? []) as IDataObject[];
			for (const w of warehouses) {
				if (!w || typeof w !== 'object' || Array.isArray(w)) {
					throw invalidInput(
						this.ctx,
						this.itemIndex,
						`Warehouses at line ${line}`,
						'each warehouse must be an object {code, quantity, cost?, status?}',
					);
				}
			}
			const raw: RawInventory = {
				sku: o.sku,
				quantity: o.quantityAvailable,
				warehouses,
				status: o.status,
				cost: o.cost,
				estimatedAvailabilityDate: o.estimatedAvailabilityDate,
			};
			const entry = buildItemInventory(
				this.ctx,
				this.itemIndex,
				raw,
				this.settings.rules,
				at(line),
			);
			// The k-th warehouse built is the k-th given (by position, not by a search: a line may hold thousands).
			entry.warehouses = entry.warehouses.map((w, k) => {
				const extra: IDataObject = {};
				for (const [key, value] of Object.entries(warehouses[k] ?? {}))
					if (WAREHOUSE_PASS_THROUGH.has(key)) extra[key] = value;
				return { ...extra, ...w };
			});
			checkRepeat(
				this.ctx,
				this.itemIndex,
				this.seen,
				entry.sku,
				line,
				'give each SKU on one line only',
			);
			out.push({ ok: true, entry: { ...passThrough, ...entry }, line, rows: 1 });
		} catch (error) {
			out.push(badRow(line, 1, error, sku));
		}
	}

	record(cells: string[], line: number, out: FileRow[]) {
		if (!this.header) {
			this.header = this.readHeader(cells);
			return;
		}
		const row = this.readRow(cells, line);
		const current = this.group[0];
		if (current && (current.sku !== row.sku || row.sku === '')) this.flush(out);
		this.group.push(row);
	}

	end(out: FileRow[]) {
		this.flush(out);
	}

	private readHeader(cells: string[]): CsvHeader {
		const names = cells.map((c) => c.trim().toLowerCase());
		const find = headerIndex(cells);
		const { columns } = this.settings;
		const sku = find(columns.sku);
		const found = cells.map((c) => `"${c}"`).join(', ');
		if (sku === undefined) {
			throw invalidInput(
				this.ctx,
				this.itemIndex,
				'SKU Column',
				`the file's header has no column "${columns.sku}" (its columns: ${found})`,
			);
		}
		const prefix = columns.warehousePrefix.trim().toLowerCase();
		const wide = prefix
			? cells.flatMap((c, index) =>
					names[index].startsWith(prefix) && names[index].length > prefix.length
						? [{ code: c.trim().slice(prefix.length).trim(), index }]
						: [],
				)
			: [];
		const header: CsvHeader = {
			count: cells.length,
			sku,
			quantity: find(columns.quantity),
			warehouse: find(columns.warehouse),
			status: find(columns.status),
			cost: find(columns.cost),
			date: find(columns.estimatedAvailabilityDate),
			wide,
		};
		if (header.quantity === undefined && wide.length === 0) {
			throw invalidInput(
				this.ctx,
				this.itemIndex,
				'Quantity Column',
				`the file's header has neither a column "${columns.quantity}" nor warehouse columns "${columns.warehousePrefix}<code>" (its columns: ${found})`,
			);
		}
		return header;
	}

	private readRow(cells: string[], line: number): CsvRow {
		const h = this.header as CsvHeader;
		const cell = (index?: number) => (index === undefined ? undefined : (cells[index] ?? ''));
		const row: CsvRow = { line, sku: (cell(h.sku) ?? '').trim(), warehouses: [] };
		const extra = tooManyFields(cells.length, h.count);
		if (extra) {
			row.error = invalidInput(this.ctx, this.itemIndex, `Line ${line}`, extra);
			return row;
		}
		for (const { code, index } of h.wide) {
			const value = cell(index);
			if (!isBlank(value)) row.warehouses.push({ code, quantity: value as string });
		}
		const code = cell(h.warehouse);
		if (!isBlank(code))
			row.warehouses.push({ code: (code as string).trim(), quantity: cell(h.quantity) ?? '' });
		else row.total = cell(h.quantity);
		row.status = cell(h.status);
		row.cost = cell(h.cost);
		row.date = cell(h.date);
		return row;
	}

	/** Turns the rows of one SKU (consecutive lines, one per warehouse, or a single line) into one FileRow. */
	private flush(out: FileRow[]) {
		const rows = this.group;
		if (rows.length === 0) return;
		this.group = [];
		const first = rows[0];
		const lines =
			rows.length === 1
				? `line ${first.line}`
				: `lines ${first.line}–${rows[rows.length - 1].line}`;
		try {
			const broken = rows.find((r) => r.error);
			if (broken) throw broken.error;
			if (rows.length > 1) {
				const totalOnly = rows.find((r) => r.warehouses.length === 0 || !isBlank(r.total));
				if (totalOnly) {
					throw invalidInput(
						this.ctx,
						this.itemIndex,
						`Warehouse at line ${totalOnly.line}`,
						`SKU "${first.sku}" has several lines (${lines}), so each must name its warehouse`,
					);
				}
			}
			const one = (field: string, pick: (r: CsvRow) => string | undefined) => {
				const given = rows.filter((r) => !isBlank(pick(r)));
				const distinct = new Set(given.map((r) => (pick(r) as string).trim()));
				if (distinct.size > 1) {
					throw invalidInput(
						this.ctx,
						this.itemIndex,
						`${field} at line ${given[1].line}`,
						`SKU "${first.sku}" has different values on ${lines}; give one`,
					);
				}
				return given.length ? pick(given[0]) : undefined;
			};
			const raw: RawInventory = {
				sku: first.sku,
				quantity: rows.length === 1 ? first.total : undefined,
				warehouses: rows.flatMap((r) => r.warehouses),
				status: one('Status', (r) => r.status),
				cost: one('Cost', (r) => r.cost),
				estimatedAvailabilityDate: one('Estimated Availability Date', (r) => r.date),
			};
			const entry = buildItemInventory(
				this.ctx,
				this.itemIndex,
				raw,
				this.settings.rules,
				(f) => `${f} at ${lines}`,
			);
			checkRepeat(
				this.ctx,
				this.itemIndex,
				this.seen,
				entry.sku,
				first.line,
				'put all lines of one SKU next to each other (e.g. sort the file by SKU)',
			);
			out.push({ ok: true, entry, line: first.line, rows: rows.length });
		} catch (error) {
			out.push(badRow(first.line, rows.length, error, first.sku || undefined));
		}
	}
}
