import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem, invalidInput } from '../../helpers/items';
import { readQuantity, readText } from '../../helpers/validation';
import { LARGE_BATCH_START } from '../../transport/answers';
import { ChangeLogTally, scanChangeLog, waitForCompletion } from '../../transport/changeLog';
import type { DscoClient } from '../../transport/client';
import { dscoApiError } from '../../transport/errors';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';
import { readInventoryFile, type FileColumns, type FileFormat, type FileRow, type FileSettings } from './fileRows';
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
		description: 'The binary field of the input item holding the CSV or JSON Lines file, one file per input item',
	},
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{ name: 'Auto-Detect', value: 'auto', description: 'By the file name or type, else JSON Lines when the file starts with "{"' },
			{ name: 'CSV', value: 'csv', description: 'A header row, then one row per SKU, or per SKU and warehouse' },
			{ name: 'JSON Lines', value: 'jsonl', description: "One DSCO ItemInventory object per line" },
		],
		default: 'auto',
		description: 'How the file is written',
	},
	{
		displayName: 'Warehouse Code',
		name: 'warehouseCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. WH-01',
		description:
			"Warehouse for rows that give only a total quantity. DSCO's file API needs at least one warehouse with a quantity per SKU, so such rows are refused when this is empty.",
	},
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
			description: 'CSV column holding the quantity: of the warehouse named on the same row, else the total of the SKU',
		},
		{
			displayName: 'Warehouse Column',
			name: 'warehouseColumn',
			type: 'string',
			default: 'warehouse',
			description: 'CSV column holding a warehouse code; a SKU in several warehouses then takes one row per warehouse, on consecutive lines',
		},
		{
			displayName: 'Warehouse Column Prefix',
			name: 'warehousePrefixColumn',
			type: 'string',
			default: 'warehouse:',
			description: 'Columns named with this prefix and a warehouse code (e.g. "warehouse:WH-01") hold that warehouse\'s quantity, one row per SKU',
		},
		{
			displayName: 'Status Column',
			name: 'statusColumn',
			type: 'string',
			default: 'status',
			description: 'CSV column holding the status (in-stock, out-of-stock, discontinued, hidden); empty cells are inferred from the quantity',
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

type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

function readSettings(ctx: IExecuteFunctions, i: number, binary: IBinaryData): FileSettings {
	const o = ctx.getNodeParameter('options', i, {}) as FileOptions;
	const safetyStock = isBlank(o.safetyStock) ? 0 : readQuantity(ctx, i, 'Safety Stock', o.safetyStock);
	let delimiter = o.delimiter ?? ',';
	if (delimiter === '\\t') delimiter = '\t';
	if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
		throw invalidInput(ctx, i, 'Delimiter', `"${delimiter}" is not one character other than a quote or a line break`);
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
		given === undefined ? DEFAULT_COLUMNS[field] : field === 'warehousePrefix' ? given : readText(ctx, i, labels[field], given);
	const columns: FileColumns = {
		sku: name('sku', o.skuColumn),
		quantity: name('quantity', o.quantityColumn),
		warehouse: name('warehouse', o.warehouseColumn),
		warehousePrefix: name('warehousePrefix', o.warehousePrefixColumn),
		status: name('status', o.statusColumn),
		cost: name('cost', o.costColumn),
		estimatedAvailabilityDate: name('estimatedAvailabilityDate', o.estimatedAvailabilityDateColumn),
	};
	const warehouseCode = String(ctx.getNodeParameter('warehouseCode', i, '') ?? '').trim();
	return {
		format: resolveFormat(ctx, i, binary),
		delimiter,
		columns,
		rules: { safetyStock, warehouseCode, requireWarehouse: true },
	};
}

function resolveFormat(ctx: IExecuteFunctions, i: number, binary: IBinaryData): FileFormat | 'auto' {
	const chosen = ctx.getNodeParameter('fileFormat', i, 'auto') as string;
	if (chosen === 'csv' || chosen === 'jsonl') return chosen;
	if (chosen !== 'auto') throw invalidInput(ctx, i, 'File Format', `"${chosen}" is not one of auto, csv, jsonl`);
	const extension = (binary.fileExtension ?? binary.fileName?.split('.').pop() ?? '').toLowerCase();
	const mime = (binary.mimeType ?? '').toLowerCase();
	if (['jsonl', 'ndjson'].includes(extension) || /ndjson|jsonl|json-seq/.test(mime)) return 'jsonl';
	if (extension === 'csv' || mime.includes('csv')) return 'csv';
	return 'auto';
}

/** Pieces of an in-memory file, so that it is read like a stream. */
async function* pieces(buffer: Buffer): AsyncGenerator<Uint8Array> {
	for (let k = 0; k < buffer.length; k += CHUNK_BYTES) yield buffer.subarray(k, k + CHUNK_BYTES);
}

/** The JSON Lines body: the good rows' ItemInventory objects, in pieces of about CHUNK_BYTES. */
async function* jsonLines(rows: AsyncIterable<FileRow>, sent: { items: number; rows: number; bytes: number }) {
	let text = '';
	for await (const row of rows) {
		if (!row.ok) continue;
		text += `${JSON.stringify(row.entry)}\n`;
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
 * A Node.js readable stream over `chunks`, made with the `from` of the stream class n8n handed us (community nodes
 * may not import 'stream'); undefined when that stream has none.
 */
function streamLike(sample: BinaryStream, chunks: AsyncIterable<Buffer>): BinaryStream | undefined {
	const family = sample.constructor as unknown as { from?: (source: AsyncIterable<Buffer>, options: IDataObject) => BinaryStream };
	return typeof family.from === 'function' ? family.from(chunks, { objectMode: false }) : undefined;
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
		const settings = readSettings(this, i, binary);
		const options = this.getNodeParameter('options', i, {}) as FileOptions;
		const skipBadRows = options.skipBadRows === true;
		const fileName = binary.fileName ?? property;
		// Filesystem/S3 binary mode: a fresh stream for each pass. In-memory mode: the file is already in memory.
		const memory = binary.id ? undefined : await this.helpers.getBinaryDataBuffer(i, property);
		const open = async (): Promise<{ chunks: AsyncIterable<Uint8Array>; stream?: BinaryStream }> => {
			if (memory) return { chunks: pieces(memory) };
			const stream = await this.helpers.getBinaryStream(binary.id as string, CHUNK_BYTES);
			return { chunks: stream as AsyncIterable<Uint8Array>, stream };
		};

		// Pass 1: check every row before anything is sent; remember each SKU's line.
		const lines = new Map<string, number>();
		const refused: IDataObject[] = [];
		let rowsRefused = 0;
		let itemsToSend = 0;
		for await (const row of readInventoryFile(this, i, (await open()).chunks, settings, lines)) {
			if (row.ok) {
				itemsToSend++;
				continue;
			}
			if (!skipBadRows) {
				throw new NodeOperationError(this.getNode(), row.error.message, {
					itemIndex: i,
					description: `Nothing was sent to DSCO. Fix line ${row.line} of "${fileName}", or turn on the option "Skip Bad Rows" to send the good rows and list the bad ones.`,
				});
			}
			rowsRefused += row.rows;
			if (refused.length < LISTED) refused.push({ line: row.line, sku: row.sku ?? null, error: row.error.message });
		}
		if (itemsToSend === 0) {
			throw invalidInput(this, i, 'Input Binary Field', `"${fileName}" has no rows to send${rowsRefused ? ` (all ${rowsRefused} rows were refused: ${String(refused[0]?.error)})` : ''}`);
		}

		// Ask DSCO for an upload URL (asking again only opens another, unused one).
		const skipUnknown = options.skipItemsThatDontExist === true;
		const started = await client.request<{ requestId?: string; dataUrl?: string; status?: string }>({
			method: 'POST',
			path: '/inventory/batch/large',
			qs: skipUnknown ? { skipItemsThatDontExist: true } : undefined,
			itemIndexes: i,
			idempotent: true,
			answer: LARGE_BATCH_START,
		});
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

		// Pass 2: stream the JSON Lines to the upload URL while reading the file again (pass 1's SKU map reused).
		const sent = { items: 0, rows: 0, bytes: 0 };
		const source = await open();
		const body = jsonLines(readInventoryFile(this, i, source.chunks, settings, lines), sent);
		try {
			const streamed = source.stream ? streamLike(source.stream, body) : undefined;
			let payload: unknown = streamed;
			if (!payload) {
				const parts: Buffer[] = [];
				for await (const part of body) parts.push(part);
				payload = Buffer.concat(parts);
			}
			await client.upload(dataUrl, payload, { itemIndexes: i });
		} finally {
			source.stream?.destroy();
		}

		const json: IDataObject = {
			requestId,
			fileName,
			rowsSent: sent.rows,
			rowsRefused,
			itemsSent: sent.items,
			bytesSent: sent.bytes,
			refusedRows: refused,
			status: 'pending',
		};
		if (!wait.waitForResult) return json;

		const completed = await waitForCompletion(client, 'inventory', requestId, { timeoutMs: wait.waitTimeoutMs, itemIndexes: [i] }, (ms) => client.wait(ms));
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
		json.status = 'completed';
		json.result = {
			success: tally.success,
			failure: tally.failure,
			// DSCO logs nothing for SKUs skipped under "Skip Items That Don't Exist".
			skipped: Math.max(0, sent.items - tally.total),
			firstFailures: tally.firstFailures.map((f) => {
				const sku = typeof f.payload?.sku === 'string' ? f.payload.sku : null;
				return { line: (sku && lines.get(sku)) ?? null, sku, messages: f.messages as unknown as IDataObject[] };
			}),
		};
		return json;
	});
}
