import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import { readBinaryInPieces, type BinaryPieces, type BinaryStream } from '../../helpers/binaryData';
import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem, invalidInput } from '../../helpers/items';
import {
	isEmptyLocator,
	locatorValue,
	textThenLocator,
	warehouseLocator,
} from '../../helpers/locators';
import { readQuantity, readText } from '../../helpers/validation';
import { LARGE_BATCH_START } from '../../transport/answers';
import { ChangeLogTally, scanChangeLog, waitForCompletion } from '../../transport/changeLog';
import type { DscoClient } from '../../transport/client';
import { dscoApiError } from '../../transport/errors';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';
import {
	readInventoryFile,
	type FileColumns,
	type FileFormat,
	type FileRow,
	type FileSettings,
} from './fileRows';
import { isBlank } from './itemInventory';
import { safetyStockOption, skipItemsOption } from './update.operation';

/** Read and write in pieces of this size. */
const CHUNK_BYTES = 64 * 1024;
/** How many refused rows and failed lines are listed in the output (all are counted). */
const LISTED = 10;

const DEFAULT_COLUMNS: FileColumns = {
	sku: 'sku',
	quantity: 'quantity',
	warehouse: 'warehouse',
	warehousePrefix: 'warehouse:',
	status: 'status',
	cost: 'cost',
	estimatedAvailabilityDate: 'estimatedAvailabilityDate',
};

export const description: INodeProperties[] = showOnlyFor('inventory', 'updateFromFile', [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		placeholder: 'e.g. data',
		description:
			'The binary field of the input item holding the CSV or JSON Lines file, one file per input item',
	},
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{
				name: 'Auto-Detect',
				value: 'auto',
				description: 'By the file name or type, else JSON Lines when the file starts with "{"',
			},
			{
				name: 'CSV',
				value: 'csv',
				description: 'A header row, then one row per SKU, or per SKU and warehouse',
			},
			{ name: 'JSON Lines', value: 'jsonl', description: 'One DSCO ItemInventory object per line' },
		],
		default: 'auto',
		description: 'How the file is written',
	},
	...textThenLocator(
		{
			displayName: 'Warehouse Code',
			name: 'warehouseCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. WH-01',
			description:
				"Warehouse for rows that give only a total quantity. DSCO's file API needs at least one warehouse with a quantity per SKU, so such rows are refused when this is empty.",
		},
		{
			...warehouseLocator(
				'warehouseCode',
				'Warehouse',
				'Warehouse for rows that give only a total quantity (rows with their own warehouse column keep theirs)',
			),
			hint: "DSCO's file API needs a warehouse on every line: rows with only a total are refused when this is empty",
		},
	),
	asyncWriteOptions([
		safetyStockOption,
		skipItemsOption,
		{
			displayName: 'Skip Bad Rows',
			name: 'skipBadRows',
			type: 'boolean',
			default: false,
			description:
				'Whether to send the good rows and count the bad ones (listed with their line numbers in the output). Otherwise a bad row stops the node, naming its line, before anything is sent.',
		},
		{
			displayName: 'Delimiter',
			name: 'delimiter',
			type: 'string',
			default: ',',
			description: 'CSV field separator, one character (use \\t for a tab)',
		},
		{
			displayName: 'SKU Column',
			name: 'skuColumn',
			type: 'string',
			default: 'sku',
			description: 'CSV column holding the SKU',
		},
		{
			displayName: 'Quantity Column',
			name: 'quantityColumn',
			type: 'string',
			default: 'quantity',
			description:
				'CSV column holding the quantity: of the warehouse named on the same row, else the total of the SKU',
		},
		{
			displayName: 'Warehouse Column',
			name: 'warehouseColumn',
			type: 'string',
			default: 'warehouse',
			description:
				'CSV column holding a warehouse code; a SKU in several warehouses then takes one row per warehouse, on consecutive lines',
		},
		{
			displayName: 'Warehouse Column Prefix',
			name: 'warehousePrefixColumn',
			type: 'string',
			default: 'warehouse:',
			description:
				'Columns named with this prefix and a warehouse code (e.g. "warehouse:WH-01") hold that warehouse\'s quantity, one row per SKU',
		},
		{
			displayName: 'Status Column',
			name: 'statusColumn',
			type: 'string',
			default: 'status',
			description:
				'CSV column holding the status (in-stock, out-of-stock, discontinued, hidden); empty cells are inferred from the quantity',
		},
		{
			displayName: 'Cost Column',
			name: 'costColumn',
			type: 'string',
			default: 'cost',
			description: 'CSV column holding the cost (≥ 0, at most 2 decimals)',
		},
		{
			displayName: 'Estimated Availability Date Column',
			name: 'estimatedAvailabilityDateColumn',
			type: 'string',
			default: 'estimatedAvailabilityDate',
			description: 'CSV column holding the estimated availability date (ISO 8601)',
		},
	]),
]);

interface FileOptions {
	safetyStock?: unknown;
	skipItemsThatDontExist?: boolean;
	skipBadRows?: boolean;
	delimiter?: string;
	skuColumn?: string;
	quantityColumn?: string;
	warehouseColumn?: string;
	warehousePrefixColumn?: string;
	statusColumn?: string;
	costColumn?: string;
	estimatedAvailabilityDateColumn?: string;
}

function readSettings(ctx: IExecuteFunctions, i: number, binary: IBinaryData): FileSettings {
	const o = ctx.getNodeParameter('options', i, {}) as FileOptions;
	const safetyStock = isBlank(o.safetyStock)
		? 0
		: readQuantity(ctx, i, 'Safety Stock', o.safetyStock);
	let delimiter = o.delimiter ?? ',';
	if (delimiter === '\\t') delimiter = '\t';
	if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
		throw invalidInput(
			ctx,
			i,
			'Delimiter',
			`"${delimiter}" is not one character other than a quote or a line break`,
		);
	}
	const labels: Record<keyof FileColumns, string> = {
		sku: 'SKU Column',
		quantity: 'Quantity Column',
		warehouse: 'Warehouse Column',
		warehousePrefix: 'Warehouse Column Prefix',
		status: 'Status Column',
		cost: 'Cost Column',
		estimatedAvailabilityDate: 'Estimated Availability Date Column',
	};
	const name = (field: keyof FileColumns, given?: string) =>
		given === undefined
			? DEFAULT_COLUMNS[field]
			: field === 'warehousePrefix'
				? given
				: readText(ctx, i, labels[field], given);
	const columns: FileColumns = {
		sku: name('sku', o.skuColumn),
		quantity: name('quantity', o.quantityColumn),
		warehouse: name('warehouse', o.warehouseColumn),
		warehousePrefix: name('warehousePrefix', o.warehousePrefixColumn),
		status: name('status', o.statusColumn),
		cost: name('cost', o.costColumn),
		estimatedAvailabilityDate: name('estimatedAvailabilityDate', o.estimatedAvailabilityDateColumn),
	};
	const rawWarehouse = ctx.getNodeParameter('warehouseCode', i, '');
	const warehouseCode = isEmptyLocator(rawWarehouse)
		? ''
		: String(locatorValue(rawWarehouse)).trim();
	return {
		format: resolveFormat(ctx, i, binary),
		delimiter,
		columns,
		rules: { safetyStock, warehouseCode, requireWarehouse: true },
	};
}

function resolveFormat(
	ctx: IExecuteFunctions,
	i: number,
	binary: IBinaryData,
): FileFormat | 'auto' {
	const chosen = ctx.getNodeParameter('fileFormat', i, 'auto') as string;
	if (chosen === 'csv' || chosen === 'jsonl') return chosen;
	if (chosen !== 'auto')
		throw invalidInput(ctx, i, 'File Format', `"${chosen}" is not one of auto, csv, jsonl`);
	const extension = (binary.fileExtension ?? binary.fileName?.split('.').pop() ?? '').toLowerCase();
	const mime = (binary.mimeType ?? '').toLowerCase();
	if (['jsonl', 'ndjson'].includes(extension) || /ndjson|jsonl|json-seq/.test(mime)) return 'jsonl';
	if (extension === 'csv' || mime.includes('csv')) return 'csv';
	return 'auto';
}

/** One line of the body DSCO takes: an ItemInventory as JSON, then a line break. */
const jsonLine = (entry: IDataObject) => `${JSON.stringify(entry)}\n`;

/** The JSON Lines body: the good rows' ItemInventory objects, in pieces of about CHUNK_BYTES. */
async function* jsonLines(
	rows: AsyncIterable<FileRow>,
	sent: { items: number; rows: number; bytes: number },
) {
	let text = '';
	for await (const row of rows) {
		if (!row.ok) continue;
		text += jsonLine(row.entry);
		sent.items++;
		sent.rows += row.rows;
		if (text.length >= CHUNK_BYTES) {
			const piece = Buffer.from(text, 'utf8');
			sent.bytes += piece.length;
			text = '';
			yield piece;
		}
	}
	if (text) {
		const piece = Buffer.from(text, 'utf8');
		sent.bytes += piece.length;
		yield piece;
	}
}

/**
 * Makes Node.js readable streams with the `from` of the stream class n8n handed us (community nodes may not import
 * 'stream'); undefined without such a stream (n8n's in-memory binary mode hands out none).
 */
function streamMaker(
	sample?: BinaryStream,
): ((chunks: AsyncIterable<Buffer>) => BinaryStream) | undefined {
	const family = sample?.constructor as unknown as
		| { from?: (source: AsyncIterable<Buffer>, options: IDataObject) => BinaryStream }
		| undefined;
	const from = family?.from;
	return typeof from === 'function'
		? (chunks) => from.call(family, chunks, { objectMode: false })
		: undefined;
}

/** The whole body in one Buffer of the size counted beforehand, so that it is never copied while it grows. */
async function bodyOfSize(
	ctx: IExecuteFunctions,
	i: number,
	fileName: string,
	pieces: AsyncIterable<Buffer>,
	size: number,
): Promise<Buffer> {
	const body = Buffer.allocUnsafe(size);
	let at = 0;
	for await (const piece of pieces) {
		if (at + piece.length <= size) piece.copy(body, at);
		at += piece.length;
		if (at > size) break;
	}
	if (at !== size) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${fileName}" read differently the second time; nothing was sent to DSCO`,
			{ itemIndex: i },
		);
	}
	return body;
}

/** One input item's file and how to read it. */
interface InventoryFile {
	fileName: string;
	settings: FileSettings;
	options: FileOptions;
	/** A new read of the file, in pieces (streamed from n8n's store, or decoded from the item's base64). */
	open: () => Promise<BinaryPieces>;
}

/** What the checking read found. */
interface CheckedFile {
	itemsToSend: number;
	rowsRefused: number;
	/** The first refused rows, for the output. */
	refused: IDataObject[];
	/** The line of every refused row, so that the sending read leaves them out without a map of the SKUs. */
	refusedLines: Set<number>;
	/** Makes the body a stream; undefined in n8n's in-memory binary mode, where the body is built in memory. */
	makeStream?: (chunks: AsyncIterable<Buffer>) => BinaryStream;
	/** The body's size in bytes, counted when it is built in memory. */
	bodyBytes: number;
}

/**
 * The first read: checks every row before anything is sent. Repeated SKUs are found with a map of every SKU, which
 * is dropped when this read ends, so that it never sits in memory next to the body.
 */
async function checkRows(
	ctx: IExecuteFunctions,
	i: number,
	file: InventoryFile,
): Promise<CheckedFile> {
	const skipBadRows = file.options.skipBadRows === true;
	const source = await file.open();
	const checked: CheckedFile = {
		itemsToSend: 0,
		rowsRefused: 0,
		refused: [],
		refusedLines: new Set(),
		makeStream: streamMaker(source.stream),
		bodyBytes: 0,
	};
	for await (const row of readInventoryFile(ctx, i, source.chunks, file.settings)) {
		if (row.ok) {
			checked.itemsToSend++;
			// Counted in both binary modes: the upload states its Content-Length (an object-store PUT needs it).
			checked.bodyBytes += Buffer.byteLength(jsonLine(row.entry));
			continue;
		}
		if (!skipBadRows) {
			throw new NodeOperationError(ctx.getNode(), row.error.message, {
				itemIndex: i,
				description: `Nothing was sent to DSCO. Fix line ${row.line} of "${file.fileName}", or turn on the option "Skip Bad Rows" to send the good rows and list the bad ones.`,
			});
		}
		checked.rowsRefused += row.rows;
		checked.refusedLines.add(row.line);
		if (checked.refused.length < LISTED)
			checked.refused.push({ line: row.line, sku: row.sku ?? null, error: row.error.message });
	}
	if (checked.itemsToSend === 0) {
		const all = checked.rowsRefused
			? ` (all ${checked.rowsRefused} rows were refused: ${String(checked.refused[0]?.error)})`
			: '';
		throw invalidInput(
			ctx,
			i,
			'Input Binary Field',
			`"${file.fileName}" has no rows to send${all}`,
		);
	}
	return checked;
}

/** The rows the checking read accepted, read again (without the SKU map: those it refused are left out by line). */
async function* acceptedRows(
	ctx: IExecuteFunctions,
	i: number,
	file: InventoryFile,
	chunks: AsyncIterable<Uint8Array>,
	refusedLines: Set<number>,
) {
	for await (const row of readInventoryFile(ctx, i, chunks, file.settings, null)) {
		if (row.ok && !refusedLines.has(row.line)) yield row;
	}
}

/** The second read: the accepted rows as JSON Lines to DSCO's upload URL, streamed where n8n gave a stream. */
async function sendRows(
	ctx: IExecuteFunctions,
	client: DscoClient,
	i: number,
	file: InventoryFile,
	checked: CheckedFile,
	dataUrl: string,
) {
	const sent = { items: 0, rows: 0, bytes: 0 };
	const source = await file.open();
	const body = jsonLines(acceptedRows(ctx, i, file, source.chunks, checked.refusedLines), sent);
	try {
		const payload = checked.makeStream
			? checked.makeStream(body)
			: await bodyOfSize(ctx, i, file.fileName, body, checked.bodyBytes);
		await client.upload(dataUrl, payload, { itemIndexes: i, contentLength: checked.bodyBytes });
	} finally {
		source.stream?.destroy();
	}
	return sent;
}

/** The line of each of a few SKUs (the first accepted row of each), read from the file once more. */
async function linesOf(
	ctx: IExecuteFunctions,
	i: number,
	file: InventoryFile,
	checked: CheckedFile,
	skus: Set<string>,
): Promise<Map<string, number>> {
	const found = new Map<string, number>();
	if (skus.size === 0) return found;
	const source = await file.open();
	try {
		for await (const row of acceptedRows(ctx, i, file, source.chunks, checked.refusedLines)) {
			if (skus.has(row.entry.sku) && !found.has(row.entry.sku)) found.set(row.entry.sku, row.line);
			if (found.size === skus.size) break;
		}
	} finally {
		source.stream?.destroy();
	}
	return found;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const wait = readAsyncWriteOptions(this);
	return await forEachItem(this, items, async (i) => {
		const property = this.getNodeParameter('binaryPropertyName', i) as string;
		const binary = this.helpers.assertBinaryData(i, property);
		const file: InventoryFile = {
			fileName: binary.fileName ?? property,
			settings: readSettings(this, i, binary),
			options: this.getNodeParameter('options', i, {}) as FileOptions,
			open: async () => await readBinaryInPieces(this, binary, CHUNK_BYTES),
		};
		const checked = await checkRows(this, i, file);

		// Ask DSCO for an upload URL (asking again only opens another, unused one).
		const skipUnknown = file.options.skipItemsThatDontExist === true;
		const started = await client.request<{ requestId?: string; dataUrl?: string; status?: string }>(
			{
				method: 'POST',
				path: '/inventory/batch/large',
				qs: skipUnknown ? { skipItemsThatDontExist: true } : undefined,
				itemIndexes: i,
				idempotent: true,
				answer: LARGE_BATCH_START,
			},
		);
		const { requestId, dataUrl } = started.body;
		if (!requestId || !dataUrl || started.body?.status === 'failure') {
			throw dscoApiError(client.node, {
				status: started.status,
				method: 'POST',
				path: '/inventory/batch/large',
				body: started.body,
				itemIndexes: i,
				message: 'DSCO did not hand out an upload URL for the file',
			});
		}

		const sent = await sendRows(this, client, i, file, checked, dataUrl);
		const json: IDataObject = {
			requestId,
			fileName: file.fileName,
			rowsSent: sent.rows,
			rowsRefused: checked.rowsRefused,
			itemsSent: sent.items,
			bytesSent: sent.bytes,
			refusedRows: checked.refused,
			status: 'pending',
		};
		if (!wait.waitForResult) return json;

		const completed = await waitForCompletion(
			client,
			'inventory',
			requestId,
			{ timeoutMs: wait.waitTimeoutMs, itemIndexes: [i] },
			(ms) => client.wait(ms),
		);
		if (!completed) {
			throw new NodeApiError(client.node, { ...json } as JsonObject, {
				message: `DSCO accepted the file but had not processed it after ${Math.round(wait.waitTimeoutMs / 1000)} s [item ${i}]`,
				description: `requestId ${requestId}: check it later with Change Log → Get, or raise "Wait Timeout".`,
				itemIndex: i,
			});
		}
		const tally = new ChangeLogTally(LISTED);
		await scanChangeLog(client, 'inventory', { requestId }, (entries) => tally.add(entries), i);
		// Without "Skip Items That Don't Exist", DSCO logs every item it processed: one it did not log is unaccounted for.
		if (!skipUnknown && tally.total < sent.items) {
			throw new NodeApiError(client.node, { ...json } as JsonObject, {
				message: `DSCO's change log has no entry for ${sent.items - tally.total} of the ${sent.items} items sent, although it reports the file processed [item ${i}]`,
				description: `requestId ${requestId}: ${tally.success} succeeded and ${tally.failure} failed in the change log; check the rest later with Change Log → Get.`,
				itemIndex: i,
			});
		}
		const skuOf = (f: (typeof tally.firstFailures)[number]) =>
			typeof f.payload?.sku === 'string' ? f.payload.sku : null;
		const lines = await linesOf(
			this,
			i,
			file,
			checked,
			new Set(tally.firstFailures.map(skuOf).filter((sku): sku is string => sku !== null)),
		);
		json.status = 'completed';
		json.result = {
			success: tally.success,
			failure: tally.failure,
			// DSCO logs nothing for SKUs skipped under "Skip Items That Don't Exist".
			skipped: Math.max(0, sent.items - tally.total),
			firstFailures: tally.firstFailures.map((f) => {
				const sku = skuOf(f);
				return {
					line: (sku && lines.get(sku)) ?? null,
					sku,
					messages: f.messages as unknown as IDataObject[],
				};
			}),
		};
		return json;
	});
}
