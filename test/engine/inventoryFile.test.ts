/**
 * Inventory → Update From File inside n8n's engine against the simulator: a CSV or JSON Lines binary on the input
 * item becomes POST /inventory/batch/large + a PUT of JSON Lines to the dataUrl (unauthenticated, streamed), with
 * rows checked first and the change log summarised. Also the CSV parser on its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import { BINARY_ENCODING } from 'n8n-workflow';
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { CsvParser } from '../../nodes/Dsco/helpers/csv';
import { type Harness, type RunResult } from './harness';
import { itLeaksNoSecrets } from './secrets';
import { simHarness, type SimHarness } from './simHarness';

/** n8n-core's own DI container (it nests its own copy of @n8n/di). */
const { Container } = require(
	require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }),
) as typeof import('@n8n/di');

let s: SimHarness;
afterEach(async () => {
	await s?.sim.close();
});

let binaryService: BinaryDataService;
beforeAll(async () => {
	// n8n's filesystem binary mode (the default of n8n 2.x outside queue mode): binaries live on disk with an id.
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-binary-'));
	binaryService = Container.get(BinaryDataService);
	await binaryService.init();
});

/** A binary as n8n holds it in filesystem mode (stored on disk, with an id). */
async function storedFile(
	content: string,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	const meta: IBinaryData = {
		data: '',
		mimeType,
		fileName,
		fileExtension: fileName.split('.').pop(),
	};
	return await binaryService.store(
		{ type: 'execution', workflowId: 'wf-file', executionId: 'exec-file' },
		Buffer.from(content, 'utf8'),
		meta,
	);
}

/** A binary as n8n holds it in memory mode (base64 in the item, no id). */
function memoryFile(content: string, fileName: string, mimeType: string): IBinaryData {
	return {
		data: Buffer.from(content, 'utf8').toString(BINARY_ENCODING),
		mimeType,
		fileName,
		fileExtension: fileName.split('.').pop(),
	};
}

/** Runs the DSCO node once over input items that carry binary data. */
async function runWithFiles(
	h: Harness,
	parameters: IDataObject,
	input: INodeExecutionData[],
	continueOnFail = false,
): Promise<RunResult> {
	return await h.run(parameters, [], { items: input, continueOnFail });
}

const fromFile = (extra: Record<string, unknown> = {}) => ({
	resource: 'inventory',
	operation: 'updateFromFile',
	...extra,
});
const sku = (n: number) => `SIM-SKU-${String(n).padStart(4, '0')}`;
const uploads = (sim: SimHarness['sim']) =>
	sim.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/__upload/'));
const starts = (sim: SimHarness['sim']) =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === '/inventory/batch/large');

describe('CSV files', () => {
	it('one row per SKU and warehouse (quoted fields, CRLF): grouped per SKU, sent unauthenticated, applied by DSCO', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const csv = [
			'SKU,Warehouse,Quantity,Status,Cost',
			`${sku(1)},WH-1,5,,"3.50"`,
			`${sku(1)},WH-2,7,,3.50`,
			`"${sku(2)}","WH-1",0,,`,
			`${sku(3)},WH-1,4,discontinued,`,
			'',
		].join('\r\n');
		const binary = await storedFile(csv, 'stock.csv', 'text/csv');
		const { items, error } = await runWithFiles(s.h, fromFile(), [
			{ json: {}, binary: { data: binary } },
		]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const [start] = starts(s.sim);
		const [upload] = uploads(s.sim);
		expect(start.status).toBe(200);
		expect(upload.path).toBe(`/__upload/${items[0].json.requestId}`);
		// The presigned URL gets no DSCO token.
		expect(upload.headers.authorization).toBeUndefined();
		expect(upload.body).toEqual({ bytes: items[0].json.bytesSent, lines: 3 });
		expect(items[0].json).toMatchObject({
			fileName: 'stock.csv',
			rowsSent: 4,
			rowsRefused: 0,
			itemsSent: 3,
			refusedRows: [],
			status: 'completed',
			result: { success: 3, failure: 0, skipped: 0, firstFailures: [] },
		});
		expect(s.sim.inventory(sku(1))).toMatchObject({
			quantityAvailable: 12,
			status: 'in-stock',
			cost: 3.5,
			warehouses: [
				{ code: 'WH-1', quantity: 5 },
				{ code: 'WH-2', quantity: 7 },
			],
		});
		expect(s.sim.inventory(sku(2))).toMatchObject({
			quantityAvailable: 0,
			status: 'out-of-stock',
			warehouses: [{ code: 'WH-1', quantity: 0 }],
		});
		// DSCO turns discontinued with stock into in-stock.
		expect(s.sim.inventory(sku(3))).toMatchObject({ quantityAvailable: 4, status: 'in-stock' });
	});

	it('one row per SKU with warehouse:<code> columns, a checked total, custom column names, a Warehouse Code for total-only rows', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const csv = [
			'item;on hand;warehouse:EAST;warehouse:WEST;eta',
			`${sku(4)};9;4;5;`,
			`${sku(5)};;;3;2026-02-01T00:00:00Z`,
			`${sku(6)};8;;;`,
		].join('\n');
		const binary = await storedFile(csv, 'wide.txt', 'text/plain');
		const params = fromFile({
			fileFormat: 'csv',
			warehouseCode: 'MAIN',
			options: {
				delimiter: ';',
				skuColumn: 'Item',
				quantityColumn: 'On Hand',
				estimatedAvailabilityDateColumn: 'ETA',
			},
		});
		const { items, error } = await runWithFiles(s.h, params, [
			{ json: {}, binary: { data: binary } },
		]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ itemsSent: 3, rowsSent: 3, result: { success: 3 } });
		expect(s.sim.inventory(sku(4))).toMatchObject({
			quantityAvailable: 9,
			warehouses: [
				{ code: 'EAST', quantity: 4 },
				{ code: 'WEST', quantity: 5 },
			],
		});
		expect(s.sim.inventory(sku(5))).toMatchObject({
			quantityAvailable: 3,
			estimatedAvailabilityDate: '2026-02-01T00:00:00+00:00',
		});
		expect(
			s.sim.requests.find((r) => r.path === '/inventory/log' && r.query.requestId)?.status,
		).toBe(200);
		expect(s.sim.inventory(sku(6))).toMatchObject({
			quantityAvailable: 8,
			warehouses: [{ code: 'MAIN', quantity: 8 }],
		});
	});

	it('a bad row stops the node naming its line, before anything is sent', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const csv = [
			'sku,warehouse,quantity',
			`${sku(1)},WH-1,5`,
			`${sku(2)},WH-1,-3`,
			`${sku(3)},WH-1,2`,
		].join('\n');
		const binary = await storedFile(csv, 'bad.csv', 'text/csv');
		const { error } = await runWithFiles(s.h, fromFile(), [{ json: {}, binary: { data: binary } }]);
		expect(error?.message).toBe(
			'Invalid "Warehouse 1 Quantity at line 3" [item 0]: -3 is below the minimum of 0',
		);
		expect(error?.description).toMatch(/Nothing was sent to DSCO\. Fix line 3 of "bad\.csv"/);
		expect(s.sim.requests.filter((r) => r.path !== '/oauth2/token')).toEqual([]);
	});

	it('Skip Bad Rows: sends the good rows and lists the bad ones by line; DSCO failures come back with line and SKU', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const csv = [
			'sku,quantity,status,cost',
			`${sku(1)},3,,`,
			`${sku(2)},ten,,`,
			`UNKNOWN-SKU-1,4,,`,
			`${sku(3)},2,sold-out,`,
			`${sku(4)},1,,2.999`,
			`"${sku(5)}",6,,"1,25"`,
			`${sku(1)},9,,`,
			`${sku(6)},5,in-stock,0.5,extra`,
			`${sku(7)},"7`,
		].join('\n');
		const binary = await storedFile(csv, 'mixed.csv', 'text/csv');
		const params = fromFile({ warehouseCode: 'WH-1', options: { skipBadRows: true } });
		const { items, error } = await runWithFiles(s.h, params, [
			{ json: {}, binary: { data: binary } },
		]);
		expect(error).toBeUndefined();
		const out = items[0].json;
		expect(out).toMatchObject({ itemsSent: 2, rowsSent: 2, rowsRefused: 7 });
		expect((out.refusedRows as IDataObject[]).map((r) => [r.line, r.sku])).toEqual([
			[3, sku(2)],
			[5, sku(3)],
			[6, sku(4)],
			[7, sku(5)],
			[8, sku(1)],
			[9, sku(6)],
			[10, null],
		]);
		const errors = (out.refusedRows as IDataObject[]).map((r) => String(r.error));
		expect(errors[0]).toBe(
			'Invalid "Quantity at line 3" [item 0]: "ten" is not a number; give a whole number of at least 0',
		);
		expect(errors[1]).toMatch(
			/^Invalid "Status at line 5" \[item 0\]: "sold-out" is not one of in-stock, out-of-stock, discontinued, hidden/,
		);
		expect(errors[2]).toBe('Invalid "Cost at line 6" [item 0]: 2.999 has more than 2 decimals');
		expect(errors[3]).toBe('Invalid "Cost at line 7" [item 0]: "1,25" is not a number');
		expect(errors[4]).toMatch(
			/^Invalid "SKU at line 8" \[item 0\]: "SIM-SKU-0001" already appeared at line 2/,
		);
		expect(errors[5]).toMatch(/^Invalid "Line 9" \[item 0\]: it has 5 fields but the header has 4/);
		expect(errors[6]).toMatch(
			/^Invalid "Line 10" \[item 0\]: a quoted field starting here is never closed/,
		);
		// The unknown SKU reached DSCO and failed there: reported with its line.
		expect(out.result).toEqual({
			success: 1,
			failure: 1,
			skipped: 0,
			firstFailures: [
				{
					line: 4,
					sku: 'UNKNOWN-SKU-1',
					messages: [expect.objectContaining({ code: 'NOT_FOUND' })],
					// The SKU is not in the DSCO catalog: the failure says so and how to fix it.
					hint: expect.stringContaining('The item is missing from the DSCO catalog'),
				},
			],
		});
		expect(s.sim.inventory(sku(1))).toMatchObject({
			quantityAvailable: 3,
			warehouses: [{ code: 'WH-1', quantity: 3 }],
		});
	});

	it('refuses a total that is not the sum of its warehouse columns', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const csv = [
			'sku,quantity,warehouse:A,warehouse:B',
			`${sku(1)},3,1,2`,
			`${sku(2)},10,4,5`,
		].join('\n');
		const binary = await storedFile(csv, 'wide.csv', 'text/csv');
		const { error } = await runWithFiles(s.h, fromFile(), [{ json: {}, binary: { data: binary } }]);
		expect(error?.message).toMatch(
			/^Invalid "Total Quantity at line 3" \[item 0\]: 10 is not the sum of the warehouse quantities \(A 4 \+ B 5 = 9\)/,
		);
		expect(starts(s.sim)).toEqual([]);
	});

	it('refuses a header without the SKU column, naming the columns found', async () => {
		s = await simHarness({ skus: 3, orders: 2 });
		const binary = await storedFile('code,qty\nA,1\n', 'x.csv', 'text/csv');
		const { error } = await runWithFiles(s.h, fromFile(), [{ json: {}, binary: { data: binary } }]);
		expect(error?.message).toBe(
			'Invalid "SKU Column" [item 0]: the file\'s header has no column "sku" (its columns: "code", "qty")',
		);
		expect(starts(s.sim)).toEqual([]);
	});
});

describe('JSON Lines files', () => {
	it('sends DSCO ItemInventory lines (extra Item fields kept), Skip Items That Don’t Exist and safety stock applied', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const lines = [
			{
				sku: sku(7),
				quantityAvailable: 9,
				status: 'in-stock',
				warehouses: [
					{ code: 'WH01', quantity: 6 },
					{ code: 'WH02', quantity: 3 },
				],
				title: 'Blue mug',
			},
			{ sku: 'GHOST-7', warehouses: [{ code: 'WH01', quantity: 1 }] },
			{ sku: sku(8), warehouses: [{ code: 'WH01', quantity: 1, quantityOnOrder: 4 }] },
		];
		const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
		const binary = await storedFile(text, 'stock.jsonl', 'application/x-ndjson');
		const params = fromFile({ options: { safetyStock: 2, skipItemsThatDontExist: true } });
		const { items, error } = await runWithFiles(s.h, params, [
			{ json: {}, binary: { data: binary } },
		]);
		expect(error).toBeUndefined();
		expect(starts(s.sim)[0].query).toEqual({ skipItemsThatDontExist: 'true' });
		expect(items[0].json).toMatchObject({
			itemsSent: 3,
			result: { success: 2, failure: 0, skipped: 1 },
		});
		expect(s.sim.inventory(sku(7))).toMatchObject({
			quantityAvailable: 5,
			title: expect.any(String),
			warehouses: [
				{ code: 'WH01', quantity: 4 },
				{ code: 'WH02', quantity: 1 },
			],
		});
		expect(s.sim.inventory(sku(8))).toMatchObject({
			quantityAvailable: 0,
			status: 'out-of-stock',
			warehouses: [{ code: 'WH01', quantity: 0, quantityOnOrder: 4 }],
		});
	});

	it('a line that is not JSON, or has a field DSCO does not take, is refused with its line number', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const text = [
			`{"sku":"${sku(1)}","warehouses":[{"code":"A","quantity":1}]}`,
			'{"sku": oops}',
			`{"sku":"${sku(2)}","qty":1}`,
		].join('\n');
		const binary = await storedFile(text, 'lines.jsonl', 'application/jsonl');
		const { items } = await runWithFiles(s.h, fromFile({ options: { skipBadRows: true } }), [
			{ json: {}, binary: { data: binary } },
		]);
		const refused = items[0].json.refusedRows as IDataObject[];
		expect(refused.map((r) => r.line)).toEqual([2, 3]);
		expect(String(refused[0].error)).toMatch(/^Invalid "Line 2" \[item 0\]: it is not valid JSON/);
		expect(String(refused[1].error)).toBe(
			'Invalid "Line 3" [item 0]: "qty" is not an ItemInventory field DSCO accepts in an update',
		);
		expect(items[0].json).toMatchObject({ itemsSent: 1, rowsRefused: 2 });
	});
});

describe('large files', () => {
	const ROWS = 100_000;
	const bigCsv = () => {
		const parts = ['sku,warehouse,quantity,cost'];
		for (let k = 1; k <= ROWS; k++) parts.push(`${sku(k)},WH-${k % 3},${k % 50},${(k % 900) / 10}`);
		return `${parts.join('\n')}\n`;
	};

	it(`${ROWS.toLocaleString('en')} rows from a filesystem binary: the body is streamed with its Content-Length (as an object-store PUT requires) and every line is processed`, async () => {
		s = await simHarness({ skus: 10, orders: 2, changeLogPageSize: 5000 });
		const binary = await storedFile(bigCsv(), 'big.csv', 'text/csv');
		const params = fromFile({ options: { skipItemsThatDontExist: true, waitTimeoutSeconds: 120 } });
		const { items, error } = await runWithFiles(s.h, params, [
			{ json: {}, binary: { data: binary } },
		]);
		expect(error).toBeUndefined();
		const [upload] = uploads(s.sim);
		expect(upload.headers['transfer-encoding']).toBeUndefined();
		expect(upload.headers['content-length']).toBe(String(items[0].json.bytesSent));
		expect(upload.body).toEqual({ bytes: items[0].json.bytesSent, lines: ROWS });
		expect(items[0].json).toMatchObject({
			rowsSent: ROWS,
			itemsSent: ROWS,
			rowsRefused: 0,
			result: { success: 10, failure: 0, skipped: ROWS - 10 },
		});
		expect(s.sim.inventory(sku(10))).toMatchObject({
			quantityAvailable: 10,
			cost: 1,
			warehouses: [{ code: 'WH-1', quantity: 10 }],
		});
	});

	it('an in-memory binary is decoded piece by piece, never whole, and sends what the same file sends from disk', async () => {
		s = await simHarness({ skus: 10, orders: 2, changeLogPageSize: 5000 });
		// About 110 KB: several pieces. Known and unknown SKUs, a repeated SKU and a bad row (skipped), failures in DSCO.
		const parts = ['sku,warehouse,quantity,cost'];
		for (let k = 1; k <= 3000; k++)
			parts.push(
				`${k <= 10 ? sku(k) : `NEW-${String(k).padStart(5, '0')}`},WH-${k % 3},${k % 50},${(k % 90) / 10}`,
			);
		parts.splice(1500, 0, `${sku(3)},WH-9,1,`, `NEW-BAD,WH-1,-1,`);
		const csv = `${parts.join('\n')}\n`;
		const params = fromFile({ options: { skipBadRows: true } });
		const fromDisk = await runWithFiles(s.h, params, [
			{ json: {}, binary: { data: await storedFile(csv, 'mixed.csv', 'text/csv') } },
		]);
		expect(fromDisk.error).toBeUndefined();

		const wholeFile = jest.spyOn(binaryService, 'getAsBuffer');
		const decode = jest.spyOn(Buffer, 'from');
		// Base64 as a mail attachment carries it (wrapped at 76 with CRLF): n8n decodes it the same way.
		const binary = memoryFile(csv, 'mixed.csv', 'text/csv');
		binary.data = binary.data.replace(/.{76}/g, '$&\r\n');
		let fromMemory: RunResult;
		let wholeFileReads: number;
		let decodeCalls: unknown[][];
		try {
			fromMemory = await runWithFiles(s.h, params, [{ json: {}, binary: { data: binary } }]);
		} finally {
			wholeFileReads = wholeFile.mock.calls.length;
			decodeCalls = decode.mock.calls.slice();
			wholeFile.mockRestore();
			decode.mockRestore();
		}
		expect(fromMemory.error).toBeUndefined();
		// n8n's getBinaryDataBuffer (BinaryDataService.getAsBuffer) would decode the whole file into one Buffer.
		expect(wholeFileReads).toBe(0);
		const decoded = decodeCalls
			.filter(([text, encoding]) => typeof text === 'string' && encoding === 'base64')
			.map(([text]) => (text as string).length);
		// Each of the two reads decodes the file in pieces of at most 64 KiB (87,380 base64 digits).
		expect(decoded.reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(
			2 * Buffer.byteLength(csv) * (4 / 3) - 8,
		);
		expect(Math.max(...decoded)).toBeLessThanOrEqual(87_380);

		const [disk, memory] = uploads(s.sim);
		expect(memory.body).toEqual(disk.body);
		expect(Number(memory.headers['content-length'])).toBe(
			memory.body && (memory.body as { bytes: number }).bytes,
		);
		const { requestId: _disk, ...diskOut } = fromDisk.items[0].json;
		const { requestId: _memory, ...memoryOut } = fromMemory.items[0].json;
		expect(memoryOut).toEqual(diskOut);
		expect(memoryOut).toMatchObject({
			itemsSent: 3000,
			rowsRefused: 2,
			status: 'completed',
			result: { success: 10, failure: 2990 },
		});
		expect((memoryOut.refusedRows as IDataObject[]).map((r) => [r.line, r.sku])).toEqual([
			[1501, sku(3)],
			[1502, 'NEW-BAD'],
		]);
		// DSCO's failures name their line in the file (found by reading it again).
		expect((memoryOut.result as IDataObject).firstFailures).toEqual(
			Array.from({ length: 10 }, (_, k) => ({
				line: k + 12,
				sku: `NEW-${String(k + 11).padStart(5, '0')}`,
				messages: [expect.objectContaining({ code: 'NOT_FOUND' })],
				hint: expect.stringContaining('Catalog → Create or Update'),
			})),
		);
	});

	it('an in-memory binary (n8n memory mode, no id) is sent as one body with its length', async () => {
		s = await simHarness({ skus: 10, orders: 2 });
		const csv = `sku,warehouse,quantity\n${sku(1)},A,1\n${sku(2)},A,2\n`;
		const { items, error } = await runWithFiles(
			s.h,
			fromFile({ options: { waitForResult: false } }),
			[{ json: {}, binary: { data: memoryFile(csv, 'small.csv', 'text/csv') } }],
		);
		expect(error).toBeUndefined();
		const [upload] = uploads(s.sim);
		expect(Number(upload.headers['content-length'])).toBe(items[0].json.bytesSent);
		expect(items[0].json).toMatchObject({ status: 'pending', itemsSent: 2 });
		expect(s.sim.requests.some((r) => r.path === '/inventory/log')).toBe(false);
	});
});

describe('CSV parser', () => {
	const parse = (chunks: string[], delimiter = ',') => {
		const p = new CsvParser(delimiter);
		const records = chunks.flatMap((c) => p.push(c));
		const end = p.end();
		return { records: [...records, ...end.records], unclosedQuoteAt: end.unclosedQuoteAt };
	};

	it('handles quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF, blank lines, any chunking', () => {
		const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\n  plain  ,"",last\n"q"';
		const expected = [
			{ cells: ['a', 'b', 'c'], line: 1 },
			{ cells: ['x, y', 'say "hi"', 'two\r\nlines'], line: 2 },
			{ cells: ['plain', '', 'last'], line: 5 },
			{ cells: ['q'], line: 6 },
		];
		expect(parse([text]).records).toEqual(expected);
		// Same result however the text is cut.
		for (let cut = 1; cut < text.length; cut++)
			expect(parse([text.slice(0, cut), text.slice(cut)]).records).toEqual(expected);
		expect(parse(text.split('')).records).toEqual(expected);
	});

	it('reports an unclosed quote with the line it starts on', () => {
		expect(parse(['a\n"b,c\nd']).unclosedQuoteAt).toBe(2);
	});

	it('takes another delimiter', () => {
		expect(parse(['a\tb\n1\t"2\t3"\n'], '\t').records).toEqual([
			{ cells: ['a', 'b'], line: 1 },
			{ cells: ['1', '2\t3'], line: 2 },
		]);
	});
});

describe('no secrets', () => {
	itLeaksNoSecrets(() => [
		s.sim.clientSecret,
		String(s.h.credentials.store.get('cred-1')?.data.accessToken ?? s.sim.clientSecret),
	]);
});
