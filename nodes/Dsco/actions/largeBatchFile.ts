/**
 * "Update From File" for every resource DSCO takes large batches for (inventory, catalog): the input item's CSV or
 * JSON Lines binary is read twice, never held whole. The first read checks every row before anything is sent; then
 * DSCO hands out an upload URL (POST /<resource>/batch/large) and the second read streams the accepted rows as JSON
 * Lines to it; with Wait for Result the change log is summarised page by page. The resource supplies how its rows
 * are read (a RowBuilder through `read`), its parameters and its query.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import { readBinaryInPieces, type BinaryPieces, type BinaryStream } from '../helpers/binaryData';
import type { FileFormat, FileRow } from '../helpers/fileRows';
import { invalidInput } from '../helpers/items';
import { LARGE_BATCH_START } from '../transport/answers';
import {
	ChangeLogTally,
	loggedObject,
	scanChangeLog,
	waitForCompletion,
	type ChangeLogKind,
} from '../transport/changeLog';
import type { DscoClient } from '../transport/client';
import { dscoApiError, type DscoMessage } from '../transport/errors';
import type { AsyncWriteOptions } from './writeOptions';

/** Read and write in pieces of this size. */
export const CHUNK_BYTES = 64 * 1024;
/** How many refused rows and failed lines are listed in the output (all are counted). */
const LISTED = 10;

/** "Input Binary Field": where the file is. */
export const binaryFieldProperty: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	placeholder: 'e.g. data',
	description:
		'The binary field of the input item holding the CSV or JSON Lines file, one file per input item',
};

/** "File Format", with what a CSV row and a JSON line hold for the resource. */
export function fileFormatProperty(csv: string, jsonLines: string): INodeProperties {
	return {
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{
				name: 'Auto-Detect',
				value: 'auto',
				description: 'By the file name or type, else JSON Lines when the file starts with "{"',
			},
			{ name: 'CSV', value: 'csv', description: csv },
			{ name: 'JSON Lines', value: 'jsonl', description: jsonLines },
		],
		default: 'auto',
		description: 'How the file is written',
	};
}

export const skipBadRowsOption: INodeProperties = {
	displayName: 'Skip Bad Rows',
	name: 'skipBadRows',
	type: 'boolean',
	default: false,
	description:
		'Whether to send the good rows and count the bad ones (listed with their line numbers in the output). Otherwise a bad row stops the node, naming its line, before anything is sent.',
};

export const delimiterOption: INodeProperties = {
	displayName: 'Delimiter',
	name: 'delimiter',
	type: 'string',
	default: ',',
	description: 'CSV field separator, one character (use \\t for a tab)',
};

/** The "Delimiter" option as one character. */
export function readDelimiter(ctx: IExecuteFunctions, i: number, given?: string): string {
	let delimiter = given ?? ',';
	if (delimiter === '\\t') delimiter = '\t';
	if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
		throw invalidInput(
			ctx,
			i,
			'Delimiter',
			`"${delimiter}" is not one character other than a quote or a line break`,
		);
	}
	return delimiter;
}

/** The "File Format" parameter, resolved by the file's name or type when it is Auto-Detect (else by its content). */
export function readFileFormat(
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

/** One input item's file and how the resource reads it. */
export interface UploadFile<E extends IDataObject & { sku: string }> {
	fileName: string;
	skipBadRows: boolean;
	/** A new read of the file, in pieces (streamed from n8n's store, or decoded from the item's base64). */
	open: () => Promise<BinaryPieces>;
	/** The file's rows; `seen` null: SKUs are not checked for repeats (the checking read did). */
	read: (
		chunks: AsyncIterable<Uint8Array>,
		seen: Map<string, number> | null,
	) => AsyncIterable<FileRow<E>>;
}

/** Where the rows go. */
export interface UploadTarget {
	/** `/<kind>/batch/large`, and the change log it is reported in. */
	kind: ChangeLogKind;
	qs?: IDataObject;
	/** DSCO logs nothing for entries it skips (inventory's skipItemsThatDontExist): fewer entries are no fault. */
	skipsUnlogged: boolean;
	/** Optional: what to tell the user about an entry DSCO failed with these messages (on its listed failure). */
	failureHint?: (messages: DscoMessage[]) => string | undefined;
}

/** Opens the binary of input item `i` named by "Input Binary Field". */
export function inputFile(ctx: IExecuteFunctions, i: number) {
	const property = ctx.getNodeParameter('binaryPropertyName', i) as string;
	const binary = ctx.helpers.assertBinaryData(i, property);
	return {
		binary,
		fileName: binary.fileName ?? property,
		open: async () => await readBinaryInPieces(ctx, binary, CHUNK_BYTES),
	};
}

/** One line of the body DSCO takes: the object as JSON, then a line break. */
const jsonLine = (entry: IDataObject) => `${JSON.stringify(entry)}\n`;

/** The JSON Lines body: the good rows' objects, in pieces of about CHUNK_BYTES. */
async function* jsonLines<E extends IDataObject & { sku: string }>(
	rows: AsyncIterable<FileRow<E>>,
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
	/** The body's size in bytes. */
	bodyBytes: number;
}

/**
 * The first read: checks every row before anything is sent. Repeated SKUs are found with a map of every SKU, which
 * is dropped when this read ends, so that it never sits in memory next to the body.
 */
async function checkRows<E extends IDataObject & { sku: string }>(
	ctx: IExecuteFunctions,
	i: number,
	file: UploadFile<E>,
): Promise<CheckedFile> {
	const source = await file.open();
	const checked: CheckedFile = {
		itemsToSend: 0,
		rowsRefused: 0,
		refused: [],
		refusedLines: new Set(),
		makeStream: streamMaker(source.stream),
		bodyBytes: 0,
	};
	for await (const row of file.read(source.chunks, new Map())) {
		if (row.ok) {
			checked.itemsToSend++;
			// Counted in both binary modes: the upload states its Content-Length (an object-store PUT needs it).
			checked.bodyBytes += Buffer.byteLength(jsonLine(row.entry));
			continue;
		}
		if (!file.skipBadRows) {
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
async function* acceptedRows<E extends IDataObject & { sku: string }>(
	file: UploadFile<E>,
	chunks: AsyncIterable<Uint8Array>,
	refusedLines: Set<number>,
) {
	for await (const row of file.read(chunks, null)) {
		if (row.ok && !refusedLines.has(row.line)) yield row;
	}
}

/** The second read: the accepted rows as JSON Lines to DSCO's upload URL, streamed where n8n gave a stream. */
async function sendRows<E extends IDataObject & { sku: string }>(
	ctx: IExecuteFunctions,
	client: DscoClient,
	i: number,
	file: UploadFile<E>,
	checked: CheckedFile,
	dataUrl: string,
) {
	const sent = { items: 0, rows: 0, bytes: 0 };
	const source = await file.open();
	const body = jsonLines(acceptedRows(file, source.chunks, checked.refusedLines), sent);
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
async function linesOf<E extends IDataObject & { sku: string }>(
	file: UploadFile<E>,
	checked: CheckedFile,
	skus: Set<string>,
): Promise<Map<string, number>> {
	const found = new Map<string, number>();
	if (skus.size === 0) return found;
	const source = await file.open();
	try {
		for await (const row of acceptedRows(file, source.chunks, checked.refusedLines)) {
			if (skus.has(row.entry.sku) && !found.has(row.entry.sku)) found.set(row.entry.sku, row.line);
			if (found.size === skus.size) break;
		}
	} finally {
		source.stream?.destroy();
	}
	return found;
}

/**
 * Checks the file, uploads its accepted rows and, with Wait for Result, summarises DSCO's change log for them. The
 * output item: requestId, counts, the first refused rows and (when waited for) the result with the first failures
 * and their lines.
 */
export async function uploadLargeBatch<E extends IDataObject & { sku: string }>(
	ctx: IExecuteFunctions,
	client: DscoClient,
	i: number,
	file: UploadFile<E>,
	target: UploadTarget,
	wait: AsyncWriteOptions,
): Promise<IDataObject> {
	const checked = await checkRows(ctx, i, file);

	// Ask DSCO for an upload URL (asking again only opens another, unused one).
	const path = `/${target.kind}/batch/large`;
	const started = await client.request<{ requestId?: string; dataUrl?: string; status?: string }>({
		method: 'POST',
		path,
		qs: target.qs,
		itemIndexes: i,
		idempotent: true,
		answer: LARGE_BATCH_START,
	});
	const { requestId, dataUrl } = started.body;
	if (!requestId || !dataUrl || started.body?.status === 'failure') {
		throw dscoApiError(client.node, {
			status: started.status,
			method: 'POST',
			path,
			body: started.body,
			itemIndexes: i,
			message: 'DSCO did not hand out an upload URL for the file',
		});
	}

	const sent = await sendRows(ctx, client, i, file, checked, dataUrl);
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
		target.kind,
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
	await scanChangeLog(client, target.kind, { requestId }, (entries) => tally.add(entries), i);
	// Unless DSCO was asked to skip entries silently, it logs every one it processed: one it did not log is unaccounted for.
	if (!target.skipsUnlogged && tally.total < sent.items) {
		throw new NodeApiError(client.node, { ...json } as JsonObject, {
			message: `DSCO's change log has no entry for ${sent.items - tally.total} of the ${sent.items} items sent, although it reports the file processed [item ${i}]`,
			description: `requestId ${requestId}: ${tally.success} succeeded and ${tally.failure} failed in the change log; check the rest later with Change Log → Get.`,
			itemIndex: i,
		});
	}
	const skuOf = (f: (typeof tally.firstFailures)[number]) => {
		const sku = loggedObject(target.kind, f.payload)?.sku;
		return typeof sku === 'string' ? sku : null;
	};
	const lines = await linesOf(
		file,
		checked,
		new Set(tally.firstFailures.map(skuOf).filter((sku): sku is string => sku !== null)),
	);
	json.status = 'completed';
	json.result = {
		success: tally.success,
		failure: tally.failure,
		// DSCO logs nothing for entries it skipped (e.g. inventory's "Skip Items That Don't Exist").
		skipped: Math.max(0, sent.items - tally.total),
		firstFailures: tally.firstFailures.map((f) => {
			const sku = skuOf(f);
			const hint = target.failureHint?.(f.messages);
			return {
				line: (sku && lines.get(sku)) ?? null,
				sku,
				messages: f.messages as unknown as IDataObject[],
				...(hint ? { hint } : {}),
			};
		}),
	};
	return json;
}
