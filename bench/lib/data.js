// Deterministic bench data, shared by the workflows (as the source of a Code node) and the floor script, so that
// every contender sends the same inventory updates. Plain CommonJS; measurement only, never part of the package.
'use strict';

/**
 * One SKU's inventory update, as DSCO's ItemInventory (what /inventory/batch/small and /inventory/singleItem take):
 * a SKU the simulator seeds (SIM-SKU-0001 …), two warehouses, the total and the status that goes with it.
 * Kept as source text: it is pasted into n8n Code nodes.
 */
const INVENTORY_ITEM_SOURCE = `function inventoryItem(i) {
	const q1 = (i * 7) % 50;
	const q2 = (i * 13 + 5) % 40;
	return {
		sku: 'SIM-SKU-' + String(i + 1).padStart(4, '0'),
		status: q1 + q2 > 0 ? 'in-stock' : 'out-of-stock',
		quantityAvailable: q1 + q2,
		warehouses: [
			{ code: 'WH01', quantity: q1 },
			{ code: 'WH02', quantity: q2 },
		],
	};
}`;

// eslint-disable-next-line no-new-func
const inventoryItem = new Function(`${INVENTORY_ITEM_SOURCE}\nreturn inventoryItem;`)();

/** Code node source: `count` inventory updates, SKUs from `from` (0-based), one item each. */
function inventoryCode(from, count) {
	return [
		INVENTORY_ITEM_SOURCE,
		'const out = new Array(' + count + ');',
		'for (let k = 0; k < ' + count + '; k++) out[k] = { json: inventoryItem(' + from + ' + k) };',
		'return out;',
	].join('\n');
}

/** Code node source: `count` items `{ dscoOrderId }` for consecutive DSCO order ids from `firstId`. */
function orderIdsCode(firstId, count) {
	return [
		'const out = new Array(' + count + ');',
		'for (let k = 0; k < ' +
			count +
			'; k++) out[k] = { json: { dscoOrderId: String(' +
			firstId +
			' + k) } };',
		'return out;',
	].join('\n');
}

/** Code node source that packs its input items into arrays of `size` (what a user writes to post arrays). */
function chunkCode(size) {
	return [
		'const all = $input.all();',
		'const out = [];',
		'for (let k = 0; k < all.length; k += ' + size + ') {',
		'\tout.push({ json: { items: all.slice(k, k + ' + size + ').map((item) => item.json) } });',
		'}',
		'return out;',
	].join('\n');
}

module.exports = { INVENTORY_ITEM_SOURCE, inventoryItem, inventoryCode, orderIdsCode, chunkCode };
