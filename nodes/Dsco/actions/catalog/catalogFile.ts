/**
 * Reading a catalog file into ItemCatalog lines, each checked against the vendor's ItemCatalog schema. A JSON line
 * is one ItemCatalog as it is sent; a CSV row is one item whose columns are named after ItemCatalog fields, each
 * cell read as the field's type (see CSV_MAPPING, which the operation's description and the README repeat).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	badRow,
	checkRepeat,
	readFileRows,
	tooManyFields,
	type FileFormat,
	type FileRow,
	type RowBuilder,
} from '../../helpers/fileRows';
import {
	ITEM_CATALOG_FIELDS,
	itemCatalogField,
	itemCatalogProblem,
	itemCatalogValueFromText,
	type ItemCatalogEntry,
} from '../../helpers/itemCatalog';
import { invalidInput } from '../../helpers/items';

/** Columns named with this prefix and an attribute name hold that attribute's value (ItemCatalog `attributes`). */
export const ATTRIBUTE_PREFIX = 'attribute:';

/** How CSV cells become ItemCatalog fields, in words. */
export const CSV_MAPPING =
	'Columns are named after ItemCatalog fields (sku, title, productStatus, description, brand, cost, upc, weight, …; any case). Text as is; numbers, whole numbers and true/false as such; a list of text (keywords, accessorySkus, …) as values separated by "|" or a JSON array; "attribute:<name>" columns become attributes [{name, value}]; objects and lists of objects (listingPrices, categories, images, partnerSkuMap, …) as JSON in the cell. An empty cell leaves the field out (deleting a field with null takes JSON Lines).';

export interface CatalogFileSettings {
	format: FileFormat | 'auto';
	delimiter: string;
	/** Leave out columns (CSV) and fields (JSON Lines) that are not ItemCatalog fields instead of refusing the file or row. */
	ignoreUnknownFields: boolean;
}

/** Reads the file's chunks into one FileRow per ItemCatalog (bad ones included, with their error). */
export function readCatalogFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	chunks: AsyncIterable<Uint8Array>,
	settings: CatalogFileSettings,
	seen: Map<string, number> | null = new Map<string, number>(),
): AsyncGenerator<FileRow<ItemCatalogEntry>> {
	return readFileRows(
		ctx,
		itemIndex,
		chunks,
		settings,
		new CatalogRows(ctx, itemIndex, settings, seen),
	);
}

type Column =
	| { index: number; kind: 'field'; field: string }
	| { index: number; kind: 'attribute'; name: string };

class CatalogRows implements RowBuilder<ItemCatalogEntry> {
	readonly objectName = 'an ItemCatalog';

	private columns?: Column[];

	private count = 0;

	private skuColumn = -1;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly settings: CatalogFileSettings,
		private readonly seen: Map<string, number> | null,
	) {}

	object(o: IDataObject, line: number, out: Array<FileRow<ItemCatalogEntry>>) {
		const item: IDataObject = {};
		for (const [key, value] of Object.entries(o)) {
			if (ITEM_CATALOG_FIELDS.has(key)) item[key] = value;
			else if (!this.settings.ignoreUnknownFields) {
				const problem = `"${key}" is not an ItemCatalog field (turn on "Ignore Unknown Fields" to leave such fields out)`;
				const sku = typeof o.sku === 'string' ? o.sku : undefined;
				out.push(
					badRow(line, 1, invalidInput(this.ctx, this.itemIndex, `Line ${line}`, problem), sku),
				);
				return;
			}
		}
		this.take(item, line, out);
	}

	record(cells: string[], line: number, out: Array<FileRow<ItemCatalogEntry>>) {
		if (!this.columns) {
			this.columns = this.readHeader(cells);
			this.count = cells.length;
			return;
		}
		const sku = (cells[this.skuColumn] ?? '').trim() || undefined;
		const extra = tooManyFields(cells.length, this.count);
		if (extra) {
			out.push(badRow(line, 1, invalidInput(this.ctx, this.itemIndex, `Line ${line}`, extra), sku));
			return;
		}
		const item: IDataObject = {};
		const attributes: IDataObject[] = [];
		for (const column of this.columns) {
			const cell = (cells[column.index] ?? '').trim();
			if (cell === '') continue;
			if (column.kind === 'attribute') {
				attributes.push({ name: column.name, value: cell });
				continue;
			}
			const read = itemCatalogValueFromText(column.field, cell);
			if (read.problem !== undefined) {
				const field = `${column.field} at line ${line}`;
				out.push(badRow(line, 1, invalidInput(this.ctx, this.itemIndex, field, read.problem), sku));
				return;
			}
			item[column.field] = read.value;
		}
		if (attributes.length > 0) {
			if (item.attributes !== undefined) {
				const problem = `give attributes either in an "attributes" column or in "${ATTRIBUTE_PREFIX}<name>" columns, not both`;
				out.push(
					badRow(
						line,
						1,
						invalidInput(this.ctx, this.itemIndex, `attributes at line ${line}`, problem),
						sku,
					),
				);
				return;
			}
			item.attributes = attributes;
		}
		this.take(item, line, out);
	}

	end() {}

	/** Checks one item against the schema (and for a repeated SKU) and hands it out. */
	private take(item: IDataObject, line: number, out: Array<FileRow<ItemCatalogEntry>>) {
		const sku = typeof item.sku === 'string' ? item.sku.trim() : undefined;
		try {
			if (typeof item.sku === 'string') item.sku = item.sku.trim();
			if (item.sku === '')
				throw invalidInput(this.ctx, this.itemIndex, `sku at line ${line}`, 'is empty');
			const found = itemCatalogProblem(item);
			if (found) {
				throw invalidInput(
					this.ctx,
					this.itemIndex,
					`${found.path || 'Item'} at line ${line}`,
					`${found.problem} (DSCO's ItemCatalog)`,
				);
			}
			const entry = item as ItemCatalogEntry;
			checkRepeat(
				this.ctx,
				this.itemIndex,
				this.seen,
				entry.sku,
				line,
				'give each SKU on one line only',
			);
			out.push({ ok: true, entry, line, rows: 1 });
		} catch (error) {
			out.push(badRow(line, 1, error, sku || undefined));
		}
	}

	private readHeader(cells: string[]): Column[] {
		const found = cells.map((c) => `"${c}"`).join(', ');
		const columns: Column[] = [];
		const unknown: string[] = [];
		const taken = new Map<string, string>();
		cells.forEach((cell, index) => {
			const name = cell.trim();
			if (
				name.toLowerCase().startsWith(ATTRIBUTE_PREFIX) &&
				name.length > ATTRIBUTE_PREFIX.length
			) {
				columns.push({
					index,
					kind: 'attribute',
					name: name.slice(ATTRIBUTE_PREFIX.length).trim(),
				});
				return;
			}
			const field = itemCatalogField(name);
			if (!field) {
				if (name !== '') unknown.push(`"${name}"`);
				return;
			}
			const before = taken.get(field);
			if (before !== undefined) {
				throw invalidInput(
					this.ctx,
					this.itemIndex,
					'Input Binary Field',
					`the file's header names the field ${field} twice ("${before}" and "${name}")`,
				);
			}
			taken.set(field, name);
			if (field === 'sku') this.skuColumn = index;
			columns.push({ index, kind: 'field', field });
		});
		if (this.skuColumn === -1) {
			throw invalidInput(
				this.ctx,
				this.itemIndex,
				'Input Binary Field',
				`the file's header has no column "sku" (its columns: ${found})`,
			);
		}
		if (unknown.length > 0 && !this.settings.ignoreUnknownFields) {
			throw invalidInput(
				this.ctx,
				this.itemIndex,
				'Input Binary Field',
				`the file's header has columns that are not ItemCatalog fields: ${unknown.join(', ')} (rename them to ItemCatalog fields, name attributes "${ATTRIBUTE_PREFIX}<name>", or turn on "Ignore Unknown Fields")`,
			);
		}
		return columns;
	}
}
