/**
 * Reading an inventory file (CSV or JSON Lines) chunk by chunk into ItemInventory lines, each checked like an
 * Update item. Nothing here holds the file: rows are handed out as they complete. Only the SKUs seen so far are
 * kept (with their first line), to refuse a SKU that comes back later and to name the line of a failure; a read
 * that follows one which did that can do without.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from '../../helpers/items';
import { CsvParser } from './csv';
import {
	buildItemInventory,
	isBlank,
	type InventoryRules,
	type ItemInventoryEntry,
	type RawInventory,
} from './itemInventory';

export type FileFormat = 'csv' | 'jsonl';

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

export type FileRow =
	| { ok: true; entry: ItemInventoryEntry; line: number; rows: number }
	| { ok: false; line: number; sku?: string; rows: number; error: Error };

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
export async function* readInventoryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	chunks: AsyncIterable<Uint8Array>,
	settings: FileSettings,
	/** Each SKU's first line, filled as rows are read; null: SKUs are not checked for repeats (an earlier read did). */
	seen: Map<string, number> | null = new Map<string, number>(),
): AsyncGenerator<FileRow> {
	const decoder = new TextDecoder('utf-8');
	let reader: LineReader | undefined;
	let pending = '';
	for await (const chunk of chunks) {
		const text = decoder.decode(chunk, { stream: true });
		if (!reader) {
			pending += text;
			if (pending.trim() === '') continue;
			reader = createReader(
				ctx,
				itemIndex,
				settings,
				pending.trimStart().startsWith('{') ? 'jsonl' : 'csv',
				seen,
			);
			yield* reader.push(pending);
			pending = '';
			continue;
		}
		yield* reader.push(text);
	}
	const rest = decoder.decode();
	if (!reader) {
		pending += rest;
		if (pending.trim() === '') return;
		reader = createReader(
			ctx,
			itemIndex,
			settings,
			pending.trimStart().startsWith('{') ? 'jsonl' : 'csv',
			seen,
		);
		yield* reader.push(pending);
	} else if (rest) {
		yield* reader.push(rest);
	}
	yield* reader.end();
}

interface LineReader {
	push(text: string): FileRow[];
	end(): FileRow[];
}

function createReader(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: FileSettings,
	sniffed: FileFormat,
	seen: Map<string, number> | null,
): LineReader {
	const format = settings.format === 'auto' ? sniffed : settings.format;
	return format === 'jsonl'
		? new JsonLinesReader(ctx, itemIndex, settings, seen)
		: new CsvReader(ctx, itemIndex, settings, seen);
}

/** Refuses a SKU seen before; remembers the line of a new one. */
function checkRepeat(
	ctx: IExecuteFunctions,
	itemIndex: number,
	seen: Map<string, number> | null,
	sku: string,
	line: number,
	hint: string,
) {
	if (!seen) return;
	const first = seen.get(sku);
	if (first !== undefined) {
		throw invalidInput(
			ctx,
			itemIndex,
			`SKU at line ${line}`,
			`"${sku}" already appeared at line ${first}; ${hint}`,
		);
	}
	seen.set(sku, line);
}

function bad(line: number, rows: number, error: unknown, sku?: string): FileRow {
	return { ok: false, line, rows, sku, error: error as Error };
}

const at = (line: number) => (field: string) => `${field} at line ${line}`;

class JsonLinesReader implements LineReader {
	/** The current line's text received so far, in pieces: joined once when the line ends, so a long line costs its length once. */
	private pending: string[] = [];

	private line = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly settings: FileSettings,
		private readonly seen: Map<string, number> | null,
	) {}

	push(text: string): FileRow[] {
		const out: FileRow[] = [];
		let start = 0;
		for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
			this.pending.push(text.slice(start, end));
			const line = this.pending.join('');
			this.pending = [];
			this.take(line, out);
			start = end + 1;
		}
		if (start < text.length) this.pending.push(text.slice(start));
		return out;
	}

	end(): FileRow[] {
		const out: FileRow[] = [];
		if (this.pending.length > 0) this.take(this.pending.join(''), out);
		this.pending = [];
		return out;
	}

	private take(text: string, out: FileRow[]) {
		this.line++;
		const line = this.line;
		if (text.trim() === '') return;
		let sku: string | undefined;
		try {
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch (error) {
				throw invalidInput(
					this.ctx,
					this.itemIndex,
					`Line ${line}`,
					`it is not valid JSON (${(error as Error).message})`,
				);
			}
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
				throw invalidInput(
					this.ctx,
					this.itemIndex,
					`Line ${line}`,
					'each line must be one JSON object (an ItemInventory)',
				);
			}
			const o = parsed as IDataObject;
			sku = typeof o.sku === 'string' ? o.sku.trim() : undefined;
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
			out.push(bad(line, 1, error, sku));
		}
	}
}

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

class CsvReader implements LineReader {
	private readonly parser: CsvParser;

	private header?: CsvHeader;

	private group: CsvRow[] = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly settings: FileSettings,
		private readonly seen: Map<string, number> | null,
	) {
		this.parser = new CsvParser(settings.delimiter);
	}

	push(text: string): FileRow[] {
		const out: FileRow[] = [];
		for (const record of this.parser.push(text)) this.take(record.cells, record.line, out);
		return out;
	}

	end(): FileRow[] {
		const out: FileRow[] = [];
		const { records, unclosedQuoteAt } = this.parser.end();
		for (const record of records) this.take(record.cells, record.line, out);
		this.flush(out);
		if (unclosedQuoteAt !== undefined) {
			const problem = 'a quoted field starting here is never closed (missing ")';
			out.push(
				bad(
					unclosedQuoteAt,
					1,
					invalidInput(this.ctx, this.itemIndex, `Line ${unclosedQuoteAt}`, problem),
				),
			);
		}
		return out;
	}

	private take(cells: string[], line: number, out: FileRow[]) {
		if (!this.header) {
			this.header = this.readHeader(cells);
			return;
		}
		const row = this.readRow(cells, line);
		const current = this.group[0];
		if (current && (current.sku !== row.sku || row.sku === '')) this.flush(out);
		this.group.push(row);
	}

	private readHeader(cells: string[]): CsvHeader {
		const names = cells.map((c) => c.trim().toLowerCase());
		const find = (name: string) => {
			const k = names.indexOf(name.trim().toLowerCase());
			return k === -1 ? undefined : k;
		};
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
		if (cells.length > h.count) {
			row.error = invalidInput(
				this.ctx,
				this.itemIndex,
				`Line ${line}`,
				`it has ${cells.length} fields but the header has ${h.count} (a value holding the delimiter must be in double quotes)`,
			);
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
			out.push(bad(first.line, rows.length, error, first.sku || undefined));
		}
	}
}
