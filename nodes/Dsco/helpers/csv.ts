/**
 * A small streaming CSV parser (RFC 4180): fields separated by a one-character delimiter, fields in double quotes
 * may hold delimiters, line breaks and doubled quotes (""), records end at LF, CRLF or CR. Text arrives in chunks of
 * any size; complete records are handed out as soon as they end, each with the line it starts on.
 */
export class CsvParser {
	private field = '';

	private record: string[] = [];

	private inQuotes = false;

	/** The previous character closed a quoted section (a following quote is an escaped quote). */
	private afterQuote = false;

	/** The previous character was a CR ending a record (a following LF belongs to it). */
	private afterCr = false;

	/** The previous character, inside quotes, was a CR. */
	private quotedCr = false;

	/** Whether the current field started with a quote (its content is taken verbatim). */
	private quoted = false;

	private line = 1;

	private recordLine = 1;

	constructor(private readonly delimiter = ',') {
		if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
			throw new Error(
				`The delimiter must be one character other than a quote or a line break (got "${delimiter}")`,
			);
		}
	}

	/** Parses one chunk of text; returns the records completed by it. */
	push(text: string): Array<{ cells: string[]; line: number }> {
		const out: Array<{ cells: string[]; line: number }> = [];
		for (let k = 0; k < text.length; k++) {
			const c = text[k];
			if (this.afterCr) {
				this.afterCr = false;
				if (c === '\n') continue;
			}
			if (this.inQuotes) {
				if (c === '"') {
					this.inQuotes = false;
					this.afterQuote = true;
					this.quotedCr = false;
				} else {
					// Line breaks inside quotes still count as lines (CRLF once).
					if (c === '\r' || (c === '\n' && !this.quotedCr)) this.line++;
					this.quotedCr = c === '\r';
					this.field += c;
				}
				continue;
			}
			if (c === '"') {
				if (this.afterQuote) {
					// "" inside a quoted field: one literal quote, and the quoted section goes on.
					this.field += '"';
					this.inQuotes = true;
					this.afterQuote = false;
				} else if (this.field === '' && !this.quoted) {
					this.inQuotes = true;
					this.quoted = true;
				} else {
					this.field += c;
				}
				continue;
			}
			this.afterQuote = false;
			if (c === this.delimiter) {
				this.endField();
			} else if (c === '\n' || c === '\r') {
				this.endRecord(out);
				this.afterCr = c === '\r';
			} else {
				this.field += c;
			}
		}
		return out;
	}

	/** Ends the text: the last record, and a syntax problem when a quoted field was never closed. */
	end(): { records: Array<{ cells: string[]; line: number }>; unclosedQuoteAt?: number } {
		if (this.inQuotes) return { records: [], unclosedQuoteAt: this.recordLine };
		const records: Array<{ cells: string[]; line: number }> = [];
		if (this.field !== '' || this.record.length > 0 || this.quoted) this.endRecord(records);
		return { records };
	}

	private endField() {
		this.record.push(this.quoted ? this.field : this.field.trim());
		this.field = '';
		this.quoted = false;
	}

	private endRecord(out: Array<{ cells: string[]; line: number }>) {
		const blank = this.record.length === 0 && this.field.trim() === '' && !this.quoted;
		this.endField();
		if (!blank) out.push({ cells: this.record, line: this.recordLine });
		this.record = [];
		this.line++;
		this.recordLine = this.line;
	}
}
