/**
 * Reading an upload file (CSV or JSON Lines) chunk by chunk into checked rows, for every "Update From File"
 * operation. This part knows the formats: it decodes the text, cuts JSON Lines into objects and CSV into records;
 * a RowBuilder of the resource (inventory, catalog) turns those into the objects DSCO takes, each checked. Nothing
 * here holds the file: rows are handed out as they complete.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CsvParser } from './csv';
import { invalidInput } from './items';

export type FileFormat = 'csv' | 'jsonl';

/** A row ready to send (`entry`, one JSON line) or refused (`error`), with the line it starts on. */
export type FileRow<E extends { sku: string }> =
	| { ok: true; entry: E; line: number; rows: number }
	| { ok: false; line: number; sku?: string; rows: number; error: Error };

/** Turns one resource's records into rows: `push*` adds to `out` the rows they complete; `end` the rest. */
export interface RowBuilder<E extends { sku: string }> {
	/** What each JSON line holds, for errors: e.g. "an ItemInventory". */
	readonly objectName: string;
	/** One JSON Lines object (already parsed and known to be an object). */
	object(o: IDataObject, line: number, out: Array<FileRow<E>>): void;
	/** One CSV record; the first one is the header. */
	record(cells: string[], line: number, out: Array<FileRow<E>>): void;
	/** The file has ended. */
	end(out: Array<FileRow<E>>): void;
}

interface Splitter<E extends { sku: string }> {
	push(text: string): Array<FileRow<E>>;
	end(): Array<FileRow<E>>;
}

/** A row refused with `error`. */
export function badRow<E extends { sku: string }>(
	line: number,
	rows: number,
	error: unknown,
	sku?: string,
): FileRow<E> {
	return { ok: false, line, rows, sku, error: error as Error };
}

/** Refuses a SKU seen before; remembers the line of a new one (no check with `seen` null: an earlier read did it). */
export function checkRepeat(
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

/**
 * Reads the file's chunks into rows, as `builder` makes them (bad ones included, with their error). `format` 'auto'
 * is JSON Lines when the first character is "{", else CSV. A file that cannot be read at all (e.g. a CSV header
 * without a required column) throws.
 */
export async function* readFileRows<E extends { sku: string }>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	chunks: AsyncIterable<Uint8Array>,
	options: { format: FileFormat | 'auto'; delimiter: string },
	builder: RowBuilder<E>,
): AsyncGenerator<FileRow<E>> {
	const decoder = new TextDecoder('utf-8');
	let splitter: Splitter<E> | undefined;
	let pending = '';
	const open = (start: string): Splitter<E> => {
		const sniffed = start.trimStart().startsWith('{') ? 'jsonl' : 'csv';
		const format = options.format === 'auto' ? sniffed : options.format;
		return format === 'jsonl'
			? new JsonLinesSplitter(ctx, itemIndex, builder)
			: new CsvSplitter(ctx, itemIndex, options.delimiter, builder);
	};
	for await (const chunk of chunks) {
		const text = decoder.decode(chunk, { stream: true });
		if (!splitter) {
			pending += text;
			if (pending.trim() === '') continue;
			splitter = open(pending);
			yield* splitter.push(pending);
			pending = '';
			continue;
		}
		yield* splitter.push(text);
	}
	const rest = decoder.decode();
	if (!splitter) {
		pending += rest;
		if (pending.trim() === '') return;
		splitter = open(pending);
		yield* splitter.push(pending);
	} else if (rest) {
		yield* splitter.push(rest);
	}
	yield* splitter.end();
}

class JsonLinesSplitter<E extends { sku: string }> implements Splitter<E> {
	/** The current line's text received so far, in pieces: joined once when the line ends, so a long line costs its length once. */
	private pending: string[] = [];

	private line = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		private readonly builder: RowBuilder<E>,
	) {}

	push(text: string): Array<FileRow<E>> {
		const out: Array<FileRow<E>> = [];
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

	end(): Array<FileRow<E>> {
		const out: Array<FileRow<E>> = [];
		if (this.pending.length > 0) this.take(this.pending.join(''), out);
		this.pending = [];
		this.builder.end(out);
		return out;
	}

	private take(text: string, out: Array<FileRow<E>>) {
		this.line++;
		const line = this.line;
		if (text.trim() === '') return;
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch (error) {
			const problem = `it is not valid JSON (${(error as Error).message})`;
			out.push(badRow(line, 1, invalidInput(this.ctx, this.itemIndex, `Line ${line}`, problem)));
			return;
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			const problem = `each line must be one JSON object (${this.builder.objectName})`;
			out.push(badRow(line, 1, invalidInput(this.ctx, this.itemIndex, `Line ${line}`, problem)));
			return;
		}
		this.builder.object(parsed as IDataObject, line, out);
	}
}

class CsvSplitter<E extends { sku: string }> implements Splitter<E> {
	private readonly parser: CsvParser;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
		delimiter: string,
		private readonly builder: RowBuilder<E>,
	) {
		this.parser = new CsvParser(delimiter);
	}

	push(text: string): Array<FileRow<E>> {
		const out: Array<FileRow<E>> = [];
		for (const record of this.parser.push(text))
			this.builder.record(record.cells, record.line, out);
		return out;
	}

	end(): Array<FileRow<E>> {
		const out: Array<FileRow<E>> = [];
		const { records, unclosedQuoteAt } = this.parser.end();
		for (const record of records) this.builder.record(record.cells, record.line, out);
		this.builder.end(out);
		if (unclosedQuoteAt !== undefined) {
			const problem = 'a quoted field starting here is never closed (missing ")';
			out.push(
				badRow(
					unclosedQuoteAt,
					1,
					invalidInput(this.ctx, this.itemIndex, `Line ${unclosedQuoteAt}`, problem),
				),
			);
		}
		return out;
	}
}

/** Finds CSV columns by name, without regard to case or surrounding spaces. */
export function headerIndex(cells: string[]): (name: string) => number | undefined {
	const names = cells.map((c) => c.trim().toLowerCase());
	return (name) => {
		const k = names.indexOf(name.trim().toLowerCase());
		return k === -1 ? undefined : k;
	};
}

/** The problem of a CSV record with more fields than the header, if it has. */
export function tooManyFields(count: number, headerCount: number): string | undefined {
	return count > headerCount
		? `it has ${count} fields but the header has ${headerCount} (a value holding the delimiter must be in double quotes)`
		: undefined;
}
