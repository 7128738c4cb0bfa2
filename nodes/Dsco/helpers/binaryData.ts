/**
 * An input binary read in pieces, whatever n8n's binary data mode, so that a large file never sits in memory whole:
 * - a stored file (filesystem, S3 or database mode: the item holds an id) is streamed from n8n's store;
 * - a file kept in the item (n8n's in-memory `default` mode: the item holds the base64 text) is decoded from that
 *   text one piece at a time. n8n's own `getBinaryDataBuffer` would decode it whole into one Buffer, next to the
 *   base64 the item already holds.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

export interface BinaryPieces {
	chunks: AsyncIterable<Uint8Array>;
	/** The stream n8n handed out (stored files only): destroy it when stopping early. */
	stream?: BinaryStream;
}

/** Opens `binary` for one read, in pieces of at most `pieceBytes` bytes. Call again to read it again. */
export async function readBinaryInPieces(
	ctx: IExecuteFunctions,
	binary: IBinaryData,
	pieceBytes: number,
): Promise<BinaryPieces> {
	if (binary.id) {
		const stream = await ctx.helpers.getBinaryStream(binary.id, pieceBytes);
		return { chunks: stream as AsyncIterable<Uint8Array>, stream };
	}
	const text = binary.data;
	return {
		chunks: (async function* () {
			yield* base64Pieces(text, pieceBytes);
		})(),
	};
}

/** Characters that are not base64 digits (standard or URL-safe), e.g. the line breaks of wrapped base64. */
const OTHER_CHARACTERS = /[^A-Za-z0-9+/_-]/g;
const HAS_OTHER_CHARACTER = /[^A-Za-z0-9+/_-]/;

/**
 * Decodes base64 text in pieces of at most `pieceBytes` bytes (at least 3), giving together exactly what
 * `Buffer.from(text, 'base64')` gives, which is how n8n decodes binaries: other characters are skipped, decoding
 * stops at the first "=", and a last group of 2 or 3 digits gives 1 or 2 bytes.
 */
export function* base64Pieces(text: string, pieceBytes: number): Generator<Buffer> {
	// Whole groups of 4 digits (3 bytes each) per piece.
	const pieceDigits = Math.max(1, Math.floor(pieceBytes / 3)) * 4;
	const padding = text.indexOf('=');
	const end = padding === -1 ? text.length : padding;
	let carry = '';
	for (let at = 0; at < end; ) {
		const slice = text.slice(at, Math.min(end, at + pieceDigits - carry.length));
		at += slice.length;
		const digits =
			carry + (HAS_OTHER_CHARACTER.test(slice) ? slice.replace(OTHER_CHARACTERS, '') : slice);
		const whole = digits.length - (digits.length % 4);
		carry = digits.slice(whole);
		if (whole > 0) yield Buffer.from(digits.slice(0, whole), 'base64');
	}
	if (carry) {
		const last = Buffer.from(carry, 'base64');
		if (last.length > 0) yield last;
	}
}
