/** Splitting array bodies into calls under DSCO's 5 MB body limit. */

/** DSCO's documented limit for batch bodies. */
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

/** Room kept free under the limit (headers are separate; this covers encoding differences). */
const HEADROOM_BYTES = 16 * 1024;

export interface Batch<T> {
	/** Positions in the input array, in order. */
	indexes: number[];
	entries: T[];
	/** Exact size of `JSON.stringify(entries)` in UTF-8. */
	bytes: number;
	/** Each entry's JSON text, from the one serialisation that measured it: the body is built from these (batchBody). */
	texts: string[];
}

export class EntryTooLargeError extends Error {
	constructor(
		readonly index: number,
		readonly bytes: number,
		readonly limit: number,
	) {
		super(`Entry ${index} alone is ${bytes} bytes, over the ${limit}-byte limit of one DSCO call`);
	}
}

/**
 * Groups entries, in order, into the fewest consecutive JSON arrays whose serialized size stays under `maxBytes`.
 * An entry too large on its own raises EntryTooLargeError.
 */
export function splitIntoBatches<T>(
	entries: readonly T[],
	maxBytes = MAX_BATCH_BYTES - HEADROOM_BYTES,
): Array<Batch<T>> {
	const batches: Array<Batch<T>> = [];
	let current: Batch<T> = { indexes: [], entries: [], bytes: 2, texts: [] };
	entries.forEach((entry, index) => {
		const text = JSON.stringify(entry);
		const size = Buffer.byteLength(text, 'utf8');
		if (size + 2 > maxBytes) throw new EntryTooLargeError(index, size, maxBytes);
		const added = size + (current.entries.length ? 1 : 0);
		if (current.bytes + added > maxBytes) {
			batches.push(current);
			current = { indexes: [], entries: [], bytes: 2, texts: [] };
		}
		current.bytes += size + (current.entries.length ? 1 : 0);
		current.indexes.push(index);
		current.entries.push(entry);
		current.texts.push(text);
	});
	if (current.entries.length) batches.push(current);
	return batches;
}

/**
 * The batch's body, `JSON.stringify(batch.entries)` in UTF-8, built from the entries' texts without serialising
 * them again (the transport sends a Buffer as it is).
 */
export function batchBody(batch: Batch<unknown>): Buffer {
	const body = Buffer.allocUnsafe(batch.bytes);
	let at = body.write('[', 0, 'utf8');
	batch.texts.forEach((text, k) => {
		if (k) at += body.write(',', at, 'utf8');
		at += body.write(text, at, 'utf8');
	});
	at += body.write(']', at, 'utf8');
	if (at !== batch.bytes)
		throw new Error(`Batch body is ${at} bytes, ${batch.bytes} were measured`);
	return body;
}

/**
 * How a batch goes on the wire: a JSON array (most batch endpoints) or JSON Lines, one entry a line, each line ending
 * in "\n" (`/catalog/batch/small`, whose description asks for it). Batches are split by their JSON array size, which
 * is never smaller than the same entries as JSON Lines, so either body stays under the limit.
 */
export type BatchFormat = 'jsonArray' | 'jsonLines';

/** The size of the batch's body in `format`. */
export function encodedBytes(batch: Batch<unknown>, format: BatchFormat = 'jsonArray'): number {
	// JSON Lines: no brackets, and a line end after each entry where the array has a comma between entries.
	return format === 'jsonLines' ? batch.bytes - 1 : batch.bytes;
}

/** The batch's body in `format`, from the entries' texts. */
export function encodeBatch(batch: Batch<unknown>, format: BatchFormat = 'jsonArray'): Buffer {
	if (format === 'jsonArray') return batchBody(batch);
	const bytes = encodedBytes(batch, format);
	const body = Buffer.allocUnsafe(bytes);
	let at = 0;
	for (const text of batch.texts) {
		at += body.write(text, at, 'utf8');
		at += body.write('\n', at, 'utf8');
	}
	if (at !== bytes) throw new Error(`Batch body is ${at} bytes, ${bytes} were measured`);
	return body;
}
