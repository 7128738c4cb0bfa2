/**
 * Update From File's file reading on its own: an in-memory binary decoded piece by piece, JSON Lines cut anywhere,
 * a line with thousands of warehouses read in work proportional to its size (counted, not timed).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	readInventoryFile,
	type FileRow,
	type FileSettings,
} from '../../nodes/Dsco/actions/inventory/fileRows';
import { base64Pieces } from '../../nodes/Dsco/helpers/binaryData';

const ctx = {
	getNode: () => ({
		id: 'n',
		name: 'DSCO',
		type: 'n8n-nodes-dsco.dsco',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	}),
} as unknown as IExecuteFunctions;

const settings: FileSettings = {
	format: 'auto',
	delimiter: ',',
	columns: {
		sku: 'sku',
		quantity: 'quantity',
		warehouse: 'warehouse',
		warehousePrefix: 'warehouse:',
		status: 'status',
		cost: 'cost',
		estimatedAvailabilityDate: 'estimatedAvailabilityDate',
	},
	rules: { safetyStock: 0, requireWarehouse: true },
};

async function* inPieces(text: string, size: number) {
	const bytes = Buffer.from(text, 'utf8');
	for (let k = 0; k < bytes.length; k += size) yield bytes.subarray(k, k + size);
}

async function readAll(
	chunks: AsyncIterable<Uint8Array>,
	rules = settings.rules,
): Promise<FileRow[]> {
	const rows: FileRow[] = [];
	for await (const row of readInventoryFile(ctx, 0, chunks, { ...settings, rules })) rows.push(row);
	return rows;
}

const shape = (rows: FileRow[]) =>
	rows.map((r) =>
		r.ok ? { line: r.line, entry: r.entry } : { line: r.line, error: r.error.message },
	);

describe('base64 of an in-memory binary, decoded in pieces', () => {
	const bytes = Buffer.from(Array.from({ length: 1000 }, (_, k) => (k * 37 + (k >> 3)) % 256));
	const plain = bytes.toString('base64');
	const texts: Record<string, string> = {
		'as n8n stores it': plain,
		'1 or 2 bytes short of a group': bytes.subarray(0, 998).toString('base64'),
		unpadded: bytes.subarray(0, 997).toString('base64').replace(/=+$/, ''),
		'wrapped at 76 with CRLF (MIME)': plain.replace(/.{76}/g, '$&\r\n'),
		'URL-safe alphabet': bytes.toString('base64url'),
		'spaces and other characters inside': `  ${plain.slice(0, 101)} \t!${plain.slice(101, 700)}é\u2028${plain.slice(700)}  `,
		'"=" inside (decoding stops there)': `${bytes.subarray(0, 5).toString('base64')}${plain}`,
		'a dangling last digit': `${plain.replace(/=+$/, '')}QUJ`,
		empty: '',
		'only padding': '====',
	};

	it.each(Object.keys(texts))(
		'gives what Buffer.from(text, "base64") gives, in pieces no larger than asked: %s',
		(name) => {
			const text = texts[name];
			const whole = Buffer.from(text, 'base64');
			for (const size of [3, 4, 5, 64, 1000, 65536]) {
				const pieces = [...base64Pieces(text, size)];
				expect(Buffer.concat(pieces).equals(whole)).toBe(true);
				expect(Math.max(0, ...pieces.map((p) => p.length))).toBeLessThanOrEqual(size);
				expect(pieces.every((p) => p.length > 0)).toBe(true);
			}
		},
	);
});

describe('JSON Lines', () => {
	it('gives the same rows however the file is cut (CRLF, blank lines, a multi-byte character across a cut)', async () => {
		const text = [
			'{"sku":"A-1","warehouses":[{"code":"WH01","quantity":2}],"title":"Café crème"}',
			'',
			'{"sku":"B-2","warehouses":[{"code":"WH01","quantity":1}]}\r',
			'{"sku": oops}',
			'{"sku":"C-3","quantityAvailable":4,"warehouses":[{"code":"WH02","quantity":4}]}',
		].join('\n');
		const expected = shape(await readAll(inPieces(text, 1 << 16)));
		expect(expected.map((r) => r.line)).toEqual([1, 3, 4, 5]);
		expect(expected[0]).toMatchObject({ entry: { sku: 'A-1', title: 'Café crème' } });
		expect(expected[2]).toMatchObject({
			error: expect.stringMatching(/^Invalid "Line 4" \[item 0\]: it is not valid JSON/),
		});
		const length = Buffer.byteLength(text);
		for (let cut = 1; cut < length; cut++) {
			const bytes = Buffer.from(text, 'utf8');
			async function* two() {
				yield bytes.subarray(0, cut);
				yield bytes.subarray(cut);
			}
			expect(shape(await readAll(two()))).toEqual(expected);
		}
		expect(shape(await readAll(inPieces(text, 1)))).toEqual(expected);
	});

	it('keeps each warehouse’s own extra fields on that warehouse, in the given order', async () => {
		const line = {
			sku: 'W-1',
			warehouses: [
				{ code: ' WH02 ', quantity: 3, quantityOnOrder: 7 },
				{ code: 'WH01', quantity: 1, dscoId: 'd-1', notAField: true },
				{ code: 'WH03', quantity: 0 },
			],
		};
		const [row] = await readAll(inPieces(`${JSON.stringify(line)}\n`, 7), {
			safetyStock: 1,
			requireWarehouse: true,
		});
		expect(row).toMatchObject({ ok: true, line: 1 });
		expect((row as { entry: IDataObject }).entry.warehouses).toEqual([
			{ quantityOnOrder: 7, code: 'WH02', quantity: 2 },
			{ dscoId: 'd-1', code: 'WH01', quantity: 0 },
			{ code: 'WH03', quantity: 0 },
		]);
		// A total put into the Warehouse Code gets no extra fields.
		const [total] = await readAll(inPieces('{"sku":"T-1","quantityAvailable":5}\n', 64), {
			safetyStock: 0,
			warehouseCode: 'MAIN',
			requireWarehouse: true,
		});
		expect((total as { entry: IDataObject }).entry.warehouses).toEqual([
			{ code: 'MAIN', quantity: 5 },
		]);
	});
});

describe('a line with thousands of warehouses', () => {
	interface Meter {
		/** Reads of the parsed line's properties (every warehouse's fields included). */
		reads: number;
		/** Characters gone over by string searches and splits. */
		scanned: number;
	}

	/** The value, and every object reached through it, counting each property read into `meter`. */
	function counted<T>(value: T, meter: Meter): T {
		if (value === null || typeof value !== 'object') return value;
		return new Proxy(value as unknown as object, {
			get(target, key, receiver) {
				meter.reads++;
				return counted(Reflect.get(target, key, receiver) as unknown, meter);
			},
		}) as T;
	}

	/**
	 * The work of reading one line of `n` warehouses in 1 KiB pieces, by deterministic counts: property reads on
	 * what JSON.parse returned, and characters that indexOf / lastIndexOf / includes / split went over.
	 */
	async function workFor(n: number): Promise<Meter> {
		const warehouses = Array.from({ length: n }, (_, k) => ({
			code: `WH-${k}`,
			quantity: k % 5,
			quantityOnOrder: 1,
		}));
		const text = `${JSON.stringify({ sku: 'WIDE', warehouses })}\n`;
		const meter: Meter = { reads: 0, scanned: 0 };
		const parse = JSON.parse;
		const spies: jest.SpyInstance[] = [
			jest
				.spyOn(JSON, 'parse')
				.mockImplementation((t: string, reviver?: Parameters<typeof parse>[1]) =>
					counted(parse(t, reviver), meter),
				),
		];
		for (const method of ['indexOf', 'lastIndexOf', 'includes', 'split'] as const) {
			const original = String.prototype[method] as (...args: unknown[]) => unknown;
			spies.push(
				jest.spyOn(String.prototype, method).mockImplementation(function (
					this: string,
					...args: unknown[]
				) {
					const from = method === 'split' || typeof args[1] !== 'number' ? 0 : Math.max(0, args[1]);
					meter.scanned += Math.max(0, this.length - from);
					return original.apply(this, args);
				} as never),
			);
		}
		let rows: FileRow[];
		try {
			rows = await readAll(inPieces(text, 1024));
		} finally {
			for (const spy of spies) spy.mockRestore();
		}
		expect(rows).toHaveLength(1);
		expect(rows[0].ok && rows[0].entry.warehouses).toHaveLength(n);
		return meter;
	}

	it('is read in work proportional to its size (4× the warehouses: about 4× the work, not 16×)', async () => {
		const small = await workFor(1000);
		const large = await workFor(4000);
		expect(small.reads).toBeGreaterThan(1000);
		expect(small.scanned).toBeGreaterThan(30_000);
		expect(large.reads / small.reads).toBeLessThan(5);
		expect(large.scanned / small.scanned).toBeLessThan(5);
	});
});
