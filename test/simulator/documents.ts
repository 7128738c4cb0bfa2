/**
 * Small, real, valid files for the simulator's labels and packing slips, written by hand (no dependency):
 * - a one-page PDF 1.4 with text in the standard Helvetica fonts (so `pdftotext` reads the PO and tracking number
 *   back), rules and filled rectangles, a correct cross-reference table;
 * - a grayscale PNG (zlib from Node) and a GIF (LZW codes kept at 3 bits by clearing the table) of a label's bars.
 */
import { deflateSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------------------------

export interface PdfText {
	x: number;
	y: number;
	size: number;
	text: string;
	bold?: boolean;
}

export interface PdfRect {
	x: number;
	y: number;
	w: number;
	h: number;
	/** Filled (default) or stroked. */
	stroke?: boolean;
}

export interface PdfPage {
	/** Points (1/72 in). */
	width: number;
	height: number;
	texts: PdfText[];
	rects?: PdfRect[];
	lines?: Array<[number, number, number, number]>;
	title: string;
}

/** Text as a PDF string literal in WinAnsiEncoding (Latin-1 here); characters outside it become "?". */
function pdfString(text: string): string {
	let out = '';
	for (const ch of text) {
		const code = ch.codePointAt(0)!;
		if (ch === '\\' || ch === '(' || ch === ')') out += `\\${ch}`;
		else if (code < 0x20) out += ' ';
		else if (code < 0x7f) out += ch;
		else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8).padStart(3, '0')}`;
		else out += '?';
	}
	return `(${out})`;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

function contentStream(page: PdfPage): string {
	const ops: string[] = [];
	for (const r of page.rects ?? [])
		ops.push(`${num(r.x)} ${num(r.y)} ${num(r.w)} ${num(r.h)} re ${r.stroke ? 'S' : 'f'}`);
	if (page.lines?.length) {
		ops.push('1.5 w');
		for (const [x1, y1, x2, y2] of page.lines)
			ops.push(`${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
	}
	for (const t of page.texts)
		ops.push(
			`BT /${t.bold ? 'F2' : 'F1'} ${num(t.size)} Tf ${num(t.x)} ${num(t.y)} Td ${pdfString(t.text)} Tj ET`,
		);
	return ops.join('\n');
}

/** A one-page PDF: catalog, pages, page, two fonts, content stream, info; byte offsets in the xref table. */
export function renderPdf(page: PdfPage): Buffer {
	const content = contentStream(page);
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
		`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
		`<< /Title ${pdfString(page.title)} /Producer (n8n-nodes-dsco DSCO simulator) >>`,
	];
	let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets: number[] = [];
	objects.forEach((body, k) => {
		offsets.push(Buffer.byteLength(pdf, 'latin1'));
		pdf += `${k + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(pdf, 'latin1');
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}

// ---------------------------------------------------------------------------------------------------------------
// Bars (a drawing of the tracking number, not a real barcode symbology)
// ---------------------------------------------------------------------------------------------------------------

/** Bar widths (1–3 units) and gaps from the characters of `text`: the same text always draws the same bars. */
export function barsOf(text: string): Array<{ at: number; width: number }> {
	const bars: Array<{ at: number; width: number }> = [];
	let at = 0;
	for (const ch of `*${text}*`) {
		const code = ch.charCodeAt(0);
		for (let k = 0; k < 3; k++) {
			const width = 1 + ((code >> (2 * k)) & 1) + ((code >> (2 * k + 1)) & 1);
			bars.push({ at, width });
			at += width + 1 + ((code >> k) & 1);
		}
	}
	return bars.map((b) => ({ at: b.at / at, width: b.width / at }));
}

// ---------------------------------------------------------------------------------------------------------------
// PNG and GIF of a label (a border, thick rules and the bars of the tracking number)
// ---------------------------------------------------------------------------------------------------------------

/** A label as black-on-white pixels: 1 = black. */
function labelRaster(trackingNumber: string, width: number, height: number): Uint8Array {
	const px = new Uint8Array(width * height);
	const fill = (x0: number, y0: number, w: number, h: number) => {
		for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++)
			for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) px[y * width + x] = 1;
	};
	fill(0, 0, width, 2);
	fill(0, height - 2, width, 2);
	fill(0, 0, 2, height);
	fill(width - 2, 0, 2, height);
	fill(0, Math.round(height * 0.3), width, 2);
	fill(0, Math.round(height * 0.55), width, 2);
	const left = Math.round(width * 0.08);
	const span = width - 2 * left;
	for (const bar of barsOf(trackingNumber))
		fill(
			left + Math.round(bar.at * span),
			Math.round(height * 0.62),
			Math.max(1, Math.round(bar.width * span)),
			Math.round(height * 0.25),
		);
	return px;
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(data: Buffer): number {
	let c = 0xffffffff;
	for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

/** An 8-bit grayscale PNG of a label: 203 × 305 pixels (a 4 × 6 in label at about 50 dpi). */
export function renderLabelPng(trackingNumber: string): Buffer {
	const width = 203;
	const height = 305;
	const px = labelRaster(trackingNumber, width, height);
	const raw = Buffer.alloc((width + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (width + 1)] = 0; // filter: none
		for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = px[y * width + x] ? 0 : 255;
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 0; // grayscale
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([
		signature,
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * A GIF89a of a label (two colours). The image data is LZW with minimum code size 2 that never lets the table grow
 * past 3-bit codes: a clear code after every two pixels. Larger than real LZW, but any decoder reads it.
 */
export function renderLabelGif(trackingNumber: string): Buffer {
	const width = 102;
	const height = 153;
	const px = labelRaster(trackingNumber, width, height);
	const CLEAR = 4;
	const END = 5;
	const codes: number[] = [];
	for (let k = 0; k < px.length; k++) {
		if (k % 2 === 0) codes.push(CLEAR);
		codes.push(px[k] ? 1 : 0);
	}
	codes.push(END);
	const bytes: number[] = [];
	let acc = 0;
	let bits = 0;
	for (const code of codes) {
		acc |= code << bits;
		bits += 3;
		while (bits >= 8) {
			bytes.push(acc & 0xff);
			acc >>= 8;
			bits -= 8;
		}
	}
	if (bits > 0) bytes.push(acc & 0xff);
	const blocks: number[] = [];
	for (let k = 0; k < bytes.length; k += 255) {
		const part = bytes.slice(k, k + 255);
		blocks.push(part.length, ...part);
	}
	const screen = Buffer.alloc(7);
	screen.writeUInt16LE(width, 0);
	screen.writeUInt16LE(height, 2);
	screen[4] = 0x81; // global colour table of 4 entries (2^(1+1)), colour resolution 1
	const palette = Buffer.from([255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
	const image = Buffer.alloc(10);
	image[0] = 0x2c;
	image.writeUInt16LE(width, 5);
	image.writeUInt16LE(height, 7);
	return Buffer.concat([
		Buffer.from('GIF89a', 'latin1'),
		screen,
		palette,
		image,
		Buffer.from([2, ...blocks, 0, 0x3b]),
	]);
}
