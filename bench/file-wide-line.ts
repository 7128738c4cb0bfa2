/**
 * Update From File's reading of a JSON Lines file whose one line holds n warehouses (n = 1k, 4k, 16k, 64k): the file
 * read in 64 KiB pieces as the node reads it, the line checked and built (readInventoryFile), and the ItemInventory
 * serialised as it is uploaded. Prints the median of a few runs per size and the ratio to the size before; a linear
 * reading takes about 4× the time for 4× the warehouses, a quadratic one about 16×. Measurement only; the test
 * (test/unit/inventoryFile.test.ts) checks the same thing by counting work, not time.
 *
 *   node scripts/with-node24.js tsx bench/file-wide-line.ts
 *
 * Settings (environment): BENCH_WIDE_SIZES (1000,4000,16000,64000), BENCH_WIDE_REPEAT (5).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { readInventoryFile, type FileSettings } from '../nodes/Dsco/actions/inventory/fileRows';

const SIZES = (process.env.BENCH_WIDE_SIZES || '1000,4000,16000,64000').split(',').map(Number);
const REPEAT = Math.max(1, Number(process.env.BENCH_WIDE_REPEAT || 5));
const CHUNK_BYTES = 64 * 1024;

const ctx = {
	getNode: () => ({
		id: 'bench',
		name: 'DSCO',
		type: 'n8n-nodes-dsco.dsco',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	}),
} as unknown as IExecuteFunctions;
const settings: FileSettings = {
	format: 'jsonl',
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
	rules: { safetyStock: 1, requireWarehouse: true },
};

function wideLine(n: number): Buffer {
	const warehouses = Array.from({ length: n }, (_, k) => ({
		code: `WH-${k}`,
		quantity: k % 9,
		quantityOnOrder: k % 3,
	}));
	return Buffer.from(`${JSON.stringify({ sku: 'WIDE-1', warehouses, title: 'Wide' })}\n`, 'utf8');
}

async function* pieces(file: Buffer) {
	for (let k = 0; k < file.length; k += CHUNK_BYTES) yield file.subarray(k, k + CHUNK_BYTES);
}

async function once(file: Buffer): Promise<number> {
	const started = performance.now();
	let bytes = 0;
	for await (const row of readInventoryFile(ctx, 0, pieces(file), settings)) {
		if (!row.ok) throw row.error;
		bytes += Buffer.byteLength(`${JSON.stringify(row.entry)}\n`);
	}
	if (bytes === 0) throw new Error('nothing read');
	return performance.now() - started;
}

async function main() {
	console.log(
		`Update From File, one JSON line of n warehouses, read in ${CHUNK_BYTES / 1024} KiB pieces (median of ${REPEAT}), Node ${process.version}`,
	);
	let before: number | undefined;
	for (const n of SIZES) {
		const file = wideLine(n);
		await once(file); // warm-up
		const times: number[] = [];
		for (let r = 0; r < REPEAT; r++) times.push(await once(file));
		times.sort((a, b) => a - b);
		const ms = times[Math.floor(times.length / 2)];
		const ratio = before === undefined ? '' : `  (${(ms / before).toFixed(1)}× the size before)`;
		console.log(
			`${n.toLocaleString('en').padStart(7)} warehouses  ${(file.length / 1024).toFixed(0).padStart(5)} KiB  ${ms.toFixed(1).padStart(8)} ms${ratio}`,
		);
		before = ms;
	}
}

main().catch((e: Error) => {
	console.error(e.stack ?? String(e));
	process.exit(1);
});
